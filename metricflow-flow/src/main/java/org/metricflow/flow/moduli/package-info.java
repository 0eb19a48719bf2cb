/**
 * Metrics on families of Calabi–Yau varieties learned by one network conditioned on the moduli.
 *
 * <p>A family X<sub>μ</sub> (for example the Dwork quintics Σz<sub>i</sub><sup>5</sup> − 5ψΠz<sub>i</sub> = 0, μ = ψ,
 * {@link org.metricflow.flow.moduli.ModuliFamily}) is learned by a conditioned φ-model
 * ({@link org.metricflow.nn.phi.ModuliPhiModel}), g(z; μ) = g<sub>FS</sub> + ∂∂̄φ<sub>θ</sub>(f(z), μ), trained on the
 * union of point sets drawn at several training moduli μ<sub>1..M</sub>. Each member m has its own Monge–Ampère
 * normalization c<sub>m</sub> = d!·Vol<sub>Ω,m</sub>/Vol<sub>FS</sub> (Vol<sub>Ω,m</sub> on its own training points), and the
 * family loss is the mean of the members' losses,
 * <pre>
 *   L(θ) = (1/M) Σ_m L_m(θ),   L_m = Σ_{p ∈ m} w_p |c_m det g_p(μ_m)/|Ω_m|²_p − 1|^q / Σ_{p ∈ m} w_p,
 * </pre>
 * minimized by Adam on mini-batches of one member each, the members' batches interleaved in a seeded random order
 * (so every epoch takes an unbiased stochastic step on L). Each batch's loss and gradient come from the member's fused
 * step through the model seam ({@link org.metricflow.nn.metric.KahlerMetricModel#accelerated()}).
 *
 * <p>{@link org.metricflow.flow.moduli.ModuliComparison} evaluates σ of the conditioned model at moduli it never saw
 * and compares it with unconditioned networks trained at each of those moduli alone, in training CPU time.
 */
package org.metricflow.flow.moduli;
