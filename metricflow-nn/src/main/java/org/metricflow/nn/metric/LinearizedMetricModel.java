package org.metricflow.nn.metric;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * The linearization of a metric model in its parameters at θ<sub>0</sub> (the metric analogue of
 * {@link org.metricflow.nn.LinearizedModel}):
 * <pre>
 *   g_lin(x; θ) = g(x; θ0) + J(x; θ0)(θ − θ0),   J = ∂g/∂θ,
 * </pre>
 * for both the real and the imaginary part of g<sub>a b̄</sub>, computed by a Jacobian-vector product through the
 * base model's metric graph (no Jacobian is formed). Its metric-NTK is that of the base model at θ<sub>0</sub> and
 * stays exactly frozen, so gradient flow of g<sub>lin</sub> is the frozen-kernel metric flow
 * ∂<sub>t</sub>g = −η Θ<sub>0</sub> ∂L/∂g. A Kähler potential K<sub>lin</sub> = K(θ0) + ∂<sub>θ</sub>K(θ0)(θ − θ0) is
 * available when the base has one (∂∂̄ is linear, so its metric is g<sub>lin</sub>); the base's Kähler and
 * Kähler-class properties carry over for the same reason.
 *
 * <p>The base model is held at θ<sub>0</sub>: its parameters must not be modified afterwards (the linearized model
 * has its own parameter variables, initialized to θ<sub>0</sub>). Each evaluation costs about three passes
 * through the base metric's graph.
 */
public final class LinearizedMetricModel implements KahlerMetricModel {
    private final KahlerMetricModel base;
    private final Tensor[] baseParameters;
    private final List<Tensor> initial;
    private final List<Tensor> parameters;

    LinearizedMetricModel(KahlerMetricModel base) {
        this.base = base;
        this.baseParameters = base.parameters().toArray(new Tensor[0]);
        List<Tensor> init = new ArrayList<>();
        List<Tensor> params = new ArrayList<>();
        for (Tensor p : baseParameters) {
            init.add(Tensor.constant(p.value().copy()));
            params.add(Tensor.variable(p.value().copy()));
        }
        this.initial = Collections.unmodifiableList(init);
        this.parameters = Collections.unmodifiableList(params);
    }

    /**
     * Linearizes {@code base} at its current parameters θ<sub>0</sub> (which must then stay unchanged).
     *
     * @return the linearized model g<sub>θ0</sub> + J<sub>θ0</sub>(θ − θ<sub>0</sub>)
     */
    public static LinearizedMetricModel of(KahlerMetricModel base) {
        Objects.requireNonNull(base, "base");
        LinearizedMetricModel linear = base.linearized();
        if (linear == base) {
            throw new IllegalArgumentException("the model is already linearized; linearize its base() instead");
        }
        return linear;
    }

    /**
     * The base model at θ<sub>0</sub>.
     */
    public KahlerMetricModel base() {
        return base;
    }

    /** θ − θ<sub>0</sub>, one tensor per parameter, differentiable in θ. */
    private Tensor[] displacement() {
        Tensor[] delta = new Tensor[baseParameters.length];
        for (int k = 0; k < delta.length; k++) {
            delta[k] = parameters.get(k).minus(initial.get(k));
        }
        return delta;
    }

    @Override
    public ProjectiveVariety variety() {
        return base.variety();
    }

    /** θ: live variables, initialized to θ<sub>0</sub>. */
    @Override
    public List<Tensor> parameters() {
        return parameters;
    }

    @Override
    public HermitianMetric metric(PointSet points) {
        // The Jacobian-vector product needs the base graph even when the caller evaluates under Autodiff.noGrad.
        return Autodiff.enableGrad(() -> linearMetric(points));
    }

    private HermitianMetric linearMetric(PointSet points) {
        HermitianMetric g0 = base.metric(points);
        int c = g0.re().cols();
        Tensor y0 = Tensor.concatCols(g0.re(), g0.im());
        Tensor dy = Autodiff.jvpGraph(y0, baseParameters, displacement());
        return new HermitianMetric(g0.dimension(), g0.re().detach().plus(dy.cols(0, c)),
                g0.im().detach().plus(dy.cols(c, 2 * c)));
    }

    @Override
    public KahlerPotential potential() {
        KahlerPotential k = base.potential();
        return (re, im) -> Autodiff.enableGrad(() -> {
            Tensor k0 = k.value(re, im);
            return k0.plus(Autodiff.jvpGraph(k0, baseParameters, displacement()));
        });
    }

    @Override
    public boolean isKahlerByConstruction() {
        return base.isKahlerByConstruction();
    }

    @Override
    public boolean preservesKahlerClass() {
        return base.preservesKahlerClass();
    }

    /**
     * This model, which is already linear in θ: linearizing again at its current θ changes nothing.
     *
     * @return this same instance
     */
    @Override
    public LinearizedMetricModel linearized() {
        return this;
    }
}
