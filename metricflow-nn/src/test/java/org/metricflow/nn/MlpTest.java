package org.metricflow.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Builder validation, seeded determinism, parameter views, forward pass against a hand computation. */
class MlpTest {

    @Test
    void sameSeedGivesBitIdenticalWeightsAndDifferentSeedsDiffer() {
        Mlp a = Mlp.builder().inputs(3).hidden(5, 4).outputs(2).seed(11).build();
        Mlp b = Mlp.builder().inputs(3).hidden(5, 4).outputs(2).seed(11).build();
        Mlp c = Mlp.builder().inputs(3).hidden(5, 4).outputs(2).seed(12).build();
        assertArrayEquals(a.flatParameters(), b.flatParameters(), 0.0);
        assertNotEquals(a.flatParameters()[0], c.flatParameters()[0]);
    }

    @Test
    void zeroOutputLayerMakesTheNetworkZeroAndKeepsTheHiddenLayers() {
        Mlp m = Mlp.builder().inputs(3).hidden(5, 4).outputs(2).seed(11).build();
        double[] before = m.flatParameters();
        m.zeroOutputLayer();
        double[] after = m.flatParameters();
        int output = 4 * 2 + 2; // W_3 (2×4) and b_3 come last
        for (int i = 0; i < before.length; i++) {
            assertEquals(i < before.length - output ? before[i] : 0.0, after[i], 0.0, "parameter " + i);
        }
        Rng rng = Seeds.rng(5);
        double[][] x = new double[7][3];
        for (double[] row : x) {
            for (int j = 0; j < 3; j++) {
                row[j] = rng.uniform(-2, 2);
            }
        }
        for (double y : m.forward(Tensor.constant(x)).value().data) {
            assertEquals(0.0, y, 0.0);
        }
    }

    @Test
    void builderRejectsBadConfigurationsWithClearMessages() {
        assertTrue(message(() -> Mlp.builder().hidden(4).build()).contains("inputs(d)"));
        assertTrue(message(() -> Mlp.builder().inputs(0).build()).contains("inputs must be ≥ 1, got 0"));
        assertTrue(message(() -> Mlp.builder().inputs(2).hidden(4, 0).build()).contains("hidden width 1 is 0"));
        assertTrue(message(() -> Mlp.builder().inputs(2).outputs(-1).build()).contains("outputs must be ≥ 1"));
        assertTrue(message(() -> Mlp.builder().inputs(2).sigmaW(0).build()).contains("sigmaW"));
        assertTrue(message(() -> Mlp.builder().inputs(2).sigmaB(Double.NaN).build()).contains("sigmaB"));
        assertTrue(message(() -> Mlp.builder().inputs(2).activation(null)).contains("activation is null"));
        Mlp m = Mlp.builder().inputs(2).build();
        assertTrue(message(() -> m.forward(Tensor.zeros(3, 4))).contains("takes 2 inputs"));
        assertTrue(message(() -> m.setFlatParameters(new double[1])).contains("need a vector of"));
        assertTrue(message(() -> Activation.parse("swish")).contains("gelu"));
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void initializationStatisticsFollowTheParametrization() {
        // Stored weights: std σ_w/√n_in (standard) or 1 (NTK). With 256·256 draws the sample std has
        // relative error ≈ 1/√(2·65536) ≈ 0.3 %; 2 % is ~7 standard errors.
        for (Parametrization p : Parametrization.values()) {
            Mlp m = Mlp.builder().inputs(256).hidden(256).parametrization(p).sigmaW(1.5).seed(3).build();
            double[] w = m.layers().get(0).weight().value().data;
            double s = 0;
            for (double v : w) {
                s += v * v;
            }
            double std = Math.sqrt(s / w.length);
            double expected = p == Parametrization.NTK ? 1.0 : 1.5 / 16.0;
            assertEquals(expected, std, 0.02 * expected, p.name());
        }
    }

    @Test
    void flatParameterViewRoundTripsAndIsLive() {
        Mlp m = Mlp.builder().inputs(3).hidden(4).outputs(2).seed(5).build();
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, m.parameterCount());
        double[] theta = m.flatParameters();
        Mlp copy = m.copy();
        double[] shifted = theta.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 0.5 * i;
        }
        m.setFlatParameters(shifted);
        assertArrayEquals(shifted, m.flatParameters(), 0.0);
        assertArrayEquals(theta, copy.flatParameters(), 0.0, "copy is independent");
        assertEquals(shifted[0], m.parameters().get(0).value().get(0, 0), 0.0);
        m.parameterValues().get(1).set(0, 3, -7.0);
        assertEquals(-7.0, m.layers().get(0).bias().get(0, 3), 0.0, "parameterValues() are live");
    }

    @ParameterizedTest
    @EnumSource(Parametrization.class)
    void forwardMatchesAHandComputedNetwork(Parametrization p) {
        Mlp m = Mlp.builder().inputs(2).hidden(3).outputs(1).activation(Activation.TANH).parametrization(p)
                .sigmaW(1.3).sigmaB(0.4).seed(9).build();
        double[][] x = {{0.3, -1.1}, {2.0, 0.5}};
        double[] y = m.forward(Tensor.constant(x)).value().data;
        DenseLayer l1 = m.layers().get(0);
        DenseLayer l2 = m.layers().get(1);
        double cw1 = p == Parametrization.NTK ? 1.3 / Math.sqrt(2) : 1.0;
        double cw2 = p == Parametrization.NTK ? 1.3 / Math.sqrt(3) : 1.0;
        double cb = p == Parametrization.NTK ? 0.4 : 1.0;
        for (int i = 0; i < 2; i++) {
            double out = cb * l2.bias().get(0, 0);
            for (int k = 0; k < 3; k++) {
                double a = cb * l1.bias().get(0, k);
                for (int j = 0; j < 2; j++) {
                    a += cw1 * l1.weight().get(k, j) * x[i][j];
                }
                out += cw2 * l2.weight().get(0, k) * Math.tanh(a);
            }
            assertEquals(out, y[i], 1e-14 * (1 + Math.abs(out)));
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void activationDerivativesMatchFiniteDifferences(long seed) {
        Rng rng = Seeds.rng(seed);
        for (Activation act : Activation.values()) {
            double x = rng.uniform(-2.5, 2.5);
            if (act == Activation.RELU && Math.abs(x) < 1e-3) {
                continue;
            }
            double h = 1e-5;
            // central differences: truncation O(h²·|f'''|) ≈ 1e-10, rounding ≈ 1e-16/h ≈ 1e-11.
            assertEquals((act.value(x + h) - act.value(x - h)) / (2 * h), act.derivative(x), 1e-8, act + " σ'");
            assertEquals((act.derivative(x + h) - act.derivative(x - h)) / (2 * h), act.secondDerivative(x), 1e-8,
                    act + " σ''");
            assertEquals((act.secondDerivative(x + h) - act.secondDerivative(x - h)) / (2 * h),
                    act.thirdDerivative(x), 1e-8, act + " σ'''");
            // central difference of σ''' with h = 1e-5: truncation h²σ^(5)/6 ~ 1e-10, rounding ~ ε/h ~ 1e-11
            assertEquals((act.thirdDerivative(x + h) - act.thirdDerivative(x - h)) / (2 * h),
                    act.fourthDerivative(x), 1e-8, act + " σ''''");
            assertEquals((act.fourthDerivative(x + h) - act.fourthDerivative(x - h)) / (2 * h),
                    act.fifthDerivative(x), 1e-8, act + " fifth derivative");
            double[] all = new double[7];
            act.derivatives(x, all, 2);
            assertEquals(act.value(x), all[2], 1e-14 * (1 + Math.abs(act.value(x))), act + " fused σ");
            assertEquals(act.derivative(x), all[3], 1e-14, act + " fused σ'");
            assertEquals(act.secondDerivative(x), all[4], 1e-14, act + " fused σ''");
            assertEquals(act.thirdDerivative(x), all[5], 1e-14, act + " fused σ'''");
            assertEquals(act.fourthDerivative(x), all[6], 1e-14, act + " fused σ''''");
            Tensor t = Tensor.constant(1, 1, x);
            assertEquals(act.value(x), act.apply(t).item(), 1e-14, act + " tensor σ");
            assertEquals(act.derivative(x), act.derivative(t).item(), 1e-14, act + " tensor σ'");
            assertEquals(act.secondDerivative(x), act.secondDerivative(t).item(), 1e-14, act + " tensor σ''");
            Tensor[] both = act.derivatives(t);
            assertEquals(act.derivative(x), both[0].item(), 1e-14, act + " derivatives()[0]");
            assertEquals(act.secondDerivative(x), both[1].item(), 1e-14, act + " derivatives()[1]");
        }
    }
}
