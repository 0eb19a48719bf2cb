package org.metricflow.flow;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.optim.OptimizerState;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.metric.KahlerMetricModel;

/**
 * The epochs of a continuous dynamics ({@link ContinuousDynamics}: gradient flow, metric ODE): after each equal time
 * interval the observables are validated and recorded, divergence is checked against the run's reference (rolled
 * back to the previous interval's state) and a checkpoint with the ODE state is written when one is due; a stop
 * request (Ctrl-C/SIGTERM) writes the last completed interval's checkpoint, from which a resumed run continues
 * bit-identically. The counterpart of {@link OptimizerEpochs}. Not thread-safe: one per run.
 */
final class ContinuousEpochs {
    private final TrainingConfig config;
    private final KahlerMetricModel model;
    private final PointSet train;
    private final WeightedLosses losses;
    private final List<DMatrixRMaj> values;
    private final Observation observation;
    private final History.Recorder recorder;
    private final EarlyStopping early;
    private final OptimizerState optimizer;
    private final Checkpointing checkpoints;
    private final Progress progress;
    /** The checkpoint of the last recorded epoch (a stop request writes it). */
    private Checkpoint last;

    ContinuousEpochs(TrainingConfig config, KahlerMetricModel model, PointSet train, WeightedLosses losses,
            List<DMatrixRMaj> values, Observation observation, History.Recorder recorder, EarlyStopping early,
            OptimizerState optimizer, Checkpointing checkpoints, Progress progress) {
        this.config = config;
        this.model = model;
        this.train = train;
        this.losses = losses;
        this.values = values;
        this.observation = observation;
        this.recorder = recorder;
        this.early = early;
        this.optimizer = optimizer;
        this.checkpoints = checkpoints;
        this.progress = progress;
    }

    /**
     * Runs epochs {@code first} … {@code config.epochs}.
     *
     * @param first the first epoch (1, or the checkpoint's epoch + 1)
     * @param resumed the checkpoint's ODE state, or null for a fresh run
     * @return the outcome (its model carries the final metric)
     */
    ContinuousDynamics.Outcome run(int first, double[] resumed) {
        ContinuousDynamics.MetricLoss loss = (m, points, g) -> losses.total(losses.context(m, points, g));
        if (config.stopWhen != null && resumed != null) {
            last = checkpoints.snapshot(first - 1, recorder, values, early, optimizer, resumed.clone());
        }
        java.util.function.BooleanSupplier stop = config.stopWhen != null ? config.stopWhen : () -> false;
        return ContinuousDynamics.run(config.dynamics, model, train, config.epochs, loss,
                (epoch, observed, state) -> epoch(epoch, first, observed, state), first, resumed, stop,
                this::stopped);
    }

    private OptimizerEpochs.Stop epoch(int epoch, int first, KahlerMetricModel observed, double[] state) {
        Map<String, Double> o = observation.observe(observed, epoch);
        String nonFinite = Observation.firstNonFinite(o);
        double t = time(epoch);
        if (nonFinite != null) {
            return new OptimizerEpochs.Stop(StopReason.NON_FINITE, String.format(Locale.ROOT, "stopped after epoch"
                    + " %d (t = %.6g): the validation observable %s is not finite (%s)%s; kept the state at t = %.6g"
                    + " — lower η or the flow time", epoch, t, nonFinite, o.get(nonFinite),
                    Observation.metricDiagnosis(observed, observation.points()), time(epoch - 1)));
        }
        String diverged = observation.divergence(o);
        if (diverged != null) {
            return new OptimizerEpochs.Stop(StopReason.DIVERGED, String.format(Locale.ROOT, "diverged in epoch %d"
                    + " (t = %.6g): %s; rolled back to the state of epoch %d (t = %.6g) — lower η (now %.3g) or the"
                    + " flow time", epoch, t, diverged, epoch - 1, time(epoch - 1), config.dynamics.eta()));
        }
        recorder.record(o);
        progress.epoch(epoch, o, progress.elapsed() / (epoch - first + 1) * (config.epochs - epoch));
        checkpoints.afterEpoch(epoch, recorder, values, early, optimizer, state);
        if (config.stopWhen != null) {
            last = checkpoints.snapshot(epoch, recorder, values, early, optimizer, state);
        }
        return null;
    }

    private String stopped(String when) {
        // before the first completed epoch of a fresh run: epoch 0, nothing to resume from
        Checkpoint c = last != null ? last : checkpoints.snapshot(0, recorder, values, early, optimizer, null);
        return checkpoints.onStop(c, when, values);
    }

    /** t<sub>e</sub> = e·time/epochs. */
    private double time(int epoch) {
        return epoch == config.epochs ? config.dynamics.time() : epoch * (config.dynamics.time() / config.epochs);
    }
}
