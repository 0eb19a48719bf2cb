package org.metricflow.core.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * The optional vector kernel ({@link VectorProductKernel}, loaded because the tests run with
 * {@code --add-modules jdk.incubator.vector}) against its scalar twins {@link RowProducts#scalarMultiplyRows} and
 * {@link PanelProducts#scalarMultiply}: bit for bit, since both compute every c<sub>ij</sub> as the same FMA chain in
 * increasing p. {@code PanelProductsTest} and {@code RowProductsTest} check the dispatching products (vector kernel on
 * whole blocks of 6 rows, scalar kernels on the rest) against a plain product and the element-by-element chain, so
 * with this test both kernels are tied to those references. Shapes around the register block (6 rows × 16 columns
 * with 512-bit vectors, 8 with 256-bit ones), the 256-row panels of B (k = 255, 256, 257, 513) and k = 0, the blocks
 * of 96 rows of a packed A (m = 102) and A read in place below 128 columns (n = 150 packs it); B and C as
 * row arrays with interleaved strides and flat with padding and offsets; A plain and transposed; overwriting (C
 * starts as NaN, which must not leak) and accumulating.
 */
class VectorProductsTest {
    private static final int[] M = {6, 12, 66, 102};
    private static final int[] K = {0, 1, 7, 255, 256, 257, 513};
    private static final int[] N = {8, 15, 16, 17, 31, 32, 33, 100, 150};

    @Test
    void takesWholeBlocksOfRowsOnly() {
        VectorProductKernel vector = VectorProductKernel.INSTANCE;
        assertNotNull(vector);
        int m = vector.blockRows() + 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> vector.multiply(m, 1, 16, new double[m], 0, 1, 1, null, new double[16], 0, 16, null,
                        new double[16 * m], 0, 16, false));
        assertEquals("the vector kernel takes whole blocks of 6 rows, got 7", e.getMessage());
    }

    @Test
    void loadedWhenTheModuleIsPresent() {
        assertEquals(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                VectorProductKernel.INSTANCE != null, "the vector kernel loads exactly when its module is present");
        assertNotNull(VectorProductKernel.INSTANCE, "the tests run with --add-modules jdk.incubator.vector");
    }

    static Stream<Arguments> shapes() {
        Stream.Builder<Arguments> s = Stream.builder();
        for (int m : M) {
            for (int k : K) {
                for (int n : N) {
                    if ((long) m * k * n <= 600_000L) {
                        s.add(Arguments.of(m, k, n));
                    }
                }
            }
        }
        return s.build();
    }

    @ParameterizedTest(name = "{0}×{1}·{1}×{2}")
    @MethodSource("shapes")
    void equalsTheScalarKernelsBitForBit(int m, int k, int n) {
        VectorProductKernel vector = VectorProductKernel.INSTANCE;
        assertNotNull(vector);
        Rng rng = Seeds.rng(1_000_003L * m + 1009L * k + n);
        for (int mode = 0; mode < 4; mode++) {
            boolean accumulate = (mode & 1) == 1;
            boolean transposed = (mode & 2) == 2;
            String what = m + "×" + k + "·" + k + "×" + n + (transposed ? ", Aᵀ" : "") + (accumulate ? ", +=" : "");
            double[] a = random(rng, 3 + m * k);
            int aRow = transposed ? 1 : k;
            int aCol = transposed ? m : 1;
            // rows: B at 1, 3, 5, …, C at 0, 3, 6, …; flat: B with row stride n + 2 from 1, C with n + 3 from 2
            double[][] bRows = new double[2 * k + 1][];
            double[] bFlat = new double[1 + k * (n + 2)];
            for (int p = 0; p < k; p++) {
                bRows[1 + 2 * p] = random(rng, n + 1);
                System.arraycopy(bRows[1 + 2 * p], 0, bFlat, 1 + p * (n + 2), n);
            }
            double[][] cRows = new double[3 * m][];
            double[][] twinRows = new double[3 * m][];
            double[] cFlat = new double[2 + m * (n + 3)];
            Arrays.fill(cFlat, 7.0);
            for (int i = 0; i < m; i++) {
                double[] row = random(rng, n + 1);
                if (!accumulate) {
                    Arrays.fill(row, 0, n, Double.NaN);
                }
                cRows[3 * i] = row;
                twinRows[3 * i] = row.clone();
                System.arraycopy(row, 0, cFlat, 2 + i * (n + 3), n);
            }
            double[] twinFlat = cFlat.clone();
            vector.multiply(m, k, n, a, 3, aRow, aCol, bRows, null, 1, 2, cRows, null, 0, 3, accumulate);
            RowProducts.scalarMultiplyRows(m, k, n, a, 3, aRow, aCol, bRows, 1, 2, twinRows, 0, 3, accumulate);
            vector.multiply(m, k, n, a, 3, aRow, aCol, null, bFlat, 1, n + 2, null, cFlat, 2, n + 3, accumulate);
            PanelProducts.scalarMultiply(m, k, n, a, 3, aRow, aCol, bFlat, 1, n + 2, twinFlat, 2, n + 3, accumulate,
                    new PanelProducts.Workspace());
            for (int i = 0; i < m; i++) {
                for (int j = 0; j <= n; j++) { // column n of the rows is beyond C: never written
                    assertEquals(Double.doubleToLongBits(twinRows[3 * i][j]), Double.doubleToLongBits(cRows[3 * i][j]),
                            what + ", rows: (" + i + ", " + j + ")");
                }
                for (int j = -1; j <= n; j++) { // the padding before and after each flat row: never written
                    int x = 2 + i * (n + 3) + j;
                    assertEquals(Double.doubleToLongBits(twinFlat[x]), Double.doubleToLongBits(cFlat[x]),
                            what + ", flat: (" + i + ", " + j + ")");
                }
                assertEquals(false, Double.isNaN(cRows[3 * i][0]), what + ": C's old value leaked");
            }
        }
    }

    private static double[] random(Rng rng, int length) {
        double[] x = new double[length];
        rng.fillUniform(x, -1, 1);
        return x;
    }
}
