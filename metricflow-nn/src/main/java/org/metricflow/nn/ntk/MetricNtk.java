package org.metricflow.nn.ntk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.nn.Model;

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
 */
public final class MetricNtk {
    private final Model model;
    private final List<String> labels;
    private final EmpiricalNtk kernel;

    private MetricNtk(Model model, List<String> labels, EmpiricalNtk kernel) {
        this.model = model;
        this.labels = labels;
        this.kernel = kernel;
    }

    /**
     * The metric-NTK of a model with the given component labels (one per output).
     *
     * @param model the model
     * @param labels the labels
     * @return the metric-NTK of a model with the given component labels (one per output)
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
                EmpiricalNtk.of(model).generic());
    }

    /**
     * A model of a Hermitian d×d metric (m = d² outputs in the {@link #hermitianLabels} order).
     *
     * @param model the model
     * @param d the argument {@code d}
     * @return a model of a Hermitian d×d metric (m = d² outputs in the {@link #hermitianLabels} order)
     */
    public static MetricNtk hermitian(Model model, int d) {
        return of(model, hermitianLabels(d));
    }

    /**
     * A model of a real symmetric d×d metric (m = d(d+1)/2 outputs, i ≤ j row-major).
     *
     * @param model the model
     * @param d the argument {@code d}
     * @return a model of a real symmetric d×d metric (m = d(d+1)/2 outputs, i ≤ j row-major)
     */
    public static MetricNtk symmetric(Model model, int d) {
        return of(model, symmetricLabels(d));
    }

    /**
     * "g[0,0̄]", …, then "Re g[a,b̄]", "Im g[a,b̄]" for a &lt; b.
     *
     * @param d the argument {@code d}
     * @return "g[0,0̄]", …, then "Re g[a,b̄]", "Im g[a,b̄]" for a &lt; b
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
     *
     * @param d the argument {@code d}
     * @return "g[i,j]" for i ≤ j row-major
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
     * The same kernel with at most {@code points} points' Jacobians per block.
     *
     * @param points the points
     * @return the same kernel with at most {@code points} points' Jacobians per block
     */
    public MetricNtk blockSize(int points) {
        return new MetricNtk(model, labels, kernel.blockSize(points));
    }

    /**
     * The same kernel computed on {@code count} threads (bit-identical results), see {@link EmpiricalNtk#threads}.
     *
     * @param count the number of items
     * @return the same kernel computed on {@code count} threads (bit-identical results), see {@link
     *     EmpiricalNtk#threads}
     */
    public MetricNtk threads(int count) {
        return new MetricNtk(model, labels, kernel.threads(count));
    }

    /**
     * The number m of metric components.
     *
     * @return the number m of metric components
     */
    public int components() {
        return labels.size();
    }

    /**
     * The component labels, in output order.
     *
     * @return the component labels, in output order
     */
    public List<String> componentLabels() {
        return labels;
    }

    /**
     * The label of row/column {@code index} = point·m + α: "x{point} {component}".
     *
     * @param index the index
     * @return the label of row/column {@code index} = point·m + α: "x{point} {component}"
     */
    public String label(int index) {
        return "x" + index / labels.size() + " " + labels.get(index % labels.size());
    }

    /**
     * Θ at the points (N×d model inputs), (N·m)×(N·m), block by block.
     *
     * @param points the points
     * @return Θ at the points (N×d model inputs), (N·m)×(N·m), block by block
     */
    public DMatrixRMaj matrix(Tensor points) {
        return kernel.matrix(points);
    }

    /**
     * Θ from all Jacobians at once, J Jᵀ (memory N·m·P): the reference for the blockwise computation.
     *
     * @param points the points
     * @return Θ from all Jacobians at once, J Jᵀ (memory N·m·P): the reference for the blockwise computation
     */
    public DMatrixRMaj dense(Tensor points) {
        DMatrixRMaj j = kernel.jacobian(points);
        DMatrixRMaj out = new DMatrixRMaj(j.numRows, j.numRows);
        CommonOps_DDRM.multTransB(j, j, out);
        return out;
    }

    /**
     * Θv without forming Θ (v N×m, index point·m + α), see {@link EmpiricalNtk#apply}.
     *
     * @param points the points
     * @param v the argument {@code v}
     * @return Θv without forming Θ (v N×m, index point·m + α), see {@link EmpiricalNtk#apply}
     */
    public DMatrixRMaj apply(Tensor points, DMatrixRMaj v) {
        return kernel.apply(points, v);
    }

    /**
     * The model.
     *
     * @return the model
     */
    public Model model() {
        return model;
    }
}
