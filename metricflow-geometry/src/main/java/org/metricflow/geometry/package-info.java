/**
 * Geometry: Riemannian metrics and their curvature ({@code org.metricflow.geometry.riemann}) and complex
 * projective varieties with Kähler metrics ({@code org.metricflow.geometry.complex}).
 * Conventions: R<sup>i</sup><sub>jkl</sub> = ∂<sub>k</sub>Γ<sup>i</sup><sub>lj</sub> − ∂<sub>l</sub>Γ<sup>i</sup><sub>kj</sub>
 * + Γ<sup>i</sup><sub>km</sub>Γ<sup>m</sup><sub>lj</sub> − Γ<sup>i</sup><sub>lm</sub>Γ<sup>m</sup><sub>kj</sub>,
 * Ric<sub>jl</sub> = R<sup>i</sup><sub>jil</sub>, R = g<sup>jl</sup>Ric<sub>jl</sub> (work in progress: see the issue tracker).
 */
package org.metricflow.geometry;
