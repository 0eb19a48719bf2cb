package org.metricflow.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.Test;
import org.metricflow.geometry.complex.CurvatureIntegrals;

/**
 * A task that throws on its first attempt is retried by Spark ({@code local[2,4]} allows 4 attempts) and the result
 * is that of a run without the fault: the retried partition re-derives its points from (seed, partition) and its
 * partial sums are merged once. Same tolerances as {@link DistributedIntegralsTest} (merge order only).
 */
class RetriedTaskTest {
    /** Attempts seen for the faulty partition (the test JVM runs the local executor, so a static counts them). */
    static final AtomicInteger ATTEMPTS = new AtomicInteger();

    @Test
    void aFailedTaskIsRetriedAndTheResultIsUnchanged() {
        DistributedPoints clean = DistributedPoints.sample(LocalSpark.context(), "fermat-cubic", 2000, 4, 31);
        CurvatureIntegrals.ChernNumbers expected = DistributedIntegrals.chernNumbers(clean,
                MetricSource.fubiniStudy());
        DistributedPoints faulty = DistributedPoints.sample(LocalSpark.context(), "fermat-cubic", 2000, 4, 31)
                .mapBatches(b -> {
                    TaskContext t = TaskContext.get();
                    if (t.partitionId() == 2) {
                        ATTEMPTS.incrementAndGet();
                        if (t.attemptNumber() == 0) {
                            throw new IllegalStateException("injected fault in partition 2, attempt 0");
                        }
                    }
                    return b;
                });
        CurvatureIntegrals.ChernNumbers got = DistributedIntegrals.chernNumbers(faulty, MetricSource.fubiniStudy());
        assertTrue(ATTEMPTS.get() >= 2, "partition 2 ran " + ATTEMPTS.get() + " times");
        DistributedIntegralsTest.assertSame(expected.euler(), got.euler(), "χ");
        DistributedIntegralsTest.assertSame(expected.volume(), got.volume(), "volume");
        DistributedIntegralsTest.assertSame(expected.ricciMeasure(), got.ricciMeasure(), "Ricci measure");
    }
}
