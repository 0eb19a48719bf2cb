package org.metricflow.flow;

import org.metricflow.nn.metric.KahlerMetricModel;

/**
 * The outcome of {@link MetricFlow#run()}: the history of every observable per epoch, the trained model (its
 * parameters are the final ones, or the last good / best ones when the run stopped early), the wall time and why
 * the run stopped.
 *
 * @param history observables per epoch (epoch 0 = initial metric)
 * @param model the trained metric model (the same instance the flow trained, not a copy; not thread-safe)
 * @param seconds wall-clock seconds of the run, ≥ 0
 * @param stopReason why the run ended (all epochs, early stopping, a non-finite step, divergence, …)
 * @param message a human-readable account of the end (names the epoch and step of a non-finite step)
 */
public record FlowResult(History history, KahlerMetricModel model, double seconds, StopReason stopReason,
        String message) {
}
