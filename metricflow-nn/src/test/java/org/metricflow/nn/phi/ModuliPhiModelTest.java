package org.metricflow.nn.phi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.metric.AcceleratedKahlerModel.FusedLossStep;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.metric.MongeAmpere;

/**
 * The conditioned φ-model against independent references. (1) Its general path (the full network on the features with
 * constant moduli columns of zero jets, {@link ModuliPhiModel#member}) against the slice with the moduli folded into the
 * first bias ({@link ModuliPhiModel#at}, an ordinary {@link PhiModel}): the same metric, the two first layers summing
 * the same terms in a different order, so 1e-12 relative to the largest component (observed ~1e-15). (2) The member's
 * fused step (slice step with the gradient mapped back by the chain rule) against autodiff of the general Monge–Ampère
 * loss {@link MongeAmpere#loss} on the general path: 1e-10 relative per parameter matrix, as for the unconditioned
 * fused step (FusedMongeAmpereTest). Random architectures, both parametrizations, moduli with both signs, on the Dwork
 * quintics, the Dwork-type quartic K3 family and a product (the bicubic) with one or two moduli.
 */
class ModuliPhiModelTest {

    private static ProjectiveVariety variety(Rng rng, double psi) {
        return switch (rng.nextInt(3)) {
            case 0 -> ProjectiveVariety.dwork(psi);
            case 1 -> ProjectiveVariety.parse("z0^4+z1^4+z2^4+z3^4 - " + (4 * psi) + "*z0*z1*z2*z3");
            default -> ProjectiveVariety.parse("bicubic&t=1,2");
        };
    }

    private static ModuliPhiModel model(Rng rng, ProjectiveVariety x, int k, long seed) {
        int[] hidden = new int[1 + rng.nextInt(2)];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = 4 + rng.nextInt(12);
        }
        Activation[] acts = {Activation.GELU, Activation.TANH, Activation.SOFTPLUS};
        int f = FeatureMap.HERMITIAN_INVARIANTS.featureCount(x);
        Mlp net = Mlp.builder().inputs(f + k).hidden(hidden).outputs(1).activation(acts[rng.nextInt(acts.length)])
                .parametrization(rng.nextInt(2) == 0 ? Parametrization.STANDARD : Parametrization.NTK)
                .sigmaW(0.6 + rng.nextDouble()).sigmaB(0.3 + rng.nextDouble()).seed(seed).build();
        return ModuliPhiModel.of(net, FeatureMap.HERMITIAN_INVARIANTS, k, false);
    }

    private static double[] moduli(Rng rng, int k) {
        double[] mu = new double[k];
        for (int j = 0; j < k; j++) {
            mu[j] = rng.uniform(-0.6, 0.6);
        }
        return mu;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void theConditionedMetricEqualsTheSliceWithTheModuliFoldedIntoTheBias(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int trial = 0; trial < 3; trial++) {
            int k = 1 + rng.nextInt(2);
            double[] mu = moduli(rng, k);
            ProjectiveVariety x = variety(rng, mu[0]);
            ModuliPhiModel model = model(rng, x, k, seed);
            PointSet ps = x.sample(20, seed + trial);
            HermitianMetric general = Autodiff.noGrad(() -> model.member(x, mu).metric(ps));
            HermitianMetric slice = Autodiff.noGrad(() -> model.at(x, mu).metric(ps));
            double[] a = concat(general.re().value().data, general.im().value().data);
            double[] b = concat(slice.re().value().data, slice.im().value().data);
            double big = 0;
            for (double v : a) {
                big = Math.max(big, Math.abs(v));
            }
            Seeds.assertAllClose(a, b, 0, 1e-12 * big, seed, x.name() + " k=" + k + " " + model.network()
                    .parametrization());
            // the moduli do matter: another value gives another metric
            double[] other = mu.clone();
            other[0] += 0.3;
            HermitianMetric moved = Autodiff.noGrad(() -> model.member(x, other).metric(ps));
            assertTrue(maxDifference(moved.re().value().data, general.re().value().data) > 1e-9,
                    "the moduli inputs change the metric [seed=" + seed + "]");
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void theFoldedFusedStepEqualsAutodiffOfTheGeneralLoss(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int trial = 0; trial < 3; trial++) {
            int k = 1 + rng.nextInt(2);
            double[] mu = moduli(rng, k);
            ProjectiveVariety x = variety(rng, mu[0]);
            ModuliPhiModel model = model(rng, x, k, seed);
            KahlerMetricModel member = model.member(x, mu);
            PointSet ps = x.sample(30, seed + trial);
            double q = rng.nextInt(2) == 0 ? 1.0 : 2.0;
            double c = 0.5 + rng.nextDouble();
            Tensor ref = MongeAmpere.loss(member.metric(ps), ps, c, q);
            DMatrixRMaj[] refGrad = Autodiff.grad(ref, member.parameters().toArray(new Tensor[0]));
            FusedLossStep step = member.accelerated().orElseThrow().mongeAmpereStep(q).orElseThrow();
            List<DMatrixRMaj> grads = step.newGradients();
            double scale = 0.5 + rng.nextDouble();
            double loss = step.lossAndGradient(ps, c, scale, grads);
            String what = x.name() + " k=" + k + " " + model.network().parametrization() + " q=" + q;
            Seeds.assertClose(ref.item(), loss, 1e-10, 0, seed, what + ": loss");
            for (int i = 0; i < refGrad.length; i++) {
                double[] expected = refGrad[i].data.clone();
                double big = 0;
                for (int j = 0; j < expected.length; j++) {
                    expected[j] *= scale;
                    big = Math.max(big, Math.abs(expected[j]));
                }
                Seeds.assertAllClose(expected, grads.get(i).data, 0, 1e-10 * big + 1e-300, seed,
                        what + ": gradient of parameter " + i);
            }
            // the moduli weights get a gradient (they are trained)
            DMatrixRMaj w = grads.get(0);
            int f = model.network().inputs() - k;
            double moduliGradient = 0;
            for (int o = 0; o < w.numRows; o++) {
                moduliGradient += Math.abs(w.get(o, f));
            }
            assertTrue(moduliGradient > 0 || mu[0] == 0, "moduli weights have a gradient [seed=" + seed + "]");
        }
    }

    @Test
    void badInputIsRefusedNamingTheValue() {
        ProjectiveVariety quintic = ProjectiveVariety.dwork(0.2);
        Mlp net = Mlp.builder().inputs(26).hidden(8).outputs(1).seed(1).build();
        ModuliPhiModel model = ModuliPhiModel.of(net, FeatureMap.HERMITIAN_INVARIANTS, 1, true);
        assertEquals(1, model.moduliCount());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> model.member(quintic, 0.1, 0.2))
                .getMessage().contains("got 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> model.member(quintic, Double.NaN))
                .getMessage().contains("NaN"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> model.member(ProjectiveVariety.fermatQuartic(), 0.1)).getMessage().contains("16"));
        assertThrows(IllegalArgumentException.class, () -> ModuliPhiModel.of(net, FeatureMap.HERMITIAN_INVARIANTS,
                0, false));
        Mlp ntkNoBias = Mlp.builder().inputs(26).hidden(8).outputs(1).parametrization(Parametrization.NTK)
                .sigmaB(0).seed(1).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModuliPhiModel.of(ntkNoBias,
                FeatureMap.HERMITIAN_INVARIANTS, 1, false)).getMessage().contains("sigmaB"));
        // zero initial output: every member starts at Fubini–Study
        PointSet ps = quintic.sample(10, 3);
        assertEquals(0.0, maxDifference(Autodiff.noGrad(() -> model.member(quintic, 0.2).metric(ps)).re().value().data,
                HermitianMetric.fubiniStudy(ps).re().value().data), 1e-15);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double maxDifference(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
