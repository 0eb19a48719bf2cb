/**
 * Internals of the networks and their NTKs (not API; "kernel" here means a compute loop): per-layer NTK features of MLPs
 * (Θ = Σ_l (G_l G_lᵀ) ⊙ (c_w,l² H_{l−1}H_{l−1}ᵀ + c_b,l²)) and the Gaussian expectations
 * E[f(u) g(v)], (u, v) ~ N(0, [[k11, k12], [k12, k22]]), behind the analytic NTKs;
 * the fused activation kernels ({@link org.metricflow.nn.internal.ActivationKernels}: σ, σ', σ'', σ''' in one
 * pass; the normal CDF of gelu and erf from a tabulated Taylor expansion). The kernels that serve only the φ-model
 * live in {@code org.metricflow.nn.phi.internal}.
 */
package org.metricflow.nn.internal;
