/**
 * Runnable teaching examples. Each is a small documented class with a {@code main} and a {@code run} method that
 * returns its results, exposed as a subcommand of the {@code metricflow} tool
 * ({@link org.metricflow.examples.cli.MetricflowCli}); {@link org.metricflow.examples.Quickstart} is the tour.
 *
 * <ol>
 *   <li>{@link org.metricflow.examples.CurvatureExample} ({@code example-curvature}): scalar curvature by autodiff,
 *       R = 2 on the unit sphere; Gauss–Bonnet ∫K dA = 2πχ(S²) = 4π on a deformed sphere by Monte Carlo,
 *       ∫K dA = 4π E[K √det g / sin θ] over points uniform on the round sphere.</li>
 *   <li>{@link org.metricflow.examples.NtkExample} ({@code example-ntk}): the empirical NTK
 *       Θ = Σ<sub>θ</sub> ∂f/∂θ ∂f/∂θ of NTK-parametrized networks approaches the analytic infinite-width kernel,
 *       with relative error ∝ width<sup>−1/2</sup>.</li>
 *   <li>{@link org.metricflow.examples.QuinticExample} ({@code example-quintic}): the φ-model
 *       K = K<sub>FS</sub> + φ<sub>θ</sub> trained on the Monge–Ampère equation det g = κ|Ω|² on the Fermat
 *       quintic, then χ = ∫c<sub>3</sub> = −200 from the curvature of the learned metric.</li>
 *   <li>{@link org.metricflow.examples.DonaldsonExample} ({@code example-donaldson}): σ of Donaldson's balanced
 *       metrics K = (1/k) log Σ s<sub>α</sub>h<sup>αβ̄</sup>s̄<sub>β</sub> against σ of a learned metric, both
 *       against wall-clock seconds.</li>
 *   <li>{@link org.metricflow.examples.EllipticCurveExample} ({@code example-elliptic}): on the plane cubic (a
 *       torus) the Ricci-flat metric is flat, so the learned metric's scalar curvature must go to 0.</li>
 *   <li>{@link org.metricflow.examples.FeatureLearning} ({@code feature-learning}): the paper's experiment —
 *       standard versus NTK parametrization versus the frozen-kernel model g(θ<sub>0</sub>) +
 *       J(θ<sub>0</sub>)(θ − θ<sub>0</sub>), with σ and the relative metric-NTK change
 *       ‖Θ<sub>t</sub> − Θ<sub>0</sub>‖<sub>F</sub>/‖Θ<sub>0</sub>‖<sub>F</sub> per epoch.</li>
 * </ol>
 */
package org.metricflow.examples;
