package org.metricflow.core.linalg.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The measured fused-multiply-add peak of one core: the reference that dense-product speeds are quoted against
 * ("fraction of peak"). A loop of sixteen dependent {@link Math#fma} per element over a 512-element array (4 kB,
 * resident in L1) that C2 vectorizes; the many independent elements hide the FMA latency, so it runs at the core's
 * vector FMA throughput (≈ 60 GFLOP/s on the reference machine, against ≈ 10 for the same loop with
 * {@code -XX:-UseSuperWord}). Times are the calling thread's CPU time, so other processes on a shared machine do not
 * count, although a sibling hyper-thread still can.
 *
 * <p>Thread safety: stateless; each call measures the calling thread.
 */
public final class FmaPeak {
    private static final int LENGTH = 512;
    private static final int CHAIN = 16;

    private FmaPeak() {
    }

    /**
     * Runs the loop for about {@code millis} milliseconds of this thread's CPU time (in rounds of ≈ 10 ms, after a
     * warm-up of the same length), and returns the fastest round's rate.
     *
     * @param millis measuring time in CPU milliseconds, 1 to 60 000
     * @return the peak in GFLOP/s (10<sup>9</sup> floating-point operations per CPU second, one FMA counting two)
     */
    public static double gflops(long millis) {
        if (millis < 1 || millis > 60_000) {
            throw new IllegalArgumentException("FMA peak: measuring time must be 1..60000 ms, got " + millis);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] x = new double[LENGTH];
        java.util.Arrays.fill(x, 1.0);
        int sweeps = 64;
        double best = 0;
        double sink = 0;
        for (int phase = 0; phase < 2; phase++) {
            long end = mx.getCurrentThreadCpuTime() + millis * 1_000_000L;
            long now;
            do {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int s = 0; s < sweeps; s++) {
                    chains(x, 0.999, 0.001);
                }
                now = mx.getCurrentThreadCpuTime();
                long dt = now - t0;
                if (dt < 5_000_000L) {
                    sweeps *= 2;
                } else if (phase == 1) {
                    best = Math.max(best, 2.0 * CHAIN * LENGTH * (double) sweeps / dt);
                }
                sink += x[LENGTH - 1];
            } while (now < end);
        }
        if (!(sink > 0)) {
            throw new IllegalStateException("FMA peak loop produced " + sink);
        }
        return best;
    }

    /** x ← the 16-fold iterate of v ↦ a v + b, element by element (x → b/(1 − a) = 1 from x = 1: no overflow). */
    private static void chains(double[] x, double a, double b) {
        for (int j = 0; j < x.length; j++) {
            double v = x[j];
            v = Math.fma(v, a, b);
            v = Math.fma(v, a, b);
            v = Math.fma(v, a, b);
            v = Math.fma(v, a, b);
            v = Math.fma(v, a, b);
            v = Math.fma(v, a, b);
            v = Math.fma(v, a, b);
            v = Math.fma(v, a, b);
            v = Math.fma(v, a, b);
            v = Math.fma(v, a, b);
            v = Math.fma(v, a, b);
            v = Math.fma(v, a, b);
            v = Math.fma(v, a, b);
            v = Math.fma(v, a, b);
            v = Math.fma(v, a, b);
            v = Math.fma(v, a, b);
            x[j] = v;
        }
    }
}
