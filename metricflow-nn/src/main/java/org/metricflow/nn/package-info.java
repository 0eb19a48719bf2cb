/**
 * Neural networks for metrics: dense layers and MLPs in standard and NTK parametrization, the
 * forward-mode "jet" path that propagates first and second input derivatives through the layers,
 * random Fourier feature networks and linearized models.
 *
 * <p>An MLP computes h<sub>l</sub> = σ(a<sub>l</sub>), a<sub>l</sub> = W<sub>l</sub> h<sub>l−1</sub> + b<sub>l</sub>.
 * In the standard parametrization W ~ N(0, σ<sub>w</sub>²/n<sub>in</sub>); in the NTK parametrization
 * W ~ N(0, 1) and a = (σ<sub>w</sub>/√n<sub>in</sub>) W h + σ<sub>b</sub> b (Jacot et al.).
 * The metric ansätze and the metric-NTK Θ<sub>ijkl</sub>(x,y) = Σ<sub>θ</sub> ∂g<sub>ij</sub>(x)/∂θ · ∂g<sub>kl</sub>(y)/∂θ
 * are built here (work in progress: see the issue tracker).
 */
package org.metricflow.nn;
