package org.metricflow.geometry.complex.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class UnivariateRootsTest {

    /** Roots planted by construction are recovered (matched greedily), for degrees 1..12 and spread-out moduli. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#many")
    void recoversPlantedRoots(long seed) {
        Rng rng = Seeds.rng(seed);
        int d = 1 + rng.nextInt(12);
        double[] planted = new double[2 * d];
        for (int k = 0; k < d; k++) {
            double mod = Math.exp(rng.uniform(-2, 2));
            double ang = rng.uniform(0, 2 * Math.PI);
            planted[2 * k] = mod * Math.cos(ang);
            planted[2 * k + 1] = mod * Math.sin(ang);
        }
        // coefficients of a·Π(t − r_k), a random complex leading coefficient
        double[] c = new double[2 * (d + 1)];
        c[0] = rng.nextGaussian();
        c[1] = rng.nextGaussian();
        int len = 1;
        for (int k = 0; k < d; k++) {
            double rr = -planted[2 * k];
            double ri = -planted[2 * k + 1];
            for (int l = len; l >= 0; l--) {
                double hr = l > 0 ? c[2 * (l - 1)] : 0;
                double hi = l > 0 ? c[2 * (l - 1) + 1] : 0;
                double lr = l < len ? c[2 * l] : 0;
                double li = l < len ? c[2 * l + 1] : 0;
                // new_l = old_{l-1} + old_l·(−r) in ascending order of powers
                c[2 * l] = hr + lr * rr - li * ri;
                c[2 * l + 1] = hi + lr * ri + li * rr;
            }
            len++;
        }
        double[] roots = new double[2 * d];
        assertTrue(UnivariateRoots.aberth(c, 0, d, roots, 0), "convergence [seed=" + seed + "]");
        boolean[] used = new boolean[d];
        for (int k = 0; k < d; k++) {
            int best = -1;
            double bestDist = Double.POSITIVE_INFINITY;
            for (int j = 0; j < d; j++) {
                if (!used[j]) {
                    double dist = Math.hypot(roots[2 * j] - planted[2 * k], roots[2 * j + 1] - planted[2 * k + 1]);
                    if (dist < bestDist) {
                        bestDist = dist;
                        best = j;
                    }
                }
            }
            used[best] = true;
            // random roots of moduli e^{±2}: conditioning up to ~1e4 at degree 12, so 1e-8 relative is safe
            double mod = Math.hypot(planted[2 * k], planted[2 * k + 1]);
            Seeds.assertClose(0, bestDist, 0, 1e-8 * Math.max(1, mod), seed, "root " + k + " of degree " + d);
        }
    }
}
