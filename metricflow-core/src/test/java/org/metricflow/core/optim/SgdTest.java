package org.metricflow.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.commons.math3.complex.Complex;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class SgdTest {

    /**
     * Heavy-ball SGD on f = Σ a_i x_i²/2 obeys x_{k+1} = (1 + μ − ηa) x_k − μ x_{k−1} with x_1 = (1 − ηa) x_0, whose
     * closed form is x_k = c1 r1^k + c2 r2^k, r1,2 the (possibly complex) roots of r² − (1 + μ − ηa) r + μ = 0.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void heavyBallMomentumMatchesClosedFormOnAQuadratic(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 1 + rng.nextInt(5);
        double lr = rng.uniform(0.01, 0.3);
        double mu = rng.uniform(0.05, 0.95);
        double[] a = new double[n];
        double[] x0 = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.uniform(0.1, 3.0); // ηa < 1 + μ keeps |r| < 1 but both real and complex roots occur
            x0[i] = rng.gaussian(0, 2);
        }
        int steps = 40;
        DMatrixRMaj x = new DMatrixRMaj(n, 1, true, x0.clone());
        DMatrixRMaj g = new DMatrixRMaj(n, 1);
        Sgd sgd = Sgd.of(lr).withMomentum(mu);
        for (int k = 0; k < steps; k++) {
            for (int i = 0; i < n; i++) {
                g.data[i] = a[i] * x.data[i];
            }
            sgd.step(List.of(x), List.of(g));
        }
        for (int i = 0; i < n; i++) {
            double trace = 1 + mu - lr * a[i];
            Complex disc = new Complex(trace * trace - 4 * mu).sqrt();
            Complex r1 = disc.add(trace).divide(2);
            Complex r2 = disc.negate().add(trace).divide(2);
            double x1 = (1 - lr * a[i]) * x0[i];
            // c1 + c2 = x0, c1 r1 + c2 r2 = x1
            Complex c1 = r2.multiply(-x0[i]).add(x1).divide(r1.subtract(r2));
            Complex c2 = new Complex(x0[i]).subtract(c1);
            double expected = c1.multiply(r1.pow(steps)).add(c2.multiply(r2.pow(steps))).getReal();
            // complex pow/log rounding ~1e-15 relative, amplified by 1/|r1 − r2| when the roots nearly coincide
            double tol = 1e-10 * Math.abs(x0[i]) / Math.max(1e-3, r1.subtract(r2).abs());
            Seeds.assertClose(expected, x.data[i], 0, tol, seed, "heavy-ball x_" + steps + "[" + i + "]");
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void nesterovMatchesItsLinearIterationMatrix(long seed) {
        Rng rng = Seeds.rng(seed);
        double lr = rng.uniform(0.01, 0.3);
        double mu = rng.uniform(0.05, 0.95);
        double a = rng.uniform(0.1, 3.0);
        double x0 = rng.gaussian(0, 2);
        // On f = a x²/2 Nesterov is linear in (x, v): v' = μv + ax, x' = x − η(ax + μv') gives
        // [x'; v'] = M [x; v] with M = [[1 − ηa − ημa, −ημ²], [a, μ]].
        DMatrixRMaj m = new DMatrixRMaj(2, 2, true, 1 - lr * a - lr * mu * a, -lr * mu * mu, a, mu);
        DMatrixRMaj state = new DMatrixRMaj(2, 1, true, x0, 0);
        DMatrixRMaj x = TestFunctions.column(x0);
        Sgd sgd = Sgd.of(lr).withMomentum(mu).withNesterov(true);
        for (int k = 0; k < 30; k++) {
            sgd.step(List.of(x), List.of(TestFunctions.column(a * x.data[0])));
            DMatrixRMaj next = new DMatrixRMaj(2, 1);
            CommonOps_DDRM.mult(m, state, next);
            state = next;
        }
        // the two evaluate the same products in a different order: rounding ~1e-15 per step
        Seeds.assertClose(state.data[0], x.data[0], 1e-12, 1e-13, seed, "Nesterov x_30");
    }

    @Test
    void plainSgdIsGeometricOnAQuadratic() {
        DMatrixRMaj x = TestFunctions.column(3.0);
        Sgd sgd = Sgd.of(0.1);
        for (int k = 0; k < 10; k++) {
            sgd.step(List.of(x), List.of(TestFunctions.column(2.0 * x.data[0]))); // f = x², g = 2x
        }
        assertEquals(3.0 * Math.pow(0.8, 10), x.data[0], 1e-15);
    }

    @Test
    void weightDecayIsAnL2PenaltyInTheGradient() {
        // zero loss gradient: g' = λθ, so plain SGD gives θ_k = θ_0 (1 − ηλ)^k
        DMatrixRMaj x = TestFunctions.column(1.5, -2.0);
        Sgd sgd = Sgd.of(0.2).withWeightDecay(0.5);
        for (int k = 0; k < 7; k++) {
            sgd.step(List.of(x), List.of(new DMatrixRMaj(2, 1)));
        }
        double f = Math.pow(0.9, 7);
        assertArrayEquals(new double[] {1.5 * f, -2.0 * f}, x.data, 1e-15);
    }
}
