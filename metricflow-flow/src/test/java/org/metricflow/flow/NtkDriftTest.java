package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;

/** The metric-NTK drift observable: 0 at the start, and a finite-width φ-model's kernel moves while it learns. */
class NtkDriftTest {

    @Test
    void kernelChangeStartsAtZeroAndGrowsDuringTraining() {
        FlowResult r = MetricFlow.builder().variety(ProjectiveVariety.fermatQuintic()).points(1500).seed(4)
                .phiModel(16, 2, Activation.GELU).epochs(4).batchSize(100).adam(5e-3).kernelProbe(12).build().run();
        double[] change = r.history().series("kernelChange");
        assertEquals(0.0, change[0], 0.0);
        // Zero-initialized output layer: the kernel of the hidden layers switches on as the last layer learns.
        assertTrue(change[change.length - 1] > 0.05, "kernel change " + java.util.Arrays.toString(change));
        System.out.println("kernel change per epoch: " + java.util.Arrays.toString(change));
    }
}
