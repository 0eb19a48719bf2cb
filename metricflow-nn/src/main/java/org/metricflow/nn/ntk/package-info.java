/**
 * Tangent kernels of models: the empirical NTK, the metric-NTK, the analytic infinite-width NNGP and NTK of
 * MLPs, and kernel diagnostics.
 *
 * <p><b>Empirical NTK.</b> For f: R^d → R^m with parameters θ ∈ R^P and Jacobian J(x) = ∂f(x)/∂θ (m×P),
 * Θ((x,a),(y,b)) = [J(x)J(y)ᵀ]_{ab}; over N points an (N·m)×(N·m) symmetric PSD matrix (index point·m + a),
 * assembled block by block (memory O(B·m·P) for B points per block), with kernel-vector products
 * Θv = J(Jᵀv) by one vector-Jacobian and one Jacobian-vector product. For MLPs the exact per-layer
 * factorization Θ = Σ_l (G_l G_lᵀ) ⊙ (c_w² H_{l−1}H_{l−1}ᵀ ⊗ 1 + c_b²) avoids Jacobians altogether. Under
 * gradient flow θ̇ = −η∇_θL the outputs follow ḟ = −η Θ ∂L/∂f (to first order in η for a discrete step).
 *
 * <p><b>Metric-NTK.</b> The same kernel for a model whose outputs are the independent real components of a
 * metric (Hermitian: g_{aā}, then Re g_{ab̄}, Im g_{ab̄} for a &lt; b; real symmetric: g_{ij}, i ≤ j): the
 * metric flows by ∂_t g_α(x) = −η Σ_{y,β} Θ_{(x,α),(y,β)} ∂L/∂g_β(y). For the φ-model g = g_FS + ∂∂̄φ the kernel
 * is the contracted fourth derivative ∂_a∂̄_b∂'_c∂̄'_d Θ_φ(x, y) of φ's scalar NTK; distributing the derivatives over
 * the per-layer factors ⟨δ_l(x), δ_l(y)⟩⟨h_{l−1}(x), h_{l−1}(y)⟩ by the product rule needs only the jets of δ_l and
 * h_{l−1} (1 + 2d + d² real channels per unit), so Θ costs two channel-Gram products per layer and block of points:
 * linear in the width instead of the parameter count (chosen automatically by {@code MetricNtk}).
 *
 * <p><b>Analytic kernels.</b> Σ¹ = σ_w² x·y/n_0 + σ_b²; Σˡ = σ_w² E[σ(u)σ(v)] + σ_b², Σ̇ˡ = σ_w² E[σ'(u)σ'(v)]
 * with (u,v) ~ N(0, Σˡ⁻¹); Θˡ = Θˡ⁻¹ ⊙ Σ̇ˡ + Tˡ with Tˡ = Σˡ (NTK parametrization: the width → ∞ limit) or
 * Tˡ = n_{l−1}(Σˡ − σ_b²)/σ_w² + 1 (standard parametrization: the leading large-width value at the actual
 * widths, which grows with width). Expectations: arc-cosine (relu) and Williams (erf) closed forms, or 2-D
 * Gauss–Hermite quadrature (piecewise Gauss–Legendre across kinks).
 *
 * <p><b>Diagnostics.</b> ‖Θ_t − Θ_0‖_F/‖Θ_0‖_F, centered kernel alignment ⟨HKH, HLH⟩/(‖HKH‖‖HLH‖),
 * eigenvalues of Θ and Θ_t − Θ_0, and the locality profile of Θ(x,y)/√(Θ(x,x)Θ(y,y)) against distance.
 */
package org.metricflow.nn.ntk;
