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
import org.metricflow.core.autodiff.Tensor;
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

    /** A stop request after the epochs ends the L-BFGS refinement early; the run completes with its results. */
    @Test
    void aStopRequestDuringLbfgsKeepsTheRefinedResult() {
        AtomicInteger polls = new AtomicInteger();
        int optimizerSteps = EPOCHS * 4;
        FlowResult r = config().lbfgsRefinement(50).stopWhen(() -> polls.incrementAndGet() > optimizerSteps + 2,
                dir.resolve("never.mfa")).build().run();
        assertEquals(StopReason.COMPLETED, r.stopReason(), r.message());
        assertTrue(r.message().contains("L-BFGS refinement: 3 iterations, stopped on request"), r.message());
        assertEquals(EPOCHS + 2, r.history().series("sigma").length, "epochs 0…E and the refined metric");
        assertTrue(!Files.exists(dir.resolve("never.mfa")), "no checkpoint: nothing was interrupted");
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
        c.add(new Object[] {"dynamics",
            (UnaryOperator<MetricFlow.Builder>) b -> b.dynamics(Dynamics.gradientFlow(0.1, 0.2))});
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void aResumeWithAChangedSettingIsRefusedNamingIt(String field, UnaryOperator<MetricFlow.Builder> change)
            throws Exception {
        Path ckpt = dir.resolve("c.mfa");
        config().epochs(1).checkpoints(ckpt, 1).build().run();
        assertTrue(Files.isRegularFile(ckpt));
        // refused when the configuration is built, before any point is sampled
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(config()).resumeFrom(ckpt).build());
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

    /**
     * A run whose rate jumps to 10⁶ after two epochs (a schedule; the checkpoint's fingerprint records it): the
     * uninterrupted run and the run resumed from its epoch-2 checkpoint both stop in epoch 3, rolled back to the
     * epoch-2 parameters (bit-identical to the checkpoint's), with a message naming the learning rate. Before the
     * checkpoint carried the divergence reference, the resumed run had none and completed with an invalid metric.
     */
    @Test
    void aResumedRunDivergesWhereTheUninterruptedOneDoes() throws Exception {
        Path ckpt = dir.resolve("jump.mfa");
        org.metricflow.core.optim.LearningRateSchedule jump = e -> e < 2 ? 5e-3 : 1e6;
        FlowResult whole = config().schedule(jump).checkpoints(ckpt, 1).build().run();
        assertTrue(whole.stopReason() == StopReason.DIVERGED || whole.stopReason() == StopReason.NON_FINITE,
                whole.message());
        Checkpoint c = Checkpoint.read(ckpt, Checkpoint.fingerprintOrNull(ckpt), ((PhiModel) whole.model())
                .network().parameters().stream().map(t -> t.value()).toList());
        assertEquals(2, c.epoch, "the last checkpoint is the last good epoch");
        assertEquals(0, c.reference.nonPositive(), "the reference (epoch 0) is recorded in the checkpoint");
        FlowResult resumed = config().schedule(jump).resumeFrom(ckpt).build().run();
        assertEquals(whole.stopReason(), resumed.stopReason(), resumed.message());
        assertEquals(whole.message(), resumed.message());
        assertTrue(resumed.message().contains("lower the learning rate (now 1.00e+06)"), resumed.message());
        assertArrayEquals(((PhiModel) whole.model()).network().flatParameters(),
                ((PhiModel) resumed.model()).network().flatParameters(), 0.0);
        assertEquals(whole.history().toCsv(), resumed.history().toCsv());
    }

    /**
     * An ansatz that starts with a metric that is not positive definite at some validation points (g_FS plus an
     * untrained network's O(1) output): the result says so from the start, and a run counts as diverged only when
     * that number grows by more than 10 % of the validation points.
     */
    @Test
    void aModelThatStartsIndefiniteIsReportedAndJudgedAgainstItsStart() {
        ProjectiveVariety cubic = ProjectiveVariety.fermatCubic();
        FeatureMap f = FeatureMap.HERMITIAN_INVARIANTS;
        org.metricflow.nn.Mlp net = org.metricflow.nn.Mlp.builder().inputs(f.featureCount(3)).hidden(8).outputs(9)
                .activation(Activation.GELU).seed(4).build();
        for (double scale : new double[] {3, 30}) {
            for (Tensor t : net.parameters()) {
                for (int i = 0; i < t.value().data.length; i++) {
                    t.value().data[i] *= scale;
                }
            }
            FlowResult r = MetricFlow.builder().variety(cubic).points(200).seed(5).validationFraction(0.5)
                    .model(org.metricflow.nn.metric.AdditiveModel.of(cubic, net, f, false)).batchSize(50).adam(1e-3)
                    .epochs(1).build().run();
            assertTrue(r.message().contains("warning: the initial metric is not positive definite at "),
                    r.message());
            if (r.stopReason() == StopReason.DIVERGED) {
                assertTrue(r.message().contains(", up from "), r.message());
            }
        }
    }

    /** The positivity rule of divergence on seeded counts, against its statement. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void positivityDivergenceFollowsItsRule(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int i = 0; i < 50; i++) {
            int n = 2 + rng.nextInt(500);
            int reference = rng.nextInt(4) == 0 ? 0 : rng.nextInt(n + 1);
            int now = rng.nextInt(n + 1);
            String why = Observation.positivityDivergence(reference, now, n);
            boolean expected = reference == 0 ? now > 0 : now > reference + Math.max(1, Math.ceil(0.1 * n));
            assertEquals(expected, why != null, reference + " → " + now + " of " + n + ": " + why);
            assertEquals(null, Observation.positivityDivergence(-1, now, n), "no reference, no verdict");
        }
    }

    @AfterAll
    static void report() {
        System.out.println("StopResumeDivergenceTest: absurd rates → DIVERGED " + DIVERGED.get() + ", NON_FINITE "
                + NON_FINITE.get() + " of 16");
    }
}
