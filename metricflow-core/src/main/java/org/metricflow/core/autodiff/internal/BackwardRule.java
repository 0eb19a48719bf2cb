package org.metricflow.core.autodiff.internal;

import org.metricflow.core.autodiff.Tensor;

/**
 * The backward (vector-Jacobian) rule of one graph node.
 *
 * <p>For a node y = op(p_0, …, p_{k−1}) and the incoming gradient G = ∂L/∂y (same shape as y), the rule
 * returns the contributions ∂L/∂p_i = Σ G ∘ ∂y/∂p_i, each with the shape of p_i. Rules are written with
 * {@code Tensor} operations only, so when graph recording is on the returned gradients are themselves
 * differentiable graph nodes (any order), and when it is off the very same arithmetic runs as a plain,
 * values-only computation.
 */
@FunctionalInterface
public interface BackwardRule {
    /**
     * @param self   the node whose gradient is propagated (its value may be reused, e.g. exp)
     * @param grad   ∂L/∂self, same shape as {@code self}
     * @param needed {@code needed[i]} tells whether parent i lies on a path to a differentiation target;
     *               the rule may return {@code null} for parents that are not needed
     * @return one contribution per parent (or {@code null} when not needed)
     */
    Tensor[] apply(Tensor self, Tensor grad, boolean[] needed);
}
