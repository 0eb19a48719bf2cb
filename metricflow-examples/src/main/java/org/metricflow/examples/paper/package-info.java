/**
 * The claims of Halverson &amp; Ruehle, "Metric Flows with Neural Networks" (arXiv:2310.19870), each one command
 * away ({@code metricflow paper …}) and each falsifiable: every verdict in {@code report.md} compares a measured
 * number with a stated threshold ({@link org.metricflow.examples.paper.Verdict}).
 *
 * <ul>
 *   <li>(a) {@link org.metricflow.examples.paper.FlowEquationClaim}: a gradient-descent step θ' = θ − η∇<sub>θ</sub>L
 *       moves the metric by Δg = −ηΘ∂L/∂g + O(η²), with Θ<sub>(x,α),(y,β)</sub> = Σ<sub>θ</sub> ∂g<sub>α</sub>(x)/∂θ
 *       ∂g<sub>β</sub>(y)/∂θ the metric-NTK; the residual's order in η is measured.</li>
 *   <li>(b) {@link org.metricflow.examples.paper.FeatureLearningClaim}: under gradient descent at a fixed learning
 *       rate in NTK parametrization the relative kernel change ‖Θ<sub>t</sub> − Θ<sub>0</sub>‖/‖Θ<sub>0</sub>‖ falls
 *       like width<sup>−1/2</sup> (the kernel freezes), while a finite-width network in standard parametrization
 *       trained with Adam moves its kernel by O(1) and learns the Calabi–Yau metric better; the spectrum of
 *       Θ<sub>t</sub> − Θ<sub>0</sub> (the paper's Fig. 2) by Lanczos on kernel-vector products.</li>
 *   <li>(c) {@link org.metricflow.examples.paper.PerelmanClaim}: with the local kernel Θ = (g⊙g)δ/m and L = −F the
 *       metric flow is Perelman's ∂<sub>t</sub>g = −2(Ric + Hess f), along which F rises.</li>
 *   <li>(d) {@link org.metricflow.examples.paper.LocalityClaim}: a kernel gradient flow of the MSE loss changes
 *       the metric at x by −ηΣ<sub>b</sub>K(x, x<sub>b</sub>)∂L/∂g(x<sub>b</sub>), so local kernels learn only
 *       near the training points; the gain in loss L<sub>0</sub>/L<sub>T</sub> against geodesic distance.</li>
 * </ul>
 */
package org.metricflow.examples.paper;
