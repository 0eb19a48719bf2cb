package org.metricflow.geometry.algebraic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metricflow.geometry.complex.Polynomial;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * A monomial basis s<sub>0</sub>, …, s<sub>N−1</sub> of the holomorphic sections H<sup>0</sup>(X, O(k)) of a
 * projective variety X ⊂ CP<sup>n</sup> (or of CP<sup>n</sup> itself), evaluated in batches.
 *
 * <h2>Which monomials</h2>
 * For a projectively normal complete intersection X = {Q<sub>1</sub> = … = Q<sub>r</sub> = 0} (every smooth one is)
 * H<sup>0</sup>(X, O(k)) = C[z<sub>0</sub>..z<sub>n</sub>]<sub>k</sub> / (Q<sub>1</sub>, …, Q<sub>r</sub>)<sub>k</sub>.
 * Order monomials lexicographically (z<sub>0</sub> &gt; z<sub>1</sub> &gt; … ) and let LM(Q) be the largest monomial of
 * Q with a nonzero coefficient (for the Fermat and Dwork quintics LM = z<sub>0</sub><sup>5</sup>). If the leading
 * monomials of the equations are pairwise coprime (always true for one equation) the equations form a Gröbner
 * basis (Buchberger's first criterion), and the degree-k monomials divisible by no LM(Q<sub>r</sub>) (the
 * <em>standard monomials</em>) project to a basis of the quotient. So the basis is: all monomials
 * z<sup>e</sup> = Π z<sub>j</sub><sup>e<sub>j</sub></sup> with |e| = k not divisible by any leading monomial, in
 * lexicographic order (largest first; for k = 1 this is z<sub>0</sub>, …, z<sub>n</sub>). For a hypersurface of
 * degree q the count is the Hilbert function N<sub>k</sub> = C(n+k, n) − C(n+k−q, n) (quintic:
 * C(k+4, 4) − C(k−1, 4) = 5, 15, 35, 70, 125, 205 for k = 1..6); {@link #hilbertFunction} gives it for any
 * complete intersection.
 *
 * <h2>Batched evaluation</h2>
 * Points are homogeneous coordinates (flat, interleaved: z<sub>j</sub> of point p at {@code [2(p·m + j)]}, m = n+1,
 * as in {@link org.metricflow.geometry.complex.PointSet}). Values s<sub>α</sub>(z<sub>p</sub>) go to
 * {@code [2(p·N + α)]} (re) and {@code +1} (im), holomorphic derivatives ∂s<sub>α</sub>/∂z<sub>j</sub> =
 * e<sub>αj</sub> z<sup>e<sub>α</sub> − 1<sub>j</sub></sup> to {@code [2((p·N + α)·m + j)]}.
 */
public final class SectionBasis {
    private final int m;
    private final int k;
    private final int count;
    private final int[] exponents; // count × m, row-major
    private final int[][] leading;

    private SectionBasis(int m, int k, int[] exponents, int[][] leading) {
        this.m = m;
        this.k = k;
        this.count = exponents.length / m;
        this.exponents = exponents;
        this.leading = leading;
    }

    /**
     * The monomial basis of H<sup>0</sup>(X, O(k)) described in the class comment.
     *
     * @throws IllegalArgumentException if k &lt; 1, or if X is a complete intersection whose equations' leading
     *         monomials are not pairwise coprime (the standard monomials would then not be a basis)
     */
    public static SectionBasis of(ProjectiveVariety variety, int k) {
        requireDegree(k);
        int m = variety.ambientDimension() + 1;
        List<Polynomial> eqs = variety.equations();
        int[][] lead = new int[eqs.size()][];
        for (int r = 0; r < lead.length; r++) {
            lead[r] = leadingMonomial(eqs.get(r), m);
        }
        for (int r = 0; r < lead.length; r++) {
            for (int t = r + 1; t < lead.length; t++) {
                for (int j = 0; j < m; j++) {
                    if (lead[r][j] > 0 && lead[t][j] > 0) {
                        throw new IllegalArgumentException("the leading monomials " + monomialText(lead[r]) + " and "
                                + monomialText(lead[t]) + " of equations " + (r + 1) + " and " + (t + 1)
                                + " share z" + j + ", so the standard monomials need not be a basis of the sections;"
                                + " reorder the coordinates so that the leading (lexicographically largest) monomials"
                                + " are coprime");
                    }
                }
            }
        }
        return new SectionBasis(m, k, standardMonomials(m, k, lead), lead);
    }

    /**
     * All C(n+k, n) monomials of degree k in z<sub>0</sub>..z<sub>n</sub>: a basis of H<sup>0</sup>(CP<sup>n</sup>, O(k)).
     */
    public static SectionBasis ofProjectiveSpace(int n, int k) {
        if (n < 1) {
            throw new IllegalArgumentException("CP^n needs n >= 1, got n = " + n);
        }
        requireDegree(k);
        return new SectionBasis(n + 1, k, standardMonomials(n + 1, k, new int[0][]), new int[0][]);
    }

    private static void requireDegree(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("the line bundle degree k must be >= 1, got k = " + k);
        }
        if (k > 64) {
            throw new IllegalArgumentException("the line bundle degree k = " + k + " is far too large (use k <= 64)");
        }
    }

    /**
     * The Hilbert function of a complete intersection of the given degrees in CP<sup>n</sup>:
     * dim H<sup>0</sup>(X, O(k)) = Σ<sub>S ⊆ {1..r}</sub> (−1)<sup>|S|</sup> C(n + k − Σ<sub>S</sub> q, n) (Koszul
     * resolution), with C(a, n) = 0 for a &lt; n. For one equation of degree q: C(n+k, n) − C(n+k−q, n).
     */
    public static long hilbertFunction(int n, int[] degrees, int k) {
        long total = 0;
        int r = degrees.length;
        for (int mask = 0; mask < (1 << r); mask++) {
            int shift = 0;
            for (int i = 0; i < r; i++) {
                if ((mask & (1 << i)) != 0) {
                    shift += degrees[i];
                }
            }
            long c = binomial(n + k - shift, n);
            total += Integer.bitCount(mask) % 2 == 0 ? c : -c;
        }
        return total;
    }

    private static long binomial(int a, int b) {
        if (a < b || b < 0) {
            return 0;
        }
        long c = 1;
        for (int i = 1; i <= b; i++) {
            c = c * (a - b + i) / i;
        }
        return c;
    }

    private static int[] leadingMonomial(Polynomial q, int m) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, int[]> monos = new LinkedHashMap<>();
        for (int t = 0; t < q.terms(); t++) {
            int[] e = new int[m];
            for (int j = 0; j < Math.min(m, q.variables()); j++) {
                e[j] = q.exponent(t, j);
            }
            String key = java.util.Arrays.toString(e);
            monos.putIfAbsent(key, e);
            double[] c = sums.computeIfAbsent(key, x -> new double[2]);
            c[0] += q.coefficientRe(t);
            c[1] += q.coefficientIm(t);
        }
        double scale = q.coefficientNorm();
        int[] best = null;
        for (Map.Entry<String, int[]> en : monos.entrySet()) {
            double[] c = sums.get(en.getKey());
            if (Math.hypot(c[0], c[1]) <= 1e-14 * scale) {
                continue;
            }
            int[] e = en.getValue();
            if (best == null || lexGreater(e, best)) {
                best = e;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("the polynomial " + q + " has no nonzero term");
        }
        return best;
    }

    private static boolean lexGreater(int[] a, int[] b) {
        for (int j = 0; j < a.length; j++) {
            if (a[j] != b[j]) {
                return a[j] > b[j];
            }
        }
        return false;
    }

    private static int[] standardMonomials(int m, int k, int[][] lead) {
        List<int[]> out = new ArrayList<>();
        enumerate(new int[m], 0, k, lead, out);
        int[] flat = new int[out.size() * m];
        for (int a = 0; a < out.size(); a++) {
            System.arraycopy(out.get(a), 0, flat, a * m, m);
        }
        return flat;
    }

    // lexicographic order, largest first: e_0 runs from the remaining degree down to 0
    private static void enumerate(int[] e, int j, int remaining, int[][] lead, List<int[]> out) {
        int m = e.length;
        if (j == m - 1) {
            e[j] = remaining;
            for (int[] l : lead) {
                if (divides(l, e)) {
                    return;
                }
            }
            out.add(e.clone());
            return;
        }
        for (int x = remaining; x >= 0; x--) {
            e[j] = x;
            enumerate(e, j + 1, remaining - x, lead, out);
        }
        e[j] = 0;
    }

    private static boolean divides(int[] l, int[] e) {
        for (int j = 0; j < e.length; j++) {
            if (l[j] > e[j]) {
                return false;
            }
        }
        return true;
    }

    private static String monomialText(int[] e) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < e.length; j++) {
            if (e[j] > 0) {
                if (sb.length() > 0) {
                    sb.append('*');
                }
                sb.append('z').append(j);
                if (e[j] > 1) {
                    sb.append('^').append(e[j]);
                }
            }
        }
        return sb.length() == 0 ? "1" : sb.toString();
    }

    /**
     * The degree k of the line bundle O(k) (every section is a monomial of degree k).
     */
    public int degree() {
        return k;
    }

    /**
     * N = number of sections.
     */
    public int size() {
        return count;
    }

    /**
     * m = n + 1, the number of homogeneous coordinates.
     */
    public int coordinateCount() {
        return m;
    }

    /**
     * The exponent e<sub>αj</sub> of z<sub>j</sub> in s<sub>α</sub>.
     */
    public int exponent(int alpha, int j) {
        return exponents[alpha * m + j];
    }

    /**
     * Copy of the exponent vector of s<sub>α</sub>.
     */
    public int[] monomial(int alpha) {
        int[] e = new int[m];
        System.arraycopy(exponents, alpha * m, e, 0, m);
        return e;
    }

    /**
     * Copies of the leading monomials by which the basis was reduced (none for CP<sup>n</sup>).
     */
    public int[][] leadingMonomials() {
        int[][] c = new int[leading.length][];
        for (int r = 0; r < c.length; r++) {
            c[r] = leading[r].clone();
        }
        return c;
    }

    /**
     * s<sub>α</sub> as text, e.g. {@code z0^2*z3}.
     *
     * @return s<sub>α</sub> as text
     */
    public String monomialText(int alpha) {
        return monomialText(monomial(alpha));
    }

    private void check(double[] z, int count, double[] out, long perPoint, String what) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (z.length < 2L * count * m) {
            throw new IllegalArgumentException("z holds " + z.length + " doubles but " + count + " points with " + m
                    + " complex coordinates need " + 2L * count * m);
        }
        if (out.length < perPoint * count) {
            throw new IllegalArgumentException(what + " holds " + out.length + " doubles but needs " + perPoint * count);
        }
    }

    /**
     * s<sub>α</sub>(z<sub>p</sub>) for all p &lt; count into {@code values[2(p·N + α)]} (+1 im).
     */
    public void evaluate(double[] z, int count, double[] values) {
        check(z, count, values, 2L * this.count, "values");
        double[] pw = new double[2 * m * (k + 1)];
        for (int p = 0; p < count; p++) {
            powers(z, 2 * p * m, pw);
            evaluateOne(pw, values, 2 * p * this.count);
        }
    }

    /**
     * Values as in {@link #evaluate} and holomorphic derivatives ∂s<sub>α</sub>/∂z<sub>j</sub> into
     * {@code derivatives[2((p·N + α)·m + j)]} (+1 im).
     */
    public void evaluateWithDerivatives(double[] z, int count, double[] values, double[] derivatives) {
        check(z, count, values, 2L * this.count, "values");
        check(z, count, derivatives, 2L * this.count * m, "derivatives");
        double[] pw = new double[2 * m * (k + 1)];
        for (int p = 0; p < count; p++) {
            powers(z, 2 * p * m, pw);
            evaluateOne(pw, values, 2 * p * this.count);
            derivativesOne(pw, derivatives, 2 * p * this.count * m);
        }
    }

    // pw[2(j(k+1) + q)] = z_j^q
    private void powers(double[] z, int off, double[] pw) {
        int stride = k + 1;
        for (int j = 0; j < m; j++) {
            double zr = z[off + 2 * j];
            double zi = z[off + 2 * j + 1];
            int b = 2 * j * stride;
            pw[b] = 1.0;
            pw[b + 1] = 0.0;
            for (int q = 1; q <= k; q++) {
                double pr = pw[b + 2 * (q - 1)];
                double pi = pw[b + 2 * (q - 1) + 1];
                pw[b + 2 * q] = pr * zr - pi * zi;
                pw[b + 2 * q + 1] = pr * zi + pi * zr;
            }
        }
    }

    private void evaluateOne(double[] pw, double[] out, int off) {
        int stride = k + 1;
        for (int a = 0; a < count; a++) {
            double vr = 1.0;
            double vi = 0.0;
            int eo = a * m;
            for (int j = 0; j < m; j++) {
                int e = exponents[eo + j];
                if (e == 0) {
                    continue;
                }
                double xr = pw[2 * (j * stride + e)];
                double xi = pw[2 * (j * stride + e) + 1];
                double t = vr * xr - vi * xi;
                vi = vr * xi + vi * xr;
                vr = t;
            }
            out[off + 2 * a] = vr;
            out[off + 2 * a + 1] = vi;
        }
    }

    private void derivativesOne(double[] pw, double[] out, int off) {
        int stride = k + 1;
        for (int a = 0; a < count; a++) {
            int eo = a * m;
            for (int i = 0; i < m; i++) {
                int o = off + 2 * (a * m + i);
                int ei = exponents[eo + i];
                if (ei == 0) {
                    out[o] = 0.0;
                    out[o + 1] = 0.0;
                    continue;
                }
                double vr = ei;
                double vi = 0.0;
                for (int j = 0; j < m; j++) {
                    int e = exponents[eo + j] - (j == i ? 1 : 0);
                    if (e == 0) {
                        continue;
                    }
                    double xr = pw[2 * (j * stride + e)];
                    double xi = pw[2 * (j * stride + e) + 1];
                    double t = vr * xr - vi * xi;
                    vi = vr * xi + vi * xr;
                    vr = t;
                }
                out[o] = vr;
                out[o + 1] = vi;
            }
        }
    }

    @Override
    public String toString() {
        return "SectionBasis[k=" + k + ", " + count + " monomials in " + m + " coordinates]";
    }
}
