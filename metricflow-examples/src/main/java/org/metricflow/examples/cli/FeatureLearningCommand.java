package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metricflow.examples.FeatureLearning;
import org.metricflow.examples.FeatureLearning.Config;
import org.metricflow.examples.FeatureLearning.Kind;
import org.metricflow.examples.FeatureLearning.Result;
import org.metricflow.examples.FeatureLearning.RunResult;
import org.metricflow.examples.FeatureLearning.RunSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow feature-learning --out DIR [--quick] [--json]}: the feature-learning experiment of
 * {@link FeatureLearning} (standard and NTK-parametrized φ-models of several widths and the frozen-kernel model on
 * the Fermat quintic). Progress goes to standard error (also with {@code --json}). JSON keys:
 * {@code sigmaFinite} (final σ of the best standard run), {@code sigmaFrozen} (of the linearized model),
 * {@code kernelChangeFinite}, {@code kernelChangeFrozen} (their final relative metric-NTK change),
 * {@code expectationHolds} (frozen σ &gt; 2× best standard σ and kernel change &gt; 10× frozen),
 * {@code wideNtkStaysHigh} (widest NTK run's σ &gt; 1.5× best standard σ), {@code runs} (per run: name, parameters,
 * learningRate, sigmaInitial, sigmaFinal, kernelChange,
 * seconds), {@code seconds}, {@code out}.
 */
@Command(name = "feature-learning", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "The paper's feature-learning experiment on the Fermat quintic: standard and NTK-parametrized"
                + " networks of growing width and the frozen-kernel (linearized) model; sigma and metric-NTK change"
                + " per epoch, the spectrum of the kernel change, report.md.")
public final class FeatureLearningCommand extends CliCommand {

    @Option(names = "--out", required = true, description = "Output folder (created if needed).")
    Path out;

    @Option(names = "--quick", description = "The quick version: standard width 64, NTK width 1024, the linearized"
            + " model; 2000 points, 8 epochs (under 3 minutes on 2 idle cores).")
    boolean quick;

    @Option(names = "--points", description = "Override the number of points (>= 20).")
    Integer points;

    @Option(names = "--epochs", description = "Override the number of epochs (>= 1).")
    Integer epochs;

    @Option(names = "--batch", description = "Override the mini-batch size (>= 1).")
    Integer batch;

    @Option(names = "--probe-points", description = "Override the kernel probe's points (each has 9 components).")
    Integer probePoints;

    @Option(names = "--standard-widths", split = ",", description = "Override the standard runs' widths, e.g. 64,256.")
    int[] standardWidths;

    @Option(names = "--ntk-widths", split = ",", description = "Override the NTK runs' widths, e.g. 256,4096.")
    int[] ntkWidths;

    @Option(names = "--no-ntk-rate-scaling", description = "Train NTK-parametrized runs with the same Adam rate as"
            + " the others instead of rate·sqrt(64/width).")
    boolean noNtkRateScaling;

    @Option(names = "--seed", description = "Seed of points, split, shuffles and initializations (default: 1).")
    Long seed;

    /** The configuration checked by {@link #validate}. */
    private Config config;

    @Override
    protected void validate() {
        if (points != null) {
            range("--points", points, 20, 10_000_000);
        }
        if (epochs != null) {
            range("--epochs", epochs, 1, 100_000);
        }
        if (batch != null) {
            range("--batch", batch, 1, 10_000_000);
        }
        if (probePoints != null) {
            range("--probe-points", probePoints, 2, 10_000);
        }
        for (int w : standardWidths == null ? new int[0] : standardWidths) {
            range("--standard-widths", w, 1, 1 << 16);
        }
        for (int w : ntkWidths == null ? new int[0] : ntkWidths) {
            range("--ntk-widths", w, 1, 1 << 16);
        }
        OutputPaths.probeFolder("--out", out);
        Config c = quick ? Config.quick() : Config.full();
        c = c.withSizes(points != null ? points : c.points(), epochs != null ? epochs : c.epochs(),
                probePoints != null ? probePoints : c.probePoints());
        if (seed != null) {
            c = c.withSeed(seed);
        }
        if (noNtkRateScaling) {
            c = c.withScaleNtkRate(false);
        }
        if (batch != null) {
            c = c.withBatchSize(batch);
        }
        if (standardWidths != null || ntkWidths != null) {
            List<RunSpec> runs = new ArrayList<>();
            for (RunSpec r : c.runs()) {
                if (r.kind() == Kind.STANDARD && standardWidths == null || r.kind() == Kind.NTK && ntkWidths == null) {
                    runs.add(r);
                }
            }
            for (int w : standardWidths == null ? new int[0] : standardWidths) {
                runs.add(new RunSpec(Kind.STANDARD, w));
            }
            for (int w : ntkWidths == null ? new int[0] : ntkWidths) {
                runs.add(new RunSpec(Kind.NTK, w));
            }
            for (RunSpec r : c.runs()) {
                if (r.kind() == Kind.LINEARIZED) {
                    runs.add(r);
                }
            }
            c = c.withRuns(runs);
        }
        config = c;
    }

    /** Per run: the parameters and their copies, the probe's metric-NTK and Jacobian, the training points. */
    @Override
    protected MemoryEstimate memory() {
        long widest = config.runs().stream().mapToLong(RunSpec::width).max().orElse(1);
        long params = 25 * widest + (config.depth() - 1L) * (widest * widest + widest) + 2 * widest + 1;
        long probe = 9L * config.probePoints();
        return MemoryEstimate.of().doubles("the widest network's parameters and copies", params, 8)
                .doubles("the kernel probe's Jacobian (" + probe + " components × " + params + " parameters)", probe,
                        params)
                .doubles("the kernel probe's metric-NTKs", probe, probe, 2)
                .doubles("training points and step buffers", config.points(), 64 + 32L * widest);
    }

    @Override
    protected String howToBoundMemory() {
        return "use smaller --standard-widths/--ntk-widths, fewer --probe-points or --points, or raise the heap"
                + " limit (-Xmx)";
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) throws java.io.IOException {
        Config c = config;
        PrintWriter progress = spec.root().commandLine().getErr(); // stderr: also with --json
        Result r = FeatureLearning.run(c, progress, out);
        RunResult finite = r.bestFinite();
        RunResult frozen = r.frozen();
        if (finite != null) {
            results.put("sigmaFinite", finite.finalSigma());
            results.put("kernelChangeFinite", finite.finalKernelChange());
        }
        if (frozen != null) {
            results.put("sigmaFrozen", frozen.finalSigma());
            results.put("kernelChangeFrozen", frozen.finalKernelChange());
        }
        results.put("expectationHolds", r.expectationHolds());
        results.put("wideNtkStaysHigh", r.wideNtkStaysHigh());
        List<Map<String, Object>> runs = new ArrayList<>();
        for (RunResult rr : r.runs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", rr.spec().name());
            m.put("parameters", rr.parameters());
            m.put("learningRate", c.learningRate(rr.spec()));
            m.put("sigmaInitial", rr.sigma()[0]);
            m.put("sigmaFinal", rr.finalSigma());
            m.put("kernelChange", rr.finalKernelChange());
            m.put("seconds", rr.seconds());
            runs.add(m);
        }
        results.put("runs", runs);
        results.put("seconds", r.seconds());
        results.put("out", out.toAbsolutePath().toString());
        text.printf("expected outcome (frozen-kernel sigma stays high, standard runs learn and move the kernel): %s%n",
                r.expectationHolds() ? "holds" : "does NOT hold");
        text.printf("widest NTK run stays at a higher sigma: %s%n", r.wideNtkStaysHigh() ? "yes" : "no");
        text.printf("total time %.1f s%n", r.seconds());
        return 0;
    }
}
