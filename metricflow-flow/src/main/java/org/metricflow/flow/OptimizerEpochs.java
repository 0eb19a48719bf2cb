package org.metricflow.flow;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.optim.Optimizer;
import org.metricflow.core.random.Rng;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.metric.KahlerMetricModel;

/**
 * The epochs of optimizer dynamics: each epoch shuffles the training points (its own seeded stream, so a resumed run
 * shuffles exactly as an uninterrupted one), takes one optimizer step per batch, then validates, records, checks early
 * stopping and writes a checkpoint when one is due. Failures go to the {@link Rollback}. Not thread-safe: one per run.
 */
final class OptimizerEpochs {
    /** How a run ended early: its reason and message. */
    record Stop(StopReason reason, String message) {
    }

    private final TrainingConfig config;
    private final KahlerMetricModel model;
    private final PointSet train;
    private final List<DMatrixRMaj> values;
    private final Optimizer optimizer;
    private final TrainingStep step;
    private final Rollback rollback;
    private final Observation observation;
    private final History.Recorder recorder;
    private final EarlyStopping early;
    private final Checkpointing checkpoints;
    private final Progress progress;
    private final int batch;
    private final int steps;
    /** The parameters and checkpoint of the last recorded epoch (divergence and stop requests go back to them). */
    private double[][] epochGood;
    private Checkpoint epochCheckpoint;

    OptimizerEpochs(TrainingConfig config, KahlerMetricModel model, PointSet train, List<DMatrixRMaj> values,
            Optimizer optimizer, TrainingStep step, Rollback rollback, Observation observation,
            History.Recorder recorder, EarlyStopping early, Checkpointing checkpoints, Progress progress) {
        this.config = config;
        this.model = model;
        this.train = train;
        this.values = values;
        this.optimizer = optimizer;
        this.step = step;
        this.rollback = rollback;
        this.observation = observation;
        this.recorder = recorder;
        this.early = early;
        this.checkpoints = checkpoints;
        this.progress = progress;
        this.batch = batchSize(config, train);
        this.steps = (train.size() + batch - 1) / batch;
    }

    static int batchSize(TrainingConfig config, PointSet train) {
        return Math.min(config.batchSize, train.size());
    }

    /** Runs epochs {@code first} … {@code config.epochs}; null when all completed. */
    Stop run(int first) {
        epochGood = Parameters.snapshot(values);
        if (config.stopWhen != null) {
            epochCheckpoint = checkpoints.snapshot(first - 1, recorder, values, early, optimizer.state(), null);
        }
        for (int epoch = first; epoch <= config.epochs; epoch++) {
            Stop stop = epoch(epoch, first);
            if (stop != null) {
                return stop;
            }
        }
        return null;
    }

    private Stop epoch(int epoch, int first) {
        if (config.schedule != null) {
            optimizer.setLearningRate(config.schedule.rate(epoch - 1));
        }
        int[] order = Rng.stream(config.seed, 1000L + epoch).permutation(train.size());
        for (int s = 0; s < steps; s++) {
            PointSet b = TrainingStep.batch(train, order, s, batch);
            DMatrixRMaj[] grads = step.gradients(b);
            if (grads == null || !Parameters.allFinite(grads)) {
                String what = String.format(java.util.Locale.ROOT, "epoch %d, step %d: the %s is not finite (%s)",
                        epoch, s, grads == null ? "loss" : "gradient",
                        grads == null ? Double.toString(step.loss()) : "NaN/Inf entries")
                        + Observation.metricDiagnosis(model, b);
                rollback.restore(values);
                if (rollback.retry(what, optimizer)) {
                    continue;
                }
                return new Stop(StopReason.NON_FINITE, rollback.stopMessage(what, optimizer.learningRate()));
            }
            rollback.markGood(values);
            optimizer.step(values, Arrays.asList(grads));
            progress.step(epoch, s, steps, step.loss());
            if (config.stopWhen != null && config.stopWhen.getAsBoolean()) {
                Parameters.restore(values, epochGood);
                return new Stop(StopReason.INTERRUPTED, checkpoints.onStop(epochCheckpoint,
                        "in epoch " + epoch + ", step " + s, values));
            }
        }
        return validate(epoch, first);
    }

    private Stop validate(int epoch, int first) {
        if (!Parameters.allFinite(values)) {
            // The epoch's last update overflowed: never record, observe or checkpoint non-finite parameters.
            rollback.restore(values);
            return new Stop(StopReason.NON_FINITE, "stopped at epoch " + epoch + ", step " + (steps - 1)
                    + ": the update made parameters non-finite; kept the parameters of the last good step — lower the"
                    + " learning rate");
        }
        Map<String, Double> obs = observation.observe(model, epoch);
        String nonFinite = Observation.firstNonFinite(obs);
        if (nonFinite != null) {
            // Finite training losses but e.g. a metric that is no longer positive definite on validation points.
            String diagnosis = Observation.metricDiagnosis(model, observation.points());
            rollback.restore(values);
            return new Stop(StopReason.NON_FINITE, "stopped after epoch " + epoch + ", step " + (steps - 1)
                    + ": the validation observable " + nonFinite + " is not finite (" + obs.get(nonFinite) + ")"
                    + diagnosis + "; kept the parameters of the last good step — lower the learning rate");
        }
        String diverged = observation.divergence(obs);
        if (diverged != null) {
            Parameters.restore(values, epochGood);
            return new Stop(StopReason.DIVERGED, String.format(java.util.Locale.ROOT, "diverged in epoch %d: %s;"
                    + " rolled back to the parameters of epoch %d — lower the learning rate (now %.3g)", epoch,
                    diverged, epoch - 1, optimizer.learningRate()));
        }
        rollback.markGood(values);
        recorder.record(obs);
        Parameters.copyInto(values, epochGood);
        progress.epoch(epoch, obs, progress.elapsed() / (epoch - first + 1) * (config.epochs - epoch));
        String earlyStop = early.update(epoch, obs, values);
        if (earlyStop != null) {
            return new Stop(StopReason.EARLY_STOPPED, earlyStop);
        }
        checkpoints.afterEpoch(epoch, recorder, values, early, optimizer.state(), null);
        if (config.stopWhen != null) {
            epochCheckpoint = checkpoints.snapshot(epoch, recorder, values, early, optimizer.state(), null);
        }
        return null;
    }
}
