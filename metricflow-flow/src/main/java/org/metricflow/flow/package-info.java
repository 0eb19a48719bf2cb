/**
 * Metric flows: {@code MetricFlow.builder()} combines a manifold with its points, a metric ansatz, a
 * loss and a dynamics. Gradient descent on the parameters θ moves the metric by
 * dg<sub>ij</sub>(x)/dt = −η Σ<sub>y</sub> Θ<sub>ijkl</sub>(x,y) ∂L/∂g<sub>kl</sub>(y), with Θ the metric-NTK;
 * with a frozen local kernel and L = −F (Perelman) this is Ricci flow in Perelman's form
 * (work in progress: see the issue tracker).
 */
package org.metricflow.flow;
