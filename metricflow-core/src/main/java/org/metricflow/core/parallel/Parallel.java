package org.metricflow.core.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The worker pool of metricflow's batched kernels: runs tasks 0..tasks−1 on a bounded number of worker threads
 * that pull task indices from a shared counter. Each task must write only its own, precomputed part of the output,
 * so results do not depend on the number of threads or the scheduling (bit-identical to one thread). Workers are
 * daemon threads of one shared pool.
 *
 * <p>The default number of workers is the number of available processors; set it with the system property
 * {@code metricflow.threads} (an integer in [1, {@value #MAX_THREADS}]; any other value is refused by
 * {@link #defaultThreads()} with an {@link IllegalStateException} naming it, never silently ignored) or
 * {@link #setDefaultThreads(int)} (1 runs everything on the calling thread).
 */
public final class Parallel {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "metricflow-worker");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {
    }

    /** The largest number of worker threads accepted (far above any useful count on one machine). */
    public static final int MAX_THREADS = 1024;

    private static volatile String propertyProblem;

    private static volatile int defaultThreads = initialThreads();

    /** A default for the calling thread only ({@link #withDefaultThreads}), or null. */
    private static final ThreadLocal<Integer> CALLER_DEFAULT = new ThreadLocal<>();

    private static int initialThreads() {
        String p = System.getProperty("metricflow.threads");
        if (p != null) {
            int t = -1;
            try {
                t = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                // refused below
            }
            if (t >= 1 && t <= MAX_THREADS) {
                return t;
            }
            propertyProblem = "the system property metricflow.threads must be an integer in [1, " + MAX_THREADS
                    + "], got '" + p + "'";
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The default number of worker threads (available processors unless configured).
     *
     * @return the default number of worker threads, in [1, {@value #MAX_THREADS}] when configured
     * @throws IllegalStateException if the system property {@code metricflow.threads} is not an integer in
     *     [1, {@value #MAX_THREADS}] (and {@link #setDefaultThreads} was not called since)
     */
    public static int defaultThreads() {
        Integer caller = CALLER_DEFAULT.get();
        if (caller != null) {
            return caller;
        }
        String problem = propertyProblem;
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        return defaultThreads;
    }

    /**
     * Sets the default number of worker threads; this also overrides an invalid {@code metricflow.threads}.
     *
     * @param threads the number of workers, in [1, {@value #MAX_THREADS}]
     * @throws IllegalArgumentException outside that range
     */
    public static void setDefaultThreads(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must lie in [1, " + MAX_THREADS + "], got " + threads);
        }
        defaultThreads = threads;
        propertyProblem = null;
    }

    /**
     * Runs {@code body} on the calling thread with {@link #defaultThreads()} = {@code threads} for the kernels it
     * calls from this thread, and the previous default restored afterwards; other threads are unaffected. For a
     * host that already runs several such bodies at once, e.g. one per task of a distributed engine given one core
     * each, so that they do not each spread over all processors.
     *
     * @param threads the default number of workers inside {@code body}, in [1, {@value #MAX_THREADS}]
     * @param body the computation
     * @param <T> its result type
     * @return the body's result
     * @throws IllegalArgumentException if threads lies outside that range
     */
    public static <T> T withDefaultThreads(int threads, java.util.function.Supplier<T> body) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must lie in [1, " + MAX_THREADS + "], got " + threads);
        }
        Integer before = CALLER_DEFAULT.get();
        CALLER_DEFAULT.set(threads);
        try {
            return body.get();
        } finally {
            if (before == null) {
                CALLER_DEFAULT.remove();
            } else {
                CALLER_DEFAULT.set(before);
            }
        }
    }

    /**
     * {@link #run(int, int, IntConsumer)} with the default number of threads.
     */
    public static void run(int tasks, IntConsumer body) {
        run(tasks, defaultThreads(), body);
    }

    /**
     * Runs {@code body.accept(task)} for every task on min(threads, tasks) workers; rethrows the first failure
     * (unchecked exceptions unchanged).
     */
    public static void run(int tasks, int threads, IntConsumer body) {
        int workers = Math.max(1, Math.min(threads, tasks));
        if (workers == 1) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            futures.add(POOL.submit(() -> {
                for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                    body.accept(t);
                }
            }));
        }
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    Throwable c = e.getCause();
                    failure = c instanceof RuntimeException ? (RuntimeException) c : new IllegalStateException(c);
                }
                next.set(tasks);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                next.set(tasks);
                failure = new IllegalStateException("interrupted while waiting for worker threads", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
