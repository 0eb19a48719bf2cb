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
 *   <li>{@link org.metricflow.geometry.complex.internal.SmallComplexMatrices}: Hermitian determinants (closed forms
 *       for d ≤ 3), complex LU determinant and solve.</li>
 *   <li>{@link org.metricflow.geometry.complex.internal.Parallel}: fixed-count workers over chunk indices; every
 *       chunk owns its random stream {@code Rng.stream(seed, chunk)} and its output range, so results are
 *       bit-identical for any number of threads.</li>
 * </ul>
 */
package org.metricflow.geometry.complex.internal;
