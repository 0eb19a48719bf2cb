package org.metricflow.flow;

import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * Early stopping on a validation observable: remembers the best parameters and stops when the observable has not
 * improved for {@code patience} epochs, restoring them. Its state (best parameters, best score, epochs since) is part
 * of a checkpoint. Without an observable it only carries the initial parameters. Not thread-safe: one per run.
 */
final class EarlyStopping {
    private final String observable;
    private final int patience;
    private double[][] best;
    private double bestScore;
    private int sinceBest;

    private EarlyStopping(String observable, int patience, double[][] best, double bestScore, int sinceBest) {
        this.observable = observable;
        this.patience = patience;
        this.best = best;
        this.bestScore = bestScore;
        this.sinceBest = sinceBest;
    }

    /** A fresh run: the initial parameters and observables are the best so far. */
    static EarlyStopping start(TrainingConfig config, Map<String, Double> initial, List<DMatrixRMaj> values) {
        return new EarlyStopping(config.earlyStopping, config.patience, Parameters.snapshot(values),
                config.earlyStopping == null ? Double.NaN : initial.get(config.earlyStopping), 0);
    }

    /** A resumed run: the state saved in the checkpoint. */
    static EarlyStopping resumed(TrainingConfig config, Checkpoint c) {
        return new EarlyStopping(config.earlyStopping, config.patience, c.best, c.bestScore, c.sinceBest);
    }

    /**
     * Updates with an epoch's observables; when patience has run out, restores the best parameters.
     *
     * @return the message of the stop, or null to go on
     */
    String update(int epoch, Map<String, Double> observables, List<DMatrixRMaj> values) {
        if (observable == null) {
            return null;
        }
        double score = observables.get(observable);
        if (score < bestScore) {
            bestScore = score;
            best = Parameters.snapshot(values);
            sinceBest = 0;
        } else if (++sinceBest >= patience) {
            Parameters.restore(values, best);
            return "early stop after epoch " + epoch + ": " + observable + " did not improve for " + patience
                    + " epochs; restored the best parameters (" + observable + " = " + bestScore + ")";
        }
        return null;
    }

    /** A checkpoint of the run at {@code epoch} with this state. */
    Checkpoint checkpoint(String fingerprint, int epoch, String historyCsv, List<DMatrixRMaj> values,
            org.metricflow.core.optim.OptimizerState optimizer) {
        return new Checkpoint(fingerprint, epoch, historyCsv, Parameters.snapshot(values), best, bestScore, sinceBest,
                optimizer);
    }
}
