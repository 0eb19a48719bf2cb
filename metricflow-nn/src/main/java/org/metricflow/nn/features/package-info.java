/**
 * Network-input features of points on projective varieties and their derivatives along the local holomorphic
 * coordinates: the inputs of the φ-model's networks, kept apart from the geometry (which never depends on networks).
 *
 * <p>{@link org.metricflow.nn.features.FeatureMap} chooses real features f<sub>k</sub>(z): the 2m real parts of the
 * patch coordinates (holomorphic, so ∂<sub>a</sub>∂̄<sub>b</sub>f = 0) or the Hermitian invariants
 * z<sub>i</sub>z̄<sub>j</sub>/|z|² (invariant under z → λz, hence well defined on CP<sup>n</sup>).
 * {@link org.metricflow.nn.features.FeatureJet} holds f, ∂<sub>a</sub>f and ∂<sub>a</sub>∂̄<sub>b</sub>f for a batch
 * (the chain rule ∂<sub>a</sub>∂̄<sub>b</sub>φ = Σ ∂²φ/∂f<sub>k</sub>∂f<sub>l</sub> ∂<sub>a</sub>f<sub>k</sub>
 * conj(∂<sub>b</sub>f<sub>l</sub>) + Σ ∂φ/∂f<sub>k</sub> ∂<sub>a</sub>∂̄<sub>b</sub>f<sub>k</sub>);
 * {@link org.metricflow.nn.features.FeatureCurvatureJets} the derivatives up to bidegree (2,2) that curvature needs
 * (the Leibniz recursion for the jets of 1/|z|² and the Leibniz rule with the holomorphic jets of z<sub>i</sub> and
 * the antiholomorphic ones of z̄<sub>j</sub>), in the packed rows of
 * {@link org.metricflow.nn.features.CurvatureJetLayout}.
 *
 * <p>Layout: flat {@code double[]}, point-major, interleaved complex for coordinates and Jacobians (as in
 * {@link org.metricflow.geometry.complex.PointSet}). Feature maps are immutable and thread-safe; jets and
 * workspaces are not shared between threads.
 */
package org.metricflow.nn.features;
