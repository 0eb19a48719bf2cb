package org.metricflow.flow;

import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.optim.LbfgsResult;
import org.metricflow.core.optim.Optimizer;
import org.metricflow.nn.metric.AcceleratedKahlerModel.FusedLossStep;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.metric.LinearizedMetricModel;

/**
 * A metric flow: a manifold with its points, a metric ansatz, weighted losses and a dynamics, configured once
 * and run. The configuration is immutable and validated by {@link Builder#build()}.
 *
 * <pre>{@code
 * FlowResult r = MetricFlow.builder()
 *         .variety(ProjectiveVariety.fermatQuintic()).points(100_000).seed(1)
 *         .phiModel(64, 3, Activation.GELU)
 *         .epochs(50).batchSize(1024).adam(1e-3)
 *         .listener(new ConsoleProgress(System.err, "sigma"))
 *         .build().run();
 * double sigma = r.history().last("sigma");
 * }</pre>
 *
 * <p><b>Dynamics</b> ({@link Builder#dynamics}, {@link Dynamics}): {@link Dynamics#optimizer()} (the default, below),
 * continuous gradient flow, or the function-space metric ODE with a frozen or evolving metric-NTK, whose epochs are
 * equal time intervals; {@link Builder#linearized()} trains the linearization of the ansatz at θ<sub>0</sub>.
 *
 * <p><b>Optimizer dynamics.</b> Mini-batch optimizer training: every epoch shuffles the training points
 * (seeded), takes steps of the optimizer (Adam or SGD) on the weighted sum of the losses over each batch, and then
 * evaluates the observables on the validation points; optionally followed by full-batch L-BFGS refinement. The
 * gradient flow dθ/dt = −η∇L it discretizes moves the metric by dg/dt = −η Θ ∂L/∂g with the metric-NTK Θ. A φ-model
 * trained with the Monge–Ampère loss alone takes its steps through the fused kernel its accelerated implementation
 * offers ({@link org.metricflow.nn.metric.KahlerMetricModel#accelerated()}, matched by {@link Loss#fusedStep}: same
 * loss and gradient, no autodiff graph); every other combination uses automatic differentiation.
 *
 * <p><b>Observables</b> (validation set, every epoch, epoch 0 = initial metric): each loss term,
 * {@code loss} (their weighted sum), {@code sigma} (σ measure with its Monte-Carlo error {@code sigmaError}),
 * {@code volume} (∫ω<sup>d</sup>, the Fubini–Study volume for class-preserving models) and {@code kappa}.
 *
 * <p><b>Faults.</b> A NaN or infinite loss or gradient stops the run with the parameters of the last good step and
 * a message naming the epoch and step (or, with {@link Builder#nonFiniteRetries}, is rolled back with a halved
 * learning rate a bounded number of times). "Last good" are the parameters at which the training loss and its
 * gradient were last evaluated finite (the parameters before the failing step's predecessor update, or those
 * validated at the end of the previous epoch). Non-finite parameters or validation observables are never recorded or
 * checkpointed: they stop the run the same way.
 */
public final class MetricFlow {
    /**
     * Growth of the validation loss over its epoch-0 value beyond which a run has diverged (it is then rolled back to
     * the previous epoch's parameters and ends with {@link StopReason#DIVERGED}).
     */
    public static final double DIVERGENCE_FACTOR = 100;

    /** The most training points the full-batch L-BFGS objective uses. */
    static final int LBFGS_POINTS = 8192;

    private final TrainingConfig config;

    private MetricFlow(TrainingConfig config) {
        this.config = config;
    }

    /**
     * A builder with the defaults: φ-model 64×3 gelu on Hermitian invariants, Monge–Ampère loss, Adam 1e-3.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the flow. A model given to {@link Builder#model} is trained in place.
     *
     * @return the result: history, trained model, wall time, how the run ended
     */
    public FlowResult run() {
        Progress progress = new Progress(config.listeners, System.nanoTime());
        DataSplit data = DataSplit.of(config);
        KahlerMetricModel model = config.model != null ? config.model : config.modelFactory.apply(data.all().variety());
        if (config.linearized) {
            model = LinearizedMetricModel.of(model);
        }
        WeightedLosses losses = new WeightedLosses(config.losses, config.lossWeights, data.volFs(), data.volOmega());
        List<Tensor> params = model.parameters();
        List<DMatrixRMaj> values = Parameters.values(params);
        Optimizer optimizer = config.optimizerFactory.apply(config.learningRate);
        TrainingStep step = new TrainingStep(model, losses, params);
        int batch = OptimizerEpochs.batchSize(config, data.train());
        Observation observation = new Observation(config, losses, data.validation(), model);
        Checkpointing checkpoints = new Checkpointing(config, values, observation);
        progress.start(config.epochs, (data.train().size() + batch - 1) / batch);

        History.Recorder recorder;
        EarlyStopping early;
        int firstEpoch;
        double[] odeState = null;
        if (config.resumeFrom != null) {
            Checkpoint c = checkpoints.resume(values);
            Parameters.restore(values, c.theta);
            if (!config.dynamics.isContinuous()) { // a continuous run's optimizer never stepped
                optimizer.restore(c.optimizer);
            }
            recorder = History.Recorder.fromCsv(c.historyCsv);
            early = EarlyStopping.resumed(config, c);
            observation.resume(c, model);
            firstEpoch = c.epoch + 1;
            odeState = c.odeState;
        } else {
            recorder = new History.Recorder();
            Map<String, Double> obs = observation.observe(model, 0);
            recorder.record(obs);
            progress.epoch(0, obs, 0);
            early = EarlyStopping.start(config, obs, values);
            firstEpoch = 1;
        }
        Rollback rollback = new Rollback(values, config.nonFiniteRetries);
        OptimizerEpochs.Stop stop;
        if (config.dynamics.isContinuous()) {
            // Continuous dynamics (gradient flow / metric ODE): epochs are equal time intervals; no optimizer epochs
            // and no L-BFGS (validated in build()).
            ContinuousDynamics.Outcome c = new ContinuousEpochs(config, model, data.train(), losses, values,
                    observation, recorder, early, optimizer.state(), checkpoints, progress).run(firstEpoch, odeState);
            model = c.model();
            stop = new OptimizerEpochs.Stop(c.reason(), c.message());
        } else {
            stop = new OptimizerEpochs(config, model, data.train(), values, optimizer, step, rollback, observation,
                    recorder, early, checkpoints, progress).run(firstEpoch);
            if (stop == null) {
                stop = new OptimizerEpochs.Stop(StopReason.COMPLETED, "completed " + config.epochs + " epochs");
            }
        }
        String message = stop.message();
        if (stop.reason() == StopReason.COMPLETED && config.lbfgsIterations > 0) {
            LbfgsResult r = LbfgsRefinement.refine(model, losses, params, values, data.train(),
                    config.lbfgsIterations, config.stopWhen != null ? config.stopWhen : () -> false);
            Map<String, Double> obs = observation.observe(model, config.epochs + 1);
            recorder.record(obs);
            progress.epoch(config.epochs + 1, obs, 0);
            message += "; L-BFGS refinement: " + r.iterations() + " iterations, "
                    + (r.reason() == LbfgsResult.StopReason.STOPPED_BY_LISTENER ? "stopped on request" : r.reason());
        }
        StopReason reason = stop.reason();
        message += notes(data, observation, reason == StopReason.NON_FINITE ? "" : rollback.summary());
        FlowResult result = new FlowResult(recorder.snapshot(), model, progress.elapsed(), reason, message);
        progress.end(result);
        return result;
    }

    /** The notes appended to every result message: the loss note, positivity, rollbacks, non-Calabi–Yau. */
    private String notes(DataSplit data, Observation observation, String rollbacks) {
        String notes = config.lossNote != null ? "; note: " + config.lossNote : "";
        notes += observation.positivityWarning() + rollbacks;
        if (!data.all().variety().isCalabiYau()) {
            notes += "; note: " + data.all().variety().name() + " is not Calabi–Yau (the degrees do not sum to n + 1),"
                    + " so no Ricci-flat metric exists; σ and κ still measure the distance to the Monge–Ampère metric"
                    + " with volume form |Ω|²";
        }
        return notes;
    }

    /**
     * The fused training step (loss and gradient by a hand-written kernel, no autodiff graph) when the only loss term
     * has a fused form on the model's accelerated implementation ({@link Loss#fusedStep}; e.g. the built-in
     * Monge–Ampère loss on a φ-model of complex dimension 1–3); null otherwise, and the steps use autodiff.
     */
    FusedLossStep fusedStep(KahlerMetricModel model) {
        return TrainingStep.fusedStep(model, new WeightedLosses(config.losses, config.lossWeights, 0, 0));
    }

    /**
     * The builder of a {@link MetricFlow}: its settings and their defaults are those of {@link FlowSettings}, every
     * setter validates its argument and returns this builder, and {@link #build()} validates the combination.
     */
    public static final class Builder extends FlowSettings {
        private Builder() {
        }

        /**
         * Validates the configuration and freezes it: later changes to this builder do not affect the flow.
         *
         * @return a flow ready to {@link MetricFlow#run()} (a model given to the builder is shared, not copied)
         * @throws IllegalStateException when the settings do not fit together (no points, a model on another variety,
         *     early stopping on an unknown observable, a missing checkpoint to resume from, or a setting the chosen
         *     dynamics refuses), naming them
         */
        public MetricFlow build() {
            return new MetricFlow(TrainingConfig.of(this));
        }
    }
}
