/**
 * Reference solvers for the Ricci flow ∂<sub>t</sub>g = −2 Ric (Hamilton), used to check the neural metric flows
 * of {@code org.metricflow.flow} and as user-facing tools: rotationally symmetric metrics on S² and S³
 * ({@link org.metricflow.flow.ricci.RotationalMetric}, {@link org.metricflow.flow.ricci.RotationalRicciFlow}) and
 * homogeneous metrics on S³ = SU(2) ({@link org.metricflow.flow.ricci.BergerMetric},
 * {@link org.metricflow.flow.ricci.BergerRicciFlow}). Conventions as in docs/ARCHITECTURE.md §4: the round S<sup>n</sup> of
 * radius r has R = n(n−1)/r² and shrinks as r(t)² = r<sub>0</sub>² − 2(n−1)t.
 *
 * <h2>Rotationally symmetric metrics</h2>
 * A metric g = dr² + ψ(r)² g<sub>S<sup>n−1</sup></sub>, r ∈ [0, L], is smooth at the poles iff ψ is odd about r = 0
 * and r = L with ψ'(0) = 1 = −ψ'(L). Writing it with the polar angle x ∈ [0, π] of the round sphere as a
 * conformal coordinate,
 * <pre>  g = e^{2u(x)} (dx² + sin²x g_{S^{n−1}}),   ψ = e^u sin x,   dr = e^u dx,</pre>
 * the pole conditions become "u is smooth and even about x = 0 and x = π" — no condition on values, so a
 * discretization with even reflection at the poles satisfies them automatically. The sectional curvatures are
 * <pre>  K_rad = −ψ''/ψ = e^{−2u}(1 − u_xx − u_x cot x),   K_tan = (1 − ψ'²)/ψ² = e^{−2u}(1 − 2u_x cot x − u_x²),</pre>
 * with Ric = (n−1)K_rad dr² + (K_rad + (n−2)K_tan)ψ² g<sub>S<sup>n−1</sup></sub> and
 * R = 2(n−1)K_rad + (n−1)(n−2)K_tan; the regular-looking terms u_x cot x are even and smooth.
 *
 * <p><b>Gauge.</b> The Ricci flow does not preserve the conformal form for n ≥ 3 (Ric is not pure trace), so we
 * solve the equivalent flow ∂<sub>t</sub>g = −2Ric + L<sub>V</sub>g with V = v(x)∂<sub>x</sub> chosen to keep it:
 * comparing the dx² and sphere components gives v<sub>x</sub> − v cot x = (n−2)(K_rad − K_tan), i.e.
 * <pre>  v = (n−2) sin x (I(x) − I(π)/2),   I(x) = ∫_0^x (K_rad − K_tan)/sin y dy,</pre>
 * (K_rad − K_tan = O(x²) at a smooth pole, so the integral converges; the constant −I(π)/2, a conformal
 * dilation, is fixed so that V is symmetric and does not push the metric towards one pole), and
 * <pre>  ∂_t u = −(K_rad + (n−2)K_tan) + v (u_x + cot x).</pre>
 * The principal part is e<sup>−2u</sup>u<sub>xx</sub>: a strictly parabolic scalar equation (the DeTurck idea:
 * fixing a gauge removes the degeneracy of the Ricci flow), with a nonlocal first-order term. For n = 2, v = 0
 * and this is the classical u<sub>t</sub> = −K = e<sup>−2u</sup>(Δ<sub>S²</sub>u − 1). Geometric quantities
 * (curvatures, volume, λ) are gauge-invariant. A round sphere (u constant) stays exactly round in this gauge.
 *
 * <p><b>Discretization.</b> Method of lines: u at the centres of N cells of ξ ∈ [0, π] with x = ξ − (α/2) sin 2ξ
 * (α = 0.9, used for dumbbells, puts ten times more cells per unit x near the poles, where their caps sit in this
 * coordinate), second-order central differences with even ghost cells, the integral by cumulative midpoint sums,
 * time by adaptive Dormand–Prince 5(4) ({@code org.metricflow.core.ode}). Spatial error O(N<sup>−2</sup>). The
 * solver stops when a cell is longer than 0.5 curvature radii (e<sup>u</sup>Δx·√|K| &gt; 0.5), i.e. when a
 * singularity (neckpinch, extinction) is no longer resolved.
 *
 * <p><b>Perelman's λ.</b> λ(g) = inf { F(g, f) = ∫(R + |∇f|²)e<sup>−f</sup>dV : ∫e<sup>−f</sup>dV = 1 }; with
 * w = e<sup>−f/2</sup>, F = ∫(4|∇w|² + Rw²)dV and ∫w²dV = 1, so λ is the lowest eigenvalue of −4Δ + R. Its
 * positive ground state is unique, hence rotationally symmetric, and λ solves the Sturm–Liouville problem
 * −4(p w')' + R m w = λ m w with p = e<sup>(n−2)u</sup> sin<sup>n−1</sup>x, m = e<sup>nu</sup> sin<sup>n−1</sup>x
 * (p = 0 at the poles is the natural boundary condition), discretized by finite volumes into a symmetric
 * tridiagonal matrix whose lowest eigenvalue is found by Sturm bisection. Perelman: λ is non-decreasing along the
 * Ricci flow; λ = n(n−1)/r² on the round sphere (w constant).
 *
 * <p><b>Known behaviour, used by the tests.</b> On S² the volume decreases at the constant rate 8π (Gauss–Bonnet),
 * so the extinction time is Vol/(8π), and the normalized flow becomes round (Hamilton, Chow): the pinching
 * min K/max K → 1. On S³ a dumbbell with a long enough neck develops a neckpinch (Angenent–Knopf): the neck
 * curvature blows up like 1/(T − t) while the caps stay bounded.
 *
 * <h2>Homogeneous metrics on S³</h2>
 * Left-invariant metrics diagonal in a Milnor frame, g = aθ<sub>1</sub>² + bθ<sub>2</sub>² + cθ<sub>3</sub>²; Milnor's
 * formulas give the principal Ricci curvatures Ric(e<sub>1</sub>, e<sub>1</sub>) = 2(a − b + c)(a + b − c)/(abc)
 * (cyclically), so the Ricci flow is the ODE da/dt = −4(a − b + c)(a + b − c)/(bc); a round sphere a = b = c = r²
 * follows a = r<sub>0</sub>² − 4t. For a homogeneous metric the minimizer of F is f = const, so λ = R.
 */
package org.metricflow.flow.ricci;
