/**
 * Internals of the Riemannian curvature machinery (not API): batched kernels that turn the metric g<sub>ij</sub> and
 * its first and second coordinate derivatives at N points into the Christoffel symbols
 * Γ<sup>k</sup><sub>ij</sub> = ½ g<sup>kl</sup>(∂<sub>i</sub>g<sub>lj</sub> + ∂<sub>j</sub>g<sub>li</sub> −
 * ∂<sub>l</sub>g<sub>ij</sub>), the Riemann tensor
 * R<sup>i</sup><sub>jkl</sub> = ∂<sub>k</sub>Γ<sup>i</sup><sub>lj</sub> − ∂<sub>l</sub>Γ<sup>i</sup><sub>kj</sub> +
 * Γ<sup>i</sup><sub>km</sub>Γ<sup>m</sup><sub>lj</sub> − Γ<sup>i</sup><sub>lm</sub>Γ<sup>m</sup><sub>kj</sub>, the Ricci
 * tensor Ric<sub>jl</sub> = R<sup>i</sup><sub>jil</sub> and the scalar curvature R = g<sup>jl</sup>Ric<sub>jl</sub>,
 * as batched (differentiable) tensor operations, in the conventions of {@link org.metricflow.geometry.riemann}.
 */
package org.metricflow.geometry.riemann.internal;
