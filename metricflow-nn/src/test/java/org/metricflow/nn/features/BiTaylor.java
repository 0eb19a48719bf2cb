package org.metricflow.nn.features;

import java.util.Arrays;
import org.metricflow.geometry.complex.internal.EmbeddingJets;

/**
 * Truncated Taylor series in d holomorphic variables x and their conjugates x̄, keeping the monomials
 * x<sup>α</sup>x̄<sup>β</sup> with |α| ≤ 2 and |β| ≤ 2: exactly what ∂∂̄-curvature needs (g = ∂∂̄K, ∂g, ∂∂̄g). The set
 * of series with |α| &gt; 2 or |β| &gt; 2 is an ideal, so sums, products and reciprocals of truncated series are the
 * truncations of the exact ones.
 *
 * <p>Monomials of degree ≤ 2 in x are indexed 0 (the constant), 1 + a (x<sub>a</sub>) and 1 + d + q for the pair
 * q = {@link #pair}(a, c), a ≤ c (x<sub>a</sub>x<sub>c</sub>): M = 1 + d + d(d+1)/2 of them. A general series is an
 * M×M complex matrix c[α][β] (interleaved, {@code [2(α·M + β)]}) of the coefficients of x<sup>α</sup>x̄<sup>β</sup>;
 * a holomorphic series is a vector of M complex coefficients. Derivatives at 0 are
 * ∂<sup>α</sup>∂̄<sup>β</sup>f = α!β!·c[α][β] ({@link #factorial}: 2 for x<sub>a</sub>², else 1).
 * Products convolve over the precomputed table of monomial pairs whose product has degree ≤ 2
 * (28 pairs for d = 3). Not thread safe (scratch buffers).
 */
public final class BiTaylor {
    private final int d;
    private final int pairs;
    private final int size;
    private final int[] pairIndex;
    private final int[] prodLeft;
    private final int[] prodRight;
    private final int[] prodOut;
    private final double[] eps;
    private final double[] acc;
    private final double[] tmp;

    /**
     * The algebra for d ≥ 1 variables.
     *
     * @param d the argument {@code d}
     */
    public BiTaylor(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("need d >= 1 variables, got " + d);
        }
        this.d = d;
        this.pairs = d * (d + 1) / 2;
        this.size = 1 + d + pairs;
        this.pairIndex = new int[d * d];
        int q = 0;
        for (int a = 0; a < d; a++) {
            for (int c = a; c < d; c++) {
                pairIndex[a * d + c] = q;
                pairIndex[c * d + a] = q;
                q++;
            }
        }
        int count = size + d * (1 + d) + pairs;
        prodLeft = new int[count];
        prodRight = new int[count];
        prodOut = new int[count];
        int k = 0;
        for (int j = 0; j < size; j++) { // 1 · mono_j
            prodLeft[k] = 0;
            prodRight[k] = j;
            prodOut[k++] = j;
        }
        for (int a = 0; a < d; a++) {
            prodLeft[k] = 1 + a; // x_a · 1
            prodRight[k] = 0;
            prodOut[k++] = 1 + a;
            for (int c = 0; c < d; c++) { // x_a · x_c
                prodLeft[k] = 1 + a;
                prodRight[k] = 1 + c;
                prodOut[k++] = 1 + d + pairIndex[a * d + c];
            }
        }
        for (int p = 0; p < pairs; p++) { // x_a x_c · 1
            prodLeft[k] = 1 + d + p;
            prodRight[k] = 0;
            prodOut[k++] = 1 + d + p;
        }
        this.eps = new double[2 * size * size];
        this.acc = new double[2 * size * size];
        this.tmp = new double[2 * size * size];
    }

    /**
     * d.
     *
     * @return d
     */
    public int variables() {
        return d;
    }

    /**
     * M = 1 + d + d(d+1)/2, the number of monomials of degree ≤ 2 in x.
     *
     * @return M = 1 + d + d(d+1)/2, the number of monomials of degree ≤ 2 in x
     */
    public int monomials() {
        return size;
    }

    /**
     * The index q of the pair {a, c} among the d(d+1)/2 pairs a ≤ c (row-major over a ≤ c).
     *
     * @param a the argument {@code a}
     * @param c the argument {@code c}
     * @return the index q of the pair {a, c} among the d(d+1)/2 pairs a ≤ c (row-major over a ≤ c)
     */
    public int pair(int a, int c) {
        return pairIndex[a * d + c];
    }

    /**
     * α! for monomial index i: 2 for x<sub>a</sub>², 1 otherwise.
     *
     * @param i the argument {@code i}
     * @return α! for monomial index i: 2 for x<sub>a</sub>², 1 otherwise
     */
    public double factorial(int i) {
        if (i <= d) {
            return 1.0;
        }
        int q = i - 1 - d;
        for (int a = 0; a < d; a++) {
            if (pairIndex[a * d + a] == q) {
                return 2.0;
            }
        }
        return 1.0;
    }

    /**
     * The holomorphic series of component j of the embedding 2-jet: z + Σ ι<sub>a</sub>x<sub>a</sub> +
     * ½Σ<sub>a,c</sub> ι<sub>ac</sub>x<sub>a</sub>x<sub>c</sub> (layouts of {@link EmbeddingJets} for one point).
     *
     * @param m the argument {@code m}
     * @param j the argument {@code j}
     * @param z the argument {@code z}
     * @param zOff the z off
     * @param first the first
     * @param firstOff the first off
     * @param second the second
     * @param secondOff the second off
     * @param out the argument {@code out}
     */
    public void embedding(int m, int j, double[] z, int zOff, double[] first, int firstOff, double[] second,
            int secondOff, double[] out) {
        out[0] = z[zOff + 2 * j];
        out[1] = z[zOff + 2 * j + 1];
        for (int a = 0; a < d; a++) {
            out[2 * (1 + a)] = first[firstOff + 2 * (a * m + j)];
            out[2 * (1 + a) + 1] = first[firstOff + 2 * (a * m + j) + 1];
        }
        for (int a = 0; a < d; a++) {
            for (int c = a; c < d; c++) {
                double f = a == c ? 0.5 : 1.0;
                int o = 2 * (1 + d + pairIndex[a * d + c]);
                out[o] = f * second[secondOff + 2 * ((a * d + c) * m + j)];
                out[o + 1] = f * second[secondOff + 2 * ((a * d + c) * m + j) + 1];
            }
        }
    }

    /**
     * out += h · conj(k) as a general series (h, k holomorphic): out[α][β] += h[α]·conj(k[β]).
     *
     * @param h the argument {@code h}
     * @param k the argument {@code k}
     * @param out the argument {@code out}
     */
    public void addOuter(double[] h, double[] k, double[] out) {
        for (int al = 0; al < size; al++) {
            double hr = h[2 * al];
            double hi = h[2 * al + 1];
            for (int be = 0; be < size; be++) {
                double kr = k[2 * be];
                double ki = -k[2 * be + 1];
                int o = 2 * (al * size + be);
                out[o] += hr * kr - hi * ki;
                out[o + 1] += hr * ki + hi * kr;
            }
        }
    }

    /**
     * out = h · g for h holomorphic and g general: out[α][β] = Σ<sub>α₁α₂=α</sub> h[α₁] g[α₂][β].
     *
     * @param h the argument {@code h}
     * @param g the argument {@code g}
     * @param out the argument {@code out}
     */
    public void multiplyHolomorphic(double[] h, double[] g, double[] out) {
        Arrays.fill(out, 0, 2 * size * size, 0.0);
        for (int t = 0; t < prodOut.length; t++) {
            double hr = h[2 * prodLeft[t]];
            double hi = h[2 * prodLeft[t] + 1];
            if (hr == 0.0 && hi == 0.0) {
                continue;
            }
            int src = 2 * prodRight[t] * size;
            int dst = 2 * prodOut[t] * size;
            for (int be = 0; be < size; be++) {
                double gr = g[src + 2 * be];
                double gi = g[src + 2 * be + 1];
                out[dst + 2 * be] += hr * gr - hi * gi;
                out[dst + 2 * be + 1] += hr * gi + hi * gr;
            }
        }
    }

    /**
     * out = conj(k) · g for k holomorphic (so conj(k) antiholomorphic) and g general:
     * out[α][β] = Σ<sub>β₁β₂=β</sub> conj(k[β₁]) g[α][β₂].
     *
     * @param k the argument {@code k}
     * @param g the argument {@code g}
     * @param out the argument {@code out}
     */
    public void multiplyAntiholomorphic(double[] k, double[] g, double[] out) {
        Arrays.fill(out, 0, 2 * size * size, 0.0);
        for (int t = 0; t < prodOut.length; t++) {
            double kr = k[2 * prodLeft[t]];
            double ki = -k[2 * prodLeft[t] + 1];
            if (kr == 0.0 && ki == 0.0) {
                continue;
            }
            int src = 2 * prodRight[t];
            int dst = 2 * prodOut[t];
            for (int al = 0; al < size; al++) {
                int s = 2 * al * size + src;
                int o = 2 * al * size + dst;
                double gr = g[s];
                double gi = g[s + 1];
                out[o] += kr * gr - ki * gi;
                out[o + 1] += kr * gi + ki * gr;
            }
        }
    }

    /**
     * out = u · v for general series (out must not alias u or v).
     *
     * @param u the argument {@code u}
     * @param v the argument {@code v}
     * @param out the argument {@code out}
     */
    public void multiply(double[] u, double[] v, double[] out) {
        Arrays.fill(out, 0, 2 * size * size, 0.0);
        for (int s = 0; s < prodOut.length; s++) {
            int a1 = prodLeft[s];
            int a2 = prodRight[s];
            int a = prodOut[s];
            for (int t = 0; t < prodOut.length; t++) {
                int u0 = 2 * (a1 * size + prodLeft[t]);
                int v0 = 2 * (a2 * size + prodRight[t]);
                int o = 2 * (a * size + prodOut[t]);
                double ur = u[u0];
                double ui = u[u0 + 1];
                double vr = v[v0];
                double vi = v[v0 + 1];
                out[o] += ur * vr - ui * vi;
                out[o + 1] += ur * vi + ui * vr;
            }
        }
    }

    /**
     * out = 1/s for a general series with real positive constant term s₀: with ε = s/s₀ − 1 (no constant term,
     * so ε⁵ vanishes in the truncation), 1/s = (1/s₀)(1 − ε(1 − ε(1 − ε(1 − ε)))).
     *
     * @param s the argument {@code s}
     * @param out the argument {@code out}
     */
    public void reciprocal(double[] s, double[] out) {
        double s0 = s[0];
        if (!(s0 > 0.0)) {
            throw new IllegalArgumentException("reciprocal of a series needs a positive constant term, got " + s0);
        }
        int n = 2 * size * size;
        for (int i = 0; i < n; i++) {
            eps[i] = s[i] / s0;
        }
        eps[0] = 0.0;
        eps[1] = 0.0;
        // Horner: acc = 1 − ε, then acc = 1 − ε·acc three times
        for (int i = 0; i < n; i++) {
            acc[i] = -eps[i];
        }
        acc[0] += 1.0;
        for (int r = 0; r < 3; r++) {
            multiply(eps, acc, tmp);
            for (int i = 0; i < n; i++) {
                acc[i] = -tmp[i];
            }
            acc[0] += 1.0;
        }
        for (int i = 0; i < n; i++) {
            out[i] = acc[i] / s0;
        }
    }
}
