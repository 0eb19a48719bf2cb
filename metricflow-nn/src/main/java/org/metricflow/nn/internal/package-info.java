/**
 * Internals of the networks and kernels (not API): per-layer NTK features of MLPs
 * (Θ = Σ_l (G_l G_lᵀ) ⊙ (c_w,l² H_{l−1}H_{l−1}ᵀ + c_b,l²)) and the Gaussian expectations
 * E[f(u) g(v)], (u, v) ~ N(0, [[k11, k12], [k12, k22]]), behind the analytic kernels; and the values-only
 * curvature jets of a φ network ({@link org.metricflow.nn.internal.MlpCurvatureJets}): the streams (ψ, ∂ψ, ∂∂ψ,
 * ∂∂̄ψ) pushed forward by Faà di Bruno (h_ac = σ'a_ac + σ''a_a a_c, h_ab̄ = σ'a_ab̄ + σ''a_a a_b̄), the higher
 * orders ∂∂∂̄ψ and ∂∂∂̄∂̄ψ by one backward sweep of ρ = ∂φ/∂h and d complex adjoints μ^e of the (2,1)
 * derivatives, ψ_S = Σ_l ρ_l·N_l^S + ρ_0·f_S, with σ, …, σ'''' per neuron.
 */
package org.metricflow.nn.internal;
