package org.metricflow.examples.cli;

import java.util.ArrayList;
import java.util.List;
import org.metricflow.core.resources.MemoryBudget;
import org.metricflow.core.resources.ResourceLimitException;

/**
 * The central memory estimate of one command's whole run, made before any work: named parts (model, optimizer
 * state, fused buffers, batch, points, curvature arrays, kernels) in bytes, with saturating arithmetic so that absurd
 * option values give a huge estimate rather than an overflow. {@link #require} compares the total with the heap limit
 * ({@link MemoryBudget#limit()}, i.e. {@code Runtime.maxMemory()}). Not thread-safe (built and checked by one thread).
 */
public final class MemoryEstimate {
    private final List<String> parts = new ArrayList<>();
    private final List<Long> bytes = new ArrayList<>();

    private MemoryEstimate() {
    }

    /**
     * An empty estimate.
     *
     * @return an estimate of 0 bytes to which parts are added
     */
    static MemoryEstimate of() {
        return new MemoryEstimate();
    }

    /**
     * Adds a part of Π dims doubles (8 bytes each); negative dimensions count as 0.
     *
     * @param part what the doubles hold, e.g. "Adam state (4 × 91 501 parameters)"
     * @param dims the array's dimensions; their product saturates at {@code Long.MAX_VALUE}
     * @return this estimate
     */
    MemoryEstimate doubles(String part, long... dims) {
        long n = 1;
        for (long d : dims) {
            n = times(n, Math.max(0, d));
        }
        parts.add(part);
        bytes.add(times(n, 8));
        return this;
    }

    /**
     * The total in bytes (saturating).
     *
     * @return the sum of all parts in bytes, at most {@code Long.MAX_VALUE}
     */
    long total() {
        long t = 0;
        for (long b : bytes) {
            t = t > Long.MAX_VALUE - b ? Long.MAX_VALUE : t + b;
        }
        return t;
    }

    /**
     * Requires the total to fit within the heap limit.
     *
     * @param howToBound the options the user can change, e.g. "use a smaller --width or --depth"
     * @throws ResourceLimitException naming the total, the largest part, the heap limit and how to bound it
     */
    void require(String howToBound) {
        if (total() <= MemoryBudget.limit()) {
            return;
        }
        int largest = 0;
        for (int i = 1; i < bytes.size(); i++) {
            if (bytes.get(i) > bytes.get(largest)) {
                largest = i;
            }
        }
        MemoryBudget.requireBytes("this run (largest part: " + parts.get(largest) + ", "
                + MemoryBudget.format(bytes.get(largest)) + ")", howToBound, total());
    }

    /** The estimate as text, e.g. "1.2 GiB". */
    @Override
    public String toString() {
        return MemoryBudget.format(total());
    }

    private static long times(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
