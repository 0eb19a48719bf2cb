package org.metricflow.core.optim;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * A differentiable scalar objective f(θ_0, …, θ_{P−1}) of a list of parameter matrices, as used by
 * {@link Lbfgs#minimize}.
 */
@FunctionalInterface
public interface Objective {

    /**
     * Computes f at the parameters' <em>current</em> values and writes ∂f/∂θ_i into {@code gradsOut.get(i)}
     * (same shape as θ_i). The gradient matrices are zeroed before each call, so writing or accumulating both
     * work. Returning NaN or ±∞ (or leaving a non-finite gradient) marks the point as invalid; the optimizer then
     * backs off rather than failing.
     *
     * @param gradsOut one matrix per parameter, to receive the gradient
     * @return the value f(θ)
     */
    double evaluate(List<DMatrixRMaj> gradsOut);
}
