package org.metricflow.geometry.complex;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.complex.Complex;
import org.metricflow.geometry.complex.internal.PolynomialKernel;
import org.metricflow.geometry.complex.internal.PolynomialParser;

/**
 * A polynomial Q(z) = Σ<sub>t</sub> c<sub>t</sub> Π<sub>j</sub> z<sub>j</sub><sup>e<sub>tj</sub></sup> with complex
 * coefficients c<sub>t</sub> in the variables z<sub>0</sub>, …, z<sub>m−1</sub> (the homogeneous coordinates of
 * CP<sup>m−1</sup>). Immutable.
 *
 * <p><b>Storage.</b> Monomials as an exponent table (term t, variable j) and coefficients as two double
 * arrays (real, imaginary); terms keep the order in which they first appear in the text, terms whose
 * coefficient cancels to exactly zero are dropped.
 *
 * <p><b>Batched evaluation.</b> All point arrays are flat and interleaved: N points in m variables are
 * {@code z[2(p·m + j)]} = Re z<sub>j</sub>, {@code z[2(p·m + j) + 1]} = Im z<sub>j</sub> of point p. Outputs use
 * the same interleaving:
 * <ul>
 *   <li>{@link #evaluate}: {@code out[2p], out[2p+1]} = Q(z<sub>p</sub>);</li>
 *   <li>{@link #gradient}: {@code out[2(p·m + j)] ..} = ∂Q/∂z<sub>j</sub> (holomorphic derivative);</li>
 *   <li>{@link #hessian}: {@code out[2((p·m + j)·m + k)] ..} = ∂²Q/∂z<sub>j</sub>∂z<sub>k</sub>.</li>
 * </ul>
 * No objects are created per point.
 *
 * <p><b>Text.</b> {@link #parse(String, Map)} reads expressions such as
 * {@code "z0^5+z1^5+z2^5+z3^5+z4^5 - 5*psi*z0*z1*z2*z3*z4"}: decimal numbers (with exponents), the imaginary
 * unit {@code i}, variables {@code z<k>}, named parameters, {@code + - * ^} (integer exponents) and
 * parentheses; products need an explicit {@code *}. {@link #toString()} prints a form that parses back to an
 * equal polynomial (coefficients are printed with {@link Double#toString(double)}, which round-trips).
 */
public final class Polynomial {
    private final int variables;
    private final int[] exponents;
    private final double[] coefRe;
    private final double[] coefIm;
    private final PolynomialKernel kernel;

    private Polynomial(int variables, int[] exponents, double[] coefRe, double[] coefIm) {
        this.variables = variables;
        this.exponents = exponents;
        this.coefRe = coefRe;
        this.coefIm = coefIm;
        this.kernel = new PolynomialKernel(variables, exponents, coefRe, coefIm);
    }

    /**
     * A polynomial from its monomials.
     *
     * @param variables m ≥ 1
     * @param exponents one row of m non-negative exponents per term
     * @param coefRe real parts of the coefficients, one per term
     * @param coefIm imaginary parts of the coefficients, one per term
     * @throws IllegalArgumentException on mismatched lengths, negative exponents or non-finite coefficients
     */
    public static Polynomial of(int variables, int[][] exponents, double[] coefRe, double[] coefIm) {
        if (variables < 1) {
            throw new IllegalArgumentException("a polynomial needs at least 1 variable, got " + variables);
        }
        int n = exponents.length;
        if (coefRe.length != n || coefIm.length != n) {
            throw new IllegalArgumentException("need one coefficient per monomial: " + n + " monomials but "
                    + coefRe.length + " real and " + coefIm.length + " imaginary parts");
        }
        LinkedHashMap<String, double[]> merged = new LinkedHashMap<>();
        Map<String, int[]> keys = new HashMap<>();
        for (int t = 0; t < n; t++) {
            if (exponents[t].length != variables) {
                throw new IllegalArgumentException("monomial " + t + " has " + exponents[t].length
                        + " exponents but the polynomial has " + variables + " variables");
            }
            for (int e : exponents[t]) {
                if (e < 0) {
                    throw new IllegalArgumentException("monomial " + t + " has a negative exponent "
                            + Arrays.toString(exponents[t]));
                }
            }
            if (!Double.isFinite(coefRe[t]) || !Double.isFinite(coefIm[t])) {
                throw new IllegalArgumentException("coefficient " + t + " is not finite: " + coefRe[t] + " + "
                        + coefIm[t] + "i");
            }
            String k = Arrays.toString(exponents[t]);
            keys.putIfAbsent(k, exponents[t].clone());
            double[] c = merged.computeIfAbsent(k, x -> new double[2]);
            c[0] += coefRe[t];
            c[1] += coefIm[t];
        }
        merged.values().removeIf(c -> c[0] == 0.0 && c[1] == 0.0);
        int terms = merged.size();
        int[] flat = new int[terms * variables];
        double[] re = new double[terms];
        double[] im = new double[terms];
        int t = 0;
        for (Map.Entry<String, double[]> en : merged.entrySet()) {
            System.arraycopy(keys.get(en.getKey()), 0, flat, t * variables, variables);
            re[t] = en.getValue()[0];
            im[t] = en.getValue()[1];
            t++;
        }
        return new Polynomial(variables, flat, re, im);
    }

    /**
     * {@link #parse(String, Map)} without parameters.
     */
    public static Polynomial parse(String text) {
        return parse(text, Collections.emptyMap(), -1);
    }

    /**
     * Parses a polynomial; the number of variables is (largest index k of a {@code z<k>} in the text) + 1.
     *
     * @param params values of named parameters: each a {@link Number} (real) or a Commons Math
     *               {@link Complex}
     * @return a polynomial; the number of variables is (largest index k of a {@code z<k>} in the text) + 1
     * @throws IllegalArgumentException naming the 1-based column and what was expected, e.g.
     *         {@code "column 12: expected a variable z<k>, a number or '(' but found '*'"}
     */
    public static Polynomial parse(String text, Map<String, ?> params) {
        return parse(text, params, -1);
    }

    /**
     * Parses a polynomial in exactly {@code variables} variables (z0..z<sub>variables−1</sub>; a higher index is
     * an error naming its column). Pass −1 to infer the count from the text.
     *
     * @return a polynomial in exactly {@code variables} variables (z0..z<sub>variables−1</sub>; a higher index is an
     *     error naming its column)
     */
    public static Polynomial parse(String text, Map<String, ?> params, int variables) {
        if (params == null) {
            throw new IllegalArgumentException("params is null; pass Map.of() when there are no parameters");
        }
        Map<String, double[]> values = new HashMap<>();
        for (Map.Entry<String, ?> en : params.entrySet()) {
            Object v = en.getValue();
            double re;
            double im;
            if (v instanceof Complex) {
                re = ((Complex) v).getReal();
                im = ((Complex) v).getImaginary();
            } else if (v instanceof Number) {
                re = ((Number) v).doubleValue();
                im = 0.0;
            } else {
                throw new IllegalArgumentException("parameter '" + en.getKey() + "' has value " + v
                        + " of unsupported type; give a Number or an org.apache.commons.math3.complex.Complex");
            }
            if (!Double.isFinite(re) || !Double.isFinite(im)) {
                throw new IllegalArgumentException("parameter '" + en.getKey() + "' is not finite: " + v);
            }
            values.put(en.getKey(), new double[] {re, im});
        }
        PolynomialParser.Result r = PolynomialParser.parse(text, values, variables);
        return new Polynomial(r.variables, r.exponents, r.coefRe, r.coefIm);
    }

    /**
     * Number of variables m (the polynomial lives on C<sup>m</sup>, or CP<sup>m−1</sup> if homogeneous).
     */
    public int variables() {
        return variables;
    }

    /**
     * Number of monomials with nonzero coefficient.
     */
    public int terms() {
        return coefRe.length;
    }

    /**
     * Exponent of z<sub>variable</sub> in monomial {@code term}.
     */
    public int exponent(int term, int variable) {
        return exponents[term * variables + variable];
    }

    /**
     * A copy of the exponents of monomial {@code term}.
     */
    public int[] monomial(int term) {
        return Arrays.copyOfRange(exponents, term * variables, (term + 1) * variables);
    }

    /**
     * Real part of the coefficient of monomial {@code term}.
     */
    public double coefficientRe(int term) {
        return coefRe[term];
    }

    /**
     * Imaginary part of the coefficient of monomial {@code term}.
     */
    public double coefficientIm(int term) {
        return coefIm[term];
    }

    /**
     * The coefficient of monomial {@code term}.
     */
    public Complex coefficient(int term) {
        return new Complex(coefRe[term], coefIm[term]);
    }

    /**
     * ‖c‖ = (Σ<sub>t</sub> |c<sub>t</sub>|²)<sup>1/2</sup>, the coefficient norm used for relative residuals.
     */
    public double coefficientNorm() {
        double s = 0.0;
        for (int t = 0; t < coefRe.length; t++) {
            s += coefRe[t] * coefRe[t] + coefIm[t] * coefIm[t];
        }
        return Math.sqrt(s);
    }

    /**
     * The total degree of monomial {@code term}.
     */
    public int termDegree(int term) {
        int d = 0;
        for (int j = 0; j < variables; j++) {
            d += exponents[term * variables + j];
        }
        return d;
    }

    /**
     * The largest total degree of a monomial (0 for the zero polynomial).
     */
    public int degree() {
        return kernel.degree();
    }

    /**
     * True if every monomial has total degree {@link #degree()}.
     */
    public boolean isHomogeneous() {
        return firstInhomogeneousTerm() < 0;
    }

    /**
     * Throws unless the polynomial is homogeneous, naming the first monomial whose degree differs.
     *
     * @return this polynomial
     * @throws IllegalArgumentException e.g. "not homogeneous: monomial z0^2*z1 has degree 3 but the polynomial
     *         has degree 5"
     */
    public Polynomial requireHomogeneous() {
        int t = firstInhomogeneousTerm();
        if (t >= 0) {
            throw new IllegalArgumentException("not homogeneous: monomial " + monomialText(t) + " has degree "
                    + termDegree(t) + " but the polynomial has degree " + degree()
                    + "; every monomial of a polynomial on CP^n must have the same degree");
        }
        return this;
    }

    private int firstInhomogeneousTerm() {
        int d = degree();
        for (int t = 0; t < terms(); t++) {
            if (termDegree(t) != d) {
                return t;
            }
        }
        return -1;
    }

    /**
     * The same polynomial regarded as one in {@code newVariables} ≥ {@link #variables()} variables.
     */
    public Polynomial withVariables(int newVariables) {
        if (newVariables < variables) {
            for (int t = 0; t < terms(); t++) {
                for (int j = newVariables; j < variables; j++) {
                    if (exponent(t, j) != 0) {
                        throw new IllegalArgumentException("monomial " + monomialText(t) + " uses z" + j
                                + ", which does not exist among " + newVariables + " variables z0..z"
                                + (newVariables - 1));
                    }
                }
            }
        }
        int[] flat = new int[terms() * newVariables];
        for (int t = 0; t < terms(); t++) {
            System.arraycopy(exponents, t * variables, flat, t * newVariables, Math.min(variables, newVariables));
        }
        return new Polynomial(newVariables, flat, coefRe.clone(), coefIm.clone());
    }

    /** The compiled evaluation kernel (for the samplers in this package and its internals). */
    PolynomialKernel kernel() {
        return kernel;
    }

    private void checkBatch(double[] z, int count, double[] out, int outPerPoint, String what) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (z.length < 2L * count * variables) {
            throw new IllegalArgumentException("z holds " + z.length + " doubles but " + count + " points in "
                    + variables + " complex variables need " + 2L * count * variables);
        }
        if (out.length < (long) outPerPoint * count) {
            throw new IllegalArgumentException(what + " array holds " + out.length + " doubles but needs "
                    + (long) outPerPoint * count);
        }
    }

    /**
     * Q(z<sub>p</sub>) for p &lt; count into {@code out[2p], out[2p+1]} (layout in the class comment).
     */
    public void evaluate(double[] z, int count, double[] out) {
        checkBatch(z, count, out, 2, "out");
        double[] w = new double[kernel.workspaceSize()];
        for (int p = 0; p < count; p++) {
            kernel.value(z, 2 * p * variables, out, 2 * p, w);
        }
    }

    /**
     * ∂Q/∂z<sub>j</sub>(z<sub>p</sub>) into {@code out[2(p·m + j)], out[2(p·m + j) + 1]}.
     */
    public void gradient(double[] z, int count, double[] out) {
        checkBatch(z, count, out, 2 * variables, "out");
        double[] w = new double[kernel.workspaceSize()];
        double[] v = new double[2];
        for (int p = 0; p < count; p++) {
            kernel.valueAndGradient(z, 2 * p * variables, v, 0, out, 2 * p * variables, w);
        }
    }

    /**
     * Q and its gradient in one pass: values as in {@link #evaluate}, gradients as in {@link #gradient}.
     */
    public void evaluateWithGradient(double[] z, int count, double[] values, double[] gradients) {
        checkBatch(z, count, values, 2, "values");
        checkBatch(z, count, gradients, 2 * variables, "gradients");
        double[] w = new double[kernel.workspaceSize()];
        for (int p = 0; p < count; p++) {
            kernel.valueAndGradient(z, 2 * p * variables, values, 2 * p, gradients, 2 * p * variables, w);
        }
    }

    /**
     * ∂²Q/∂z<sub>j</sub>∂z<sub>k</sub>(z<sub>p</sub>) into {@code out[2((p·m + j)·m + k)] ..}.
     */
    public void hessian(double[] z, int count, double[] out) {
        checkBatch(z, count, out, 2 * variables * variables, "out");
        double[] w = new double[kernel.workspaceSize()];
        for (int p = 0; p < count; p++) {
            kernel.hessian(z, 2 * p * variables, out, 2 * p * variables * variables, w);
        }
    }

    /**
     * Q at one point given as a Commons Math array (convenience; not for hot loops).
     */
    public Complex evaluate(Complex... z) {
        if (z.length != variables) {
            throw new IllegalArgumentException("need " + variables + " coordinates, got " + z.length);
        }
        double[] flat = new double[2 * variables];
        for (int j = 0; j < variables; j++) {
            flat[2 * j] = z[j].getReal();
            flat[2 * j + 1] = z[j].getImaginary();
        }
        double[] out = new double[2];
        evaluate(flat, 1, out);
        return new Complex(out[0], out[1]);
    }

    private String monomialText(int t) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < variables; j++) {
            int e = exponent(t, j);
            if (e == 0) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('*');
            }
            sb.append('z').append(j);
            if (e > 1) {
                sb.append('^').append(e);
            }
        }
        return sb.length() == 0 ? "1" : sb.toString();
    }

    /**
     * A parseable text form, e.g. {@code "z0^5 + z1^5 - 5.0*z0*z1*z2"} or {@code "(1.5 - 2.0*i)*z0^2"}; for any
     * polynomial p, {@code Polynomial.parse(p.toString(), Map.of(), p.variables()).equals(p)}.
     */
    @Override
    public String toString() {
        if (terms() == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < terms(); t++) {
            double re = coefRe[t];
            double im = coefIm[t];
            boolean negative;
            String coef;
            if (im == 0.0) {
                negative = re < 0 || (re == 0.0 && 1.0 / re < 0);
                double a = Math.abs(re);
                coef = a == 1.0 ? "" : Double.toString(a);
            } else if (re == 0.0) {
                negative = im < 0;
                double a = Math.abs(im);
                coef = a == 1.0 ? "i" : Double.toString(a) + "*i";
            } else {
                negative = false;
                coef = "(" + re + (im < 0 ? " - " : " + ") + Math.abs(im) + "*i)";
            }
            String mono = monomialText(t);
            boolean constant = mono.equals("1");
            String body;
            if (coef.isEmpty()) {
                body = constant ? "1" : mono;
            } else {
                body = constant ? coef : coef + "*" + mono;
            }
            if (t == 0) {
                sb.append(negative ? "-" : "").append(body);
            } else {
                sb.append(negative ? " - " : " + ").append(body);
            }
        }
        return sb.toString();
    }

    /** Equal if same number of variables and the same monomials with bit-identical coefficients (any order). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Polynomial)) {
            return false;
        }
        Polynomial p = (Polynomial) o;
        return variables == p.variables && termMap().equals(p.termMap());
    }

    @Override
    public int hashCode() {
        return 31 * variables + termMap().hashCode();
    }

    private Map<String, String> termMap() {
        Map<String, String> m = new HashMap<>();
        for (int t = 0; t < terms(); t++) {
            m.put(Arrays.toString(monomial(t)), Double.doubleToLongBits(coefRe[t] + 0.0) + ","
                    + Double.doubleToLongBits(coefIm[t] + 0.0));
        }
        return m;
    }
}
