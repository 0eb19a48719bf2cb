package org.metricflow.geometry.algebraic;

import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.metricflow.geometry.complex.PointSet;

/**
 * Donaldson's T-operator and its fixed-point iteration to the balanced metric of degree k on a variety X, by
 * Monte-Carlo integration over a {@link PointSet} with its Ω-measure weights.
 *
 * <h2>Index convention</h2>
 * A positive Hermitian N×N matrix H defines S(z) = s<sup>†</sup>Hs = Σ<sub>αβ</sub> s̄<sub>α</sub>H<sub>αβ</sub>s<sub>β</sub>
 * and the potential K = (1/(2πk)) log S ({@link AlgebraicPotential}). (In Donaldson's notation
 * K = log Σ h<sup>αβ̄</sup>s<sub>α</sub>s̄<sub>β</sub>, i.e. H<sub>βα</sub> = h<sup>αβ̄</sup>.) The T-operator is
 * <blockquote>T(H)<sub>αβ</sub> = (N/Vol<sub>Ω</sub>) ∫<sub>X</sub> s<sub>α</sub> s̄<sub>β</sub> / S dVol<sub>Ω</sub>,<br>
 *   i.e. T(H) = (N/Vol<sub>Ω</sub>) ∫ s s<sup>†</sup>/(s<sup>†</sup>Hs) dVol<sub>Ω</sub>,</blockquote>
 * and H is <em>balanced</em> iff T(H) = H<sup>−1</sup>. The convention is covariant: for new sections s' = As the
 * form H' with s'<sup>†</sup>H's' = s<sup>†</sup>Hs has T'(H') = A T(H) A<sup>†</sup>, so the balance equation is
 * basis independent. Always tr(H T(H)) = N (the integrand of the trace is S/S), so at the fixed point no
 * rescaling is needed.
 *
 * <h2>Estimator</h2>
 * With the weights w<sub>p</sub> = dVol<sub>Ω</sub>/ω<sub>FS</sub><sup>d</sup> of points sampled from
 * ω<sub>FS</sub><sup>d</sup>: T̂(H) = (N/Σ<sub>p</sub>w<sub>p</sub>) Σ<sub>p</sub> w<sub>p</sub> s<sub>p</sub>s<sub>p</sub><sup>†</sup>/S<sub>p</sub>,
 * which keeps tr(H T̂(H)) = N exactly and T̂(cH) = T̂(H)/c. Computed in chunks of points as real matrix products
 * (EJML): with M the chunk's rows √(w/S)·[Re s, Im s], C = MᵀM gives Re T = C<sub>11</sub> + C<sub>22</sub> and
 * Im T = C<sub>21</sub> − C<sub>12</sub>; S itself comes from M·E(H) with the real embedding E(H) = [[A, −B], [B, A]].
 * Chunks are summed in a fixed order, so results do not depend on the number of threads.
 *
 * <h2>Iteration</h2>
 * H<sub>0</sub> = I (or a given start), H<sub>n+1</sub> = T̂(H<sub>n</sub>)<sup>−1</sup> rescaled to tr = N (the
 * normalization is harmless: T̂(cH)<sup>−1</sup> = c T̂(H)<sup>−1</sup>, so the sequence of rays is that of the plain
 * iteration), inverses by Cholesky. Donaldson proved that the iteration converges to the balanced metric from any
 * start (when it exists, e.g. for X with discrete automorphisms); it stops when the balance residual
 * ‖H<sub>n</sub>T̂(H<sub>n</sub>) − I‖<sub>F</sub>/√N falls below the tolerance, returning that H<sub>n</sub>.
 * For the Monte-Carlo estimate the limit is the balanced metric of the empirical measure; as in the literature,
 * use many more points than N² (e.g. ≥ 10 N²) and evaluate σ on an independent point set.
 */
public final class DonaldsonIteration {
    private static final int CHUNK = 512;
    private static final int GROUPS = 16;

    private final SectionBasis sections;
    private final PointSet points;
    private final double tolerance;
    private final int maxIterations;

    private DonaldsonIteration(SectionBasis sections, PointSet points, double tolerance, int maxIterations) {
        this.sections = sections;
        this.points = points;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    /**
     * The iteration for the given sections, integrating over the given points (tolerance 1e-8, at most 100
     * iterations).
     *
     * @throws IllegalArgumentException if the sections live on a different CP<sup>n</sup> or there are fewer points
     *         than sections (T̂ would be singular)
     */
    public static DonaldsonIteration of(SectionBasis sections, PointSet points) {
        if (sections.coordinateCount() != points.coordinateCount()) {
            throw new IllegalArgumentException("the sections use " + sections.coordinateCount()
                    + " homogeneous coordinates but the points have " + points.coordinateCount());
        }
        if (points.size() < sections.size()) {
            throw new IllegalArgumentException(points.size() + " points cannot determine a " + sections.size() + "×"
                    + sections.size() + " T-operator; use at least 10·N² = " + 10L * sections.size() * sections.size()
                    + " points");
        }
        return new DonaldsonIteration(sections, points, 1e-8, 100);
    }

    /**
     * The same iteration with another stopping tolerance on ‖HT(H) − I‖<sub>F</sub>/√N (must be &gt; 0).
     */
    public DonaldsonIteration withTolerance(double tol) {
        if (!(tol > 0.0)) {
            throw new IllegalArgumentException("tolerance must be > 0, got " + tol);
        }
        return new DonaldsonIteration(sections, points, tol, maxIterations);
    }

    /**
     * The same iteration with another iteration limit (≥ 1).
     */
    public DonaldsonIteration withMaxIterations(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + max);
        }
        return new DonaldsonIteration(sections, points, tolerance, max);
    }

    /**
     * The sections.
     */
    public SectionBasis sections() {
        return sections;
    }

    /**
     * The integration points.
     */
    public PointSet points() {
        return points;
    }

    /**
     * The stopping tolerance.
     */
    public double tolerance() {
        return tolerance;
    }

    /**
     * The iteration limit.
     */
    public int maxIterations() {
        return maxIterations;
    }

    /**
     * T̂(H) = (N/Σw) Σ<sub>p</sub> w<sub>p</sub> s<sub>p</sub>s<sub>p</sub><sup>†</sup>/(s<sub>p</sub><sup>†</sup>Hs<sub>p</sub>).
     *
     * @throws IllegalArgumentException if H has the wrong size
     */
    public HermitianMatrix tOperator(HermitianMatrix h) {
        return tOperatorFromSums(sections.size(), tOperatorSums(sections, points, h));
    }

    /**
     * The partial sums behind {@link #tOperator} over some points (any number, e.g. one partition of a cluster's
     * points; unlike {@link #of} there is no lower bound): the 2N×2N real matrix
     * C = Σ<sub>p</sub> (w<sub>p</sub>/S<sub>p</sub>) [Re s, Im s]<sub>p</sub><sup>T</sup>[Re s, Im s]<sub>p</sub>
     * (row-major, 4N² doubles) followed by Σ<sub>p</sub> w<sub>p</sub> (one double). Sums over disjoint point sets
     * (e.g. the partitions of a cluster) add element by element to the sums of their union, and
     * {@link #tOperatorFromSums} turns them into T̂(H). Chunks are summed in a fixed order.
     *
     * @param sections the sections s<sub>α</sub> (N of them)
     * @param points the points, on the CP<sup>n</sup> of the sections
     * @param h the Hermitian form H (N×N)
     * @return 4N² + 1 doubles: C row-major, then Σw
     * @throws IllegalArgumentException if H has the wrong size or the points another number of coordinates
     */
    public static double[] tOperatorSums(SectionBasis sections, PointSet points, HermitianMatrix h) {
        int n = sections.size();
        if (sections.coordinateCount() != points.coordinateCount()) {
            throw new IllegalArgumentException("the sections use " + sections.coordinateCount()
                    + " homogeneous coordinates but the points have " + points.coordinateCount());
        }
        if (h.size() != n) {
            throw new IllegalArgumentException("H is " + h.size() + "×" + h.size() + " but there are " + n + " sections");
        }
        int count = points.size();
        DMatrixRMaj embedding = h.toRealEmbedding();
        double[] z = points.coordinates();
        double[] w = points.weights();
        int groups = Math.max(1, Math.min(GROUPS, (count + CHUNK - 1) / CHUNK));
        DMatrixRMaj[] partial = IntStream.range(0, groups).parallel()
                .mapToObj(g -> accumulate(sections, z, w, embedding, (int) ((long) count * g / groups),
                        (int) ((long) count * (g + 1) / groups)))
                .toArray(DMatrixRMaj[]::new);
        DMatrixRMaj c = partial[0];
        for (int g = 1; g < groups; g++) {
            CommonOps_DDRM.addEquals(c, partial[g]);
        }
        double wSum = 0.0;
        for (double x : w) {
            wSum += x;
        }
        double[] sums = java.util.Arrays.copyOf(c.data, 4 * n * n + 1);
        sums[4 * n * n] = wSum;
        return sums;
    }

    /**
     * T̂(H) = (N/Σw)·C from the (summed) partial sums of {@link #tOperatorSums}: Re T = C<sub>11</sub> +
     * C<sub>22</sub>, Im T = C<sub>21</sub> − C<sub>12</sub> in N×N blocks of C.
     *
     * @param n the number of sections N
     * @param sums 4N² + 1 doubles: C row-major, then Σw (&gt; 0)
     * @return T̂(H)
     */
    public static HermitianMatrix tOperatorFromSums(int n, double[] sums) {
        if (n < 1 || sums.length != 4 * n * n + 1) {
            throw new IllegalArgumentException("T-operator sums of " + n + " sections hold " + (4L * n * n + 1)
                    + " doubles, got " + sums.length);
        }
        double wSum = sums[4 * n * n];
        if (!(wSum > 0)) {
            throw new IllegalArgumentException("the sum of weights must be positive, got " + wSum);
        }
        double scale = n / wSum;
        int row = 2 * n;
        double[] t = new double[2 * n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                t[2 * (a * n + b)] = scale * (sums[a * row + b] + sums[(a + n) * row + b + n]);
                t[2 * (a * n + b) + 1] = scale * (sums[(a + n) * row + b] - sums[a * row + b + n]);
            }
        }
        return HermitianMatrix.of(n, t);
    }

    private static DMatrixRMaj accumulate(SectionBasis sections, double[] z, double[] w, DMatrixRMaj embedding, int from, int to) {
        int n = sections.size();
        int m = sections.coordinateCount();
        DMatrixRMaj c = new DMatrixRMaj(2 * n, 2 * n);
        int rows = Math.min(CHUNK, Math.max(1, to - from));
        DMatrixRMaj mat = new DMatrixRMaj(rows, 2 * n);
        DMatrixRMaj y = new DMatrixRMaj(rows, 2 * n);
        double[] values = new double[2 * rows * n];
        double[] zc = new double[2 * rows * m];
        for (int start = from; start < to; start += CHUNK) {
            int b = Math.min(CHUNK, to - start);
            if (b != mat.numRows) {
                mat.reshape(b, 2 * n);
                y.reshape(b, 2 * n);
            }
            System.arraycopy(z, 2 * start * m, zc, 0, 2 * b * m);
            sections.evaluate(zc, b, values);
            double[] md = mat.data;
            for (int r = 0; r < b; r++) {
                for (int a = 0; a < n; a++) {
                    md[r * 2 * n + a] = values[2 * (r * n + a)];
                    md[r * 2 * n + n + a] = values[2 * (r * n + a) + 1];
                }
            }
            CommonOps_DDRM.mult(mat, embedding, y); // rows [Re (Hs)ᵀ, Im (Hs)ᵀ]
            double[] yd = y.data;
            for (int r = 0; r < b; r++) {
                double sNorm = 0.0;
                int o = r * 2 * n;
                for (int i = 0; i < 2 * n; i++) {
                    sNorm += md[o + i] * yd[o + i];
                }
                if (!(sNorm > 0.0)) {
                    throw new IllegalStateException("s†Hs = " + sNorm + " at point " + (start + r)
                            + ": H is not positive definite on the sections");
                }
                double f = Math.sqrt(w[start + r] / sNorm);
                for (int i = 0; i < 2 * n; i++) {
                    md[o + i] *= f;
                }
            }
            CommonOps_DDRM.multAddTransA(mat, mat, c);
        }
        return c;
    }

    /**
     * {@link #run(HermitianMatrix)} from H<sub>0</sub> = I.
     */
    public BalancedMetric run() {
        return run(HermitianMatrix.identity(sections.size()));
    }

    /**
     * Iterates H<sub>n+1</sub> = T̂(H<sub>n</sub>)<sup>−1</sup> (normalized to tr = N) from the given positive definite
     * start until ‖H<sub>n</sub>T̂(H<sub>n</sub>) − I‖<sub>F</sub>/√N &lt; tolerance or the iteration limit.
     *
     * @return the balanced metric (or the last iterate, if not converged)
     */
    public BalancedMetric run(HermitianMatrix initial) {
        if (initial.size() != sections.size()) {
            throw new IllegalArgumentException("the start H is " + initial.size() + "×" + initial.size()
                    + " but there are " + sections.size() + " sections");
        }
        return iterate(sections, initial, tolerance, maxIterations, this::tOperator);
    }

    /**
     * The fixed-point iteration of {@link #run(HermitianMatrix)} with any implementation of T̂ (e.g. one that sums
     * over the partitions of a cluster): H<sub>n+1</sub> = T̂(H<sub>n</sub>)<sup>−1</sup> normalized to tr = N, until
     * ‖H<sub>n</sub>T̂(H<sub>n</sub>) − I‖<sub>F</sub>/√N &lt; tolerance or {@code maxIterations} evaluations of T̂.
     *
     * @param sections the sections (N of them)
     * @param initial the positive definite start (N×N)
     * @param tolerance the stopping tolerance (&gt; 0)
     * @param maxIterations the iteration limit (≥ 1)
     * @param tOperator H ↦ T̂(H)
     * @return the balanced metric (or the last iterate, if not converged)
     */
    public static BalancedMetric iterate(SectionBasis sections, HermitianMatrix initial, double tolerance,
            int maxIterations, java.util.function.UnaryOperator<HermitianMatrix> tOperator) {
        long t0 = System.nanoTime();
        int n = sections.size();
        if (initial.size() != n) {
            throw new IllegalArgumentException("the start H is " + initial.size() + "×" + initial.size()
                    + " but there are " + n + " sections");
        }
        if (!(tolerance > 0.0) || maxIterations < 1) {
            throw new IllegalArgumentException("need tolerance > 0 and maxIterations >= 1, got " + tolerance + " and "
                    + maxIterations);
        }
        HermitianMatrix h = initial.normalizedToTraceSize();
        double[] residuals = new double[maxIterations];
        double[] changes = new double[maxIterations];
        int it = 0;
        boolean converged = false;
        while (it < maxIterations) {
            HermitianMatrix t = tOperator.apply(h);
            residuals[it] = h.inverseResidual(t);
            it++;
            if (residuals[it - 1] < tolerance) {
                converged = true;
                break;
            }
            if (it == maxIterations) {
                break;
            }
            HermitianMatrix next = t.inverse().normalizedToTraceSize();
            changes[it - 1] = next.distance(h) / h.frobeniusNorm();
            h = next;
        }
        double[] res = java.util.Arrays.copyOf(residuals, it);
        double[] ch = java.util.Arrays.copyOf(changes, it - 1);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        return new BalancedMetric(AlgebraicPotential.of(sections, h), it, converged, res, ch, seconds);
    }

    @Override
    public String toString() {
        return "DonaldsonIteration[" + sections + ", " + points.size() + " points, tolerance " + tolerance + "]";
    }
}
