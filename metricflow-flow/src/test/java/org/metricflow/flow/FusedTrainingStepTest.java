package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.phi.FusedMongeAmpere;
import org.metricflow.nn.phi.PhiModel;

/**
 * {@link MetricFlow} trains a φ-model with the Monge–Ampère loss through the fused kernel ({@link FusedMongeAmpere});
 * the reference is the same run through the autodiff path, forced by wrapping the loss in a delegating {@link Loss}
 * (not recognised as the built-in one). Loss and gradient differ by rounding only (~1e-14 relative), and a few Adam
 * steps move each parameter by at most lr per step with the normalized ratio m/√v, whose rounding error stays at that
 * level, so the trained parameters agree to 1e-9 relative to their size.
 */
class FusedTrainingStepTest {

    /** A loss hidden behind a wrapper without its fused step, so that the flow takes the autodiff path. */
    static Loss opaque(Loss inner) {
        return new Loss() {
            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public Tensor evaluate(LossContext context) {
                return inner.evaluate(context);
            }
        };
    }

    private static PhiModel model(ProjectiveVariety x, long seed, Activation act, Parametrization par,
            FeatureMap features) {
        Mlp net = Mlp.builder().inputs(features.featureCount(x.ambientDimension() + 1)).hidden(12, 10).outputs(1)
                .activation(act).parametrization(par).seed(seed).build();
        return PhiModel.of(x, net, features, false);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void fusedAndAutodiffRunsReachTheSameParameters(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety[] varieties = {ProjectiveVariety.fermatCubic(), ProjectiveVariety.fermatQuartic(),
            ProjectiveVariety.fermatQuintic()};
        ProjectiveVariety x = varieties[rng.nextInt(3)];
        Activation act = new Activation[] {Activation.GELU, Activation.TANH, Activation.SOFTPLUS}[rng.nextInt(3)];
        Parametrization par = rng.nextInt(2) == 0 ? Parametrization.STANDARD : Parametrization.NTK;
        FeatureMap features = FeatureMap.values()[rng.nextInt(2)];
        double q = rng.nextInt(2) == 0 ? 1.0 : 2.0;
        double weight = 0.5 + 2 * rng.nextDouble();
        PointSet points = x.sample(160, seed);

        PhiModel fusedModel = model(x, seed, act, par, features);
        PhiModel autodiffModel = model(x, seed, act, par, features);
        MetricFlow fusedFlow = MetricFlow.builder().pointSet(points).seed(seed).model(fusedModel)
                .loss(Loss.mongeAmpere(q), weight).epochs(2).batchSize(48).adam(2e-3).build();
        MetricFlow autodiffFlow = MetricFlow.builder().pointSet(points).seed(seed).model(autodiffModel)
                .loss(opaque(Loss.mongeAmpere(q)), weight).epochs(2).batchSize(48).adam(2e-3).build();
        assertNotNull(fusedFlow.fusedStep(fusedModel), "the built-in loss on a φ-model takes the fused path");
        assertNull(autodiffFlow.fusedStep(autodiffModel), "a wrapped loss takes the autodiff path");

        FlowResult a = fusedFlow.run();
        FlowResult b = autodiffFlow.run();
        String what = x.name() + " " + act + " " + par + " " + features + " q=" + q;
        assertEquals(StopReason.COMPLETED, a.stopReason(), a.message());
        Seeds.assertAllClose(b.history().series("loss"), a.history().series("loss"), 1e-9, 0, seed,
                what + ": validation loss per epoch");
        List<Tensor> pa = fusedModel.parameters();
        List<Tensor> pb = autodiffModel.parameters();
        for (int i = 0; i < pa.size(); i++) {
            double[] expected = pb.get(i).value().data;
            double big = 0;
            for (double v : expected) {
                big = Math.max(big, Math.abs(v));
            }
            Seeds.assertAllClose(expected, pa.get(i).value().data, 0, 1e-9 * big, seed,
                    what + ": parameter " + i + " after 6 Adam steps (2 epochs of 3 batches)");
        }
    }

    @Test
    void fusedGradientEqualsTheFlowLossGradient() {
        // The flow module's own Loss.mongeAmpere (the definition) against the kernel, with the run's constant c.
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        PhiModel model = model(quintic, 5, Activation.GELU, Parametrization.STANDARD,
                FeatureMap.HERMITIAN_INVARIANTS);
        PointSet ps = quintic.sample(70, 5);
        double volOmega = KahlerIntegrals.omegaVolume(ps).value();
        LossContext ctx = new LossContext(model, ps, model.metric(ps), ps.fubiniStudyVolume(), volOmega);
        Tensor loss = Loss.mongeAmpere().evaluate(ctx);
        DMatrixRMaj[] ref = Autodiff.grad(loss, model.parameters().toArray(new Tensor[0]));
        FusedMongeAmpere fused = model.mongeAmpereStep(1.0);
        List<DMatrixRMaj> g = fused.newGradients();
        double lv = fused.lossAndGradient(ps, ctx.ratioConstant(), g);
        Seeds.assertClose(loss.item(), lv, 1e-12, 0, 5, "loss");
        for (int i = 0; i < ref.length; i++) {
            double big = 0;
            for (double v : ref[i].data) {
                big = Math.max(big, Math.abs(v));
            }
            Seeds.assertAllClose(ref[i].data, g.get(i).data, 0, 1e-10 * big, 5, "gradient " + i);
        }
    }

    @Test
    void trainingIsBitIdenticalForOneAndTwoThreads() {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        PointSet points = quintic.sample(200, 11);
        int before = Parallel.defaultThreads();
        double[][] params = new double[2][];
        double[][] losses = new double[2][];
        try {
            for (int t = 1; t <= 2; t++) {
                Parallel.setDefaultThreads(t);
                PhiModel m = model(quintic, 11, Activation.GELU, Parametrization.STANDARD,
                        FeatureMap.HERMITIAN_INVARIANTS);
                FlowResult r = MetricFlow.builder().pointSet(points).seed(11).model(m).epochs(2).batchSize(64)
                        .adam(1e-3).build().run();
                losses[t - 1] = r.history().series("loss");
                params[t - 1] = m.parameters().get(0).value().data.clone();
            }
        } finally {
            Parallel.setDefaultThreads(before);
        }
        assertArrayEquals(losses[0], losses[1]);
        assertArrayEquals(params[0], params[1]);
    }
}
