package org.metricflow.flow;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.optim.Lbfgs;
import org.metricflow.core.optim.LbfgsResult;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.metric.KahlerMetricModel;

/**
 * Full-batch L-BFGS refinement after the optimizer epochs. L-BFGS needs one deterministic objective: the weighted
 * loss on (up to) the first {@link MetricFlow#LBFGS_POINTS} training points, which bounds the memory of the
 * full-batch graph.
 */
final class LbfgsRefinement {
    private LbfgsRefinement() {
    }

    /**
     * Refines in place.
     *
     * @param stop polled after every iteration; when it answers true (a Ctrl-C/SIGTERM after the epochs) the
     *     refinement ends with the parameters of its last iteration ({@code STOPPED_BY_LISTENER})
     * @return the L-BFGS result
     */
    static LbfgsResult refine(KahlerMetricModel model, WeightedLosses losses, List<Tensor> params,
            List<DMatrixRMaj> values, PointSet train, int iterations, java.util.function.BooleanSupplier stop) {
        PointSet points = train.slice(0, Math.min(train.size(), MetricFlow.LBFGS_POINTS));
        Tensor[] targets = params.toArray(new Tensor[0]);
        return Lbfgs.of().withMaxIterations(iterations).minimize(values, grads -> {
            Tensor loss = losses.total(model, points);
            DMatrixRMaj[] g = Autodiff.grad(loss, targets);
            for (int i = 0; i < g.length; i++) {
                grads.get(i).setTo(g[i]);
            }
            return loss.item();
        }, (iteration, value, gradientNorm) -> !stop.getAsBoolean());
    }
}
