/**
 * Metric flows: {@link org.metricflow.flow.MetricFlow#builder()} combines a manifold with its points, a metric
 * ansatz, weighted losses ({@link org.metricflow.flow.Loss}) and a dynamics, and
 * {@link org.metricflow.flow.MetricFlow#run()} returns a {@link org.metricflow.flow.FlowResult} with the
 * {@link org.metricflow.flow.History} of every observable.
 *
 * <p>Gradient descent on the parameters θ of a metric g<sub>θ</sub> moves the metric by
 * dg<sub>ij</sub>(x)/dt = −η Σ<sub>y</sub> Θ<sub>ijkl</sub>(x,y) ∂L/∂g<sub>kl</sub>(y), with the metric-NTK
 * Θ<sub>ijkl</sub>(x,y) = Σ<sub>θ</sub> ∂g<sub>ij</sub>(x)/∂θ ∂g<sub>kl</sub>(y)/∂θ. With the Monge–Ampère loss
 * L = ∫|1 − c det g/|Ω|²| dVol<sub>Ω</sub> the fixed point within the Fubini–Study class is the Ricci-flat
 * (Calabi–Yau) metric, and the σ measure tracks the distance to it.
 */
package org.metricflow.flow;
