package org.metricflow.flow;

import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;

/**
 * The built-in Monge–Ampère loss Σ<sub>p</sub> w<sub>p</sub> |c det g<sub>p</sub>/|Ω|²<sub>p</sub> − 1|<sup>q</sup> / Σ w<sub>p</sub>
 * ({@link Loss#mongeAmpere(double)}). A named type so that {@link MetricFlow} can recognise it and train a φ-model
 * through the fused kernel ({@code org.metricflow.nn.phi.FusedMongeAmpere}), which computes the same value and
 * gradient.
 */
final class MongeAmpereLoss implements Loss {
    private final double exponent;

    MongeAmpereLoss(double exponent) {
        this.exponent = exponent;
    }

    /** The exponent q ≥ 1. */
    double exponent() {
        return exponent;
    }

    @Override
    public boolean dependsOnMetricValuesOnly() {
        return true;
    }

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
}
