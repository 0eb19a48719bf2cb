/**
 * Complex projective varieties: polynomials, sampling, the Fubini–Study Kähler metric, volumes and σ.
 *
 * <h2>Objects</h2>
 * <ul>
 *   <li>{@link org.metricflow.geometry.complex.Polynomial}: Q(z) = Σ c<sub>t</sub> z<sup>e<sub>t</sub></sup>, parsed
 *       from text, batched value / holomorphic gradient ∂Q/∂z<sub>j</sub> / Hessian ∂²Q/∂z<sub>j</sub>∂z<sub>k</sub>.</li>
 *   <li>{@link org.metricflow.geometry.complex.ProjectiveSpace}: CP<sup>n</sup> with K<sub>FS</sub> =
 *       (1/2π) log|z|² and g = ∂∂̄K<sub>FS</sub>.</li>
 *   <li>{@link org.metricflow.geometry.complex.ProjectiveVariety}: X = {Q<sub>1</sub> = … = Q<sub>k</sub> = 0} ⊂
 *       CP<sup>n</sup>, d = n − k, named families and CLI specs, {@code sample(count, seed)}.</li>
 *   <li>{@link org.metricflow.geometry.complex.PointSet}: the sampled points and everything needed to integrate
 *       (documented flat layout).</li>
 *   <li>{@link org.metricflow.geometry.complex.KahlerMetrics}: pullback g = P H P<sup>†</sup> of any ambient
 *       Hermitian form (FS first) and batched determinants.</li>
 *   <li>{@link org.metricflow.geometry.complex.KahlerIntegrals} and
 *       {@link org.metricflow.core.stats.Estimate}: Vol<sub>ω</sub>, Vol<sub>Ω</sub>, κ, σ with standard
 *       errors.</li>
 * </ul>
 *
 * <h2>Conventions (ARCHITECTURE §4)</h2>
 * Homogeneous coordinates z ∈ C<sup>n+1</sup>; g<sub>a b̄</sub> = ∂<sub>a</sub>∂̄<sub>b</sub>K with Wirtinger
 * derivatives ∂ = (∂<sub>x</sub> − i∂<sub>y</sub>)/2; ω = i g<sub>a b̄</sub> dz<sup>a</sup>∧dz̄<sup>b</sup>. With
 * K<sub>FS</sub> = (1/2π) log|z|²: ∫<sub>CP<sup>1</sup></sub>ω = 1 and ∫<sub>X</sub>ω<sub>FS</sub><sup>d</sup> = Π deg Q<sub>r</sub>
 * (5 for the quintic). On X, a point is normalized to the patch of its largest |z<sub>i</sub>| (that coordinate is
 * exactly 1); the eliminated coordinate(s) maximize |∂Q/∂z<sub>e</sub>| (|det ∂Q<sub>r</sub>/∂z<sub>e</sub>| for
 * complete intersections); the remaining d coordinates x<sub>a</sub> are the local holomorphic coordinates. The
 * implicit function theorem gives ∂z<sub>E</sub>/∂x = −J<sub>E</sub><sup>−1</sup>J<sub>x</sub>, hence the pullback
 * Jacobian P and g<sub>X</sub> = P g<sub>amb</sub> P<sup>†</sup>.
 *
 * <h2>Measures</h2>
 * ω<sup>d</sup> = d!·det g·Π(i dx<sup>a</sup>∧dx̄<sup>a</sup>), i dx∧dx̄ = 2 dRe x∧dIm x;
 * dVol<sub>Ω</sub> = |Ω|²Π(i dx<sup>a</sup>∧dx̄<sup>a</sup>), |Ω|² = 1/|det J<sub>E</sub>|². The sampler's density is
 * ω<sub>FS</sub><sup>d</sup>/Vol<sub>FS</sub> (Shiffman–Zelditch: zeros of a unitarily invariant random linear
 * section are equidistributed with respect to ω<sub>FS</sub>), the weights are w = |Ω|²/(d!·det g<sub>FS</sub>) =
 * dVol<sub>Ω</sub>/ω<sub>FS</sub><sup>d</sup>, and ∫<sub>X</sub> f dVol<sub>Ω</sub> ≈ (Vol<sub>FS</sub>/N)Σ f w.
 * σ = (1/Vol<sub>Ω</sub>)∫|1 − (ω<sup>d</sup>/Vol<sub>ω</sub>)/(dVol<sub>Ω</sub>/Vol<sub>Ω</sub>)| dVol<sub>Ω</sub>.
 *
 * <h2>Array layout</h2>
 * All batched arrays are flat, interleaved complex (re at even, im at odd index), point-major: coordinates
 * {@code [2(p·m + j)]}, m×m or d×d matrices row-major {@code [2((p·c + a)·c + b)]}. No objects per point.
 */
package org.metricflow.geometry.complex;

