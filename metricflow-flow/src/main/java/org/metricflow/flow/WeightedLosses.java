package org.metricflow.flow;

import java.util.List;
import java.util.Map;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.metric.KahlerMetricModel;

/**
 * The objective of a run: Σ<sub>i</sub> w<sub>i</sub> L<sub>i</sub> over the configured loss terms, each evaluated
 * with the run's volumes (so the Monge–Ampère ratio constant is the same for every batch). Immutable; thread-safe
 * when the losses are.
 */
final class WeightedLosses {
    private final List<Loss> losses;
    private final List<Double> weights;
    private final double volFs;
    private final double volOmega;

    WeightedLosses(List<Loss> losses, List<Double> weights, double volFs, double volOmega) {
        this.losses = List.copyOf(losses);
        this.weights = List.copyOf(weights);
        this.volFs = volFs;
        this.volOmega = volOmega;
    }

    /** The context of a loss evaluation on {@code points} with metric {@code g} (null: the losses compute it). */
    LossContext context(KahlerMetricModel model, PointSet points, HermitianMetric g) {
        return new LossContext(model, points, g, volFs, volOmega);
    }

    /** The single loss term, when there is exactly one (the only case a fused step serves), else null. */
    Loss single() {
        return losses.size() == 1 ? losses.get(0) : null;
    }

    /** The weight of the first loss term. */
    double firstWeight() {
        return weights.get(0);
    }

    /** Σ w<sub>i</sub> L<sub>i</sub> on a batch, differentiable in the model's parameters. */
    Tensor total(KahlerMetricModel model, PointSet batch) {
        return total(context(model, batch, model.metric(batch)));
    }

    /** Σ w<sub>i</sub> L<sub>i</sub> in a given context. */
    Tensor total(LossContext ctx) {
        Tensor total = null;
        for (int i = 0; i < losses.size(); i++) {
            Tensor term = losses.get(i).evaluate(ctx).times(weights.get(i));
            total = total == null ? term : total.plus(term);
        }
        return total;
    }

    /** Records every term under its name and their weighted sum under "loss" (values only). */
    void observe(LossContext ctx, Map<String, Double> out) {
        double total = 0;
        for (int i = 0; i < losses.size(); i++) {
            double v = losses.get(i).value(ctx);
            out.put(losses.get(i).name(), v);
            total += weights.get(i) * v;
        }
        out.put("loss", total);
    }
}
