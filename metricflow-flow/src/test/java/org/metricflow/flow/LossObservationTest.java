package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.random.Rng;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.metric.FreeModel;
import org.metricflow.nn.metric.KahlerMetricModel;

/**
 * What a run records for each loss term equals the loss evaluated outside training (graph recording on, the
 * validation points, the final model): the Ricci loss differentiates the potential inside its evaluation and was
 * recorded as exactly 0 when observed under {@link Autodiff#noGrad}; its recorded value now comes from the
 * curvature-jet path ({@link Loss#value}) and must equal the nested-autodiff value. Early stopping on "loss" then sees
 * the real values. A free (non-Kähler) model trains with the Monge–Ampère and Kähler losses.
 */
class LossObservationTest {
    static final ProjectiveVariety QUINTIC = ProjectiveVariety.fermatQuintic();
    static final PointSet POINTS = QUINTIC.sample(24, 3);
    static final long SEED = 5;

    static Stream<Arguments> losses() {
        return Stream.of(Loss.mongeAmpere(), Loss.mongeAmpere(2), Loss.volume(), Loss.ricci(), Loss.kahler(),
                Loss.transition(), Loss.mseTo(p -> {
                    HermitianMetric fs = HermitianMetric.fubiniStudy(p);
                    return new HermitianMetric(fs.dimension(), fs.re().times(1.1), fs.im().times(1.1));
                })).map(Arguments::of);
    }

    /** The validation and training points of a run with this seed: the split MetricFlow makes (10% validation). */
    static PointSet[] split(PointSet all, long seed) {
        int[] perm = Rng.stream(seed, 1).permutation(all.size());
        int nVal = Math.max(2, Math.min((int) Math.round(0.1 * all.size()), all.size() - 2));
        return new PointSet[] {all.subset(Arrays.copyOfRange(perm, 0, nVal)),
            all.subset(Arrays.copyOfRange(perm, nVal, perm.length))};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void theRecordedValueIsTheLossOutsideTraining(Loss loss) {
        FlowResult r = MetricFlow.builder().pointSet(POINTS).seed(SEED).phiModel(6, 1, Activation.GELU)
                .loss(loss, 1).epochs(1).batchSize(12).adam(1e-3).build().run();
        PointSet[] vt = split(POINTS, SEED);
        KahlerMetricModel model = r.model();
        double expected = loss.evaluate(new LossContext(model, vt[0], model.metric(vt[0]),
                POINTS.fubiniStudyVolume(), KahlerIntegrals.omegaVolume(vt[1]).value())).item();
        double recorded = r.history().last(loss.name());
        // the same formula on the same numbers, except that the Ricci value comes from the curvature jets instead
        // of nested autodiff: both exact, rounding ~1e-12 relative
        assertEquals(expected, recorded, 1e-9 * Math.abs(expected) + 1e-14, loss.name());
        assertEquals(recorded, r.history().last("loss"), 1e-12 * Math.abs(recorded) + 1e-15, "total of one term");
        if (loss.name().equals("ricci") || loss.name().equals("mongeAmpere")) {
            assertTrue(recorded > 1e-3, loss.name() + " of a metric near Fubini–Study is far from 0: " + recorded);
        }
    }

    @Test
    void theRicciLossHasOneValueOnEveryPath() {
        KahlerMetricModel model = MetricFlow.builder().pointSet(POINTS).seed(SEED).phiModel(6, 1, Activation.GELU)
                .epochs(1).batchSize(12).adam(1e-2).build().run().model();
        PointSet p = POINTS.slice(0, 6);
        LossContext c = new LossContext(model, p, model.metric(p), 5, 1);
        Loss ricci = Loss.ricci();
        double graph = ricci.evaluate(c).item();
        double noGrad = Autodiff.noGrad(() -> ricci.evaluate(c).item());
        double jets = ricci.value(c);
        assertTrue(graph > 1, "|Ric|² near Fubini–Study is large: " + graph);
        // nested autodiff with and without an outer noGrad, and the curvature jets: exact formulas, rounding only
        assertEquals(graph, noGrad, 1e-12 * graph);
        assertEquals(graph, jets, 1e-9 * graph);
    }

    @Test
    void earlyStoppingOnTheRicciLossKeepsImproving() {
        FlowResult r = MetricFlow.builder().pointSet(POINTS).seed(SEED).phiModel(6, 1, Activation.GELU)
                .validationFraction(0.5).loss(Loss.ricci(), 1).epochs(2).batchSize(12).adam(1e-4)
                .earlyStopping("loss", 1).build().run();
        double[] loss = r.history().series("loss");
        // recorded as 0 before the fix, so "no improvement" after epoch 1 restored the initial parameters
        assertEquals(StopReason.COMPLETED, r.stopReason(), r.message());
        assertTrue(loss[0] > 0 && loss[2] < loss[1] && loss[1] < loss[0], Arrays.toString(loss));
    }

    @Test
    void aFreeModelTrainsOnTheMongeAmpereAndKahlerLosses() {
        FeatureMap f = FeatureMap.HERMITIAN_INVARIANTS;
        Mlp net = Mlp.builder().inputs(f.featureCount(5)).hidden(16).outputs(25)
                .activation(Activation.GELU).seed(2).build();
        FlowResult r = MetricFlow.builder().pointSet(QUINTIC.sample(200, 4)).seed(SEED)
                .model(FreeModel.of(QUINTIC, net, f)).loss(Loss.mongeAmpere(), 1).loss(Loss.kahler(), 1).epochs(3)
                .batchSize(30).adam(3e-3).build().run();
        double[] loss = r.history().series("loss");
        double[] kahler = r.history().series("kahler");
        assertEquals(StopReason.COMPLETED, r.stopReason(), r.message());
        for (double v : loss) {
            assertTrue(Double.isFinite(v) && v > 0, Arrays.toString(loss));
        }
        assertTrue(loss[3] < loss[0], "the free model learns: " + Arrays.toString(loss));
        assertTrue(kahler[0] >= 0 && Double.isFinite(kahler[3]), Arrays.toString(kahler));
    }
}
