/**
 * Metric ansätze: trainable metrics on varieties ({@link org.metricflow.nn.metric.KahlerMetricModel}) whose
 * components are differentiable in the network parameters. The φ-model
 * ({@link org.metricflow.nn.metric.PhiModel}) writes the Kähler potential as K<sub>FS</sub> + φ<sub>θ</sub>, so
 * g<sub>a b̄</sub> = g<sup>FS</sup><sub>a b̄</sub> + ∂<sub>a</sub>∂̄<sub>b</sub>φ<sub>θ</sub> is Kähler and in the
 * Fubini–Study class by construction. Metrics are {@link org.metricflow.nn.metric.HermitianMetric} batches
 * (real and imaginary parts), with log det g = ½ log det [[A, −B], [B, A]].
 */
package org.metricflow.nn.metric;
