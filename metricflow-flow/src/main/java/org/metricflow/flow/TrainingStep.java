package org.metricflow.flow;

import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.metric.AcceleratedKahlerModel.FusedLossStep;
import org.metricflow.nn.metric.KahlerMetricModel;

/**
 * The loss and parameter gradient of one batch: by the model's fused step when the loss has one on the model's
 * accelerated implementation ({@link Loss#fusedStep}), by autodiff of the weighted losses otherwise. Both give the
 * same loss and gradient to rounding (tested). Not thread-safe: one per run.
 */
final class TrainingStep {
    private final KahlerMetricModel model;
    private final WeightedLosses losses;
    private final Tensor[] params;
    private final FusedLossStep fused;
    private final double fusedWeight;
    private final List<DMatrixRMaj> fusedGradients;
    private double loss;

    TrainingStep(KahlerMetricModel model, WeightedLosses losses, List<Tensor> params) {
        this.model = model;
        this.losses = losses;
        this.params = params.toArray(new Tensor[0]);
        this.fused = fusedStep(model, losses);
        this.fusedWeight = fused == null ? 0 : losses.firstWeight();
        this.fusedGradients = fused == null ? null : fused.newGradients();
    }

    /** The fused step of the single loss term on the model's accelerated implementation, or null (autodiff). */
    static FusedLossStep fusedStep(KahlerMetricModel model, WeightedLosses losses) {
        Loss single = losses.single();
        return single == null ? null : model.accelerated().flatMap(single::fusedStep).orElse(null);
    }

    /**
     * Evaluates a batch.
     *
     * @return the gradient (weighted), or null when the loss is not finite; {@link #loss()} holds the loss either way
     */
    DMatrixRMaj[] gradients(PointSet batch) {
        if (fused != null) {
            // same loss and gradient as the autodiff path below, by the fused kernel
            double ratio = losses.context(model, batch, null).ratioConstant();
            loss = fusedWeight * fused.lossAndGradient(batch, ratio, fusedWeight, fusedGradients);
            return Double.isFinite(loss) ? fusedGradients.toArray(new DMatrixRMaj[0]) : null;
        }
        Tensor total = losses.total(model, batch);
        loss = total.item();
        return Double.isFinite(loss) ? Autodiff.grad(total, params) : null;
    }

    /** The weighted loss of the last batch. */
    double loss() {
        return loss;
    }

    /** Whether the steps take the fused path. */
    boolean isFused() {
        return fused != null;
    }

    /** The batch of step {@code s} of an epoch: a slice of the epoch's permutation of the training points. */
    static PointSet batch(PointSet train, int[] order, int s, int size) {
        int from = s * size;
        int to = Math.min(train.size(), from + size);
        return train.subset(Arrays.copyOfRange(order, from, to));
    }
}
