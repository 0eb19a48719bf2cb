package org.metricflow.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * {@link RandomFourierFeatures}: the feature map against the documented formula and draw order (an independent
 * re-derivation from {@link Rng}), the output as φ(x) c, and the periodic variant's integer frequencies and
 * 2π-periodicity.
 */
class RandomFourierFeaturesTest {
    /** The documented draws: for each feature k, ν_k (d Gaussians) then β_k ~ U[0, 2π). */
    private static double[][] draws(long seed, int d, int k) {
        Rng rng = Rng.of(seed);
        double[][] out = new double[k][d + 1];
        for (int w = 0; w < k; w++) {
            for (int a = 0; a < d; a++) {
                out[w][a] = rng.nextGaussian();
            }
            out[w][d] = rng.uniform(0, 2 * Math.PI);
        }
        return out;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void featuresFollowTheFormulaForBothVariants(long seed) {
        Rng rng = Seeds.rng(seed);
        int d = 1 + rng.nextInt(3);
        int k = 1 + rng.nextInt(20);
        double s = 0.5 + 4 * rng.nextDouble();
        DMatrixRMaj x = new DMatrixRMaj(5, d);
        rng.fillUniform(x.data, -4, 4);
        double[][] nb = draws(seed, d, k);
        for (boolean periodic : new boolean[] {false, true}) {
            RandomFourierFeatures net = periodic ? RandomFourierFeatures.periodic(d, k, 2, s, seed)
                    : RandomFourierFeatures.of(d, k, 2, s, seed);
            DMatrixRMaj phi = net.features(Tensor.constant(x)).value();
            for (int p = 0; p < x.numRows; p++) {
                for (int w = 0; w < k; w++) {
                    double phase = nb[w][d];
                    for (int a = 0; a < d; a++) {
                        double omega = periodic ? Math.rint(s * nb[w][a]) : s * nb[w][a];
                        phase += omega * x.get(p, a);
                    }
                    // rounding of the phase (|phase| ≲ 100) and of cos: 1e-12 absolute
                    Seeds.assertClose(Math.sqrt(2.0 / k) * Math.cos(phase), phi.get(p, w), 0, 1e-12, seed,
                            (periodic ? "periodic " : "") + "φ_" + w + " at point " + p);
                }
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void outputIsFeaturesTimesCoefficients(long seed) {
        RandomFourierFeatures net = RandomFourierFeatures.of(2, 7, 3, 1.5, seed);
        DMatrixRMaj x = new DMatrixRMaj(4, 2);
        Seeds.rng(seed).fillUniform(x.data, -1, 1);
        DMatrixRMaj phi = net.features(Tensor.constant(x)).value();
        DMatrixRMaj c = net.parameters().get(0).value();
        DMatrixRMaj f = net.apply(Tensor.constant(x)).value();
        for (int p = 0; p < 4; p++) {
            for (int o = 0; o < 3; o++) {
                double expected = 0;
                for (int w = 0; w < 7; w++) {
                    expected += phi.get(p, w) * c.get(w, o);
                }
                Seeds.assertClose(expected, f.get(p, o), 0, 1e-13, seed, "f[" + p + "][" + o + "]");
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void periodicNetworkIsTwoPiPeriodicInEveryInput(long seed) {
        int d = 3;
        RandomFourierFeatures net = RandomFourierFeatures.periodic(d, 16, 1, 6.0, seed);
        DMatrixRMaj x = new DMatrixRMaj(1, d);
        Seeds.rng(seed).fillUniform(x.data, -3, 3);
        double f0 = net.apply(Tensor.constant(x)).value().get(0);
        for (int a = 0; a < d; a++) {
            DMatrixRMaj shifted = x.copy();
            shifted.add(0, a, 2 * Math.PI);
            // integer frequencies of size ≲ 25: the shift changes each phase by 2π·k exactly up to rounding, 1e-12
            Seeds.assertClose(f0, net.apply(Tensor.constant(shifted)).value().get(0), 0, 1e-12, seed,
                    "f(x + 2π e_" + a + ")");
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void periodicFrequenciesStayFixed(long seed) {
        RandomFourierFeatures net = RandomFourierFeatures.periodic(2, 4, 1, 3.0, seed);
        assertEquals(true, net.isPeriodic());
        assertEquals(1, net.parameters().size(), "only the coefficients are parameters");
        assertThrows(IllegalStateException.class, () -> net.trainFrequencies(true));
        assertEquals(2, RandomFourierFeatures.of(2, 4, 1, 3.0, seed).trainFrequencies(true).parameters().size());
    }
}
