package org.metricflow.flow;

import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;

/**
 * A loss term: a differentiable scalar (1×1 {@link Tensor}) of a batch's metric. Built-in terms:
 * <ul>
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
 *       model's Kähler potential by nested autodiff: a few hundred points per second, so use small batches);</li>
 *   <li>{@link #mseTo(java.util.function.Function)}: mean over points of Σ<sub>ab</sub>|g<sub>ab̄</sub> − t<sub>ab̄</sub>|²
 *       for a target metric t.</li>
 * </ul>
 */
public interface Loss {

    /**
     * A short name, used as the observable's name in the history.
     *
     * @return a short name, used as the observable's name in the history
     */
    String name();

    /**
     * The loss on the batch, 1×1 and differentiable in the model parameters.
     *
     * @param context the context
     * @return the loss on the batch, 1×1 and differentiable in the model parameters
     */
    Tensor evaluate(LossContext context);

    /**
     * The σ-type Monge–Ampère loss with exponent 1.
     *
     * @return the σ-type Monge–Ampère loss with exponent 1
     */
    static Loss mongeAmpere() {
        return mongeAmpere(1.0);
    }

    /**
     * The Monge–Ampère loss with |1 − c det g/|Ω|²|<sup>q</sup>, q ≥ 1.
     *
     * @param exponent the exponent
     * @return the Monge–Ampère loss with |1 − c det g/|Ω|²|<sup>q</sup>, q ≥ 1
     */
    static Loss mongeAmpere(double exponent) {
        if (!(exponent >= 1) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException("Monge–Ampère exponent must be ≥ 1 and finite, got " + exponent);
        }
        return new Loss() {
            @Override
            public String name() {
                return "mongeAmpere";
            }

            @Override
            public Tensor evaluate(LossContext c) {
                int n = c.points().size();
                double[] w = c.points().weights();
                double[] logOmega = c.points().omegaSquared();
                double logC = Math.log(c.ratioConstant());
                double wsum = 0;
                for (int p = 0; p < n; p++) {
                    wsum += w[p];
                    logOmega[p] = Math.log(logOmega[p]) - logC;
                }
                Tensor ratio = c.metric().logDet().minus(Tensor.constant(new DMatrixRMaj(n, 1, true, logOmega))).exp();
                Tensor dev = ratio.minus(1.0).abs();
                if (exponent != 1.0) {
                    dev = dev.pow(exponent);
                }
                Tensor weights = Tensor.constant(new DMatrixRMaj(n, 1, true, w));
                return dev.times(weights).sum().times(1.0 / wsum);
            }
        };
    }

    /**
     * The volume loss (Vol<sub>ω</sub>/Vol<sub>FS</sub> − 1)².
     *
     * @return the volume loss (Vol<sub>ω</sub>/Vol<sub>FS</sub> − 1)²
     */
    static Loss volume() {
        return new Loss() {
            @Override
            public String name() {
                return "volumeLoss";
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
     *
     * @return the Ricci loss: the Ω-weighted mean of |Ric|²<sub>g</sub> = tr((g<sup>−1</sup>Ric)²)
     */
    static Loss ricci() {
        return new Loss() {
            @Override
            public String name() {
                return "ricci";
            }

            @Override
            public Tensor evaluate(LossContext c) {
                org.metricflow.core.autodiff.ComplexTensor ric = org.metricflow.geometry.complex.KahlerTensors
                        .ricci(c.points(), c.model().potential());
                Tensor ginv = c.metric().realEmbedding().inverse();
                Tensor m = ginv.batchMatmul(org.metricflow.geometry.complex.KahlerTensors.realEmbedding(ric));
                // The real embedding doubles every eigenvalue's multiplicity: tr(E²) = 2 tr((g⁻¹Ric)²).
                Tensor norm2 = m.batchMatmul(m).trace().times(0.5);
                double[] w = c.points().weights();
                double wsum = 0;
                for (double v : w) {
                    wsum += v;
                }
                return norm2.times(Tensor.constant(new DMatrixRMaj(w.length, 1, true, w))).sum().times(1.0 / wsum);
            }
        };
    }

    /**
     * Mean squared distance Σ<sub>ab</sub>|g − t|² per point to a target metric given at the batch's points.
     *
     * @param target the target
     * @return mean squared distance Σ<sub>ab</sub>|g − t|² per point to a target metric given at the batch's points
     */
    static Loss mseTo(java.util.function.Function<org.metricflow.geometry.complex.PointSet,
            org.metricflow.nn.metric.HermitianMetric> target) {
        java.util.Objects.requireNonNull(target, "target");
        return new Loss() {
            @Override
            public String name() {
                return "mse";
            }

            @Override
            public Tensor evaluate(LossContext c) {
                org.metricflow.nn.metric.HermitianMetric t = target.apply(c.points());
                Tensor dre = c.metric().re().minus(t.re());
                Tensor dim = c.metric().im().minus(t.im());
                return dre.square().plus(dim.square()).sumRows().mean();
            }
        };
    }
}
