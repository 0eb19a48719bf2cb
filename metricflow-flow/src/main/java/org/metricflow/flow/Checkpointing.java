package org.metricflow.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.optim.OptimizerState;
import org.metricflow.geometry.complex.PointSet;

/**
 * Checkpoints of a run: the fingerprint that ties a checkpoint to its configuration (every result-determining
 * setting: variety, points, seed, split, batch, optimizer, rates, losses, network, features, linearization,
 * dynamics, probes, parameter shapes), reading one to resume and writing one every
 * {@code checkpointEvery} epochs and after the last. The home of every checkpoint policy. Not thread-safe.
 */
final class Checkpointing {
    private final TrainingConfig config;
    private final String fingerprint;

    Checkpointing(TrainingConfig config, PointSet all, List<DMatrixRMaj> values) {
        this.config = config;
        this.fingerprint = fingerprint(config, all, values);
    }

    /**
     * Every setting that determines the result, as "name=value; …" (compared field by field on resume, so that a
     * changed activation, parametrization, feature map, width, depth, linearization, loss weight, dynamics, probe
     * or split is refused naming the field; see {@link Checkpoint#differences}).
     */
    private static String fingerprint(TrainingConfig config, PointSet all, List<DMatrixRMaj> values) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("variety", all.variety().name());
        f.put("points", all.size());
        f.put("seed", config.seed);
        f.put("validation", config.validationFraction);
        f.put("batch", config.batchSize);
        f.put("optimizer", config.optimizerName);
        f.put("lr", config.learningRate);
        if (config.schedule != null) {
            // A schedule is a function: its first rates stand for it (a changed decay horizon changes them).
            StringBuilder rates = new StringBuilder();
            for (int e = 0; e < 5; e++) {
                rates.append(e == 0 ? "" : " ").append(config.schedule.rate(e));
            }
            f.put("schedule", rates);
        }
        StringBuilder losses = new StringBuilder();
        for (int i = 0; i < config.losses.size(); i++) {
            losses.append(i == 0 ? "" : " ").append(config.losses.get(i).name()).append('*')
                    .append(config.lossWeights.get(i));
        }
        f.put("losses", losses);
        if (config.model == null) {
            f.put("activation", config.activation);
            f.put("parametrization", config.parametrization);
            f.put("features", config.features);
            f.put("width", config.width);
            f.put("depth", config.depth);
        } else {
            f.put("model", config.model.getClass().getSimpleName());
        }
        f.put("linearized", config.linearized);
        f.put("dynamics", config.dynamics);
        f.put("lbfgs", config.lbfgsIterations);
        f.put("earlyStopping", config.earlyStopping + "/" + config.patience);
        f.put("kernelProbe", config.kernelProbe);
        f.put("curvatureProbe", config.curvatureProbe);
        f.put("nonFiniteRetries", config.nonFiniteRetries);
        StringBuilder shapes = new StringBuilder();
        for (DMatrixRMaj v : values) {
            shapes.append(shapes.length() == 0 ? "" : " ").append(v.numRows).append('x').append(v.numCols);
        }
        f.put("parameters", shapes);
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : f.entrySet()) {
            sb.append(sb.length() == 0 ? "" : "; ").append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /** The checkpoint of the state after {@code epoch} (kept in memory; written by {@link #onStop}). */
    Checkpoint snapshot(int epoch, History.Recorder recorder, List<DMatrixRMaj> values, EarlyStopping early,
            OptimizerState optimizer) {
        return early.checkpoint(fingerprint, epoch, recorder.snapshot().toCsv(), values, optimizer);
    }

    /**
     * After a stop request in {@code epoch}, step {@code step}: writes the last completed epoch's checkpoint
     * atomically to {@code config.stopCheckpoint} and returns the run's message.
     */
    String onStop(Checkpoint last, int epoch, int step, List<DMatrixRMaj> values) {
        String where = "stopped on request in epoch " + epoch + ", step " + step + "; kept the parameters of epoch "
                + last.epoch;
        if (last.epoch == 0) {
            return where + "; no epoch was completed, so there is nothing to resume (run it again)";
        }
        if (config.stopCheckpoint == null) {
            return where;
        }
        try {
            last.write(config.stopCheckpoint, values);
        } catch (IOException e) {
            return where + "; the checkpoint could not be written to " + config.stopCheckpoint + " ("
                    + e.getMessage() + ")";
        }
        return where + "; checkpoint of epoch " + last.epoch + " written to " + config.stopCheckpoint;
    }

    /** Reads the checkpoint to resume from (its fingerprint must match this run's). */
    Checkpoint resume(List<DMatrixRMaj> values) {
        try {
            return Checkpoint.read(config.resumeFrom, fingerprint, values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + config.resumeFrom + ": " + e.getMessage(), e);
        }
    }

    /** Writes a checkpoint after {@code epoch} when one is due. */
    void afterEpoch(int epoch, History.Recorder recorder, List<DMatrixRMaj> values, EarlyStopping early,
            OptimizerState optimizer) {
        if (config.checkpointFile == null || (epoch % config.checkpointEvery != 0 && epoch != config.epochs)) {
            return;
        }
        try {
            early.checkpoint(fingerprint, epoch, recorder.snapshot().toCsv(), values, optimizer)
                    .write(config.checkpointFile, values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + config.checkpointFile + ": "
                    + e.getMessage(), e);
        }
    }
}
