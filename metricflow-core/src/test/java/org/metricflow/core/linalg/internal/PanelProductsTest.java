package org.metricflow.core.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * {@link PanelProducts} against a plain triple-loop product. Tolerance: both compute each c<sub>ij</sub> as a sum of
 * k products, each with rounding error ≤ k·ε·(|A||B|)<sub>ij</sub> (ε = 2<sup>−53</sup>); for k ≤ 511 that is
 * ≤ 5.7·10<sup>−14</sup> relative to (|A||B|)<sub>ij</sub>, so 10<sup>−12</sup> relative to it can only fail on a
 * wrong term, never on rounding. A second reference, the same FMA chain in increasing p written element by element,
 * must agree bit for bit (the stated summation order).
 */
class PanelProductsTest {
    /**
     * Sizes not multiples of any block (three rows of C and two of B per kernel pass), and sizes that cross the block
     * and panel boundaries (blocks of 96 rows of C, panels of 128 rows of B, 256 columns).
     */
    private static final int[] EDGE = {1, 7, 63, 65, 97, 511};

    static Stream<Arguments> edgeShapes() {
        Stream.Builder<Arguments> s = Stream.builder();
        for (int m : EDGE) {
            for (int k : EDGE) {
                for (int n : EDGE) {
                    if ((long) m * k * n <= 4_000_000L) {
                        s.add(Arguments.of(m, k, n));
                    }
                }
            }
        }
        return s.build();
    }

    @ParameterizedTest(name = "{0}×{1}·{1}×{2}")
    @MethodSource("edgeShapes")
    void edgeShapesMatchThePlainProduct(int m, int k, int n) {
        check(Seeds.rng(31L * m + 17L * k + n), m, k, n, false, false, 0);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void randomShapesStridesAndOffsetsMatchThePlainProduct(long seed) {
        Rng rng = Seeds.rng(seed);
        int m = dimension(rng);
        int k = dimension(rng);
        int n = dimension(rng);
        while ((long) m * k * n > 4_000_000L) {
            m = Math.max(1, m / 2);
        }
        check(rng, m, k, n, rng.nextInt(2) == 1, rng.nextInt(2) == 1, seed);
    }

    @Test
    void overwritingIgnoresOldValuesAndEmptyReductionClears() {
        PanelProducts.Workspace ws = new PanelProducts.Workspace();
        double[] c = {Double.NaN, Double.NaN};
        PanelProducts.multiply(1, 1, 2, new double[] {2}, 0, 1, 1, new double[] {3, 4}, 0, 2, c, 0, 2, false, ws);
        assertEquals(6.0, c[0]);
        assertEquals(8.0, c[1]);
        PanelProducts.multiply(1, 0, 2, new double[0], 0, 0, 1, new double[0], 0, 2, c, 0, 2, true, ws);
        assertEquals(6.0, c[0]);
        PanelProducts.multiply(1, 0, 2, new double[0], 0, 0, 1, new double[0], 0, 2, c, 0, 2, false, ws);
        assertEquals(0.0, c[0]);
        assertEquals(0.0, c[1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PanelProducts.multiply(-1,
                1, 1, c, 0, 1, 1, c, 0, 1, c, 0, 1, false, ws));
        assertEquals("multiply: negative shape -1×1 · 1×1", e.getMessage());
    }

    /**
     * The row-array form against {@link PanelProducts#multiply} (itself checked against both references above):
     * bit for bit, with interleaved row strides in B and C, on edge and random shapes, overwriting and accumulating.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void rowArraysGiveTheSameBitsAsThePackedProduct(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int round = 0; round < 6; round++) {
            int m = dimension(rng) % 70 + 1;
            int k = dimension(rng) % 140 + 1;
            int n = dimension(rng) % 300 + 1;
            boolean accumulate = rng.nextInt(2) == 1;
            int bStride = 1 + rng.nextInt(3);
            int cStride = 1 + rng.nextInt(3);
            double[] a = new double[m * k];
            rng.fillUniform(a, -1, 1);
            double[][] bRows = new double[1 + k * bStride][];
            double[] b = new double[k * n];
            rng.fillUniform(b, -1, 1);
            for (int p = 0; p < k; p++) {
                bRows[1 + p * bStride] = java.util.Arrays.copyOfRange(b, p * n, p * n + n + rng.nextInt(3));
            }
            double[] c = new double[m * n];
            rng.fillUniform(c, -1, 1);
            double[][] cRows = new double[2 + m * cStride][];
            for (int i = 0; i < m; i++) {
                cRows[2 + i * cStride] = java.util.Arrays.copyOfRange(c, i * n, i * n + n + 1);
            }
            PanelProducts.multiply(m, k, n, a, 0, k, 1, b, 0, n, c, 0, n, accumulate, new PanelProducts.Workspace());
            PanelProducts.multiplyRows(m, k, n, a, 0, k, 1, bRows, 1, bStride, cRows, 2, cStride, accumulate);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(Double.doubleToLongBits(c[i * n + j]), Double.doubleToLongBits(cRows[2 + i * cStride][j]),
                            m + "×" + k + "·" + k + "×" + n + " c[" + i + "," + j + "] [seed=" + seed + "]");
                }
            }
        }
    }

    private static int dimension(Rng rng) {
        return rng.nextInt(3) == 0 ? EDGE[rng.nextInt(EDGE.length)] : 1 + rng.nextInt(300);
    }

    /**
     * C (with padding and offsets) against both references; A read transposed when {@code transA}; C starts random
     * when {@code accumulate}.
     */
    private static void check(Rng rng, int m, int k, int n, boolean transA, boolean accumulate, long seed) {
        int aOff = rng.nextInt(5);
        int bOff = rng.nextInt(5);
        int cOff = rng.nextInt(5);
        int ldb = n + rng.nextInt(3);
        int ldc = n + rng.nextInt(3);
        double[] a = new double[aOff + m * k];
        double[] b = new double[bOff + k * ldb];
        double[] c = new double[cOff + m * ldc];
        rng.fillUniform(a, -1, 1);
        rng.fillUniform(b, -1, 1);
        rng.fillUniform(c, -1, 1);
        // A stored row-major m×k, or as its transpose (k×m row-major) and read with swapped strides
        int rowStride = transA ? 1 : k;
        int colStride = transA ? m : 1;
        double[] expected = new double[m * n];
        double[] magnitude = new double[m * n];
        double[] chain = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double old = accumulate ? c[cOff + i * ldc + j] : 0.0;
                double sum = old;
                double mag = Math.abs(old);
                double fma = old;
                for (int p = 0; p < k; p++) {
                    double x = a[aOff + i * rowStride + p * colStride];
                    double y = b[bOff + p * ldb + j];
                    sum += x * y;
                    mag += Math.abs(x * y);
                    fma = Math.fma(x, y, fma);
                }
                expected[i * n + j] = sum;
                magnitude[i * n + j] = mag;
                chain[i * n + j] = fma;
            }
        }
        double[] padding = c.clone();
        PanelProducts.multiply(m, k, n, a, aOff, rowStride, colStride, b, bOff, ldb, c, cOff, ldc, accumulate,
                new PanelProducts.Workspace());
        String what = m + "×" + k + "·" + k + "×" + n + (transA ? " (Aᵀ)" : "") + (accumulate ? " (+=)" : "");
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double got = c[cOff + i * ldc + j];
                Seeds.assertClose(expected[i * n + j], got, 0.0, 1e-12 * magnitude[i * n + j], seed,
                        what + " c[" + i + "," + j + "]");
                if (Double.doubleToLongBits(chain[i * n + j]) != Double.doubleToLongBits(got)) {
                    throw new AssertionError(what + " c[" + i + "," + j + "] = " + got + " is not the FMA chain in"
                            + " increasing p, " + chain[i * n + j] + " [seed=" + seed + "]");
                }
            }
            for (int j = n; j < ldc; j++) {
                assertEquals(padding[cOff + i * ldc + j], c[cOff + i * ldc + j], "padding of row " + i + " changed");
            }
        }
        for (int x = 0; x < cOff; x++) {
            assertEquals(padding[x], c[x], "element before C changed");
        }
    }
}
