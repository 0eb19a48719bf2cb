package org.metricflow.spark;

import java.util.function.Supplier;
import org.apache.spark.TaskContext;
import org.metricflow.core.parallel.Parallel;

/**
 * The library's kernels inside a Spark task use the task's cores ({@code spark.task.cpus}, default 1), not every
 * processor of the executor: Spark already runs one task per core, and each spreading over all of them would
 * oversubscribe the executor (measured: +60 % CPU time for χ in {@code local[2]}). Results do not depend on the
 * thread count (the library's kernels are bit-identical on any number of threads).
 */
final class TaskThreads {
    private TaskThreads() {
    }

    /**
     * Runs {@code body} with the library's default thread count set to the current task's cores (1 outside a task).
     *
     * @param body the task's computation
     * @param <T> its result type
     * @return the body's result
     */
    static <T> T call(Supplier<T> body) {
        TaskContext task = TaskContext.get();
        return Parallel.withDefaultThreads(task == null ? 1 : Math.max(1, task.cpus()), body);
    }
}
