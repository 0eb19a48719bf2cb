/**
 * Metric ansätze: models mapping points of a manifold to the independent real components of a metric,
 * differentiable in their parameters (for a Kähler potential model g = g_FS + ∂∂̄φ_θ computed with the jet
 * path of {@link org.metricflow.nn.Mlp#kahlerJet}). Work in progress: the ansätze on projective varieties
 * build on the point sets of {@code org.metricflow.geometry.complex} and come with the next task; the
 * metric-NTK of any such model is {@link org.metricflow.nn.ntk.MetricNtk}.
 */
package org.metricflow.nn.metric;
