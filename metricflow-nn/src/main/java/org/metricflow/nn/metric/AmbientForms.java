package org.metricflow.nn.metric;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.FeatureMap;
import org.metricflow.geometry.complex.PointSet;

/**
 * Ambient Hermitian forms H<sub>i j̄</sub> on C<sup>m</sup> (m = n + 1 homogeneous coordinates) as differentiable
 * Tensors, and their pullback to a variety, g<sub>a b̄</sub> = Σ<sub>ij</sub> P<sub>a i</sub> H<sub>i j̄</sub>
 * conj(P<sub>b j</sub>), i.e. g = P H P<sup>†</sup> with the point set's Jacobian P<sub>a j</sub> =
 * ∂z<sub>j</sub>/∂x<sub>a</sub> ({@link PointSet#jacobians()}). An ambient form is held in a
 * {@link HermitianMetric} of dimension m (re and im parts N×m², entry (i, j) in column i·m + j).
 *
 * <p>Why ambient: the local coordinates x<sub>a</sub> of a {@link PointSet} differ from point to point (patch and
 * eliminated coordinates), so a network that output local components directly would write them in an arbitrary,
 * point-dependent frame. A network output H(z) in the fixed frame dz<sup>0</sup>…dz<sup>n</sup>, pulled back with
 * P, is instead one tensor on X (the construction of cymetric). Points are normalized so that their largest
 * coordinate is 1; where two coordinates tie, the two representatives differ by a phase e<sup>iα</sup>, which
 * multiplies P by e<sup>iα</sup> and cancels in P H P<sup>†</sup> when H depends on phase-invariant features
 * ({@link FeatureMap#HERMITIAN_INVARIANTS}). So the pullback is continuous across patch changes.
 */
public final class AmbientForms {

    private AmbientForms() {
    }

    /**
     * The m² independent real components of an ambient Hermitian matrix as a Hermitian form: with the raw output R
     * (N×m², entry (i, j) in column i·m + j), H = A + iB with
     * <pre>
     *   A_ij = A_ji = R_ij (i ≤ j),   B_ij = −B_ji = R_ji (i &lt; j),   B_ii = 0,
     * </pre>
     * so A is symmetric, B antisymmetric, and every raw column is used exactly once (the upper triangle and
     * diagonal give the real parts, the strict lower triangle the imaginary parts).
     *
     * @param raw N×m² raw network outputs
     * @param m the matrix size
     * @return the m² independent real components of an ambient Hermitian matrix as a Hermitian form: with the raw
     *     output R (N×m², entry (i, j) in column i·m + j), H = A + iB with <pre> A_ij = A_ji = R_ij (i ≤ j), B_ij =
     *     −B_ji = R_ji (i &lt; j), B_ii = 0, </pre> so A is symmetric, B antisymmetric, and every raw column is used
     *     exactly once (the upper triangle and diagonal give the real parts, the strict lower triangle the imaginary
     *     parts)
     */
    public static HermitianMetric hermitianFromComponents(Tensor raw, int m) {
        Objects.requireNonNull(raw, "raw");
        requireColumns(raw, m, m * m, "hermitianFromComponents");
        int[] re = new int[m * m];
        int[] im = new int[m * m];
        int zero = 2 * m * m; // the zero column appended below
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                re[i * m + j] = i <= j ? i * m + j : j * m + i;
                if (i < j) {
                    im[i * m + j] = j * m + i;          // B_ij = R_ji
                } else if (i > j) {
                    im[i * m + j] = m * m + i * m + j;  // B_ij = −B_ji = −R_ij (from −R)
                } else {
                    im[i * m + j] = zero;
                }
            }
        }
        Tensor extended = Tensor.concatCols(raw, raw.neg(), Tensor.zeros(raw.rows(), 1));
        return new HermitianMetric(m, raw.selectCols(re), extended.selectCols(im));
    }

    /**
     * A positive-definite Hermitian form H = L L<sup>†</sup> + ε I from a complex lower-triangular Cholesky factor
     * L built from the m² raw outputs R (N×m²): the diagonal L<sub>ii</sub> = softplus(R<sub>ii</sub>) &gt; 0 (real),
     * and for i &gt; j Re L<sub>ij</sub> = R<sub>ij</sub>, Im L<sub>ij</sub> = R<sub>ji</sub>. With
     * L = L<sub>r</sub> + i L<sub>i</sub>: Re H = L<sub>r</sub>L<sub>r</sub><sup>T</sup> + L<sub>i</sub>L<sub>i</sub><sup>T</sup> + εI,
     * Im H = L<sub>i</sub>L<sub>r</sub><sup>T</sup> − L<sub>r</sub>L<sub>i</sub><sup>T</sup>. For ε &gt; 0,
     * v<sup>†</sup>Hv = |L<sup>†</sup>v|² + ε|v|² &gt; 0 for every v ≠ 0.
     *
     * @param raw N×m² raw network outputs
     * @param m the matrix size
     * @param epsilon ε ≥ 0
     * @return a positive-definite Hermitian form H = L L<sup>†</sup> + ε I from a complex lower-triangular Cholesky
     *     factor L built from the m² raw outputs R (N×m²): the diagonal L<sub>ii</sub> = softplus(R<sub>ii</sub>)
     *     &gt; 0 (real), and for i &gt; j Re L<sub>ij</sub> = R<sub>ij</sub>, Im L<sub>ij</sub> = R<sub>ji</sub>
     */
    public static HermitianMetric choleskyProduct(Tensor raw, int m, double epsilon) {
        Objects.requireNonNull(raw, "raw");
        requireColumns(raw, m, m * m, "choleskyProduct");
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("choleskyProduct: ε must be finite and ≥ 0, got " + epsilon);
        }
        int[] diag = new int[m];
        for (int i = 0; i < m; i++) {
            diag[i] = i * m + i;
        }
        // columns: raw (m²), softplus of the diagonal (m), zero (1)
        Tensor extended = Tensor.concatCols(raw, raw.selectCols(diag).softplus(), Tensor.zeros(raw.rows(), 1));
        int zero = m * m + m;
        int[] lr = new int[m * m];
        int[] li = new int[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i > j) {
                    lr[i * m + j] = i * m + j;
                    li[i * m + j] = j * m + i;
                } else if (i == j) {
                    lr[i * m + j] = m * m + i;
                    li[i * m + j] = zero;
                } else {
                    lr[i * m + j] = zero;
                    li[i * m + j] = zero;
                }
            }
        }
        Tensor lRe = extended.selectCols(lr);
        Tensor lIm = extended.selectCols(li);
        Tensor lReT = lRe.batchTranspose();
        Tensor lImT = lIm.batchTranspose();
        Tensor re = lRe.batchMatmul(lReT).plus(lIm.batchMatmul(lImT));
        if (epsilon > 0) {
            re = re.plus(identityRow(m).times(epsilon));
        }
        Tensor im = lIm.batchMatmul(lReT).minus(lRe.batchMatmul(lImT));
        return new HermitianMetric(m, re, im);
    }

    /**
     * The ambient Fubini–Study form at the points' (patch-normalized) homogeneous coordinates, as constants:
     * G<sub>i j̄</sub> = (1/2π)(δ<sub>ij</sub>/|z|² − z̄<sub>i</sub> z<sub>j</sub>/|z|⁴); its pullback is the
     * Fubini–Study metric of X ({@code KahlerMetrics.fubiniStudy}).
     *
     * @param points the points
     * @return the ambient Fubini–Study form at the points' (patch-normalized) homogeneous coordinates, as constants:
     *     G<sub>i j̄</sub> = (1/2π)(δ<sub>ij</sub>/|z|² − z̄<sub>i</sub> z<sub>j</sub>/|z|⁴); its pullback is the
     *     Fubini–Study metric of X ({@code KahlerMetrics.fubiniStudy})
     */
    public static HermitianMetric fubiniStudy(PointSet points) {
        Objects.requireNonNull(points, "points");
        int n = points.size();
        int m = points.coordinateCount();
        double[] z = points.coordinates();
        DMatrixRMaj re = new DMatrixRMaj(n, m * m);
        DMatrixRMaj im = new DMatrixRMaj(n, m * m);
        double c = 1.0 / (2.0 * Math.PI);
        for (int p = 0; p < n; p++) {
            double norm2 = 0;
            for (int j = 0; j < m; j++) {
                double x = z[2 * (p * m + j)];
                double y = z[2 * (p * m + j) + 1];
                norm2 += x * x + y * y;
            }
            double inv = 1.0 / norm2;
            double inv2 = inv * inv;
            int o = p * m * m;
            for (int i = 0; i < m; i++) {
                double xi = z[2 * (p * m + i)];
                double yi = z[2 * (p * m + i) + 1];
                for (int j = 0; j < m; j++) {
                    double xj = z[2 * (p * m + j)];
                    double yj = z[2 * (p * m + j) + 1];
                    // z̄_i z_j = (xi − i yi)(xj + i yj) = (xi xj + yi yj) + i (xi yj − yi xj)
                    re.data[o + i * m + j] = c * ((i == j ? inv : 0.0) - (xi * xj + yi * yj) * inv2);
                    im.data[o + i * m + j] = -c * (xi * yj - yi * xj) * inv2;
                }
            }
        }
        return new HermitianMetric(m, Tensor.constant(re), Tensor.constant(im));
    }

    /**
     * The pullback g = P H P<sup>†</sup> of ambient forms to the points' local coordinates, differentiable in H:
     * with P = P<sub>r</sub> + iP<sub>i</sub> (constants) and T = P H,
     * <pre>
     *   Re T = P_r A − P_i B,   Im T = P_r B + P_i A,
     *   Re g = Re T P_rᵀ + Im T P_iᵀ,   Im g = Im T P_rᵀ − Re T P_iᵀ.
     * </pre>
     * Same as {@code KahlerMetrics.pullback} on plain arrays.
     *
     * @param points the points (N of them, dimension d, m coordinates)
     * @param ambient N (or 1, shared) ambient m×m forms
     * @return N d×d Hermitian metrics
     */
    public static HermitianMetric pullback(PointSet points, HermitianMetric ambient) {
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(ambient, "ambient");
        int n = points.size();
        int d = points.dimension();
        int m = points.coordinateCount();
        if (ambient.dimension() != m || (ambient.points() != n && ambient.points() != 1)) {
            throw new IllegalArgumentException("pullback: need " + n + " (or 1) ambient " + m + "×" + m
                    + " forms for " + n + " points in CP^" + (m - 1) + ", got " + ambient.points() + " of size "
                    + ambient.dimension());
        }
        double[] jac = points.jacobians();
        DMatrixRMaj pr = new DMatrixRMaj(n, d * m);
        DMatrixRMaj pi = new DMatrixRMaj(n, d * m);
        DMatrixRMaj prT = new DMatrixRMaj(n, m * d);
        DMatrixRMaj piT = new DMatrixRMaj(n, m * d);
        for (int p = 0; p < n; p++) {
            for (int a = 0; a < d; a++) {
                for (int j = 0; j < m; j++) {
                    double re = jac[2 * ((p * d + a) * m + j)];
                    double im = jac[2 * ((p * d + a) * m + j) + 1];
                    pr.data[p * d * m + a * m + j] = re;
                    pi.data[p * d * m + a * m + j] = im;
                    prT.data[p * m * d + j * d + a] = re;
                    piT.data[p * m * d + j * d + a] = im;
                }
            }
        }
        Tensor tPr = Tensor.constant(pr);
        Tensor tPi = Tensor.constant(pi);
        Tensor tPrT = Tensor.constant(prT);
        Tensor tPiT = Tensor.constant(piT);
        Tensor a = ambient.re();
        Tensor b = ambient.im();
        Tensor tRe = tPr.batchMatmul(a, d, m, m).minus(tPi.batchMatmul(b, d, m, m));
        Tensor tIm = tPr.batchMatmul(b, d, m, m).plus(tPi.batchMatmul(a, d, m, m));
        Tensor gRe = tRe.batchMatmul(tPrT, d, m, d).plus(tIm.batchMatmul(tPiT, d, m, d));
        Tensor gIm = tIm.batchMatmul(tPrT, d, m, d).minus(tRe.batchMatmul(tPiT, d, m, d));
        return new HermitianMetric(d, gRe, gIm);
    }

    /**
     * The network inputs of the points: the features f(z) ({@link FeatureMap#apply}) of the patch-normalized
     * homogeneous coordinates, an N×F constant.
     *
     * @param points the points
     * @param features the input features
     * @return the network inputs of the points: the features f(z) ({@link FeatureMap#apply}) of the patch-normalized
     *     homogeneous coordinates, an N×F constant
     */
    public static Tensor features(PointSet points, FeatureMap features) {
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(features, "features");
        int n = points.size();
        int m = points.coordinateCount();
        double[] z = points.coordinates();
        DMatrixRMaj xy = new DMatrixRMaj(n, 2 * m);
        for (int p = 0; p < n; p++) {
            for (int j = 0; j < m; j++) {
                xy.data[p * 2 * m + j] = z[2 * (p * m + j)];
                xy.data[p * 2 * m + m + j] = z[2 * (p * m + j) + 1];
            }
        }
        Tensor f = Autodiff.noGrad(() -> features.apply(Tensor.constant(xy), m));
        return Tensor.constant(f.value());
    }

    static Tensor identityRow(int m) {
        DMatrixRMaj eye = new DMatrixRMaj(1, m * m);
        for (int i = 0; i < m; i++) {
            eye.data[i * m + i] = 1.0;
        }
        return Tensor.constant(eye);
    }

    private static void requireColumns(Tensor raw, int m, int cols, String what) {
        if (m < 1 || raw.cols() != cols) {
            throw new IllegalArgumentException(what + ": need N×" + cols + " raw components for " + m + "×" + m
                    + " matrices, got " + raw.rows() + "×" + raw.cols() + " (set the network's outputs to " + cols
                    + ")");
        }
    }
}
