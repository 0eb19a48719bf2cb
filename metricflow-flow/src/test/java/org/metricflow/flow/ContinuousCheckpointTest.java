package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;

/**
 * Stop requests (what Ctrl-C/SIGTERM sets) and resumes of the continuous dynamics — gradient flow, the metric ODE
 * with a frozen and with an evolving metric-NTK: a stop at a seeded random right-hand-side evaluation writes the last
 * completed interval's checkpoint (with the ODE state) atomically, and the run resumed from it ends with history
 * and parameters bit-identical to the uninterrupted run; a resume with another η, time or number of intervals is
 * refused naming the field.
 */
class ContinuousCheckpointTest {
    private static final int EPOCHS = 4;
    private static final AtomicInteger RESUMED = new AtomicInteger();
    private static final AtomicInteger NOTHING = new AtomicInteger();
    /** The uninterrupted run of each dynamics and its number of right-hand-side evaluations. */
    private static final java.util.Map<Integer, FlowResult> WHOLE = new java.util.HashMap<>();
    private static final java.util.Map<Integer, Integer> EVALUATIONS = new java.util.HashMap<>();

    @TempDir
    Path dir;

    static Dynamics dynamics(int kind) {
        switch (kind) {
            case 0:
                return Dynamics.gradientFlow(0.5, 0.2, 1e-5, 1e-5);
            case 1:
                return Dynamics.metricOde(0.5, 0.2, NtkMode.FROZEN, 1e-5, 1e-5);
            default:
                return Dynamics.metricOde(0.5, 0.2, NtkMode.EVOLVING, 1e-5, 1e-5);
        }
    }

    static MetricFlow.Builder config(int kind) {
        return MetricFlow.builder().variety(ProjectiveVariety.fermatCubic()).points(40).seed(3)
                .phiModel(4, 1, Activation.GELU).epochs(EPOCHS).dynamics(dynamics(kind));
    }

    private static double[] parameters(FlowResult r) {
        return r.model().parameters().stream().map(Tensor::value).flatMapToDouble(v -> java.util.Arrays.stream(
                v.data, 0, v.getNumElements())).toArray();
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void aStopRequestCheckpointsTheStateAndTheResumeIsBitIdentical(long seed) throws Exception {
        Rng rng = Seeds.rng(seed);
        int kind = (int) Math.floorMod(seed, 3L);
        FlowResult whole = WHOLE.computeIfAbsent(kind, k -> {
            AtomicInteger evaluations = new AtomicInteger();
            FlowResult r = config(k).stopWhen(() -> {
                evaluations.incrementAndGet();
                return false;
            }, null).build().run();
            EVALUATIONS.put(k, evaluations.get());
            return r;
        });
        assertEquals(StopReason.COMPLETED, whole.stopReason(), whole.message());
        int stopAt = 1 + rng.nextInt(EVALUATIONS.get(kind));
        Path ckpt = dir.resolve("stop.mfa");
        AtomicInteger polled = new AtomicInteger();
        FlowResult stopped = config(kind).stopWhen(() -> polled.incrementAndGet() >= stopAt, ckpt).build().run();
        assertEquals(StopReason.INTERRUPTED, stopped.stopReason(), stopped.message());
        assertTrue(stopped.message().startsWith("stopped on request in epoch "), stopped.message());
        if (stopped.message().contains("nothing to resume")) {
            NOTHING.incrementAndGet();
            assertFalse(Files.exists(ckpt));
            return;
        }
        assertTrue(stopped.message().contains("written to " + ckpt), stopped.message());
        FlowResult resumed = config(kind).resumeFrom(ckpt).build().run();
        assertEquals(StopReason.COMPLETED, resumed.stopReason(), resumed.message());
        assertEquals(whole.history().toCsv(), resumed.history().toCsv(), "identical history [seed=" + seed + "]");
        assertArrayEquals(parameters(whole), parameters(resumed), 0.0, "bit-identical parameters [seed=" + seed
                + ", " + dynamics(kind) + "]");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(ckpt), files.toList(), "no temporary file left");
        }
        RESUMED.incrementAndGet();
    }

    @Test
    void checkpointsEveryIntervalResumeAndAChangedFlowIsRefused() throws Exception {
        Path ckpt = dir.resolve("c.mfa");
        FlowResult first = config(0).epochs(2).checkpoints(ckpt, 1).build().run();
        assertEquals(StopReason.COMPLETED, first.stopReason(), first.message());
        for (var change : List.<java.util.function.UnaryOperator<MetricFlow.Builder>>of(
                b -> b.dynamics(Dynamics.gradientFlow(0.6, 0.2, 1e-5, 1e-5)),
                b -> b.dynamics(Dynamics.metricOde(0.5, 0.2, NtkMode.FROZEN, 1e-5, 1e-5)),
                b -> b.epochs(3))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> change.apply(config(0).epochs(2)).resumeFrom(ckpt).build());
            assertTrue(e.getMessage().contains("in the checkpoint") && (e.getMessage().contains("dynamics: ")
                    || e.getMessage().contains("intervals: ")), e.getMessage());
        }
        // the last interval's checkpoint resumed: nothing left to integrate, the same history and state
        FlowResult again = config(0).epochs(2).resumeFrom(ckpt).build().run();
        assertEquals(first.history().toCsv(), again.history().toCsv());
        assertArrayEquals(parameters(first), parameters(again), 0.0);
    }

    @AfterAll
    static void report() {
        System.out.println("ContinuousCheckpointTest: stop requests → resumed bit-identically " + RESUMED.get()
                + ", stopped before the first interval " + NOTHING.get() + " of 16");
    }
}
