package org.metricflow.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.optim.OptimizerState;

/**
 * Checkpoints of a run: the fingerprint that ties a checkpoint to its configuration (every result-determining
 * setting: variety, points, seed, split, batch, optimizer, rates, losses, network, features, linearization,
 * dynamics and its recorded intervals, probes, parameter shapes), reading one to resume and writing one every
 * {@code checkpointEvery} epochs and after the last. The home of every checkpoint policy. Not thread-safe.
 */
final class Checkpointing {
    /** The name of the fingerprint field that holds the parameter shapes (known only once the model is built). */
    private static final String SHAPES = "parameters";

    private final TrainingConfig config;
    private final String fingerprint;
    private final Observation observation;

    Checkpointing(TrainingConfig config, List<DMatrixRMaj> values, Observation observation) {
        this.config = config;
        this.fingerprint = settings(config) + "; " + SHAPES + "=" + shapes(values);
        this.observation = observation;
    }

    /**
     * Refuses, when the configuration is built, a resume from a checkpoint written by another configuration: every
     * field of the fingerprint but the parameter shapes (which follow from the others for the φ-model, and are
     * compared again when the run starts) is compared, and all differing fields are named. A checkpoint that cannot
     * be read is left to the run, which reports why.
     *
     * @param config the frozen configuration with {@code resumeFrom} set
     * @throws IllegalArgumentException naming the differing fields
     */
    static void requireResumable(TrainingConfig config) {
        String written = Checkpoint.fingerprintOrNull(config.resumeFrom);
        if (written == null) {
            return;
        }
        String here = settings(config);
        String stripped = written.replaceFirst("; " + SHAPES + "=[^;]*$", "");
        if (!stripped.equals(here)) {
            throw Checkpoint.mismatch(config.resumeFrom, stripped, here);
        }
    }

    /**
     * Every setting that determines the result but the parameter shapes, as "name=value; …" (compared field by
     * field on resume, so that a changed activation, parametrization, feature map, width, depth, linearization, loss
     * weight, dynamics, probe or split is refused naming the field; see {@link Checkpoint#differences}).
     */
    private static String settings(TrainingConfig config) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("variety", (config.pointSet != null ? config.pointSet.variety() : config.variety).name());
        f.put("points", config.pointSet != null ? config.pointSet.size() : config.points);
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
        if (config.dynamics.isContinuous()) {
            f.put("intervals", config.epochs); // the times t_e = e·time/epochs at which the state is checkpointed
        }
        f.put("lbfgs", config.lbfgsIterations);
        f.put("earlyStopping", config.earlyStopping + "/" + config.patience);
        f.put("kernelProbe", config.kernelProbe);
        f.put("curvatureProbe", config.curvatureProbe);
        f.put("nonFiniteRetries", config.nonFiniteRetries);
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : f.entrySet()) {
            sb.append(sb.length() == 0 ? "" : "; ").append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    private static String shapes(List<DMatrixRMaj> values) {
        StringBuilder shapes = new StringBuilder();
        for (DMatrixRMaj v : values) {
            shapes.append(shapes.length() == 0 ? "" : " ").append(v.numRows).append('x').append(v.numCols);
        }
        return shapes.toString();
    }

    /**
     * The checkpoint of the state after {@code epoch} (kept in memory; written by {@link #onStop}).
     *
     * @param odeState the continuous dynamics' ODE state at the epoch's end (kept, not copied), or null
     */
    Checkpoint snapshot(int epoch, History.Recorder recorder, List<DMatrixRMaj> values, EarlyStopping early,
            OptimizerState optimizer, double[] odeState) {
        return early.checkpoint(fingerprint, epoch, recorder.snapshot().toCsv(), values, optimizer)
                .with(observation.reference(), odeState);
    }

    /**
     * After a stop request {@code when} (e.g. "in epoch 3, step 2"): writes the last completed epoch's checkpoint
     * atomically to {@code config.stopCheckpoint} and returns the run's message.
     */
    String onStop(Checkpoint last, String when, List<DMatrixRMaj> values) {
        String where = "stopped on request " + when + "; kept the " + (last.odeState != null ? "state" : "parameters")
                + " of epoch " + last.epoch;
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

    /**
     * Writes a checkpoint after {@code epoch} when one is due.
     *
     * @param odeState the continuous dynamics' ODE state at the epoch's end, or null
     */
    void afterEpoch(int epoch, History.Recorder recorder, List<DMatrixRMaj> values, EarlyStopping early,
            OptimizerState optimizer, double[] odeState) {
        if (config.checkpointFile == null || (epoch % config.checkpointEvery != 0 && epoch != config.epochs)) {
            return;
        }
        try {
            snapshot(epoch, recorder, values, early, optimizer, odeState).write(config.checkpointFile, values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + config.checkpointFile + ": "
                    + e.getMessage(), e);
        }
    }
}
