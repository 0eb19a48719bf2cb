/**
 * metricflow on Apache Spark: the library's Monte-Carlo integrals, Donaldson iteration, full-batch training and
 * metric-NTK with the work spread over the partitions of a cluster, giving the single-JVM results.
 *
 * <h2>Why the results equal one JVM's</h2>
 * Every estimate of the library that Spark distributes is a function of sums over points. A Monte-Carlo mean or
 * ratio of means is a function of the count, the means and the centred co-moments of a few per-point quantities
 * ({@link org.metricflow.core.stats.Moments}); those of two disjoint samples A, B combine exactly by
 * n = n<sub>A</sub> + n<sub>B</sub>, x̄ = x̄<sub>A</sub> + δ n<sub>B</sub>/n, C = C<sub>A</sub> + C<sub>B</sub> +
 * δδᵀ n<sub>A</sub>n<sub>B</sub>/n (δ = x̄<sub>B</sub> − x̄<sub>A</sub>). Donaldson's T̂(H) = (N/Σw) Σ<sub>p</sub>
 * w<sub>p</sub>s<sub>p</sub>s<sub>p</sub><sup>†</sup>/(s<sub>p</sub><sup>†</sup>Hs<sub>p</sub>) and the full-batch
 * loss L = Σ w<sub>p</sub>ℓ<sub>p</sub>/Σw with its gradient are plain sums. So each partition computes the library's
 * partial sums of its points in one task, the driver merges them in partition order (a {@code treeAggregate} when
 * they are too many to receive at once), and applies the library's final formula: the result differs from one JVM
 * only by the order of floating-point additions (≈ 1e-16 relative each; the tests require 1e-12). The sums inside a partition are compensated (Neumaier's
 * summation: within {@link org.metricflow.core.stats.Moments} and across a partition's batches of T̂ and gradient
 * sums), so their rounding error does not grow with the number of points a partition holds.
 *
 * <h2>Reproducibility</h2>
 * Partition p of N points holds points N·p/P..N·(p+1)/P − 1 drawn with the seed {@code Rng.stream(seed, p)}: the
 * points depend on (seed, N, P) only, never on executors, cores or task order, and a retried task recomputes exactly
 * its points. Parquet output keeps them (columns in {@link org.metricflow.spark.DistributedPoints}).
 *
 * <h2>Threads</h2>
 * Driver-side classes are not thread-safe (one driver loop each); executors run the library single-threaded per
 * task where it has a thread count, and one Spark core per task.
 */
package org.metricflow.spark;
