package org.metricflow.core.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@link Parallel#withDefaultThreads}: the default applies to the calling thread inside the body only (nested bodies
 * restore the outer value, a failing body restores it too, other threads never see it), and the kernels' results do
 * not depend on it.
 */
class ParallelTest {

    @Test
    void callerDefaultIsScopedToTheBodyAndTheThread() throws Exception {
        int global = Parallel.defaultThreads();
        int inside = Parallel.withDefaultThreads(1, () -> {
            int other = CompletableFuture.supplyAsync(Parallel::defaultThreads).join();
            assertEquals(global, other, "another thread keeps the global default");
            int nested = Parallel.withDefaultThreads(3, Parallel::defaultThreads);
            assertEquals(3, nested);
            return Parallel.defaultThreads();
        });
        assertEquals(1, inside);
        assertEquals(global, Parallel.defaultThreads());
        assertThrows(IllegalStateException.class, () -> Parallel.withDefaultThreads(2, () -> {
            throw new IllegalStateException("fails");
        }));
        assertEquals(global, Parallel.defaultThreads(), "restored after a failure");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Parallel.withDefaultThreads(0, () -> 0));
        assertEquals("threads must lie in [1, 1024], got 0", e.getMessage());
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        double[] a = new double[1000];
        double[] b = new double[1000];
        Parallel.withDefaultThreads(1, () -> {
            Parallel.run(a.length, t -> a[t] = Math.sin(t));
            return null;
        });
        Parallel.withDefaultThreads(4, () -> {
            Parallel.run(b.length, t -> b[t] = Math.sin(t));
            return null;
        });
        assertArrayEquals(a, b);
    }
}
