/**
 * The compute kernels that serve only the φ-model (not API; reached through
 * {@link org.metricflow.nn.phi.PhiModel} and its accelerated implementation).
 *
 * <p>The φ-model's metric-NTK
 * by the per-layer factorization of the empirical NTK differentiated along the local holomorphic directions
 * ({@link org.metricflow.nn.phi.internal.PhiMetricNtkKernel}): with the jets (value, ∂_a, the d² real parts of ∂_a∂̄_b) of
 * δ_l = ∂φ/∂a_l and h_{l−1} and the product rule D_α(PQ) = Σ C^α_st P_s Q_t,
 * Θ_αβ(x,y) = Σ_l Σ C^α_st C^β_s't' ⟨δ_s(x), δ_s'(y)⟩ (c_w,l² ⟨h_t(x), h_t'(y)⟩ + c_b,l² [t = t' = value]).
 *
 * <p>The fused φ-model training step ({@link org.metricflow.nn.phi.internal.PhiStepKernel}): per point the value and
 * the 2d real tangent rows pass through each layer, A<sub>l</sub> = c<sub>l</sub>T<sub>l−1</sub>W<sub>l</sub>ᵀ,
 * T<sub>l</sub> = A<sub>l</sub> ⊙ σ'(a<sub>l</sub>); δ<sub>l−1</sub> = c<sub>l</sub>(δ<sub>l</sub> ⊙ σ'(a<sub>l</sub>))W<sub>l</sub>;
 * the real Hessian along the rows is G = Σ<sub>l</sub> A<sub>l</sub> diag(σ''(a<sub>l</sub>) ⊙ δ<sub>l</sub>) A<sub>l</sub>ᵀ,
 * whose complex form plus Σ δ<sub>0</sub> ∂∂̄x and g<sub>FS</sub> is the metric; the reverse sweep of the
 * Monge–Ampère loss through all of it is written out by hand. Its building blocks: the FMA products of
 * {@link org.metricflow.core.linalg.internal.PanelProducts} (forward, δ chains) and
 * {@link org.metricflow.core.linalg.internal.RowProducts} (on row arrays: the downward product and the weight
 * gradients Σ<sub>p</sub> [Ā; ā; e]ᵀ[T; h; δ̄], reading A transposed in place), the per-point Gram contraction G and
 * its reverse in one register-blocked sweep each ({@code GramKernels}), and the fused activation kernels of
 * {@link org.metricflow.nn.internal.ActivationKernels}. Each chunk of 32 points writes its weight gradients into its
 * own slot, and the slots are added in chunk order; chunks run in groups whose slots fit 512 MB, each group's slots
 * added before the next runs, so the step's memory is bounded at any width with the same sums.
 *
 * <p>The values-only
 * curvature jets of a φ network ({@link org.metricflow.nn.phi.internal.MlpCurvatureJets}): the streams (ψ, ∂ψ, ∂∂ψ,
 * ∂∂̄ψ) pushed forward by Faà di Bruno (h_ac = σ'a_ac + σ''a_a a_c, h_ab̄ = σ'a_ab̄ + σ''a_a a_b̄), the higher
 * orders ∂∂∂̄ψ and ∂∂∂̄∂̄ψ by one backward sweep of ρ = ∂φ/∂h and d complex adjoints μ^e of the (2,1)
 * derivatives, ψ_S = Σ_l ρ_l·N_l^S + ρ_0·f_S, with σ, …, σ'''' per neuron.
 *
 * <p>The fused Ricci loss ({@link org.metricflow.nn.phi.internal.PhiRicciKernel}): every neuron carries its full
 * truncated Taylor polynomial in (x, x̄) to bidegree (2,2), packed in M² real rows (M = 1 + d + d(d+1)/2;
 * {@link org.metricflow.nn.phi.internal.BidegreeJetAlgebra}); a layer is a GEMM on those rows and
 * h = Σ<sub>k≤4</sub> σ<sup>(k)</sup>(a₀)ε<sup>k</sup>/k! with ε = a − a₀ (products by precomputed bilinear tables); ψ's
 * rows give g, ∂g, ∂∂̄g, whose Ricci norm tr((g<sup>−1</sup>Ric)²) and its gradient
 * ({@link org.metricflow.nn.phi.internal.RicciNormAdjoint}) seed the reverse sweep: the tables' transposes, σ̄<sub>k</sub> =
 * ⟨h̄, ε<sup>k</sup>⟩ into ā₀ with σ<sup>(k+1)</sup>, and W̄ = c<sub>w</sub>Āᵀh, h̄ = c<sub>w</sub>ĀW per layer.
 */
package org.metricflow.nn.phi.internal;
