package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.io.ArrayArchive;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.phi.PhiModel;

/**
 * Three ways a run must never lose or falsify a result.
 * <ul>
 *   <li>A stop request (what Ctrl-C/SIGTERM sets) at a seeded random step writes the last completed epoch's
 *       checkpoint atomically; resuming from it ends bit-identical (parameters and history) to the uninterrupted
 *       run.</li>
 *   <li>Resuming with any result-determining setting changed (activation, parametrization, features, width, depth,
 *       linearization, a loss weight, the learning rate, batch, seed, dynamics) is refused, naming the field.</li>
 *   <li>A diverging run (absurd Adam rates) ends with DIVERGED or NON_FINITE and finite parameters that are an earlier
 *       epoch's, never with a model that is not positive definite on the validation points.</li>
 * </ul>
 */
class StopResumeDivergenceTest {
    private static final int EPOCHS = 5;
    private static FlowResult whole;
    private static final AtomicInteger DIVERGED = new AtomicInteger();
    private static final AtomicInteger NON_FINITE = new AtomicInteger();

    @TempDir
    Path dir;

    static MetricFlow.Builder config() {
        return MetricFlow.builder().variety(ProjectiveVariety.fermatCubic()).points(120).seed(5)
                .phiModel(6, 1, Activation.GELU).batchSize(30).adam(5e-3).epochs(EPOCHS);
    }

    @BeforeAll
    static void uninterrupted() {
        whole = config().build().run();
        assertEquals(StopReason.COMPLETED, whole.stopReason());
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void aStopRequestCheckpointsAndTheResumeIsBitIdentical(long seed) throws java.io.IOException {
        Rng rng = Seeds.rng(seed);
        int stopAfter = 1 + rng.nextInt(EPOCHS * 4 - 2); // 4 steps per epoch (108 training points, batch 30)
        Path ckpt = dir.resolve("stop.mfa");
        AtomicInteger steps = new AtomicInteger();
        FlowResult stopped = config().stopWhen(() -> steps.incrementAndGet() > stopAfter, ckpt).build().run();
        assertEquals(StopReason.INTERRUPTED, stopped.stopReason(), stopped.message());
        if (stopAfter < 4) { // within epoch 1: nothing completed, nothing to resume
            assertTrue(stopped.message().contains("nothing to resume"), stopped.message());
            assertTrue(!Files.exists(ckpt));
            return;
        }
        assertTrue(stopped.message().contains("written to " + ckpt), stopped.message());
        FlowResult resumed = config().resumeFrom(ckpt).build().run();
        assertEquals(whole.history().toCsv(), resumed.history().toCsv(), "identical history [seed=" + seed + "]");
        assertArrayEquals(((PhiModel) whole.model()).network().flatParameters(),
                ((PhiModel) resumed.model()).network().flatParameters(), 0.0, "bit-identical parameters");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    static List<Object[]> changes() {
        List<Object[]> c = new ArrayList<>();
        c.add(new Object[] {"activation", (UnaryOperator<MetricFlow.Builder>) b -> b.phiModel(6, 1, Activation.TANH)});
        c.add(new Object[] {"width", (UnaryOperator<MetricFlow.Builder>) b -> b.phiModel(7, 1, Activation.GELU)});
        c.add(new Object[] {"depth", (UnaryOperator<MetricFlow.Builder>) b -> b.phiModel(6, 2, Activation.GELU)});
        c.add(new Object[] {"parametrization",
            (UnaryOperator<MetricFlow.Builder>) b -> b.parametrization(Parametrization.NTK)});
        c.add(new Object[] {"features",
            (UnaryOperator<MetricFlow.Builder>) b -> b.features(FeatureMap.PATCH_COORDINATES)});
        c.add(new Object[] {"linearized", (UnaryOperator<MetricFlow.Builder>) MetricFlow.Builder::linearized});
        c.add(new Object[] {"losses", (UnaryOperator<MetricFlow.Builder>) b -> b.loss(Loss.mongeAmpere(), 2)});
        c.add(new Object[] {"losses",
            (UnaryOperator<MetricFlow.Builder>) b -> b.loss(Loss.mongeAmpere(), 1).loss(Loss.volume(), 0.5)});
        c.add(new Object[] {"lr", (UnaryOperator<MetricFlow.Builder>) b -> b.adam(4e-3)});
        c.add(new Object[] {"batch", (UnaryOperator<MetricFlow.Builder>) b -> b.batchSize(31)});
        c.add(new Object[] {"seed", (UnaryOperator<MetricFlow.Builder>) b -> b.seed(6)});
        c.add(new Object[] {"points", (UnaryOperator<MetricFlow.Builder>) b -> b.points(121)});
        c.add(new Object[] {"kernelProbe", (UnaryOperator<MetricFlow.Builder>) b -> b.kernelProbe(3)});
        c.add(new Object[] {"nonFiniteRetries", (UnaryOperator<MetricFlow.Builder>) b -> b.nonFiniteRetries(2)});
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void aResumeWithAChangedSettingIsRefusedNamingIt(String field, UnaryOperator<MetricFlow.Builder> change)
            throws Exception {
        Path ckpt = dir.resolve("c.mfa");
        config().epochs(1).checkpoints(ckpt, 1).build().run();
        assertTrue(Files.isRegularFile(ckpt));
        MetricFlow changed = change.apply(config()).resumeFrom(ckpt).build();
        RuntimeException e = assertThrows(RuntimeException.class, changed::run);
        assertTrue(e.getMessage().contains(field + ": ") && e.getMessage().contains("in the checkpoint"),
                field + ": " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
        ArrayArchive.read(ckpt); // untouched and intact
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void divergenceRollsBackAndFails(long seed) {
        Rng rng = Seeds.rng(seed);
        double lr = Math.pow(10, 1 + 5 * rng.nextDouble());
        FlowResult r = MetricFlow.builder().variety(ProjectiveVariety.fermatCubic()).points(120).seed(seed)
                .phiModel(6, 1, Activation.GELU).batchSize(30).adam(lr).epochs(4).build().run();
        assertNotEquals(StopReason.EARLY_STOPPED, r.stopReason());
        double[] theta = ((PhiModel) r.model()).network().flatParameters();
        for (double v : theta) {
            assertTrue(Double.isFinite(v), "finite parameters [seed=" + seed + "]");
        }
        if (r.stopReason() == StopReason.DIVERGED) {
            DIVERGED.incrementAndGet();
            assertTrue(r.message().contains("lower the learning rate"), r.message());
        } else if (r.stopReason() == StopReason.NON_FINITE) {
            NON_FINITE.incrementAndGet();
        } else {
            // completed: then the metric stayed positive definite and the loss bounded at every epoch
            assertTrue(!r.message().contains("not positive definite"), "lr " + lr + ": " + r.message());
        }
    }

    @Test
    void theAbsurdRateOfTheIssueDiverges() {
        FlowResult r = MetricFlow.builder().variety(ProjectiveVariety.fermatCubic()).points(120).seed(2)
                .phiModel(8, 1, Activation.GELU).batchSize(40).adam(1e6).epochs(3).build().run();
        assertTrue(r.stopReason() == StopReason.DIVERGED || r.stopReason() == StopReason.NON_FINITE, r.message());
        assertTrue(r.message().contains("lower the learning rate"), r.message());
    }

    @AfterAll
    static void report() {
        System.out.println("StopResumeDivergenceTest: absurd rates → DIVERGED " + DIVERGED.get() + ", NON_FINITE "
                + NON_FINITE.get() + " of 16");
    }
}
