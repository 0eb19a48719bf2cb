package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.io.ArchiveFormatException;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.phi.PhiModel;

/** Determinism, fault handling, early stopping, persistence and validation of {@link MetricFlow}. */
class MetricFlowBehaviourTest {
    private static MetricFlow.Builder small() {
        return MetricFlow.builder().variety(ProjectiveVariety.fermatCubic()).points(400).seed(5)
                .phiModel(8, 1, Activation.GELU).epochs(2).batchSize(64).adam(1e-2);
    }

    @Test
    void sameSeedGivesBitIdenticalRuns() {
        FlowResult a = small().build().run();
        FlowResult b = small().build().run();
        assertEquals(a.history().toCsv(), b.history().toCsv());
        assertArrayEquals(((PhiModel) a.model()).network().flatParameters(),
                ((PhiModel) b.model()).network().flatParameters(), 0.0);
    }

    /** build() freezes the settings: changing the builder afterwards changes neither that flow nor its run. */
    @Test
    void builtFlowIgnoresLaterBuilderChanges() {
        MetricFlow.Builder b = small();
        MetricFlow flow = b.build();
        b.epochs(5).seed(6).loss(Loss.volume(), 1.0).listener(new FlowListener() {
            @Override
            public void onStart(int epochs, int stepsPerEpoch) {
                throw new AssertionError("a listener added after build() was called");
            }
        });
        FlowResult r = flow.run();
        assertEquals(small().build().run().history().toCsv(), r.history().toCsv());
        assertEquals(3, r.history().size(), "epochs 0, 1, 2 of the settings at build()");
    }

    /** A loss that turns NaN at its 5th evaluation (the 4th training step): the run stops with the last good θ. */
    @Test
    void nonFiniteStepStopsWithLastGoodParameters() {
        int[] calls = {0};
        Loss poisoned = new Loss() {
            @Override
            public String name() {
                return "poisoned";
            }

            @Override
            public Tensor evaluate(LossContext c) {
                calls[0]++;
                Tensor ma = Loss.mongeAmpere().evaluate(c);
                return calls[0] == 5 ? ma.times(Double.NaN) : ma;
            }
        };
        FlowResult r = small().loss(poisoned, 1.0).build().run();
        assertEquals(StopReason.NON_FINITE, r.stopReason());
        assertTrue(r.message().contains("epoch 1, step 3") && r.message().contains("not finite"), r.message());
        double[] theta = ((PhiModel) r.model()).network().flatParameters();
        for (double v : theta) {
            assertTrue(Double.isFinite(v), "parameters must stay finite");
        }
        assertEquals(1, r.history().size(), "only the initial epoch is recorded");
    }

    @Test
    void earlyStoppingKeepsTheBestEpoch() {
        // A learning rate this large makes σ oscillate, so it stops improving within a few epochs.
        FlowResult r = small().epochs(40).adam(0.05).earlyStopping("sigma", 2).build().run();
        double[] sigma = r.history().series("sigma");
        assertEquals(StopReason.EARLY_STOPPED, r.stopReason(), r.message());
        assertTrue(r.message().contains("restored the best parameters"), r.message());
        assertTrue(sigma.length < 41, "stopped before the last epoch");
        double best = Double.POSITIVE_INFINITY;
        for (int e = 0; e < sigma.length - 2; e++) {
            best = Math.min(best, sigma[e]);
        }
        assertTrue(sigma[sigma.length - 1] >= best && sigma[sigma.length - 2] >= best,
                "the last two epochs did not improve on the best " + best);
    }

    @Test
    void savedModelReloadsToTheSameMetricAndCorruptionIsRejected(@TempDir Path dir) throws IOException {
        FlowResult r = small().build().run();
        Path file = dir.resolve("model.mfa");
        ModelFiles.save(r.model(), file);
        PhiModel loaded = ModelFiles.load(file);
        PointSet ps = ProjectiveVariety.fermatCubic().sample(30, 9);
        assertArrayEquals(r.model().metric(ps).re().value().data, loaded.metric(ps).re().value().data, 0.0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> ModelFiles.load(file));
        assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
    }

    @Test
    void lbfgsRefinementRunsAfterTheEpochsAndLowersTheLoss() {
        FlowResult r = small().epochs(2).lbfgsRefinement(30).build().run();
        double[] loss = r.history().series("loss");
        assertEquals(4, loss.length, "epochs 0, 1, 2 and the refinement");
        assertTrue(r.message().contains("L-BFGS refinement"), r.message());
        System.out.println("L-BFGS refinement: validation loss " + loss[2] + " → " + loss[3] + "; " + r.message());
        assertTrue(loss[3] < loss[2], "validation loss " + loss[2] + " → " + loss[3]);
    }

    @Test
    void nonCalabiYauVarietiesTrainAndAreReported() {
        // A cubic surface in CP^3 (degree 3 ≠ 4): allowed; σ and κ are defined; the result says it is not CY.
        FlowResult r = MetricFlow.builder().variety(ProjectiveVariety.parse("fermat:3:3")).points(300).seed(2)
                .phiModel(8, 1, Activation.GELU).epochs(1).batchSize(64).build().run();
        assertTrue(r.message().contains("not Calabi–Yau"), r.message());
        assertTrue(Double.isFinite(r.history().last("sigma")) && Double.isFinite(r.history().last("kappa")));
    }

    @Test
    void buildRejectsIncompleteOrInconsistentConfigurations() {
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> MetricFlow.builder().build());
        assertTrue(none.getMessage().contains("call variety(...)"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetricFlow.builder().points(3));
        assertThrows(IllegalArgumentException.class, () -> MetricFlow.builder().adam(-1));
        IllegalStateException stop = assertThrows(IllegalStateException.class,
                () -> small().earlyStopping("sigmaa", 3).build());
        assertTrue(stop.getMessage().contains("unknown observable 'sigmaa'"), stop.getMessage());
        PointSet quartic = ProjectiveVariety.fermatQuartic().sample(40, 1);
        IllegalStateException mismatch = assertThrows(IllegalStateException.class,
                () -> small().pointSet(quartic).build());
        assertTrue(mismatch.getMessage().contains("give one of them"), mismatch.getMessage());
    }
}
