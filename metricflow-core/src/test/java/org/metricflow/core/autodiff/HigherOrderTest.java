package org.metricflow.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.FiniteDifferences;
import org.metricflow.core.testing.Seeds;

/**
 * Derivatives beyond second order, exact agreement of the values-only and create-graph paths, and graphs
 * too deep for recursion.
 */
class HigherOrderTest {
    private static final int N = 6;

    /**
     * Truncated bivariate Taylor series Σ_{i+j≤4} c_ij s^i t^j: an independent reference (power-series
     * arithmetic, no autodiff) for all derivatives up to order 4, ∂^{i+j}f/∂x^i∂y^j = i!·j!·c_ij.
     */
    private static final class Series {
        static final int D = 4;
        final double[][] c = new double[D + 1][D + 1];

        static Series constant(double v) {
            Series s = new Series();
            s.c[0][0] = v;
            return s;
        }

        static Series variable(double v, boolean first) {
            Series s = constant(v);
            if (first) {
                s.c[1][0] = 1;
            } else {
                s.c[0][1] = 1;
            }
            return s;
        }

        Series times(Series o) {
            Series r = new Series();
            for (int i = 0; i <= D; i++) {
                for (int j = 0; i + j <= D; j++) {
                    for (int k = 0; k <= i; k++) {
                        for (int l = 0; l <= j; l++) {
                            r.c[i][j] += c[k][l] * o.c[i - k][j - l];
                        }
                    }
                }
            }
            return r;
        }

        Series plus(Series o, double scale) {
            Series r = new Series();
            for (int i = 0; i <= D; i++) {
                for (int j = 0; i + j <= D; j++) {
                    r.c[i][j] = c[i][j] + scale * o.c[i][j];
                }
            }
            return r;
        }

        /** The series without its constant term. */
        Series tail() {
            Series r = plus(constant(0), 0);
            r.c[0][0] = 0;
            return r;
        }

        /** Σ_k a_k u^k for u = tail (u⁵ and beyond vanish at degree ≤ 4). */
        static Series poly(Series u, double... a) {
            Series r = constant(0);
            Series p = constant(1);
            for (double ak : a) {
                r = r.plus(p, ak);
                p = p.times(u);
            }
            return r;
        }

        Series exp() {
            return poly(tail(), 1, 1, 1 / 2.0, 1 / 6.0, 1 / 24.0).times(constant(Math.exp(c[0][0])));
        }

        Series sin() {
            double a = c[0][0];
            Series u = tail();
            Series cosU = poly(u, 1, 0, -1 / 2.0, 0, 1 / 24.0);
            Series sinU = poly(u, 0, 1, 0, -1 / 6.0, 0);
            return cosU.times(constant(Math.sin(a))).plus(sinU, Math.cos(a));
        }

        double derivative(int i, int j) {
            return factorial(i) * factorial(j) * c[i][j];
        }

        private static double factorial(int k) {
            double f = 1;
            for (int q = 2; q <= k; q++) {
                f *= q;
            }
            return f;
        }
    }

    /** ∂ along the targets in order ('x' or 'y'), per point, by nested create-graph gradients. */
    private static DMatrixRMaj nested(String order, Tensor x, Tensor y) {
        Tensor f = x.sin().times(y.square()).exp();
        for (int k = 0; k < order.length(); k++) {
            Tensor target = order.charAt(k) == 'x' ? x : y;
            f = Autodiff.gradGraph(f.sum(), target)[0];
        }
        return f.value();
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void fourthDerivativesOfExpSinXTimesYSquared(long seed) {
        Rng rng = Seeds.rng(seed);
        Tensor x = Tensor.variable(FiniteDifferences.uniform(rng, N, 1, -1.5, 1.5));
        Tensor y = Tensor.variable(FiniteDifferences.uniform(rng, N, 1, -1.2, 1.2));
        String[] orders = {"", "x", "y", "xx", "xy", "yx", "yy", "xxy", "yyx", "xyx", "xxxx", "xxxy", "xxyy", "xyxy",
            "yxyx", "xyyy", "yyyy", "yxxx"};
        for (String order : orders) {
            DMatrixRMaj d = nested(order, x, y);
            int i = (int) order.chars().filter(ch -> ch == 'x').count();
            int j = order.length() - i;
            for (int p = 0; p < N; p++) {
                Series s = Series.variable(x.get(p, 0), true).sin()
                        .times(Series.variable(y.get(p, 0), false).times(Series.variable(y.get(p, 0), false))).exp();
                // both sides are exact up to rounding; values are O(10): 1e-11 relative is rounding-level
                Seeds.assertClose(s.derivative(i, j), d.get(p, 0), 1e-11, 1e-11, seed, "∂^" + order + " f at point " + p);
            }
        }
        // the pure y-derivative by hand: with a = sin x, ∂⁴/∂y⁴ e^{a y²} = (12a² + 48a³y² + 16a⁴y⁴) e^{a y²}
        DMatrixRMaj d4 = nested("yyyy", x, y);
        for (int p = 0; p < N; p++) {
            double a = Math.sin(x.get(p, 0));
            double yy = y.get(p, 0) * y.get(p, 0);
            double expected = (12 * a * a + 48 * a * a * a * yy + 16 * a * a * a * a * yy * yy) * Math.exp(a * yy);
            Seeds.assertClose(expected, d4.get(p, 0), 1e-11, 1e-11, seed, "∂⁴f/∂y⁴ by hand at point " + p);
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void valuesOnlyAndCreateGraphAgreeBitForBitAtFirstAndSecondOrder(long seed) {
        Rng rng = Seeds.rng(seed);
        Tensor x = Tensor.variable(FiniteDifferences.uniform(rng, 8, 3, -1, 1));
        Tensor w1 = Tensor.variable(FiniteDifferences.uniform(rng, 3, 5, -1, 1));
        Tensor b1 = Tensor.variable(FiniteDifferences.uniform(rng, 1, 5, -1, 1));
        Tensor w2 = Tensor.variable(FiniteDifferences.uniform(rng, 5, 4, -1, 1));
        Tensor h = x.matmul(w1).plus(b1).tanh();
        Tensor g = h.matmul(w2).gelu();
        Tensor a = Tensor.concatCols(g, h.cols(0, 2).sigmoid()).cols(1, 5);
        // AᵀA + I is symmetric positive definite: logDet and inverse are well defined
        Tensor m = a.batchTranspose().batchMatmul(a).plus(Tensor.batchEye(1, 2));
        Tensor loss = m.logDet().plus(m.inverse().trace()).mean().plus(h.softplus().times(x.col(0)).sum());
        assertTrue(loss.isFinite());
        Tensor[] targets = {x, w1, b1, w2};
        DMatrixRMaj[] values = Autodiff.grad(loss, targets);
        Tensor[] graph = Autodiff.gradGraph(loss, targets);
        for (int k = 0; k < targets.length; k++) {
            FiniteDifferences.assertBitwiseEqual(values[k], graph[k].value(), seed, "first order, target " + k);
            assertTrue(graph[k].isFinite());
        }
        // second order: ⟨∇loss, ∇loss⟩ differentiated both ways
        Tensor s = graph[0].square().sum().plus(graph[1].square().sum());
        DMatrixRMaj[] values2 = Autodiff.grad(s, targets);
        Tensor[] graph2 = Autodiff.gradGraph(s, targets);
        for (int k = 0; k < targets.length; k++) {
            FiniteDifferences.assertBitwiseEqual(values2[k], graph2[k].value(), seed, "second order, target " + k);
        }
    }

    @Test
    void deepGraphsAreTraversedIteratively() {
        // 200 001 nodes in one chain: a recursive traversal would overflow the stack
        Tensor x = Tensor.variable(1, 1, 0.5);
        Tensor y = x;
        int depth = 100_000;
        for (int k = 0; k < depth; k++) {
            y = y.plus(x).times(1.0);
        }
        assertEquals(depth + 1.0, Autodiff.grad(y, x)[0].get(0, 0), 0.0);
        Tensor g = Autodiff.gradGraph(y.square(), x)[0];
        // d/dx (101 001 x)² = 2·101 001² x, differentiated again: 2·101 001²
        assertEquals(2.0 * (depth + 1.0) * (depth + 1.0), Autodiff.grad(g, x)[0].get(0, 0), 0.0);
        assertTrue(g.requiresGrad());
    }
}
