package org.metricflow.flow;

import java.util.Optional;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.nn.metric.AcceleratedKahlerModel;
import org.metricflow.nn.metric.AcceleratedKahlerModel.FusedLossStep;
import org.metricflow.nn.metric.MongeAmpere;

/**
 * The built-in Monge–Ampère loss Σ<sub>p</sub> w<sub>p</sub> |c det g<sub>p</sub>/|Ω|²<sub>p</sub> − 1|<sup>q</sup> / Σ w<sub>p</sub>
 * ({@link Loss#mongeAmpere(double)}): a thin adapter over the library's one general form
 * ({@link MongeAmpere#loss}) that also names its fused form on a model's accelerated implementation
 * ({@link #fusedStep}; for a φ-model {@code org.metricflow.nn.phi.FusedMongeAmpere}, same value and gradient).
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

    /** The model's fused Monge–Ampère step for this exponent, if it has one (same loss and gradient). */
    @Override
    public Optional<FusedLossStep> fusedStep(AcceleratedKahlerModel model) {
        return model.mongeAmpereStep(exponent);
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
        return MongeAmpere.loss(c.metric(), c.points(), c.ratioConstant(), exponent);
    }
}
