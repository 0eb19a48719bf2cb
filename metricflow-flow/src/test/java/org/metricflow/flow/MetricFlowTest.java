package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;

class MetricFlowTest {

    /** The bar: a small configuration lowers σ on the Fermat quintic by at least a factor 3 from FS. */
    @Test
    void smallRunLowersSigmaThreefoldOnTheQuintic() {
        FlowResult r = MetricFlow.builder()
                .variety(ProjectiveVariety.fermatQuintic()).points(6000).seed(3)
                .phiModel(32, 2, Activation.GELU)
                .epochs(12).batchSize(200).adam(3e-3)
                .build().run();
        double sigma0 = r.history().first("sigma");
        double sigma = r.history().last("sigma");
        System.out.println(r.message() + "; σ " + sigma0 + " → " + sigma + " in " + r.seconds() + " s");
        assertEquals(StopReason.COMPLETED, r.stopReason());
        assertTrue(Math.abs(sigma0 - 0.373) < 0.02, "initial σ is that of Fubini–Study, got " + sigma0);
        assertTrue(sigma < sigma0 / 3, "σ went from " + sigma0 + " to " + sigma);
    }
}
