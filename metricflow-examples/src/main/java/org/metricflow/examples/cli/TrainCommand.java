package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.metricflow.core.optim.LearningRateSchedule;
import org.metricflow.examples.TrainingOutputs;
import org.metricflow.flow.ConsoleProgress;
import org.metricflow.flow.FlowResult;
import org.metricflow.flow.MetricFlow;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.FeatureMap;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Parametrization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow train}: learn a Ricci-flat metric on a projective variety with the φ-model and the Monge–Ampère
 * loss. Writes history.csv, model.mfa, sigma.png and losses.png to {@code --out}. JSON keys: {@code sigma},
 * {@code sigmaError}, {@code sigmaInitial}, {@code sigmaHistory}, {@code volume}, {@code seconds}, {@code stopReason},
 * {@code out}, and (unless {@code --curvature-points 0}) {@code ricciMeasure}, {@code ricciMeasureError},
 * {@code ricciMeasureFS}, {@code euler}, {@code eulerError} on fresh points, and with {@code --kernel-probe}
 * {@code kernelChange}. {@code --checkpoint-every E} writes DIR/checkpoint.mfa; {@code --resume FILE} continues a
 * run from such a checkpoint (same options), ending exactly where the uninterrupted run would.
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Learn a Ricci-flat (Calabi-Yau) metric on a projective variety with a neural Kähler potential.")
public final class TrainCommand extends CliCommand {

    @Option(names = "--variety", defaultValue = "fermat-quintic",
            description = "fermat-quintic, dwork:<psi>, fermat-quartic, fermat-cubic, fermat:<n>:<degree> or a"
                    + " polynomial (default: ${DEFAULT-VALUE}).")
    String variety;

    @Option(names = "--points", defaultValue = "20000", description = "Points to sample (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--epochs", defaultValue = "20", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "512", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--width", defaultValue = "64", description = "Hidden width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", defaultValue = "3", description = "Hidden layers (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--activation", defaultValue = "gelu",
            description = "tanh, gelu, softplus, sin, erf, sigmoid (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--param", defaultValue = "standard", description = "standard or ntk (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--curvature-points", defaultValue = "300",
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

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "runs/train", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) throws Exception {
        MetricFlow.Builder b = usage(null, () -> builder(variety, points, epochs, batch, width, depth, activation,
                param, features, optimizer, lbfgsIterations, lr, lrDecay, seed));
        if (checkpointEvery > 0) {
            b.checkpoints(out.resolve("checkpoint.mfa"), checkpointEvery);
        }
        if (resume != null) {
            b.resumeFrom(resume);
        }
        if (kernelProbe > 0) {
            usage("--kernel-probe", () -> b.kernelProbe(kernelProbe));
        }
        if (!options().json()) {
            b.listener(new ConsoleProgress(System.err, "sigma", "loss"));
        }
        FlowResult r = usage(null, b::build).run();
        TrainingOutputs.write(r, out);
        double[] sigma = r.history().series("sigma");
        text.printf(Locale.ROOT, "%s%nσ: %.4f → %.4f ± %.4f in %.1f s; outputs in %s%n", r.message(), sigma[0],
                sigma[sigma.length - 1], r.history().last("sigmaError"), r.seconds(), out.toAbsolutePath());
        results.put("sigma", sigma[sigma.length - 1]);
        results.put("sigmaError", r.history().last("sigmaError"));
        results.put("sigmaInitial", sigma[0]);
        results.put("sigmaHistory", sigma);
        results.put("volume", r.history().last("volume"));
        if (curvaturePoints >= 2) {
            ProjectiveVariety x = r.model().variety();
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
        }
        results.put("seconds", r.seconds());
        if (kernelProbe > 0) {
            results.put("kernelChange", r.history().last("kernelChange"));
        }
        results.put("stopReason", r.stopReason());
        results.put("out", out.toAbsolutePath().toString());
        return 0;
    }

    /** The flow configured by the command's options. */
    static MetricFlow.Builder builder(String variety, int points, int epochs, int batch, int width, int depth,
            String activation, String param, String features, String optimizer, int lbfgsIterations, double lr,
            double lrDecay, long seed) {
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new CliUsageException("--lr-decay must lie in (0, 1], got " + lrDecay);
        }
        MetricFlow.Builder b = MetricFlow.builder()
                .variety(variety(variety)).points(points).seed(seed)
                .phiModel(width, depth, parse(Activation.class, activation, "--activation"))
                .parametrization(parse(Parametrization.class, param, "--param"))
                .features(featureMap(features))
                .epochs(epochs).batchSize(batch).adam(lr)
                .schedule(LearningRateSchedule.exponentialDecay(lr, lrDecay, Math.max(1, epochs)));
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
