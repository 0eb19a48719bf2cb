package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.phi.PhiModel;

/**
 * Training faults: NaN or ∞ injected into the loss at a chosen (epoch, step), a loss that explodes, an update that
 * overflows the parameters. The run stops (or, with {@link MetricFlow.Builder#nonFiniteRetries}, rolls back a
 * bounded number of times) with a message naming the epoch and step, and keeps exactly the parameters of the last
 * good step (where the loss was last evaluated finite): the reference is an unpoisoned run with the same seed
 * observed by a listener right after the corresponding step. Nothing non-finite is ever recorded in the history.
 */
class TrainingFaultTest {
    static final int POINTS = 200; // 20 validation, 180 training points
    static final int BATCH = 60; // → 3 steps per epoch
    static final int STEPS = 3;

    private static PhiModel freshModel() {
        ProjectiveVariety x = ProjectiveVariety.fermatCubic();
        FeatureMap f = FeatureMap.HERMITIAN_INVARIANTS;
        Mlp mlp = Mlp.builder().inputs(f.featureCount(3)).hidden(8).outputs(1).activation(Activation.GELU)
                .seed(42).build();
        return PhiModel.of(x, mlp, f, true);
    }

    private static MetricFlow.Builder config(PhiModel model) {
        return MetricFlow.builder().variety(ProjectiveVariety.fermatCubic()).points(POINTS).seed(7).model(model)
                .batchSize(BATCH).adam(1e-2).epochs(4);
    }

    /** The 1-based evaluation count of the loss at (epoch ≥ 1, step): epoch 0 and each epoch end observe once. */
    static int callOf(int epoch, int step) {
        return 1 + (epoch - 1) * (STEPS + 1) + step + 1;
    }

    /** Monge–Ampère, multiplied by {@code factor(call)} on the chosen evaluations. */
    private static Loss poisoned(IntPredicate poisonedCall, double factor) {
        int[] calls = {0};
        return new Loss() {
            @Override
            public String name() {
                return "mongeAmpere";
            }

            @Override
            public Tensor evaluate(LossContext c) {
                calls[0]++;
                Tensor ma = Loss.mongeAmpere().evaluate(c);
                return poisonedCall.test(calls[0]) ? ma.times(factor) : ma;
            }
        };
    }

    /**
     * θ of an unpoisoned run right after (epoch, step), through the same (autodiff) loss path as the poisoned runs:
     * the default Monge–Ampère loss would take the fused step, equal only to rounding.
     */
    private static double[] cleanParametersAfter(int epoch, int step) {
        PhiModel m = freshModel();
        double[][] seen = new double[1][];
        config(m).loss(poisoned(c -> false, 1.0), 1.0).listener(new FlowListener() {
            @Override
            public void onStep(int e, int s, int steps, double loss) {
                assertEquals(STEPS, steps, "the test's step arithmetic");
                if (e == epoch && s == step) {
                    seen[0] = m.network().flatParameters();
                }
            }
        }).build().run();
        assertNotNull(seen[0]);
        return seen[0];
    }

    private static void requireFiniteHistory(FlowResult r) {
        for (String name : r.history().names()) {
            for (double v : r.history().series(name)) {
                assertTrue(Double.isFinite(v) || name.equals("sigmaError"), name + " recorded " + v);
            }
        }
    }

    @ParameterizedTest(name = "[{index}] poison {0} at epoch {1}, step {2}")
    @MethodSource("poisonCases")
    void aNonFiniteLossStopsWithTheLastGoodParameters(double poison, int epoch, int step) {
        PhiModel m = freshModel();
        FlowResult r = config(m).loss(poisoned(c -> c == callOf(epoch, step), poison), 1.0).build().run();
        assertEquals(StopReason.NON_FINITE, r.stopReason(), r.message());
        assertTrue(r.message().contains("epoch " + epoch + ", step " + step), r.message());
        // "Last good" θ: where the training loss was last evaluated finite. A failure at step s ≥ 2 keeps θ before
        // step s − 1 (the update that led to the bad loss may be the culprit); at step 0 or 1 it keeps θ at the
        // start of the epoch (validated by the previous epoch's observables).
        double[] expected = step >= 2 ? cleanParametersAfter(epoch, step - 2)
                : epoch > 1 ? cleanParametersAfter(epoch - 1, STEPS - 1) : freshModel().network().flatParameters();
        assertArrayEquals(expected, m.network().flatParameters(), 0.0, "exactly the last good step's θ");
        assertEquals(epoch, r.history().size(), "epochs 0 … " + (epoch - 1) + " are recorded, the failed one is not");
        requireFiniteHistory(r);
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> poisonCases() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(Double.NaN, 1, 0),
                org.junit.jupiter.params.provider.Arguments.of(Double.NaN, 2, 1),
                org.junit.jupiter.params.provider.Arguments.of(Double.NaN, 1, 2),
                org.junit.jupiter.params.provider.Arguments.of(Double.POSITIVE_INFINITY, 3, 2),
                org.junit.jupiter.params.provider.Arguments.of(Double.NEGATIVE_INFINITY, 2, 0));
    }

    @Test
    void boundedRetriesRollBackThenStop() {
        Set<Integer> bad = Set.of(callOf(1, 1), callOf(2, 2), callOf(3, 0));
        PhiModel survives = freshModel();
        FlowResult ok = config(survives).nonFiniteRetries(3).loss(poisoned(bad::contains, Double.NaN), 1.0).build()
                .run();
        assertEquals(StopReason.COMPLETED, ok.stopReason(), ok.message());
        assertTrue(ok.message().contains("3 non-finite step(s) rolled back") && ok.message().contains("epoch 1, step 1")
                && ok.message().contains("epoch 2, step 2") && ok.message().contains("epoch 3, step 0"), ok.message());
        assertEquals(5, ok.history().size());
        requireFiniteHistory(ok);

        PhiModel stops = freshModel();
        FlowResult stopped = config(stops).nonFiniteRetries(2).loss(poisoned(bad::contains, Double.NaN), 1.0).build()
                .run();
        assertEquals(StopReason.NON_FINITE, stopped.stopReason());
        assertTrue(stopped.message().startsWith("stopped at epoch 3, step 0")
                && stopped.message().contains("after 2 rollbacks"), stopped.message());
        assertThrows(IllegalArgumentException.class, () -> MetricFlow.builder().nonFiniteRetries(-1));
    }

    /**
     * An additive ansatz g = g_FS + NN is not positive definite by construction; after a few large Adam steps it is
     * indefinite at some validation points. The run reports that in its message (log det there is log|det g|).
     */
    @Test
    void aMetricThatLosesPositiveDefinitenessIsReported() {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        FeatureMap f = FeatureMap.HERMITIAN_INVARIANTS;
        Mlp net = Mlp.builder().inputs(f.featureCount(5)).hidden(16).outputs(25).activation(Activation.GELU).seed(11)
                .build();
        FlowResult r = MetricFlow.builder().variety(quintic).points(600).seed(5).validationFraction(0.5)
                .model(org.metricflow.nn.metric.AdditiveModel.of(quintic, net, f, true)).batchSize(100).adam(3e-2)
                .epochs(2).build().run();
        assertTrue(r.message().contains("warning: the metric is not positive definite at up to")
                || r.message().contains("the metric is not positive definite at"), r.message());
        requireFiniteHistory(r);
    }

    /** A loss that grows by 10^100 per step overflows to ∞ within a few steps: the run stops cleanly. */
    @Test
    void anExplodingLossStopsCleanly() {
        PhiModel m = freshModel();
        int[] calls = {0};
        Loss exploding = new Loss() {
            @Override
            public String name() {
                return "exploding";
            }

            @Override
            public Tensor evaluate(LossContext c) {
                calls[0]++;
                return Loss.mongeAmpere().evaluate(c).times(Math.pow(1e100, calls[0]));
            }
        };
        FlowResult r = config(m).epochs(10).loss(exploding, 1.0).build().run();
        assertEquals(StopReason.NON_FINITE, r.stopReason(), r.message());
        assertTrue(r.message().matches("stopped at epoch \\d+, step \\d+: the (loss|gradient) is not finite.*"),
                r.message());
        for (double v : m.network().flatParameters()) {
            assertTrue(Double.isFinite(v));
        }
        requireFiniteHistory(r);
    }

    /**
     * Learning rates far too large (seeded, 10² … 10³⁰⁰): whatever happens — an invalid metric, an overflowing update,
     * or luck — the run ends COMPLETED, NON_FINITE or DIVERGED (the metric stopped being positive definite on
     * validation points: rolled back to the previous epoch) with finite parameters and a finite history.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void absurdLearningRatesNeverLeaveNaNBehind(long seed) {
        Rng rng = Seeds.rng(seed);
        double lr = Math.pow(10, 2 + rng.nextInt(299));
        PhiModel m = freshModel();
        MetricFlow.Builder b = config(m).epochs(2).batchSize(rng.nextInt(2) == 0 ? BATCH : 1000);
        b = rng.nextInt(2) == 0 ? b.sgd(lr, 0.0) : b.adam(lr);
        FlowResult r = b.build().run();
        assertTrue(r.stopReason() == StopReason.COMPLETED || r.stopReason() == StopReason.NON_FINITE
                || r.stopReason() == StopReason.DIVERGED, r.message());
        if (r.stopReason() == StopReason.DIVERGED) {
            assertTrue(r.message().startsWith("diverged in epoch ") && r.message().contains("lower the learning rate"),
                    r.message());
        }
        for (double v : m.network().flatParameters()) {
            assertTrue(Double.isFinite(v), "lr " + lr + ": " + r.message() + " [seed=" + seed + "]");
        }
        requireFiniteHistory(r);
    }
}
