package org.metricflow.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metricflow.core.testing.FiniteDifferences.uniform;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.FiniteDifferences;
import org.metricflow.core.testing.Seeds;

/**
 * vjp, jvp, hvp and the batched per-point Jacobian/Hessian helpers against central finite differences
 * (tolerance {@link FiniteDifferences#TOLERANCE} relative to the scale, see the error model there); target
 * handling; error messages; no-grad; independence of threads.
 */
class AutodiffApiTest {
    private static final double TOL = FiniteDifferences.TOLERANCE;

    /** A row-wise map R³ → R² per point with parameters w (3×4) and v (4×2). */
    private static Tensor rowWise(Tensor x, Tensor w, Tensor v) {
        return x.matmul(w).tanh().matmul(v).plus(x.cols(0, 2).square().sin());
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void vjpAndJvpMatchFiniteDifferences(long seed) {
        Rng rng = Seeds.rng(seed);
        Tensor x = Tensor.variable(uniform(rng, 5, 3, -1, 1));
        Tensor w = Tensor.variable(uniform(rng, 3, 4, -1, 1));
        Tensor v = Tensor.constant(uniform(rng, 4, 2, -1, 1));
        DMatrixRMaj seedM = uniform(rng, 5, 2, -1, 1);
        Tensor y = rowWise(x, w, v);

        DMatrixRMaj[] vjp = Autodiff.vjp(y, seedM, x, w);
        Tensor seedT = Tensor.constant(seedM);
        for (int k = 0; k < 2; k++) {
            DMatrixRMaj target = k == 0 ? x.value() : w.value();
            DMatrixRMaj fd = FiniteDifferences.gradient(() -> rowWise(x, w, v).times(seedT).sum().item(), target,
                    FiniteDifferences.STEP);
            FiniteDifferences.assertClose(fd, vjp[k], TOL, seed, "vjp target " + k);
        }
        Tensor[] vjpGraph = Autodiff.vjp(y, seedT, x, w);
        FiniteDifferences.assertBitwiseEqual(vjp[1], vjpGraph[1].value(), seed, "vjp graph vs values");

        DMatrixRMaj dx = uniform(rng, 5, 3, -1, 1);
        DMatrixRMaj dw = uniform(rng, 3, 4, -1, 1);
        DMatrixRMaj jvp = Autodiff.jvp(y, new Tensor[] {x, w}, new DMatrixRMaj[] {dx, dw});
        DMatrixRMaj fd = FiniteDifferences.directional(() -> rowWise(x, w, v).value(),
                new DMatrixRMaj[] {x.value(), w.value()}, new DMatrixRMaj[] {dx, dw}, FiniteDifferences.STEP);
        FiniteDifferences.assertClose(fd, jvp, TOL, seed, "jvp");
        Tensor jvpGraph = Autodiff.jvpGraph(y, new Tensor[] {x, w},
                new Tensor[] {Tensor.constant(dx), Tensor.constant(dw)});
        FiniteDifferences.assertClose(jvp, jvpGraph.value(), 1e-14, seed, "jvpGraph vs jvp");
        FiniteDifferences.assertClose(Autodiff.jvp(y, x, dx), FiniteDifferences.directional(
                () -> rowWise(x, w, v).value(), new DMatrixRMaj[] {x.value()}, new DMatrixRMaj[] {dx},
                FiniteDifferences.STEP), TOL, seed, "jvp single target");
        // the graph jvp is differentiable: d/dw of Σ (J·dx) against finite differences
        DMatrixRMaj dJ = Autodiff.grad(Autodiff.jvpGraph(y, new Tensor[] {x}, new Tensor[] {Tensor.constant(dx)}).sum(),
                w)[0];
        DMatrixRMaj fdJ = FiniteDifferences.gradient(() -> {
            Tensor yy = rowWise(x, w, v);
            return sumOf(Autodiff.jvp(yy, x, dx));
        }, w.value(), FiniteDifferences.STEP);
        FiniteDifferences.assertClose(fdJ, dJ, TOL, seed, "d(jvp)/dw");
    }

    private static double sumOf(DMatrixRMaj m) {
        double s = 0;
        for (int i = 0; i < m.getNumElements(); i++) {
            s += m.data[i];
        }
        return s;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void hvpMatchesFiniteDifferencesOfTheGradient(long seed) {
        Rng rng = Seeds.rng(seed);
        Tensor x = Tensor.variable(uniform(rng, 4, 3, -1, 1));
        Tensor w = Tensor.variable(uniform(rng, 3, 4, -1, 1));
        Tensor v = Tensor.constant(uniform(rng, 4, 2, -1, 1));
        Function<Tensor, Tensor> f = xx -> rowWise(xx, w, v).square().mean();
        DMatrixRMaj dir = uniform(rng, 4, 3, -1, 1);
        DMatrixRMaj hv = Autodiff.hvp(f, x, dir);
        DMatrixRMaj fd = FiniteDifferences.directional(() -> Autodiff.grad(f.apply(x), x)[0],
                new DMatrixRMaj[] {x.value()}, new DMatrixRMaj[] {dir}, FiniteDifferences.STEP);
        FiniteDifferences.assertClose(fd, hv, TOL, seed, "hvp(f, x, v)");
        Tensor[] hvGraph = Autodiff.hvpGraph(f.apply(x), new Tensor[] {x}, new Tensor[] {Tensor.constant(dir)});
        FiniteDifferences.assertBitwiseEqual(hv, hvGraph[0].value(), seed, "hvpGraph vs hvp");
        // mixed: targets x and w together
        DMatrixRMaj dirW = uniform(rng, 3, 4, -1, 1);
        DMatrixRMaj[] mixed = Autodiff.hvp(f.apply(x), new Tensor[] {x, w}, new DMatrixRMaj[] {dir, dirW});
        for (int k = 0; k < 2; k++) {
            int kk = k;
            DMatrixRMaj fdk = FiniteDifferences.directional(() -> Autodiff.grad(f.apply(x), x, w)[kk],
                    new DMatrixRMaj[] {x.value(), w.value()}, new DMatrixRMaj[] {dir, dirW}, FiniteDifferences.STEP);
            FiniteDifferences.assertClose(fdk, mixed[k], TOL, seed, "mixed hvp target " + k);
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void perPointJacobiansAndHessians(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 5;
        int d = 3;
        Tensor w = Tensor.variable(uniform(rng, 3, 4, -1, 1));
        Tensor v = Tensor.constant(uniform(rng, 4, 2, -1, 1));
        Tensor x = Tensor.variable(uniform(rng, n, d, -1, 1));
        Function<Tensor, Tensor> f = xx -> rowWise(xx, w, v);
        DMatrixRMaj jac = Autodiff.jacobian(f, x);
        assertEquals(n, jac.numRows);
        assertEquals(2 * d, jac.numCols);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                int row = i;
                int col = k;
                DMatrixRMaj dir = new DMatrixRMaj(n, d);
                dir.set(row, col, 1.0);
                DMatrixRMaj fd = FiniteDifferences.directional(() -> f.apply(x).value(),
                        new DMatrixRMaj[] {x.value()}, new DMatrixRMaj[] {dir}, FiniteDifferences.STEP);
                for (int a = 0; a < 2; a++) {
                    Seeds.assertClose(fd.get(i, a), jac.get(i, a * d + k), 0, TOL, seed,
                            "∂y_" + a + "/∂x_" + k + " at point " + i);
                    for (int other = 0; other < n; other++) {
                        if (other != i) {
                            Seeds.assertClose(0.0, fd.get(other, a), 0, 1e-9, seed, "row-wise premise");
                        }
                    }
                }
            }
        }
        Tensor jacGraph = Autodiff.jacobianGraph(f, x);
        FiniteDifferences.assertBitwiseEqual(jac, jacGraph.value(), seed, "jacobianGraph vs jacobian");
        // the per-point Jacobians are differentiable in the parameters
        DMatrixRMaj r = uniform(rng, n, 2 * d, -1, 1);
        Tensor rt = Tensor.constant(r);
        DMatrixRMaj dW = Autodiff.grad(Autodiff.jacobianGraph(f, x).times(rt).sum(), w)[0];
        DMatrixRMaj fdW = FiniteDifferences.gradient(() -> {
            DMatrixRMaj j = Autodiff.jacobian(f, x);
            double s = 0;
            for (int q = 0; q < j.getNumElements(); q++) {
                s += j.data[q] * r.data[q];
            }
            return s;
        }, w.value(), FiniteDifferences.STEP);
        FiniteDifferences.assertClose(fdW, dW, TOL, seed, "d(jacobian)/dw");

        // per-point Hessians of the scalar g = Σ_a y_a², against differences of the per-point gradients
        Function<Tensor, Tensor> g = xx -> rowWise(xx, w, v).square().sumRows();
        DMatrixRMaj hes = Autodiff.hessian(g, x);
        assertEquals(d * d, hes.numCols);
        for (int l = 0; l < d; l++) {
            DMatrixRMaj dir = new DMatrixRMaj(n, d);
            for (int i = 0; i < n; i++) {
                dir.set(i, l, 1.0);
            }
            // moving coordinate l of every point at once is fine: rows are independent
            DMatrixRMaj fd = FiniteDifferences.directional(() -> Autodiff.grad(g.apply(x).sum(), x)[0],
                    new DMatrixRMaj[] {x.value()}, new DMatrixRMaj[] {dir}, FiniteDifferences.STEP);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    Seeds.assertClose(fd.get(i, k), hes.get(i, k * d + l), 0, TOL, seed,
                            "∂²g/∂x_" + k + "∂x_" + l + " at point " + i);
                    Seeds.assertClose(hes.get(i, k * d + l), hes.get(i, l * d + k), 1e-12, 1e-14, seed, "symmetry");
                }
            }
        }
        FiniteDifferences.assertBitwiseEqual(hes, Autodiff.hessianGraph(g, x).value(), seed, "hessianGraph");
    }

    @Test
    void targetsOffThePathIntermediateAndRepeated() {
        Tensor x = Tensor.variable(2, 2, 1, 2, 3, 4);
        Tensor unused = Tensor.variable(1, 3, 1, 1, 1);
        Tensor h = x.square();
        Tensor y = h.sum();
        DMatrixRMaj[] g = Autodiff.grad(y, x, unused, h, x);
        assertArrayEquals(new double[] {2, 4, 6, 8}, g[0].data, 0.0);
        assertArrayEquals(new double[] {0, 0, 0}, g[1].data, 0.0);
        assertEquals(1, g[1].numRows);
        assertEquals(3, g[1].numCols);
        assertArrayEquals(new double[] {1, 1, 1, 1}, g[2].data, 0.0);
        assertArrayEquals(g[0].data, g[3].data, 0.0);
        assertNotSame(g[0], g[3]);
        Tensor[] gg = Autodiff.gradGraph(y, unused, h);
        assertArrayEquals(new double[] {0, 0, 0}, gg[0].value().data, 0.0);
        assertArrayEquals(new double[] {1, 1, 1, 1}, gg[1].value().data, 0.0);
        // gradients with respect to a constant work too (operations always record)
        Tensor c = Tensor.constant(1, 2, 3, 5);
        assertArrayEquals(new double[] {5, 3}, Autodiff.grad(c.times(c.selectCols(1, 0)).sum().div(2), c)[0].data,
                1e-15);
        // a value the output is: the seed itself, returned as a fresh matrix
        DMatrixRMaj seedM = new DMatrixRMaj(2, 2);
        seedM.data[0] = 7;
        DMatrixRMaj self = Autodiff.vjp(x, seedM, x)[0];
        assertNotSame(seedM, self);
        assertEquals(7, self.data[0], 0.0);
    }

    @Test
    void errorMessagesNameShapesAndTheFix() {
        Tensor a = Tensor.zeros(3, 4);
        Tensor b = Tensor.zeros(2, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.plus(b));
        assertEquals("plus: shapes 3×4 and 2×4 do not broadcast (need equal dims or 1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.times(Tensor.zeros(3, 2)));
        assertEquals("times: shapes 3×4 and 3×2 do not broadcast (need equal dims or 1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.matmul(Tensor.zeros(3, 4)));
        assertTrue(e.getMessage().contains("3×4") && e.getMessage().startsWith("matmul"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(a.square(), a));
        assertTrue(e.getMessage().contains("must be 1×1 but is 3×4") && e.getMessage().contains("vjp"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 5).det());
        assertTrue(e.getMessage().contains("5 columns is not a square"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Autodiff.vjp(a, new DMatrixRMaj(1, 4), a));
        assertTrue(e.getMessage().contains("1×4") && e.getMessage().contains("3×4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 4).batchMatmul(Tensor.zeros(3, 4)));
        assertTrue(e.getMessage().contains("2×4") && e.getMessage().contains("3×4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.concatCols(a, b));
        assertTrue(e.getMessage().contains("3×4") && e.getMessage().contains("2×4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.constant(2, 2, 1, 2, 3));
        assertTrue(e.getMessage().contains("needs 4") && e.getMessage().contains("got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.cols(2, 6));
        assertTrue(e.getMessage().contains("[2, 6)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Autodiff.hessian(xx -> xx.square(), a));
        assertTrue(e.getMessage().contains("N×1"), e.getMessage());
    }

    @Test
    void noGradBuildsPlainValues() {
        Tensor x = Tensor.variable(1, 2, 1, 2);
        Tensor y = Autodiff.noGrad(() -> x.square().times(3));
        assertTrue(y.isLeaf());
        assertFalse(y.requiresGrad());
        assertArrayEquals(new double[] {3, 12}, y.value().data, 0.0);
        assertArrayEquals(new double[] {0, 0}, Autodiff.grad(y.sum(), x)[0].data, 0.0);
        // recording is back on afterwards
        assertFalse(x.square().isLeaf());
        assertArrayEquals(new double[] {0, 0},
                Autodiff.grad(x.square().detach().sum(), x)[0].data, 0.0, "detach cuts the graph");
    }

    @Test
    void enableGradRecordsInsideNoGradAndRestoresTheMode() {
        Tensor x = Tensor.variable(1, 2, 1, 2);
        double[] slope = Autodiff.noGrad(() -> {
            assertFalse(Autodiff.isRecording());
            // A Jacobian-vector product needs a graph: d/dx (x³)·v = 3x²v, here v = (1, 1).
            double[] jv = Autodiff.enableGrad(() -> Autodiff.jvp(x.pow(3), x, new org.ejml.data.DMatrixRMaj(1, 2,
                    true, 1, 1)).data);
            assertFalse(Autodiff.isRecording(), "noGrad mode is restored after enableGrad");
            return jv;
        });
        assertArrayEquals(new double[] {3, 12}, slope, 1e-12);
        assertTrue(Autodiff.isRecording());
    }

    @Test
    void graphsInDifferentThreadsDoNotInterfere() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<double[]> graph = pool.submit(() -> {
                double[] last = null;
                for (int k = 0; k < 2000; k++) {
                    Tensor x = Tensor.variable(1, 2, 1, 2);
                    last = Autodiff.grad(Autodiff.gradGraph(x.pow(3).sum(), x)[0].sum(), x)[0].data;
                }
                return last;
            });
            Future<Boolean> plain = pool.submit(() -> {
                boolean allLeaves = true;
                for (int k = 0; k < 2000; k++) {
                    Tensor x = Tensor.variable(1, 2, 1, 2);
                    allLeaves &= Autodiff.noGrad(() -> x.pow(3).sum()).isLeaf();
                }
                return allLeaves;
            });
            assertArrayEquals(new double[] {6, 12}, graph.get(), 1e-12);
            assertTrue(plain.get());
        } finally {
            pool.shutdown();
        }
    }
}
