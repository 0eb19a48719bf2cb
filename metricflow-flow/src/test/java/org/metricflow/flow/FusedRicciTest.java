package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.phi.FusedRicci;
import org.metricflow.nn.phi.PhiModel;

/**
 * The φ-model's fused Ricci step ({@link FusedRicci}: the network's jet to bidegree (2,2) and its adjoint) against its
 * general twin, autodiff of {@link Loss#ricci()}'s nested-autodiff evaluation, on small random models (odd widths,
 * one or two hidden layers, every smooth activation, both parametrizations and feature maps, curves, K3 surfaces,
 * threefolds and a product of projective spaces); against central differences of its own loss in θ; and a run
 * through it against the same run through autodiff.
 *
 * <p>Tolerances: both paths evaluate exact formulas for the same numbers, so they differ by rounding, amplified by
 * the conditioning of g<sup>−1</sup> and of the fourth derivatives (observed ≤ 1e-12 relative); 1e-10 relative to the
 * largest entry of each gradient leaves room. Central differences with h = 1e-6 (relative to the parameter's scale)
 * have truncation h²·|L'''| ≈ 1e-12 and rounding ε·|L|/h ≈ 1e-10 relative: 1e-6 relative is safe and still catches
 * any wrong term. Adam normalizes m/√v, so gradient rounding moves trained parameters by ≈ 1e-13 relative; 1e-9 is
 * asserted for the history after two epochs.
 */
class FusedRicciTest {
    private static final ProjectiveVariety[] VARIETIES = {ProjectiveVariety.fermatCubic(),
        ProjectiveVariety.fermatQuartic(), ProjectiveVariety.fermatQuintic(), ProjectiveVariety.bicubic()};
    private static final Activation[] SMOOTH = {Activation.GELU, Activation.TANH, Activation.SOFTPLUS, Activation.SIN,
        Activation.ERF, Activation.SIGMOID};

    /** A random small φ-model whose output layer is scaled down so that the metric stays near the reference. */
    private static PhiModel randomModel(Rng rng, long seed, ProjectiveVariety x) {
        FeatureMap features = FeatureMap.values()[rng.nextInt(2)];
        int layers = 1 + rng.nextInt(2);
        int[] hidden = new int[layers];
        for (int i = 0; i < layers; i++) {
            hidden[i] = 3 + 2 * rng.nextInt(3); // 3, 5 or 7
        }
        Mlp net = Mlp.builder().inputs(features.featureCount(x)).hidden(hidden).outputs(1)
                .activation(SMOOTH[rng.nextInt(SMOOTH.length)])
                .parametrization(rng.nextInt(2) == 0 ? Parametrization.STANDARD : Parametrization.NTK).seed(seed)
                .build();
        PhiModel model = PhiModel.of(x, net, features, false);
        List<Tensor> p = model.parameters();
        for (double[] w : new double[][] {p.get(p.size() - 2).value().data, p.get(p.size() - 1).value().data}) {
            for (int i = 0; i < w.length; i++) {
                w[i] *= 0.05;
            }
        }
        return model;
    }

    private static double maxAbs(double[] x) {
        double big = 0;
        for (double v : x) {
            big = Math.max(big, Math.abs(v));
        }
        return big;
    }

    private static String describe(PhiModel m) {
        return m.variety().name() + " " + m.features() + " hidden " + java.util.Arrays.toString(
                m.network().hiddenWidths()) + " " + m.network().activation() + " " + m.network().parametrization();
    }

    /** Eight seeds: the general form's nested autodiff costs seconds per case. */
    static java.util.stream.LongStream eight() {
        return Seeds.seeds(8);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("eight")
    void lossAndGradientEqualTheGeneralForm(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety x = VARIETIES[rng.nextInt(VARIETIES.length)];
        PhiModel model = randomModel(rng, seed, x);
        PointSet points = x.sample(x.dimension() == 3 ? 2 : 4, seed);
        LossContext c = new LossContext(model, points, model.metric(points), 1, 1);
        Tensor general = Loss.ricci().evaluate(c);
        DMatrixRMaj[] expected = Autodiff.grad(general, model.parameters().toArray(new Tensor[0]));
        double scale = 0.5 + rng.nextDouble();
        FusedRicci fused = FusedRicci.of(model);
        List<DMatrixRMaj> g = fused.newGradients();
        double loss = fused.lossAndGradient(points, 1.0, scale, g);
        String what = describe(model);
        Seeds.assertClose(general.item(), loss, 1e-10, 0, seed, what + ": loss");
        Seeds.assertClose(Loss.ricci().value(c), loss, 1e-10, 0, seed, what + ": loss against the curvature jets");
        for (int i = 0; i < expected.length; i++) {
            double big = maxAbs(expected[i].data);
            double[] want = expected[i].data.clone();
            for (int k = 0; k < want.length; k++) {
                want[k] *= scale;
            }
            Seeds.assertAllClose(want, g.get(i).data, 0, 1e-10 * scale * big, seed, what + ": gradient " + i);
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void gradientMatchesCentralDifferencesOfTheLoss(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety x = VARIETIES[rng.nextInt(VARIETIES.length)];
        PhiModel model = randomModel(rng, seed, x);
        PointSet points = x.sample(9, seed);
        FusedRicci fused = FusedRicci.of(model).withThreads(1);
        List<DMatrixRMaj> g = fused.newGradients();
        double loss = fused.lossAndGradient(points, 1.0, 1.0, g);
        assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
        List<DMatrixRMaj> scratch = fused.newGradients();
        List<Tensor> params = model.parameters();
        for (int trial = 0; trial < 4; trial++) {
            // a hidden layer's weight or bias, or the output weights (the output bias does not enter g)
            int i = rng.nextInt(params.size() - 1);
            double[] theta = params.get(i).value().data;
            int k = rng.nextInt(theta.length);
            double old = theta[k];
            // five-point stencil: truncation O(h⁴ L⁽⁵⁾) ≈ 1e-16, rounding ≈ ε·|L|/h ≈ 1e-12·|L| at h = 1e-4 (a
            // two-point difference at h = 1e-6 has rounding ≈ 1e-10·|L|, which the loss's size can push past 1e-6)
            double h = 1e-4 * Math.max(1.0, Math.abs(old));
            double[] f = new double[4];
            double[] steps = {2 * h, h, -h, -2 * h};
            for (int s = 0; s < 4; s++) {
                theta[k] = old + steps[s];
                f[s] = fused.lossAndGradient(points, 1.0, 1.0, scratch);
            }
            theta[k] = old;
            double fd = (8 * (f[1] - f[2]) - (f[0] - f[3])) / (12 * h);
            double big = maxAbs(g.get(i).data);
            Seeds.assertClose(fd, g.get(i).data[k], 1e-6, 1e-6 * big, seed,
                    describe(model) + ": ∂L/∂θ of parameter " + i + " entry " + k);
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        PhiModel model = randomModel(Seeds.rng(3), 3, quintic);
        PointSet points = quintic.sample(70, 3); // three parallel tasks of 32 points
        FusedRicci one = FusedRicci.of(model).withThreads(1);
        FusedRicci two = FusedRicci.of(model).withThreads(2);
        List<DMatrixRMaj> g1 = one.newGradients();
        List<DMatrixRMaj> g2 = two.newGradients();
        assertEquals(one.lossAndGradient(points, 1, 1, g1), two.lossAndGradient(points, 1, 1, g2));
        for (int i = 0; i < g1.size(); i++) {
            assertArrayEquals(g1.get(i).data, g2.get(i).data, "gradient " + i);
        }
    }

    @Test
    void trainingThroughTheFusedStepHasTheHistoryOfTheGeneralPath() {
        // a K3 surface: nested autodiff of the general path is far cheaper in complex dimension 2 than 3
        ProjectiveVariety quartic = ProjectiveVariety.fermatQuartic();
        PointSet points = quartic.sample(20, 8);
        PhiModel fusedModel = randomModel(Seeds.rng(8), 8, quartic);
        PhiModel generalModel = randomModel(Seeds.rng(8), 8, quartic);
        MetricFlow fusedFlow = MetricFlow.builder().pointSet(points).seed(8).model(fusedModel)
                .loss(Loss.ricci(), 1.5).epochs(2).batchSize(6).adam(1e-3).build();
        MetricFlow generalFlow = MetricFlow.builder().pointSet(points).seed(8).model(generalModel)
                .loss(FusedTrainingStepTest.opaque(Loss.ricci()), 1.5).epochs(2).batchSize(6).adam(1e-3).build();
        assertNotNull(fusedFlow.fusedStep(fusedModel), "the Ricci loss on a φ-model takes its fused step");
        assertNull(generalFlow.fusedStep(generalModel), "a wrapped Ricci loss takes nested autodiff");
        FlowResult a = fusedFlow.run();
        FlowResult b = generalFlow.run();
        assertEquals(StopReason.COMPLETED, a.stopReason(), a.message());
        for (String series : new String[] {"loss", "ricci"}) {
            Seeds.assertAllClose(b.history().series(series), a.history().series(series), 1e-9, 0, 8,
                    series + " per epoch");
        }
        double[] ricci = a.history().series("ricci");
        assertTrue(ricci[0] > 1 && ricci[2] > 1, "the Ricci loss of a metric near Fubini–Study is far from 0: "
                + java.util.Arrays.toString(ricci));
        List<Tensor> pa = fusedModel.parameters();
        List<Tensor> pb = generalModel.parameters();
        for (int i = 0; i < pa.size(); i++) {
            double big = maxAbs(pb.get(i).value().data);
            Seeds.assertAllClose(pb.get(i).value().data, pa.get(i).value().data, 0, 1e-9 * big, 8,
                    "parameter " + i + " after 6 Adam steps");
        }
    }
}
