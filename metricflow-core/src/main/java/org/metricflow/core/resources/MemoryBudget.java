package org.metricflow.core.resources;

import java.util.Locale;

/**
 * Checks a planned allocation against the heap before it is made.
 *
 * <pre>{@code
 * MemoryBudget.requireDoubles("the metric-NTK of " + n + " points", "use fewer points or MetricNtk.apply",
 *         (long) n * m, (long) n * m);
 * }</pre>
 * The limit is {@link Runtime#maxMemory()} (the {@code -Xmx} ceiling): a request larger than the whole heap can never
 * succeed. Each single array is also limited to {@link #MAX_ARRAY_LENGTH} elements.
 */
public final class MemoryBudget {
    /** The longest Java array this library allocates (the JVM limit is slightly below 2³¹ − 1). */
    public static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8L;

    private MemoryBudget() {
    }

    /**
     * The heap ceiling requests are compared with: {@link Runtime#maxMemory()}.
     */
    public static long limit() {
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * Π dims, or {@link Long#MAX_VALUE} if the product overflows a long (negative dims count as 0).
     */
    public static long product(long... dims) {
        long p = 1;
        for (long d : dims) {
            if (d <= 0) {
                return 0;
            }
            if (p > Long.MAX_VALUE / d) {
                return Long.MAX_VALUE;
            }
            p *= d;
        }
        return p;
    }

    /**
     * Requires that one array of Π dims doubles fits: at most {@link #MAX_ARRAY_LENGTH} elements and 8·Π dims bytes
     * within {@link #limit()}.
     *
     * @param what the request, e.g. "the metric-NTK of 1000000 points (9000000×9000000)"
     * @param howToBound what the caller can change, e.g. "use fewer points or MetricNtk.apply"
     * @throws ResourceLimitException otherwise, naming the size needed, the limit and how to bound the request
     */
    public static void requireDoubles(String what, String howToBound, long... dims) {
        long elements = product(dims);
        long bytes = elements > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : elements * 8;
        if (elements > MAX_ARRAY_LENGTH) {
            throw new ResourceLimitException(what + " needs one array of " + elements + " doubles ("
                    + format(bytes) + "), more than a Java array can hold (" + MAX_ARRAY_LENGTH + "); " + howToBound,
                    bytes);
        }
        requireBytes(what, howToBound, bytes);
    }

    /**
     * Requires that {@code bytes} fit within {@link #limit()}.
     *
     * @throws ResourceLimitException otherwise, naming the size needed, the limit and how to bound the request
     */
    public static void requireBytes(String what, String howToBound, long bytes) {
        long limit = limit();
        if (bytes > limit) {
            throw new ResourceLimitException(what + " needs " + format(bytes) + " but this JVM's heap is at most "
                    + format(limit) + " (-Xmx); " + howToBound, bytes);
        }
    }

    /**
     * A byte count for people: "512 B", "3.0 MiB", "59.3 TiB".
     */
    public static String format(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 8 EiB";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
