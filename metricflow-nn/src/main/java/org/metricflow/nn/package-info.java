/**
 * Neural networks for metrics: activations, dense layers and MLPs in standard and NTK parametrization,
 * the forward-mode "jet" path that propagates first and second input derivatives through the layers,
 * random Fourier feature networks and linearized models. Every model implements {@link
 * org.metricflow.nn.Model} (batched apply, live parameter Tensors, flat parameter vector).
 *
 * <p><b>Parametrizations</b> (Jacot et al. 2018). An MLP computes h_0 = x, a_l = c_w h_{l−1} W_lᵀ + c_b b_l,
 * h_l = σ(a_l), with a linear output layer. Standard: W ~ N(0, σ_w²/n_in), b ~ N(0, σ_b²), c_w = c_b = 1.
 * NTK: W, b ~ N(0, 1), c_w = σ_w/√n_in, c_b = σ_b. Same function distribution at initialization, different
 * gradients; learning rates are never rescaled with width.
 *
 * <p><b>Jet path.</b> For a scalar MLP φ and r tangent directions per point (input tangents T_0 = ∂_u x,
 * stacked over the batch as (N·r)×d), forward: A_l = c_w T_{l−1} W_lᵀ, T_l = A_l ⊙ σ'(a_l); backward:
 * δ_L = c_w w_{L+1}, δ_{l−1} = c_w (δ_l ⊙ σ'(a_l)) W_l; then
 * <pre>
 *   ∂_uφ = c_w T_L w_{L+1}ᵀ,
 *   ∂_u∂_vφ = Σ_l Σ_k σ''(a_lk) δ_lk A_l[u,k] A_l[v,k] + Σ_i (∂φ/∂x_i) ∂_u∂_v x_i.
 * </pre>
 * Complex form: with holomorphic tangents ∂_a x (complex) and real pre-activations (∂̄_b a = conj ∂_b a),
 * ∂_a∂̄_bφ = Σ_l Σ_k σ''(a_lk) δ_lk (∂_a a_lk) conj(∂_b a_lk) + Σ_i (∂φ/∂x_i) ∂_a∂̄_b x_i, obtained from the real
 * jet along the 2d directions Re ∂_a x, Im ∂_a x: with G the real Gram term,
 * Re = G[a,b] + G[d+a,d+b], Im = G[d+a,b] − G[a,d+b]. All steps are differentiable Tensor ops: the parameter
 * gradient of a loss on ∂∂̄φ is one first-order backward pass.
 *
 * <p><b>Random features and linearization.</b> f(x) = √(2/K) Σ c_k cos(s ν_k·x + β_k), ν ~ N(0, I), has the
 * Gaussian tangent kernel exp(−s²|x−y|²/2) in the limit K → ∞; f_lin(x; θ) = f(x; θ0) + J(x; θ0)(θ − θ0) has
 * the constant kernel J(θ0)J(θ0)ᵀ.
 */
package org.metricflow.nn;
