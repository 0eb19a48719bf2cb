package org.metricflow.nn.ntk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.core.resources.MemoryBudget;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.Model;
import org.metricflow.nn.metric.AcceleratedKahlerModel;
import org.metricflow.nn.metric.AcceleratedKahlerModel.FactorizedMetricNtk;
import org.metricflow.nn.metric.AcceleratedKahlerModel.KernelBlocks;
import org.metricflow.nn.metric.KahlerMetricModel;

/**
 * The metric-NTK of a metric model: a {@link Model} whose m outputs at a point are the independent real
 * components of a metric g(x; θ), and
 * <pre>
 *   Θ_{(x,α),(y,β)} = Σ_θ ∂g_α(x)/∂θ · ∂g_β(y)/∂θ,
 * </pre>
 * an (N·m)×(N·m) symmetric positive semi-definite matrix over N points, index point·m + α. Under gradient
 * flow θ̇ = −η ∂L/∂θ the metric evolves by ∂_t g_α(x) = −η Σ_{y,β} Θ_{(x,α),(y,β)} ∂L/∂g_β(y).
 *
 * <p>Component layouts ({@link #hermitian}, {@link #symmetric}): for a Hermitian d×d metric g_{a b̄}, the d
 * real diagonal entries g_{a ā}, then for a &lt; b (row-major) Re g_{a b̄} and Im g_{a b̄}: m = d²; for a real
 * symmetric d×d metric, g_{ij} for i ≤ j row-major: m = d(d+1)/2. Any other layout can be named with
 * {@link #of(Model, List)}. The kernel is computed block by block like {@link EmpiricalNtk} (memory bounded
 * by the block size), or densely from all Jacobians ({@link #dense}).
 *
 * <p><b>The φ-model.</b> For a model with a factorized metric-NTK ({@link AcceleratedKahlerModel#metricNtk()}: every
 * φ-model) on a probe set ({@link #of(ProbeMetricModel)}, or {@link #of(KahlerMetricModel, PointSet)}), g<sub>a b̄</sub> = g<sup>FS</sup> + ∂<sub>a</sub>∂̄<sub>b</sub>φ(f(z)) and the kernel is computed without
 * Jacobians (chosen automatically; {@link #jacobianPath()} switches it off): φ's scalar NTK factorizes per layer,
 * Θ<sub>φ</sub>(x,y) = Σ<sub>l</sub> ⟨δ<sub>l</sub>(x), δ<sub>l</sub>(y)⟩ (c<sub>w,l</sub>² ⟨h<sub>l−1</sub>(x), h<sub>l−1</sub>(y)⟩
 * + c<sub>b,l</sub>²) with δ<sub>l</sub> = ∂φ/∂a<sub>l</sub>, and Θ<sub>(ab̄),(cd̄)</sub>(x,y) = ∂<sub>a</sub>∂̄<sub>b</sub>∂'<sub>c</sub>∂̄'<sub>d</sub>
 * Θ<sub>φ</sub>(x,y) (Re/Im parts on each side). The product rule distributes the derivatives over the δ- and
 * h-factors, so only the jets of δ<sub>l</sub> and h<sub>l−1</sub> along the local holomorphic directions are needed
 * (value, ∂<sub>a</sub>, and the d² real parts of ∂<sub>a</sub>∂̄<sub>b</sub>: 1 + 2d + d² channels per unit), and per
 * block of points and layer two Gram products of these channels. Cost O(N²·(1+2d+d²)²·Σ<sub>l</sub>(n<sub>l</sub> + n<sub>l−1</sub>))
 * (linear in the width rather than in the parameter count), working memory O(B²·m²) per block of B points plus the
 * jets O(N·(1+2d+d²)·Σn<sub>l</sub>); blocks X ≤ Y only, mirrored; bit-identical for any thread count and block size.
 * What needs only a pass over Θ streams it without forming it: {@link #blocks} (each block handed to a consumer),
 * {@link #frobeniusNorm}, {@link NtkDiagnostics#relativeChange(KernelBlocks, KernelBlocks, int, int)}, and the
 * products {@link #apply} and {@link #operator}.
 */
public final class MetricNtk {
    private final Model model;
    private final List<String> labels;
    private final EmpiricalNtk kernel;
    /** The probe adapter of a model with a factorized metric-NTK, or null (Jacobian path). */
    private final ProbeMetricModel probe;
    /** That model's factorized metric-NTK (null exactly when {@link #probe} is). */
    private final FactorizedMetricNtk factorized;
    private final int blockSize;
    /** Worker threads of the factorized path; 0 = {@link Parallel#defaultThreads()}. */
    private final int threads;

    private MetricNtk(Model model, List<String> labels, EmpiricalNtk kernel, ProbeMetricModel probe,
            FactorizedMetricNtk factorized, int blockSize, int threads) {
        this.model = model;
        this.labels = labels;
        this.kernel = kernel;
        this.probe = probe;
        this.factorized = factorized;
        this.blockSize = blockSize;
        this.threads = threads;
    }

    /**
     * The metric-NTK of a Kähler model over a probe set ({@link #of(ProbeMetricModel)} of
     * {@code ProbeMetricModel.of(model, probe)}): factorized when the model offers it (every φ-model).
     *
     * @param probe the probe points, on the model's variety
     * @return the metric-NTK, index point·d² + α in the {@link #hermitianLabels} order; evaluate it at
     *     {@code ProbeMetricModel.indices(probe.size())} (or any subset of indices)
     */
    public static MetricNtk of(KahlerMetricModel model, PointSet probe) {
        if (model == null || probe == null) {
            throw new IllegalArgumentException("MetricNtk.of: the model and the probe set must not be null");
        }
        return of(ProbeMetricModel.of(model, probe));
    }

    /**
     * The metric-NTK of a model with the given component labels (one per output).
     */
    public static MetricNtk of(Model model, List<String> labels) {
        if (model == null) {
            throw new IllegalArgumentException("MetricNtk.of: model is null");
        }
        if (labels == null || labels.size() != model.outputs()) {
            throw new IllegalArgumentException("MetricNtk.of: need one label per model output (" + model.outputs()
                    + "), got " + (labels == null ? "null" : labels.size()));
        }
        return new MetricNtk(model, Collections.unmodifiableList(new ArrayList<>(labels)),
                EmpiricalNtk.of(model).generic(), null, null, EmpiricalNtk.DEFAULT_BLOCK_SIZE, 0);
    }

    /**
     * The metric-NTK of a Kähler model over a probe set, index point·d² + α in the {@link #hermitianLabels} order:
     * by the model's factorized form when it offers one ({@link AcceleratedKahlerModel#metricNtk()}, e.g. every
     * φ-model), from parameter Jacobians otherwise. Evaluate it at {@code ProbeMetricModel.indices(probe.size())} (or
     * any subset of indices).
     *
     * @param probe the model restricted to its probe points
     * @return the metric-NTK over the probe set
     */
    public static MetricNtk of(ProbeMetricModel probe) {
        if (probe == null) {
            throw new IllegalArgumentException("MetricNtk.of: the probe model is null");
        }
        FactorizedMetricNtk factorized = probe.kahlerModel().accelerated()
                .flatMap(AcceleratedKahlerModel::metricNtk).orElse(null);
        List<String> labels = hermitianLabels(probe.probe().dimension());
        return new MetricNtk(probe, labels, EmpiricalNtk.of(probe).generic(), factorized == null ? null : probe,
                factorized, EmpiricalNtk.DEFAULT_BLOCK_SIZE, 0);
    }

    /**
     * A model of a Hermitian d×d metric (m = d² outputs in the {@link #hermitianLabels} order).
     */
    public static MetricNtk hermitian(Model model, int d) {
        return of(model, hermitianLabels(d));
    }

    /**
     * A model of a real symmetric d×d metric (m = d(d+1)/2 outputs, i ≤ j row-major).
     */
    public static MetricNtk symmetric(Model model, int d) {
        return of(model, symmetricLabels(d));
    }

    /**
     * "g[0,0̄]", …, then "Re g[a,b̄]", "Im g[a,b̄]" for a &lt; b.
     */
    public static List<String> hermitianLabels(int d) {
        positive(d);
        List<String> out = new ArrayList<>();
        for (int a = 0; a < d; a++) {
            out.add("g[" + a + "," + a + "̄]");
        }
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) {
                out.add("Re g[" + a + "," + b + "̄]");
                out.add("Im g[" + a + "," + b + "̄]");
            }
        }
        return out;
    }

    /**
     * "g[i,j]" for i ≤ j row-major.
     */
    public static List<String> symmetricLabels(int d) {
        positive(d);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                out.add("g[" + i + "," + j + "]");
            }
        }
        return out;
    }

    private static void positive(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("metric dimension must be ≥ 1, got " + d);
        }
    }

    /**
     * The same kernel with at most {@code points} points per block (≥ 1).
     */
    public MetricNtk blockSize(int points) {
        if (points < 1) {
            throw new IllegalArgumentException("MetricNtk.blockSize: need at least 1 point per block, got " + points);
        }
        return new MetricNtk(model, labels, kernel.blockSize(points), probe, factorized, points, threads);
    }

    /**
     * The same kernel computed on {@code count} threads (bit-identical results), see {@link EmpiricalNtk#threads}.
     */
    public MetricNtk threads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("MetricNtk.threads: need at least 1 thread, got " + count);
        }
        return new MetricNtk(model, labels, kernel.threads(count), probe, factorized, blockSize, count);
    }

    /**
     * The same kernel always computed from parameter Jacobians (the reference for the φ-model's factorization).
     */
    public MetricNtk jacobianPath() {
        return new MetricNtk(model, labels, kernel, null, null, blockSize, threads);
    }

    /**
     * Whether the kernel is computed by the φ-model's per-layer factorization (else from Jacobians).
     */
    public boolean isFactorized() {
        return factorized != null;
    }

    private PointSet probePoints(String what, Tensor points) {
        if (points == null) {
            throw new IllegalArgumentException("MetricNtk." + what + ": points are null");
        }
        return probe.points(points);
    }

    private int threadCount() {
        return threads == 0 ? Parallel.defaultThreads() : threads;
    }

    /**
     * The number m of metric components.
     */
    public int components() {
        return labels.size();
    }

    /**
     * The component labels, in output order.
     */
    public List<String> componentLabels() {
        return labels;
    }

    /**
     * The label of row/column {@code index} = point·m + α: "x{point} {component}".
     */
    public String label(int index) {
        return "x" + index / labels.size() + " " + labels.get(index % labels.size());
    }

    /**
     * Θ at the points (N×d model inputs; probe indices for a {@link ProbeMetricModel}), (N·m)×(N·m), block by
     * block.
     */
    public DMatrixRMaj matrix(Tensor points) {
        if (factorized != null) {
            return factorized.matrix(probePoints("matrix", points), blockSize, threadCount());
        }
        return kernel.matrix(points);
    }

    /**
     * Θ at the points prepared for streaming block by block ({@link KernelBlocks#forEachBlock}) or for products
     * ({@link KernelBlocks#apply}), with the parameters of this call. For a factorized kernel (the φ-model) only the
     * per-layer jets are kept (O(N) memory) and each block is computed when it is handed out, so the working memory of
     * a pass over Θ is bounded by the block size; otherwise Θ is formed here once ({@link #matrix}) and served in
     * blocks.
     *
     * @param points the points (N×d model inputs; probe indices for a {@link ProbeMetricModel})
     * @return Θ as blocks, N points of m components
     */
    public KernelBlocks blocks(Tensor points) {
        if (factorized != null) {
            return factorized.blocks(probePoints("blocks", points), threadCount());
        }
        return new MatrixBlocks(matrix(points), labels.size());
    }

    /**
     * ‖Θ‖<sub>F</sub> at the points, summed block by block (Θ is never formed for a factorized kernel; blocks off the
     * diagonal count twice). Bit-identical for any thread count.
     *
     * @param points the points (N×d model inputs; probe indices for a {@link ProbeMetricModel})
     * @return the Frobenius norm of the (N·m)×(N·m) kernel
     */
    public double frobeniusNorm(Tensor points) {
        return Math.sqrt(NtkDiagnostics.blockSums(blocks(points), null, blockSize, threadCount())[0]);
    }

    /**
     * Θ(x, y) between two point sets, (N·m)×(M·m), block by block (e.g. for predictions off the training set).
     *
     * @return Θ(x, y), (N·m)×(M·m)
     */
    public DMatrixRMaj cross(Tensor x, Tensor y) {
        return kernel.cross(x, y);
    }

    /**
     * Θ from all Jacobians at once, J Jᵀ (memory N·m·P): the reference for the blockwise computation.
     */
    public DMatrixRMaj dense(Tensor points) {
        long nm = (long) points.rows() * components();
        MemoryBudget.requireDoubles("MetricNtk.dense: the metric-NTK of " + points.rows() + " points (" + nm + "×" + nm
                + ")", "use fewer points, or apply(...) for Θv without forming Θ", nm, nm);
        DMatrixRMaj j = kernel.jacobian(points);
        DMatrixRMaj out = new DMatrixRMaj(j.numRows, j.numRows);
        CommonOps_DDRM.multTransB(j, j, out);
        return out;
    }

    /**
     * Θv without forming Θ (v N×m, index point·m + α): for the φ-model by the factorization (linear in N), else by
     * one vector-Jacobian and one Jacobian-vector product, see {@link EmpiricalNtk#apply}.
     */
    public DMatrixRMaj apply(Tensor points, DMatrixRMaj v) {
        if (factorized != null) {
            int n = points == null ? 0 : points.rows();
            int m = labels.size();
            if (v == null || v.getNumElements() != n * m) {
                throw new IllegalArgumentException("MetricNtk.apply: need a vector of N·m = " + (n * m)
                        + " entries (N×m), got " + (v == null ? "null" : v.numRows + "×" + v.numCols));
            }
            double[] out = factorized.apply(probePoints("apply", points), v.data, blockSize, threadCount());
            DMatrixRMaj result = new DMatrixRMaj(n, m);
            System.arraycopy(out, 0, result.data, 0, n * m);
            return result;
        }
        return kernel.apply(points, v);
    }

    /**
     * Θ as a matrix-free operator on ℝ<sup>N·m</sup> (index point·m + α) for {@link Lanczos}: like {@link #apply},
     * but everything that depends only on the points and the parameters (for the φ-model the per-layer jets, which
     * cost several times one product) is computed once, here. The operator therefore multiplies by the kernel of
     * the parameters at the time of this call; it must not be used after the parameters change.
     *
     * @param points the points (N×d model inputs; probe indices for a {@link ProbeMetricModel})
     * @return the operator v ↦ Θv
     */
    public Lanczos.Operator operator(Tensor points) {
        if (points == null) {
            throw new IllegalArgumentException("MetricNtk.operator: points are null");
        }
        int nm = points.rows() * labels.size();
        if (factorized != null) {
            java.util.function.UnaryOperator<double[]> p = factorized.product(probePoints("operator", points),
                    blockSize, threadCount());
            return (in, out) -> System.arraycopy(p.apply(in), 0, out, 0, nm);
        }
        int m = labels.size();
        return (in, out) -> {
            DMatrixRMaj v = new DMatrixRMaj(points.rows(), m);
            System.arraycopy(in, 0, v.data, 0, nm);
            System.arraycopy(kernel.apply(points, v).data, 0, out, 0, nm);
        };
    }

    /**
     * The model.
     */
    public Model model() {
        return model;
    }
}
