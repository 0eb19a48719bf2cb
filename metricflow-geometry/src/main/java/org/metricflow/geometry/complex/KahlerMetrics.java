package org.metricflow.geometry.complex;

import org.metricflow.core.linalg.internal.SmallComplexMatrices;
import org.metricflow.geometry.complex.internal.PointGeometry;


/**
 * Kähler metrics on a variety X in the local coordinates of a {@link PointSet}, batched over its points.
 *
 * <p>An ambient Hermitian form H<sub>i j̄</sub> on C<sup>n+1</sup> (e.g. ∂<sub>i</sub>∂̄<sub>j</sub> of any Kähler
 * potential on homogeneous coordinates) pulls back to X as g<sub>a b̄</sub> = Σ<sub>i,j</sub> P<sub>a i</sub>
 * H<sub>i j̄</sub> conj(P<sub>b j</sub>), i.e. g = P H P<sup>†</sup>, with the pullback Jacobian
 * P<sub>a i</sub> = ∂z<sub>i</sub>/∂x<sub>a</sub> of the point set. The result is the metric in the local
 * coordinates x<sub>a</sub> of each point (see {@link PointSet#localCoordinate}).
 *
 * <p>Layouts (interleaved complex, row-major): ambient forms {@code [2((p·m + i)·m + j)]}, metrics on X
 * {@code [2((p·d + a)·d + b)]}, determinants one double per point.
 */
public final class KahlerMetrics {
    private KahlerMetrics() {
    }

    /**
     * The Fubini–Study metric on X at every point: g = P G P<sup>†</sup> with G<sub>i j̄</sub> =
     * (1/2π)(δ<sub>ij</sub>/|z|² − z̄<sub>i</sub>z<sub>j</sub>/|z|⁴); computed as
     * g<sub>a b̄</sub> = (1/2π)[(PP<sup>†</sup>)<sub>ab</sub>/|z|² − u<sub>a</sub>ū<sub>b</sub>/|z|⁴], u = P z̄, by the
     * library's one implementation of this pullback (per factor block of a product of projective spaces).
     *
     * @return 2·N·d·d doubles
     */
    public static double[] fubiniStudy(PointSet points) {
        return fubiniStudy(points, new double[2 * points.size() * points.dimension() * points.dimension()]);
    }

    /**
     * {@link #fubiniStudy(PointSet)} written into {@code out} (at least 2·N·d·d doubles; a workspace reused across
     * training steps). On a variety in a product of projective spaces (or with Kähler moduli t ≠ 1) this is its
     * reference metric Σ t<sub>i</sub> g<sub>i</sub> (see {@link ProjectiveVariety}).
     *
     * @param out the output array, reused across calls
     * @return {@code out}
     * @throws IllegalArgumentException if {@code out} is too short
     */
    public static double[] fubiniStudy(PointSet points, double[] out) {
        int count = points.size();
        int m = points.coordinateCount();
        int d = points.dimension();
        if (out.length < 2L * count * d * d) {
            throw new IllegalArgumentException("Fubini–Study metric of " + count + " points in dimension " + d
                    + " needs " + 2L * count * d * d + " doubles, the output array has " + out.length);
        }
        double[] z = points.coordsView();
        double[] jac = points.jacobianView();
        double[] u = new double[2 * d];
        // Σ t_i g_i, one term per factor block (one term with t = 1 on a variety in CP^n)
        ProjectiveVariety v = points.variety();
        int[] starts = v.factorStarts();
        double[] t = v.kahlerModuli();
        java.util.Arrays.fill(out, 0, 2 * count * d * d, 0.0);
        for (int p = 0; p < count; p++) {
            for (int i = 0; i < t.length; i++) {
                PointGeometry.addFactorMetric(z, 2 * p * m, jac, 2 * p * d * m, d, m, starts[i], starts[i + 1], t[i],
                        out, 2 * p * d * d, u);
            }
        }
        return out;
    }

    /**
     * Pulls back an ambient Hermitian form given per point (2·N·m·m doubles) to X: g = P H P<sup>†</sup>.
     *
     * @return 2·N·d·d doubles
     */
    public static double[] pullback(PointSet points, double[] ambient) {
        double[] out = new double[2 * points.size() * points.dimension() * points.dimension()];
        pullback(points, ambient, out);
        return out;
    }

    /**
     * {@link #pullback(PointSet, double[])} into {@code out}.
     *
     * @param out the output array, reused across calls
     */
    public static void pullback(PointSet points, double[] ambient, double[] out) {
        int count = points.size();
        int m = points.coordinateCount();
        int d = points.dimension();
        if (ambient.length != 2L * count * m * m) {
            throw new IllegalArgumentException("ambient metrics: expected " + 2L * count * m * m + " doubles ("
                    + count + " points × " + m + "×" + m + " complex), got " + ambient.length);
        }
        if (out.length != 2L * count * d * d) {
            throw new IllegalArgumentException("out: expected " + 2L * count * d * d + " doubles, got " + out.length);
        }
        double[] jac = points.jacobianView();
        double[] t = new double[2 * d * m]; // T = P H
        for (int p = 0; p < count; p++) {
            int jOff = 2 * p * d * m;
            SmallComplexMatrices.multiply(d, m, m, jac, jOff, ambient, 2 * p * m * m, t, 0);
            SmallComplexMatrices.multiplyAdjoint(d, m, d, t, 0, jac, jOff, out, 2 * p * d * d);
        }
    }

    /**
     * det g of N Hermitian d×d matrices (2·N·d·d doubles): closed forms for d ≤ 3, complex LU otherwise.
     *
     * @return N doubles
     */
    public static double[] determinants(int d, double[] metrics, int count) {
        if (d < 1) {
            throw new IllegalArgumentException("matrix size d must be >= 1, got " + d);
        }
        if (metrics.length < 2L * count * d * d) {
            throw new IllegalArgumentException("metrics: expected " + 2L * count * d * d + " doubles for " + count
                    + " Hermitian " + d + "×" + d + " matrices, got " + metrics.length);
        }
        double[] out = new double[count];
        double[] scratch = new double[2 * d * d];
        for (int p = 0; p < count; p++) {
            out[p] = SmallComplexMatrices.hermitianDeterminant(d, metrics, 2 * p * d * d, scratch);
        }
        return out;
    }
}
