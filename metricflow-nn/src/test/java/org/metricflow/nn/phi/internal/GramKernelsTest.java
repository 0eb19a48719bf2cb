package org.metricflow.nn.phi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * The register-blocked Gram contractions of the fused step against their plain definitions (double loops over the
 * rows, sums over k in compensation-free order): for r = 2, 4, 6 tangent rows and widths 1, 7, 63, 65 (not
 * multiples of anything the kernels unroll), with rows placed at an offset inside larger arrays whose other entries
 * must stay untouched. Both compute the same sums in another association, so they agree to rounding: 1e-13 relative
 * to the sum of the absolute terms (n ≤ 65 terms of size ≤ 1 each).
 */
class GramKernelsTest {
    private static final int[] WIDTHS = {1, 7, 63, 65};

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void gramEqualsItsDefinition(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int r = 2; r <= 6; r += 2) {
            for (int n : WIDTHS) {
                int off = 3;
                double[] a = random(rng, off + r * n + 5);
                double[] s = random(rng, off + n);
                double[] gram = random(rng, r * r);
                double[] expected = gram.clone();
                double[] scale = new double[r * r];
                for (int u = 0; u < r; u++) {
                    for (int v = 0; v < r; v++) {
                        for (int k = 0; k < n; k++) {
                            double t = s[off + k] * a[off + u * n + k] * a[off + v * n + k];
                            expected[u * r + v] += t;
                            scale[u * r + v] += Math.abs(t);
                        }
                    }
                }
                GramKernels.gram(r, n, a, off, s, off, new double[n], gram);
                for (int i = 0; i < r * r; i++) {
                    assertEquals(expected[i], gram[i], 1e-13 * (1 + scale[i]),
                            "seed " + seed + ", r " + r + ", n " + n + ", entry " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void reverseEqualsItsDefinition(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int r = 2; r <= 6; r += 2) {
            for (int n : WIDTHS) {
                int off = 5;
                double[] a = random(rng, off + r * n + 2);
                double[] s = random(rng, off + n + 1);
                double[] gs = random(rng, 7 + r * r);
                for (int u = 0; u < r; u++) {
                    for (int v = 0; v < u; v++) {
                        gs[7 + v * r + u] = gs[7 + u * r + v];
                    }
                }
                double[] abar = random(rng, off + r * n + 4);
                double[] sbar = random(rng, off + n + 3);
                double[] expectedBar = abar.clone();
                double[] expectedS = sbar.clone();
                for (int k = 0; k < n; k++) {
                    double acc = 0;
                    for (int u = 0; u < r; u++) {
                        double y = 0;
                        for (int v = 0; v < r; v++) {
                            y += gs[7 + u * r + v] * a[off + v * n + k];
                        }
                        expectedBar[off + u * n + k] = s[off + k] * y;
                        acc += a[off + u * n + k] * y;
                    }
                    expectedS[off + k] = 0.5 * acc;
                }
                GramKernels.reverse(r, n, gs, 7, a, off, s, abar, off, sbar, off, new double[n], new double[n]);
                String what = "seed " + seed + ", r " + r + ", n " + n;
                for (int i = 0; i < abar.length; i++) {
                    assertEquals(expectedBar[i], abar[i], 1e-13 * (1 + 6 * r), what + ", Ā entry " + i);
                }
                for (int i = 0; i < sbar.length; i++) {
                    assertEquals(expectedS[i], sbar[i], 1e-13 * (1 + 6 * r * r), what + ", s̄ entry " + i);
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
