package org.metricflow.flow;

import java.util.List;
import java.util.Map;

/** The run's listeners and its start time: start, step, epoch (with elapsed time and ETA) and end notifications. */
final class Progress {
    private final List<FlowListener> listeners;
    private final long start;

    Progress(List<FlowListener> listeners, long start) {
        this.listeners = listeners;
        this.start = start;
    }

    /** Seconds since the run started. */
    double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    void start(int epochs, int steps) {
        for (FlowListener l : listeners) {
            l.onStart(epochs, steps);
        }
    }

    void step(int epoch, int step, int steps, double loss) {
        for (FlowListener l : listeners) {
            l.onStep(epoch, step, steps, loss);
        }
    }

    void epoch(int epoch, Map<String, Double> observables, double eta) {
        double elapsed = elapsed();
        for (FlowListener l : listeners) {
            l.onEpoch(epoch, observables, elapsed, eta);
        }
    }

    void end(FlowResult result) {
        for (FlowListener l : listeners) {
            l.onEnd(result);
        }
    }
}
