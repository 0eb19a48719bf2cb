package org.metricflow.nn.metric;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.features.FeatureMap;

/**
 * Ambient Hermitian forms H<sub>i j̄</sub> on C<sup>m</sup> (m = n + 1 homogeneous coordinates) as differentiable
 * Tensors, and their pullback to a variety with the point set's Jacobian P<sub>a j</sub> =
 * ∂z<sub>j</sub>/∂x<sub>a</sub> ({@link PointSet#jacobians()}). An ambient form is held in a {@link HermitianMetric} of
 * dimension m (re and im parts N×m², entry (i, j) in column i·m + j).
 *
 * <p>Why ambient: the local coordinates x<sub>a</sub> of a {@link PointSet} differ from point to point (patch and
 * eliminated coordinates), so a network that output local components directly would write them in an arbitrary,
 * point-dependent frame. A network output H(z) in the fixed frame dz<sup>0</sup>…dz<sup>n</sup> is instead pulled
 * back to X. The plain pullback g = P H P<sup>†</sup> ({@link #pullback}) is one tensor on X, independent of the chart
 * in which the point is written, only when H is homogeneous of degree (−1, −1) in z and annihilates the Euler
 * direction (Σ<sub>i</sub> z<sub>i</sub> H<sub>i j̄</sub> = 0), as the Fubini–Study form
 * G = (1/2π)(δ − z̄ z<sup>T</sup>/|z|²)/|z|² does. A network output on degree-0 invariant features does neither (the
 * transition loss of the flow module measures its P H P<sup>†</sup> as different tensors in different charts), so
 * the network parts of the ansätze are pulled back horizontally ({@link #horizontalPullback}):
 * <pre>
 *   g = P H_eff P†,   H_eff = Π H Π / |z|²,   Π_{ij} = δ_ij − z̄_i z_j/|z|²   (Π Hermitian, Π² = Π, zᵀΠ = 0),
 * </pre>
 * which is a tensor on X for every H that is a function of the point of CP<sup>n</sup> (invariant under z → λz),
 * and positive definite on X whenever H is positive definite (proofs at {@link #horizontalPullback}). For H = I/2π,
 * H<sub>eff</sub> = G: Fubini–Study is the horizontal pullback of a constant. Where two coordinates tie for the
 * largest modulus the two patch-normalized representatives differ by a phase e<sup>iα</sup>, which multiplies P by
 * e<sup>iα</sup> and cancels in P H<sub>eff</sub> P<sup>†</sup>, while Π and |z| do not change; so with
 * phase-invariant features ({@link FeatureMap#HERMITIAN_INVARIANTS}) the pullback is continuous across patch changes.
 * With features that are not functions on CP<sup>n</sup> (such as {@link FeatureMap#PATCH_COORDINATES}) H itself
 * differs between charts and no projection can help.
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
     * The plain pullback g = P H P<sup>†</sup> of ambient forms to the points' local coordinates, differentiable in H:
     * with P = P<sub>r</sub> + iP<sub>i</sub> (constants) and T = P H,
     * <pre>
     *   Re T = P_r A − P_i B,   Im T = P_r B + P_i A,
     *   Re g = Re T P_rᵀ + Im T P_iᵀ,   Im g = Im T P_rᵀ − Re T P_iᵀ.
     * </pre>
     * Same as {@code KahlerMetrics.pullback} on plain arrays. The result is one tensor on X (independent of the
     * points' charts) only if H is homogeneous of degree (−1, −1) and annihilates the Euler direction, as the
     * Fubini–Study form {@link #fubiniStudy} does; for any other H use {@link #horizontalPullback}.
     *
     * @param points the points (N of them, dimension d, m coordinates)
     * @param ambient N (or 1, shared) ambient m×m forms
     * @return N d×d Hermitian metrics
     */
    public static HermitianMetric pullback(PointSet points, HermitianMetric ambient) {
        Objects.requireNonNull(points, "points");
        requireAmbient(points, ambient, "pullback");
        return congruence(points.jacobians(), points.size(), points.dimension(), points.coordinateCount(), ambient);
    }

    /**
     * The chart-independent pullback of an arbitrary ambient Hermitian form H (for instance a network's output on
     * invariant features), differentiable in H:
     * <pre>
     *   g = P Π H Π P† / |z|² = Q H Q†,   Π_{ij} = δ_ij − z̄_i z_j/|z|²,   Q = P Π/|z|  ({@link #horizontalJacobians}),
     * </pre>
     * that is, the plain pullback of the horizontal form H<sub>eff</sub> = Π H Π/|z|²
     * ({@link #horizontalProjection}). Π is the Hermitian projector that removes the Euler direction
     * (Σ<sub>i</sub> z<sub>i</sub> Π<sub>ij</sub> = 0), and the factor 1/|z|² makes H<sub>eff</sub> homogeneous of
     * degree (−1, −1) when H is invariant under z → λz.
     *
     * <p><b>Why this is a tensor on X.</b> Take a second representative z' = z/μ of the same points (another patch, μ =
     * z<sub>q</sub>) with local coordinates y and T<sub>a'a</sub> = ∂x<sub>a</sub>/∂y<sub>a'</sub>. Differentiating
     * z' = z(x(y))/μ(y) gives P' = T P/μ − c z<sup>T</sup>/μ² (c<sub>a'</sub> = ∂μ/∂y<sub>a'</sub>), and the second
     * term is killed by Π: P'Π = T P Π/μ. With |z'|² = |z|²/|μ|² and H(z') = H(z) (invariant features),
     * g' = P'ΠHΠP'†/|z'|² = T g T<sup>†</sup>: the metrics of the two charts are the same tensor. Without Π (or without
     * 1/|z|²) the leftover terms c z<sup>T</sup>H… (and the factor |μ|²) survive, which is why the raw P H P† of a
     * network output is chart-dependent.
     *
     * <p><b>Positivity.</b> v Q = 0 for a row vector v ∈ C<sup>d</sup> means that v P is a multiple of z; but v P is
     * the lift of the tangent vector v to the chart and the chart is an immersion into CP<sup>n</sup> (whose tangent
     * space is C<sup>m</sup>/C·z), so v = 0. Hence Q has rank d, and g = Q H Q† is positive definite on X whenever H is
     * positive definite on C<sup>m</sup>, with v g v† ≥ λ<sub>min</sub>(H) |vQ|².
     *
     * @param points the points (N of them, dimension d, m coordinates)
     * @param ambient N (or 1, shared) ambient m×m forms
     * @return N d×d Hermitian metrics
     */
    public static HermitianMetric horizontalPullback(PointSet points, HermitianMetric ambient) {
        Objects.requireNonNull(points, "points");
        requireAmbient(points, ambient, "horizontalPullback");
        return congruence(horizontalJacobians(points), points.size(), points.dimension(), points.coordinateCount(),
                ambient);
    }

    /**
     * The horizontal projection H<sub>eff</sub> = Π H Π/|z|² of ambient forms, m×m per point, differentiable in H
     * (Π<sub>ij</sub> = δ<sub>ij</sub> − z̄<sub>i</sub> z<sub>j</sub>/|z|², see {@link #horizontalPullback}): Hermitian
     * when H is, Σ<sub>i</sub> z<sub>i</sub> (H<sub>eff</sub>)<sub>ij</sub> = 0, and its plain {@link #pullback} equals
     * {@link #horizontalPullback} of H. For H = I/2π it is the ambient Fubini–Study form {@link #fubiniStudy}.
     *
     * @param points the points (N of them, m coordinates)
     * @param ambient N (or 1, shared) ambient m×m forms
     * @return N m×m Hermitian forms
     */
    public static HermitianMetric horizontalProjection(PointSet points, HermitianMetric ambient) {
        Objects.requireNonNull(points, "points");
        requireAmbient(points, ambient, "horizontalProjection");
        int n = points.size();
        int m = points.coordinateCount();
        double[] z = points.coordinates();
        double[] q = new double[2 * n * m * m]; // Π/|z| as an m×m "Jacobian" per point
        for (int p = 0; p < n; p++) {
            double norm2 = 0;
            for (int j = 0; j < m; j++) {
                norm2 += z[2 * (p * m + j)] * z[2 * (p * m + j)] + z[2 * (p * m + j) + 1] * z[2 * (p * m + j) + 1];
            }
            double inv = 1.0 / norm2;
            double invNorm = 1.0 / Math.sqrt(norm2);
            for (int i = 0; i < m; i++) {
                double xi = z[2 * (p * m + i)];
                double yi = z[2 * (p * m + i) + 1];
                for (int j = 0; j < m; j++) {
                    double xj = z[2 * (p * m + j)];
                    double yj = z[2 * (p * m + j) + 1];
                    // Π_ij = δ_ij − z̄_i z_j/|z|², z̄_i z_j = (xi xj + yi yj) + i (xi yj − yi xj)
                    int o = 2 * ((p * m + i) * m + j);
                    q[o] = ((i == j ? 1.0 : 0.0) - (xi * xj + yi * yj) * inv) * invNorm;
                    q[o + 1] = -(xi * yj - yi * xj) * inv * invNorm;
                }
            }
        }
        return congruence(q, n, m, m, ambient);
    }

    /**
     * The horizontal Jacobians Q = P Π/|z| (interleaved complex, 2·N·d·m, entry (p, a, j) at 2·((p·d + a)·m + j)):
     * <pre>
     *   Q_{a j} = (P_{a j} − w_a z_j/|z|²)/|z|,   w_a = Σ_k P_{a k} z̄_k,
     * </pre>
     * with P the point set's {@link PointSet#jacobians()} and z its coordinates. w<sub>a</sub> is the component of the
     * chart's tangent vector ∂z/∂x<sub>a</sub> along the Euler direction z; for the patch charts (z<sub>p</sub> = 1
     * fixed) it is in general nonzero, and Q removes it. Q has rank d (see {@link #horizontalPullback}).
     */
    public static double[] horizontalJacobians(PointSet points) {
        Objects.requireNonNull(points, "points");
        int n = points.size();
        int d = points.dimension();
        int m = points.coordinateCount();
        double[] z = points.coordinates();
        double[] q = points.jacobians();
        for (int p = 0; p < n; p++) {
            double norm2 = 0;
            for (int j = 0; j < m; j++) {
                norm2 += z[2 * (p * m + j)] * z[2 * (p * m + j)] + z[2 * (p * m + j) + 1] * z[2 * (p * m + j) + 1];
            }
            double inv = 1.0 / norm2;
            double invNorm = 1.0 / Math.sqrt(norm2);
            for (int a = 0; a < d; a++) {
                int row = 2 * (p * d + a) * m;
                double wr = 0;
                double wi = 0;
                for (int k = 0; k < m; k++) { // w = Σ P_ak z̄_k
                    double pr = q[row + 2 * k];
                    double pi = q[row + 2 * k + 1];
                    double xr = z[2 * (p * m + k)];
                    double xi = z[2 * (p * m + k) + 1];
                    wr += pr * xr + pi * xi;
                    wi += pi * xr - pr * xi;
                }
                wr *= inv;
                wi *= inv;
                for (int j = 0; j < m; j++) {
                    double xr = z[2 * (p * m + j)];
                    double xi = z[2 * (p * m + j) + 1];
                    q[row + 2 * j] = (q[row + 2 * j] - (wr * xr - wi * xi)) * invNorm;
                    q[row + 2 * j + 1] = (q[row + 2 * j + 1] - (wr * xi + wi * xr)) * invNorm;
                }
            }
        }
        return q;
    }

    /**
     * The congruence Q H Q<sup>†</sup> per point, differentiable in H: for N points, a constant complex d×m matrix Q
     * per point (interleaved row-major, 2·N·d·m doubles, point-major) and a Hermitian form H of size m (N rows, or
     * one row shared by all points), the d×d Hermitian forms (Q H Q<sup>†</sup>)<sub>ab</sub> =
     * Σ<sub>ij</sub> Q<sub>ai</sub> H<sub>ij</sub> conj(Q<sub>bj</sub>) (a pullback when Q is a Jacobian, a change of
     * chart when Q is the chart-change matrix).
     *
     * @param jac the matrices Q
     * @param n the number of points N
     * @param d the rows of Q (the size of the result)
     * @param m the columns of Q (the size of H)
     * @param ambient H
     * @return Q H Q<sup>†</sup>, N rows of d×d
     */
    public static HermitianMetric congruence(double[] jac, int n, int d, int m, HermitianMetric ambient) {
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

    private static void requireAmbient(PointSet points, HermitianMetric ambient, String what) {
        Objects.requireNonNull(ambient, "ambient");
        int n = points.size();
        int m = points.coordinateCount();
        if (ambient.dimension() != m || (ambient.points() != n && ambient.points() != 1)) {
            throw new IllegalArgumentException(what + ": need " + n + " (or 1) ambient " + m + "×" + m
                    + " forms for " + n + " points in CP^" + (m - 1) + ", got " + ambient.points() + " of size "
                    + ambient.dimension());
        }
    }

    /**
     * The network inputs of the points: the features f(z) ({@link FeatureMap#apply}) of the patch-normalized
     * homogeneous coordinates, an N×F constant.
     *
     * @param features the input features
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

    /** |z|² of the points' (patch-normalized) homogeneous coordinates, an N×1 constant. */
    static Tensor normSquared(PointSet points) {
        int n = points.size();
        int m = points.coordinateCount();
        double[] z = points.coordinates();
        double[] out = new double[n];
        for (int p = 0; p < n; p++) {
            for (int j = 0; j < 2 * m; j++) {
                out[p] += z[2 * p * m + j] * z[2 * p * m + j];
            }
        }
        return Tensor.constant(n, 1, out);
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
