package org.metricflow.nn.phi.internal;

/**
 * Dense products for the small widths of the fused training step, on row-major {@code double[]} with offsets:
 * C (m×n) = [C +] A (m×k) · B (k×n). The kernel streams four rows of B against two rows of C
 * (c<sub>ij</sub> += (a<sub>i0</sub>b<sub>0j</sub> + a<sub>i1</sub>b<sub>1j</sub>) + (a<sub>i2</sub>b<sub>2j</sub> +
 * a<sub>i3</sub>b<sub>3j</sub>) with {@link Math#fma}, an intrinsic on FMA CPUs), so that each load of B feeds two
 * rows and each load and store of C carries four multiply-adds. Measured on the reference machine (AMD EPYC, AVX-512,
 * JDK 17, shapes 224×64·64 and 64×256·64, CPU time of one thread): ≈ 13 GFLOP/s, against ≈ 8 for one row of C with
 * four rows of B, ≈ 10 for one row with eight, ≈ 8 for a chain of {@code Math.fma} (latency-bound) and ≈ 6 for EJML's
 * {@code CommonOps_DDRM.mult}. JDK 17's C2 does not vectorize these loops (same speed with -XX:-UseSuperWord): the
 * figure is the scalar FMA rate. {@link #multRows} and {@link #multTransARows} take B as separate row arrays and
 * build each row of C in a scratch row, so that every array of the inner loop is indexed by the bare loop variable —
 * the shape C2 does vectorize (≈ 28 GFLOP/s on 224×64·64, ≈ 11 with -XX:-UseSuperWord); the fused training step
 * uses those. The summation order is fixed, so results depend on nothing but the inputs.
 */
public final class SmallProducts {
    private SmallProducts() {
    }

    /**
     * C = A·B (or C += A·B when {@code accumulate}): A is m×k at {@code a[aOff]} with row stride k, B is k×n at
     * {@code b[bOff]} with row stride n, C is m×n at {@code c[cOff]} with row stride n.
     *
     * @param a the argument {@code a}
     * @param aOff the a off
     * @param m the argument {@code m}
     * @param k the argument {@code k}
     * @param b the argument {@code b}
     * @param bOff the b off
     * @param n the argument {@code n}
     * @param c the argument {@code c}
     * @param cOff the c off
     * @param accumulate the accumulate
     */
    public static void mult(double[] a, int aOff, int m, int k, double[] b, int bOff, int n, double[] c, int cOff,
            boolean accumulate) {
        boolean assignFirst = !accumulate && k >= 4;
        if (!accumulate && !assignFirst) {
            java.util.Arrays.fill(c, cOff, cOff + m * n, 0.0);
        }
        int i = 0;
        for (; i + 1 < m; i += 2) {
            // two rows of C against four rows of B: 8 multiply-adds per 4 + 2 loads and 2 stores
            int c0 = cOff + i * n;
            int c1 = c0 + n;
            int a0 = aOff + i * k;
            int a1 = a0 + k;
            int p = 0;
            if (assignFirst) {
                double x00 = a[a0];
                double x01 = a[a0 + 1];
                double x02 = a[a0 + 2];
                double x03 = a[a0 + 3];
                double x10 = a[a1];
                double x11 = a[a1 + 1];
                double x12 = a[a1 + 2];
                double x13 = a[a1 + 3];
                int b0 = bOff;
                int b1 = b0 + n;
                int b2 = b1 + n;
                int b3 = b2 + n;
                for (int j = 0; j < n; j++) {
                    double y0 = b[b0 + j];
                    double y1 = b[b1 + j];
                    double y2 = b[b2 + j];
                    double y3 = b[b3 + j];
                    c[c0 + j] = Math.fma(x00, y0, x01 * y1) + Math.fma(x02, y2, x03 * y3);
                    c[c1 + j] = Math.fma(x10, y0, x11 * y1) + Math.fma(x12, y2, x13 * y3);
                }
                p = 4;
            }
            for (; p + 3 < k; p += 4) {
                double x00 = a[a0 + p];
                double x01 = a[a0 + p + 1];
                double x02 = a[a0 + p + 2];
                double x03 = a[a0 + p + 3];
                double x10 = a[a1 + p];
                double x11 = a[a1 + p + 1];
                double x12 = a[a1 + p + 2];
                double x13 = a[a1 + p + 3];
                int b0 = bOff + p * n;
                int b1 = b0 + n;
                int b2 = b1 + n;
                int b3 = b2 + n;
                for (int j = 0; j < n; j++) {
                    double y0 = b[b0 + j];
                    double y1 = b[b1 + j];
                    double y2 = b[b2 + j];
                    double y3 = b[b3 + j];
                    c[c0 + j] += Math.fma(x00, y0, x01 * y1) + Math.fma(x02, y2, x03 * y3);
                    c[c1 + j] += Math.fma(x10, y0, x11 * y1) + Math.fma(x12, y2, x13 * y3);
                }
            }
            for (; p < k; p++) {
                double x0 = a[a0 + p];
                double x1 = a[a1 + p];
                int b0 = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    double y = b[b0 + j];
                    c[c0 + j] += x0 * y;
                    c[c1 + j] += x1 * y;
                }
            }
        }
        if (i < m) {
            int ci = cOff + i * n;
            int ai = aOff + i * k;
            int p = 0;
            if (assignFirst) {
                java.util.Arrays.fill(c, ci, ci + n, 0.0);
            }
            for (; p + 3 < k; p += 4) {
                double x0 = a[ai + p];
                double x1 = a[ai + p + 1];
                double x2 = a[ai + p + 2];
                double x3 = a[ai + p + 3];
                int b0 = bOff + p * n;
                int b1 = b0 + n;
                int b2 = b1 + n;
                int b3 = b2 + n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += Math.fma(x0, b[b0 + j], x1 * b[b1 + j]) + Math.fma(x2, b[b2 + j], x3 * b[b3 + j]);
                }
            }
            for (; p < k; p++) {
                double x0 = a[ai + p];
                int b0 = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += x0 * b[b0 + j];
                }
            }
        }
    }

    /**
     * C += Aᵀ·B without forming Aᵀ: A is k×m at {@code a[aOff]} (row stride m), B is k×n at {@code b[bOff]} (row
     * stride n), C is m×n at {@code c[cOff]} (row stride n). The same two-rows-by-four kernel as {@link #mult}, reading
     * the multipliers a<sub>pi</sub> down the columns of A (the shape of weight gradients Σ<sub>p</sub> x<sub>p</sub> ⊗
     * y<sub>p</sub> over a chunk of rows).
     *
     * @param a the argument {@code a}
     * @param aOff the a off
     * @param k the argument {@code k}
     * @param m the argument {@code m}
     * @param b the argument {@code b}
     * @param bOff the b off
     * @param n the argument {@code n}
     * @param c the argument {@code c}
     * @param cOff the c off
     */
    public static void multTransA(double[] a, int aOff, int k, int m, double[] b, int bOff, int n, double[] c,
            int cOff) {
        int i = 0;
        for (; i + 1 < m; i += 2) {
            int c0 = cOff + i * n;
            int c1 = c0 + n;
            int p = 0;
            for (; p + 3 < k; p += 4) {
                int r0 = aOff + p * m + i;
                int r1 = r0 + m;
                int r2 = r1 + m;
                int r3 = r2 + m;
                double x00 = a[r0];
                double x01 = a[r1];
                double x02 = a[r2];
                double x03 = a[r3];
                double x10 = a[r0 + 1];
                double x11 = a[r1 + 1];
                double x12 = a[r2 + 1];
                double x13 = a[r3 + 1];
                int b0 = bOff + p * n;
                int b1 = b0 + n;
                int b2 = b1 + n;
                int b3 = b2 + n;
                for (int j = 0; j < n; j++) {
                    double y0 = b[b0 + j];
                    double y1 = b[b1 + j];
                    double y2 = b[b2 + j];
                    double y3 = b[b3 + j];
                    c[c0 + j] += Math.fma(x00, y0, x01 * y1) + Math.fma(x02, y2, x03 * y3);
                    c[c1 + j] += Math.fma(x10, y0, x11 * y1) + Math.fma(x12, y2, x13 * y3);
                }
            }
            for (; p < k; p++) {
                double x0 = a[aOff + p * m + i];
                double x1 = a[aOff + p * m + i + 1];
                int b0 = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    double y = b[b0 + j];
                    c[c0 + j] += x0 * y;
                    c[c1 + j] += x1 * y;
                }
            }
        }
        if (i < m) {
            int ci = cOff + i * n;
            for (int p = 0; p < k; p++) {
                double x0 = a[aOff + p * m + i];
                int b0 = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += x0 * b[b0 + j];
                }
            }
        }
    }

    /**
     * C = A·B (or C += A·B when {@code accumulate}) with B given as separate row arrays: A is m×k at {@code a[aOff]}
     * (row stride k), row p of B is {@code bRows[p][0..n)}, C is m×n at {@code c[cOff]} (row stride n);
     * {@code row} is scratch of at least n doubles. Each row of C is built in {@code row} as
     * row += (a<sub>i,p</sub>b<sub>p</sub> + a<sub>i,p+1</sub>b<sub>p+1</sub>) + (a<sub>i,p+2</sub>b<sub>p+2</sub> +
     * a<sub>i,p+3</sub>b<sub>p+3</sub>) over groups of four rows of B and then stored. Every array in the inner loop
     * is indexed by the bare loop variable, the one loop shape JDK 17's C2 (SuperWord) vectorizes here: ≈ 28 GFLOP/s
     * per core on 224×64·64 against ≈ 12 for {@link #mult}, and ≈ 11 with -XX:-UseSuperWord (offsets into the arrays,
     * two rows of C or eight rows of B per pass all stop it from vectorizing). The summation order is fixed.
     *
     * @param a the argument {@code a}
     * @param aOff the a off
     * @param m the argument {@code m}
     * @param k the argument {@code k}
     * @param bRows the b rows
     * @param n the argument {@code n}
     * @param c the argument {@code c}
     * @param cOff the c off
     * @param accumulate the accumulate
     * @param row the row
     */
    public static void multRows(double[] a, int aOff, int m, int k, double[][] bRows, int n, double[] c, int cOff,
            boolean accumulate, double[] row) {
        for (int i = 0; i < m; i++) {
            rowTimesRows(a, aOff + i * k, 1, k, bRows, 0, n, row);
            int ci = cOff + i * n;
            if (accumulate) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] += row[j];
                }
            } else {
                System.arraycopy(row, 0, c, ci, n);
            }
        }
    }

    /**
     * C += Aᵀ·B with B given as separate row arrays: A is k×m at {@code a[aOff]} (row stride m), row p of B is
     * {@code bRows[p][0..n)}, C is m×n at {@code c[cOff]} (row stride n); {@code row} is scratch of at least n
     * doubles. Row i of C gets Σ<sub>p</sub> a<sub>p,i</sub> b<sub>p</sub> built in {@code row} with the vectorized
     * loop of {@link #multRows}, then added.
     *
     * @param a the argument {@code a}
     * @param aOff the a off
     * @param k the argument {@code k}
     * @param m the argument {@code m}
     * @param bRows the b rows
     * @param n the argument {@code n}
     * @param c the argument {@code c}
     * @param cOff the c off
     * @param row the row
     */
    public static void multTransARows(double[] a, int aOff, int k, int m, double[][] bRows, int n, double[] c,
            int cOff, double[] row) {
        for (int i = 0; i < m; i++) {
            rowTimesRows(a, aOff + i, m, k, bRows, 0, n, row);
            int ci = cOff + i * n;
            for (int j = 0; j < n; j++) {
                c[ci + j] += row[j];
            }
        }
    }

    /** row[0..n) = Σ<sub>p&lt;k</sub> a[aOff + p·stride] · bRows[b0 + p][0..n). */
    private static void rowTimesRows(double[] a, int aOff, int stride, int k, double[][] bRows, int b0, int n,
            double[] row) {
        int p = 0;
        if (k >= 4) {
            double x0 = a[aOff];
            double x1 = a[aOff + stride];
            double x2 = a[aOff + 2 * stride];
            double x3 = a[aOff + 3 * stride];
            double[] y0 = bRows[b0];
            double[] y1 = bRows[b0 + 1];
            double[] y2 = bRows[b0 + 2];
            double[] y3 = bRows[b0 + 3];
            for (int j = 0; j < n; j++) {
                row[j] = (x0 * y0[j] + x1 * y1[j]) + (x2 * y2[j] + x3 * y3[j]);
            }
            p = 4;
        } else {
            java.util.Arrays.fill(row, 0, n, 0.0);
        }
        for (; p + 3 < k; p += 4) {
            int ap = aOff + p * stride;
            double x0 = a[ap];
            double x1 = a[ap + stride];
            double x2 = a[ap + 2 * stride];
            double x3 = a[ap + 3 * stride];
            double[] y0 = bRows[b0 + p];
            double[] y1 = bRows[b0 + p + 1];
            double[] y2 = bRows[b0 + p + 2];
            double[] y3 = bRows[b0 + p + 3];
            for (int j = 0; j < n; j++) {
                row[j] += (x0 * y0[j] + x1 * y1[j]) + (x2 * y2[j] + x3 * y3[j]);
            }
        }
        for (; p < k; p++) {
            double x0 = a[aOff + p * stride];
            double[] y0 = bRows[b0 + p];
            for (int j = 0; j < n; j++) {
                row[j] += x0 * y0[j];
            }
        }
    }

    /**
     * T (n×m, at {@code t[tOff]}) = transpose of A (m×n, at {@code a[aOff]}), row-major.
     *
     * @param a the argument {@code a}
     * @param aOff the a off
     * @param m the argument {@code m}
     * @param n the argument {@code n}
     * @param t the argument {@code t}
     * @param tOff the t off
     */
    public static void transpose(double[] a, int aOff, int m, int n, double[] t, int tOff) {
        final int block = 16;
        for (int i0 = 0; i0 < m; i0 += block) {
            int i1 = Math.min(m, i0 + block);
            for (int j0 = 0; j0 < n; j0 += block) {
                int j1 = Math.min(n, j0 + block);
                for (int i = i0; i < i1; i++) {
                    int ai = aOff + i * n;
                    for (int j = j0; j < j1; j++) {
                        t[tOff + j * m + i] = a[ai + j];
                    }
                }
            }
        }
    }
}
