package org.metricflow.nn.metric;

import java.util.List;
import java.util.Objects;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.riemann.MetricField;
import org.metricflow.nn.Mlp;

/**
 * A learned correction of a reference metric g<sub>ref</sub> on a chart, in one of two forms:
 * <ul>
 *   <li>{@link #additive}: g = g<sub>ref</sub> + ε·C<sub>θ</sub>(x), C symmetric with C<sub>ij</sub> = C<sub>ji</sub>
 *       = N<sub>θ</sub>(x)<sub>k</sub>, k = i(i+1)/2 + j for i ≥ j (n(n+1)/2 outputs). Positive definite while
 *       ε‖C‖ is below the smallest eigenvalue of g<sub>ref</sub>; not guaranteed beyond.</li>
 *   <li>{@link #conformal}: g = e<sup>2u<sub>θ</sub>(x)</sup> g<sub>ref</sub> with a scalar network u<sub>θ</sub>
 *       (one output); positive definite always, and it stays in the conformal class of g<sub>ref</sub>.</li>
 * </ul>
 * With zero network output both are g<sub>ref</sub> exactly (the {@code zeroInitialOutput} flag sets the output
 * layer to zero). Differentiable in x to any order (smooth activations only) and in θ ({@link #parameters()}).
 */
public final class ReferenceCorrection implements MetricField {

    /** The form of the correction. */
    public enum Form {
        /** g<sub>ref</sub> + ε C<sub>θ</sub>. */
        ADDITIVE,
        /** e<sup>2u<sub>θ</sub></sup> g<sub>ref</sub>. */
        CONFORMAL
    }

    private final MetricField reference;
    private final Mlp network;
    private final Form form;
    private final double epsilon;

    private ReferenceCorrection(MetricField reference, Mlp network, Form form, double epsilon) {
        this.reference = reference;
        this.network = network;
        this.form = form;
        this.epsilon = epsilon;
    }

    /**
     * g = g<sub>ref</sub> + ε C<sub>θ</sub>.
     *
     * @param network a smooth MLP with n inputs and n(n+1)/2 outputs
     * @param epsilon the scale ε of the correction (finite; ε = 0 freezes g = g<sub>ref</sub>)
     * @param zeroInitialOutput whether to set the last layer to zero (start at g<sub>ref</sub>)
     */
    public static ReferenceCorrection additive(MetricField reference, Mlp network, double epsilon,
            boolean zeroInitialOutput) {
        Objects.requireNonNull(reference, "reference");
        int n = reference.dimension();
        SymmetricOutputs.validate("additive reference correction", network, n, SymmetricOutputs.triangle(n),
                "the lower triangle of a symmetric correction");
        if (!Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("additive reference correction: ε must be finite, got " + epsilon);
        }
        if (zeroInitialOutput) {
            SymmetricOutputs.zeroOutputLayer(network);
        }
        return new ReferenceCorrection(reference, network, Form.ADDITIVE, epsilon);
    }

    /**
     * g = e<sup>2u<sub>θ</sub></sup> g<sub>ref</sub>.
     *
     * @param network a smooth MLP with n inputs and 1 output (u)
     * @param zeroInitialOutput whether to set the last layer to zero (start at g<sub>ref</sub>)
     */
    public static ReferenceCorrection conformal(MetricField reference, Mlp network, boolean zeroInitialOutput) {
        Objects.requireNonNull(reference, "reference");
        SymmetricOutputs.validate("conformal reference correction", network, reference.dimension(), 1,
                "the conformal factor u of e^{2u}");
        if (zeroInitialOutput) {
            SymmetricOutputs.zeroOutputLayer(network);
        }
        return new ReferenceCorrection(reference, network, Form.CONFORMAL, 1.0);
    }

    @Override
    public int dimension() {
        return reference.dimension();
    }

    /**
     * The reference metric.
     */
    public MetricField reference() {
        return reference;
    }

    /**
     * The network.
     */
    public Mlp network() {
        return network;
    }

    /**
     * The form of the correction.
     */
    public Form form() {
        return form;
    }

    /**
     * ε of the additive form (1 for the conformal form).
     */
    public double epsilon() {
        return epsilon;
    }

    /**
     * The trainable parameters θ (those of the network).
     */
    public List<Tensor> parameters() {
        return network.parameters();
    }

    @Override
    public Tensor components(Tensor x) {
        int n = dimension();
        SymmetricOutputs.requirePoints(x, n, "reference correction");
        Tensor ref = reference.components(x);
        Tensor out = network.forward(x);
        if (form == Form.CONFORMAL) {
            return ref.times(out.times(2.0).exp());
        }
        return ref.plus(SymmetricOutputs.symmetric(out, n).times(epsilon));
    }
}
