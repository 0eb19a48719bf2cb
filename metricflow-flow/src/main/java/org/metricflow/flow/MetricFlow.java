package org.metricflow.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.ComplexTensor;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.optim.Adam;
import org.metricflow.core.optim.Lbfgs;
import org.metricflow.core.optim.LbfgsResult;
import org.metricflow.core.optim.LearningRateSchedule;
import org.metricflow.core.optim.Optimizer;
import org.metricflow.core.optim.Sgd;
import org.metricflow.core.random.Rng;
import org.metricflow.core.stats.Estimate;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.KahlerTensors;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.ntk.NtkDiagnostics;
import org.metricflow.nn.ntk.ProbeMetricModel;
import org.metricflow.nn.phi.FusedMongeAmpere;
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
 * trained with the Monge–Ampère loss alone takes its steps through the fused kernel
 * {@link org.metricflow.nn.phi.FusedMongeAmpere} (same loss and gradient, no autodiff graph); every other
 * combination uses automatic differentiation.
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
     *
     * @return a builder with the defaults: φ-model 64×3 gelu on Hermitian invariants, Monge–Ampère loss, Adam 1e-3
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
        long start = System.nanoTime();
        PointSet all = config.pointSet != null ? config.pointSet : config.variety.sample(config.points, config.seed);
        Rng rng = Rng.stream(config.seed, 1);
        int[] perm = rng.permutation(all.size());
        int nVal = (int) Math.round(config.validationFraction * all.size());
        nVal = Math.max(2, Math.min(nVal, all.size() - 2));
        PointSet val = all.subset(java.util.Arrays.copyOfRange(perm, 0, nVal));
        PointSet train = all.subset(java.util.Arrays.copyOfRange(perm, nVal, perm.length));
        KahlerMetricModel model = config.model != null ? config.model : config.modelFactory.apply(all.variety());
        if (config.linearized) {
            model = org.metricflow.nn.metric.LinearizedMetricModel.of(model);
        }
        double volFs = all.fubiniStudyVolume();
        double volOmega = KahlerIntegrals.omegaVolume(train).value();

        List<Tensor> params = model.parameters();
        List<DMatrixRMaj> values = new ArrayList<>();
        for (Tensor p : params) {
            values.add(p.value());
        }
        Optimizer optimizer = config.optimizerFactory.apply(config.learningRate);
        FusedMongeAmpere fused = fusedStep(model);
        double fusedWeight = fused == null ? 0 : config.lossWeights.get(0);
        List<DMatrixRMaj> fusedGradients = fused == null ? null : fused.newGradients();
        int batch = Math.min(config.batchSize, train.size());
        int steps = (train.size() + batch - 1) / batch;
        String fingerprint = fingerprint(all, values);
        // ‖Θ_t − Θ_0‖_F/‖Θ_0‖_F of the metric-NTK on the kernel probe set, when configured.
        java.util.function.DoubleSupplier kernelChange = null;
        if (config.kernelProbe > 0) {
            PointSet probe = val.slice(0, Math.min(val.size(), config.kernelProbe));
            ProbeMetricModel pm = ProbeMetricModel.of(model, probe);
            Tensor idx = ProbeMetricModel.indices(probe.size());
            DMatrixRMaj theta0 = pm.metricNtk().matrix(idx);
            kernelChange = () -> NtkDiagnostics.relativeChange(pm.metricNtk().matrix(idx), theta0);
        }
        for (FlowListener l : config.listeners) {
            l.onStart(config.epochs, steps);
        }
        int[] nonPositive = {0, -1, 0}; // {most non-positive-definite validation points, first epoch seen, epoch}
        History.Recorder recorder;
        Map<String, Double> obs;
        double[][] best;
        double bestScore;
        int sinceBest;
        int firstEpoch;
        if (config.resumeFrom != null) {
            Checkpoint c = readCheckpoint(fingerprint, values);
            restore(values, c.theta);
            optimizer.restore(c.optimizer);
            recorder = History.Recorder.fromCsv(c.historyCsv);
            best = c.best;
            bestScore = c.bestScore;
            sinceBest = c.sinceBest;
            firstEpoch = c.epoch + 1;
        } else {
            recorder = new History.Recorder();
            obs = observe(model, val, volFs, volOmega, kernelChange, nonPositive);
            recorder.record(obs);
            notifyEpoch(0, obs, start, 0);
            best = snapshot(values);
            bestScore = config.earlyStopping == null ? Double.NaN : obs.get(config.earlyStopping);
            sinceBest = 0;
            firstEpoch = 1;
        }

        double[][] lastGood = snapshot(values);
        int rollbacks = 0;
        StringBuilder rollbackNotes = new StringBuilder();
        StopReason reason = StopReason.COMPLETED;
        String message = "completed " + config.epochs + " epochs";
        if (config.dynamics.isContinuous()) {
            // Continuous dynamics (gradient flow / metric ODE): epochs are equal time intervals; the optimizer
            // loop below then does not run (firstEpoch > epochs) and L-BFGS is off (validated in build()).
            ContinuousDynamics.Outcome c = runContinuous(model, train, val, volFs, volOmega, kernelChange, recorder,
                    start, nonPositive);
            model = c.model();
            reason = c.reason();
            message = c.message();
            firstEpoch = config.epochs + 1;
        }
        epochs:
        for (int epoch = firstEpoch; epoch <= config.epochs; epoch++) {
            if (config.schedule != null) {
                optimizer.setLearningRate(config.schedule.rate(epoch - 1));
            }
            // Each epoch's shuffle has its own stream, so a resumed run shuffles exactly as an uninterrupted one.
            int[] order = Rng.stream(config.seed, 1000L + epoch).permutation(train.size());
            for (int s = 0; s < steps; s++) {
                int from = s * batch;
                int to = Math.min(train.size(), from + batch);
                PointSet b = train.subset(java.util.Arrays.copyOfRange(order, from, to));
                double lv;
                DMatrixRMaj[] grads;
                if (fused != null) {
                    // same loss and gradient as the autodiff path below, by the fused kernel
                    double ratio = new LossContext(model, b, null, volFs, volOmega).ratioConstant();
                    lv = fusedWeight * fused.lossAndGradient(b, ratio, fusedWeight, fusedGradients);
                    grads = Double.isFinite(lv) ? fusedGradients.toArray(new DMatrixRMaj[0]) : null;
                } else {
                    Tensor loss = totalLoss(model, b, volFs, volOmega);
                    lv = loss.item();
                    grads = Double.isFinite(lv) ? Autodiff.grad(loss, params.toArray(new Tensor[0])) : null;
                }
                if (grads == null || !allFinite(grads)) {
                    String what = String.format(java.util.Locale.ROOT, "epoch %d, step %d: the %s is not finite (%s)",
                            epoch, s, grads == null ? "loss" : "gradient",
                            grads == null ? Double.toString(lv) : "NaN/Inf entries") + metricDiagnosis(model, b);
                    restore(values, lastGood);
                    if (rollbacks < config.nonFiniteRetries) {
                        rollbacks++;
                        optimizer.setLearningRate(optimizer.learningRate() / 2);
                        rollbackNotes.append(rollbackNotes.length() == 0 ? "" : "; ").append(what)
                                .append(" → rolled back, learning rate halved");
                        continue;
                    }
                    reason = StopReason.NON_FINITE;
                    message = String.format(java.util.Locale.ROOT, "stopped at %s; kept the parameters of the last"
                            + " good step — lower the learning rate (now %.3g)%s", what, optimizer.learningRate(),
                            rollbacks == 0 ? "" : " (after " + rollbacks + " rollbacks: " + rollbackNotes + ")");
                    break epochs;
                }
                copyInto(values, lastGood);
                optimizer.step(values, java.util.Arrays.asList(grads));
                for (FlowListener l : config.listeners) {
                    l.onStep(epoch, s, steps, lv);
                }
            }
            if (!allFinite(values)) {
                // The epoch's last update overflowed: never record, observe or checkpoint non-finite parameters.
                restore(values, lastGood);
                reason = StopReason.NON_FINITE;
                message = "stopped at epoch " + epoch + ", step " + (steps - 1) + ": the update made parameters"
                        + " non-finite; kept the parameters of the last good step — lower the learning rate";
                break;
            }
            nonPositive[2] = epoch;
            obs = observe(model, val, volFs, volOmega, kernelChange, nonPositive);
            String nonFinite = firstNonFinite(obs);
            if (nonFinite != null) {
                // Finite training losses but e.g. a metric that is no longer positive definite on validation points.
                String diagnosis = metricDiagnosis(model, val);
                restore(values, lastGood);
                reason = StopReason.NON_FINITE;
                message = "stopped after epoch " + epoch + ", step " + (steps - 1) + ": the validation observable "
                        + nonFinite + " is not finite (" + obs.get(nonFinite) + ")" + diagnosis
                        + "; kept the parameters of the last good step — lower the learning rate";
                break;
            }
            copyInto(values, lastGood);
            recorder.record(obs);
            double elapsed = (System.nanoTime() - start) / 1e9;
            notifyEpoch(epoch, obs, start, elapsed / (epoch - firstEpoch + 1) * (config.epochs - epoch));
            if (config.earlyStopping != null) {
                double score = obs.get(config.earlyStopping);
                if (score < bestScore) {
                    bestScore = score;
                    best = snapshot(values);
                    sinceBest = 0;
                } else if (++sinceBest >= config.patience) {
                    restore(values, best);
                    reason = StopReason.EARLY_STOPPED;
                    message = "early stop after epoch " + epoch + ": " + config.earlyStopping + " did not improve for "
                            + config.patience + " epochs; restored the best parameters (" + config.earlyStopping
                            + " = " + bestScore + ")";
                    break;
                }
            }
            if (config.checkpointFile != null && (epoch % config.checkpointEvery == 0 || epoch == config.epochs)) {
                writeCheckpoint(new Checkpoint(fingerprint, epoch, recorder.snapshot().toCsv(), snapshot(values), best,
                        bestScore, sinceBest, optimizer.state()), values);
            }
        }
        if (reason == StopReason.COMPLETED && config.lbfgsIterations > 0) {
            LbfgsResult r = refine(model, params, values, train, volFs, volOmega);
            nonPositive[2] = config.epochs + 1;
            obs = observe(model, val, volFs, volOmega, kernelChange, nonPositive);
            recorder.record(obs);
            notifyEpoch(config.epochs + 1, obs, start, 0);
            message += "; L-BFGS refinement: " + r.iterations() + " iterations, " + r.reason();
        }
        if (config.lossNote != null) {
            message += "; note: " + config.lossNote;
        }
        if (nonPositive[0] > 0) {
            message += "; warning: the metric is not positive definite at up to " + nonPositive[0] + " of " + val.size()
                    + " validation points (first seen at epoch " + nonPositive[1] + "); σ, κ, the volume and the"
                    + " losses use log|det g| there";
        }
        if (reason != StopReason.NON_FINITE && rollbacks > 0) {
            message += "; " + rollbacks + " non-finite step(s) rolled back: " + rollbackNotes;
        }
        if (!all.variety().isCalabiYau()) {
            message += "; note: " + all.variety().name() + " is not Calabi–Yau (the degrees do not sum to n + 1), so"
                    + " no Ricci-flat metric exists; σ and κ still measure the distance to the Monge–Ampère metric with"
                    + " volume form |Ω|²";
        }
        FlowResult result = new FlowResult(recorder.snapshot(), model, (System.nanoTime() - start) / 1e9, reason,
                message);
        for (FlowListener l : config.listeners) {
            l.onEnd(result);
        }
        return result;
    }

    private ContinuousDynamics.Outcome runContinuous(KahlerMetricModel model, PointSet train, PointSet val,
            double volFs, double volOmega, java.util.function.DoubleSupplier kernelChange, History.Recorder recorder,
            long start, int[] nonPositive) {
        ContinuousDynamics.MetricLoss loss = (m, points, g) -> {
            LossContext ctx = new LossContext(m, points, g, volFs, volOmega);
            Tensor total = null;
            for (int i = 0; i < config.losses.size(); i++) {
                Tensor term = config.losses.get(i).evaluate(ctx).times(config.lossWeights.get(i));
                total = total == null ? term : total.plus(term);
            }
            return total;
        };
        return ContinuousDynamics.run(config.dynamics, model, train, config.epochs, loss, (epoch, observed) -> {
            nonPositive[2] = epoch;
            Map<String, Double> o = observe(observed, val, volFs, volOmega, kernelChange, nonPositive);
            recorder.record(o);
            double elapsed = (System.nanoTime() - start) / 1e9;
            notifyEpoch(epoch, o, start, elapsed / epoch * (config.epochs - epoch));
        });
    }

    private String fingerprint(PointSet all, List<DMatrixRMaj> values) {
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

    private Checkpoint readCheckpoint(String fingerprint, List<DMatrixRMaj> values) {
        try {
            return Checkpoint.read(config.resumeFrom, fingerprint, values);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot resume from " + config.resumeFrom + ": " + e.getMessage(),
                    e);
        }
    }

    private void writeCheckpoint(Checkpoint c, List<DMatrixRMaj> values) {
        try {
            c.write(config.checkpointFile, values);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the checkpoint " + config.checkpointFile + ": "
                    + e.getMessage(), e);
        }
    }

    private LbfgsResult refine(KahlerMetricModel model, List<Tensor> params, List<DMatrixRMaj> values, PointSet all,
            double volFs, double volOmega) {
        // L-BFGS needs one deterministic objective; it is the loss on (up to) the first LBFGS_POINTS training points,
        // which bounds the memory of the full-batch graph.
        PointSet train = all.slice(0, Math.min(all.size(), LBFGS_POINTS));
        Tensor[] targets = params.toArray(new Tensor[0]);
        return Lbfgs.of().withMaxIterations(config.lbfgsIterations).minimize(values, grads -> {
            Tensor loss = totalLoss(model, train, volFs, volOmega);
            DMatrixRMaj[] g = Autodiff.grad(loss, targets);
            for (int i = 0; i < g.length; i++) {
                grads.get(i).setTo(g[i]);
            }
            return loss.item();
        });
    }

    /**
     * The fused training step ({@link FusedMongeAmpere}: loss and gradient by a hand-written kernel, no autodiff
     * graph) when the model is a φ-model the kernel supports and the only loss term is the built-in Monge–Ampère
     * loss; null otherwise (other losses, other models, complex dimension above 3), and the steps use autodiff.
     */
    FusedMongeAmpere fusedStep(KahlerMetricModel model) {
        if (!(model instanceof PhiModel) || config.losses.size() != 1
                || !(config.losses.get(0) instanceof MongeAmpereLoss)) {
            return null;
        }
        PhiModel phi = (PhiModel) model;
        return FusedMongeAmpere.supports(phi)
                ? phi.mongeAmpereStep(((MongeAmpereLoss) config.losses.get(0)).exponent()) : null;
    }

    private Tensor totalLoss(KahlerMetricModel model, PointSet batch, double volFs, double volOmega) {
        LossContext ctx = new LossContext(model, batch, model.metric(batch), volFs, volOmega);
        Tensor total = null;
        for (int i = 0; i < config.losses.size(); i++) {
            Tensor term = config.losses.get(i).evaluate(ctx).times(config.lossWeights.get(i));
            total = total == null ? term : total.plus(term);
        }
        return total;
    }

    private Map<String, Double> observe(KahlerMetricModel model, PointSet val, double volFs, double volOmega,
            java.util.function.DoubleSupplier kernelChange, int[] nonPositive) {
        Double change = kernelChange == null ? null : kernelChange.getAsDouble();
        return Autodiff.noGrad(() -> {
            Map<String, Double> o = new LinkedHashMap<>();
            HermitianMetric g = model.metric(val);
            // A metric that is not positive definite somewhere is reported in the result message (its log det there
            // is log|det g|, see KahlerTensors.logDeterminant): {most such validation points, first epoch seen}.
            int bad = KahlerTensors.countNonPositiveDefinite(ComplexTensor.of(g.re(), g.im()));
            if (bad > nonPositive[0]) {
                nonPositive[0] = bad;
            }
            if (bad > 0 && nonPositive[1] < 0) {
                nonPositive[1] = nonPositive[2];
            }
            LossContext ctx = new LossContext(model, val, g, volFs, volOmega);
            double total = 0;
            for (int i = 0; i < config.losses.size(); i++) {
                double v = config.losses.get(i).evaluate(ctx).item();
                o.put(config.losses.get(i).name(), v);
                total += config.lossWeights.get(i) * v;
            }
            o.put("loss", total);
            double[] det = g.detValues();
            Estimate sigma = KahlerIntegrals.sigma(val, det);
            o.put("sigma", sigma.value());
            o.put("sigmaError", sigma.standardError());
            o.put("volume", KahlerIntegrals.volume(val, det).value());
            o.put("kappa", KahlerIntegrals.kappa(val, det).value());
            if (config.curvatureProbe > 0) {
                PointSet probe = val.slice(0, Math.min(val.size(), config.curvatureProbe));
                CurvatureIntegrals.ChernNumbers c = CurvatureIntegrals.chernNumbers(probe, model.potential(), 256);
                o.put("ricciMeasure", c.ricciMeasure().value());
                o.put("euler", c.euler().value());
            }
            if (change != null) {
                o.put("kernelChange", change);
            }
            return o;
        });
    }

    private void notifyEpoch(int epoch, Map<String, Double> obs, long start, double eta) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (FlowListener l : config.listeners) {
            l.onEpoch(epoch, obs, elapsed, eta);
        }
    }

    /**
     * ", the metric is not positive definite at k of N points" when that may explain a non-finite value, else "".
     */
    private static String metricDiagnosis(KahlerMetricModel model, PointSet points) {
        try {
            int bad = Autodiff.noGrad(() -> {
                HermitianMetric g = model.metric(points);
                return KahlerTensors.countNonPositiveDefinite(ComplexTensor.of(g.re(), g.im()));
            });
            return bad == 0 ? "" : ", the metric is not positive definite at " + bad + " of " + points.size() + " points";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String firstNonFinite(Map<String, Double> observables) {
        for (Map.Entry<String, Double> e : observables.entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }

    private static boolean allFinite(List<DMatrixRMaj> values) {
        return allFinite(values.toArray(new DMatrixRMaj[0]));
    }

    private static boolean allFinite(DMatrixRMaj[] grads) {
        for (DMatrixRMaj g : grads) {
            for (int i = 0; i < g.getNumElements(); i++) {
                if (!Double.isFinite(g.data[i])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double[][] snapshot(List<DMatrixRMaj> values) {
        double[][] s = new double[values.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = values.get(i).data.clone();
        }
        return s;
    }

    private static void copyInto(List<DMatrixRMaj> values, double[][] target) {
        for (int i = 0; i < target.length; i++) {
            System.arraycopy(values.get(i).data, 0, target[i], 0, target[i].length);
        }
    }

    private static void restore(List<DMatrixRMaj> values, double[][] source) {
        for (int i = 0; i < source.length; i++) {
            System.arraycopy(source[i], 0, values.get(i).data, 0, source[i].length);
        }
    }

    /** The configuration of a flow; every setter validates its argument, {@link #build()} the combination. */
    public static final class Builder {
        private ProjectiveVariety variety;
        private PointSet pointSet;
        private int points = 10_000;
        private long seed = 1;
        private double validationFraction = 0.1;
        private KahlerMetricModel model;
        private Function<ProjectiveVariety, KahlerMetricModel> modelFactory;
        private int width = 64;
        private int depth = 3;
        private Activation activation = Activation.GELU;
        private Parametrization parametrization = Parametrization.STANDARD;
        private FeatureMap features = FeatureMap.HERMITIAN_INVARIANTS;
        private final List<Loss> losses = new ArrayList<>();
        private final List<Double> lossWeights = new ArrayList<>();
        private int epochs = 20;
        private int batchSize = 1024;
        private double learningRate = 1e-3;
        private Function<Double, Optimizer> optimizerFactory = Adam::of;
        private String optimizerName = "adam";
        private LearningRateSchedule schedule;
        private int lbfgsIterations;
        private String earlyStopping;
        private int patience;
        private int curvatureProbe;
        private int kernelProbe;
        private java.nio.file.Path checkpointFile;
        private int checkpointEvery;
        private java.nio.file.Path resumeFrom;
        private int nonFiniteRetries;
        private final List<FlowListener> listeners = new ArrayList<>();
        private Dynamics dynamics = Dynamics.optimizer();
        private boolean linearized;
        private String lossNote;

        private Builder() {
        }

        /**
         * The variety to learn a metric on; its points are sampled with {@link #points} and {@link #seed}.
         *
         * @param v the variety to learn a metric on; its points are sampled with {@link #points} and {@link #seed}
         * @return this builder
         */
        public Builder variety(ProjectiveVariety v) {
            this.variety = Objects.requireNonNull(v, "variety");
            return this;
        }

        /**
         * Use these points (train and validation are split from them) instead of sampling.
         *
         * @param ps Use these points (train and validation are split from them) instead of sampling
         * @return this builder
         */
        public Builder pointSet(PointSet ps) {
            this.pointSet = Objects.requireNonNull(ps, "pointSet");
            return this;
        }

        /**
         * The number of points to sample (≥ 20).
         *
         * @param count the number of items
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
         * @param s the seed of every random draw (sampling, split, shuffling, initialization)
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * The fraction of points held out for validation, in (0, 0.9].
         *
         * @param f the fraction of points held out for validation, in (0, 0.9]
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
         * @param m Train this model (in place) instead of the default φ-model
         * @return this builder
         */
        public Builder model(KahlerMetricModel m) {
            this.model = Objects.requireNonNull(m, "model");
            return this;
        }

        /**
         * The default φ-model's network: {@code depth} hidden layers of {@code width} with the activation.
         *
         * @param width the hidden width
         * @param depth the number of hidden layers
         * @param activation the activation function
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
         * @param p the φ-model's parametrization (standard by default)
         * @return this builder
         */
        public Builder parametrization(Parametrization p) {
            this.parametrization = Objects.requireNonNull(p, "parametrization");
            return this;
        }

        /**
         * The φ-model's input features (Hermitian invariants by default).
         *
         * @param f the φ-model's input features (Hermitian invariants by default)
         * @return this builder
         */
        public Builder features(FeatureMap f) {
            this.features = Objects.requireNonNull(f, "features");
            return this;
        }

        /**
         * Adds a loss term with a weight (&gt; 0). Without any, the Monge–Ampère loss with weight 1 is used.
         *
         * @param loss the loss
         * @param weight the weight
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
         * @param e the number of epochs (≥ 0; 0 evaluates the initial metric only)
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
         * @param b the mini-batch size (≥ 1)
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
         * @param lr Adam with this learning rate (the default, 1e-3)
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
         * @param lr the argument {@code lr}
         * @param momentum the momentum
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
         * @param s a per-epoch learning-rate schedule (epoch e uses {@code schedule.rate(e − 1)})
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
         * @param iterations the iterations
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
         * @param observable the observable
         * @param patience the patience
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
         * @param points the points
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
         * @param points the points
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
         * @param file the file
         * @param everyEpochs the every epochs
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
         * @param checkpoint the checkpoint
         * @return this builder
         */
        public Builder resumeFrom(java.nio.file.Path checkpoint) {
            this.resumeFrom = Objects.requireNonNull(checkpoint, "checkpoint");
            return this;
        }

        /**
         * The dynamics: {@link Dynamics#optimizer()} (the default), {@link Dynamics#gradientFlow} or
         * {@link Dynamics#metricOde}. For the continuous ones {@link #epochs} is the number of recorded time intervals.
         *
         * @param d the argument {@code d}
         * @return the dynamics: {@link Dynamics#optimizer()} (the default), {@link Dynamics#gradientFlow} or {@link Dynamics#metricOde}
         */
        public Builder dynamics(Dynamics d) {
            this.dynamics = Objects.requireNonNull(d, "dynamics");
            return this;
        }

        /**
         * Train the linearization g(θ0) + J(θ0)(θ − θ0) of the ansatz at its initial parameters θ0
         * ({@link org.metricflow.nn.metric.LinearizedMetricModel}): the metric-NTK stays exactly frozen. The result's
         * model is the linearized one (a model given to {@link #model} stays at θ0).
         *
         * @return Train the linearization g(θ0) + J(θ0)(θ − θ0) of the ansatz at its initial parameters θ0 ({@link org.metricflow.nn.metric.LinearizedMetricModel}): the metric-NTK stays exactly frozen
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
         *
         * @param retries the retries
         * @return how many non-finite steps to survive (0, the default: stop at the first)
         */
        public Builder nonFiniteRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("nonFiniteRetries must be ≥ 0, got " + retries);
            }
            this.nonFiniteRetries = retries;
            return this;
        }

        /**
         * Adds a progress listener.
         *
         * @param l the argument {@code l}
         * @return this builder
         */
        public Builder listener(FlowListener l) {
            listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /**
         * Validates the configuration and freezes it.
         *
         * @return the configured flow
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
