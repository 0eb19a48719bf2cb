/**
 * Deterministic parallelism: {@link org.metricflow.core.parallel.Parallel} splits batched work into tasks that each
 * write their own part of the output, so results are bit-identical for any number of threads.
 */
package org.metricflow.core.parallel;
