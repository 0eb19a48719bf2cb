package org.metricflow.flow;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.optim.Optimizer;

/**
 * The last good parameters of a run and what happens when a step fails: restore them, and (with
 * {@link MetricFlow.Builder#nonFiniteRetries}) retry with a halved learning rate a bounded number of times. "Last
 * good" are the parameters at which the training loss and its gradient were last evaluated finite, or those validated
 * at the end of the previous epoch. The home of every rollback policy. Not thread-safe: one per run.
 */
final class Rollback {
    private final double[][] lastGood;
    private final int retries;
    private int count;
    private final StringBuilder notes = new StringBuilder();

    Rollback(List<DMatrixRMaj> values, int retries) {
        this.lastGood = Parameters.snapshot(values);
        this.retries = retries;
    }

    /** The current parameters are good (finite loss and gradient, or validated): remember them. */
    void markGood(List<DMatrixRMaj> values) {
        Parameters.copyInto(values, lastGood);
    }

    /** Puts the last good parameters back. */
    void restore(List<DMatrixRMaj> values) {
        Parameters.restore(values, lastGood);
    }

    /**
     * After a failed step (parameters already restored): whether to go on with a halved learning rate.
     *
     * @param what the failure, for the result message
     * @param optimizer the run's optimizer, whose rate is halved on a retry
     * @return true to skip the step and go on, false to stop the run
     */
    boolean retry(String what, Optimizer optimizer) {
        if (count >= retries) {
            return false;
        }
        count++;
        optimizer.setLearningRate(optimizer.learningRate() / 2);
        notes.append(notes.length() == 0 ? "" : "; ").append(what).append(" → rolled back, learning rate halved");
        return true;
    }

    /** The message of a run stopped by a non-finite step. */
    String stopMessage(String what, double learningRate) {
        return String.format(java.util.Locale.ROOT, "stopped at %s; kept the parameters of the last good step — lower"
                + " the learning rate (now %.3g)%s", what, learningRate,
                count == 0 ? "" : " (after " + count + " rollbacks: " + notes + ")");
    }

    /** "; k non-finite step(s) rolled back: …" for a run that went on, else "". */
    String summary() {
        return count == 0 ? "" : "; " + count + " non-finite step(s) rolled back: " + notes;
    }
}
