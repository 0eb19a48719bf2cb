/**
 * Internals of the networks and kernels (not API): per-layer NTK features of MLPs
 * (Θ = Σ_l (G_l G_lᵀ) ⊙ (c_w,l² H_{l−1}H_{l−1}ᵀ + c_b,l²)) and the Gaussian expectations
 * E[f(u) g(v)], (u, v) ~ N(0, [[k11, k12], [k12, k22]]), behind the analytic kernels.
 */
package org.metricflow.nn.internal;
