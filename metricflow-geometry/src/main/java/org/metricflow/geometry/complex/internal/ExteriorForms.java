package org.metricflow.geometry.complex.internal;

/**
 * The commutative algebra of (p,p)-forms on C<sup>d</sup> with complex coefficients, in the basis
 * B(I, J) = Π<sub>l</sub> (i dx<sup>I<sub>l</sub></sup>∧dx̄<sup>J<sub>l</sub></sup>) for increasing index sets
 * I, J ⊂ {0..d−1} of equal size p (stored as bit masks; element index (I·2<sup>d</sup> + J), two doubles each).
 *
 * <p>The pairs i dx∧dx̄ are 2-forms and commute, so reordering the dx<sup>c</sup> among the pairs while the
 * dx̄<sup>e</sup> stay put gives the sign of that permutation: Π<sub>l</sub>(i dx<sup>c<sub>l</sub></sup>∧
 * dx̄<sup>e<sub>l</sub></sup>) = ε(c)ε(e) B(sort c, sort e). Hence B(I,J)∧B(I′,J′) = ε(I,I′)ε(J,J′)B(I∪I′,
 * J∪J′) for disjoint sets, ε(I,I′) = (−1)<sup>#{(i,i′) ∈ I×I′: i &gt; i′}</sup>. The top form is
 * B(all, all) = Π<sub>a</sub>(i dx<sup>a</sup>∧dx̄<sup>a</sup>); for a (1,1)-form α = Σ α<sub>ce</sub> B({c},{e}),
 * α<sup>d</sup> = d!·det(α)·B(all, all).
 */
public final class ExteriorForms {
    private final int d;
    private final int full;
    private final int size;
    private final int[] keys; // valid element indices (|I| = |J|)
    private final int[] degree; // by element index
    private final double[] sign; // [I * 2^d + I'] for disjoint I, I'

    /**
     * The algebra on C<sup>d</sup>, 1 ≤ d ≤ 6.
     */
    public ExteriorForms(int d) {
        if (d < 1 || d > 6) {
            throw new IllegalArgumentException("forms are supported for complex dimension 1..6, got " + d);
        }
        this.d = d;
        this.full = (1 << d) - 1;
        this.size = 1 << (2 * d);
        this.degree = new int[size];
        int count = 0;
        for (int k = 0; k < size; k++) {
            int i = k >>> d;
            int j = k & full;
            degree[k] = Integer.bitCount(i) == Integer.bitCount(j) ? Integer.bitCount(i) : -1;
            if (degree[k] >= 0) {
                count++;
            }
        }
        this.keys = new int[count];
        count = 0;
        for (int k = 0; k < size; k++) {
            if (degree[k] >= 0) {
                keys[count++] = k;
            }
        }
        this.sign = new double[1 << (2 * d)];
        for (int i = 0; i <= full; i++) {
            for (int j = 0; j <= full; j++) {
                if ((i & j) != 0) {
                    continue;
                }
                int inversions = 0;
                for (int x = 0; x < d; x++) {
                    if ((i >> x & 1) == 0) {
                        continue;
                    }
                    inversions += Integer.bitCount(j & ((1 << x) - 1));
                }
                sign[(i << d) | j] = (inversions & 1) == 0 ? 1.0 : -1.0;
            }
        }
    }

    /**
     * Number of doubles of one element (2·4<sup>d</sup>).
     */
    public int elementSize() {
        return 2 * size;
    }

    /**
     * Element index of B({c}, {e}).
     */
    public int oneOne(int c, int e) {
        return ((1 << c) << d) | (1 << e);
    }

    /**
     * Element index of the top form B(all, all).
     */
    public int top() {
        return (full << d) | full;
    }

    /**
     * out = a ∧ b (out must not alias a or b).
     */
    public void multiply(double[] a, double[] b, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        for (int ka : keys) {
            double ar = a[2 * ka];
            double ai = a[2 * ka + 1];
            if (ar == 0.0 && ai == 0.0) {
                continue;
            }
            int ia = ka >>> d;
            int ja = ka & full;
            for (int kb : keys) {
                double br = b[2 * kb];
                double bi = b[2 * kb + 1];
                if (br == 0.0 && bi == 0.0) {
                    continue;
                }
                int ib = kb >>> d;
                int jb = kb & full;
                if ((ia & ib) != 0 || (ja & jb) != 0) {
                    continue;
                }
                double s = sign[(ia << d) | ib] * sign[(ja << d) | jb];
                int k = ((ia | ib) << d) | (ja | jb);
                out[2 * k] += s * (ar * br - ai * bi);
                out[2 * k + 1] += s * (ar * bi + ai * br);
            }
        }
    }

    /**
     * The (p,p) part of a into out (everything else zero).
     */
    public void part(double[] a, int p, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        for (int k : keys) {
            if (degree[k] == p) {
                out[2 * k] = a[2 * k];
                out[2 * k + 1] = a[2 * k + 1];
            }
        }
    }

    /**
     * Coefficient of the top form in a∧b where a is a (p,p)-form and b a (d−p,d−p)-form (cheaper than
     * {@link #multiply}); returns {re, im} into out.
     */
    public void topOfProduct(double[] a, double[] b, int p, double[] out, int o) {
        double re = 0.0;
        double im = 0.0;
        for (int ka : keys) {
            if (degree[ka] != p) {
                continue;
            }
            int ia = ka >>> d;
            int ja = ka & full;
            int ib = full & ~ia;
            int jb = full & ~ja;
            int kb = (ib << d) | jb;
            double s = sign[(ia << d) | ib] * sign[(ja << d) | jb];
            re += s * (a[2 * ka] * b[2 * kb] - a[2 * ka + 1] * b[2 * kb + 1]);
            im += s * (a[2 * ka] * b[2 * kb + 1] + a[2 * ka + 1] * b[2 * kb]);
        }
        out[o] = re;
        out[o + 1] = im;
    }
}
