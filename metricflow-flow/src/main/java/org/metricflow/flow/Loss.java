package org.metricflow.flow;

import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.ComplexTensor;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerGeometry;
import org.metricflow.geometry.complex.KahlerTensors;

/**
 * A loss term: a differentiable scalar (1×1 {@link Tensor}) of a batch's metric. Built-in terms:
 * <ul>
 *   <li>{@link #kahler()}: dω = 0, i.e. ∂<sub>c</sub>g<sub>a b̄</sub> = ∂<sub>a</sub>g<sub>c b̄</sub>, for models that are
 *       not Kähler by construction;</li>
 *   <li>{@link #transition()}: g<sup>B</sup> = T g<sup>A</sup> T<sup>†</sup> on patch overlaps;</li>
 *   <li>{@link #mongeAmpere()}: the σ-type Monge–Ampère loss Σ<sub>p</sub> w<sub>p</sub> |1 − c det g<sub>p</sub>/|Ω|²<sub>p</sub>|
 *       / Σ<sub>p</sub> w<sub>p</sub> with the Ω-measure weights w (so its expectation is the σ measure of the
 *       metric), c = d!·Vol<sub>Ω</sub>/Vol<sub>FS</sub> ({@link LossContext#ratioConstant()});
 *       {@link #mongeAmpere(double)} uses |·|<sup>q</sup>;</li>
 *   <li>{@link #volume()} (named {@code volumeLoss}, since {@code volume} is the ∫ω<sup>d</sup> observable):
 *       (Vol<sub>ω</sub>/Vol<sub>FS</sub> − 1)² with Vol<sub>ω</sub>/Vol<sub>FS</sub> estimated on
 *       the batch as mean(det g/det g<sub>FS</sub>): keeps a metric that is not class-preserving at the right
 *       volume (identically 0 up to sampling noise for the φ-model).</li>
 *   <li>{@link #ricci()}: Σ<sub>p</sub> w<sub>p</sub> |Ric|<sup>2</sup><sub>g</sub> / Σ w<sub>p</sub> with the invariant norm
 *       |Ric|²<sub>g</sub> = tr((g<sup>−1</sup>Ric)²) of the learned metric's Ricci form Ric = −∂∂̄ log det g (from the
 *       model's Kähler potential by nested autodiff; a model with a fused Ricci step, such as the φ-model, trains
 *       through it instead (the network's jet to fourth order and its adjoint); its recorded {@link #value} comes
 *       from the curvature-jet path, values only);</li>
 *   <li>{@link #mseTo(java.util.function.Function)}: mean over points of Σ<sub>ab</sub>|g<sub>ab̄</sub> − t<sub>ab̄</sub>|²
 *       for a target metric t.</li>
 * </ul>
 */
public interface Loss {

    /**
     * A short name, used as the observable's name in the history.
     */
    String name();

    /**
     * The loss on the batch, 1×1 and differentiable in the model parameters.
     */
    Tensor evaluate(LossContext context);

    /**
     * Whether the loss depends on the metric only through its values {@link LossContext#metric()} at the batch
     * points (not on the model's derivatives, potential or other charts), so that ∂L/∂g is an autodiff gradient
     * with respect to the metric components: required by {@link Dynamics#metricOde}. False unless overridden.
     */
    default boolean dependsOnMetricValuesOnly() {
        return false;
    }

    /**
     * The loss's value on the batch, for recording (history, JSON, early stopping): {@link #evaluate} with graph
     * recording switched on ({@link Autodiff#enableGrad}), so that a loss which differentiates internally (the Ricci
     * loss differentiates the potential four times) has its true value even when called under
     * {@link Autodiff#noGrad}. A loss with a faster values-only path overrides this with the same value.
     *
     * @param context the batch, its metric and the run's constants
     * @return the loss value (the same number {@code evaluate(context).item()} gives outside training)
     */
    default double value(LossContext context) {
        return Autodiff.enableGrad(() -> evaluate(context).item());
    }

    /**
     * The fused form of this loss on a model's accelerated implementation (the seam of the training step: the loss
     * names the fast path it matches, so no caller tests loss or model classes). The fused step must return the same
     * loss and gradient as {@link #evaluate} with autodiff, to the tolerance its implementation states and tests.
     *
     * @param model the model's accelerated implementation
     * @return the fused loss-and-gradient step, or empty (the default): the step uses autodiff
     */
    default java.util.Optional<org.metricflow.nn.metric.AcceleratedKahlerModel.FusedLossStep> fusedStep(
            org.metricflow.nn.metric.AcceleratedKahlerModel model) {
        return java.util.Optional.empty();
    }

    /**
     * The σ-type Monge–Ampère loss with exponent 1.
     */
    static Loss mongeAmpere() {
        return mongeAmpere(1.0);
    }

    /**
     * The Monge–Ampère loss with |1 − c det g/|Ω|²|<sup>q</sup>, q ≥ 1.
     */
    static Loss mongeAmpere(double exponent) {
        if (!(exponent >= 1) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException("Monge–Ampère exponent must be ≥ 1 and finite, got " + exponent);
        }
        return new MongeAmpereLoss(exponent);
    }

    /**
     * The volume loss (Vol<sub>ω</sub>/Vol<sub>FS</sub> − 1)².
     */
    static Loss volume() {
        return new Loss() {
            @Override
            public String name() {
                return "volumeLoss";
            }

            @Override
            public boolean dependsOnMetricValuesOnly() {
                return true;
            }

            @Override
            public Tensor evaluate(LossContext c) {
                int n = c.points().size();
                double[] logFs = c.points().fubiniStudyDeterminants();
                for (int p = 0; p < n; p++) {
                    logFs[p] = Math.log(logFs[p]);
                }
                Tensor rel = c.metric().logDet().minus(Tensor.constant(new DMatrixRMaj(n, 1, true, logFs))).exp();
                return rel.mean().minus(1.0).square();
            }
        };
    }

    /**
     * The Ricci loss: the Ω-weighted mean of |Ric|²<sub>g</sub> = tr((g<sup>−1</sup>Ric)²).
     */
    static Loss ricci() {
        return new Loss() {
            @Override
            public String name() {
                return "ricci";
            }

            @Override
            public Tensor evaluate(LossContext c) {
                return ricciNorm(c, KahlerTensors.ricci(c.points(), c.model().potential()));
            }

            /** The model's fused Ricci step, if it has one (same loss and gradient without nested autodiff). */
            @Override
            public java.util.Optional<org.metricflow.nn.metric.AcceleratedKahlerModel.FusedLossStep> fusedStep(
                    org.metricflow.nn.metric.AcceleratedKahlerModel model) {
                return model.ricciStep();
            }

            /** The same number from the curvature-jet path ({@link KahlerGeometry}, values only): no nested autodiff. */
            @Override
            public double value(LossContext c) {
                KahlerGeometry geometry = KahlerGeometry.of(c.points(), c.model().potential());
                HermitianMetric ric = HermitianMetric.fromInterleaved(c.points().dimension(), c.points().size(),
                        geometry.ricci());
                return Autodiff.noGrad(() -> ricciNorm(c, ComplexTensor.of(ric.re(), ric.im())).item());
            }
        };
    }

    /** Σ<sub>p</sub> w<sub>p</sub> tr((g<sup>−1</sup>Ric)²)<sub>p</sub> / Σ w<sub>p</sub> for the context's metric and a Ricci form. */
    private static Tensor ricciNorm(LossContext c, ComplexTensor ric) {
        Tensor ginv = c.metric().realEmbedding().inverse();
        Tensor m = ginv.batchMatmul(KahlerTensors.realEmbedding(ric));
        // The real embedding doubles every eigenvalue's multiplicity: tr(E²) = 2 tr((g⁻¹Ric)²).
        Tensor norm2 = m.batchMatmul(m).trace().times(0.5);
        double[] w = c.points().weights();
        double wsum = 0;
        for (double v : w) {
            wsum += v;
        }
        return norm2.times(Tensor.constant(new DMatrixRMaj(w.length, 1, true, w))).sum().times(1.0 / wsum);
    }

    /**
     * The Kähler loss: the Ω-free mean over points of Σ<sub>a&lt;c</sub> Σ<sub>b</sub> |∂<sub>c</sub>g<sub>a b̄</sub> −
     * ∂<sub>a</sub>g<sub>c b̄</sub>|² in the points' local coordinates, which vanishes exactly when dω = 0 (the
     * conjugate equations are the complex conjugates of these, since g is Hermitian). The holomorphic derivatives
     * ∂<sub>c</sub> = ½(∂/∂Re x<sub>c</sub> − i ∂/∂Im x<sub>c</sub>) are central differences of step 1e-4 along X
     * (points displaced in the local coordinate and projected back onto X by Newton's method in the eliminated
     * coordinates; the metric at a displaced point is transformed from its own chart into the original one), so
     * the loss costs 4d metric evaluations per point and has an O(h²) ≈ 1e-8 relative truncation floor (≈ 1e-16
     * of a typical value for Kähler metrics). Identically 0 on curves (d = 1). For models that are Kähler by
     * construction (φ-model) it vanishes up to that floor; train it on additive, multiplicative or free models.
     */
    static Loss kahler() {
        return new Loss() {
            @Override
            public String name() {
                return "kahler";
            }

            @Override
            public Tensor evaluate(LossContext c) {
                return ChartLosses.kahler(c);
            }
        };
    }

    /**
     * The transition loss: agreement of the metric across patch overlaps. Each point (in its standard chart A,
     * coordinates x) is also expressed in the patch B of its second-largest |z<sub>j</sub>| (coordinates y, via
     * {@link org.metricflow.geometry.complex.PointSet#inPatches}); the model's metric there must be the pullback
     * g<sup>B</sup> = T g<sup>A</sup> T<sup>†</sup>, T<sub>a'a</sub> = ∂x<sub>a</sub>/∂y<sub>a'</sub> (exact, from the
     * charts' Jacobians). The loss is the mean over points of ‖g<sup>B</sup> − T g<sup>A</sup> T<sup>†</sup>‖²<sub>F</sub>
     * / ‖g<sup>B</sup><sub>FS</sub>‖²<sub>F</sub>: 0 (to rounding) for Fubini–Study and for models built from
     * chart-independent features (Hermitian invariants), positive for a network fed patch coordinates.
     */
    static Loss transition() {
        return new Loss() {
            @Override
            public String name() {
                return "transition";
            }

            @Override
            public Tensor evaluate(LossContext c) {
                return ChartLosses.transition(c);
            }
        };
    }

    /**
     * Mean squared distance Σ<sub>ab</sub>|g − t|² per point to a target metric given at the batch's points.
     */
    static Loss mseTo(java.util.function.Function<org.metricflow.geometry.complex.PointSet,
            org.metricflow.geometry.complex.HermitianMetric> target) {
        java.util.Objects.requireNonNull(target, "target");
        return new Loss() {
            @Override
            public String name() {
                return "mse";
            }

            @Override
            public boolean dependsOnMetricValuesOnly() {
                return true;
            }

            @Override
            public Tensor evaluate(LossContext c) {
                org.metricflow.geometry.complex.HermitianMetric t = target.apply(c.points());
                Tensor dre = c.metric().re().minus(t.re());
                Tensor dim = c.metric().im().minus(t.im());
                return dre.square().plus(dim.square()).sumRows().mean();
            }
        };
    }
}
