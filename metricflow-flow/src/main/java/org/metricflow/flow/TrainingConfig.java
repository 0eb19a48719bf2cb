package org.metricflow.flow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.metricflow.core.optim.LearningRateSchedule;
import org.metricflow.core.optim.Optimizer;
import org.metricflow.core.random.Rng;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.phi.PhiModel;

/**
 * The validated, frozen configuration of a {@link MetricFlow}: the {@link FlowSettings} at
 * {@link MetricFlow.Builder#build()} time, with the defaults filled in (the Monge–Ampère loss when no loss was given,
 * the φ-model factory when no model was given) and the combination checked. Immutable (the lists are unmodifiable
 * copies; a given model is the caller's and is trained in place); read by the run's collaborators in this package.
 */
final class TrainingConfig {
    /** The largest dense frozen metric-NTK (rows = training points × components) Dynamics.metricOde builds. */
    static final int MAX_FROZEN_KERNEL = 4096;

    /** The observables early stopping accepts besides the loss terms' names. */
    private static final List<String> OBSERVABLES = List.of("loss", "sigma", "volume", "kappa", "ricciMeasure",
            "kernelChange");

    final ProjectiveVariety variety;
    final PointSet pointSet;
    final int points;
    final long seed;
    final double validationFraction;
    final KahlerMetricModel model;
    final Function<ProjectiveVariety, KahlerMetricModel> modelFactory;
    final int width;
    final int depth;
    final Activation activation;
    final Parametrization parametrization;
    final FeatureMap features;
    final List<Loss> losses;
    final List<Double> lossWeights;
    final int epochs;
    final int batchSize;
    final double learningRate;
    final Function<Double, Optimizer> optimizerFactory;
    final String optimizerName;
    final LearningRateSchedule schedule;
    final int lbfgsIterations;
    final String earlyStopping;
    final int patience;
    final int curvatureProbe;
    final int kernelProbe;
    final Path checkpointFile;
    final int checkpointEvery;
    final Path resumeFrom;
    final int nonFiniteRetries;
    final List<FlowListener> listeners;
    final Dynamics dynamics;
    final boolean linearized;
    final String lossNote;
    final BooleanSupplier stopWhen;
    final Path stopCheckpoint;

    private TrainingConfig(FlowSettings s) {
        variety = s.variety;
        pointSet = s.pointSet;
        points = s.points;
        seed = s.seed;
        validationFraction = s.validationFraction;
        model = s.model;
        modelFactory = s.model == null ? phiModelFactory(s) : null;
        width = s.width;
        depth = s.depth;
        activation = s.activation;
        parametrization = s.parametrization;
        features = s.features;
        losses = s.losses.isEmpty() ? List.of(Loss.mongeAmpere()) : List.copyOf(s.losses);
        lossWeights = s.losses.isEmpty() ? List.of(1.0) : List.copyOf(s.lossWeights);
        epochs = s.epochs;
        batchSize = s.batchSize;
        learningRate = s.learningRate;
        optimizerFactory = s.optimizerFactory;
        optimizerName = s.optimizerName;
        schedule = s.schedule;
        lbfgsIterations = s.lbfgsIterations;
        earlyStopping = s.earlyStopping;
        patience = s.patience;
        curvatureProbe = s.curvatureProbe;
        kernelProbe = s.kernelProbe;
        checkpointFile = s.checkpointFile;
        checkpointEvery = s.checkpointEvery;
        resumeFrom = s.resumeFrom;
        nonFiniteRetries = s.nonFiniteRetries;
        listeners = List.copyOf(s.listeners);
        dynamics = s.dynamics;
        linearized = s.linearized;
        lossNote = lossNote(s.model, losses);
        stopWhen = s.stopWhen;
        stopCheckpoint = s.stopCheckpoint;
    }

    /**
     * Validates the combination of the settings and freezes them.
     *
     * @throws IllegalStateException naming the conflicting settings
     */
    static TrainingConfig of(FlowSettings s) {
        TrainingConfig c = new TrainingConfig(s);
        c.checkPoints();
        if (c.earlyStopping != null && !OBSERVABLES.contains(c.earlyStopping)
                && c.losses.stream().noneMatch(l -> l.name().equals(c.earlyStopping))) {
            throw new IllegalStateException("early stopping on unknown observable '" + c.earlyStopping
                    + "'; use loss, sigma or a loss term's name");
        }
        if (c.resumeFrom != null && !Files.isRegularFile(c.resumeFrom)) {
            throw new IllegalStateException("resumeFrom: no checkpoint file at " + c.resumeFrom.toAbsolutePath());
        }
        if (c.dynamics.isContinuous()) {
            c.checkContinuous();
        }
        if (c.resumeFrom != null) {
            Checkpointing.requireResumable(c);
        }
        return c;
    }

    /** The manifold: the given variety, else the point set's. */
    ProjectiveVariety manifold() {
        return variety != null ? variety : pointSet.variety();
    }

    private void checkPoints() {
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
        if (model != null && !model.variety().equals(manifold())) {
            throw new IllegalStateException("the model lives on " + model.variety().name() + " but the points on "
                    + manifold().name());
        }
    }

    /** The settings continuous dynamics (gradient flow, metric ODE) refuse or need. */
    private void checkContinuous() {
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
        if (epochs < 1) {
            throw new IllegalStateException("continuous dynamics need epochs ≥ 1 (the number of recorded time"
                    + " intervals), got " + epochs);
        }
        if (dynamics.kind() == Dynamics.Kind.METRIC_ODE) {
            checkMetricOde();
        }
    }

    private void checkMetricOde() {
        for (Loss l : losses) {
            if (!l.dependsOnMetricValuesOnly()) {
                throw new IllegalStateException("Dynamics.metricOde needs losses that depend only on the"
                        + " metric values at the points (∂L/∂g point-wise), but '" + l.name() + "' also"
                        + " depends on derivatives of the metric or on the model; use"
                        + " Dynamics.gradientFlow(...) for it");
            }
        }
        if (dynamics.kernelMode() != NtkMode.FROZEN) {
            return;
        }
        int total = pointSet != null ? pointSet.size() : points;
        long trainPoints = total - Math.max(2, Math.round(validationFraction * total));
        int d = manifold().dimension();
        long size = trainPoints * d * d;
        if (size > MAX_FROZEN_KERNEL) {
            throw new IllegalStateException("Dynamics.metricOde(…, FROZEN) builds the dense metric-NTK"
                    + " of the training points, " + size + "×" + size + " (" + trainPoints + " points × "
                    + d * d + " components), more than " + MAX_FROZEN_KERNEL + "; use at most "
                    + MAX_FROZEN_KERNEL / (d * d) + " training points, or NtkMode.EVOLVING, or"
                    + " .linearized() with Dynamics.gradientFlow (the same flow without a dense kernel)");
        }
    }

    /** The default φ-model, built on the run's variety from the settings' network shape and seed. */
    private static Function<ProjectiveVariety, KahlerMetricModel> phiModelFactory(FlowSettings s) {
        int width = s.width;
        int depth = s.depth;
        Activation activation = s.activation;
        Parametrization parametrization = s.parametrization;
        FeatureMap features = s.features;
        long mlpSeed = Rng.stream(s.seed, 2).nextLong();
        return v -> {
            int[] hidden = new int[depth];
            Arrays.fill(hidden, width);
            return PhiModel.of(v, Mlp.builder().inputs(features.featureCount(v)).hidden(hidden).outputs(1)
                    .activation(activation).parametrization(parametrization).seed(mlpSeed).build(), features, true);
        };
    }

    /** The note that a Kähler loss is spent on a model that is Kähler by construction, or null. */
    private static String lossNote(KahlerMetricModel model, List<Loss> losses) {
        if ((model == null || model.isKahlerByConstruction()) && losses.stream().anyMatch(l -> l.name().equals(
                "kahler"))) {
            return "the kahler loss is identically 0 (up to its finite-difference floor) for "
                    + (model == null ? "the φ-model" : model.getClass().getSimpleName())
                    + ", which is Kähler by construction; it only costs time";
        }
        return null;
    }
}
