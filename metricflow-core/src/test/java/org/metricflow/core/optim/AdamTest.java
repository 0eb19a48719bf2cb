package org.metricflow.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class AdamTest {

    @Test
    void minimisesRosenbrockFromTheClassicalStart() {
        DMatrixRMaj x = TestFunctions.column(-1.2, 1);
        DMatrixRMaj g = new DMatrixRMaj(2, 1);
        // Constant-rate Adam hovers at distance ~lr from the minimum; halving the rate every 2000 steps lets it
        // settle. 20000 steps take ~20 ms.
        Adam adam = Adam.of(1e-2).withSchedule(LearningRateSchedule.exponentialDecay(1e-2, 0.5, 2000));
        for (int k = 0; k < 20000; k++) {
            TestFunctions.rosenbrock(x.data, g.data);
            adam.step(List.of(x), List.of(g));
        }
        // The task's bar: 1e-8 in x. (Measured: ~1e-15.)
        assertEquals(1.0, x.data[0], 1e-8);
        assertEquals(1.0, x.data[1], 1e-8);
        assertEquals(20000, adam.steps());
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void firstStepIsMinusLearningRateTimesSignOfGradient(long seed) {
        Rng rng = Seeds.rng(seed);
        int rows = 1 + rng.nextInt(4);
        int cols = 1 + rng.nextInt(4);
        double lr = rng.uniform(1e-4, 1);
        DMatrixRMaj p = new DMatrixRMaj(rows, cols);
        DMatrixRMaj g = new DMatrixRMaj(rows, cols);
        rng.fillGaussian(p.data, 1);
        for (int k = 0; k < g.data.length; k++) {
            // magnitudes from 1e-3 to 1e3, random sign
            g.data[k] = (rng.nextDouble() < 0.5 ? -1 : 1) * Math.pow(10, rng.uniform(-3, 3));
        }
        double[] before = p.data.clone();
        Adam adam = Adam.of(lr).withBetas(rng.uniform(0, 0.99), rng.uniform(0.5, 0.9999));
        adam.step(List.of(p), List.of(g));
        for (int k = 0; k < before.length; k++) {
            // Bias correction makes m̂ = g and v̂ = g² exactly up to rounding, so the move is −lr·g/(|g| + ε):
            // it differs from −lr·sign(g) by lr·ε/|g| ≤ lr·1e-5 (|g| ≥ 1e-3, ε = 1e-8), plus a few ulps.
            double expected = before[k] - lr * Math.signum(g.data[k]);
            double tol = lr * 1e-8 / Math.abs(g.data[k]) + 1e-14 * (1 + Math.abs(before[k]));
            Seeds.assertClose(expected, p.data[k], 0, tol, seed, "first Adam step");
        }
    }

    /** A plain scalar transcription of the published algorithms (Kingma & Ba Alg. 1; AdamW; AMSGrad). */
    private static double[] referenceAdam(double[] theta0, double[][] grads, double lr, double b1, double b2,
            double eps, double wd, boolean ams) {
        double[] theta = theta0.clone();
        int n = theta.length;
        double[] m = new double[n];
        double[] v = new double[n];
        double[] vmax = new double[n];
        for (int t = 1; t <= grads.length; t++) {
            for (int i = 0; i < n; i++) {
                double gi = grads[t - 1][i];
                theta[i] = theta[i] - lr * wd * theta[i];
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                vmax[i] = Math.max(vmax[i], v[i]);
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = (ams ? vmax[i] : v[i]) / (1 - Math.pow(b2, t));
                theta[i] = theta[i] - lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
        return theta;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void matchesScalarReferenceOfThePublishedAlgorithm(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 1 + rng.nextInt(6);
        int steps = 1 + rng.nextInt(30);
        double lr = rng.uniform(1e-3, 0.5);
        double b1 = rng.uniform(0, 0.99);
        double b2 = rng.uniform(0.5, 0.9999);
        double eps = Math.pow(10, rng.uniform(-10, -3));
        double wd = rng.nextDouble() < 0.5 ? 0 : rng.uniform(0, 0.5);
        boolean ams = rng.nextDouble() < 0.5;
        double[] theta0 = new double[n];
        rng.fillGaussian(theta0, 1);
        double[][] grads = new double[steps][n];
        for (double[] g : grads) {
            rng.fillGaussian(g, Math.pow(10, rng.uniform(-2, 2))); // varying scale so AMSGrad's max matters
        }
        double[] expected = referenceAdam(theta0, grads, lr, b1, b2, eps, wd, ams);

        DMatrixRMaj p = new DMatrixRMaj(n, 1, true, theta0.clone());
        DMatrixRMaj g = new DMatrixRMaj(n, 1);
        Adam adam = Adam.of(lr).withBetas(b1, b2).withEpsilon(eps).withWeightDecay(wd).withAmsgrad(ams);
        for (double[] gs : grads) {
            System.arraycopy(gs, 0, g.data, 0, n);
            adam.step(List.of(p), List.of(g));
        }
        // Same formulas in a different order of operations (√v·(1−β2^t)^{-1/2} vs √(v/(1−β2^t))): each step's
        // relative rounding difference is a few ulps (~1e-15) of a move of size ≲ 10·lr, so after ≤ 30 steps the
        // gap stays far below 1e-11·lr·steps absolute (plus 1e-11 relative to θ); a formula error is O(lr).
        Seeds.assertAllClose(expected, p.data, 1e-11, 1e-11 * lr * steps, seed, "Adam vs scalar reference");
    }

    @Test
    void amsgradUsesRunningMaximumOfSecondMoment() {
        // g = 10 then g = 0.1: v drops, vmax keeps 100·(1−β2) scale, so AMSGrad takes a much smaller second step.
        double b1 = 0.0; // no momentum: the step is g/(√v̂ + ε) directly
        double b2 = 0.5;
        DMatrixRMaj pa = TestFunctions.column(0);
        DMatrixRMaj pb = TestFunctions.column(0);
        Adam plain = Adam.of(1).withBetas(b1, b2).withEpsilon(1e-300);
        Adam ams = Adam.of(1).withBetas(b1, b2).withEpsilon(1e-300).withAmsgrad(true);
        for (double gv : new double[] {10, 0.1}) {
            DMatrixRMaj g = TestFunctions.column(gv);
            plain.step(List.of(pa), List.of(g));
            ams.step(List.of(pb), List.of(g));
        }
        // Step 2 by hand: v1 = 0.5·100 = 50; v2 = 0.5·50 + 0.5·0.01 = 25.005; bias2 = 1 − 0.25 = 0.75.
        // plain: 0.1/√(25.005/0.75); AMSGrad: max(50, 25.005) = 50 → 0.1/√(50/0.75). Step 1 moves both by −1.
        assertEquals(-1 - 0.1 / Math.sqrt(25.005 / 0.75), pa.data[0], 1e-14);
        assertEquals(-1 - 0.1 / Math.sqrt(50 / 0.75), pb.data[0], 1e-14);
    }

    @Test
    void decoupledWeightDecayShrinksParametersGeometricallyWithZeroGradient() {
        double lr = 0.1;
        double wd = 0.3;
        DMatrixRMaj p = TestFunctions.column(2.0, -3.0, 0.5);
        DMatrixRMaj zero = new DMatrixRMaj(3, 1);
        Adam adamW = Adam.of(lr).withWeightDecay(wd);
        for (int k = 0; k < 25; k++) {
            adamW.step(List.of(p), List.of(zero));
        }
        // m = v = 0, so the Adam part is 0/(0 + ε) = 0 and θ_k = θ_0 (1 − ηλ)^k.
        double factor = Math.pow(1 - lr * wd, 25);
        assertArrayEquals(new double[] {2 * factor, -3 * factor, 0.5 * factor}, p.data, 1e-14);

        DMatrixRMaj q = TestFunctions.column(2.0, -3.0, 0.5);
        Adam noDecay = Adam.of(lr);
        for (int k = 0; k < 25; k++) {
            noDecay.step(List.of(q), List.of(zero));
        }
        assertArrayEquals(new double[] {2, -3, 0.5}, q.data, 0.0);
    }

    @Test
    void decoupledWeightDecayIsNotRescaledByTheSecondMoment() {
        // With a large constant gradient, coupled L2 (g + λθ) would be normalised away by √v̂; AdamW's decay is
        // applied outside: θ_1 = θ_0(1 − ηλ) − η·g/(|g| + ε).
        DMatrixRMaj p = TestFunctions.column(4.0);
        Adam adamW = Adam.of(0.01).withWeightDecay(0.5);
        adamW.step(List.of(p), List.of(TestFunctions.column(1000.0)));
        assertEquals(4.0 * (1 - 0.005) - 0.01 * 1000 / (1000 + 1e-8), p.data[0], 1e-14);
    }

    @Test
    void scheduleDrivesTheRateByStep() {
        LearningRateSchedule schedule = LearningRateSchedule.stepDecay(1.0, 0.5, 2);
        Adam adam = Adam.of(123).withSchedule(schedule);
        DMatrixRMaj p = TestFunctions.column(0);
        for (int k = 0; k < 6; k++) {
            assertEquals(schedule.rate(k), adam.learningRate(), 0.0);
            double before = p.data[0];
            adam.step(List.of(p), List.of(TestFunctions.column(1)));
            // constant gradient: m̂ = √v̂ = 1 up to rounding, so the move is rate·1/(1 + ε): relative gap 1e-8
            assertEquals(schedule.rate(k), before - p.data[0], 2e-8 * schedule.rate(k));
        }
        assertTrue(adam.toString().contains("scheduled"));
    }
}
