package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.math3.complex.Complex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class PolynomialTest {

    /** A random polynomial with 1..6 terms in m variables with random complex coefficients. */
    static Polynomial randomPolynomial(Rng rng, int m, int maxExp, boolean homogeneous, int degree) {
        int terms = 1 + rng.nextInt(6);
        int[][] e = new int[terms][m];
        double[] re = new double[terms];
        double[] im = new double[terms];
        for (int t = 0; t < terms; t++) {
            if (homogeneous) {
                for (int r = 0; r < degree; r++) {
                    e[t][rng.nextInt(m)]++;
                }
            } else {
                for (int j = 0; j < m; j++) {
                    e[t][j] = rng.nextInt(maxExp + 1);
                }
            }
            re[t] = rng.nextGaussian();
            im[t] = rng.nextInt(3) == 0 ? 0.0 : rng.nextGaussian();
        }
        return Polynomial.of(m, e, re, im);
    }

    @Test
    void parsesTheDworkQuinticWithAParameter() {
        Polynomial q = Polynomial.parse("z0^5+z1^5+z2^5+z3^5+z4^5 - 5*psi*z0*z1*z2*z3*z4", Map.of("psi", 0.5));
        assertEquals(5, q.variables());
        assertEquals(6, q.terms());
        assertEquals(5, q.degree());
        assertTrue(q.isHomogeneous());
        // value at z = (1, 1, 1, 1, 1): 5 − 5·0.5 = 2.5 (hand computation)
        Complex v = q.evaluate(Complex.ONE, Complex.ONE, Complex.ONE, Complex.ONE, Complex.ONE);
        assertEquals(2.5, v.getReal(), 1e-15);
        assertEquals(0.0, v.getImaginary(), 1e-15);
    }

    @Test
    void parsesNumbersImaginaryUnitComplexParametersAndParentheses() {
        Polynomial q = Polynomial.parse("(z0 + i*z1)^2 - 1.5e-1*z2^2 + .5*a*z0*z2 + 2.*z1^2",
                Map.of("a", new Complex(0, 2)));
        // expanded by hand: z0^2 + 2i z0 z1 - z1^2 - 0.15 z2^2 + i z0 z2 + 2 z1^2
        Polynomial expected = Polynomial.of(3, new int[][] {{2, 0, 0}, {1, 1, 0}, {0, 2, 0}, {0, 0, 2}, {1, 0, 1}},
                new double[] {1, 0, 1, -0.15, 0}, new double[] {0, 2, 0, 0, 1});
        assertEquals(expected, q);
    }

    @Test
    void unaryMinusBindsLooserThanPower() {
        assertEquals(Polynomial.of(1, new int[][] {{2}}, new double[] {-1}, new double[] {0}), Polynomial.parse("-z0^2"));
        assertEquals(Polynomial.of(2, new int[][] {{1, 1}}, new double[] {-3}, new double[] {0}),
                Polynomial.parse("z0*-3*z1"));
    }

    @Test
    void cancellingTermsAreDropped() {
        Polynomial q = Polynomial.parse("z0*z1 - z1*z0 + z2");
        assertEquals(1, q.terms());
        assertEquals("z2", q.toString());
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#many")
    void printThenParseRoundTrips(long seed) {
        Rng rng = Seeds.rng(seed);
        int m = 1 + rng.nextInt(5);
        Polynomial p = randomPolynomial(rng, m, 4, false, 0);
        Polynomial back = Polynomial.parse(p.toString(), Map.of(), m);
        assertEquals(p, back, "round trip of " + p + " [seed=" + seed + "]");
    }

    @Test
    void parseErrorsNameTheColumnAndWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Polynomial.parse("z0^5+z1^5+*z2"));
        assertEquals("column 11: expected a variable z<k>, a number or '(' but found '*'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Polynomial.parse("z0^2.5"));
        assertTrue(e.getMessage().startsWith("column 4: expected a non-negative integer exponent"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Polynomial.parse("(z0+z1"));
        assertTrue(e.getMessage().startsWith("column 7: expected ')' to close the '(' at column 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Polynomial.parse("z0 z1"));
        assertTrue(e.getMessage().startsWith("column 4: expected '+', '-', '*', '^' or end of input"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Polynomial.parse("z0 - 5*psi*z1"));
        assertTrue(e.getMessage().startsWith("column 8: unknown name 'psi'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Polynomial.parse("z0 # z1"));
        assertTrue(e.getMessage().startsWith("column 4: unexpected character '#'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Polynomial.parse("z0+z7", Map.of(), 3));
        assertTrue(e.getMessage().startsWith("column 4: variable z7 is out of range"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Polynomial.parse("z0+"));
        assertEquals("column 4: expected a variable z<k>, a number or '(' but found end of input", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Polynomial.parse("z0", Map.of("p", "x")));
        assertTrue(e.getMessage().contains("'p'"), e.getMessage());
    }

    @Test
    void homogeneityErrorNamesTheMonomial() {
        Polynomial q = Polynomial.parse("z0^5 + z1^5 + z0^2*z1");
        assertFalse(q.isHomogeneous());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, q::requireHomogeneous);
        assertTrue(e.getMessage().contains("monomial z0^2*z1 has degree 3 but the polynomial has degree 5"),
                e.getMessage());
    }

    /**
     * Value, gradient and Hessian against central finite differences along the real axis of each variable
     * (for holomorphic f, ∂f/∂z_j = ∂f/∂x_j). Step h = 1e-5 for the first derivative of a degree ≤ 4 polynomial on
     * |z| ≲ 1: truncation error ~h²·|f'''| ~ 1e-9, rounding ~1e-16/h ~ 1e-11, so 1e-7 relative to the scale is safe;
     * the Hessian is differenced from the analytic gradient with the same step.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void gradientAndHessianMatchFiniteDifferences(long seed) {
        Rng rng = Seeds.rng(seed);
        int m = 1 + rng.nextInt(4);
        Polynomial q = randomPolynomial(rng, m, 4, false, 0);
        int count = 3;
        double[] z = new double[2 * count * m];
        rng.fillGaussian(z, 0.6);
        double[] val = new double[2 * count];
        double[] grad = new double[2 * count * m];
        double[] hess = new double[2 * count * m * m];
        q.evaluateWithGradient(z, count, val, grad);
        q.hessian(z, count, hess);
        double[] val2 = new double[2 * count];
        q.evaluate(z, count, val2);
        Seeds.assertAllClose(val2, val, 0, 0, seed, "value from evaluate vs evaluateWithGradient");
        double h = 1e-5;
        double scale = 0;
        for (int t = 0; t < q.terms(); t++) {
            scale += Math.hypot(q.coefficientRe(t), q.coefficientIm(t));
        }
        for (int p = 0; p < count; p++) {
            // value against a direct product evaluation
            double vr = 0;
            double vi = 0;
            for (int t = 0; t < q.terms(); t++) {
                Complex c = q.coefficient(t);
                for (int j = 0; j < m; j++) {
                    c = c.multiply(new Complex(z[2 * (p * m + j)], z[2 * (p * m + j) + 1]).pow(q.exponent(t, j)));
                }
                vr += c.getReal();
                vi += c.getImaginary();
            }
            Seeds.assertClose(vr, val[2 * p], 1e-12, 1e-12 * scale, seed, "Re Q");
            Seeds.assertClose(vi, val[2 * p + 1], 1e-12, 1e-12 * scale, seed, "Im Q");
            for (int j = 0; j < m; j++) {
                double[] zp = z.clone();
                double[] zm = z.clone();
                zp[2 * (p * m + j)] += h;
                zm[2 * (p * m + j)] -= h;
                double[] vp = new double[2 * count];
                double[] vm = new double[2 * count];
                double[] gp = new double[2 * count * m];
                double[] gm = new double[2 * count * m];
                q.evaluateWithGradient(zp, count, vp, gp);
                q.evaluateWithGradient(zm, count, vm, gm);
                double tol = 1e-7 * scale * 10;
                Seeds.assertClose((vp[2 * p] - vm[2 * p]) / (2 * h), grad[2 * (p * m + j)], 0, tol, seed, "Re dQ/dz" + j);
                Seeds.assertClose((vp[2 * p + 1] - vm[2 * p + 1]) / (2 * h), grad[2 * (p * m + j) + 1], 0, tol, seed,
                        "Im dQ/dz" + j);
                // imaginary direction: ∂f/∂y_j = i ∂f/∂z_j
                double[] zpi = z.clone();
                double[] zmi = z.clone();
                zpi[2 * (p * m + j) + 1] += h;
                zmi[2 * (p * m + j) + 1] -= h;
                double[] vpi = new double[2 * count];
                double[] vmi = new double[2 * count];
                q.evaluate(zpi, count, vpi);
                q.evaluate(zmi, count, vmi);
                Seeds.assertClose(-grad[2 * (p * m + j) + 1], (vpi[2 * p] - vmi[2 * p]) / (2 * h), 0, tol, seed,
                        "Cauchy-Riemann Re");
                for (int k = 0; k < m; k++) {
                    int at = 2 * ((p * m + j) * m + k);
                    Seeds.assertClose((gp[2 * (p * m + k)] - gm[2 * (p * m + k)]) / (2 * h), hess[at], 0, tol * 10, seed,
                            "Re d2Q/dz" + j + "dz" + k);
                    Seeds.assertClose((gp[2 * (p * m + k) + 1] - gm[2 * (p * m + k) + 1]) / (2 * h), hess[at + 1], 0,
                            tol * 10, seed, "Im d2Q/dz" + j + "dz" + k);
                }
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void eulerIdentityForHomogeneousPolynomials(long seed) {
        // Σ z_j ∂Q/∂z_j = deg·Q and Σ_k H_jk z_k = (deg − 1) ∂_jQ: an independent algebraic check
        Rng rng = Seeds.rng(seed);
        int m = 2 + rng.nextInt(4);
        int deg = 1 + rng.nextInt(6);
        Polynomial q = randomPolynomial(rng, m, 0, true, deg);
        assertTrue(q.isHomogeneous());
        double[] z = new double[2 * m];
        rng.fillGaussian(z, 0.7);
        double[] v = new double[2];
        double[] g = new double[2 * m];
        double[] h = new double[2 * m * m];
        q.evaluateWithGradient(z, 1, v, g);
        q.hessian(z, 1, h);
        double sr = 0;
        double si = 0;
        for (int j = 0; j < m; j++) {
            sr += z[2 * j] * g[2 * j] - z[2 * j + 1] * g[2 * j + 1];
            si += z[2 * j] * g[2 * j + 1] + z[2 * j + 1] * g[2 * j];
            double hr = 0;
            double hi = 0;
            for (int k = 0; k < m; k++) {
                hr += h[2 * (j * m + k)] * z[2 * k] - h[2 * (j * m + k) + 1] * z[2 * k + 1];
                hi += h[2 * (j * m + k)] * z[2 * k + 1] + h[2 * (j * m + k) + 1] * z[2 * k];
            }
            double tolH = 1e-12 * (1 + Math.hypot(g[2 * j], g[2 * j + 1])) * 10;
            Seeds.assertClose((deg - 1) * g[2 * j], hr, 1e-12, tolH, seed, "Euler on Hessian, re");
            Seeds.assertClose((deg - 1) * g[2 * j + 1], hi, 1e-12, tolH, seed, "Euler on Hessian, im");
        }
        double tol = 1e-12 * (1 + Math.hypot(v[0], v[1])) * 10;
        Seeds.assertClose(deg * v[0], sr, 1e-12, tol, seed, "Euler re");
        Seeds.assertClose(deg * v[1], si, 1e-12, tol, seed, "Euler im");
    }

    @Test
    void batchSizeIsValidated() {
        Polynomial q = Polynomial.parse("z0^2+z1^2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> q.evaluate(new double[3], 1, new double[2]));
        assertTrue(e.getMessage().contains("need 4"), e.getMessage());
    }
}
