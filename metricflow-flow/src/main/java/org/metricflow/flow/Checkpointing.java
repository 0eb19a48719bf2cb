package org.metricflow.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.optim.OptimizerState;
import org.metricflow.geometry.complex.PointSet;

/**
 * Checkpoints of a run: the fingerprint that ties a checkpoint to its configuration (variety, points, seed, split,
 * batch, optimizer, rates, losses, parameter shapes), reading one to resume and writing one every
 * {@code checkpointEvery} epochs and after the last. The home of every checkpoint policy. Not thread-safe.
 */
final class Checkpointing {
    private final MetricFlow.Builder config;
    private final String fingerprint;

    Checkpointing(MetricFlow.Builder config, PointSet all, List<DMatrixRMaj> values) {
        this.config = config;
        this.fingerprint = fingerprint(config, all, values);
    }

    private static String fingerprint(MetricFlow.Builder config, PointSet all, List<DMatrixRMaj> values) {
        StringBuilder sb = new StringBuilder();
        sb.append("variety=").append(all.variety().name()).append("; points=").append(all.size())
                .append("; seed=").append(config.seed).append("; validation=").append(config.validationFraction)
                .append("; batch=").append(config.batchSize).append("; optimizer=").append(config.optimizerName)
                .append("; lr=").append(config.learningRate);
        if (config.schedule != null) {
            // A schedule is a function: its first rates stand for it (a changed decay horizon changes them).
            sb.append("; schedule=");
            for (int e = 0; e < 5; e++) {
                sb.append(config.schedule.rate(e)).append(' ');
            }
        }
        sb.append("; losses=");
        for (int i = 0; i < config.losses.size(); i++) {
            sb.append(config.losses.get(i).name()).append('*').append(config.lossWeights.get(i)).append(' ');
        }
        sb.append("; parameters=");
        for (DMatrixRMaj v : values) {
            sb.append(v.numRows).append('x').append(v.numCols).append(' ');
        }
        return sb.toString().trim();
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
