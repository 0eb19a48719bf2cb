package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metricflow.examples.cli.CliHarness.Run;

class KernelLocalityCommandTest {

    @Test
    @SuppressWarnings("unchecked")
    void deltaLearnsNothingAwayFromTrainingPointsAndGaussianGainDecaysWithDistance() {
        Run r = CliHarness.run("kernel-locality", "--train", "20", "--grid", "30", "--bin-width", "0.2", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        List<Double> bins = (List<Double>) json.get("bins");
        List<Number> counts = (List<Number>) json.get("counts");
        Map<String, List<Double>> ratios = (Map<String, List<Double>>) json.get("ratios");
        Map<String, Object> training = (Map<String, Object>) json.get("trainingGain");
        assertTrue(bins.size() >= 4, "bins " + bins);
        // delta kernel: K(x, X) = 0 off the training set, so the test error is unchanged: gain exactly 1
        for (int b = 0; b < bins.size(); b++) {
            if (counts.get(b).intValue() > 0) {
                assertEquals(1.0, ratios.get("delta").get(b), 1e-12, "delta gain in bin " + b);
            }
        }
        // ... while it fits its own training points (gain e^{2ηt} overflows: reported as null / huge)
        Object deltaTraining = training.get("delta");
        assertTrue(deltaTraining == null || (Double) deltaTraining > 1e6, "delta training gain " + deltaTraining);
        // Gaussian: a large gain near the training points that decays with distance (to ≈ 1 beyond a few ℓ)
        List<Double> gauss = ratios.get("gaussian");
        assertTrue(gauss.get(0) > 20, "near gain " + gauss.get(0));
        int lastPopulated = 0;
        for (int b = 1; b < bins.size(); b++) {
            if (counts.get(b).intValue() >= 5) {
                // non-increasing up to sampling noise of 10% between adjacent bins
                assertTrue(gauss.get(b) <= 1.1 * gauss.get(b - 1), "gain rises at bin " + b + ": " + gauss);
                lastPopulated = b;
            }
        }
        assertTrue(gauss.get(0) > 10 * gauss.get(lastPopulated), "gain decay " + gauss);
        // the relu NTK is global: it learns everywhere, more near the data
        List<Double> relu = ratios.get("reluNtk");
        assertTrue(relu.get(lastPopulated) > 1, "relu far gain " + relu);
        assertTrue(relu.get(0) > relu.get(lastPopulated), "relu gain " + relu);
    }
}
