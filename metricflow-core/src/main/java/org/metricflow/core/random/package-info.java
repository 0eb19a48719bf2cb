/**
 * Seeded randomness. Every random draw in metricflow goes through {@link org.metricflow.core.random.Rng},
 * so a computation started from the same seed reproduces bit-identical results. Parallel work draws
 * from sub-streams {@code Rng.stream(seed, index)} keyed by the work item, never by the thread.
 */
package org.metricflow.core.random;
