package org.metricflow.geometry.algebraic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class HermitianMatrixTest {

    /** H·H⁻¹ = I to rounding (Wishart matrices with ε = 0.5 have condition numbers ≲ 10²: tolerance 1e-12). */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void inverseTimesMatrixIsIdentity(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 1 + rng.nextInt(12);
        HermitianMatrix h = HermitianMatrix.randomPositiveDefinite(n, 0.5, rng);
        HermitianMatrix inv = h.inverse();
        assertTrue(h.inverseResidual(inv) < 1e-12, "residual " + h.inverseResidual(inv));
        assertTrue(inv.inverseResidual(h) < 1e-12);
        // the real embedding is a faithful representation
        HermitianMatrix back = HermitianMatrix.fromRealEmbedding(h.toRealEmbedding());
        assertEquals(h, back);
        // Hermitian: H_ab = conj(H_ba), real diagonal
        for (int a = 0; a < n; a++) {
            assertEquals(0.0, h.im(a, a));
            for (int b = 0; b < n; b++) {
                assertTrue(h.re(a, b) == h.re(b, a));
                assertTrue(h.im(a, b) == -h.im(b, a));
            }
        }
        Seeds.assertClose(n, h.normalizedToTraceSize().trace(), 1e-14, 0, seed, "normalized trace");
    }

    @Test
    void complexEntriesAreHandledByTheEmbedding() {
        // H = [[2, i], [−i, 2]] has inverse (1/3)[[2, −i], [i, 2]]
        HermitianMatrix h = HermitianMatrix.of(2, new double[] {2, 0, 0, 1, 0, -1, 2, 0});
        HermitianMatrix inv = h.inverse();
        assertEquals(2.0 / 3, inv.re(0, 0), 1e-15);
        assertEquals(-1.0 / 3, inv.im(0, 1), 1e-15);
        assertEquals(1.0 / 3, inv.im(1, 0), 1e-15);
        assertEquals(0.0, inv.re(0, 1), 1e-15);
    }

    @Test
    void invalidMatricesAreRejectedWithReasons() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HermitianMatrix.of(2, new double[] {1, 0, 0, 1, 0, 1, 1, 0}));
        assertTrue(e.getMessage().contains("must be its conjugate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> HermitianMatrix.of(2, new double[] {1, 0, 2, 0, 2, 0, 1, 0}).inverse());
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HermitianMatrix.of(2, new double[6]));
        assertTrue(e.getMessage().contains("needs 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HermitianMatrix.identity(0));
    }
}
