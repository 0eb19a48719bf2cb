/**
 * Reverse-mode automatic differentiation over batched matrices, to any order.
 *
 * <h2>Model</h2>
 * A {@link org.metricflow.core.autodiff.Tensor} is one node of a directed acyclic graph and holds a
 * rows×cols matrix (rows = a batch of points). Each operation y = op(p_1, …, p_k) stores its value, its
 * parents and a backward rule, the vector-Jacobian product
 * <pre>
 *   ∂L/∂p_i = Σ_{entries} (∂L/∂y) ∘ ∂y/∂p_i ,
 * </pre>
 * written with Tensor operations. {@link org.metricflow.core.autodiff.Autodiff} sweeps the graph once from
 * the output to the requested nodes, in reverse topological order, summing the contributions of all paths
 * (the multivariate chain rule), and skipping nodes that are on no path from a target to the output.
 *
 * <h2>Higher order</h2>
 * Because backward rules are themselves Tensor operations, running them with recording on
 * ({@link org.metricflow.core.autodiff.Autodiff#gradGraph}) produces gradients that are graph nodes, and
 * differentiating those gives Hessian-vector products, third and fourth derivatives, and so on. Running the
 * same rules with recording off ({@link org.metricflow.core.autodiff.Autodiff#grad}) gives the values
 * only, without building nodes; both modes compute bit-identical numbers. Forward directional derivatives
 * (J·v) use the double-vjp identity J·v = ∇_u ⟨Jᵀu, v⟩.
 *
 * <h2>Batches and per-point derivatives</h2>
 * For a row-wise function f (row i of f(x) depends only on row i of x), ∂(Σ_i f_i)/∂x has the per-point
 * gradients as its rows. {@link org.metricflow.core.autodiff.Autodiff#jacobian} and
 * {@link org.metricflow.core.autodiff.Autodiff#hessian} use this to compute N per-point Jacobians (N×(m·d))
 * and Hessians (N×d²) with m (or d) backward sweeps. Batched small-matrix operations (det, inverse, trace,
 * products) act on rows holding an n×n matrix row-major, with ∂det A = det A · A^{−T} and
 * ∂(A^{−1}) = −A^{−1} (∂A) A^{−1}.
 *
 * <h2>Complex variables</h2>
 * Complex quantities are real/imaginary pairs ({@link org.metricflow.core.autodiff.ComplexTensor}); the
 * Wirtinger derivatives ∂_z = (∂_x − i∂_y)/2 and ∂_z̄ = (∂_x + i∂_y)/2 and the complex Hessian ∂_a∂̄_b come
 * from real derivatives via {@link org.metricflow.core.autodiff.Wirtinger}.
 */
package org.metricflow.core.autodiff;
