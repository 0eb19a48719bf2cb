/**
 * Riemannian metrics on charts and their curvature.
 *
 * <p>A {@link org.metricflow.geometry.riemann.MetricField} gives g<sub>ij</sub>(x) as a differentiable function
 * of the coordinates; {@link org.metricflow.geometry.riemann.Curvature} differentiates it by reverse-mode
 * automatic differentiation and evaluates, with g<sup>ij</sup> the inverse metric,
 * <pre>
 * Γ^k_ij  = ½ g^{kl} (∂_i g_jl + ∂_j g_il − ∂_l g_ij)
 * R^i_jkl = ∂_k Γ^i_lj − ∂_l Γ^i_kj + Γ^i_km Γ^m_lj − Γ^i_lm Γ^m_kj
 * Ric_jl  = R^i_jil,   R = g^{jl} Ric_jl,   G_ij = Ric_ij − ½ R g_ij
 * K(u,v)  = R_abcd u^a v^b u^c v^d / (g(u,u) g(v,v) − g(u,v)²)
 * </pre>
 * so that the unit round S<sup>n</sup> has K = 1, Ric = (n−1)g and R = n(n−1). Covariant derivatives, the
 * Hessian ∇<sub>i</sub>∇<sub>j</sub>f = ∂<sub>i</sub>∂<sub>j</sub>f − Γ<sup>k</sup><sub>ij</sub>∂<sub>k</sub>f, the Laplacian
 * Δf = g<sup>ij</sup>∇<sub>i</sub>∇<sub>j</sub>f and the divergence of symmetric 2-tensors follow the same conventions.
 * {@link org.metricflow.geometry.riemann.StandardMetrics} lists metrics with known curvature, and
 * {@link org.metricflow.geometry.riemann.ChartIntegration} integrates against dV = √det g d<sup>n</sup>x.
 */
package org.metricflow.geometry.riemann;
