package org.metricflow.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;

/**
 * The first-order Taylor expansion of a model in its parameters around θ0 (Lee et al. 2019):
 * <pre>
 *   f_lin(x; θ) = f(x; θ0) + J(x; θ0)(θ − θ0),   J = ∂f/∂θ,
 * </pre>
 * computed with a Jacobian-vector product (no Jacobian is formed). Its parameters θ are new variables
 * initialized to θ0; its tangent kernel J(x; θ0)J(y; θ0)ᵀ is the NTK of the base model at θ0 and stays
 * exactly constant whatever θ becomes (gradient descent on f_lin is kernel regression with the frozen
 * kernel).
 *
 * <p>The base model is held at θ0: {@link #of(Mlp)} copies the network; {@link #of(Model)} uses the given
 * model, whose parameters must then not be modified (train the linearized model's own parameters).
 */
public final class LinearizedModel implements Model {
    private final Model base;
    private final List<Tensor> baseParameters;
    private final List<Tensor> initial;
    private final List<Tensor> parameters;

    private LinearizedModel(Model base) {
        this.base = base;
        this.baseParameters = base.parameters();
        List<Tensor> init = new ArrayList<>();
        List<Tensor> params = new ArrayList<>();
        for (Tensor p : baseParameters) {
            init.add(Tensor.constant(p.value()));
            params.add(Tensor.variable(p.value().copy()));
        }
        this.initial = Collections.unmodifiableList(init);
        this.parameters = Collections.unmodifiableList(params);
    }

    /**
     * Linearizes {@code model} at its current parameters θ0 (the model itself is kept as the base).
     *
     * @return the linearized model
     */
    public static LinearizedModel of(Model model) {
        if (model == null) {
            throw new IllegalArgumentException("LinearizedModel.of: model is null");
        }
        return new LinearizedModel(model);
    }

    /**
     * Linearizes a copy of {@code mlp} at its current parameters (the original stays free to train).
     *
     * @return the linearized model
     */
    public static LinearizedModel of(Mlp mlp) {
        if (mlp == null) {
            throw new IllegalArgumentException("LinearizedModel.of: model is null");
        }
        return new LinearizedModel(mlp.copy());
    }

    /** f(x; θ0) + J(x; θ0)(θ − θ0), differentiable in θ (and x). */
    @Override
    public Tensor apply(Tensor x) {
        Tensor y0 = base.apply(x);
        Tensor[] wrt = baseParameters.toArray(new Tensor[0]);
        Tensor[] delta = new Tensor[wrt.length];
        for (int k = 0; k < wrt.length; k++) {
            delta[k] = parameters.get(k).minus(initial.get(k));
        }
        return y0.plus(Autodiff.jvpGraph(y0, wrt, delta));
    }

    @Override
    public int inputs() {
        return base.inputs();
    }

    @Override
    public int outputs() {
        return base.outputs();
    }

    /** θ: live variables, initialized to θ0. */
    @Override
    public List<Tensor> parameters() {
        return parameters;
    }

    /**
     * The base model at θ0.
     */
    public Model base() {
        return base;
    }
}
