package org.metricflow.geometry.complex.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs tasks 0..tasks−1 on a fixed number of worker threads that pull task indices from a shared counter.
 * Each task must write only its own, precomputed part of the output, so results do not depend on the
 * number of threads or the scheduling. Workers are daemon threads of one shared pool.
 */
public final class Parallel {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "metricflow-geometry-worker");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {
    }

    /** The default number of worker threads: the available processors. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
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
