package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.metric.AdditiveModel;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.metric.MultiplicativeModel;

/**
 * The non-Kähler ansätze train with the same builder as the φ-model: 12 short epochs (3000 points, batch 200) of the
 * Monge–Ampère loss plus the volume loss at least halve σ on the Fermat quintic from its Fubini–Study value (≈ 0.37).
 */
class AmbientAnsatzTrainingTest {

    private static FlowResult train(KahlerMetricModel model) {
        return MetricFlow.builder()
                .variety(ProjectiveVariety.fermatQuintic()).points(3000).seed(5)
                .model(model)
                .loss(Loss.mongeAmpere(), 1.0).loss(Loss.volume(), 1.0)
                .epochs(12).batchSize(200).adam(3e-3)
                .build().run();
    }

    private static Mlp network(int outputs) {
        return Mlp.builder().inputs(25).hidden(32, 32).outputs(outputs).activation(Activation.GELU).seed(11).build();
    }

    @Test
    void additiveModelLowersSigma() {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        FlowResult r = train(AdditiveModel.of(quintic, network(25), FeatureMap.HERMITIAN_INVARIANTS, true));
        double sigma0 = r.history().first("sigma");
        double sigma = r.history().last("sigma");
        System.out.println("additive: σ " + sigma0 + " → " + sigma + " in " + r.seconds() + " s");
        assertEquals(StopReason.COMPLETED, r.stopReason());
        assertTrue(Math.abs(sigma0 - 0.373) < 0.03, "zero output starts at Fubini–Study, σ0 = " + sigma0);
        // measured 0.374 → 0.117 (12 epochs, ~1.5–5 s on a shared machine; 0.121 before the horizontal
        // projection); the bar of a factor 2 leaves room for platform round-off
        assertTrue(sigma < 0.5 * sigma0, "σ went from " + sigma0 + " to " + sigma);
    }

    @Test
    void multiplicativeModelLowersSigma() {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        FlowResult r = train(MultiplicativeModel.of(quintic, network(15), FeatureMap.HERMITIAN_INVARIANTS, true));
        double sigma0 = r.history().first("sigma");
        double sigma = r.history().last("sigma");
        System.out.println("multiplicative: σ " + sigma0 + " → " + sigma + " in " + r.seconds() + " s");
        assertEquals(StopReason.COMPLETED, r.stopReason());
        assertTrue(Math.abs(sigma0 - 0.373) < 0.03, "zero output starts at Fubini–Study, σ0 = " + sigma0);
        // measured 0.374 → 0.088 (12 epochs, ~0.8–2.6 s; 0.089 before the horizontal projection); bar: a factor 2
        assertTrue(sigma < 0.5 * sigma0, "σ went from " + sigma0 + " to " + sigma);
    }
}
