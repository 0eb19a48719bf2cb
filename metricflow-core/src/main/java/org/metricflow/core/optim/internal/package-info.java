/**
 * Internals of the optimizers: per-parameter shape bookkeeping and buffers, learning-rate control, schedule
 * implementations, and the strong-Wolfe line search (Nocedal &amp; Wright Alg. 3.5/3.6 with cubic interpolation
 * and Hager–Zhang's approximate-Wolfe tolerance for rounding in f). Not part of the public API.
 */
package org.metricflow.core.optim.internal;
