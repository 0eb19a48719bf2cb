package org.metricflow.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.metricflow.core.testing.FiniteDifferences.checkFirstAndSecondOrder;
import static org.metricflow.core.testing.FiniteDifferences.uniform;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.FiniteDifferences;
import org.metricflow.core.testing.Seeds;

/**
 * Matrix products, transposes, reductions, broadcasting, slicing, gathers and concatenation: values
 * against direct computations (EJML or index loops) and first/second derivatives against central finite
 * differences. Linear operations are composed with a nonlinearity (square, sin, tanh) so that the second
 * derivative check is not trivially zero.
 */
class StructuralGradientTest {

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void matrixProductsAndTranspose(long seed) {
        Rng rng = Seeds.rng(seed);
        DMatrixRMaj a = uniform(rng, 3, 4, -1, 1);
        DMatrixRMaj b = uniform(rng, 4, 5, -1, 1);
        DMatrixRMaj at = uniform(rng, 4, 3, -1, 1);
        DMatrixRMaj bt = uniform(rng, 5, 4, -1, 1);

        DMatrixRMaj expected = new DMatrixRMaj(3, 5);
        CommonOps_DDRM.mult(a, b, expected);
        assertArrayEquals(expected.data, Tensor.constant(a).matmul(Tensor.constant(b)).value().data, 1e-15);
        CommonOps_DDRM.multTransA(at, b, expected);
        assertArrayEquals(expected.data, Tensor.constant(at).matmulTransA(Tensor.constant(b)).value().data, 1e-15);
        CommonOps_DDRM.multTransB(a, bt, expected);
        assertArrayEquals(expected.data, Tensor.constant(a).matmulTransB(Tensor.constant(bt)).value().data, 1e-15);

        checkFirstAndSecondOrder("matmul", seed, xs -> xs[0].matmul(xs[1]).square(), a, b);
        checkFirstAndSecondOrder("matmulTransA", seed, xs -> xs[0].matmulTransA(xs[1]).sin(), at, b);
        checkFirstAndSecondOrder("matmulTransB", seed, xs -> xs[0].matmulTransB(xs[1]).sin(), a, bt);
        // second-order terms through the transposed-product backward rules (all four flag combinations)
        checkFirstAndSecondOrder("matmul chain", seed,
                xs -> xs[0].matmul(xs[1]).tanh().matmulTransB(xs[2]).square(), a, b, uniform(rng, 2, 5, -1, 1));
        checkFirstAndSecondOrder("transpose", seed, xs -> xs[0].transpose().matmul(xs[0]).sin(), a);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void reductionsAndBroadcastTo(long seed) {
        Rng rng = Seeds.rng(seed);
        DMatrixRMaj x = uniform(rng, 3, 4, -1, 1);
        Tensor t = Tensor.constant(x);
        double total = 0;
        for (double v : x.data) {
            total += v;
        }
        Seeds.assertClose(total, t.sum().item(), 1e-15, 1e-15, seed, "sum");
        Seeds.assertClose(total / 12, t.mean().item(), 1e-15, 1e-15, seed, "mean");
        for (int i = 0; i < 3; i++) {
            double s = 0;
            for (int j = 0; j < 4; j++) {
                s += x.get(i, j);
            }
            Seeds.assertClose(s, t.sumRows().get(i, 0), 1e-15, 1e-15, seed, "sumRows");
            Seeds.assertClose(s / 4, t.meanRows().get(i, 0), 1e-15, 1e-15, seed, "meanRows");
        }
        for (int j = 0; j < 4; j++) {
            double s = 0;
            for (int i = 0; i < 3; i++) {
                s += x.get(i, j);
            }
            Seeds.assertClose(s, t.sumCols().get(0, j), 1e-15, 1e-15, seed, "sumCols");
            Seeds.assertClose(s / 3, t.meanCols().get(0, j), 1e-15, 1e-15, seed, "meanCols");
        }
        checkFirstAndSecondOrder("sum", seed, xs -> xs[0].square().sum().sin(), x);
        checkFirstAndSecondOrder("mean", seed, xs -> xs[0].sin().mean().square(), x);
        checkFirstAndSecondOrder("sumRows", seed, xs -> xs[0].sumRows().square(), x);
        checkFirstAndSecondOrder("sumCols", seed, xs -> xs[0].sumCols().sin(), x);
        checkFirstAndSecondOrder("meanRows", seed, xs -> xs[0].meanRows().square(), x);
        checkFirstAndSecondOrder("meanCols", seed, xs -> xs[0].meanCols().square(), x);
        checkFirstAndSecondOrder("broadcastTo rows", seed, xs -> xs[0].sumCols().broadcastTo(3, 4).times(xs[0]).sin(),
                x);
        checkFirstAndSecondOrder("broadcastTo cols", seed, xs -> xs[0].col(1).broadcastTo(3, 4).square(), x);
        checkFirstAndSecondOrder("sumToShape", seed, xs -> xs[0].square().sumToShape(3, 1).sin(), x);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void slicingGathersAndConcatenation(long seed) {
        Rng rng = Seeds.rng(seed);
        DMatrixRMaj x = uniform(rng, 4, 5, -1, 1);
        DMatrixRMaj y = uniform(rng, 4, 2, -1, 1);
        DMatrixRMaj z = uniform(rng, 3, 5, -1, 1);
        Tensor t = Tensor.constant(x);

        // values against index loops
        Tensor slice = t.cols(1, 4);
        Tensor gathered = t.selectCols(4, 0, 0, 2);
        Tensor rows = t.selectRows(3, 1, 3);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                Seeds.assertClose(x.get(i, j + 1), slice.get(i, j), 0, 0, seed, "cols");
            }
            int[] idx = {4, 0, 0, 2};
            for (int j = 0; j < idx.length; j++) {
                Seeds.assertClose(x.get(i, idx[j]), gathered.get(i, j), 0, 0, seed, "selectCols");
            }
        }
        int[] ridx = {3, 1, 3};
        for (int i = 0; i < ridx.length; i++) {
            for (int j = 0; j < 5; j++) {
                Seeds.assertClose(x.get(ridx[i], j), rows.get(i, j), 0, 0, seed, "selectRows");
            }
        }
        Tensor cc = Tensor.concatCols(t, Tensor.constant(y));
        Tensor cr = Tensor.concatRows(t, Tensor.constant(z));
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 7; j++) {
                double e = j < 5 ? x.get(i, j) : y.get(i, j - 5);
                Seeds.assertClose(e, cc.get(i, j), 0, 0, seed, "concatCols");
            }
        }
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 5; j++) {
                double e = i < 4 ? x.get(i, j) : z.get(i - 4, j);
                Seeds.assertClose(e, cr.get(i, j), 0, 0, seed, "concatRows");
            }
        }
        Tensor reshaped = t.reshape(2, 10);
        assertArrayEquals(x.data, reshaped.value().data, 0.0);

        // derivatives, including repeated indices (scatter-add must accumulate)
        checkFirstAndSecondOrder("cols", seed, xs -> xs[0].cols(1, 4).square(), x);
        checkFirstAndSecondOrder("col", seed, xs -> xs[0].col(2).times(xs[0]).sin(), x);
        checkFirstAndSecondOrder("selectCols", seed, xs -> xs[0].selectCols(4, 0, 0, 2).square(), x);
        checkFirstAndSecondOrder("rows", seed, xs -> xs[0].rows(1, 3).sin(), x);
        checkFirstAndSecondOrder("selectRows", seed, xs -> xs[0].selectRows(3, 1, 3).square(), x);
        checkFirstAndSecondOrder("concatCols", seed,
                xs -> Tensor.concatCols(xs[0], xs[1].square(), xs[0].col(0)).sin(), x, y);
        checkFirstAndSecondOrder("concatRows", seed, xs -> Tensor.concatRows(xs[0].square(), xs[1]).sin(), x, z);
        checkFirstAndSecondOrder("reshape", seed, xs -> xs[0].reshape(10, 2).matmul(xs[1].transpose()).square(), x,
                FiniteDifferences.uniform(rng, 3, 2, -1, 1));
    }
}
