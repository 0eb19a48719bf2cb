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
 *
 * <p><b>Dynamics</b> ({@link org.metricflow.flow.Dynamics}): discrete optimizer steps; the continuous gradient flow
 * dθ/dt = −η∇<sub>θ</sub>L (Dormand–Prince); the function-space metric ODE ∂<sub>t</sub>g(x<sub>a</sub>) =
 * −η Σ<sub>b</sub> Θ(x<sub>a</sub>,x<sub>b</sub>) ∂L/∂g(x<sub>b</sub>) at the training points with Θ frozen at θ<sub>0</sub>
 * (then g<sub>t</sub>(x) = g<sub>0</sub>(x) + Θ<sub>0</sub>(x,X)α(t), α̇ = −η∂L/∂g, which is gradient flow of the
 * linearized model) or evolving (θ̇ = −ηJᵀ∂L/∂g, ġ = Jθ̇, which is gradient flow of θ). For the MSE loss with a
 * frozen kernel the flow has the closed form of {@link org.metricflow.nn.ntk.NtkFlow}. Small-step SGD without
 * momentum is the explicit Euler method of the gradient flow (error O(η)).
 *
 * <p><b>Chart losses.</b> Kähler: dω = 0 ⇔ ∂<sub>c</sub>g<sub>a b̄</sub> = ∂<sub>a</sub>g<sub>c b̄</sub>. Transition: for
 * two charts x (patch A) and y (patch B) of a point, g<sup>B</sup> = T g<sup>A</sup> T<sup>†</sup> with
 * T<sub>a'a</sub> = ∂x<sub>a</sub>/∂y<sub>a'</sub> = (P<sup>B</sup><sub>a' l(a)</sub> z<sub>p</sub> −
 * z<sub>l(a)</sub> P<sup>B</sup><sub>a' p</sub>)/z<sub>p</sub>² (x<sub>a</sub> = z<sub>l(a)</sub>/z<sub>p</sub>).
 */
package org.metricflow.flow;
