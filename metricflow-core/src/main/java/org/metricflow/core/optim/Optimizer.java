package org.metricflow.core.optim;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * A first-order optimizer that updates parameters in place from their gradients:
 * θ_{k+1} = θ_k − η_k · u_k(g_0, …, g_k), where the update direction u_k depends on the optimizer
 * (plain gradient, momentum, Adam's normalised moments, …) and η_k is the learning rate of step k.
 *
 * <p><b>Configuration versus state.</b> Implementations keep their configuration (β's, momentum, weight
 * decay, schedule) immutable and their mutable state (step count, learning rate, per-parameter moment
 * buffers) inside the instance. Per-parameter buffers are keyed by the parameter's <em>position</em> in the
 * list and created lazily on the first step; every later step must pass a list of the same length with the
 * same shapes in the same order, otherwise {@link #step} throws. Use one optimizer per parameter list, or
 * {@link #reset()} it. Instances are not thread-safe.
 *
 * <p><b>Mutation contract.</b> {@link #step} writes only into the matrices of {@code params} (and the
 * optimizer's own state). Gradients, the lists themselves and any other matrix are left untouched. If the
 * arguments are invalid (shape mismatch, non-finite gradient) nothing at all is modified.
 */
public interface Optimizer {

    /**
     * Performs one update θ_i ← θ_i − η·u_i for every parameter θ_i = {@code params.get(i)} with gradient
     * g_i = {@code grads.get(i)} (same shape), then increments {@link #steps()}.
     *
     * @throws IllegalArgumentException if the lists differ in length, a gradient's shape differs from its
     *     parameter's, the list differs in length or shapes from the previous steps, one matrix appears twice
     *     among the parameters, or a gradient holds NaN or ±∞ (the message names the index and the shapes)
     */
    void step(List<DMatrixRMaj> params, List<DMatrixRMaj> grads);

    /**
     * The learning rate η the next {@link #step} will use (from the schedule, if one is configured).
     */
    double learningRate();

    /**
     * Sets the learning rate used by the following steps, e.g. {@code opt.setLearningRate(s.rate(epoch))}
     * to follow a schedule in epochs rather than steps.
     *
     * @throws IllegalArgumentException if {@code rate} is negative or not finite
     * @throws IllegalStateException if the optimizer was configured with a step schedule (which owns the rate)
     */
    void setLearningRate(double rate);

    /**
     * The number of steps taken since construction or the last {@link #reset()}.
     */
    int steps();

    /**
     * A snapshot of the mutable state (step count, learning rate, moment buffers) as plain arrays.
     */
    OptimizerState state();

    /**
     * Replaces the mutable state by {@code state}, which must come from {@link #state()} of an optimizer of
     * the same kind; the next {@link #step} then continues exactly (bit for bit) as the exporting optimizer
     * would have.
     *
     * @throws IllegalArgumentException if the state belongs to another kind of optimizer or is inconsistent
     */
    void restore(OptimizerState state);

    /** Forgets all state: step count 0, moment buffers dropped, parameter shapes unknown. */
    void reset();
}
