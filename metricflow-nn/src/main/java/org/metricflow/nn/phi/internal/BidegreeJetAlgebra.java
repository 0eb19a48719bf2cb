package org.metricflow.nn.phi.internal;

import java.util.Map;
import java.util.TreeMap;
import org.metricflow.nn.features.CurvatureJetLayout;

/**
 * Truncated Taylor polynomials of real functions of d complex variables to bidegree (2, 2), packed into real rows,
 * and the real bilinear tables of their products: the arithmetic of the φ network's full curvature jet and of its
 * adjoint ({@link PhiRicciKernel}).
 *
 * <h2>Representation</h2>
 * A real f(x, x̄) near 0 is f = Σ<sub>A,B</sub> t<sub>AB</sub> x<sup>A</sup>x̄<sup>B</sup> over the M = 1 + d + P monomials of
 * degree ≤ 2 (index 0: 1; 1 + a: x<sub>a</sub>; 1 + d + q: x<sub>a</sub>x<sub>c</sub> for pair q = (a ≤ c) of
 * {@link CurvatureJetLayout}), modulo monomials of holomorphic or antiholomorphic degree above 2 (an ideal, so
 * products are well defined). t<sub>AB</sub> = ∂<sup>A</sup>∂̄<sup>B</sup>f(0)/(A!B!) with A! = 2 for x<sub>a</sub>², else 1.
 * Because f is real, t<sub>BA</sub> = conj t<sub>AB</sub>: the jet is M² real numbers, packed row by row over A ≤ B
 * (Re t<sub>AB</sub>, then Im t<sub>AB</sub> when A &lt; B); row 0 is f(0). For d = 3 that is 100 rows.
 *
 * <h2>Products</h2>
 * (fg)<sub>AB</sub> = Σ t<sup>f</sup><sub>A₁B₁</sub> t<sup>g</sup><sub>A₂B₂</sub> over x<sup>A₁</sup>x<sup>A₂</sup> = x<sup>A</sup>,
 * x̄<sup>B₁</sup>x̄<sup>B₂</sup> = x̄<sup>B</sup>, written out in packed real coordinates as a list of terms
 * out[k] += w·f[i]·g[j] ({@link Table}); terms whose factor rows are known to vanish (by degree) are left out. The
 * adjoint of a table is the same list read backwards: f̄[i] += w·out̄[k]·g[j], ḡ[j] += w·out̄[k]·f[i]. Immutable.
 */
final class BidegreeJetAlgebra {
    private final int d;
    private final int monomials;
    private final int[] degree;
    private final int[][] times;
    private final int[][] reRow;
    private final int[][] imRow;
    private final int[] rowDegree;

    /**
     * The real bilinear terms of one product, out[k] += w·left[i]·right[j] (rows of packed jets). For a square
     * (both factors the same jet) each unordered pair of rows appears once with i ≤ j.
     */
    static final class Table {
        final int[] left;
        final int[] right;
        final int[] out;
        final double[] weight;
        final boolean square;

        Table(int[] left, int[] right, int[] out, double[] weight, boolean square) {
            this.left = left;
            this.right = right;
            this.out = out;
            this.weight = weight;
            this.square = square;
        }

        int size() {
            return out.length;
        }
    }

    BidegreeJetAlgebra(int d) {
        CurvatureJetLayout layout = CurvatureJetLayout.of(d);
        this.d = d;
        int pairs = layout.pairs();
        this.monomials = 1 + d + pairs;
        this.degree = new int[monomials];
        // exponent vectors of the monomials, to multiply them
        int[][] exponent = new int[monomials][d];
        for (int a = 0; a < d; a++) {
            degree[1 + a] = 1;
            exponent[1 + a][a] = 1;
        }
        for (int q = 0; q < pairs; q++) {
            degree[1 + d + q] = 2;
            exponent[1 + d + q][layout.pairFirst(q)]++;
            exponent[1 + d + q][layout.pairSecond(q)]++;
        }
        this.times = new int[monomials][monomials];
        for (int x = 0; x < monomials; x++) {
            for (int y = 0; y < monomials; y++) {
                times[x][y] = -1;
                if (degree[x] + degree[y] > 2) {
                    continue;
                }
                for (int z = 0; z < monomials; z++) {
                    boolean same = degree[z] == degree[x] + degree[y];
                    for (int a = 0; a < d && same; a++) {
                        same = exponent[z][a] == exponent[x][a] + exponent[y][a];
                    }
                    if (same) {
                        times[x][y] = z;
                    }
                }
            }
        }
        this.reRow = new int[monomials][monomials];
        this.imRow = new int[monomials][monomials];
        int rows = monomials * monomials;
        this.rowDegree = new int[rows];
        int r = 0;
        for (int a = 0; a < monomials; a++) {
            for (int b = a; b < monomials; b++) {
                reRow[a][b] = r;
                reRow[b][a] = r;
                rowDegree[r++] = degree[a] + degree[b];
                if (b > a) {
                    imRow[a][b] = r;
                    imRow[b][a] = r;
                    rowDegree[r++] = degree[a] + degree[b];
                } else {
                    imRow[a][a] = -1;
                }
            }
        }
    }

    /** d. */
    int dimension() {
        return d;
    }

    /** M = 1 + d + P, the monomials of degree ≤ 2. */
    int monomials() {
        return monomials;
    }

    /** M², the packed rows of a jet. */
    int rows() {
        return monomials * monomials;
    }

    /** The monomial x<sub>a</sub>. */
    int linear(int a) {
        return 1 + a;
    }

    /** The monomial x<sub>a</sub>x<sub>c</sub> of pair q. */
    int quadratic(int q) {
        return 1 + d + q;
    }

    /** The total degree deg A + deg B of a packed row. */
    int rowDegree(int row) {
        return rowDegree[row];
    }

    /** The row of Re t<sub>AB</sub> (symmetric in A, B). */
    int realRow(int a, int b) {
        return reRow[a][b];
    }

    /** The row of Im t<sub>AB</sub> for A ≠ B (its sign flips under A ↔ B), −1 for A = B (t<sub>AA</sub> is real). */
    int imaginaryRow(int a, int b) {
        return imRow[a][b];
    }

    /** +1 when t<sub>AB</sub>'s imaginary part is stored as is (A &lt; B), −1 when it is the conjugate's (A &gt; B). */
    int imaginarySign(int a, int b) {
        return a <= b ? 1 : -1;
    }

    /**
     * The product table of jets whose rows of total degree below {@code leftDegree} (left factor) and
     * {@code rightDegree} (right factor) vanish.
     *
     * @param leftDegree the lowest total degree present in the left factor (1 for a jet without constant term)
     * @param rightDegree the same for the right factor
     * @param square whether both factors are the same jet (terms merged over i ↔ j)
     */
    Table product(int leftDegree, int rightDegree, boolean square) {
        // key (out, left, right) → weight, ordered by output row for locality
        Map<Long, Double> terms = new TreeMap<>();
        int rows = rows();
        for (int a = 0; a < monomials; a++) {
            for (int b = a; b < monomials; b++) {
                for (int a1 = 0; a1 < monomials; a1++) {
                    for (int a2 = 0; a2 < monomials; a2++) {
                        if (times[a1][a2] != a) {
                            continue;
                        }
                        for (int b1 = 0; b1 < monomials; b1++) {
                            for (int b2 = 0; b2 < monomials; b2++) {
                                if (times[b1][b2] != b || degree[a1] + degree[b1] < leftDegree
                                        || degree[a2] + degree[b2] < rightDegree) {
                                    continue;
                                }
                                // (fr + i fi)(gr + i gi): Re = fr gr − fi gi, Im = fr gi + fi gr
                                int fr = reRow[a1][b1];
                                int fi = imRow[a1][b1];
                                int gr = reRow[a2][b2];
                                int gi = imRow[a2][b2];
                                double fs = imaginarySign(a1, b1);
                                double gs = imaginarySign(a2, b2);
                                int outRe = reRow[a][b];
                                add(terms, rows, outRe, fr, gr, 1.0, square);
                                if (fi >= 0 && gi >= 0) {
                                    add(terms, rows, outRe, fi, gi, -fs * gs, square);
                                }
                                if (b > a) {
                                    int outIm = imRow[a][b];
                                    if (gi >= 0) {
                                        add(terms, rows, outIm, fr, gi, gs, square);
                                    }
                                    if (fi >= 0) {
                                        add(terms, rows, outIm, fi, gr, fs, square);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        terms.values().removeIf(w -> w == 0.0);
        int n = terms.size();
        int[] left = new int[n];
        int[] right = new int[n];
        int[] out = new int[n];
        double[] weight = new double[n];
        int t = 0;
        for (Map.Entry<Long, Double> e : terms.entrySet()) {
            long key = e.getKey();
            out[t] = (int) (key / ((long) rows * rows));
            left[t] = (int) (key / rows % rows);
            right[t] = (int) (key % rows);
            weight[t++] = e.getValue();
        }
        return new Table(left, right, out, weight, square);
    }

    private static void add(Map<Long, Double> terms, int rows, int out, int i, int j, double w, boolean square) {
        int l = square ? Math.min(i, j) : i;
        int r = square ? Math.max(i, j) : j;
        terms.merge(((long) out * rows + l) * rows + r, w, Double::sum);
    }
}
