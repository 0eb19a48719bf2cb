/**
 * Metric ansätze: trainable metrics whose components are differentiable in the network parameters.
 *
 * <p>On projective varieties ({@link org.metricflow.nn.metric.KahlerMetricModel}, batches of
 * {@link org.metricflow.nn.metric.HermitianMetric}, with log det g = ½ log det [[A, −B], [B, A]]): the φ-model
 * ({@link org.metricflow.nn.metric.PhiModel}) writes the Kähler potential as K<sub>FS</sub> + φ<sub>θ</sub>, so
 * g<sub>a b̄</sub> = g<sup>FS</sup><sub>a b̄</sub> + ∂<sub>a</sub>∂̄<sub>b</sub>φ<sub>θ</sub> is Kähler and in the
 * Fubini–Study class by construction (computed by the jet path {@link org.metricflow.nn.Mlp#kahlerJet}).
 * {@link org.metricflow.nn.metric.AdditiveModel} (g<sub>FS</sub> + P H<sub>θ</sub> P<sup>†</sup>),
 * {@link org.metricflow.nn.metric.MultiplicativeModel} (P (G<sub>FS</sub> ⊙ (1 + s<sub>θ</sub>)) P<sup>†</sup>) and
 * {@link org.metricflow.nn.metric.FreeModel} (P (L L<sup>†</sup> + εI)/2π P<sup>†</sup>, positive definite by
 * construction) output an ambient Hermitian form from invariant features and pull it back with the point set's
 * Jacobian P ({@link org.metricflow.nn.metric.AmbientForms}), so the metric is one tensor on X; they are Hermitian
 * but not Kähler by construction. {@link org.metricflow.nn.metric.LinearizedKahlerModel} is the linearization
 * g(θ<sub>0</sub>) + J(θ<sub>0</sub>)(θ − θ<sub>0</sub>) of any of them at θ<sub>0</sub> (a Jacobian-vector product):
 * its metric-NTK J(θ<sub>0</sub>)J(θ<sub>0</sub>)ᵀ is frozen, so training it is the metric flow with the kernel of the
 * initialization.
 *
 * <p>On a Riemannian chart: {@link org.metricflow.nn.metric.SpdNetworkMetric} (L Lᵀ + εI),
 * {@link org.metricflow.nn.metric.MatrixExponentialMetric} (exp S) and
 * {@link org.metricflow.nn.metric.ReferenceCorrection} (g<sub>ref</sub> + εC<sub>θ</sub> or e<sup>2u<sub>θ</sub></sup>
 * g<sub>ref</sub>) are {@code MetricField}s, differentiable in x and θ, so {@code Curvature} applies to them;
 * {@link org.metricflow.nn.metric.CholeskyMetric} (L Lᵀ + εI, softplus diagonal) is the same Cholesky ansatz as a
 * {@link org.metricflow.nn.Model} whose outputs g<sub>ij</sub>, i ≤ j, feed {@link org.metricflow.nn.ntk.MetricNtk}.
 */
package org.metricflow.nn.metric;
