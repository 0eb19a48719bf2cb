package org.metricflow.geometry.complex;

import java.util.Arrays;
import java.util.Locale;

/**
 * A complete-intersection configuration in A = CP<sup>n<sub>1</sub></sup>×…×CP<sup>n<sub>m</sub></sup>: rows are the
 * projective factors, columns the K equations, entry q<sub>ia</sub> the degree of equation a in the coordinates of
 * factor i. Immutable; all numbers are exact integers computed combinatorially.
 *
 * <h2>Topology</h2>
 * With J<sub>i</sub> the Fubini–Study class of factor i (∫<sub>CP<sup>1</sup></sub>J<sub>i</sub> = 1), the cohomology ring
 * of A is Z[J<sub>1</sub>..J<sub>m</sub>]/(J<sub>i</sub><sup>n<sub>i</sub>+1</sup>) with ∫<sub>A</sub>Π J<sub>i</sub><sup>n<sub>i</sub></sup> = 1.
 * For X of dimension d = Σn<sub>i</sub> − K and a class α of degree d,
 * <pre>  ∫_X α = ∫_A α ∧ μ,   μ = Π_a (Σ_i q_ia J_i)   (the class of X),
 *   c(X) = Π_i (1 + J_i)^{n_i+1} / Π_a (1 + Σ_i q_ia J_i)   (adjunction; the inverse is a finite series).</pre>
 * Hence the intersection numbers ∫<sub>X</sub>Π J<sub>i</sub><sup>e<sub>i</sub></sup> (d<sub>ijk</sub> for threefolds),
 * Vol<sub>t</sub> = ∫<sub>X</sub>(Σt<sub>i</sub>J<sub>i</sub>)<sup>d</sup>, c<sub>2</sub>·J<sub>i</sub> and χ = ∫<sub>X</sub>c<sub>d</sub>.
 * X is Calabi–Yau (c<sub>1</sub> = 0) iff every row sums to n<sub>i</sub> + 1.
 */
public final class CicyConfiguration {
    /** Largest supported ∏(n<sub>i</sub>+1), the size of the truncated cohomology ring. */
    public static final int MAX_RING_SIZE = 1 << 16;

    private final int[] factors;
    private final int[][] degrees;
    private final int dimension;
    private final int[] radix;
    private final int size;

    private CicyConfiguration(int[] factors, int[][] degrees) {
        this.factors = factors;
        this.degrees = degrees;
        int sum = 0;
        for (int n : factors) {
            sum += n;
        }
        this.dimension = sum - degrees[0].length;
        this.radix = new int[factors.length];
        int s = 1;
        for (int i = factors.length - 1; i >= 0; i--) {
            radix[i] = s;
            s *= factors[i] + 1;
        }
        this.size = s;
    }

    /**
     * The configuration with factor dimensions n<sub>i</sub> and degree matrix q<sub>ia</sub> (row i, column a).
     *
     * @param factors n<sub>1</sub>..n<sub>m</sub>, each ≥ 1
     * @param degrees m rows of K ≥ 1 non-negative degrees; every column must have a positive entry
     * @return the configuration
     * @throws IllegalArgumentException naming the offending row, column or value, or if the dimension
     *         Σn<sub>i</sub> − K is below 1
     */
    public static CicyConfiguration of(int[] factors, int[][] degrees) {
        if (factors == null || factors.length == 0) {
            throw new IllegalArgumentException("a configuration needs at least one projective factor");
        }
        if (degrees == null || degrees.length != factors.length) {
            throw new IllegalArgumentException("the degree matrix needs one row per factor (" + factors.length
                    + "), got " + (degrees == null ? "null" : degrees.length));
        }
        long ring = 1;
        int sum = 0;
        for (int i = 0; i < factors.length; i++) {
            if (factors[i] < 1 || factors[i] > 64) {
                throw new IllegalArgumentException("factor " + (i + 1) + ": CP^" + factors[i]
                        + " is not supported; use 1 <= n <= 64");
            }
            ring *= factors[i] + 1;
            if (ring > MAX_RING_SIZE) {
                throw new IllegalArgumentException("the product of (n_i + 1) exceeds " + MAX_RING_SIZE
                        + "; the ambient space is too large");
            }
            sum += factors[i];
        }
        int k = degrees[0] == null ? 0 : degrees[0].length;
        if (k < 1) {
            throw new IllegalArgumentException("a configuration needs at least one equation (column)");
        }
        int[][] q = new int[factors.length][];
        for (int i = 0; i < factors.length; i++) {
            if (degrees[i] == null || degrees[i].length != k) {
                throw new IllegalArgumentException("row " + (i + 1) + " has " + (degrees[i] == null ? 0
                        : degrees[i].length) + " entries but row 1 has " + k + "; every row needs one degree per"
                        + " equation");
            }
            for (int a = 0; a < k; a++) {
                if (degrees[i][a] < 0 || degrees[i][a] > 200) {
                    throw new IllegalArgumentException("row " + (i + 1) + ", column " + (a + 1) + ": degree "
                            + degrees[i][a] + " is not in [0, 200]");
                }
            }
            q[i] = degrees[i].clone();
        }
        for (int a = 0; a < k; a++) {
            int s = 0;
            for (int[] row : q) {
                s += row[a];
            }
            if (s == 0) {
                throw new IllegalArgumentException("column " + (a + 1) + " has all degrees 0: a constant equation");
            }
        }
        if (sum - k < 1) {
            throw new IllegalArgumentException(k + " equations in an ambient space of dimension " + sum
                    + " cut out a variety of dimension " + (sum - k) + "; use at most " + (sum - 1) + " equations");
        }
        return new CicyConfiguration(factors.clone(), q);
    }

    /**
     * Parses {@code "n1:q11,q12,…|n2:q21,q22,…|…"}: one row per factor, the factor dimension, a colon and the
     * degrees of the equations in that factor. Examples: {@code 2:3|2:3} (the bicubic),
     * {@code 1:2|1:2|1:2|1:2} (the tetraquadric), {@code 2:3,0|2:0,3|1:1,1} (the Schoen manifold),
     * {@code 4:5} (the quintic).
     *
     * @param text rows separated by {@code |}, e.g. {@code 2:3|2:3}; surrounding blanks are ignored
     * @return the configuration (immutable; it need not be Calabi–Yau, see {@link #isCalabiYau()})
     * @throws IllegalArgumentException naming the row that could not be read
     */
    public static CicyConfiguration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty configuration; expected rows n:q1,q2,... separated by '|',"
                    + " e.g. 2:3|2:3");
        }
        String[] rows = text.trim().split("\\|", -1);
        int[] n = new int[rows.length];
        int[][] q = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            String row = rows[i].trim();
            int colon = row.indexOf(':');
            try {
                if (colon < 0) {
                    throw new NumberFormatException();
                }
                n[i] = Integer.parseInt(row.substring(0, colon).trim());
                String[] cols = row.substring(colon + 1).split(",", -1);
                q[i] = new int[cols.length];
                for (int a = 0; a < cols.length; a++) {
                    q[i][a] = Integer.parseInt(cols[a].trim());
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("configuration row " + (i + 1) + " '" + abbreviate(row)
                        + "' is not n:q1,q2,... with integers (e.g. 2:3,0)", e);
            }
        }
        return of(n, q);
    }

    private static String abbreviate(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        StringBuilder sb = new StringBuilder();
        for (char c : t.toCharArray()) {
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString();
    }

    /**
     * Number of projective factors m (h<sup>1,1</sup> of the ambient space, the Kähler moduli J<sub>i</sub> inherited by X).
     *
     * @return m ≥ 1
     */
    public int factorCount() {
        return factors.length;
    }

    /**
     * Copy of the factor dimensions n<sub>1</sub>..n<sub>m</sub>.
     *
     * @return m ints ≥ 1
     */
    public int[] factorDimensions() {
        return factors.clone();
    }

    /**
     * Number of equations K (columns).
     *
     * @return K ≥ 1
     */
    public int equationCount() {
        return degrees[0].length;
    }

    /**
     * The degree q<sub>ia</sub> of equation a in factor i (0-based).
     *
     * @param factor i in [0, m)
     * @param equation a in [0, K)
     * @return the degree, ≥ 0
     */
    public int degree(int factor, int equation) {
        return degrees[factor][equation];
    }

    /**
     * Complex dimension d = Σn<sub>i</sub> − K of X.
     *
     * @return d ≥ 1
     */
    public int dimension() {
        return dimension;
    }

    /**
     * Whether every row sums to n<sub>i</sub> + 1 (c<sub>1</sub>(X) = 0).
     *
     * @return true for a Calabi–Yau configuration
     */
    public boolean isCalabiYau() {
        return firstNonCalabiYauRow() < 0;
    }

    /**
     * The first row (0-based) whose degrees do not sum to n<sub>i</sub> + 1, or −1 if X is Calabi–Yau.
     *
     * @return a row index or −1
     */
    public int firstNonCalabiYauRow() {
        for (int i = 0; i < factors.length; i++) {
            if (rowSum(i) != factors[i] + 1) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Σ<sub>a</sub> q<sub>ia</sub>.
     *
     * @param factor i in [0, m)
     * @return the total degree of the equations in factor i (equals n<sub>i</sub> + 1 on a Calabi–Yau)
     */
    public int rowSum(int factor) {
        int s = 0;
        for (int q : degrees[factor]) {
            s += q;
        }
        return s;
    }

    /**
     * The intersection number ∫<sub>X</sub>Π<sub>i</sub>J<sub>i</sub><sup>e<sub>i</sub></sup>.
     *
     * @param exponents m non-negative exponents summing to d
     * @return the number (0 if some e<sub>i</sub> exceeds what X allows)
     * @throws IllegalArgumentException if the exponents do not sum to d or one is negative
     */
    public long intersectionNumber(int... exponents) {
        return chernNumber(0, exponents);
    }

    /**
     * ∫<sub>X</sub> c<sub>k</sub>(X) ∧ Π<sub>i</sub>J<sub>i</sub><sup>e<sub>i</sub></sup> with k + Σe<sub>i</sub> = d.
     *
     * @param k the Chern class degree, 0 ≤ k ≤ d
     * @param exponents m non-negative exponents summing to d − k
     * @return the integer
     * @throws IllegalArgumentException if the degrees do not add up to d
     */
    public long chernNumber(int k, int... exponents) {
        if (exponents == null || exponents.length != factors.length) {
            throw new IllegalArgumentException("need one exponent per factor (" + factors.length + "), got "
                    + (exponents == null ? "null" : exponents.length));
        }
        int sum = k;
        for (int e : exponents) {
            if (e < 0) {
                throw new IllegalArgumentException("exponents must be >= 0, got " + Arrays.toString(exponents));
            }
            sum += e;
        }
        if (k < 0 || sum != dimension) {
            throw new IllegalArgumentException("c_" + k + " ∧ J^" + Arrays.toString(exponents) + " has degree " + sum
                    + " but X has dimension " + dimension);
        }
        long[] c = homogeneousPart(totalChernClass(), k);
        long[] mono = new long[size];
        int idx = 0;
        for (int i = 0; i < factors.length; i++) {
            if (exponents[i] > factors[i]) {
                return 0;
            }
            idx += exponents[i] * radix[i];
        }
        mono[idx] = 1;
        return top(multiply(multiply(c, mono), classOfX()));
    }

    /**
     * The triple intersection numbers d<sub>ijk</sub> = ∫<sub>X</sub>J<sub>i</sub>J<sub>j</sub>J<sub>k</sub> of a threefold.
     *
     * @return an m×m×m symmetric array
     * @throws IllegalStateException if d ≠ 3
     */
    public long[][][] tripleIntersections() {
        requireDimension(3, "triple intersection numbers");
        int m = factors.length;
        long[][][] out = new long[m][m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                for (int l = 0; l < m; l++) {
                    int[] e = new int[m];
                    e[i]++;
                    e[j]++;
                    e[l]++;
                    out[i][j][l] = intersectionNumber(e);
                }
            }
        }
        return out;
    }

    /**
     * c<sub>2</sub>·J<sub>i</sub> = ∫<sub>X</sub>c<sub>2</sub>∧J<sub>i</sub> for a threefold.
     *
     * @return m integers
     * @throws IllegalStateException if d ≠ 3
     */
    public long[] c2DotJ() {
        requireDimension(3, "c2·J_i");
        long[] out = new long[factors.length];
        for (int i = 0; i < factors.length; i++) {
            int[] e = new int[factors.length];
            e[i] = 1;
            out[i] = chernNumber(2, e);
        }
        return out;
    }

    /**
     * The Euler characteristic χ(X) = ∫<sub>X</sub>c<sub>d</sub>.
     *
     * @return χ
     */
    public long eulerCharacteristic() {
        return chernNumber(dimension, new int[factors.length]);
    }

    /**
     * Vol<sub>t</sub> = ∫<sub>X</sub>(Σt<sub>i</sub>J<sub>i</sub>)<sup>d</sup> = Σ<sub>|e|=d</sub> d!/Πe<sub>i</sub>! ·
     * Πt<sub>i</sub><sup>e<sub>i</sub></sup> · ∫<sub>X</sub>ΠJ<sub>i</sub><sup>e<sub>i</sub></sup>.
     *
     * @param t the Kähler moduli, m positive finite numbers
     * @return the volume, in units where ∫<sub>CP<sup>1</sup></sub>J<sub>i</sub> = 1
     */
    public double volume(double[] t) {
        requireModuli(t);
        double v = 0.0;
        for (int[] e : monomials(dimension)) {
            long num = intersectionNumber(e);
            if (num != 0) {
                v += multinomial(e) * num * power(t, e);
            }
        }
        return v;
    }

    /**
     * All exponent vectors e ≥ 0 with Σe<sub>i</sub> = total and e<sub>i</sub> ≤ n<sub>i</sub>, in lexicographic order.
     *
     * @param total the total degree Σe<sub>i</sub>, ≥ 0
     * @return the exponent vectors (each of length m)
     */
    public java.util.List<int[]> monomials(int total) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        collect(new int[factors.length], 0, total, out);
        return out;
    }

    private void collect(int[] e, int i, int left, java.util.List<int[]> out) {
        if (i == factors.length - 1) {
            if (left <= factors[i]) {
                e[i] = left;
                out.add(e.clone());
            }
            return;
        }
        for (int x = 0; x <= Math.min(left, factors[i]); x++) {
            e[i] = x;
            collect(e, i + 1, left - x, out);
        }
    }

    /**
     * The multinomial coefficient (Σe<sub>i</sub>)!/Πe<sub>i</sub>!.
     *
     * @param e non-negative exponents
     * @return the coefficient as a double (exact below 2<sup>53</sup>)
     */
    public static double multinomial(int[] e) {
        double r = 1.0;
        int n = 0;
        for (int x : e) {
            for (int j = 1; j <= x; j++) {
                n++;
                r = r * n / j;
            }
        }
        return Math.rint(r);
    }

    /**
     * Πt<sub>i</sub><sup>e<sub>i</sub></sup>.
     *
     * @param t the bases
     * @param e the exponents
     * @return the product
     */
    public static double power(double[] t, int[] e) {
        double p = 1.0;
        for (int i = 0; i < e.length; i++) {
            p *= Math.pow(t[i], e[i]);
        }
        return p;
    }

    /**
     * Checks Kähler moduli for this configuration.
     *
     * @param t the moduli
     * @throws IllegalArgumentException naming the offending value if the length is not m or some t<sub>i</sub>
     *         is not a finite positive number
     */
    public void requireModuli(double[] t) {
        if (t == null || t.length != factors.length) {
            throw new IllegalArgumentException("need one Kähler modulus per projective factor (" + factors.length
                    + "), got " + (t == null ? "none" : t.length + " " + Arrays.toString(t)));
        }
        for (int i = 0; i < t.length; i++) {
            if (!(t[i] > 0.0) || !Double.isFinite(t[i])) {
                throw new IllegalArgumentException("Kähler modulus t_" + (i + 1) + " = " + t[i]
                        + " must be a finite positive number");
            }
        }
    }

    private void requireDimension(int d, String what) {
        if (dimension != d) {
            throw new IllegalStateException(what + " are defined here for threefolds; this configuration has"
                    + " dimension " + dimension + " (use intersectionNumber/chernNumber)");
        }
    }

    /** μ = Π_a Σ_i q_ia J_i. */
    private long[] classOfX() {
        long[] mu = unit();
        for (int a = 0; a < degrees[0].length; a++) {
            mu = multiply(mu, linear(a));
        }
        return mu;
    }

    private long[] linear(int a) {
        long[] l = new long[size];
        for (int i = 0; i < factors.length; i++) {
            l[radix[i]] += degrees[i][a];
        }
        return l;
    }

    /** c = Π(1+J_i)^{n_i+1} Π_a Σ_k (−L_a)^k. */
    private long[] totalChernClass() {
        long[] c = unit();
        for (int i = 0; i < factors.length; i++) {
            long[] f = unit();
            f[radix[i]] = 1;
            for (int p = 0; p <= factors[i]; p++) {
                c = multiply(c, f);
            }
        }
        int top = dimension + degrees[0].length;
        for (int a = 0; a < degrees[0].length; a++) {
            long[] minusL = linear(a);
            for (int j = 0; j < size; j++) {
                minusL[j] = -minusL[j];
            }
            long[] inv = unit();
            long[] pow = unit();
            for (int p = 1; p <= top; p++) {
                pow = multiply(pow, minusL);
                for (int j = 0; j < size; j++) {
                    inv[j] += pow[j];
                }
            }
            c = multiply(c, inv);
        }
        return c;
    }

    private long[] homogeneousPart(long[] c, int k) {
        long[] out = new long[size];
        for (int j = 0; j < size; j++) {
            if (totalDegree(j) == k) {
                out[j] = c[j];
            }
        }
        return out;
    }

    private int totalDegree(int index) {
        int s = 0;
        for (int i = 0; i < factors.length; i++) {
            s += (index / radix[i]) % (factors[i] + 1);
        }
        return s;
    }

    private long top(long[] c) {
        int idx = 0;
        for (int i = 0; i < factors.length; i++) {
            idx += factors[i] * radix[i];
        }
        return c[idx];
    }

    private long[] unit() {
        long[] u = new long[size];
        u[0] = 1;
        return u;
    }

    /** Product in Z[J]/(J_i^{n_i+1}) on the dense mixed-radix layout. */
    private long[] multiply(long[] x, long[] y) {
        long[] out = new long[size];
        int m = factors.length;
        int[] ex = new int[m];
        for (int a = 0; a < size; a++) {
            if (x[a] == 0) {
                continue;
            }
            for (int i = 0; i < m; i++) {
                ex[i] = (a / radix[i]) % (factors[i] + 1);
            }
            for (int b = 0; b < size; b++) {
                if (y[b] == 0) {
                    continue;
                }
                int idx = 0;
                boolean zero = false;
                for (int i = 0; i < m; i++) {
                    int e = ex[i] + (b / radix[i]) % (factors[i] + 1);
                    if (e > factors[i]) {
                        zero = true;
                        break;
                    }
                    idx += e * radix[i];
                }
                if (!zero) {
                    out[idx] = Math.addExact(out[idx], Math.multiplyExact(x[a], y[b]));
                }
            }
        }
        return out;
    }

    /**
     * The matrix as text, one row per factor: {@code "CP^2 [3]\nCP^2 [3]"}.
     *
     * @return a multi-line description
     */
    public String matrixText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < factors.length; i++) {
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(String.format(Locale.ROOT, "CP^%d %s", factors[i], Arrays.toString(degrees[i])));
        }
        return sb.toString();
    }

    /** The text form accepted by {@link #parse}, e.g. {@code 2:3|2:3}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < factors.length; i++) {
            if (i > 0) {
                sb.append('|');
            }
            sb.append(factors[i]).append(':');
            for (int a = 0; a < degrees[i].length; a++) {
                sb.append(a > 0 ? "," : "").append(degrees[i][a]);
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CicyConfiguration && Arrays.equals(factors, ((CicyConfiguration) o).factors)
                && Arrays.deepEquals(degrees, ((CicyConfiguration) o).degrees);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(factors) + Arrays.deepHashCode(degrees);
    }
}
