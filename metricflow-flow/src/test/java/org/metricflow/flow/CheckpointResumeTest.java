package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.phi.PhiModel;

/** A run interrupted after a checkpoint and resumed ends bit for bit where an uninterrupted run ends. */
class CheckpointResumeTest {
    private static MetricFlow.Builder config() {
        return MetricFlow.builder().variety(ProjectiveVariety.fermatCubic()).points(500).seed(11)
                .phiModel(8, 2, Activation.GELU).batchSize(64).adam(5e-3).earlyStopping("sigma", 50);
    }

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path dir) {
        FlowResult whole = config().epochs(5).build().run();
        Path ckpt = dir.resolve("run.ckpt");
        config().epochs(2).checkpoints(ckpt, 1).build().run(); // "killed" after epoch 2
        java.util.List<Integer> epochsRun = new java.util.ArrayList<>();
        FlowResult resumed = config().epochs(5).resumeFrom(ckpt).listener(new FlowListener() {
            @Override
            public void onEpoch(int epoch, java.util.Map<String, Double> o, double elapsed, double eta) {
                epochsRun.add(epoch);
            }
        }).build().run();
        assertEquals(java.util.List.of(3, 4, 5), epochsRun, "the resumed run continues after the checkpoint");
        assertEquals(whole.history().toCsv(), resumed.history().toCsv());
        assertArrayEquals(((PhiModel) whole.model()).network().flatParameters(),
                ((PhiModel) resumed.model()).network().flatParameters(), 0.0);
    }

    @Test
    void corruptedForeignOrMismatchedCheckpointsAreRejected(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("run.ckpt");
        config().epochs(1).checkpoints(ckpt, 1).build().run();
        // A different configuration (learning rate) must not silently continue from this state.
        Exception mismatch = assertThrows(IllegalArgumentException.class,
                () -> config().adam(1e-2).epochs(3).resumeFrom(ckpt).build().run());
        assertTrue(mismatch.getMessage().contains("different configuration"), mismatch.getMessage());
        byte[] bytes = Files.readAllBytes(ckpt);
        bytes[bytes.length - 40] ^= 1;
        Files.write(ckpt, bytes);
        Exception corrupt = assertThrows(java.io.UncheckedIOException.class,
                () -> config().epochs(3).resumeFrom(ckpt).build().run());
        assertTrue(corrupt.getMessage().contains("corrupted"), corrupt.getMessage());
        Path model = dir.resolve("model.mfa");
        ModelFiles.save(config().epochs(0).build().run().model(), model);
        Exception foreign = assertThrows(java.io.UncheckedIOException.class,
                () -> config().epochs(3).resumeFrom(model).build().run());
        assertTrue(foreign.getMessage().contains("not a checkpoint"), foreign.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> config().resumeFrom(dir.resolve("nope.ckpt")).build());
        assertTrue(missing.getMessage().contains("no checkpoint file"), missing.getMessage());
    }
}
