package org.metricflow.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.metricflow.core.optim.LbfgsResult.StopReason;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class LbfgsTest {

    @Test
    void minimisesTwoDimensionalRosenbrockFromTheClassicalStart() {
        DMatrixRMaj x = TestFunctions.column(-1.2, 1);
        LbfgsResult r = Lbfgs.of().withGradientTolerance(1e-11).minimize(List.of(x),
                TestFunctions.rosenbrockObjective(x));
        // |∇f| ≤ 1e-11 and the Hessian at (1, 1) has smallest eigenvalue ≈ 0.4, so |x − 1| ≲ 3e-11 ≪ 1e-8
        assertTrue(r.converged(), r.toString());
        assertEquals(1.0, x.data[0], 1e-8);
        assertEquals(1.0, x.data[1], 1e-8);
        assertTrue(r.iterations() < 100, "L-BFGS should need a few dozen iterations, took " + r);
        assertTrue(r.value() < 1e-20, r.toString());
        double[] g = new double[2];
        assertEquals(TestFunctions.rosenbrock(x.data, g), r.value(), 0.0, "reported value is f at the params");
        assertEquals(Math.hypot(g[0], g[1]), r.gradientNorm(), 0.0, "reported gradient norm is |∇f| at the params");
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {3, 10, 30})
    void minimisesChainedRosenbrockInNDimensions(int n) {
        // Start at x_i = 0.5 + 0.1·(−1)^i. (For 4 ≤ n ≤ 7 and beyond there is a second, local minimum near
        // x_0 ≈ −1; from the classical (−1.2, 1, …) start L-BFGS rightly finds that one, so the start is chosen
        // in the global minimum's basin.) The global minimum is (1, …, 1).
        double[] start = new double[n];
        for (int i = 0; i < n; i++) {
            start[i] = 0.5 + 0.1 * (i % 2 == 0 ? 1 : -1);
        }
        DMatrixRMaj x = new DMatrixRMaj(n, 1, true, start);
        LbfgsResult r = Lbfgs.of().withGradientTolerance(1e-11).minimize(List.of(x),
                TestFunctions.rosenbrockObjective(x));
        assertTrue(r.converged(), r.toString());
        for (int i = 0; i < n; i++) {
            assertEquals(1.0, x.data[i], 1e-8, "x[" + i + "] " + r);
        }
    }

    @Test
    void minimisesExtendedRosenbrockSplitOverSeveralMatrices() {
        // 100 variables as a 10×6 matrix, a 1×20 row and a 20×1 column: the flat view concatenates them
        DMatrixRMaj a = new DMatrixRMaj(10, 6);
        DMatrixRMaj b = new DMatrixRMaj(1, 20);
        DMatrixRMaj c = new DMatrixRMaj(20, 1);
        List<DMatrixRMaj> params = List.of(a, b, c);
        double[] flat = new double[100];
        for (int i = 0; i < 100; i += 2) {
            flat[i] = -1.2;
            flat[i + 1] = 1;
        }
        scatter(flat, params);
        Objective f = grads -> {
            double[] x = gather(params);
            double[] g = new double[x.length];
            double value = TestFunctions.extendedRosenbrock(x, g);
            scatter(g, grads);
            return value;
        };
        LbfgsResult r = Lbfgs.of().withGradientTolerance(1e-10).minimize(params, f);
        assertTrue(r.converged(), r.toString());
        double[] x = gather(params);
        for (int i = 0; i < x.length; i++) {
            assertEquals(1.0, x[i], 1e-8, "x[" + i + "]");
        }
    }

    /** f = ½ xᵀAx − bᵀx with A = U diag(λ) Uᵀ, λ log-uniform in [1, κ], κ up to 1e4: minimiser x* = A⁻¹b. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void convergesToTheSolutionOfRandomConvexQuadratics(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 2 + rng.nextInt(30);
        double kappa = Math.pow(10, rng.uniform(0, 4));
        DMatrixRMaj gauss = new DMatrixRMaj(n, n);
        rng.fillGaussian(gauss.data, 1);
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, n);
        qr.decompose(gauss);
        DMatrixRMaj u = qr.getQ(null, false);
        DMatrixRMaj lambda = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            lambda.set(i, i, Math.pow(kappa, rng.nextDouble()));
        }
        lambda.set(0, 0, 1.0); // λ_min = 1 exactly, so |x − x*| ≤ |∇f|
        DMatrixRMaj tmp = new DMatrixRMaj(n, n);
        DMatrixRMaj matA = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(u, lambda, tmp);
        CommonOps_DDRM.multTransB(tmp, u, matA);
        DMatrixRMaj vecB = new DMatrixRMaj(n, 1);
        rng.fillGaussian(vecB.data, 1);
        DMatrixRMaj expected = new DMatrixRMaj(n, 1);
        assertTrue(CommonOps_DDRM.solve(matA, vecB, expected));

        // split x into a leading row block and the rest to exercise the flat view
        int k = 1 + rng.nextInt(n - 1);
        DMatrixRMaj x1 = new DMatrixRMaj(1, k);
        DMatrixRMaj x2 = new DMatrixRMaj(n - k, 1);
        rng.fillGaussian(x1.data, 1);
        rng.fillGaussian(x2.data, 1);
        List<DMatrixRMaj> params = List.of(x1, x2);
        Objective f = grads -> {
            DMatrixRMaj x = new DMatrixRMaj(n, 1, true, gather(params));
            DMatrixRMaj ax = new DMatrixRMaj(n, 1);
            CommonOps_DDRM.mult(matA, x, ax);
            double value = 0.5 * CommonOps_DDRM.dot(x, ax) - CommonOps_DDRM.dot(vecB, x);
            CommonOps_DDRM.subtractEquals(ax, vecB);
            scatter(ax.data, grads);
            return value;
        };
        double gtol = 1e-10 * NormOps_DDRM.normF(vecB);
        LbfgsResult r = Lbfgs.of().withGradientTolerance(gtol).minimize(params, f);
        assertEquals(StopReason.GRADIENT_TOLERANCE, r.reason(), "seed=" + seed + " n=" + n + " kappa=" + kappa + " "
                + r);
        // rigorous: |x − x*| = |A⁻¹∇f| ≤ |∇f|/λ_min ≤ gtol (λ_min = 1); allow rounding in A's assembly
        double[] x = gather(params);
        for (int i = 0; i < n; i++) {
            Seeds.assertClose(expected.data[i], x[i], 0, gtol + 1e-12 * kappa, seed, "x*[" + i + "]");
        }
    }

    @Test
    void backsOffFromNonFiniteRegionsAndNeverLeavesThemInTheParameters() {
        // Σ (x_i − 2)², but NaN wherever some x_i > 1 (a domain wall in front of the minimum, like log of a
        // negative number). Every line search that overshoots the wall must back off.
        DMatrixRMaj x = TestFunctions.column(0.0, -1.0, 0.5);
        Objective f = grads -> {
            double v = 0;
            for (int i = 0; i < 3; i++) {
                if (x.data[i] > 1) {
                    grads.get(0).data[i] = Double.NaN;
                    return Double.NaN;
                }
                v += (x.data[i] - 2) * (x.data[i] - 2);
                grads.get(0).data[i] = 2 * (x.data[i] - 2);
            }
            return v;
        };
        double start = 4 + 9 + 2.25;
        List<double[]> visited = new ArrayList<>();
        LbfgsResult r = Lbfgs.of().withMaxIterations(200).minimize(List.of(x), f, (it, value, gn) -> {
            visited.add(x.data.clone());
            return true;
        });
        assertTrue(r.nonFiniteEvaluations() > 0, "the test must actually hit the wall: " + r);
        for (double[] p : visited) {
            for (double v : p) {
                assertTrue(v <= 1, "an iterate lies in the NaN region: " + Arrays.toString(p));
            }
        }
        for (double v : x.data) {
            assertTrue(Double.isFinite(v) && v <= 1, "final params " + Arrays.toString(x.data));
        }
        assertTrue(Double.isFinite(r.value()) && r.value() < start, r.toString());
        double fx = 0;
        for (double v : x.data) {
            fx += (v - 2) * (v - 2);
        }
        assertEquals(fx, r.value(), 0.0, "reported value belongs to the returned params");
        // An unconstrained method cannot slide along the wall: once a coordinate sits at it, every direction
        // with −∇f's sign pattern crosses it, so the run must end by reporting the non-finite region.
        assertEquals(StopReason.NON_FINITE_VALUE, r.reason(), r.toString());
    }

    @Test
    void restoresTheLastGoodPointWhenNoFiniteDecreaseExists() {
        // finite only at the exact start point: every trial is NaN, so nothing can be accepted
        double[] start = {0.3, -0.7};
        DMatrixRMaj x = TestFunctions.column(start.clone());
        Objective f = grads -> {
            boolean atStart = x.data[0] == start[0] && x.data[1] == start[1];
            grads.get(0).data[0] = 1;
            grads.get(0).data[1] = -2;
            return atStart ? 5.0 : Double.NaN;
        };
        LbfgsResult r = Lbfgs.of().minimize(List.of(x), f);
        assertEquals(StopReason.NON_FINITE_VALUE, r.reason(), r.toString());
        assertArrayEquals(start, x.data, 0.0, "params must be restored bit for bit");
        assertEquals(5.0, r.value(), 0.0);
        assertTrue(r.nonFiniteEvaluations() > 0);
    }

    @Test
    void nonFiniteGradientWithFiniteValueCountsAsInvalid() {
        DMatrixRMaj x = TestFunctions.column(3.0);
        Objective f = grads -> {
            double v = x.data[0];
            grads.get(0).data[0] = v < 1 ? Double.POSITIVE_INFINITY : 2 * (v - 0.5); // min at 0.5 is walled off
            return (v - 0.5) * (v - 0.5);
        };
        LbfgsResult r = Lbfgs.of().minimize(List.of(x), f);
        assertTrue(x.data[0] >= 1 && Double.isFinite(x.data[0]), r + " x=" + x.data[0]);
        assertTrue(r.nonFiniteEvaluations() > 0, r.toString());
    }

    @Test
    void invalidStartingPointIsReportedAndParamsAreUntouched() {
        DMatrixRMaj x = TestFunctions.column(1.0, 2.0);
        LbfgsResult r = Lbfgs.of().minimize(List.of(x), grads -> Double.NaN);
        assertEquals(StopReason.NON_FINITE_VALUE, r.reason());
        assertEquals(0, r.iterations());
        assertEquals(1, r.evaluations());
        assertArrayEquals(new double[] {1.0, 2.0}, x.data, 0.0);
    }

    @Test
    void limitsAndListenerStopTheIteration() {
        DMatrixRMaj x = TestFunctions.column(-1.2, 1);
        LbfgsResult r = Lbfgs.of().withMaxIterations(3).minimize(List.of(x), TestFunctions.rosenbrockObjective(x));
        assertEquals(StopReason.MAX_ITERATIONS, r.reason());
        assertEquals(3, r.iterations());

        DMatrixRMaj y = TestFunctions.column(-1.2, 1);
        r = Lbfgs.of().withMaxEvaluations(7).minimize(List.of(y), TestFunctions.rosenbrockObjective(y));
        assertEquals(StopReason.MAX_EVALUATIONS, r.reason());
        assertTrue(r.evaluations() <= 7, r.toString());

        DMatrixRMaj w = TestFunctions.column(-1.2, 1);
        r = Lbfgs.of().withMaxEvaluations(1).minimize(List.of(w), TestFunctions.rosenbrockObjective(w));
        assertEquals(StopReason.MAX_EVALUATIONS, r.reason());
        assertEquals(1, r.evaluations());
        assertArrayEquals(new double[] {-1.2, 1}, w.data, 0.0);

        DMatrixRMaj z = TestFunctions.column(-1.2, 1);
        int[] calls = {0};
        r = Lbfgs.of().minimize(List.of(z), TestFunctions.rosenbrockObjective(z), (it, value, gn) -> {
            calls[0]++;
            assertEquals(calls[0], it);
            return it < 5;
        });
        assertEquals(StopReason.STOPPED_BY_LISTENER, r.reason());
        assertEquals(5, r.iterations());
        assertEquals(5, calls[0]);
    }

    @Test
    void startingAtTheMinimumStopsImmediately() {
        DMatrixRMaj x = TestFunctions.column(1, 1);
        LbfgsResult r = Lbfgs.of().minimize(List.of(x), TestFunctions.rosenbrockObjective(x));
        assertEquals(StopReason.GRADIENT_TOLERANCE, r.reason());
        assertEquals(0, r.iterations());
        assertEquals(1, r.evaluations());
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Lbfgs.of().withMemory(0));
        assertThrows(IllegalArgumentException.class, () -> Lbfgs.of().withGradientTolerance(-1));
        assertThrows(IllegalArgumentException.class, () -> Lbfgs.of().minimize(List.of(), g -> 0));
        DMatrixRMaj x = TestFunctions.column(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lbfgs.of().minimize(List.of(x, x), g -> 0));
        assertTrue(e.getMessage().contains("same matrix"), e.getMessage());
    }

    private static double[] gather(List<DMatrixRMaj> ms) {
        int n = 0;
        for (DMatrixRMaj m : ms) {
            n += m.getNumElements();
        }
        double[] out = new double[n];
        int off = 0;
        for (DMatrixRMaj m : ms) {
            System.arraycopy(m.data, 0, out, off, m.getNumElements());
            off += m.getNumElements();
        }
        return out;
    }

    private static void scatter(double[] flat, List<DMatrixRMaj> ms) {
        int off = 0;
        for (DMatrixRMaj m : ms) {
            System.arraycopy(flat, off, m.data, 0, m.getNumElements());
            off += m.getNumElements();
        }
    }
}
