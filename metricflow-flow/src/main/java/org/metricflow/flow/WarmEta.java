package org.metricflow.flow;

/**
 * Time left from the rate measured after warm-up: the first report (which includes the JIT's compilation of the hot
 * loops) only starts the clock; an estimate exists once at least 2% of the work and one second have passed since.
 * Shared by {@link ConsoleProgress} and {@link StageProgress}. Not thread-safe.
 */
final class WarmEta {
    private long warmNanos = -1;
    private double warmDone;

    /** Forgets the warm-up point (a new run or stage starts). */
    void reset() {
        warmNanos = -1;
    }

    /**
     * Records that fraction {@code done} was reached at {@code now}; the first call after {@link #reset} marks the
     * end of warm-up.
     */
    void report(long now, double done) {
        if (warmNanos < 0) {
            warmNanos = now;
            warmDone = done;
        }
    }

    /**
     * Seconds left at fraction {@code done} ∈ [0, 1] reached at {@code now} (nanoseconds of {@link System#nanoTime});
     * NaN during warm-up.
     */
    double seconds(long now, double done) {
        double since = (now - warmNanos) / 1e9;
        double progressed = done - warmDone;
        if (warmNanos < 0 || progressed < 0.02 || since < 1.0) {
            return Double.NaN;
        }
        return since / progressed * Math.max(0, 1 - done);
    }
}
