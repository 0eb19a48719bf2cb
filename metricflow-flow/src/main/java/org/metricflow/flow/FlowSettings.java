package org.metricflow.flow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.metricflow.core.optim.Adam;
import org.metricflow.core.optim.LearningRateSchedule;
import org.metricflow.core.optim.Optimizer;
import org.metricflow.core.optim.Sgd;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.metric.KahlerMetricModel;

/**
 * The settings of a {@link MetricFlow}, set fluently on its builder ({@link MetricFlow#builder()}, the only subclass):
 * every setter validates its argument and returns the builder; {@link MetricFlow.Builder#build()} validates the
 * combination and freezes it. A builder is not thread-safe; the flow it builds shares nothing with it.
 */
public abstract sealed class FlowSettings permits MetricFlow.Builder {
    ProjectiveVariety variety;
    PointSet pointSet;
    int points = 10_000;
    long seed = 1;
    double validationFraction = 0.1;
    KahlerMetricModel model;
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
    Path checkpointFile;
    int checkpointEvery;
    Path resumeFrom;
    int nonFiniteRetries;
    final List<FlowListener> listeners = new ArrayList<>();
    Dynamics dynamics = Dynamics.optimizer();
    boolean linearized;
    BooleanSupplier stopWhen;
    Path stopCheckpoint;

    FlowSettings() {
    }

    /**
     * The variety to learn a metric on; its points are sampled with {@link #points} and {@link #seed}.
     *
     * @return this builder
     */
    public MetricFlow.Builder variety(ProjectiveVariety v) {
        this.variety = Objects.requireNonNull(v, "variety");
        return self();
    }

    /**
     * Use these points (train and validation are split from them) instead of sampling.
     *
     * @return this builder
     */
    public MetricFlow.Builder pointSet(PointSet ps) {
        this.pointSet = Objects.requireNonNull(ps, "pointSet");
        return self();
    }

    /**
     * The number of points to sample (≥ 20; default 10 000), split into training and validation points
     * ({@link #validationFraction}). Memory grows linearly: about 1 kB per point for a threefold.
     *
     * @param count the number of sampled points, ≥ 20
     * @return this builder
     */
    public MetricFlow.Builder points(int count) {
        if (count < 20) {
            throw new IllegalArgumentException("points must be at least 20 (train + validation), got " + count);
        }
        this.points = count;
        return self();
    }

    /**
     * The seed of every random draw (sampling, split, shuffling, initialization).
     *
     * @return this builder
     */
    public MetricFlow.Builder seed(long s) {
        this.seed = s;
        return self();
    }

    /**
     * The fraction of points held out for validation, in (0, 0.9].
     *
     * @return this builder
     */
    public MetricFlow.Builder validationFraction(double f) {
        if (!(f > 0 && f <= 0.9)) {
            throw new IllegalArgumentException("validationFraction must lie in (0, 0.9], got " + f);
        }
        this.validationFraction = f;
        return self();
    }

    /**
     * Train this model (in place) instead of the default φ-model.
     *
     * @return this builder
     */
    public MetricFlow.Builder model(KahlerMetricModel m) {
        this.model = Objects.requireNonNull(m, "model");
        return self();
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
    public MetricFlow.Builder phiModel(int width, int depth, Activation activation) {
        if (width < 1 || depth < 1) {
            throw new IllegalArgumentException("phiModel needs width ≥ 1 and depth ≥ 1, got width " + width
                    + ", depth " + depth);
        }
        this.width = width;
        this.depth = depth;
        this.activation = Objects.requireNonNull(activation, "activation");
        return self();
    }

    /**
     * The φ-model's parametrization (standard by default).
     *
     * @return this builder
     */
    public MetricFlow.Builder parametrization(Parametrization p) {
        this.parametrization = Objects.requireNonNull(p, "parametrization");
        return self();
    }

    /**
     * The φ-model's input features (Hermitian invariants by default).
     *
     * @return this builder
     */
    public MetricFlow.Builder features(FeatureMap f) {
        this.features = Objects.requireNonNull(f, "features");
        return self();
    }

    /**
     * Adds a loss term with a weight (&gt; 0). Without any, the Monge–Ampère loss with weight 1 is used.
     *
     * @param loss the term, not null; each term at most once (its {@link Loss#name()} is its history key)
     * @param weight its weight in the total loss, finite and &gt; 0
     * @return this builder
     */
    public MetricFlow.Builder loss(Loss loss, double weight) {
        Objects.requireNonNull(loss, "loss");
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("loss weight must be positive and finite, got " + weight
                    + " for " + loss.name());
        }
        losses.add(loss);
        lossWeights.add(weight);
        return self();
    }

    /**
     * The number of epochs (≥ 0; 0 evaluates the initial metric only).
     *
     * @return this builder
     */
    public MetricFlow.Builder epochs(int e) {
        if (e < 0) {
            throw new IllegalArgumentException("epochs must be ≥ 0, got " + e);
        }
        this.epochs = e;
        return self();
    }

    /**
     * The mini-batch size (≥ 1).
     *
     * @return this builder
     */
    public MetricFlow.Builder batchSize(int b) {
        if (b < 1) {
            throw new IllegalArgumentException("batchSize must be ≥ 1, got " + b);
        }
        this.batchSize = b;
        return self();
    }

    /**
     * Adam with this learning rate (the default, 1e-3).
     *
     * @param lr the step size, finite and &gt; 0 (for the φ-model on the quintic 1e-3 … 3e-3 work; much larger
     *     values diverge and the run stops with the last good parameters)
     * @return this builder
     */
    public MetricFlow.Builder adam(double lr) {
        this.learningRate = requireRate(lr);
        this.optimizerFactory = Adam::of;
        this.optimizerName = "adam";
        return self();
    }

    /**
     * SGD with this learning rate and momentum in [0, 1).
     *
     * @param lr the step size, finite and &gt; 0
     * @param momentum the heavy-ball momentum, in [0, 1) (0 = plain gradient descent)
     * @return this builder
     */
    public MetricFlow.Builder sgd(double lr, double momentum) {
        this.learningRate = requireRate(lr);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must lie in [0, 1), got " + momentum);
        }
        this.optimizerFactory = rate -> momentum > 0 ? Sgd.of(rate).withMomentum(momentum) : Sgd.of(rate);
        this.optimizerName = "sgd";
        return self();
    }

    /**
     * A per-epoch learning-rate schedule (epoch e uses {@code schedule.rate(e − 1)}).
     *
     * @return this builder
     */
    public MetricFlow.Builder schedule(LearningRateSchedule s) {
        this.schedule = Objects.requireNonNull(s, "schedule");
        return self();
    }

    /**
     * After the epochs, refine with L-BFGS for this many iterations (0 = off), on the loss over the first 8192
     * training points (a fixed objective, as L-BFGS needs, with bounded memory).
     *
     * @return this builder
     */
    public MetricFlow.Builder lbfgsRefinement(int iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException("L-BFGS iterations must be ≥ 0, got " + iterations);
        }
        this.lbfgsIterations = iterations;
        return self();
    }

    /**
     * Stop when the validation observable has not decreased for {@code patience} epochs; keep the best.
     *
     * @return this builder
     */
    public MetricFlow.Builder earlyStopping(String observable, int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("early-stopping patience must be ≥ 1, got " + patience);
        }
        this.earlyStopping = Objects.requireNonNull(observable, "observable");
        this.patience = patience;
        return self();
    }

    /**
     * Also record, every epoch, the Ricci measure ({@code ricciMeasure}) and the Euler characteristic
     * ({@code euler}) of the learned metric on the first {@code points} validation points (0 = off, the
     * default). Uses the curvature of the learned potential by nested autodiff: a few hundred points per second.
     *
     * @return this builder
     */
    public MetricFlow.Builder curvatureProbe(int points) {
        if (points < 0 || points == 1) {
            throw new IllegalArgumentException("curvatureProbe needs 0 (off) or at least 2 points, got " + points);
        }
        this.curvatureProbe = points;
        return self();
    }

    /**
     * Also record, every epoch, the relative change ‖Θ<sub>t</sub> − Θ<sub>0</sub>‖<sub>F</sub>/‖Θ<sub>0</sub>‖<sub>F</sub>
     * ({@code kernelChange}) of the metric-NTK on the first {@code points} validation points (0 = off, the
     * default): the paper's measure of feature learning (a frozen kernel stays at 0).
     *
     * @return this builder
     */
    public MetricFlow.Builder kernelProbe(int points) {
        if (points < 0 || points == 1) {
            throw new IllegalArgumentException("kernelProbe needs 0 (off) or at least 2 points, got " + points);
        }
        this.kernelProbe = points;
        return self();
    }

    /**
     * Write a checkpoint ({@link Checkpoint} format: parameters, optimizer state, history, early-stopping state)
     * to {@code file} atomically after every {@code everyEpochs} epochs and after the last one.
     *
     * @param file the checkpoint file, not null; its folder is created if needed
     * @param everyEpochs the interval in epochs, ≥ 1
     * @return this builder
     */
    public MetricFlow.Builder checkpoints(Path file, int everyEpochs) {
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("checkpoint interval must be ≥ 1 epoch, got " + everyEpochs);
        }
        this.checkpointFile = Objects.requireNonNull(file, "file");
        this.checkpointEvery = everyEpochs;
        return self();
    }

    /**
     * Resume from a checkpoint written by a run with the same configuration (checked by a fingerprint when the
     * flow is built: a different setting is refused by {@link MetricFlow.Builder#build()} with an
     * IllegalArgumentException naming every differing field): the run continues after the checkpoint's epoch and
     * ends, with the same seed, exactly where an uninterrupted run would (also for the continuous dynamics).
     *
     * @return this builder
     */
    public MetricFlow.Builder resumeFrom(Path checkpoint) {
        this.resumeFrom = Objects.requireNonNull(checkpoint, "checkpoint");
        return self();
    }

    /**
     * The dynamics: {@link Dynamics#optimizer()} (the default), {@link Dynamics#gradientFlow} or
     * {@link Dynamics#metricOde}. For the continuous ones {@link #epochs} is the number of recorded time intervals.
     */
    public MetricFlow.Builder dynamics(Dynamics d) {
        this.dynamics = Objects.requireNonNull(d, "dynamics");
        return self();
    }

    /**
     * Train the linearization g(θ0) + J(θ0)(θ − θ0) of the ansatz at its initial parameters θ0
     * ({@link org.metricflow.nn.metric.LinearizedMetricModel}): the metric-NTK stays exactly frozen. The result's
     * model is the linearized one (a model given to {@link #model} stays at θ0).
     */
    public MetricFlow.Builder linearized() {
        this.linearized = true;
        return self();
    }

    /**
     * How many non-finite steps to survive (0, the default: stop at the first). A step whose loss or gradient is
     * NaN or infinite is rolled back to the last good parameters, the learning rate is halved and the batch is
     * skipped; after {@code retries} such rollbacks the next one stops the run ({@link StopReason#NON_FINITE})
     * with a message naming the epoch and step of each.
     */
    public MetricFlow.Builder nonFiniteRetries(int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("nonFiniteRetries must be ≥ 0, got " + retries);
        }
        this.nonFiniteRetries = retries;
        return self();
    }

    /**
     * A stop request (e.g. set by a Ctrl-C/SIGTERM handler), polled after every optimizer step: when it answers
     * true the run restores the parameters of the last completed epoch, writes that epoch's checkpoint
     * atomically to {@code checkpoint} (if not null and an epoch was completed) and ends with
     * {@link StopReason#INTERRUPTED}; resuming from it ({@link #resumeFrom}) ends exactly where the uninterrupted
     * run would. The optimizer dynamics poll it after every step, the continuous ones at every evaluation of
     * their right-hand side (their checkpoint holds the ODE state at the last completed interval); after the
     * epochs it ends an L-BFGS refinement early, keeping its last iterate (the run completes).
     *
     * @param stop polled from the training thread; must be cheap and thread-safe
     * @param checkpoint where the last completed epoch's checkpoint is written, or null for none
     * @return this builder
     */
    public MetricFlow.Builder stopWhen(BooleanSupplier stop, Path checkpoint) {
        this.stopWhen = Objects.requireNonNull(stop, "stop");
        this.stopCheckpoint = checkpoint;
        return self();
    }

    /**
     * Adds a progress listener, called on the training thread (it must not block for long).
     *
     * @param l the listener, not null (e.g. {@link ConsoleProgress} on standard error)
     * @return this builder
     */
    public MetricFlow.Builder listener(FlowListener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
        return self();
    }

    private MetricFlow.Builder self() {
        return (MetricFlow.Builder) this;
    }

    private static double requireRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + lr);
        }
        return lr;
    }
}
