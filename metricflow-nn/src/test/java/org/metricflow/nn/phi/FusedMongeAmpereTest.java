package org.metricflow.nn.phi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.features.FeatureMap;

/**
 * The fused Monge–Ampère step against the generic autodiff path: the metric by {@link PhiModel#metric} (jet path as
 * Tensor ops), the loss Σ w|exp(log det g − log(|Ω|²/c)) − 1|^q / Σ w as in the flow module's
 * {@code Loss.mongeAmpere}, and its gradient by {@link Autodiff#grad}. Random architectures (width, depth,
 * activation, parametrization, features, exponent) on the cubic curve (d = 1), the quartic K3 (d = 2) and the quintic
 * (d = 3), and on the bicubic, the tetraquadric and the Schoen manifold with unequal Kähler moduli (per-factor
 * invariant features, reference metric Σ t_i g_i). Both routes compute the same sums in a different order (and the fused one uses a closed-form complex
 * determinant and a tabulated normal CDF accurate to ~1e-16), so they agree to rounding: 1e-10 relative to the
 * largest gradient entry of each parameter matrix leaves a margin of ~10⁴ over the observed ~1e-14.
 */
class FusedMongeAmpereTest {
    private static final ProjectiveVariety[] VARIETIES = {ProjectiveVariety.fermatCubic(),
        ProjectiveVariety.fermatQuartic(), ProjectiveVariety.fermatQuintic(),
        ProjectiveVariety.parse("bicubic&t=1,2"), ProjectiveVariety.parse("tetraquadric&t=1,0.5,2,1"),
        ProjectiveVariety.parse("schoen&t=2,1,0.7")};

    static Mlp randomNetwork(Rng rng, int inputs, long seed) {
        int depth = 1 + rng.nextInt(3);
        int[] hidden = new int[depth];
        for (int i = 0; i < depth; i++) {
            hidden[i] = 3 + rng.nextInt(14);
        }
        Activation[] acts = Activation.values();
        return Mlp.builder().inputs(inputs).hidden(hidden).outputs(1).activation(acts[rng.nextInt(acts.length)])
                .parametrization(rng.nextInt(2) == 0 ? Parametrization.STANDARD : Parametrization.NTK)
                .sigmaW(0.6 + rng.nextDouble()).sigmaB(0.3).seed(seed).build();
    }

    /** The reference: the flow module's Monge–Ampère loss written with Tensor ops on the autodiff metric. */
    static Tensor referenceLoss(PhiModel model, PointSet ps, double ratioConstant, double q) {
        int n = ps.size();
        double[] w = ps.weights();
        double[] logOmega = ps.omegaSquared();
        double wsum = 0;
        for (int p = 0; p < n; p++) {
            wsum += w[p];
            logOmega[p] = Math.log(logOmega[p]) - Math.log(ratioConstant);
        }
        Tensor ratio = model.metric(ps).logDet().minus(Tensor.constant(new DMatrixRMaj(n, 1, true, logOmega))).exp();
        Tensor dev = ratio.minus(1.0).abs();
        if (q != 1.0) {
            dev = dev.pow(q);
        }
        return dev.times(Tensor.constant(new DMatrixRMaj(n, 1, true, w))).sum().times(1.0 / wsum);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void lossAndGradientEqualTheAutodiffPath(long seed) {
        Rng rng = Seeds.rng(seed);
        for (ProjectiveVariety x : VARIETIES) {
            // products of projective spaces: the per-factor invariants (patch coordinates are single-CP^n only)
            FeatureMap features = x.factorStarts().length > 2 ? FeatureMap.HERMITIAN_INVARIANTS
                    : FeatureMap.values()[rng.nextInt(2)];
            Mlp net = randomNetwork(rng, features.featureCount(x), seed);
            PhiModel model = PhiModel.of(x, net, features, false);
            PointSet ps = x.sample(45, seed);
            double q = rng.nextInt(3) == 0 ? 1.5 + rng.nextDouble() : 1.0;
            double c = 0.5 + rng.nextDouble();
            String what = x.name() + " " + features + " " + net.activation() + " " + net.parametrization() + " "
                    + java.util.Arrays.toString(net.hiddenWidths()) + " q=" + q;

            Tensor ref = referenceLoss(model, ps, c, q);
            DMatrixRMaj[] refGrad = Autodiff.grad(ref, model.parameters().toArray(new Tensor[0]));

            FusedMongeAmpere fused = model.mongeAmpereStep(q);
            List<DMatrixRMaj> grads = fused.newGradients();
            double scale = 0.5 + rng.nextDouble();
            double loss = fused.lossAndGradient(ps, c, scale, grads);
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
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void resultsAreBitIdenticalForOneAndTwoThreads(long seed) {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        Mlp net = Mlp.builder().inputs(25).hidden(24, 24).outputs(1).activation(Activation.GELU).seed(seed).build();
        PhiModel model = PhiModel.of(quintic, net, FeatureMap.HERMITIAN_INVARIANTS, false);
        PointSet ps = quintic.sample(150, seed);
        FusedMongeAmpere one = model.mongeAmpereStep(1.0).withThreads(1);
        FusedMongeAmpere two = model.mongeAmpereStep(1.0).withThreads(2);
        List<DMatrixRMaj> g1 = one.newGradients();
        List<DMatrixRMaj> g2 = two.newGradients();
        double l1 = one.lossAndGradient(ps, 1.3, g1);
        double l2 = two.lossAndGradient(ps, 1.3, g2);
        // a second call on the reused workspaces gives the same bits too
        double l2b = two.lossAndGradient(ps, 1.3, g2);
        assertEquals(l1, l2);
        assertEquals(l1, l2b);
        for (int i = 0; i < g1.size(); i++) {
            assertArrayEquals(g1.get(i).data, g2.get(i).data, "parameter " + i + " [seed=" + seed + "]");
        }
    }

    /**
     * The per-batch workspaces (feature jet, Fubini–Study metric, |Ω|², weights) are refilled for every batch: an
     * instance that has seen other batches — of the same size, so the workspaces are reused, and of another size —
     * gives the same bits as a fresh instance.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void reusedWorkspacesGiveTheSameBitsAsAFreshInstance(long seed) {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        for (FeatureMap features : FeatureMap.values()) {
            Mlp net = Mlp.builder().inputs(features.featureCount(5)).hidden(12, 10).outputs(1)
                    .activation(Activation.GELU).seed(seed).build();
            PhiModel model = PhiModel.of(quintic, net, features, false);
            PointSet batch = quintic.sample(70, seed);
            FusedMongeAmpere used = model.mongeAmpereStep(1.0).withThreads(1);
            List<DMatrixRMaj> g = used.newGradients();
            used.lossAndGradient(quintic.sample(70, seed + 1), 0.9, g);
            used.lossAndGradient(quintic.sample(33, seed + 2), 0.9, g);
            used.lossAndGradient(quintic.sample(70, seed + 3), 0.9, g);
            double loss = used.lossAndGradient(batch, 1.1, g);
            FusedMongeAmpere fresh = model.mongeAmpereStep(1.0).withThreads(1);
            List<DMatrixRMaj> gFresh = fresh.newGradients();
            assertEquals(fresh.lossAndGradient(batch, 1.1, gFresh), loss, features + " loss [seed=" + seed + "]");
            for (int i = 0; i < g.size(); i++) {
                assertArrayEquals(gFresh.get(i).data, g.get(i).data, features + " parameter " + i + " [seed=" + seed
                        + "]");
            }
        }
    }

    @Test
    void unsupportedModelsAreReportedAndRejected() {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        Mlp affine = Mlp.builder().inputs(25).outputs(1).build();
        PhiModel model = PhiModel.of(quintic, affine, FeatureMap.HERMITIAN_INVARIANTS, false);
        assertFalse(FusedMongeAmpere.supports(model));
        assertThrows(IllegalArgumentException.class, () -> model.mongeAmpereStep(1.0));
        Mlp net = Mlp.builder().inputs(25).hidden(4).outputs(1).build();
        PhiModel ok = PhiModel.of(quintic, net, FeatureMap.HERMITIAN_INVARIANTS, false);
        assertTrue(FusedMongeAmpere.supports(ok));
        assertThrows(IllegalArgumentException.class, () -> ok.mongeAmpereStep(0.5));
        assertThrows(IllegalArgumentException.class, () -> ok.mongeAmpereStep(1.0).lossAndGradient(
                ProjectiveVariety.fermatQuartic().sample(5, 1), 1.0, ok.mongeAmpereStep(1.0).newGradients()));
    }
}
