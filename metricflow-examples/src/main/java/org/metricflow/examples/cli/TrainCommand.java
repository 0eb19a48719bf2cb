package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metricflow.core.optim.LearningRateSchedule;
import org.metricflow.examples.TrainingOutputs;
import org.metricflow.flow.ConsoleProgress;
import org.metricflow.flow.Dynamics;
import org.metricflow.flow.FlowResult;
import org.metricflow.flow.Loss;
import org.metricflow.flow.MetricFlow;
import org.metricflow.flow.NtkMode;
import org.metricflow.flow.StopReason;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.CymetricDataset;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.features.FeatureMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code metricflow train}: learn a Ricci-flat metric on a projective variety with the φ-model and the Monge–Ampère
 * loss (or the weighted terms of {@code --loss name=weight,…}: monge-ampere, volume, ricci, kahler, transition; each
 * term's final validation value is also a JSON key under its history name). Writes history.csv, model.mfa, sigma.png and losses.png to {@code --out}. JSON keys: {@code sigma},
 * {@code sigmaError}, {@code sigmaInitial}, {@code sigmaHistory}, {@code volume}, {@code seconds}, {@code stopReason},
 * {@code out}, and (unless {@code --curvature-points 0}) {@code ricciMeasure}, {@code ricciMeasureError},
 * {@code ricciMeasureFS}, {@code euler}, {@code eulerError} on fresh points, and with {@code --kernel-probe}
 * {@code kernelChange}; with {@code --points-from FILE} (a cymetric {@code dataset.npz}, {@link CymetricDataset}) also
 * {@code pointsFrom}, {@code pointsRead}, {@code fileWeightRatio}. {@code --checkpoint-every E} writes DIR/checkpoint.mfa; {@code --resume FILE} continues a
 * run from such a checkpoint (same options), ending exactly where the uninterrupted run would.
 *
 * <p><b>Dynamics</b> ({@code --dynamics}, {@link Dynamics}): {@code optimizer} (default: mini-batch Adam steps with
 * {@code --lr}, {@code --lr-decay}, {@code --batch}, optional L-BFGS), {@code gradient-flow} (dθ/dt = −η∇<sub>θ</sub>L,
 * full batch, integrated adaptively), {@code metric-ode-frozen} / {@code metric-ode-evolving} (the function-space
 * metric ODE ∂<sub>t</sub>g = −η Θ ∂L/∂g with the metric-NTK Θ frozen at θ<sub>0</sub> or evolving; losses on the metric
 * values only: monge-ampere, volume). The continuous ones need {@code --eta} η &gt; 0 and {@code --time} t &gt; 0 and
 * record the observables at t·e/E, e = 0..E ({@code --epochs E}), integrating with {@code --ode-tolerance}; the
 * optimizer's options do not apply to them, checkpoints (holding the ODE state at t·e/E), Ctrl-C and
 * {@code --resume} do. {@code --linearized} trains the linearization of the φ-model at θ<sub>0</sub> (any dynamics).
 * JSON gains {@code dynamics} (the option's value), {@code linearized}, {@code eta} and {@code time} (null for the
 * optimizer) and {@code modelSaved} (linearized models are not saved as model.mfa in this version).
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Learn a Ricci-flat (Calabi-Yau) metric on a projective variety with a neural Kähler potential.")
public final class TrainCommand extends CliCommand {

    @Option(names = "--kahler-moduli", description = "Kähler moduli t1,t2,... (one per projective factor): the"
            + " reference metric sum t_i g_i and the class the phi-model keeps (e.g. 1,1 for the bicubic).")
    String kahlerModuli;

    @Option(names = "--variety", defaultValue = "fermat-quintic",
            description = "fermat-quintic, dwork:<psi>, fermat-quartic, fermat-cubic, fermat:<n>:<degree>, bicubic,"
                    + " tetraquadric, schoen, cicy:<configuration>@<seed> or a polynomial (default: ${DEFAULT-VALUE}).")
    String variety;

    @Option(names = "--points", defaultValue = Defaults.POINTS, description = "Points to sample (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--points-from", paramLabel = "FILE",
            description = "Train on the points of a .npz file in cymetric's dataset.npz layout (X_train and X_val"
                    + " of --variety; weights and |Omega|^2 recomputed) instead of sampling --points.")
    Path pointsFrom;

    @Option(names = "--epochs", defaultValue = Defaults.EPOCHS, description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = Defaults.BATCH, description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--width", defaultValue = Defaults.WIDTH, description = "Hidden width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", defaultValue = Defaults.DEPTH, description = "Hidden layers (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--activation", defaultValue = Defaults.ACTIVATION,
            description = "tanh, gelu, softplus, sin, erf, sigmoid (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--param", defaultValue = Defaults.PARAMETRIZATION, description = "standard or ntk (default: ${DEFAULT-VALUE}).")
    String param;

    @Option(names = "--features", defaultValue = "invariant",
            description = "invariant (z_i z̄_j/|z|², smooth on CP^n) or patch (patch coordinates)"
                    + " (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = "--optimizer", defaultValue = "adam",
            description = "adam or adam+lbfgs (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lbfgs-iterations", defaultValue = "100",
            description = "L-BFGS iterations for adam+lbfgs (default: ${DEFAULT-VALUE}).")
    int lbfgsIterations;

    @Option(names = "--lr", defaultValue = "0.002", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--lr-decay", defaultValue = "0.1",
            description = "Factor by which the learning rate decays exponentially over the run (1 = constant;"
                    + " default: ${DEFAULT-VALUE}).")
    double lrDecay;

    @Option(names = "--curvature-points", defaultValue = Defaults.CURVATURE_POINTS,
            description = "Fresh points on which the Ricci measure (and with --euler the Euler characteristic) of the"
                    + " learned metric is computed at the end (default: ${DEFAULT-VALUE}).")
    int curvaturePoints;

    @Option(names = "--checkpoint-every", defaultValue = "0",
            description = "Write DIR/checkpoint.mfa every this many epochs (0 = never; default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", description = "Resume from a checkpoint written by the same command line (same"
            + " options, including --epochs, which sets the learning-rate decay horizon).")
    Path resume;

    @Option(names = "--kernel-probe", defaultValue = "0",
            description = "Record the metric-NTK's relative change on this many validation points (0 = off;"
                    + " default: ${DEFAULT-VALUE}).")
    int kernelProbe;

    @Option(names = "--loss", defaultValue = "monge-ampere=1",
            description = "Weighted loss terms name=weight, comma separated: monge-ampere, volume, ricci, kahler,"
                    + " transition (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--dynamics", defaultValue = "optimizer",
            description = "optimizer, gradient-flow, metric-ode-frozen or metric-ode-evolving"
                    + " (default: ${DEFAULT-VALUE}).")
    String dynamics;

    @Option(names = "--eta", description = "Learning rate η of the continuous dynamics (required with gradient-flow"
            + " and metric-ode-*).")
    Double eta;

    @Option(names = "--time", description = "End time t of the continuous dynamics (required with gradient-flow and"
            + " metric-ode-*); --epochs sets how many equal intervals are recorded.")
    Double time;

    @Option(names = "--ode-tolerance", defaultValue = "1e-5",
            description = "Absolute and relative Dormand-Prince tolerance of the continuous dynamics (the default"
                    + " σ-type loss |1 − κ det g/|Ω|²| is not smooth where it vanishes, so tight tolerances cost many"
                    + " steps; default: ${DEFAULT-VALUE}).")
    double odeTolerance;

    @Option(names = "--linearized", description = "Train the linearization of the φ-model at its initial parameters.")
    boolean linearized;

    @Option(names = "--seed", defaultValue = Defaults.SEED, description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "runs/train", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    /** The deepest network accepted by {@code --depth}. */
    static final int MAX_DEPTH = 64;

    /** The longest end time accepted by {@code --time} (the continuous dynamics' step count grows with it). */
    static final double MAX_TIME = 1e4;

    @picocli.CommandLine.Mixin
    SingularOption singularOption = new SingularOption();

    /** Set by {@link #validate}: the dynamics, the loss terms and the configured flow. */
    private Dynamics dyn;
    private List<Loss> terms;
    private MetricFlow.Builder b;
    private ProjectiveVariety x;
    private CymetricDataset.Read pointsData;

    @Override
    protected void validate() {
        range("--points", points, 4, Integer.MAX_VALUE);
        range("--epochs", epochs, 1, 1_000_000);
        range("--batch", batch, 1, Integer.MAX_VALUE);
        range("--width", width, 1, 1 << 20);
        range("--depth", depth, 1, MAX_DEPTH);
        range("--lbfgs-iterations", lbfgsIterations, 0, 1_000_000);
        positive("--lr", lr, 1e6);
        range("--curvature-points", curvaturePoints, 0, Integer.MAX_VALUE);
        if (curvaturePoints == 1) {
            throw new CliUsageException("--curvature-points must be 0 (off) or at least 2 (an error bar needs two"
                    + " points), got 1");
        }
        range("--checkpoint-every", checkpointEvery, 0, 1_000_000);
        range("--kernel-probe", kernelProbe, 0, 100_000);
        range("--ode-tolerance", odeTolerance, 1e-14, 0.5);
        if (eta != null) {
            positive("--eta", eta, 1e6);
        }
        if (time != null) {
            positive("--time", time, MAX_TIME);
        }
        dyn = usage(null, () -> dynamics(dynamics, eta, time, odeTolerance));
        if (dyn.isContinuous()) {
            usage(null, () -> {
                rejectOptimizerOptions();
                return null;
            });
        }
        b = usage(null, () -> builder(variety, points, epochs, batch, width, depth, activation,
                param, features, optimizer, lbfgsIterations, lr, lrDecay, seed, dyn));
        x = smooth("--variety", variety(variety, kahlerModuli), singularOption.allow());
        if (kahlerModuli != null) {
            b.variety(x);
        }
        if (linearized) {
            b.linearized();
        }
        if (pointsFrom != null) {
            try {
                pointsData = CymetricDataset.read(x, pointsFrom);
            } catch (java.io.IOException e) {
                throw new CliUsageException("--points-from: cannot read " + shown(pointsFrom) + ": " + e.getMessage(),
                        e);
            }
            b.pointSet(pointsData.points());
        }
        terms = losses(b, loss);
        OutputPaths.probeFolder("--out", out);
        if (checkpointEvery > 0) {
            b.checkpoints(out.resolve("checkpoint.mfa"), checkpointEvery);
        }
        if (resume != null) {
            OutputPaths.probeArchive("--resume", resume);
            b.resumeFrom(resume);
        }
        if (kernelProbe > 0) {
            usage("--kernel-probe", () -> b.kernelProbe(kernelProbe));
        }
        usage(null, b::build);
    }

    /**
     * The whole run: the network and its copies (θ, gradient, Adam's two moments, the last good and the best θ,
     * the fused step's gradients, a checkpoint snapshot), the sampled points with their patch data, the step's
     * buffers (batch × width × depth × the jet of value, σ′, σ″, δ and 2·2d tangent components), the validation
     * metrics, the kernel probe's two metric-NTKs and the fresh curvature points.
     */
    @Override
    protected MemoryEstimate memory() {
        int m = x.coordinateCount();
        int d = x.dimension();
        long inputs = featureMap(features).featureCount(m);
        long params = inputs * width + width + (depth - 1L) * ((long) width * width + width) + width + 1;
        long perPoint = 2L * m + 2L * d * m + 8;
        long stepPoints = dyn.isContinuous() ? points : Math.min(batch, points);
        long jet = 4L * (2 * d + 1) + 4;
        long probe = (long) kernelProbe * d * d;
        return MemoryEstimate.of()
                .doubles("network parameters and their copies (" + params + " parameters × "
                        + (linearized ? 11 : 8) + ")", params, linearized ? 11 : 8)
                .doubles(points + " points with patch data", points, perPoint)
                .doubles("step buffers (" + stepPoints + " points × width " + width + " × depth " + depth + ")",
                        stepPoints, width, depth, jet)
                .doubles("validation metrics", points / 5 + 2, 2L * d * d + 8)
                .doubles("kernel probe (" + kernelProbe + " points)", probe, probe, 2)
                .doubles(curvaturePoints + " curvature points", curvaturePoints, perPoint + 2L * d * d * d * d);
    }

    @Override
    protected String howToBoundMemory() {
        return "use fewer --points, a smaller --batch, --width, --depth, --kernel-probe or --curvature-points, or"
                + " raise the heap limit (-Xmx)";
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) throws Exception {
        hintVectorKernel(width);
        if (pointsData != null) {
            results.put("pointsFrom", pointsFrom.toString());
            results.put("pointsRead", pointsData.points().size());
            results.put("fileWeightRatio", pointsData.weightRatio());
            text.printf(Locale.ROOT, "%d points from %s (their weights / metricflow's = %.6g, constant to %.1g;"
                    + " cymetric's convention gives d!/2^d = %.6g)%n", pointsData.points().size(), shown(pointsFrom),
                    pointsData.weightRatio(), pointsData.weightRatioSpread(),
                    CymetricDataset.cymetricWeightFactor(pointsData.points().dimension()));
        }
        // Ctrl-C / SIGTERM: the hook asks the run to stop, waits until the last completed epoch's checkpoint is
        // written and the resume command printed, then lets the JVM exit.
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        Path stopFile = out.resolve("checkpoint.mfa");
        b.stopWhen(stop::get, stopFile);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                reported.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "metricflow-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        b.listener(new ConsoleProgress(System.err, "sigma", "loss"));   // stderr: also with --json
        FlowResult r;
        boolean saved;
        // The hook stays installed until the outputs are written: a signal that comes after the training (during
        // the L-BFGS refinement, which then ends early, or while the outputs are written) waits for them.
        try {
            r = b.build().run();
            if (r.stopReason() == StopReason.INTERRUPTED) {
                PrintWriter err = spec.root().commandLine().getErr();
                err.println(spec.qualifiedName() + ": interrupted: " + MetricflowCli.oneLine(r.message())
                        + (r.message().contains("written to ") ? "; resume with: " + resumeCommand(stopFile) : ""));
                err.flush();
                return EXIT_INTERRUPTED;
            }
            saved = TrainingOutputs.write(r, out);
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook has seen the report
            }
        }
        boolean failed = r.stopReason() != StopReason.COMPLETED && r.stopReason() != StopReason.EARLY_STOPPED;
        double[] sigma = r.history().series("sigma");
        text.printf(Locale.ROOT, "%s%nσ: %.4f → %.4f ± %.4f in %.1f s (%s%s); outputs in %s%n", r.message(), sigma[0],
                sigma[sigma.length - 1], r.history().last("sigmaError"), r.seconds(), dyn,
                linearized ? ", linearized" : "", shown(out.toAbsolutePath()));
        if (!saved) {
            text.printf(Locale.ROOT, "note: the trained %s is not saved as model.mfa (only φ-models can be saved in"
                    + " this version); history.csv and the plots are written%n", r.model().getClass().getSimpleName());
        }
        results.put("dynamics", dynamics.toLowerCase(Locale.ROOT));
        results.put("linearized", linearized);
        results.put("eta", dyn.isContinuous() ? dyn.eta() : null);
        results.put("time", dyn.isContinuous() ? dyn.time() : null);
        results.put("modelSaved", saved);
        results.put("sigma", sigma[sigma.length - 1]);
        results.put("sigmaError", r.history().last("sigmaError"));
        results.put("sigmaInitial", sigma[0]);
        results.put("sigmaHistory", sigma);
        results.put("volume", r.history().last("volume"));
        if (curvaturePoints >= 2 && !failed) {
            curvature(text, results, r);
        }
        results.put("seconds", r.seconds());
        for (Loss l : terms) {
            results.put(l.name(), r.history().last(l.name()));
        }
        if (kernelProbe > 0) {
            results.put("kernelChange", r.history().last("kernelChange"));
        }
        results.put("stopReason", r.stopReason());
        results.put("out", out.toAbsolutePath().toString());
        if (failed) {
            // The last good parameters are saved above; the run itself is a failure (exit code 1).
            results.put("ok", false);
            results.put("error", r.message());
            PrintWriter err = spec.root().commandLine().getErr();
            err.println(spec.qualifiedName() + ": error: " + MetricflowCli.oneLine(r.message()) + " (the last good"
                    + " parameters are saved in " + shown(out.resolve(saved ? "model.mfa" : "").toAbsolutePath())
                    + ")");
            err.flush();
            return MetricflowCli.EXIT_FAILURE;
        }
        return 0;
    }

    /**
     * The Ricci measure and Euler characteristic of the learned metric on fresh points; a failure there is reported
     * as {@code curvatureError} and a warning, never at the cost of the training results already written.
     */
    private void curvature(PrintWriter text, Map<String, Object> results, FlowResult r) {
        try {
            PointSet probe = x.sample(curvaturePoints, seed + 1);
            CurvatureIntegrals.ChernNumbers learned = CurvatureIntegrals.chernNumbers(probe, r.model().potential(), 256);
            CurvatureIntegrals.ChernNumbers fs = CurvatureIntegrals.chernNumbers(probe, KahlerPotential.fubiniStudy(),
                    256);
            results.put("ricciMeasure", learned.ricciMeasure().value());
            results.put("ricciMeasureError", learned.ricciMeasure().standardError());
            results.put("ricciMeasureFS", fs.ricciMeasure().value());
            results.put("euler", learned.euler().value());
            results.put("eulerError", learned.euler().standardError());
            text.printf(Locale.ROOT, "Ricci measure on %d fresh points: %.4f ± %.4f (Fubini–Study %.4f);"
                    + " Euler characteristic %.1f ± %.1f%n", curvaturePoints, learned.ricciMeasure().value(),
                    learned.ricciMeasure().standardError(), fs.ricciMeasure().value(), learned.euler().value(),
                    learned.euler().standardError());
        } catch (RuntimeException e) {
            results.put("curvatureError", MetricflowCli.oneLine(e.getMessage()));
            text.printf("warning: the curvature of the learned metric could not be computed (%s); the training"
                    + " results above are complete%n", MetricflowCli.oneLine(e.getMessage()));
        }
    }

    /** Exit code of a run stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it). */
    static final int EXIT_INTERRUPTED = 130;

    /** This command line with {@code --resume FILE} (any earlier --resume replaced), quoted for a POSIX shell. */
    private String resumeCommand(Path checkpoint) {
        List<String> args = new java.util.ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--resume") && i + 1 < args.size()) {
                args.remove(i + 1);
                args.remove(i--);
            } else if (args.get(i).startsWith("--resume=")) {
                args.remove(i--);
            }
        }
        if (args.isEmpty() || !args.get(0).equals(spec.name())) {
            args.add(0, spec.name());
        }
        args.add("--resume");
        args.add(checkpoint.toString());
        StringBuilder sb = new StringBuilder("metricflow");
        for (String a : args) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./:=,+@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return shown(sb);
    }

    /**
     * The {@link Dynamics} of {@code --dynamics} with {@code --eta} and {@code --time} (both required for the
     * continuous kinds, rejected for the optimizer) and {@code --ode-tolerance} (absolute and relative).
     */
    static Dynamics dynamics(String name, Double eta, Double time, double tolerance) {
        String kind = name.toLowerCase(Locale.ROOT);
        if (kind.equals("optimizer")) {
            if (eta != null || time != null) {
                throw new IllegalArgumentException("--eta and --time apply to the continuous dynamics only"
                        + " (gradient-flow, metric-ode-frozen, metric-ode-evolving); the optimizer's rate is --lr");
            }
            return Dynamics.optimizer();
        }
        if (!kind.equals("gradient-flow") && !kind.equals("metric-ode-frozen") && !kind.equals("metric-ode-evolving")) {
            throw new IllegalArgumentException("--dynamics must be optimizer, gradient-flow, metric-ode-frozen or"
                    + " metric-ode-evolving, got '" + name + "'");
        }
        if (eta == null || time == null) {
            throw new IllegalArgumentException("--dynamics " + kind + " needs --eta and --time, e.g. --eta 1 --time 0.5"
                    + " (missing " + (eta == null ? "--eta" : "--time") + ")");
        }
        if (!(eta > 0) || eta.isInfinite()) {
            throw new IllegalArgumentException("--eta must be positive and finite, got " + eta);
        }
        if (!(time > 0) || time.isInfinite()) {
            throw new IllegalArgumentException("--time must be positive and finite, got " + time);
        }
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("--ode-tolerance must lie in (0, 1), got " + tolerance);
        }
        switch (kind) {
            case "gradient-flow":
                return Dynamics.gradientFlow(eta, time, tolerance, tolerance);
            case "metric-ode-frozen":
                return Dynamics.metricOde(eta, time, NtkMode.FROZEN, tolerance, tolerance);
            default:
                return Dynamics.metricOde(eta, time, NtkMode.EVOLVING, tolerance, tolerance);
        }
    }

    /** The options that only the optimizer dynamics uses, given explicitly with a continuous one: a one-line error. */
    private void rejectOptimizerOptions() {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        for (String o : new String[] {"--lr", "--lr-decay", "--lbfgs-iterations", "--batch"}) {
            if (pr.hasMatchedOption(o)) {
                throw new IllegalArgumentException(o + " applies to --dynamics optimizer only; remove it (the"
                        + " continuous dynamics use --eta and --time, full batch)");
            }
        }
        if (!optimizer.equalsIgnoreCase("adam")) {
            throw new IllegalArgumentException("--optimizer " + optimizer + " applies to --dynamics optimizer only;"
                    + " remove it (the continuous dynamics integrate their ODE instead of taking optimizer steps)");
        }
    }

    /**
     * The flow configured by the command's options. For continuous dynamics no learning-rate schedule or L-BFGS is
     * set (they apply to the optimizer only) and {@code epochs} is the number of recorded time intervals.
     */
    static MetricFlow.Builder builder(String variety, int points, int epochs, int batch, int width, int depth,
            String activation, String param, String features, String optimizer, int lbfgsIterations, double lr,
            double lrDecay, long seed, Dynamics dynamics) {
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new CliUsageException("--lr-decay must lie in (0, 1], got " + lrDecay);
        }
        MetricFlow.Builder b = MetricFlow.builder()
                .variety(variety(variety)).points(points).seed(seed)
                .phiModel(width, depth, parse(Activation.class, activation, "--activation"))
                .parametrization(parse(Parametrization.class, param, "--param"))
                .features(featureMap(features))
                .epochs(epochs).batchSize(batch).adam(lr)
                .dynamics(dynamics);
        if (dynamics.isContinuous()) {
            if (!optimizer.equalsIgnoreCase("adam")) {
                throw new IllegalArgumentException("--optimizer " + optimizer + " applies to --dynamics optimizer"
                        + " only; remove it");
            }
            return b;
        }
        b.schedule(LearningRateSchedule.exponentialDecay(lr, lrDecay, Math.max(1, epochs)));
        switch (optimizer.toLowerCase(Locale.ROOT)) {
            case "adam":
                break;
            case "adam+lbfgs":
                b.lbfgsRefinement(lbfgsIterations);
                break;
            default:
                throw new CliUsageException("--optimizer must be adam or adam+lbfgs, got '" + optimizer + "'");
        }
        return b;
    }

    /**
     * Adds the loss terms of a {@code --loss} value ("name=weight,…"; a bare name has weight 1) to the builder and
     * returns them.
     */
    static List<Loss> losses(MetricFlow.Builder b, String spec) {
        List<Loss> out = new java.util.ArrayList<>();
        boolean positiveWeight = false;
        for (String part : spec.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            String name = (eq < 0 ? item : item.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            double weight = 1.0;
            if (eq >= 0) {
                try {
                    weight = Double.parseDouble(item.substring(eq + 1).trim());
                } catch (NumberFormatException e) {
                    throw new CliUsageException("--loss: the weight of '" + name + "' is not a number: '"
                            + item.substring(eq + 1).trim() + "'");
                }
                if (!(weight >= 0 && weight <= 1e6)) {
                    throw new CliUsageException("--loss: the weight of '" + name + "' must lie in [0, 1e6], got "
                            + item.substring(eq + 1).trim());
                }
            }
            Loss l;
            switch (name) {
                case "monge-ampere":
                case "mongeampere":
                    l = Loss.mongeAmpere();
                    break;
                case "volume":
                    l = Loss.volume();
                    break;
                case "ricci":
                    l = Loss.ricci();
                    break;
                case "kahler":
                    l = Loss.kahler();
                    break;
                case "transition":
                    l = Loss.transition();
                    break;
                default:
                    throw new CliUsageException("--loss: unknown term '" + name + "'; use monge-ampere, volume,"
                            + " ricci, kahler or transition, e.g. --loss monge-ampere=1,transition=0.1");
            }
            if (out.stream().anyMatch(o -> o.name().equals(l.name()))) {
                throw new CliUsageException("--loss: '" + name + "' is given twice");
            }
            b.loss(l, weight);
            out.add(l);
            positiveWeight |= weight > 0;
        }
        if (out.isEmpty() || !positiveWeight) {
            throw new CliUsageException("--loss needs at least one term with a positive weight, e.g."
                    + " monge-ampere=1");
        }
        return out;
    }

    private static FeatureMap featureMap(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "invariant":
                return FeatureMap.HERMITIAN_INVARIANTS;
            case "patch":
                return FeatureMap.PATCH_COORDINATES;
            default:
                throw new CliUsageException("--features must be invariant or patch, got '" + s + "'");
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliUsageException(option + " '" + value + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }
}
