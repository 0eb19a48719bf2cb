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
     * g<sub>a b̄</sub> = (1/2π)[(PP<sup>†</sup>)<sub>ab</sub>/|z|² − u<sub>a</sub>ū<sub>b</sub>/|z|⁴], u = P z̄.
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
        ProjectiveVariety v = points.variety();
        if (v.factorCount() > 1 || v.kahlerModuli()[0] != 1.0) {
            // the reference metric Σ t_i g_i of a product of projective spaces (one term per factor block)
            int[] starts = v.factorStarts();
            double[] t = v.kahlerModuli();
            java.util.Arrays.fill(out, 0, 2 * count * d * d, 0.0);
            for (int p = 0; p < count; p++) {
                for (int i = 0; i < t.length; i++) {
                    PointGeometry.addFactorMetric(z, 2 * p * m, jac, 2 * p * d * m, d, m, starts[i], starts[i + 1],
                            t[i], out, 2 * p * d * d, u);
                }
            }
            return out;
        }
        for (int p = 0; p < count; p++) {
            int zOff = 2 * p * m;
            int jOff = 2 * p * d * m;
            double norm2 = 0.0;
            for (int j = 0; j < 2 * m; j++) {
                norm2 += z[zOff + j] * z[zOff + j];
            }
            double i1 = 1.0 / (2.0 * Math.PI * norm2);
            double i2 = i1 / norm2;
            for (int a = 0; a < d; a++) {
                double ur = 0.0;
                double ui = 0.0;
                for (int j = 0; j < m; j++) {
                    double pr = jac[jOff + 2 * (a * m + j)];
                    double pi = jac[jOff + 2 * (a * m + j) + 1];
                    double xr = z[zOff + 2 * j];
                    double xi = -z[zOff + 2 * j + 1];
                    ur += pr * xr - pi * xi;
                    ui += pr * xi + pi * xr;
                }
                u[2 * a] = ur;
                u[2 * a + 1] = ui;
            }
            int o = 2 * p * d * d;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    double sr = 0.0;
                    double si = 0.0;
                    for (int j = 0; j < m; j++) {
                        double pr = jac[jOff + 2 * (a * m + j)];
                        double pi = jac[jOff + 2 * (a * m + j) + 1];
                        double qr = jac[jOff + 2 * (b * m + j)];
                        double qi = -jac[jOff + 2 * (b * m + j) + 1];
                        sr += pr * qr - pi * qi;
                        si += pr * qi + pi * qr;
                    }
                    double ar = u[2 * a];
                    double ai = u[2 * a + 1];
                    double br = u[2 * b];
                    double bi = -u[2 * b + 1];
                    out[o + 2 * (a * d + b)] = sr * i1 - (ar * br - ai * bi) * i2;
                    out[o + 2 * (a * d + b) + 1] = si * i1 - (ar * bi + ai * br) * i2;
                }
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
