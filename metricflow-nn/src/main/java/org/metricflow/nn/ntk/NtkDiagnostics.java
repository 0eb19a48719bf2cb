package org.metricflow.nn.ntk;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.nn.metric.AcceleratedKahlerModel.KernelBlocks;

/**
 * Diagnostics of kernel matrices evaluated on a fixed probe set of points (docs/ARCHITECTURE.md §5):
 * <ul>
 * <li>relative change ‖Θ_t − Θ_0‖_F / ‖Θ_0‖_F (also the relative error of an approximation);</li>
 * <li>centered kernel alignment A(K, L) = ⟨K_c, L_c⟩_F / (‖K_c‖_F ‖L_c‖_F), K_c = HKH, H = I − 11ᵀ/n
 * (Cortes, Mohri and Rostamizadeh 2012): 1 for kernels equal up to scale and centering;</li>
 * <li>eigenvalue spectra of Θ and of Θ_t − Θ_0 (symmetric eigensolver of EJML), in descending order;</li>
 * <li>the kernel-locality profile: the mean of Θ(x, y)/√(Θ(x,x)Θ(y,y)) over pairs binned by their distance
 * (for a stationary kernel, Θ(x,y)/Θ(x,x); a local kernel decays to 0 within a short distance).</li>
 * </ul>
 */
public final class NtkDiagnostics {
    private NtkDiagnostics() {
    }

    /**
     * ‖Θ_t − Θ_0‖_F / ‖Θ_0‖_F.
     */
    public static double relativeChange(DMatrixRMaj current, DMatrixRMaj initial) {
        sameShape("relativeChange", current, initial);
        double num = 0;
        double den = 0;
        for (int i = 0; i < initial.data.length; i++) {
            double d = current.data[i] - initial.data[i];
            num += d * d;
            den += initial.data[i] * initial.data[i];
        }
        if (den == 0) {
            throw new IllegalArgumentException("relativeChange: the reference kernel is zero");
        }
        return Math.sqrt(num / den);
    }

    /**
     * ‖Θ_t − Θ_0‖_F / ‖Θ_0‖_F from two kernels on the same points streamed block by block: neither matrix is formed
     * (for factorized kernels), the working memory is two blocks per thread. Blocks X &lt; Y count twice (Θ is
     * symmetric); partial sums are added in block order, so the result is bit-identical for any thread count (it
     * agrees with {@link #relativeChange(DMatrixRMaj, DMatrixRMaj)} up to the summation order).
     *
     * @param current Θ<sub>t</sub>, e.g. {@link MetricNtk#blocks} of the trained model
     * @param initial Θ<sub>0</sub>, the same points and components (kept from initialization)
     * @param blockSize points per block, ≥ 1
     * @param threads worker threads, ≥ 1
     * @return the relative change
     * @throws IllegalArgumentException if the shapes differ or Θ<sub>0</sub> is zero
     */
    public static double relativeChange(KernelBlocks current, KernelBlocks initial, int blockSize, int threads) {
        if (current.points() != initial.points() || current.components() != initial.components()) {
            throw new IllegalArgumentException("relativeChange: kernels of " + current.points() + " points × "
                    + current.components() + " components and " + initial.points() + " × " + initial.components());
        }
        double[] sums = blockSums(current, initial, blockSize, threads);
        if (sums[1] == 0) {
            throw new IllegalArgumentException("relativeChange: the reference kernel is zero");
        }
        return Math.sqrt(sums[0] / sums[1]);
    }

    /**
     * {Σ (a − b)², Σ b²} over all entries (b = 0 when null), block by block, blocks off the diagonal counted twice,
     * partial sums added in block order (thread-count independent).
     */
    static double[] blockSums(KernelBlocks a, KernelBlocks b, int blockSize, int threads) {
        if (blockSize < 1 || threads < 1) {
            throw new IllegalArgumentException("need blockSize ≥ 1 and threads ≥ 1, got " + blockSize + ", " + threads);
        }
        int n = a.points();
        int blocks = (n + blockSize - 1) / blockSize;
        double[][] diff = new double[blocks][blocks];
        double[][] ref = new double[blocks][blocks];
        if (b == null) {
            a.forEachBlock(blockSize, threads, (x0, x1, y0, y1, block) -> {
                int len = (x1 - x0) * (y1 - y0) * a.components() * a.components();
                double s = 0;
                for (int i = 0; i < len; i++) {
                    s += block[i] * block[i];
                }
                diff[x0 / blockSize][y0 / blockSize] = x0 == y0 ? s : 2 * s;
            });
        } else {
            Parallel.run(blocks * blocks, threads, t -> {
                int i = t / blocks;
                int j = t % blocks;
                if (j < i) {
                    return;
                }
                int x0 = i * blockSize;
                int y0 = j * blockSize;
                double[] u = a.block(x0, Math.min(n, x0 + blockSize), y0, Math.min(n, y0 + blockSize));
                double[] v = b.block(x0, Math.min(n, x0 + blockSize), y0, Math.min(n, y0 + blockSize));
                double s = 0;
                double r = 0;
                for (int k = 0; k < u.length; k++) {
                    double d = u[k] - v[k];
                    s += d * d;
                    r += v[k] * v[k];
                }
                double weight = i == j ? 1 : 2;
                diff[i][j] = weight * s;
                ref[i][j] = weight * r;
            });
        }
        double s = 0;
        double r = 0;
        for (int i = 0; i < blocks; i++) {
            for (int j = i; j < blocks; j++) {
                s += diff[i][j];
                r += ref[i][j];
            }
        }
        return new double[] {s, r};
    }

    /**
     * ‖approx − reference‖_F / ‖reference‖_F (the same formula as {@link #relativeChange}).
     */
    public static double relativeError(DMatrixRMaj approx, DMatrixRMaj reference) {
        return relativeChange(approx, reference);
    }

    /**
     * Centered kernel alignment ⟨HKH, HLH⟩_F / (‖HKH‖_F ‖HLH‖_F) ∈ [−1, 1].
     *
     * @throws IllegalArgumentException if a centred kernel vanishes (the alignment is 0/0) or is not finite
     */
    public static double centeredAlignment(DMatrixRMaj k, DMatrixRMaj l) {
        sameShape("centeredAlignment", k, l);
        square("centeredAlignment", k);
        DMatrixRMaj kc = center(k);
        DMatrixRMaj lc = center(l);
        double kl = 0;
        double kk = 0;
        double ll = 0;
        for (int i = 0; i < kc.data.length; i++) {
            kl += kc.data[i] * lc.data[i];
            kk += kc.data[i] * kc.data[i];
            ll += lc.data[i] * lc.data[i];
        }
        double kRaw = 0;
        double lRaw = 0;
        for (int i = 0; i < k.data.length; i++) {
            kRaw += k.data[i] * k.data[i];
            lRaw += l.data[i] * l.data[i];
        }
        // "Constant after centering" up to round-off: ‖HKH‖ ≤ 1e-12 ‖K‖ (centering costs a few ulps per entry).
        if (!Double.isFinite(kk) || !Double.isFinite(ll) || kk <= 1e-24 * kRaw || ll <= 1e-24 * lRaw) {
            throw new IllegalArgumentException("centeredAlignment: " + (!Double.isFinite(kk) || !Double.isFinite(ll)
                    ? "a kernel is not finite" : "a kernel is constant after centering (e.g. all points alike), so"
                    + " the alignment is undefined") + "; ‖HKH‖² = " + kk + ", ‖HLH‖² = " + ll);
        }
        return kl / Math.sqrt(kk * ll);
    }

    private static DMatrixRMaj center(DMatrixRMaj k) {
        int n = k.numRows;
        double[] rowMean = new double[n];
        double[] colMean = new double[n];
        double all = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = k.data[i * n + j];
                rowMean[i] += v / n;
                colMean[j] += v / n;
                all += v / ((double) n * n);
            }
        }
        DMatrixRMaj c = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c.data[i * n + j] = k.data[i * n + j] - rowMean[i] - colMean[j] + all;
            }
        }
        return c;
    }

    /**
     * Eigenvalues of a symmetric matrix, descending.
     *
     * @return the eigenvalues, descending
     */
    public static double[] eigenvalues(DMatrixRMaj symmetric) {
        square("eigenvalues", symmetric);
        int n = symmetric.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(symmetric.copy())) {
            throw new IllegalStateException("eigenvalues: the symmetric eigensolver did not converge");
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = eig.getEigenvalue(i).getReal();
        }
        Arrays.sort(out);
        for (int i = 0; i < n / 2; i++) {
            double t = out[i];
            out[i] = out[n - 1 - i];
            out[n - 1 - i] = t;
        }
        return out;
    }

    /**
     * Eigenvalues of Θ_t − Θ_0, descending.
     */
    public static double[] changeSpectrum(DMatrixRMaj current, DMatrixRMaj initial) {
        sameShape("changeSpectrum", current, initial);
        DMatrixRMaj d = new DMatrixRMaj(current.numRows, current.numCols);
        CommonOps_DDRM.subtract(current, initial, d);
        return eigenvalues(d);
    }

    /**
     * The kernel change Θ<sub>t</sub> − Θ<sub>0</sub> as a matrix-free operator for {@link Lanczos}: each product
     * is two kernel-vector products ({@link MetricNtk#operator}), so for the φ-model memory and time stay linear in
     * the number of probe points and no (N·m)×(N·m) matrix is formed. Vectors are indexed point·m + α. The operator
     * holds the kernels of the parameters at this call and is not thread-safe (it reuses one work vector).
     *
     * @param current the metric-NTK of the trained model Θ<sub>t</sub>
     * @param initial the metric-NTK of a copy of the model at initialization Θ<sub>0</sub> (same components)
     * @param points the probe points (N×d inputs, or probe indices for a probe adapter)
     * @return the operator v ↦ (Θ<sub>t</sub> − Θ<sub>0</sub>)v on ℝ<sup>N·m</sup>
     */
    public static Lanczos.Operator changeOperator(MetricNtk current, MetricNtk initial, Tensor points) {
        if (current == null || initial == null || points == null) {
            throw new IllegalArgumentException("changeOperator: the kernels and the points must not be null");
        }
        if (current.components() != initial.components()) {
            throw new IllegalArgumentException("changeOperator: the kernels have " + current.components() + " and "
                    + initial.components() + " components per point");
        }
        int nm = points.rows() * current.components();
        Lanczos.Operator a = current.operator(points);
        Lanczos.Operator b = initial.operator(points);
        double[] tmp = new double[nm];
        return (in, out) -> {
            a.apply(in, out);
            b.apply(in, tmp);
            for (int i = 0; i < nm; i++) {
                out[i] -= tmp[i];
            }
        };
    }

    /** A locality profile: bin centres, mean normalized kernel per bin and pair counts (NaN for empty bins). */
    public record LocalityProfile(double[] distances, double[] meanRatio, int[] counts) {
    }

    /**
     * The mean of Θ(x_i, x_j)/√(Θ(x_i,x_i)Θ(x_j,x_j)) over pairs i &lt; j, binned by distance d_ij into
     * {@code bins} equal bins over [0, max d_ij]; {@code distances} is any N×N distance matrix (Euclidean,
     * geodesic, …) for the N×N kernel.
     */
    public static LocalityProfile localityProfile(DMatrixRMaj kernel, DMatrixRMaj distances, int bins) {
        square("localityProfile", kernel);
        sameShape("localityProfile", kernel, distances);
        if (bins < 1) {
            throw new IllegalArgumentException("localityProfile: need at least one bin, got " + bins);
        }
        int n = kernel.numRows;
        double max = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                max = Math.max(max, distances.get(i, j));
            }
        }
        double width = max > 0 ? max / bins : 1.0;
        double[] sum = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int b = Math.min(bins - 1, (int) (distances.get(i, j) / width));
                sum[b] += kernel.get(i, j) / Math.sqrt(kernel.get(i, i) * kernel.get(j, j));
                count[b]++;
            }
        }
        double[] centres = new double[bins];
        double[] mean = new double[bins];
        for (int b = 0; b < bins; b++) {
            centres[b] = (b + 0.5) * width;
            mean[b] = count[b] > 0 ? sum[b] / count[b] : Double.NaN;
        }
        return new LocalityProfile(centres, mean, count);
    }

    /**
     * Euclidean distances between the rows of x (N×d), N×N.
     */
    public static DMatrixRMaj euclideanDistances(DMatrixRMaj x) {
        int n = x.numRows;
        DMatrixRMaj d = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < x.numCols; k++) {
                    double t = x.get(i, k) - x.get(j, k);
                    s += t * t;
                }
                d.set(i, j, Math.sqrt(s));
            }
        }
        return d;
    }

    private static void sameShape(String what, DMatrixRMaj a, DMatrixRMaj b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException(what + ": kernel matrices must not be null");
        }
        if (a.numRows != b.numRows || a.numCols != b.numCols) {
            throw new IllegalArgumentException(what + ": shapes differ (" + a.numRows + "×" + a.numCols + " vs "
                    + b.numRows + "×" + b.numCols + "); evaluate both kernels on the same probe points");
        }
    }

    private static void square(String what, DMatrixRMaj a) {
        if (a.numRows != a.numCols) {
            throw new IllegalArgumentException(what + ": need a square kernel matrix, got " + a.numRows + "×"
                    + a.numCols);
        }
    }
}
