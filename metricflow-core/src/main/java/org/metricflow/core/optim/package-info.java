/**
 * Optimizers over lists of parameter matrices (EJML {@code DMatrixRMaj}), updated in place.
 *
 * <h2>First-order methods ({@link org.metricflow.core.optim.Optimizer})</h2>
 * Given parameters θ and the gradient g = ∇_θ L of a loss, one step is θ ← θ − η_k u_k:
 * <ul>
 *   <li>{@link org.metricflow.core.optim.Sgd}: u = g (+ λθ), or with momentum v ← μv + g, u = v (heavy ball) or
 *       u = g + μv (Nesterov);</li>
 *   <li>{@link org.metricflow.core.optim.Adam}: bias-corrected moment estimates m̂ = m/(1 − β1^t),
 *       v̂ = v/(1 − β2^t) of g and g², u = m̂/(√v̂ + ε), with decoupled weight decay θ ← θ(1 − ηλ) (AdamW) and the
 *       AMSGrad variant v̂ ← max over time.</li>
 * </ul>
 * The learning rate η_k is fixed, set by hand, or given by a
 * {@link org.metricflow.core.optim.LearningRateSchedule} (constant, exponential and step decay, cosine annealing,
 * linear warm-up). The mutable state (step count, moment buffers) can be exported and restored as plain arrays
 * with {@link org.metricflow.core.optim.OptimizerState} for checkpoints.
 *
 * <h2>Quasi-Newton ({@link org.metricflow.core.optim.Lbfgs})</h2>
 * L-BFGS minimises an {@link org.metricflow.core.optim.Objective} f(x) over the flat vector x of all parameter
 * entries. With s_i = x_{i+1} − x_i, y_i = ∇f_{i+1} − ∇f_i and ρ_i = 1/(y_iᵀs_i), the inverse Hessian is
 * approximated by m BFGS updates H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ of H⁰ = (sᵀy/yᵀy) I, applied to ∇f by the
 * two-loop recursion in O(mn). Steps x ← x + α d satisfy the strong Wolfe conditions
 * f(x + αd) ≤ f(x) + c1 α ∇fᵀd and |∇f(x + αd)ᵀd| ≤ c2 |∇fᵀd| (c1 = 1e-4, c2 = 0.9), which guarantee
 * yᵀs &gt; 0 and hence a positive definite H. Trial points where f is NaN/∞ are backed off from, and the
 * parameters never keep such a point.
 *
 * <p>Implementation helpers live in {@code org.metricflow.core.optim.internal}.
 */
package org.metricflow.core.optim;
