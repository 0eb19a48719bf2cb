package org.metricflow.core.random;

import java.util.SplittableRandom;

/**
 * The seedable random generator every random draw in metricflow goes through.
 *
 * <p>The same seed gives the same sequence of draws, bit for bit, on every JVM: the generator is
 * {@link SplittableRandom} (SplitMix64), whose algorithm is fixed by its specification, and the normal
 * deviates come from a Box–Muller transform written here rather than from a JDK method whose
 * implementation could change. Independent streams for parallel work are derived with {@link #split()}
 * or {@link #stream(long, long)} so that results do not depend on scheduling.
 *
 * <p>Not thread-safe: give every thread its own stream.
 */
public final class Rng {
    private final SplittableRandom random;
    private boolean hasSpareGaussian;
    private double spareGaussian;

    private Rng(SplittableRandom random) {
        this.random = random;
    }

    /**
     * A generator whose draws are fixed by {@code seed}.
     *
     * @param seed any long; equal seeds give equal sequences on every JVM (SplittableRandom)
     */
    public static Rng of(long seed) {
        return new Rng(new SplittableRandom(seed));
    }

    /**
     * The {@code index}-th independent sub-stream of the stream seeded by {@code seed}; the same
     * (seed, index) always gives the same stream, whatever else was drawn.
     *
     * @param seed the seed of the parent stream, any long
     */
    public static Rng stream(long seed, long index) {
        return new Rng(new SplittableRandom(mix(seed ^ mix(index + 0x9E3779B97F4A7C15L))));
    }

    /**
     * A new generator statistically independent of this one; advances this one.
     */
    public Rng split() {
        return new Rng(random.split());
    }

    /**
     * A uniform deviate in [0, 1).
     */
    public double nextDouble() {
        return random.nextDouble();
    }

    /**
     * A uniform deviate in [lo, hi).
     */
    public double uniform(double lo, double hi) {
        if (!(hi > lo)) {
            throw new IllegalArgumentException("uniform(lo, hi) needs lo < hi, got lo=" + lo + ", hi=" + hi);
        }
        return lo + (hi - lo) * random.nextDouble();
    }

    /**
     * A uniform integer in [0, bound).
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("nextInt(bound) needs bound > 0, got " + bound);
        }
        return random.nextInt(bound);
    }

    /**
     * A uniform 64-bit value.
     */
    public long nextLong() {
        return random.nextLong();
    }

    /**
     * A standard normal deviate (polar Box–Muller, deterministic across JVMs).
     */
    public double nextGaussian() {
        if (hasSpareGaussian) {
            hasSpareGaussian = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2.0 * random.nextDouble() - 1.0;
            v = 2.0 * random.nextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double factor = Math.sqrt(-2.0 * Math.log(s) / s);
        spareGaussian = v * factor;
        hasSpareGaussian = true;
        return u * factor;
    }

    /**
     * A normal deviate with the given mean and standard deviation.
     */
    public double gaussian(double mean, double stddev) {
        return mean + stddev * nextGaussian();
    }

    /**
     * Fills {@code out} with independent N(0, stddev²) deviates.
     */
    public void fillGaussian(double[] out, double stddev) {
        for (int i = 0; i < out.length; i++) {
            out[i] = stddev * nextGaussian();
        }
    }

    /**
     * Fills {@code out} with independent uniform deviates in [lo, hi).
     */
    public void fillUniform(double[] out, double lo, double hi) {
        for (int i = 0; i < out.length; i++) {
            out[i] = uniform(lo, hi);
        }
    }

    /**
     * A uniformly random permutation of 0..n-1 (Fisher–Yates).
     */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
