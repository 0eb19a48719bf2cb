package org.metricflow.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.optim.Adam;
import org.metricflow.core.optim.LbfgsResult;
import org.metricflow.core.optim.LearningRateSchedule;
import org.metricflow.core.optim.Optimizer;
import org.metricflow.core.optim.Sgd;
import org.metricflow.core.random.Rng;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.metric.AcceleratedKahlerModel.FusedLossStep;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.metric.LinearizedMetricModel;
import org.metricflow.nn.phi.PhiModel;

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

    /** The largest dense frozen metric-NTK (rows = training points × components) Dynamics.metricOde builds. */
    static final int MAX_FROZEN_KERNEL = 4096;

    private final Builder config;

    private MetricFlow(Builder config) {
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
        Checkpointing checkpoints = new Checkpointing(config, data.all(), values);
        Observation observation = new Observation(config, losses, data.validation(), model);
        progress.start(config.epochs, (data.train().size() + batch - 1) / batch);

        History.Recorder recorder;
        EarlyStopping early;
        int firstEpoch;
        if (config.resumeFrom != null) {
            Checkpoint c = checkpoints.resume(values);
            Parameters.restore(values, c.theta);
            optimizer.restore(c.optimizer);
            recorder = History.Recorder.fromCsv(c.historyCsv);
            early = EarlyStopping.resumed(config, c);
            firstEpoch = c.epoch + 1;
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
            ContinuousDynamics.Outcome c = runContinuous(model, data, losses, observation, recorder, progress);
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
                    config.lbfgsIterations);
            Map<String, Double> obs = observation.observe(model, config.epochs + 1);
            recorder.record(obs);
            progress.epoch(config.epochs + 1, obs, 0);
            message += "; L-BFGS refinement: " + r.iterations() + " iterations, " + r.reason();
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

    private ContinuousDynamics.Outcome runContinuous(KahlerMetricModel model, DataSplit data, WeightedLosses losses,
            Observation observation, History.Recorder recorder, Progress progress) {
        ContinuousDynamics.MetricLoss loss = (m, points, g) -> losses.total(losses.context(m, points, g));
        return ContinuousDynamics.run(config.dynamics, model, data.train(), config.epochs, loss, (epoch, observed) -> {
            Map<String, Double> o = observation.observe(observed, epoch);
            recorder.record(o);
            progress.epoch(epoch, o, progress.elapsed() / epoch * (config.epochs - epoch));
        });
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
     * The configuration of a flow; every setter validates its argument, {@link #build()} the combination. Its fields
     * are read (never written) by the run's collaborators in this package.
     */
    public static final class Builder {
        ProjectiveVariety variety;
        PointSet pointSet;
        int points = 10_000;
        long seed = 1;
        double validationFraction = 0.1;
        KahlerMetricModel model;
        Function<ProjectiveVariety, KahlerMetricModel> modelFactory;
        int width = 64;
        int depth = 3;
        Activation activation = Activation.GELU;
        Parametrization parametrization = Parametrization.STANDARD;
        FeatureMap features = FeatureMap.HERMITIAN_INVARIANTS;
        final List<Loss> losses = new ArrayList<>();
        final List<Double> lossWeights = new ArrayList<>();
        int epochs = 20;
        int batchSize = 1024;
        double learningRate = 1e-3;
        Function<Double, Optimizer> optimizerFactory = Adam::of;
        String optimizerName = "adam";
        LearningRateSchedule schedule;
        int lbfgsIterations;
        String earlyStopping;
        int patience;
        int curvatureProbe;
        int kernelProbe;
        java.nio.file.Path checkpointFile;
        int checkpointEvery;
        java.nio.file.Path resumeFrom;
        int nonFiniteRetries;
        final List<FlowListener> listeners = new ArrayList<>();
        Dynamics dynamics = Dynamics.optimizer();
        boolean linearized;
        String lossNote;
        java.util.function.BooleanSupplier stopWhen;
        java.nio.file.Path stopCheckpoint;

        private Builder() {
        }

        /**
         * The variety to learn a metric on; its points are sampled with {@link #points} and {@link #seed}.
         *
         * @return this builder
         */
        public Builder variety(ProjectiveVariety v) {
            this.variety = Objects.requireNonNull(v, "variety");
            return this;
        }

        /**
         * Use these points (train and validation are split from them) instead of sampling.
         *
         * @return this builder
         */
        public Builder pointSet(PointSet ps) {
            this.pointSet = Objects.requireNonNull(ps, "pointSet");
            return this;
        }

        /**
         * The number of points to sample (≥ 20; default 20 000), split into training and validation points
         * ({@link #validationFraction}). Memory grows linearly: about 1 kB per point for a threefold.
         *
         * @param count the number of sampled points, ≥ 20
         * @return this builder
         */
        public Builder points(int count) {
            if (count < 20) {
                throw new IllegalArgumentException("points must be at least 20 (train + validation), got " + count);
            }
            this.points = count;
            return this;
        }

        /**
         * The seed of every random draw (sampling, split, shuffling, initialization).
         *
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * The fraction of points held out for validation, in (0, 0.9].
         *
         * @return this builder
         */
        public Builder validationFraction(double f) {
            if (!(f > 0 && f <= 0.9)) {
                throw new IllegalArgumentException("validationFraction must lie in (0, 0.9], got " + f);
            }
            this.validationFraction = f;
            return this;
        }

        /**
         * Train this model (in place) instead of the default φ-model.
         *
         * @return this builder
         */
        public Builder model(KahlerMetricModel m) {
            this.model = Objects.requireNonNull(m, "model");
            return this;
        }

        /**
         * The default φ-model's network: {@code depth} hidden layers of {@code width} with the activation.
         *
         * @param width units per hidden layer, ≥ 1 (default 64; training cost grows like width²)
         * @param depth the number of hidden layers, ≥ 1 (default 3)
         * @param activation the hidden activation, not null; smooth ones (gelu by default, tanh, softplus …), since
         *     the metric takes second derivatives of φ
         * @return this builder
         */
        public Builder phiModel(int width, int depth, Activation activation) {
            if (width < 1 || depth < 1) {
                throw new IllegalArgumentException("phiModel needs width ≥ 1 and depth ≥ 1, got width " + width
                        + ", depth " + depth);
            }
            this.width = width;
            this.depth = depth;
            this.activation = Objects.requireNonNull(activation, "activation");
            return this;
        }

        /**
         * The φ-model's parametrization (standard by default).
         *
         * @return this builder
         */
        public Builder parametrization(Parametrization p) {
            this.parametrization = Objects.requireNonNull(p, "parametrization");
            return this;
        }

        /**
         * The φ-model's input features (Hermitian invariants by default).
         *
         * @return this builder
         */
        public Builder features(FeatureMap f) {
            this.features = Objects.requireNonNull(f, "features");
            return this;
        }

        /**
         * Adds a loss term with a weight (&gt; 0). Without any, the Monge–Ampère loss with weight 1 is used.
         *
         * @param loss the term, not null; each term at most once (its {@link Loss#name()} is its history key)
         * @param weight its weight in the total loss, finite and &gt; 0
         * @return this builder
         */
        public Builder loss(Loss loss, double weight) {
            Objects.requireNonNull(loss, "loss");
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("loss weight must be positive and finite, got " + weight
                        + " for " + loss.name());
            }
            losses.add(loss);
            lossWeights.add(weight);
            return this;
        }

        /**
         * The number of epochs (≥ 0; 0 evaluates the initial metric only).
         *
         * @return this builder
         */
        public Builder epochs(int e) {
            if (e < 0) {
                throw new IllegalArgumentException("epochs must be ≥ 0, got " + e);
            }
            this.epochs = e;
            return this;
        }

        /**
         * The mini-batch size (≥ 1).
         *
         * @return this builder
         */
        public Builder batchSize(int b) {
            if (b < 1) {
                throw new IllegalArgumentException("batchSize must be ≥ 1, got " + b);
            }
            this.batchSize = b;
            return this;
        }

        /**
         * Adam with this learning rate (the default, 1e-3).
         *
         * @param lr the step size, finite and &gt; 0 (for the φ-model on the quintic 1e-3 … 3e-3 work; much larger
         *     values diverge and the run stops with the last good parameters)
         * @return this builder
         */
        public Builder adam(double lr) {
            this.learningRate = requireRate(lr);
            this.optimizerFactory = Adam::of;
            this.optimizerName = "adam";
            return this;
        }

        /**
         * SGD with this learning rate and momentum in [0, 1).
         *
         * @param lr the step size, finite and &gt; 0
         * @param momentum the heavy-ball momentum, in [0, 1) (0 = plain gradient descent)
         * @return this builder
         */
        public Builder sgd(double lr, double momentum) {
            this.learningRate = requireRate(lr);
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must lie in [0, 1), got " + momentum);
            }
            this.optimizerFactory = rate -> momentum > 0 ? Sgd.of(rate).withMomentum(momentum) : Sgd.of(rate);
            this.optimizerName = "sgd";
            return this;
        }

        /**
         * A per-epoch learning-rate schedule (epoch e uses {@code schedule.rate(e − 1)}).
         *
         * @return this builder
         */
        public Builder schedule(LearningRateSchedule s) {
            this.schedule = Objects.requireNonNull(s, "schedule");
            return this;
        }

        /**
         * After the epochs, refine with L-BFGS for this many iterations (0 = off), on the loss over the first 8192
         * training points (a fixed objective, as L-BFGS needs, with bounded memory).
         *
         * @return this builder
         */
        public Builder lbfgsRefinement(int iterations) {
            if (iterations < 0) {
                throw new IllegalArgumentException("L-BFGS iterations must be ≥ 0, got " + iterations);
            }
            this.lbfgsIterations = iterations;
            return this;
        }

        /**
         * Stop when the validation observable has not decreased for {@code patience} epochs; keep the best.
         *
         * @return this builder
         */
        public Builder earlyStopping(String observable, int patience) {
            if (patience < 1) {
                throw new IllegalArgumentException("early-stopping patience must be ≥ 1, got " + patience);
            }
            this.earlyStopping = Objects.requireNonNull(observable, "observable");
            this.patience = patience;
            return this;
        }

        /**
         * Also record, every epoch, the Ricci measure ({@code ricciMeasure}) and the Euler characteristic
         * ({@code euler}) of the learned metric on the first {@code points} validation points (0 = off, the
         * default). Uses the curvature of the learned potential by nested autodiff: a few hundred points per second.
         *
         * @return this builder
         */
        public Builder curvatureProbe(int points) {
            if (points < 0 || points == 1) {
                throw new IllegalArgumentException("curvatureProbe needs 0 (off) or at least 2 points, got " + points);
            }
            this.curvatureProbe = points;
            return this;
        }

        /**
         * Also record, every epoch, the relative change ‖Θ<sub>t</sub> − Θ<sub>0</sub>‖<sub>F</sub>/‖Θ<sub>0</sub>‖<sub>F</sub>
         * ({@code kernelChange}) of the metric-NTK on the first {@code points} validation points (0 = off, the
         * default): the paper's measure of feature learning (a frozen kernel stays at 0).
         *
         * @return this builder
         */
        public Builder kernelProbe(int points) {
            if (points < 0 || points == 1) {
                throw new IllegalArgumentException("kernelProbe needs 0 (off) or at least 2 points, got " + points);
            }
            this.kernelProbe = points;
            return this;
        }

        /**
         * Write a checkpoint ({@link Checkpoint} format: parameters, optimizer state, history, early-stopping state)
         * to {@code file} atomically after every {@code everyEpochs} epochs and after the last one.
         *
         * @param file the checkpoint file, not null; its folder is created if needed
         * @param everyEpochs the interval in epochs, ≥ 1
         * @return this builder
         */
        public Builder checkpoints(java.nio.file.Path file, int everyEpochs) {
            if (everyEpochs < 1) {
                throw new IllegalArgumentException("checkpoint interval must be ≥ 1 epoch, got " + everyEpochs);
            }
            this.checkpointFile = Objects.requireNonNull(file, "file");
            this.checkpointEvery = everyEpochs;
            return this;
        }

        /**
         * Resume from a checkpoint written by a run with the same configuration (checked by a fingerprint): the
         * run continues after the checkpoint's epoch and ends, with the same seed, exactly where an uninterrupted
         * run would.
         *
         * @return this builder
         */
        public Builder resumeFrom(java.nio.file.Path checkpoint) {
            this.resumeFrom = Objects.requireNonNull(checkpoint, "checkpoint");
            return this;
        }

        /**
         * The dynamics: {@link Dynamics#optimizer()} (the default), {@link Dynamics#gradientFlow} or
         * {@link Dynamics#metricOde}. For the continuous ones {@link #epochs} is the number of recorded time intervals.
         */
        public Builder dynamics(Dynamics d) {
            this.dynamics = Objects.requireNonNull(d, "dynamics");
            return this;
        }

        /**
         * Train the linearization g(θ0) + J(θ0)(θ − θ0) of the ansatz at its initial parameters θ0
         * ({@link org.metricflow.nn.metric.LinearizedMetricModel}): the metric-NTK stays exactly frozen. The result's
         * model is the linearized one (a model given to {@link #model} stays at θ0).
         */
        public Builder linearized() {
            this.linearized = true;
            return this;
        }

        /**
         * How many non-finite steps to survive (0, the default: stop at the first). A step whose loss or gradient is
         * NaN or infinite is rolled back to the last good parameters, the learning rate is halved and the batch is
         * skipped; after {@code retries} such rollbacks the next one stops the run ({@link StopReason#NON_FINITE})
         * with a message naming the epoch and step of each.
         */
        public Builder nonFiniteRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("nonFiniteRetries must be ≥ 0, got " + retries);
            }
            this.nonFiniteRetries = retries;
            return this;
        }

        /**
         * A stop request (e.g. set by a Ctrl-C/SIGTERM handler), polled after every optimizer step: when it answers
         * true the run restores the parameters of the last completed epoch, writes that epoch's checkpoint
         * atomically to {@code checkpoint} (if not null and an epoch was completed) and ends with
         * {@link StopReason#INTERRUPTED}; resuming from it ({@link #resumeFrom}) ends exactly where the uninterrupted
         * run would. Applies to the optimizer dynamics.
         *
         * @param stop polled from the training thread; must be cheap and thread-safe
         * @param checkpoint where the last completed epoch's checkpoint is written, or null for none
         * @return this builder
         */
        public Builder stopWhen(java.util.function.BooleanSupplier stop, java.nio.file.Path checkpoint) {
            this.stopWhen = Objects.requireNonNull(stop, "stop");
            this.stopCheckpoint = checkpoint;
            return this;
        }

        /**
         * Adds a progress listener, called on the training thread (it must not block for long).
         *
         * @param l the listener, not null (e.g. {@link ConsoleProgress} on standard error)
         * @return this builder
         */
        public Builder listener(FlowListener l) {
            listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /**
         * Validates the configuration and freezes it.
         *
         * @return a flow ready to {@link MetricFlow#run()}; it holds a copy of this configuration, so the builder may be
         *     changed and built again (a model given to {@link #model} is shared, not copied)
         */
        public MetricFlow build() {
            if (variety == null && pointSet == null) {
                throw new IllegalStateException("no manifold: call variety(...) (points are sampled) or pointSet(...)");
            }
            if (variety != null && pointSet != null && !pointSet.variety().equals(variety)) {
                throw new IllegalStateException("pointSet(...) lies on " + pointSet.variety().name()
                        + " but variety(...) is " + variety.name() + "; give one of them");
            }
            if (pointSet != null && pointSet.size() < 20) {
                throw new IllegalStateException("pointSet has " + pointSet.size() + " points; at least 20 are needed");
            }
            ProjectiveVariety v = variety != null ? variety : pointSet.variety();
            if (model != null && !model.variety().equals(v)) {
                throw new IllegalStateException("the model lives on " + model.variety().name() + " but the points on "
                        + v.name());
            }
            if (earlyStopping != null && !List.of("loss", "sigma", "volume", "kappa", "ricciMeasure", "kernelChange")
                    .contains(earlyStopping)
                    && losses.stream().noneMatch(l -> l.name().equals(earlyStopping))) {
                throw new IllegalStateException("early stopping on unknown observable '" + earlyStopping
                        + "'; use loss, sigma or a loss term's name");
            }
            if (resumeFrom != null && !java.nio.file.Files.isRegularFile(resumeFrom)) {
                throw new IllegalStateException("resumeFrom: no checkpoint file at " + resumeFrom.toAbsolutePath());
            }
            validateDynamics(v);
            Builder frozen = copy();
            if ((model == null || model.isKahlerByConstruction())
                    && losses.stream().anyMatch(l -> l.name().equals("kahler"))) {
                frozen.lossNote = "the kahler loss is identically 0 (up to its finite-difference floor) for "
                        + (model == null ? "the φ-model" : model.getClass().getSimpleName())
                        + ", which is Kähler by construction; it only costs time";
            }
            if (frozen.losses.isEmpty()) {
                frozen.losses.add(Loss.mongeAmpere());
                frozen.lossWeights.add(1.0);
            }
            if (frozen.model == null) {
                int w = width;
                int dep = depth;
                Activation act = activation;
                Parametrization par = parametrization;
                FeatureMap feat = features;
                long s = seed;
                frozen.modelFactory = variety2 -> {
                    int[] hidden = new int[dep];
                    java.util.Arrays.fill(hidden, w);
                    Mlp mlp = Mlp.builder().inputs(feat.featureCount(variety2)).hidden(hidden)
                            .outputs(1).activation(act).parametrization(par).seed(Rng.stream(s, 2).nextLong()).build();
                    return PhiModel.of(variety2, mlp, feat, true);
                };
            }
            return new MetricFlow(frozen);
        }

        private void validateDynamics(ProjectiveVariety v) {
            if (!dynamics.isContinuous()) {
                return;
            }
            String only = " applies to Dynamics.optimizer() only; remove it or choose optimizer dynamics (now "
                    + dynamics + ")";
            if (lbfgsIterations > 0) {
                throw new IllegalStateException("lbfgsRefinement" + only);
            }
            if (earlyStopping != null) {
                throw new IllegalStateException("earlyStopping" + only);
            }
            if (schedule != null) {
                throw new IllegalStateException("a learning-rate schedule" + only + "; the continuous rate is η");
            }
            if (checkpointFile != null || resumeFrom != null) {
                throw new IllegalStateException("checkpoints and resumeFrom" + only);
            }
            if (epochs < 1) {
                throw new IllegalStateException("continuous dynamics need epochs ≥ 1 (the number of recorded time"
                        + " intervals), got " + epochs);
            }
            if (dynamics.kind() == Dynamics.Kind.METRIC_ODE) {
                List<Loss> ls = losses.isEmpty() ? List.of(Loss.mongeAmpere()) : losses;
                for (Loss l : ls) {
                    if (!l.dependsOnMetricValuesOnly()) {
                        throw new IllegalStateException("Dynamics.metricOde needs losses that depend only on the"
                                + " metric values at the points (∂L/∂g point-wise), but '" + l.name() + "' also"
                                + " depends on derivatives of the metric or on the model; use"
                                + " Dynamics.gradientFlow(...) for it");
                    }
                }
                if (dynamics.kernelMode() == NtkMode.FROZEN) {
                    int total = pointSet != null ? pointSet.size() : points;
                    long trainPoints = total - Math.max(2, Math.round(validationFraction * total));
                    int d = v.dimension();
                    long size = trainPoints * d * d;
                    if (size > MAX_FROZEN_KERNEL) {
                        throw new IllegalStateException("Dynamics.metricOde(…, FROZEN) builds the dense metric-NTK"
                                + " of the training points, " + size + "×" + size + " (" + trainPoints + " points × "
                                + d * d + " components), more than " + MAX_FROZEN_KERNEL + "; use at most "
                                + MAX_FROZEN_KERNEL / (d * d) + " training points, or NtkMode.EVOLVING, or"
                                + " .linearized() with Dynamics.gradientFlow (the same flow without a dense kernel)");
                    }
                }
            }
        }

        private Builder copy() {
            Builder b = new Builder();
            b.variety = variety;
            b.pointSet = pointSet;
            b.points = points;
            b.seed = seed;
            b.validationFraction = validationFraction;
            b.model = model;
            b.modelFactory = modelFactory;
            b.width = width;
            b.depth = depth;
            b.activation = activation;
            b.parametrization = parametrization;
            b.features = features;
            b.losses.addAll(losses);
            b.lossWeights.addAll(lossWeights);
            b.epochs = epochs;
            b.batchSize = batchSize;
            b.learningRate = learningRate;
            b.optimizerFactory = optimizerFactory;
            b.optimizerName = optimizerName;
            b.schedule = schedule;
            b.lbfgsIterations = lbfgsIterations;
            b.earlyStopping = earlyStopping;
            b.patience = patience;
            b.curvatureProbe = curvatureProbe;
            b.kernelProbe = kernelProbe;
            b.checkpointFile = checkpointFile;
            b.checkpointEvery = checkpointEvery;
            b.resumeFrom = resumeFrom;
            b.nonFiniteRetries = nonFiniteRetries;
            b.listeners.addAll(listeners);
            b.dynamics = dynamics;
            b.linearized = linearized;
            b.stopWhen = stopWhen;
            b.stopCheckpoint = stopCheckpoint;
            return b;
        }

        private static double requireRate(double lr) {
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("learning rate must be positive and finite, got " + lr);
            }
            return lr;
        }
    }
}
