package org.metricflow.flow;

/** Why a flow run ended. */
public enum StopReason {
    /** All epochs ran. */
    COMPLETED,
    /** The early-stopping observable did not improve for the configured patience; the best parameters were kept. */
    EARLY_STOPPED,
    /** A step produced NaN or ±∞; the last good parameters were kept (see {@link FlowResult#message()}). */
    NON_FINITE,
    /**
     * The run diverged (the metric stopped being positive definite on validation points, or the validation loss
     * exploded); the previous epoch's parameters were restored (see {@link FlowResult#message()}).
     */
    DIVERGED,
    /** A stop request ({@link MetricFlow.Builder#stopWhen}) ended the run; the last completed epoch was kept. */
    INTERRUPTED
}
