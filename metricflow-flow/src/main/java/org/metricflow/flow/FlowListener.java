package org.metricflow.flow;

import java.util.Map;

/** Receives the progress of a {@link MetricFlow} run (all methods optional). Called on the running thread. */
public interface FlowListener {

    /**
     * Before the first step.
     *
     * @param epochs the number of epochs
     */
    default void onStart(int epochs, int stepsPerEpoch) {
    }

    /**
     * After every optimizer step, with the batch loss.
     */
    default void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
    }

    /**
     * After every epoch (epoch 0: the initial metric), with the validation observables, the elapsed wall time and
     * the estimated time to completion.
     */
    default void onEpoch(int epoch, Map<String, Double> observables, double elapsedSeconds, double etaSeconds) {
    }

    /**
     * After the run, also when it stopped early.
     */
    default void onEnd(FlowResult result) {
    }
}
