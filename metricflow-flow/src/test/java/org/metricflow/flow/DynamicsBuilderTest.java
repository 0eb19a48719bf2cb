package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.metric.LinearizedMetricModel;

/** The dynamics choice of {@link MetricFlow#builder()}: history wiring, SGD → gradient flow, validation messages. */
class DynamicsBuilderTest {
    private static final PointSet POINTS = ContinuousDynamicsTest.K3.sample(20, 21);

    private static MetricFlow.Builder base(KahlerMetricModel model) {
        return MetricFlow.builder().pointSet(POINTS).seed(3).model(model).loss(ContinuousDynamicsTest.MSE, 1.0);
    }

    private static double[] metric(KahlerMetricModel m) {
        return ContinuousDynamicsTest.metricAt(m, POINTS);
    }

    /**
     * Full-batch SGD without momentum with step h is the explicit Euler method for dθ/dt = −∇L, so after time T its
     * metric differs from the gradient flow's by C·h + O(h²): halving h halves the error. With λ_max·h ≈ 0.04 here
     * the O(h²) part is a few percent of the error, so the ratio lies within 2 ± 0.2.
     */
    @Test
    void sgdTracksGradientFlowToFirstOrder() {
        double time = 10.0;
        double[] exact = metric(base(ContinuousDynamicsTest.model()).dynamics(Dynamics.gradientFlow(1.0, time, 1e-11,
                1e-11)).epochs(2).build().run().model());
        double[] errors = new double[2];
        for (int k = 0; k < 2; k++) {
            int epochs = 20 << k;
            FlowResult r = base(ContinuousDynamicsTest.model()).sgd(time / epochs, 0).batchSize(100).epochs(epochs)
                    .build().run();
            errors[k] = ContinuousDynamicsTest.maxDiff(exact, metric(r.model()));
        }
        double ratio = errors[0] / errors[1];
        assertTrue(errors[0] < 0.1 * ContinuousDynamicsTest.maxAbs(exact), "SGD is close to the flow: " + errors[0]);
        assertTrue(ratio > 1.8 && ratio < 2.2, "error ratio for h and h/2 is " + ratio + " (errors "
                + errors[0] + ", " + errors[1] + ")");
    }

    /**
     * Builder wiring: epochs are equal time intervals recorded into the History; the frozen-kernel metric ODE and
     * gradient flow of .linearized() give the same observables (the same linear flow, ODE tolerance 1e-10) and the
     * frozen ODE's result model is the linearized model carrying the flowed metric.
     */
    @Test
    void continuousDynamicsRecordEveryIntervalAndFrozenOdeEqualsLinearizedFlow() {
        FlowResult ode = base(ContinuousDynamicsTest.model()).dynamics(Dynamics.metricOde(1.0, 20.0, NtkMode.FROZEN,
                1e-10, 1e-10)).epochs(3).build().run();
        FlowResult lin = base(ContinuousDynamicsTest.model()).linearized().dynamics(Dynamics.gradientFlow(1.0, 20.0,
                1e-10, 1e-10)).epochs(3).build().run();
        assertEquals(StopReason.COMPLETED, ode.stopReason(), ode.message());
        assertEquals(4, ode.history().size());
        assertInstanceOf(LinearizedMetricModel.class, ode.model());
        assertInstanceOf(LinearizedMetricModel.class, lin.model());
        double[] a = ode.history().series("mse");
        double[] b = lin.history().series("mse");
        assertTrue(a[3] < 0.8 * a[0] && a[1] < a[0] && a[2] < a[1] && a[3] < a[2], "validation MSE decreases: " + java.util.Arrays.toString(a));
        for (int e = 0; e < 4; e++) {
            assertEquals(a[e], b[e], 1e-7 * a[0], "validation mse at epoch " + e);
        }
        double diff = ContinuousDynamicsTest.maxDiff(metric(ode.model()), metric(lin.model()));
        assertTrue(diff < 1e-7 * ContinuousDynamicsTest.maxAbs(metric(lin.model())), "final metrics: " + diff);
    }

    @Test
    void buildRejectsCombinationsWithMessagesSayingWhatToChange() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MetricFlow.builder().pointSet(POINTS)
                .loss(Loss.ricci(), 1).dynamics(Dynamics.metricOde(1, 1, NtkMode.EVOLVING)).build());
        assertTrue(e.getMessage().contains("ricci") && e.getMessage().contains("gradientFlow"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> MetricFlow.builder().pointSet(POINTS).lbfgsRefinement(5)
                .dynamics(Dynamics.gradientFlow(1, 1)).build());
        assertTrue(e.getMessage().contains("lbfgsRefinement") && e.getMessage().contains("optimizer"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> MetricFlow.builder().variety(ContinuousDynamicsTest.K3)
                .points(5000).loss(ContinuousDynamicsTest.MSE, 1).dynamics(Dynamics.metricOde(1, 1, NtkMode.FROZEN))
                .build());
        assertTrue(e.getMessage().contains("EVOLVING") && e.getMessage().contains("training points"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dynamics.gradientFlow(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> Dynamics.metricOde(1, 1, null));
    }
}
