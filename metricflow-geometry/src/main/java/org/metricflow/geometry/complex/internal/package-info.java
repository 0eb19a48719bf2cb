/**
 * Internals of {@code org.metricflow.geometry.complex}; not API.
 *
 * <ul>
 *   <li>{@link org.metricflow.geometry.complex.internal.PolynomialKernel}: allocation-free evaluation of Q, ∇Q
 *       (prefix/suffix products over the nonzero exponents of each monomial, so no division by z<sub>j</sub>), the
 *       Hessian, and the coefficients of t ↦ Q(b + t v) by expanding every monomial as a product of the linear
 *       factors b<sub>j</sub> + t v<sub>j</sub>.</li>
 *   <li>{@link org.metricflow.geometry.complex.internal.PolynomialParser}: recursive descent with columns in
 *       errors.</li>
 *   <li>{@link org.metricflow.geometry.complex.internal.UnivariateRoots}: Aberth–Ehrlich iteration
 *       t<sub>k</sub> ← t<sub>k</sub> − N<sub>k</sub>/(1 − N<sub>k</sub>Σ<sub>j≠k</sub>(t<sub>k</sub> − t<sub>j</sub>)<sup>−1</sup>),
 *       N = p/p′.</li>
 *   <li>{@link org.metricflow.geometry.complex.internal.LineSampler}: random lines b + t v with Gaussian b, v; all
 *       roots; Newton polish on Q along the line (parameter kept bounded by swapping b and v when |t| &gt; 1).</li>
 *   <li>{@link org.metricflow.geometry.complex.internal.CompleteIntersectionSampler}: random k-planes, total-degree
 *       homotopy (1 − τ)γG + τF with the gamma trick, RK4 predictor and Newton corrector, in a random affine chart of
 *       the plane.</li>
 *   <li>{@link org.metricflow.geometry.complex.internal.PointGeometry}: patch normalization, eliminated
 *       coordinates, |Ω|², pullback Jacobian, det g<sub>FS</sub> = det[(1/2π)((PP<sup>†</sup>)/|z|² − u u<sup>†</sup>/|z|⁴)],
 *       u = P z̄, and weights.</li>
 *   <li>Small complex matrix algebra (Hermitian determinants, adjugates, LU determinants and solves) comes from
 *       {@link org.metricflow.core.linalg.internal.SmallComplexMatrices}, shared by every module.</li>
 *   <li>{@link org.metricflow.core.parallel.Parallel}: fixed-count workers over chunk indices; every
 *       chunk owns its random stream {@code Rng.stream(seed, chunk)} and its output range, so results are
 *       bit-identical for any number of threads.</li>
 *   <li>{@link org.metricflow.geometry.complex.internal.EmbeddingJets}: the holomorphic 2-jet (ι, ι<sub>a</sub>,
 *       ι<sub>ac</sub>) of the embedding of X or CP<sup>n</sup> at each point; ι<sup>E</sup><sub>ac</sub> =
 *       −J<sub>E</sub><sup>−1</sup>(ι<sub>a</sub><sup>T</sup>HessQ ι<sub>c</sub>) from Q(ι(x)) ≡ 0.</li>
 *   <li>{@link org.metricflow.geometry.complex.internal.HermitianNormJets}: the analytic path, g, ∂g, ∂∂̄g of
 *       κ log⟨v, v⟩ for holomorphic v: the cumulants of the set-partition formula for derivatives of log s, evaluated
 *       as inner products of the centred derivatives ṽ<sub>a</sub> = v<sub>a</sub> − m<sub>a</sub>v,
 *       ŵ<sub>ac</sub> = v<sub>ac</sub> − m<sub>a</sub>ṽ<sub>c</sub> − m<sub>c</sub>ṽ<sub>a</sub> − m<sub>ac</sub>v (the
 *       Gauss equation), independent entries only.</li>
 *   <li>{@link org.metricflow.geometry.complex.internal.SectionJets}: the 2-jet of v = A·s∘ι for polynomial sections
 *       (chain rule with the gradients and Hessians of the sections).</li>
 *   <li>{@link org.metricflow.geometry.complex.internal.TaylorAutodiffJets}: the generic path, nested reverse mode
 *       on K∘ι<sub>T</sub> at x = 0 (1 + 2d + d² + 2d³ backward sweeps).</li>
 *   <li>{@link org.metricflow.geometry.complex.internal.KahlerCurvatureKernel}: inverse (adjugate for d ≤ 3), R and
 *       Ric on their independent entries (Kähler symmetries), s and the Chern densities: closed forms for d ≤ 3
 *       (principal minors of Θ/2π wedged with ω, (2,2)-forms of a threefold as 3×3 pairing matrices), otherwise the
 *       Leibniz expansion of det(1 + (i/2π)𝓡) over d! permutations in
 *       {@link org.metricflow.geometry.complex.internal.ExteriorForms}, the algebra of (p,p)-forms with bit-mask
 *       index sets (also the tests' reference for the closed forms).</li>
 * </ul>
 */
package org.metricflow.geometry.complex.internal;
