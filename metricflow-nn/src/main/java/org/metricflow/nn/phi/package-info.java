/**
 * The φ-model and its accelerated implementation: the tuned wing of the network module ("general below, fast
 * above": the general ansätze live in {@code org.metricflow.nn.metric}, the φ-model's hand-fused kernels in
 * {@code org.metricflow.nn.phi.internal}).
 *
 * <p>{@link org.metricflow.nn.phi.PhiModel} writes the Kähler potential as K = K<sub>FS</sub> + φ<sub>θ</sub>(f(z)),
 * with f the network-input features of {@code org.metricflow.nn.features}, so
 * g<sub>a b̄</sub> = g<sup>FS</sup><sub>a b̄</sub> + ∂<sub>a</sub>∂̄<sub>b</sub>φ<sub>θ</sub> is Kähler and in the
 * Fubini–Study class by construction. Its fast paths — the Monge–Ampère loss
 * L = Σ w<sub>p</sub>|c det g<sub>p</sub>/|Ω|²<sub>p</sub> − 1|<sup>q</sup>/Σ w<sub>p</sub> with its exact parameter
 * gradient ({@link org.metricflow.nn.phi.FusedMongeAmpere}), the Ricci loss
 * Σ w<sub>p</sub> tr((g<sup>−1</sup>Ric)²)<sub>p</sub>/Σ w<sub>p</sub> with its exact parameter gradient from the network's jet to
 * fourth order and its adjoint ({@link org.metricflow.nn.phi.FusedRicci}), the metric-NTK by the per-layer factorization and the
 * values-only curvature jets up to bidegree (2,2) — are offered to callers through the model's accelerated
 * implementation, never by testing its class; each is tested against the general autodiff path.
 */
package org.metricflow.nn.phi;
