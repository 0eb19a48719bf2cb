/**
 * Resource bounds checked before large allocations, so that a request that cannot fit fails at once with the size
 * it would need and how to bound it, instead of an {@link java.lang.OutOfMemoryError} minutes later (or a silent
 * {@code int} overflow of an array length).
 *
 * <p>A dense N×M matrix of doubles needs 8·N·M bytes; e.g. the metric-NTK of N points with m metric components is
 * (N·m)×(N·m), 8·N²·m² bytes: 10⁶ points of a 3-fold (m = 9) would need 6.5·10¹⁴ bytes (589 TiB). Requests are
 * compared with {@link java.lang.Runtime#maxMemory()} (the {@code -Xmx} ceiling of the heap) and with the largest
 * Java array (2³¹ − 9 elements).
 */
package org.metricflow.core.resources;
