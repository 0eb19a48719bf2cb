package org.metricflow.core.testing;

import java.util.stream.LongStream;
import org.metricflow.core.random.Rng;

/**
 * The shared helper for property-based tests: JUnit 5 parameterized tests over seeded random cases.
 *
 * <pre>{@code
 * @ParameterizedTest(name = Seeds.NAME)
 * @MethodSource("org.metricflow.core.testing.Seeds#some")
 * void property(long seed) {
 *     Rng rng = Seeds.rng(seed);
 *     ... Seeds.assertClose(expected, actual, 1e-9, seed, "what is compared");
 * }
 * }</pre>
 * The display name carries the seed, and every assertion message from this helper names it too, so a
 * failure can be reproduced by running that one seed.
 */
public final class Seeds {
    /** Display name for parameterized tests whose first argument is the seed. */
    public static final String NAME = "[{index}] seed={0}";

    private static final long BASE = 0x6D65747269636CL; // "metricl"

    private Seeds() {
    }

    /** 16 fixed seeds: for properties that are expensive per case. */
    public static LongStream few() {
        return seeds(16);
    }

    /** 48 fixed seeds: the default. */
    public static LongStream some() {
        return seeds(48);
    }

    /** 200 fixed seeds: for cheap properties. */
    public static LongStream many() {
        return seeds(200);
    }

    /** {@code count} fixed, well-spread seeds. */
    public static LongStream seeds(int count) {
        return LongStream.range(0, count).map(i -> Rng.stream(BASE, i).nextLong() & 0xFFFFFFFFFFFFL);
    }

    /** The generator for one case. */
    public static Rng rng(long seed) {
        return Rng.of(seed);
    }

    /**
     * Asserts |expected − actual| ≤ absTol + relTol·|expected|, naming the seed and what was compared.
     */
    public static void assertClose(double expected, double actual, double relTol, double absTol, long seed,
            String what) {
        double err = Math.abs(expected - actual);
        if (!(err <= absTol + relTol * Math.abs(expected))) {
            throw new AssertionError(String.format(
                    "%s: expected %.17g but got %.17g (|diff| = %.3g, tolerance %.3g abs + %.3g rel) [seed=%d]",
                    what, expected, actual, err, absTol, relTol, seed));
        }
    }

    /** Element-wise {@link #assertClose(double, double, double, double, long, String)} over arrays. */
    public static void assertAllClose(double[] expected, double[] actual, double relTol, double absTol, long seed,
            String what) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": lengths differ, expected " + expected.length + " but got "
                    + actual.length + " [seed=" + seed + "]");
        }
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], relTol, absTol, seed, what + "[" + i + "]");
        }
    }
}
