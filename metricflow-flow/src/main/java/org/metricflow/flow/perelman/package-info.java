/**
 * Perelman's F-functional on periodic grids of T² and T³, its gradient flows, and the local-kernel limit of
 * neural-network metric flows (Halverson &amp; Ruehle, arXiv:2310.19870, §5).
 *
 * <h2>Discretization</h2>
 * A metric on T<sup>n</sup> = R<sup>n</sup>/(2πZ)<sup>n</sup> is stored by its n(n+1)/2 independent components at the
 * N<sup>n</sup> points of a uniform grid ({@link org.metricflow.flow.perelman.GridMetric}); coordinate derivatives
 * are Fourier spectral ({@link org.metricflow.flow.perelman.TorusGrid}), applied as the core Tensor op
 * {@link org.metricflow.core.autodiff.Tensor#alongGridAxis} (I ⊗ D ⊗ I, cost O(N<sup>n</sup>·N), adjoint Dᵀ), so
 * the curvature ({@link org.metricflow.flow.perelman.GridCurvature}: the library's Christoffel formula on spectral ∂g,
 * then spectral ∂Γ) and
 * F<sub>h</sub> = Σ<sub>p</sub> (R + |∇f|²) m ΔV, ΔV = (2π/N)<sup>n</sup> ({@link org.metricflow.flow.perelman.PerelmanFunctional})
 * are differentiable and autodiff gives the exact gradient of the discretized functional.
 *
 * <h2>Perelman's flow with fixed measure</h2>
 * With dm = m dx fixed and f = log(√det g/m): δF = −∫ δg<sub>ij</sub>(Ric + Hess f)<sup>ij</sup> dm, so the L²(dm)
 * gradient flow is ∂<sub>t</sub>g = −2(Ric + Hess f) and dF/dt = 2∫|Ric + Hess f|² dm ≥ 0. Since
 * Γ<sup>k</sup><sub>ki</sub> = ∂<sub>i</sub> log √det g, the second derivatives of log det g cancel:
 * Ric + Hess f = ∂<sub>k</sub>Γ<sup>k</sup><sub>ij</sub> + Γ<sup>k</sup><sub>kl</sub>Γ<sup>l</sup><sub>ij</sub> − Γ<sup>k</sup><sub>jl</sub>Γ<sup>l</sup><sub>ik</sub> −
 * ∂<sub>i</sub>∂<sub>j</sub> log m − Γ<sup>k</sup><sub>ij</sub>∂<sub>k</sub>f. The induced ∂<sub>t</sub>f = −Δf − R is a backward heat
 * equation: the fixed-measure flow is ill-posed forward in time (gauge modes ξ⊗ξ e<sup>iξ·x</sup> grow like
 * e<sup>|ξ|²t</sup>), so it is solved for short times only. The well-posed reference is Ricci–DeTurck flow
 * ∂<sub>t</sub>g = −2Ric + L<sub>W</sub>g, W<sup>k</sup> = g<sup>pq</sup>Γ<sup>k</sup><sub>pq</sub>, which flows a perturbed flat torus to a
 * flat metric ({@link org.metricflow.flow.perelman.TorusMetricFlow}, {@link org.metricflow.flow.perelman.TorusRicciFlow}).
 *
 * <h2>The local kernel and η</h2>
 * The metric flow ∂<sub>t</sub>g<sub>ij</sub>(x) = −η Σ<sub>y</sub> Σ<sub>kl</sub> Θ<sub>ij,kl</sub>(x,y) ∂L/∂g<sub>kl</sub>(y) of L = −F<sub>h</sub>
 * with Θ<sub>ij,kl</sub>(x,y) = (g<sub>ik</sub>g<sub>jl</sub> + g<sub>il</sub>g<sub>jk</sub>) δ(x,y)/m(x), δ(x,y) = δ<sub>xy</sub>/ΔV: since
 * ∂L/∂g<sub>kl</sub>(y) ≈ (Ric + Hess f)<sup>kl</sup>(y) m(y) ΔV (the quadrature weight), the 1/(m ΔV) of the kernel
 * cancels it and the symmetrization gives a factor 2: ∂<sub>t</sub>g = −2η(Ric + Hess f). So <b>η = 1</b> is exactly
 * Perelman's flow (checked to spectral accuracy). The flat kernel δ<sub>ik</sub>δ<sub>jl</sub>δ(x,y) with η = 2 instead
 * gives ∂<sub>t</sub>g = −2 m g<sup>−1</sup>(Ric + Hess f)g<sup>−1</sup>: another gradient flow of F (still monotone), equal to
 * Perelman's only where g = δ and m = 1.
 *
 * <h2>Neural realization</h2>
 * {@link org.metricflow.flow.perelman.PeriodicFourierNetwork}: the library's random Fourier features in their periodic
 * variant ({@link org.metricflow.nn.RandomFourierFeatures#periodic}: integer frequencies of bandwidth B), an
 * NTK-parametrized readout, metric g = L e<sup>H</sup> Lᵀ. Its NTK is
 * (g<sub>ik</sub>g<sub>jl</sub> + g<sub>il</sub>g<sub>jk</sub>) κ<sub>W,B</sub>(x,y)/√(m(x)m(y))ΔV + O(|H|²), and κ<sub>W,B</sub> → δ<sub>xy</sub> on the
 * grid as W → ∞ and B ≫ N: the network's continuous gradient flow on −F tends to Perelman's flow
 * ({@link org.metricflow.flow.perelman.PerelmanLimit} measures the distance).
 */
package org.metricflow.flow.perelman;
