package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.metricflow.examples.NtkExample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow example-ntk [--widths 16,64,...] [--seeds K] [--inputs N] [--out DIR] [--json]}: teaching
 * example 3 ({@link NtkExample}). JSON keys: {@code widths}, {@code errors}, {@code slope}.
 */
@Command(name = "example-ntk", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Example 3: empirical NTKs approach the analytic infinite-width NTK as the width grows.")
public final class ExampleNtkCommand extends CliCommand {

    @Option(names = "--widths", split = ",", defaultValue = "16,64,256,1024,4096",
            description = "Hidden widths (default: ${DEFAULT-VALUE}).")
    int[] widths;

    @Option(names = "--seeds", defaultValue = "4", description = "Networks per width (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--inputs", defaultValue = "20", description = "Input points on S^2 (default: ${DEFAULT-VALUE}).")
    int inputs;

    @Option(names = "--seed", defaultValue = Defaults.SEED, description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Folder for ntk_error.csv and ntk_error.png (none if omitted).")
    Path out;

    @Override
    protected void validate() {
        if (widths.length < 2) {
            throw new CliUsageException("--widths needs at least 2 values, got " + widths.length);
        }
        for (int w : widths) {
            range("--widths", w, 1, 1 << 16);
        }
        range("--seeds", seeds, 1, 1000);
        range("--inputs", inputs, 2, 2000);
        if (out != null) {
            OutputPaths.probeFolder("--out", out);
        }
    }

    @Override
    protected MemoryEstimate memory() {
        int widest = java.util.Arrays.stream(widths).max().orElse(1);
        return MemoryEstimate.of().doubles("the widest network's parameters and their gradients", 8,
                (long) widest * widest + 5L * widest);
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) throws java.io.IOException {
        org.metricflow.flow.StageProgress progress = progress(1);
        progress.begin(seeds + " networks at each of " + widths.length + " widths against the analytic NTK");
        results.putAll(NtkExample.run(text, widths, seeds, inputs, seed, out));
        progress.end();
        return 0;
    }
}
