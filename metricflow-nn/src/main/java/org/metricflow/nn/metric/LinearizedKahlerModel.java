package org.metricflow.nn.metric;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * The linearization of a Kähler metric model in its parameters around θ<sub>0</sub> (the frozen-kernel or "lazy"
 * model of Lee et al. 2019, for metrics):
 * <pre>
 *   g_lin(x; θ) = g(x; θ0) + J(x; θ0)(θ − θ0),   J = ∂g/∂θ,
 * </pre>
 * computed with a Jacobian-vector product ({@link Autodiff#jvpGraph}): no Jacobian is formed. The metric is affine
 * in θ, so its metric-NTK J(x; θ0)J(y; θ0)ᵀ is the base model's metric-NTK at θ0 and stays exactly constant during
 * training: gradient descent on this model is the metric flow ∂<sub>t</sub>g = −η Θ<sub>0</sub> ∂L/∂g with the
 * kernel frozen at initialization.
 *
 * <p>For a φ-model (K = K<sub>FS</sub> + φ<sub>θ</sub>) the linearization commutes with ∂∂̄: g<sub>lin</sub> is the
 * metric of the linearized potential K(θ0) + ∇<sub>θ</sub>K(θ0)·(θ − θ0) ({@link #potential()}), so it is Kähler
 * and in the Fubini–Study class whenever the base model is.
 *
 * <p>The base model is held at θ0 and must not be modified afterwards: {@link #of(PhiModel)} copies the φ network;
 * {@link #of(KahlerMetricModel)} keeps the given model. The trainable parameters θ are new variables initialized to
 * θ0.
 */
public final class LinearizedKahlerModel implements KahlerMetricModel {
    private final KahlerMetricModel base;
    private final Tensor[] baseParameters;
    private final List<Tensor> initial;
    private final List<Tensor> parameters;

    private LinearizedKahlerModel(KahlerMetricModel base) {
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
     * Linearizes {@code model} at its current parameters θ0, keeping the model itself as the base (do not train or
     * otherwise modify it afterwards).
     *
     * @param model the model
     * @return the linearized model
     */
    public static LinearizedKahlerModel of(KahlerMetricModel model) {
        Objects.requireNonNull(model, "LinearizedKahlerModel.of: model is null");
        if (model.parameters().isEmpty()) {
            throw new IllegalArgumentException("LinearizedKahlerModel.of: " + model.getClass().getSimpleName()
                    + " has no parameters to linearize in");
        }
        return new LinearizedKahlerModel(model);
    }

    /**
     * Linearizes a copy of the φ-model at its current parameters (the original stays free to train).
     *
     * @param model the model
     * @return the linearized model
     */
    public static LinearizedKahlerModel of(PhiModel model) {
        Objects.requireNonNull(model, "LinearizedKahlerModel.of: model is null");
        return new LinearizedKahlerModel(PhiModel.of(model.variety(), model.network().copy(), model.features(),
                false));
    }

    /**
     * The base model at θ0.
     *
     * @return the base model at θ0
     */
    public KahlerMetricModel base() {
        return base;
    }

    /**
     * θ0, as constants.
     *
     * @return θ0, as constants
     */
    public List<Tensor> initialParameters() {
        return initial;
    }

    @Override
    public ProjectiveVariety variety() {
        return base.variety();
    }

    /** θ: live variables, initialized to θ0. */
    @Override
    public List<Tensor> parameters() {
        return parameters;
    }

    /**
     * g(x; θ0) + J(x; θ0)(θ − θ0), differentiable in θ. Inside {@link Autodiff#noGrad} the values are still exact
     * (the Jacobian-vector product is computed with recording on and the result returned as constants).
     */
    @Override
    public HermitianMetric metric(PointSet points) {
        if (!Autodiff.isRecording()) {
            HermitianMetric g = Autodiff.withGrad(() -> linearMetric(points));
            return new HermitianMetric(g.dimension(), Tensor.constant(g.re().value()),
                    Tensor.constant(g.im().value()));
        }
        return linearMetric(points);
    }

    private HermitianMetric linearMetric(PointSet points) {
        HermitianMetric g0 = base.metric(points);
        int d = g0.dimension();
        int dd = d * d;
        Tensor both = Tensor.concatCols(g0.re(), g0.im());
        Tensor change = Autodiff.jvpGraph(both, baseParameters, deltas());
        Tensor lin = both.plus(change);
        return new HermitianMetric(d, lin.cols(0, dd), lin.cols(dd, 2 * dd));
    }

    /** The linearized potential K(θ0) + ∇<sub>θ</sub>K(θ0)·(θ − θ0), whose metric is {@link #metric}. */
    @Override
    public KahlerPotential potential() {
        KahlerPotential k = base.potential();
        return (re, im) -> {
            if (!Autodiff.isRecording()) {
                return Tensor.constant(Autodiff.withGrad(() -> linearPotential(k, re, im)).value());
            }
            return linearPotential(k, re, im);
        };
    }

    private Tensor linearPotential(KahlerPotential k, Tensor re, Tensor im) {
        Tensor k0 = k.value(re, im);
        return k0.plus(Autodiff.jvpGraph(k0, baseParameters, deltas()));
    }

    private Tensor[] deltas() {
        Tensor[] delta = new Tensor[baseParameters.length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = parameters.get(i).minus(initial.get(i));
        }
        return delta;
    }

    @Override
    public boolean isKahlerByConstruction() {
        return base.isKahlerByConstruction();
    }

    @Override
    public boolean preservesKahlerClass() {
        return base.preservesKahlerClass();
    }
}
