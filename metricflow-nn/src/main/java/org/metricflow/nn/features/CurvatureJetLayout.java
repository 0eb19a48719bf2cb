package org.metricflow.nn.features;

import org.metricflow.geometry.complex.JetKahlerPotential;

/**
 * The packed real layout of the "stream" part of the curvature jet of a real function f(x, x̄) of d local
 * holomorphic coordinates: the derivatives at 0 that must be pushed forward through a nonlinear map to obtain
 * ∂∂̄f, ∂(∂∂̄f) and ∂̄∂(∂∂̄f) of the composite ({@link FeatureCurvatureJets}, {@link JetKahlerPotential}). There
 * are R = 1 + 2d + 2P + d² real rows, P = d(d+1)/2:
 * <pre>
 *   row 0                       f
 *   rows 1 + 2c, 2 + 2c         Re, Im ∂_c f                    (c &lt; d)
 *   rows 1 + 2d + 2q, +1        Re, Im ∂_a∂_c f,  q = pair(a, c), a ≤ c
 *   row  1 + 2d + 2P + q        Re ∂_a∂̄_b f,     q = pair(a, b), a ≤ b
 *   row  1 + 2d + 3P + o        Im ∂_a∂̄_b f,     o = offDiagonal(a, b), a &lt; b
 * </pre>
 * (∂̄f = conj ∂f and ∂_b∂̄_a f = conj ∂_a∂̄_b f because f is real, so these rows determine every derivative of
 * bidegree ≤ (2,0), (0,2), (1,1).) Pairs are numbered row-major over a ≤ c: (0,0), (0,1), …, (0,d−1), (1,1), ….
 * Immutable.
 */
public final class CurvatureJetLayout {
    private final int d;
    private final int pairs;
    private final int[] pair;
    private final int[] pairFirst;
    private final int[] pairSecond;
    private final int[] offDiagonal;

    private CurvatureJetLayout(int d) {
        this.d = d;
        this.pairs = d * (d + 1) / 2;
        this.pair = new int[d * d];
        this.pairFirst = new int[pairs];
        this.pairSecond = new int[pairs];
        this.offDiagonal = new int[d * d];
        int q = 0;
        int o = 0;
        for (int a = 0; a < d; a++) {
            for (int c = a; c < d; c++) {
                pair[a * d + c] = q;
                pair[c * d + a] = q;
                pairFirst[q] = a;
                pairSecond[q] = c;
                q++;
                if (c > a) {
                    offDiagonal[a * d + c] = o;
                    offDiagonal[c * d + a] = o;
                    o++;
                } else {
                    offDiagonal[a * d + c] = -1;
                }
            }
        }
    }

    /**
     * The layout for complex dimension d (1 ≤ d ≤ 6).
     */
    public static CurvatureJetLayout of(int d) {
        if (d < 1 || d > 6) {
            throw new IllegalArgumentException("curvature jets need a complex dimension 1 <= d <= 6, got " + d);
        }
        return new CurvatureJetLayout(d);
    }

    /**
     * d.
     *
     * @return d
     */
    public int dimension() {
        return d;
    }

    /**
     * P = d(d+1)/2, the number of unordered index pairs.
     */
    public int pairs() {
        return pairs;
    }

    /**
     * R = 1 + 2d + 2P + d², the number of real stream rows.
     */
    public int rows() {
        return 1 + 2 * d + 2 * pairs + d * d;
    }

    /**
     * The pair index of {a, c} (symmetric).
     */
    public int pair(int a, int c) {
        return pair[a * d + c];
    }

    /**
     * The smaller index a of pair q.
     */
    public int pairFirst(int q) {
        return pairFirst[q];
    }

    /**
     * The larger index c of pair q.
     */
    public int pairSecond(int q) {
        return pairSecond[q];
    }

    /**
     * Row of Re ∂<sub>c</sub>f (Im in the next row).
     */
    public int firstRow(int c) {
        return 1 + 2 * c;
    }

    /**
     * Row of Re ∂<sub>a</sub>∂<sub>c</sub>f for pair q (Im in the next row).
     */
    public int secondRow(int q) {
        return 1 + 2 * d + 2 * q;
    }

    /**
     * Row of Re ∂<sub>a</sub>∂̄<sub>b</sub>f for a ≤ b (= Re ∂<sub>b</sub>∂̄<sub>a</sub>f).
     */
    public int mixedRealRow(int a, int b) {
        return 1 + 2 * d + 2 * pairs + pair[a * d + b];
    }

    /**
     * Row of Im ∂<sub>a</sub>∂̄<sub>b</sub>f for a &lt; b (Im ∂<sub>b</sub>∂̄<sub>a</sub>f is its negative).
     */
    public int mixedImaginaryRow(int a, int b) {
        if (a == b) {
            throw new IllegalArgumentException("the diagonal ∂_a∂̄_a f of a real function is real; no row for (" + a
                    + ", " + a + ")");
        }
        return 1 + 2 * d + 3 * pairs + offDiagonal[a * d + b];
    }

    @Override
    public String toString() {
        return "CurvatureJetLayout[d = " + d + ", " + rows() + " rows]";
    }
}
