/**
 * Metric ansätze: models mapping points to the independent real components of a metric, differentiable in
 * their parameters, ready for {@link org.metricflow.nn.ntk.MetricNtk}.
 *
 * <p>On a Riemannian chart: {@link org.metricflow.nn.metric.CholeskyMetric}, g = L Lᵀ + εI with L lower
 * triangular, L_ii = softplus(r_ii) &gt; 0, symmetric positive definite by construction; outputs g_ij, i ≤ j.
 * The Kähler ansätze on projective varieties (g = g_FS + ∂∂̄φ_θ through the jet path
 * {@link org.metricflow.nn.Mlp#kahlerJet}, additive and multiplicative corrections, free Hermitian Cholesky
 * metrics) build on the point sets of the geometry module and are not written yet.
 */
package org.metricflow.nn.metric;
