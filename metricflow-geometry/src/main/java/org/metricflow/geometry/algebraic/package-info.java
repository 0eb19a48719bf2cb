/**
 * Donaldson's algebraic (balanced) Kähler metrics on projective varieties X ⊂ CP<sup>n</sup>: the classical
 * "fixed" approximation to Ricci-flat metrics the learned metrics are compared with.
 *
 * <h2>Sections</h2>
 * {@link org.metricflow.geometry.algebraic.SectionBasis}: a basis s<sub>0</sub>..s<sub>N−1</sub> of
 * H<sup>0</sup>(X, O(k)) by the degree-k monomials not divisible by the (lexicographic) leading monomial(s) of the
 * defining polynomial(s) — the standard monomials of the Gröbner basis {Q}, a basis of
 * C[z]<sub>k</sub>/(Q)<sub>k</sub> = H<sup>0</sup>(X, O(k)). Quintic: N<sub>k</sub> = C(k+4, 4) − C(k−1, 4).
 *
 * <h2>Algebraic potentials and metrics</h2>
 * For positive Hermitian H (N×N), {@link org.metricflow.geometry.algebraic.AlgebraicPotential}:
 * <blockquote>K<sub>k</sub> = (1/(2πk)) log S,  S = s<sup>†</sup>Hs = Σ s̄<sub>α</sub>H<sub>αβ</sub>s<sub>β</sub>,<br>
 *   G<sub>i j̄</sub> = ∂<sub>i</sub>∂̄<sub>j</sub>K<sub>k</sub> = (1/(2πk)) (∂<sub>i</sub>∂̄<sub>j</sub>S/S − ∂<sub>i</sub>S ∂̄<sub>j</sub>S/S²),</blockquote>
 * in the conventions of {@link org.metricflow.geometry.complex} (docs/ARCHITECTURE.md §4): with k = 1, s = z, H = I this is
 * K<sub>FS</sub> = (1/2π) log|z|², and every such metric is in the class of ω<sub>FS</sub>, so ∫<sub>X</sub>ω<sup>d</sup>
 * = Π deg Q. G is pulled back to X with the point set's Jacobian (g = P G P<sup>†</sup>), giving det g, κ and σ
 * through {@link org.metricflow.geometry.complex.KahlerIntegrals}. Both FS
 * ({@link org.metricflow.geometry.algebraic.FubiniStudyPotential}) and algebraic potentials implement
 * {@link org.metricflow.geometry.algebraic.AmbientKahlerPotential}.
 *
 * <h2>Balanced metrics (Donaldson 2001, 2005; Douglas–Karp–Lukic–Reinbacher 2006)</h2>
 * {@link org.metricflow.geometry.algebraic.DonaldsonIteration}:
 * <blockquote>T(H) = (N/Vol<sub>Ω</sub>) ∫<sub>X</sub> s s<sup>†</sup> / (s<sup>†</sup>Hs) dVol<sub>Ω</sub>,   H balanced ⇔ T(H) = H<sup>−1</sup>,<br>
 *   H<sub>n+1</sub> = T(H<sub>n</sub>)<sup>−1</sup> (normalized to tr H = N),</blockquote>
 * integrated by Monte Carlo with the Ω-weights of a {@link org.metricflow.geometry.complex.PointSet}. The integrand
 * uses the volume form dVol<sub>Ω</sub> ∝ Ω∧Ω̄ of the Calabi–Yau (the "Ω-balanced" variant of Douglas et al.), whose
 * balanced metrics ω<sub>k</sub> converge to the Ricci-flat metric as k → ∞, with σ<sub>k</sub> = O(1/k²). Always
 * tr(H T(H)) = N; the stopping criterion is the balance residual ‖H T(H) − I‖<sub>F</sub>/√N. The result is a
 * {@link org.metricflow.geometry.algebraic.BalancedMetric} (potential and iteration report). Hermitian matrices
 * ({@link org.metricflow.geometry.algebraic.HermitianMatrix}) are inverted by Cholesky factorization of their real
 * embedding [[A, −B], [B, A]].
 *
 * <h2>Reference values</h2>
 * Fermat quintic: σ<sub>k</sub> ≈ 0.39, 0.26, 0.20, 0.14 for k = 1..4 in the literature (docs/ARCHITECTURE.md §7); this
 * implementation gives 0.375, 0.275, 0.198, 0.134 and, for k = 5, 0.093 (published 0.10) on 10<sup>5</sup> points
 * (see the tests and docs/BENCHMARKS.md).
 *
 * <h2>Array layout</h2>
 * Flat, interleaved complex, point-major as in {@link org.metricflow.geometry.complex}: section values
 * {@code [2(p·N + α)]}, derivatives {@code [2((p·N + α)·m + j)]}, ambient metrics {@code [2((p·m + i)·m + j)]},
 * Hermitian matrices row-major {@code [2(αN + β)]}.
 */
package org.metricflow.geometry.algebraic;
