package org.metricflow.flow.perelman;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.testing.Seeds;

/**
 * The random-Fourier-feature network's −F flow approaches Perelman's PDE as the width grows (bandwidth 8 on an
 * 8×8 grid, i.e. frequencies well past the Nyquist frequency 4, where the expected kernel is δ on the grid).
 */
class PerelmanLimitTest {

    /** Two seeds: one table costs about a second. */
    static LongStream twoSeeds() {
        return Seeds.seeds(2);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("twoSeeds")
    void distanceToThePdeDecreasesAsTheWidthGrows(long seed) {
        int[] widths = {64, 512, 4096};
        PerelmanLimit.Result[][] t = PerelmanLimit.table(2, 8, 0.02, widths, new double[] {8}, seed);
        // The kernel's random part has relative size ~ (grid points / W)^{1/2} = (64/W)^{1/2}, so the distance
        // should fall roughly by √8 ≈ 2.8 per step (measured 0.67 → 0.25 → 0.14 for seed 1, with a bandwidth
        // floor); demand a factor 1.3 per step and a final distance below a third of the motion.
        for (int i = 1; i < widths.length; i++) {
            double prev = t[i - 1][0].distanceToPde();
            double cur = t[i][0].distanceToPde();
            assertTrue(cur < prev / 1.3, "width " + widths[i - 1] + " → " + widths[i] + ": " + prev + " → " + cur);
        }
        assertTrue(t[widths.length - 1][0].distanceToPde() < 0.35, "W = 4096: " + t[widths.length - 1][0].distanceToPde());
        // both flows increase F from F(g0) (≈ 0 on T² by Gauss–Bonnet, with m = √det g0)
        assertTrue(t[0][0].pdeF() > t[0][0].initialF() && t[2][0].networkF() > t[2][0].initialF());
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("twoSeeds")
    void aSmoothKernelStaysFarFromThePde(long seed) {
        // bandwidth 1: κ(x,y) ≈ E cos(k·(x−y)) is a wide bump, not δ — the flow is a heavily smoothed one
        PerelmanLimit.Result[][] t = PerelmanLimit.table(2, 8, 0.02, new int[] {1024}, new double[] {1, 8}, seed);
        assertTrue(t[0][0].distanceToPde() > 2 * t[0][1].distanceToPde(),
                "bandwidth 1: " + t[0][0].distanceToPde() + ", bandwidth 8: " + t[0][1].distanceToPde());
    }
}
