package org.metricflow.nn.ntk;

import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.Model;
import org.metricflow.nn.metric.KahlerMetricModel;

/**
 * A {@link KahlerMetricModel} on a fixed probe set of points seen as a {@link Model}, so that the kernel machinery
 * ({@link MetricNtk}, {@code EmpiricalNtk}) applies to metrics on varieties. The model's input is a point's index in
 * the probe set (an N×1 tensor of integers stored as doubles); its d² outputs are the independent real components
 * of g<sub>a b̄</sub> at that point in the {@link MetricNtk#hermitianLabels} order: g<sub>a ā</sub>, then
 * Re g<sub>a b̄</sub>, Im g<sub>a b̄</sub> for a &lt; b. The metric-NTK of a Kähler model on the probe set is then
 * {@code ProbeMetricModel.of(model, probe).metricNtk().matrix(ProbeMetricModel.indices(n))}.
 */
public final class ProbeMetricModel implements Model {
    private final KahlerMetricModel model;
    private final PointSet probe;
    private final int d;
    private final int[] components;

    private ProbeMetricModel(KahlerMetricModel model, PointSet probe) {
        this.model = model;
        this.probe = probe;
        this.d = probe.dimension();
        this.components = new int[d * d];
        int k = 0;
        for (int a = 0; a < d; a++) {
            components[k++] = a * d + a; // real diagonal, taken from the re part
        }
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) {
                components[k++] = a * d + b; // Re g_ab̄ (re part)
                components[k++] = d * d + a * d + b; // Im g_ab̄ (im part, offset by d²)
            }
        }
    }

    /**
     * The adapter for a model and a probe set on its variety.
     */
    public static ProbeMetricModel of(KahlerMetricModel model, PointSet probe) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(probe, "probe");
        if (!probe.variety().equals(model.variety())) {
            throw new IllegalArgumentException("probe points lie on " + probe.variety().name() + " but the model on "
                    + model.variety().name());
        }
        return new ProbeMetricModel(model, probe);
    }

    /**
     * The input selecting probe points 0..n−1, an n×1 tensor.
     */
    public static Tensor indices(int n) {
        DMatrixRMaj x = new DMatrixRMaj(n, 1);
        for (int p = 0; p < n; p++) {
            x.data[p] = p;
        }
        return Tensor.constant(x);
    }

    /**
     * The wrapped metric model.
     */
    public KahlerMetricModel kahlerModel() {
        return model;
    }

    /**
     * The probe set.
     */
    public PointSet probe() {
        return probe;
    }

    /**
     * The probe points selected by an N×1 tensor of indices (see {@link #indices}), validated.
     *
     * @throws IllegalArgumentException if an entry is not an integer in [0, probe size)
     */
    public PointSet points(Tensor x) {
        if (x.cols() != 1) {
            throw new IllegalArgumentException("ProbeMetricModel takes point indices as an N×1 tensor, got "
                    + x.rows() + "×" + x.cols());
        }
        int[] idx = new int[x.rows()];
        for (int p = 0; p < idx.length; p++) {
            double v = x.get(p, 0);
            idx[p] = (int) v;
            if (idx[p] != v || idx[p] < 0 || idx[p] >= probe.size()) {
                throw new IllegalArgumentException("probe index " + v + " is not an integer in [0, " + probe.size()
                        + ")");
            }
        }
        return probe.subset(idx);
    }

    /**
     * The metric-NTK of the model over the probe set (blockwise, memory bounded), by the model's factorized form
     * when it offers one (for a φ-model the per-layer factorization of φ's scalar NTK, see {@link MetricNtk}).
     */
    public MetricNtk metricNtk() {
        return MetricNtk.of(this);
    }

    @Override
    public int inputs() {
        return 1;
    }

    @Override
    public int outputs() {
        return d * d;
    }

    @Override
    public Tensor apply(Tensor x) {
        HermitianMetric g = model.metric(points(x));
        return Tensor.concatCols(g.re(), g.im()).selectCols(components);
    }

    @Override
    public List<Tensor> parameters() {
        return model.parameters();
    }
}
