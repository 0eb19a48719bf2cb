/**
 * Metric ansätze: trainable metrics whose components are differentiable in the network parameters.
 *
 * <p>On projective varieties ({@link org.metricflow.nn.metric.KahlerMetricModel}, batches of
 * {@link org.metricflow.geometry.complex.HermitianMetric}, with log det g = ½ log det [[A, −B], [B, A]]): the φ-model
 * ({@link org.metricflow.nn.phi.PhiModel}) writes the Kähler potential as K<sub>FS</sub> + φ<sub>θ</sub>, so
 * g<sub>a b̄</sub> = g<sup>FS</sup><sub>a b̄</sub> + ∂<sub>a</sub>∂̄<sub>b</sub>φ<sub>θ</sub> is Kähler and in the
 * Fubini–Study class by construction (computed by the jet path {@link org.metricflow.nn.Mlp#kahlerJet}). Its
 * training step has a fused form, {@link org.metricflow.nn.phi.FusedMongeAmpere}: the Monge–Ampère loss
 * Σ w<sub>p</sub>|c|det g<sub>p</sub>|/|Ω|²<sub>p</sub> − 1|<sup>q</sup>/Σ w<sub>p</sub> and its exact parameter gradient
 * by a hand-written forward jet and reverse sweep on {@code double[]} workspaces (no autodiff graph).
 * {@link org.metricflow.nn.metric.AdditiveModel} (g<sub>FS</sub> + Q H<sub>θ</sub> Q<sup>†</sup>),
 * {@link org.metricflow.nn.metric.MultiplicativeModel} (P Π (G<sub>FS</sub> ⊙ (1 + s<sub>θ</sub>)) Π P<sup>†</sup>) and
 * {@link org.metricflow.nn.metric.FreeModel} (Q (L L<sup>†</sup> + εI) Q<sup>†</sup>/2π, positive definite by
 * construction) output an ambient Hermitian form H from invariant features and pull it back horizontally
 * ({@link org.metricflow.nn.metric.AmbientForms#horizontalPullback}): with the point set's Jacobian
 * P<sub>a j</sub> = ∂z<sub>j</sub>/∂x<sub>a</sub> and the Hermitian projector
 * Π<sub>ij</sub> = δ<sub>ij</sub> − z̄<sub>i</sub> z<sub>j</sub>/|z|² that removes the Euler direction,
 * <pre>
 *   g = P H_eff P†,   H_eff = Π H Π / |z|²,   Q = P Π / |z|.
 * </pre>
 * The plain pullback P H P<sup>†</sup> is chart-independent only for H homogeneous of degree (−1, −1) with
 * zᵀH = 0 (the Fubini–Study form G = Π/(2π|z|²) is one); H<sub>eff</sub> is both for any H that is a function on
 * CP<sup>n</sup>, so the metric is one tensor on X (the transition loss of the flow module vanishes to rounding), and
 * Q has rank d, so positive H gives positive g. These models are Hermitian but not Kähler by construction.
 *
 * <p>On a Riemannian chart: {@link org.metricflow.nn.metric.SpdNetworkMetric} (L Lᵀ + εI),
 * {@link org.metricflow.nn.metric.MatrixExponentialMetric} (exp S) and
 * {@link org.metricflow.nn.metric.ReferenceCorrection} (g<sub>ref</sub> + εC<sub>θ</sub> or e<sup>2u<sub>θ</sub></sup>
 * g<sub>ref</sub>) are {@code MetricField}s, differentiable in x and θ, so {@code Curvature} applies to them;
 * {@link org.metricflow.nn.metric.CholeskyMetric} (L Lᵀ + εI, softplus diagonal) is the same Cholesky ansatz as a
 * {@link org.metricflow.nn.Model} whose outputs g<sub>ij</sub>, i ≤ j, feed {@link org.metricflow.nn.ntk.MetricNtk}.
 */
package org.metricflow.nn.metric;
