package org.metricflow.nn.phi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.JetKahlerPotential;
import org.metricflow.geometry.complex.KahlerGeometry;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.features.FeatureMap;

/**
 * The fast curvature jet path of the φ-model's potential (Fubini–Study jets plus {@code MlpCurvatureJets}) against
 * the generic path (nested reverse-mode autodiff of the same potential's Tensor value on the embedding's 2-jet,
 * reached by hiding the potential's {@link JetKahlerPotential} type behind a plain lambda). Both are exact in exact
 * arithmetic; they differ by rounding only. Tolerance 1e-9 relative to the largest entry of each quantity: the
 * nested autodiff sums O(10²) terms of size ≈ max|entry| for ∂∂̄g, so its rounding is ≈ 1e-13 relative.
 */
class PhiModelCurvatureJetsTest {
    private static final Activation[] SMOOTH = {Activation.GELU, Activation.TANH, Activation.SOFTPLUS, Activation.SIN,
        Activation.ERF, Activation.SIGMOID};

    /** A small random φ-model whose correction is a modest perturbation of Fubini–Study (metric stays definite). */
    private static PhiModel randomModel(ProjectiveVariety x, FeatureMap map, Activation act, Parametrization par,
            long seed) {
        int m = x.ambientDimension() + 1;
        Mlp phi = Mlp.builder().inputs(map.featureCount(m)).hidden(7, 5).outputs(1).activation(act)
                .parametrization(par).sigmaB(0.3).seed(seed).build();
        List<Tensor> p = phi.parameters();
        double[] w = p.get(p.size() - 2).value().data;
        for (int k = 0; k < w.length; k++) {
            w[k] *= 0.15;
        }
        return PhiModel.of(x, phi, map, false);
    }

    private static void assertRelative(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 0.0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > tol * scale) {
                throw new AssertionError(what + "[" + i + "]: generic " + expected[i] + ", jet " + actual[i]
                        + " (scale " + scale + ")");
            }
        }
    }

    private static void compare(ProjectiveVariety x, FeatureMap map, Activation act, Parametrization par, long seed,
            int points) {
        PhiModel model = randomModel(x, map, act, par, seed);
        JetKahlerPotential fast = model.potential();
        KahlerPotential generic = fast::value; // same K, no jets: the nested-autodiff path
        PointSet ps = x.sample(points, seed + 11);
        KahlerGeometry jet = KahlerGeometry.of(ps, fast);
        KahlerGeometry ref = KahlerGeometry.of(ps, generic);
        assertTrue(jet.isAnalytic(), "the φ-model potential must take the jet path");
        assertFalse(ref.isAnalytic());
        String what = x.name() + " " + map + " " + act + " " + par + ": ";
        double tol = 1e-9;
        assertRelative(ref.metric(), jet.metric(), tol, what + "g");
        assertRelative(ref.metricDerivatives(), jet.metricDerivatives(), tol, what + "∂g");
        assertRelative(ref.metricSecondDerivatives(), jet.metricSecondDerivatives(), tol, what + "∂∂̄g");
        assertRelative(ref.riemann(), jet.riemann(), tol, what + "R");
        assertRelative(ref.ricci(), jet.ricci(), tol, what + "Ric");
        assertRelative(ref.chernDensities(), jet.chernDensities(), tol, what + "Chern densities");
        assertRelative(ref.chernDensity(x.dimension()), jet.chernDensity(x.dimension()), tol, what + "Euler density");
    }

    /** Three seeds: the generic reference costs about a second per quintic point, so the cases are few. */
    static LongStream seeds() {
        return Seeds.seeds(3);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void quinticQuarticAndCubicJetsEqualNestedAutodiff(long seed) {
        Rng rng = Seeds.rng(seed);
        FeatureMap[] maps = FeatureMap.values();
        int first = rng.nextInt(2);
        compare(ProjectiveVariety.fermatQuintic(), maps[first], SMOOTH[rng.nextInt(SMOOTH.length)],
                Parametrization.values()[rng.nextInt(2)], seed, 1);
        compare(ProjectiveVariety.fermatQuartic(), maps[1 - first], SMOOTH[rng.nextInt(SMOOTH.length)],
                Parametrization.values()[rng.nextInt(2)], seed, 2);
        for (FeatureMap map : maps) {
            compare(ProjectiveVariety.fermatCubic(), map, SMOOTH[rng.nextInt(SMOOTH.length)],
                    Parametrization.values()[rng.nextInt(2)], seed, 3);
        }
    }

    @Test
    void everyActivationAndParametrizationOnTheCubic() {
        ProjectiveVariety cubic = ProjectiveVariety.fermatCubic();
        int s = 0;
        for (Activation act : SMOOTH) {
            for (Parametrization par : Parametrization.values()) {
                compare(cubic, FeatureMap.values()[s % 2], act, par, 100 + s, 2);
                s++;
            }
        }
    }

    @Test
    void affineIdentityAndReluNetworksOnTheCubic() {
        ProjectiveVariety cubic = ProjectiveVariety.fermatCubic();
        int m = 3;
        for (FeatureMap map : FeatureMap.values()) {
            // no hidden layer: ψ is linear in the features, all its jets are the features' own
            Mlp affine = Mlp.builder().inputs(map.featureCount(m)).outputs(1).seed(21).build();
            scaleLastLayer(affine, 0.15);
            compareModel(cubic, PhiModel.of(cubic, affine, map, false), 3, map + " affine");
            for (Activation act : new Activation[] {Activation.IDENTITY, Activation.RELU}) {
                Mlp net = Mlp.builder().inputs(map.featureCount(m)).hidden(6, 4).outputs(1).activation(act)
                        .seed(22).build();
                scaleLastLayer(net, 0.15);
                compareModel(cubic, PhiModel.of(cubic, net, map, false), 3, map + " " + act);
            }
        }
    }

    private static void scaleLastLayer(Mlp net, double factor) {
        List<Tensor> p = net.parameters();
        double[] w = p.get(p.size() - 2).value().data;
        for (int k = 0; k < w.length; k++) {
            w[k] *= factor;
        }
    }

    private static void compareModel(ProjectiveVariety x, PhiModel model, int points, String what) {
        JetKahlerPotential fast = model.potential();
        KahlerPotential generic = fast::value;
        PointSet ps = x.sample(points, 31);
        KahlerGeometry jet = KahlerGeometry.of(ps, fast);
        KahlerGeometry ref = KahlerGeometry.of(ps, generic);
        assertRelative(ref.metric(), jet.metric(), 1e-9, what + " g");
        assertRelative(ref.metricDerivatives(), jet.metricDerivatives(), 1e-9, what + " ∂g");
        assertRelative(ref.metricSecondDerivatives(), jet.metricSecondDerivatives(), 1e-9, what + " ∂∂̄g");
        assertRelative(ref.chernDensities(), jet.chernDensities(), 1e-9, what + " Chern densities");
    }

    @Test
    void zeroNetworkGivesFubiniStudy() {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        Mlp phi = Mlp.builder().inputs(25).hidden(8, 8).outputs(1).activation(Activation.GELU).seed(3).build();
        PhiModel model = PhiModel.of(quintic, phi, FeatureMap.HERMITIAN_INVARIANTS, true);
        PointSet ps = quintic.sample(300, 4);
        KahlerGeometry jet = KahlerGeometry.of(ps, model.potential());
        KahlerGeometry fs = KahlerGeometry.of(ps, KahlerPotential.fubiniStudy());
        // the zero output layer contributes exact zeros: the sums are the Fubini–Study values bit for bit
        assertArrayEquals(fs.metric(), jet.metric());
        assertArrayEquals(fs.metricDerivatives(), jet.metricDerivatives());
        assertArrayEquals(fs.metricSecondDerivatives(), jet.metricSecondDerivatives());
        assertArrayEquals(fs.chernDensities(), jet.chernDensities());
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        PhiModel model = randomModel(quintic, FeatureMap.HERMITIAN_INVARIANTS, Activation.GELU,
                Parametrization.STANDARD, 5);
        PointSet ps = quintic.sample(600, 6);
        int saved = Parallel.defaultThreads();
        try {
            Parallel.setDefaultThreads(1);
            KahlerGeometry one = KahlerGeometry.of(ps, model.potential());
            CurvatureIntegrals.ChernNumbers n1 = CurvatureIntegrals.chernNumbers(ps, model.potential(), 250);
            Parallel.setDefaultThreads(3);
            KahlerGeometry three = KahlerGeometry.of(ps, model.potential());
            CurvatureIntegrals.ChernNumbers n3 = CurvatureIntegrals.chernNumbers(ps, model.potential(), 250);
            assertArrayEquals(one.metricSecondDerivatives(), three.metricSecondDerivatives());
            assertArrayEquals(one.chernDensities(), three.chernDensities());
            assertEquals(n1.euler().value(), n3.euler().value(), 0.0);
            assertEquals(n1.euler().standardError(), n3.euler().standardError(), 0.0);
        } finally {
            Parallel.setDefaultThreads(saved);
        }
    }
}
