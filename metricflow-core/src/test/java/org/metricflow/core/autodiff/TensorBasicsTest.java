package org.metricflow.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Erf;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.metricflow.core.autodiff.internal.SpecialFunctions;

/** Factories, accessors, aliasing rules, finiteness checks and the special-function kernels. */
class TensorBasicsTest {

    @Test
    void factoriesCopyTheirInputAndVariablesAreLive() {
        DMatrixRMaj m = new DMatrixRMaj(2, 2, true, 1, 2, 3, 4);
        Tensor c = Tensor.constant(m);
        Tensor v = Tensor.variable(m);
        m.data[0] = 100;
        assertEquals(1, c.get(0, 0), 0.0);
        assertEquals(1, v.get(0, 0), 0.0);
        assertTrue(v.isVariable());
        assertTrue(v.requiresGrad());
        assertFalse(c.isVariable());
        assertFalse(c.requiresGrad());
        assertTrue(c.plus(v).requiresGrad());
        // optimizers update the live matrix of a variable; recomputing sees the new value
        v.value().data[0] = 5;
        assertEquals(5 * 5 + 4 + 9 + 16, v.square().sum().item(), 0.0);
        assertArrayEquals(new double[] {1, 2, 3, 4}, Tensor.constant(new double[][] {{1, 2}, {3, 4}}).value().data, 0);
        assertArrayEquals(new double[] {1, 0, 0, 1}, Tensor.eye(2).value().data, 0);
        assertArrayEquals(new double[] {1, 0, 0, 1, 1, 0, 0, 1}, Tensor.batchEye(2, 2).value().data, 0);
        assertArrayEquals(new double[] {7, 7}, Tensor.full(1, 2, 7).value().data, 0);
        assertEquals(3.5, Tensor.scalar(3.5).item(), 0);
        assertEquals(2, Tensor.ones(2, 3).rows());
        assertEquals(3, Tensor.zeros(2, 3).cols());
        assertEquals(2, Tensor.zeros(4, 4).matrixSide());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 2).item());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.constant(new double[][] {{1, 2}, {3}}));
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 2).get(2, 0));
        Tensor same = Tensor.zeros(2, 3);
        assertSame(same, same.broadcastTo(2, 3));
        assertSame(same, same.sumToShape(2, 3));
    }

    @Test
    void finitenessChecks() {
        Tensor ok = Tensor.constant(1, 3, 1, 2, 3);
        assertTrue(ok.isFinite());
        assertSame(ok, ok.requireFinite("loss"));
        Tensor bad = Tensor.constant(2, 2, 1, 0, -1, 4).log();
        assertFalse(bad.isFinite());
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> bad.requireFinite("metric"));
        assertTrue(e.getMessage().startsWith("metric: non-finite value -Infinity at (0, 1) of a 2×2 tensor"),
                e.getMessage());
        assertFalse(Tensor.constant(1, 1, 1).div(0.0).isFinite());
    }

    @Test
    void erfMatchesCommonsMathEverywhere() {
        // Commons Math computes erf from the regularized incomplete gamma function (a different algorithm);
        // both are accurate to a few ulps, so 2e-15 absolute on |erf| ≤ 1 leaves room for rounding only.
        for (int k = -8000; k <= 8000; k++) {
            double x = k * 1e-3;
            assertEquals(Erf.erf(x), SpecialFunctions.erf(x), 2e-15, "erf(" + x + ")");
            assertEquals(-SpecialFunctions.erf(x), SpecialFunctions.erf(-x), 0.0, "odd");
        }
        assertEquals(1.0, SpecialFunctions.erf(40), 0.0);
        assertTrue(Double.isNaN(SpecialFunctions.erf(Double.NaN)));
        // a published value: erf(1) = 0.8427007929497148693...; within two ulps (ulp = 1.1e-16 here)
        assertEquals(0.8427007929497148693, SpecialFunctions.erf(1.0), 2.3e-16);
    }

    @Test
    void normalCdfAndDensityAgainstPublishedValuesAndErf() {
        // published values of Φ (Abramowitz–Stegun table 26.1 and its tails), to 1e-14 relative: Commons Math's erfc
        // is accurate to ≈ 1e-14 relative, and Φ is computed without cancellation even at −10
        double[][] published = {{-10, 7.619853024160527e-24}, {-5, 2.866515718791939e-07},
            {-1.96, 0.024997895148220435}, {0, 0.5}, {1, 0.8413447460685429}, {3, 0.9986501019683699}};
        for (double[] xp : published) {
            assertEquals(xp[1], SpecialFunctions.normalCdf(xp[0]), 1e-14 * xp[1], "Φ(" + xp[0] + ")");
        }
        for (int k = -600; k <= 600; k++) {
            double x = k * 1e-2;
            // Φ(x) = (1 + erf(x/√2))/2 and erfc = 1 − erf: erf (series, ≈ 1 ulp) and erfc (Commons Math, measured
            // ≤ 5e-15 relative) are different algorithms, so 1e-14 absolute on O(1) numbers
            assertEquals(0.5 * (1.0 + SpecialFunctions.erf(x / Math.sqrt(2.0))), SpecialFunctions.normalCdf(x),
                    1e-14, "Φ(" + x + ") vs erf");
            assertEquals(1.0 - SpecialFunctions.erf(x), SpecialFunctions.erfc(x), 1e-14, "erfc(" + x + ")");
            assertEquals(Math.exp(-0.5 * x * x) * 0.3989422804014327, SpecialFunctions.normalPdf(x), 1e-16,
                    "φ(" + x + ")");
        }
    }

    @Test
    void activationValuesAgainstClosedForms() {
        double[] xs = {-5, -1.3, -0.2, 0, 0.7, 2.4, 9};
        Tensor x = Tensor.constant(1, xs.length, xs);
        double[] gelu = x.gelu().value().data;
        double[] sp = x.softplus().value().data;
        double[] sg = x.sigmoid().value().data;
        double[] relu = x.relu().value().data;
        double[] abs = x.abs().value().data;
        for (int i = 0; i < xs.length; i++) {
            double v = xs[i];
            assertEquals(v * 0.5 * (1 + Erf.erf(v / Math.sqrt(2))), gelu[i], 1e-15, "gelu");
            assertEquals(Math.log(1 + Math.exp(v)), sp[i], 1e-15, "softplus");
            assertEquals(1 / (1 + Math.exp(-v)), sg[i], 1e-15, "sigmoid");
            assertEquals(Math.max(v, 0), relu[i], 0, "relu");
            assertEquals(Math.abs(v), abs[i], 0, "abs");
        }
        // GELU(1) = Φ(1) = 0.841344746068542948...
        assertEquals(0.8413447460685429, Tensor.scalar(1).gelu().item(), 1e-16);
        // no overflow in the stable forms
        assertEquals(800, Tensor.scalar(800).softplus().item(), 0);
        assertEquals(0, Tensor.scalar(-800).sigmoid().item(), 0);
        // the kinks: derivative 0 at exactly 0
        Tensor z = Tensor.variable(1, 2, 0, 0);
        assertArrayEquals(new double[] {0, 0}, Autodiff.grad(z.relu().plus(z.abs()).sum(), z)[0].data, 0);
    }
}
