/**
 * Internals of the networks and kernels (not API): per-layer NTK features of MLPs
 * (Θ = Σ_l (G_l G_lᵀ) ⊙ (c_w,l² H_{l−1}H_{l−1}ᵀ + c_b,l²)) and the Gaussian expectations
 * E[f(u) g(v)], (u, v) ~ N(0, [[k11, k12], [k12, k22]]), behind the analytic kernels; the φ-model's metric-NTK
 * by the same factorization differentiated along the local holomorphic directions
 * ({@link org.metricflow.nn.internal.PhiMetricKernel}): with the jets (value, ∂_a, the d² real parts of ∂_a∂̄_b) of
 * δ_l = ∂φ/∂a_l and h_{l−1} and the product rule D_α(PQ) = Σ C^α_st P_s Q_t,
 * Θ_αβ(x,y) = Σ_l Σ C^α_st C^β_s't' ⟨δ_s(x), δ_s'(y)⟩ (c_w,l² ⟨h_t(x), h_t'(y)⟩ + c_b,l² [t = t' = value]).
 */
package org.metricflow.nn.internal;
