package org.metricflow.core.linalg.internal;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The library's one home of small dense complex matrix algebra: products, determinants, adjugates, inverses and
 * solves, on matrices stored row-major and interleaved: entry (r, c) of an n×n matrix at offset off is
 * {@code a[off + 2(r·n + c)]} (real) and {@code +1} (imaginary). The formulas are stated in the package
 * documentation. Stateless; every method writes only its output arguments (and the scratch it is given).
 */
public final class SmallComplexMatrices {
    private static final int[] NEXT = {1, 2, 0};

    private SmallComplexMatrices() {
    }

    /**
     * C = A·B for A (n×k at aOff) and B (k×m at bOff) into {@code out} (n×m at outOff, overwritten). Each entry is
     * summed over l = 0 … k−1 in order; zero entries of A are skipped (so sparse A, such as a pullback Jacobian,
     * costs less).
     */
    public static void multiply(int n, int k, int m, double[] a, int aOff, double[] b, int bOff, double[] out,
            int outOff) {
        product(n, k, m, a, aOff, b, bOff, 2 * m, 2, 1.0, true, out, outOff);
    }

    /**
     * C = op(X)·op(Y) for square complex d×d matrices X (at xo) and Y (at yo) into {@code out} (2d² doubles at offset
     * 0, overwritten; it must not alias X or Y), op the conjugate transpose where {@code xAdjoint} / {@code yAdjoint}
     * ask for it, else the identity. Each entry is summed over l = 0 … d−1 in order.
     */
    public static void multiplyOp(int d, double[] x, int xo, boolean xAdjoint, double[] y, int yo, boolean yAdjoint,
            double[] out) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double sr = 0.0;
                double si = 0.0;
                for (int k = 0; k < d; k++) {
                    int xi = xo + 2 * (xAdjoint ? k * d + i : i * d + k);
                    int yi = yo + 2 * (yAdjoint ? j * d + k : k * d + j);
                    double xr = x[xi];
                    double xim = xAdjoint ? -x[xi + 1] : x[xi + 1];
                    double yr = y[yi];
                    double yim = yAdjoint ? -y[yi + 1] : y[yi + 1];
                    sr += xr * yr - xim * yim;
                    si += xr * yim + xim * yr;
                }
                out[2 * (i * d + j)] = sr;
                out[2 * (i * d + j) + 1] = si;
            }
        }
    }

    /**
     * C = A·B<sup>†</sup>, C<sub>ij</sub> = Σ<sub>l</sub> A<sub>il</sub> conj(B<sub>jl</sub>), for A (n×k at aOff) and
     * B (m×k at bOff) into {@code out} (n×m at outOff, overwritten); summed over l in order. With B = A this is the
     * Gram matrix A A<sup>†</sup>, Hermitian positive semidefinite.
     */
    public static void multiplyAdjoint(int n, int k, int m, double[] a, int aOff, double[] b, int bOff, double[] out,
            int outOff) {
        product(n, k, m, a, aOff, b, bOff, 2, 2 * k, -1.0, false, out, outOff);
    }

    /**
     * C = A·B<sup>T</sup> (transpose, no conjugation), C<sub>ij</sub> = Σ<sub>l</sub> A<sub>il</sub> B<sub>jl</sub>,
     * for A (n×k at aOff) and B (m×k at bOff) into {@code out} (n×m at outOff, overwritten); summed over l in order.
     * E.g. holomorphic derivatives ∂s<sub>b</sub>/∂z<sub>i</sub> pushed along a chart's Jacobian.
     */
    public static void multiplyTranspose(int n, int k, int m, double[] a, int aOff, double[] b, int bOff,
            double[] out, int outOff) {
        product(n, k, m, a, aOff, b, bOff, 2, 2 * k, 1.0, false, out, outOff);
    }

    /**
     * C<sub>ij</sub> = Σ<sub>l</sub> A<sub>il</sub> B'<sub>lj</sub> with B'<sub>lj</sub> at {@code b[bOff + l·bl + j·bj]}
     * (re) and its imaginary part times {@code conj} (±1, exact).
     */
    private static void product(int n, int k, int m, double[] a, int aOff, double[] b, int bOff, int bl, int bj,
            double conj, boolean skipZeros, double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double sr = 0.0;
                double si = 0.0;
                for (int l = 0; l < k; l++) {
                    double ar = a[aOff + 2 * (i * k + l)];
                    double ai = a[aOff + 2 * (i * k + l) + 1];
                    if (skipZeros && ar == 0.0 && ai == 0.0) {
                        continue;
                    }
                    int bo = bOff + l * bl + j * bj;
                    double br = b[bo];
                    double bi = conj * b[bo + 1];
                    sr += ar * br - ai * bi;
                    si += ar * bi + ai * br;
                }
                out[outOff + 2 * (i * m + j)] = sr;
                out[outOff + 2 * (i * m + j) + 1] = si;
            }
        }
    }

    /**
     * The adjugate adj g (adj g = det g · g<sup>−1</sup>) of a complex d×d matrix, d ≤ 3, into {@code adj} (at
     * adjOff) and det g = Σ<sub>i</sub> g<sub>0i</sub> C<sub>0i</sub> (complex). With the cofactors
     * C, adj<sub>ij</sub> = C<sub>ji</sub>; det goes to {@code det[detOff]} (re) and {@code det[detOff + 1]} (im); for d = 3 with indices mod 3, C<sub>ji</sub> = g<sub>j+1,i+1</sub>
     * g<sub>j+2,i+2</sub> − g<sub>j+1,i+2</sub> g<sub>j+2,i+1</sub>; for d = 2, adj = [[g<sub>11</sub>,
     * −g<sub>01</sub>], [−g<sub>10</sub>, g<sub>00</sub>]]; for d = 1, adj = 1. Any complex matrix is accepted.
     *
     * @throws IllegalArgumentException if d is not 1, 2 or 3
     */
    public static void adjugate(int d, double[] g, int gOff, double[] adj, int adjOff, double[] det, int detOff) {
        if (d == 1) {
            adj[adjOff] = 1.0;
            adj[adjOff + 1] = 0.0;
        } else if (d == 2) {
            adj[adjOff] = g[gOff + 6];
            adj[adjOff + 1] = g[gOff + 7];
            adj[adjOff + 2] = -g[gOff + 2];
            adj[adjOff + 3] = -g[gOff + 3];
            adj[adjOff + 4] = -g[gOff + 4];
            adj[adjOff + 5] = -g[gOff + 5];
            adj[adjOff + 6] = g[gOff];
            adj[adjOff + 7] = g[gOff + 1];
        } else if (d == 3) {
            for (int j = 0; j < 3; j++) {
                int j1 = gOff + 6 * NEXT[j];
                int j2 = gOff + 6 * NEXT[NEXT[j]];
                for (int i = 0; i < 3; i++) {
                    int i1 = 2 * NEXT[i];
                    int i2 = 2 * NEXT[NEXT[i]];
                    double ar = g[j1 + i1];
                    double ai = g[j1 + i1 + 1];
                    double br = g[j2 + i2];
                    double bi = g[j2 + i2 + 1];
                    double cr = g[j1 + i2];
                    double ci = g[j1 + i2 + 1];
                    double er = g[j2 + i1];
                    double ei = g[j2 + i1 + 1];
                    // C_ji stored transposed: adj_ij
                    adj[adjOff + 2 * (3 * i + j)] = ar * br - ai * bi - (cr * er - ci * ei);
                    adj[adjOff + 2 * (3 * i + j) + 1] = ar * bi + ai * br - (cr * ei + ci * er);
                }
            }
        } else {
            throw new IllegalArgumentException("adjugate: closed forms exist for d = 1, 2, 3, got d = " + d);
        }
        // det g = Σ_i g_0i C_0i = Σ_i g_0i adj_i0
        double detR = 0.0;
        double detI = 0.0;
        for (int i = 0; i < d; i++) {
            double gr = g[gOff + 2 * i];
            double gi = g[gOff + 2 * i + 1];
            double cr = adj[adjOff + 2 * i * d];
            double ci = adj[adjOff + 2 * i * d + 1];
            detR += gr * cr - gi * ci;
            detI += gr * ci + gi * cr;
        }
        det[detOff] = detR;
        det[detOff + 1] = detI;
    }

    /**
     * g<sup>−1</sup> of a complex d×d matrix into {@code inv} (2d² doubles at invOff): for d ≤ 3 the
     * {@link #adjugate} over the determinant, for d ≥ 4 {@link #solveInPlace} against the identity.
     *
     * @param scratch at least 2d² + 2 doubles (destroyed)
     * @return false if g is singular (det g = 0 for d ≤ 3, a zero pivot otherwise); {@code inv} is then undefined
     */
    public static boolean inverse(int d, double[] g, int gOff, double[] inv, int invOff, double[] scratch) {
        int dd = 2 * d * d;
        if (d > 3) {
            System.arraycopy(g, gOff, scratch, 0, dd);
            java.util.Arrays.fill(inv, invOff, invOff + dd, 0.0);
            for (int a = 0; a < d; a++) {
                inv[invOff + 2 * (a * d + a)] = 1.0;
            }
            return solveInPlace(d, scratch, 0, d, inv, invOff);
        }
        adjugate(d, g, gOff, scratch, 0, scratch, dd);
        double detR = scratch[dd];
        double detI = scratch[dd + 1];
        double n2 = detR * detR + detI * detI;
        if (!(n2 > 0.0)) {
            return false;
        }
        double sr = detR / n2; // 1/det
        double si = -detI / n2;
        for (int i = 0; i < dd; i += 2) {
            double xr = scratch[i];
            double xi = scratch[i + 1];
            inv[invOff + i] = xr * sr - xi * si;
            inv[invOff + i + 1] = xr * si + xi * sr;
        }
        return true;
    }

    /**
     * det g of a Hermitian d×d matrix (real for Hermitian input). Closed forms for d ≤ 3:
     * d = 2: g<sub>00</sub>g<sub>11</sub> − |g<sub>01</sub>|²;
     * d = 3: g<sub>00</sub>g<sub>11</sub>g<sub>22</sub> + 2 Re(g<sub>01</sub>g<sub>12</sub>g<sub>20</sub>)
     * − g<sub>00</sub>|g<sub>12</sub>|² − g<sub>11</sub>|g<sub>02</sub>|² − g<sub>22</sub>|g<sub>01</sub>|²;
     * otherwise complex LU with partial pivoting on a copy in {@code scratch} (≥ 2d² doubles), real part
     * returned. Only the upper triangle and the real diagonal are read by the closed forms.
     */
    public static double hermitianDeterminant(int d, double[] g, int off, double[] scratch) {
        switch (d) {
            case 1:
                return g[off];
            case 2: {
                double g01r = g[off + 2];
                double g01i = g[off + 3];
                return g[off] * g[off + 6] - (g01r * g01r + g01i * g01i);
            }
            case 3: {
                double g00 = g[off];
                double g11 = g[off + 8];
                double g22 = g[off + 16];
                double ar = g[off + 2];   // g01
                double ai = g[off + 3];
                double br = g[off + 10];  // g12
                double bi = g[off + 11];
                double cr = g[off + 4];   // g02; g20 = conj(g02)
                double ci = g[off + 5];
                // Re(g01 g12 conj(g02))
                double pr = ar * br - ai * bi;
                double pi = ar * bi + ai * br;
                double re = pr * cr + pi * ci;
                return g00 * g11 * g22 + 2.0 * re - g00 * (br * br + bi * bi) - g11 * (cr * cr + ci * ci)
                        - g22 * (ar * ar + ai * ai);
            }
            default:
                return determinant(d, g, off, scratch, null)[0];
        }
    }

    /**
     * det of a general complex n×n matrix by LU with partial pivoting on a copy held in {@code scratch}
     * (≥ 2n² doubles). Returns {re, im} in {@code result} (allocated if null).
     */
    public static double[] determinant(int n, double[] a, int off, double[] scratch, double[] result) {
        double[] out = result == null ? new double[2] : result;
        System.arraycopy(a, off, scratch, 0, 2 * n * n);
        double dr = 1.0;
        double di = 0.0;
        for (int c = 0; c < n; c++) {
            int piv = c;
            double best = -1.0;
            for (int r = c; r < n; r++) {
                double x = scratch[2 * (r * n + c)];
                double y = scratch[2 * (r * n + c) + 1];
                double mag = x * x + y * y;
                if (mag > best) {
                    best = mag;
                    piv = r;
                }
            }
            if (best == 0.0) {
                out[0] = 0.0;
                out[1] = 0.0;
                return out;
            }
            if (piv != c) {
                for (int k = 0; k < 2 * n; k++) {
                    double t = scratch[2 * c * n + k];
                    scratch[2 * c * n + k] = scratch[2 * piv * n + k];
                    scratch[2 * piv * n + k] = t;
                }
                dr = -dr;
                di = -di;
            }
            double pr = scratch[2 * (c * n + c)];
            double pi = scratch[2 * (c * n + c) + 1];
            double nr = dr * pr - di * pi;
            di = dr * pi + di * pr;
            dr = nr;
            double inv = 1.0 / (pr * pr + pi * pi);
            double ir = pr * inv;
            double ii = -pi * inv;
            for (int r = c + 1; r < n; r++) {
                double xr = scratch[2 * (r * n + c)];
                double xi = scratch[2 * (r * n + c) + 1];
                double fr = xr * ir - xi * ii;
                double fi = xr * ii + xi * ir;
                for (int k = c + 1; k < n; k++) {
                    double ur = scratch[2 * (c * n + k)];
                    double ui = scratch[2 * (c * n + k) + 1];
                    scratch[2 * (r * n + k)] -= fr * ur - fi * ui;
                    scratch[2 * (r * n + k) + 1] -= fr * ui + fi * ur;
                }
            }
        }
        out[0] = dr;
        out[1] = di;
        return out;
    }

    /**
     * Solves A X = B in place for a complex n×n matrix A (overwritten by its LU factors) and n×r right-hand
     * sides B (row-major n×r, overwritten by X), Gaussian elimination with partial pivoting.
     *
     * @return false if A is exactly singular
     */
    public static boolean solveInPlace(int n, double[] a, int aOff, int r, double[] b, int bOff) {
        for (int c = 0; c < n; c++) {
            int piv = c;
            double best = -1.0;
            for (int row = c; row < n; row++) {
                double x = a[aOff + 2 * (row * n + c)];
                double y = a[aOff + 2 * (row * n + c) + 1];
                double mag = x * x + y * y;
                if (mag > best) {
                    best = mag;
                    piv = row;
                }
            }
            if (best == 0.0) {
                return false;
            }
            if (piv != c) {
                for (int k = 0; k < 2 * n; k++) {
                    double t = a[aOff + 2 * c * n + k];
                    a[aOff + 2 * c * n + k] = a[aOff + 2 * piv * n + k];
                    a[aOff + 2 * piv * n + k] = t;
                }
                for (int k = 0; k < 2 * r; k++) {
                    double t = b[bOff + 2 * c * r + k];
                    b[bOff + 2 * c * r + k] = b[bOff + 2 * piv * r + k];
                    b[bOff + 2 * piv * r + k] = t;
                }
            }
            double pr = a[aOff + 2 * (c * n + c)];
            double pi = a[aOff + 2 * (c * n + c) + 1];
            double inv = 1.0 / (pr * pr + pi * pi);
            double ir = pr * inv;
            double ii = -pi * inv;
            for (int row = c + 1; row < n; row++) {
                double xr = a[aOff + 2 * (row * n + c)];
                double xi = a[aOff + 2 * (row * n + c) + 1];
                double fr = xr * ir - xi * ii;
                double fi = xr * ii + xi * ir;
                for (int k = c + 1; k < n; k++) {
                    double ur = a[aOff + 2 * (c * n + k)];
                    double ui = a[aOff + 2 * (c * n + k) + 1];
                    a[aOff + 2 * (row * n + k)] -= fr * ur - fi * ui;
                    a[aOff + 2 * (row * n + k) + 1] -= fr * ui + fi * ur;
                }
                for (int k = 0; k < r; k++) {
                    double ur = b[bOff + 2 * (c * r + k)];
                    double ui = b[bOff + 2 * (c * r + k) + 1];
                    b[bOff + 2 * (row * r + k)] -= fr * ur - fi * ui;
                    b[bOff + 2 * (row * r + k) + 1] -= fr * ui + fi * ur;
                }
            }
        }
        for (int c = n - 1; c >= 0; c--) {
            double pr = a[aOff + 2 * (c * n + c)];
            double pi = a[aOff + 2 * (c * n + c) + 1];
            double inv = 1.0 / (pr * pr + pi * pi);
            double ir = pr * inv;
            double ii = -pi * inv;
            for (int k = 0; k < r; k++) {
                double sr = b[bOff + 2 * (c * r + k)];
                double si = b[bOff + 2 * (c * r + k) + 1];
                for (int j = c + 1; j < n; j++) {
                    double ar = a[aOff + 2 * (c * n + j)];
                    double ai = a[aOff + 2 * (c * n + j) + 1];
                    double xr = b[bOff + 2 * (j * r + k)];
                    double xi = b[bOff + 2 * (j * r + k) + 1];
                    sr -= ar * xr - ai * xi;
                    si -= ar * xi + ai * xr;
                }
                b[bOff + 2 * (c * r + k)] = sr * ir - si * ii;
                b[bOff + 2 * (c * r + k) + 1] = sr * ii + si * ir;
            }
        }
        return true;
    }

    /**
     * The real embedding E(H) = [[A, −B], [B, A]] (2n×2n) of H = A + iB given interleaved: E is an injective ring
     * homomorphism, so products and inverses can be taken on the real side and read back from the first block column;
     * H is Hermitian positive definite iff E(H) is symmetric positive definite.
     */
    public static DMatrixRMaj toRealEmbedding(int n, double[] h) {
        DMatrixRMaj e = new DMatrixRMaj(2 * n, 2 * n);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double re = h[2 * (a * n + b)];
                double im = h[2 * (a * n + b) + 1];
                e.unsafe_set(a, b, re);
                e.unsafe_set(a + n, b + n, re);
                e.unsafe_set(a, b + n, -im);
                e.unsafe_set(a + n, b, im);
            }
        }
        return e;
    }

    /**
     * The complex matrix A + iB read from the first block column [[A], [B]] of a real embedding.
     */
    public static double[] fromRealEmbedding(DMatrixRMaj e) {
        if (e.numRows != e.numCols || e.numRows % 2 != 0) {
            throw new IllegalArgumentException("a real embedding is 2N×2N, got " + e.numRows + "×" + e.numCols);
        }
        int n = e.numRows / 2;
        double[] h = new double[2 * n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                h[2 * (a * n + b)] = e.unsafe_get(a, b);
                h[2 * (a * n + b) + 1] = e.unsafe_get(a + n, b);
            }
        }
        return h;
    }

    /**
     * H<sup>−1</sup> of a Hermitian positive definite H by a real Cholesky factorization of E(H) (symmetric
     * positive definite iff H is), symmetrized back to an exactly Hermitian result.
     *
     * @throws IllegalArgumentException if the factorization fails (H not positive definite)
     */
    public static double[] inversePositiveDefinite(int n, double[] h) {
        DMatrixRMaj e = toRealEmbedding(n, h);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(2 * n);
        if (!solver.setA(e)) {
            throw new IllegalArgumentException("the " + n + "×" + n
                    + " Hermitian matrix is not positive definite (Cholesky factorization failed)");
        }
        DMatrixRMaj inv = new DMatrixRMaj(2 * n, 2 * n);
        solver.invert(inv);
        double[] out = new double[2 * n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                // average the two copies of each block of E(H^-1) = [[A, -B], [B, A]]
                out[2 * (a * n + b)] = 0.5 * (inv.unsafe_get(a, b) + inv.unsafe_get(a + n, b + n));
                out[2 * (a * n + b) + 1] = 0.5 * (inv.unsafe_get(a + n, b) - inv.unsafe_get(a, b + n));
            }
        }
        for (int a = 0; a < n; a++) {
            out[2 * (a * n + a) + 1] = 0.0;
            for (int b = a + 1; b < n; b++) {
                int u = 2 * (a * n + b);
                int l = 2 * (b * n + a);
                double re = 0.5 * (out[u] + out[l]);
                double im = 0.5 * (out[u + 1] - out[l + 1]);
                out[u] = re;
                out[u + 1] = im;
                out[l] = re;
                out[l + 1] = -im;
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(out[i])) {
                throw new IllegalArgumentException("the " + n + "×" + n
                        + " Hermitian matrix is too ill-conditioned to invert (non-finite entry)");
            }
        }
        return out;
    }
}
