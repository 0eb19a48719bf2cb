package org.metricflow.core.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * {@link RowProducts} against its general twin {@link PanelProducts#multiply} (the same FMA chain per entry, so the
 * two must agree bit for bit) and against a plain triple loop (tolerance 10<sup>−12</sup> relative to
 * (|A||B|)<sub>ij</sub>: both are sums of k ≤ 301 products with rounding ≤ k·ε·(|A||B|)<sub>ij</sub> ≈
 * 3.4·10<sup>−14</sup>, so only a wrong term can fail it), on shapes that are not multiples of the 3 × 2 register
 * block (1, 7, 63, 65) and shapes whose B spans several panels, with A read plainly and transposed, overwriting
 * and accumulating.
 */
class RowProductsTest {
    private static final int[] EDGE = {1, 2, 7, 63, 65};

    static Stream<Arguments> shapes() {
        Stream.Builder<Arguments> s = Stream.builder();
        for (int m : EDGE) {
            for (int k : EDGE) {
                for (int n : EDGE) {
                    s.add(Arguments.of(m, k, n));
                }
            }
        }
        // B wider than a panel: panels of 54 and 108 rows, the last one odd
        s.add(Arguments.of(4, 129, 600));
        s.add(Arguments.of(7, 301, 300));
        return s.build();
    }

    @ParameterizedTest(name = "{0}×{1}·{1}×{2}")
    @MethodSource("shapes")
    void equalsThePanelProductBitForBitAndThePlainProduct(int m, int k, int n) {
        Rng rng = Seeds.rng(97L * m + 13L * k + n);
        for (int mode = 0; mode < 4; mode++) {
            boolean transposed = (mode & 1) == 1;
            boolean accumulate = (mode & 2) == 2;
            int aOff = 3;
            double[] a = random(rng, aOff + m * k);
            int aRow = transposed ? 1 : k;
            int aCol = transposed ? m : 1;
            double[] b = random(rng, k * n);
            double[][] bRows = new double[k][];
            for (int p = 0; p < k; p++) {
                bRows[p] = new double[n + 2];
                System.arraycopy(b, p * n, bRows[p], 0, n);
                bRows[p][n] = Double.NaN; // beyond n: never read
            }
            double[] c = random(rng, m * n);
            double[][] cRows = new double[m][];
            for (int i = 0; i < m; i++) {
                cRows[i] = new double[n + 1];
                System.arraycopy(c, i * n, cRows[i], 0, n);
                cRows[i][n] = 42.0; // beyond n: never written
                if (!accumulate) {
                    java.util.Arrays.fill(cRows[i], 0, n, Double.NaN); // overwritten without being read
                }
            }
            double[] plain = c.clone();
            PanelProducts.multiply(m, k, n, a, aOff, aRow, aCol, b, 0, n, c, 0, n, accumulate,
                    new PanelProducts.Workspace());
            RowProducts.multiply(m, k, n, a, aOff, aRow, aCol, bRows, cRows, accumulate);
            String what = m + "×" + k + "·" + k + "×" + n + (transposed ? ", Aᵀ" : "") + (accumulate ? ", +=" : "");
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = accumulate ? plain[i * n + j] : 0.0;
                    double scale = Math.abs(sum);
                    for (int p = 0; p < k; p++) {
                        double t = a[aOff + i * aRow + p * aCol] * b[p * n + j];
                        sum += t;
                        scale += Math.abs(t);
                    }
                    assertEquals(c[i * n + j], cRows[i][j], 0.0, what + ": bits of (" + i + ", " + j + ")");
                    assertEquals(sum, cRows[i][j], 1e-12 * scale, what + ": value of (" + i + ", " + j + ")");
                }
                assertEquals(42.0, cRows[i][n], 0.0, what + ": row " + i + " written beyond n");
            }
        }
    }

    @ParameterizedTest(name = "{0}×{1}·{1}×{2}, interleaved rows")
    @MethodSource("shapes")
    void interleavedRowsEqualPanelProductsMultiplyRowsBitForBit(int m, int k, int n) {
        Rng rng = Seeds.rng(31L * m + 7L * k + n);
        for (int mode = 0; mode < 2; mode++) {
            boolean accumulate = mode == 1;
            double[] a = random(rng, 2 + m * k);
            // B's rows at 1, 4, 7, … of an array of 3k rows, C's at 2, 4, 6, … of 2m + 2 rows; the others untouched
            double[][] b = new double[3 * k][];
            for (int r = 0; r < b.length; r++) {
                b[r] = random(rng, n);
            }
            double[][] twin = new double[2 * m + 2][];
            double[][] rows = new double[2 * m + 2][];
            for (int r = 0; r < rows.length; r++) {
                twin[r] = random(rng, n);
                rows[r] = twin[r].clone();
            }
            PanelProducts.multiplyRows(m, k, n, a, 2, k, 1, b, 1, 3, twin, 2, 2, accumulate);
            RowProducts.multiplyRows(m, k, n, a, 2, k, 1, b, 1, 3, rows, 2, 2, accumulate);
            for (int r = 0; r < rows.length; r++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(twin[r][j], rows[r][j], 0.0, m + "×" + k + "·" + k + "×" + n
                            + (accumulate ? ", +=" : "") + ": bits of row " + r + ", column " + j);
                }
            }
        }
    }

    /** Shapes of many row triples and wide rows: B in several panels, odd k, the last one or two rows of C. */
    static Stream<Arguments> largeShapes() {
        return Stream.of(Arguments.of(97, 5, 257), Arguments.of(195, 33, 520), Arguments.of(100, 131, 300),
                Arguments.of(288, 64, 64), Arguments.of(4, 260, 1030));
    }

    @ParameterizedTest(name = "{0}×{1}·{1}×{2}, scalar kernel")
    @MethodSource("largeShapes")
    void scalarKernelOnLargeShapesEqualsTheTwoRowKernelBitForBit(int m, int k, int n) {
        Rng rng = Seeds.rng(53L * m + 11L * k + n);
        for (int mode = 0; mode < 4; mode++) {
            boolean transposed = (mode & 1) == 1;
            boolean accumulate = (mode & 2) == 2;
            double[] a = random(rng, 1 + m * k);
            int aRow = transposed ? 1 : k;
            int aCol = transposed ? m : 1;
            double[][] b = new double[k][];
            for (int p = 0; p < k; p++) {
                b[p] = random(rng, n);
            }
            double[][] twin = new double[m][];
            double[][] rows = new double[m][];
            for (int i = 0; i < m; i++) {
                twin[i] = random(rng, n + 1);
                rows[i] = twin[i].clone();
            }
            // the two-row kernel (one pass over all of B per pair of rows) is the chain every kernel must reproduce
            PanelProducts.multiplyRows(m, k, n, a, 1, aRow, aCol, b, 0, 1, twin, 0, 1, accumulate);
            RowProducts.scalarMultiplyRows(m, k, n, a, 1, aRow, aCol, b, 0, 1, rows, 0, 1, accumulate);
            String what = m + "×" + k + "·" + k + "×" + n + (transposed ? ", Aᵀ" : "") + (accumulate ? ", +=" : "");
            for (int i = 0; i < m; i++) {
                for (int j = 0; j <= n; j++) { // column n lies beyond C: untouched
                    assertEquals(twin[i][j], rows[i][j], 0.0, what + ": bits of (" + i + ", " + j + ")");
                }
            }
        }
    }

    private static double[] random(Rng rng, int length) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = rng.uniform(-1, 1);
        }
        return x;
    }
}
