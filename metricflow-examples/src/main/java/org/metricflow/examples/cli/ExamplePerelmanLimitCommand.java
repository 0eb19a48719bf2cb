package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.metricflow.examples.PerelmanLimitExample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow example-perelman-limit [--grid N] [--time T] [--widths …] [--bandwidths …] [--seed S] [--json]}:
 * teaching example 4 ({@link PerelmanLimitExample}), the table of distance to Perelman's PDE against width and
 * bandwidth. JSON keys: {@code localKernelDistance}, {@code widths}, {@code bandwidths}, {@code distanceToPde}
 * (rows = widths), {@code initialF}, {@code pdeF}.
 */
@Command(name = "example-perelman-limit", mixinStandardHelpOptions = true,
        versionProvider = MetricflowCli.Version.class,
        description = "Teaching example 4: the local-kernel limit of network metric flows reproduces Perelman's flow"
                + " (table of distance to the PDE against width and bandwidth).")
public final class ExamplePerelmanLimitCommand extends CliCommand {

    @Option(names = "--grid", defaultValue = "8", description = "Grid points per axis (default: ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--time", defaultValue = "0.02", description = "Flow time (default: ${DEFAULT-VALUE}).")
    double time;

    @Option(names = "--widths", split = ",", defaultValue = "64,256,1024,4096",
            description = "Widths, comma-separated (default: ${DEFAULT-VALUE}).")
    int[] widths;

    @Option(names = "--bandwidths", split = ",", defaultValue = "1,2,4,8,16",
            description = "Bandwidths, comma-separated (default: ${DEFAULT-VALUE}).")
    double[] bandwidths;

    @Option(names = "--seed", defaultValue = Defaults.SEED, description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    protected void validate() {
        positive("--time", time, 1);
        range("--grid", grid, 4, 64);
        if (widths.length == 0 || bandwidths.length == 0) {
            throw new CliUsageException("--widths and --bandwidths need at least one value each");
        }
        for (int w : widths) {
            range("--widths", w, 1, 1 << 16);
        }
        for (double bw : bandwidths) {
            positive("--bandwidths", bw, 1e4);
        }
    }

    @Override
    protected MemoryEstimate memory() {
        int widest = java.util.Arrays.stream(widths).max().orElse(1);
        return MemoryEstimate.of().doubles("random-feature matrices (" + grid + "² grid points × width " + widest
                + " × 8 derivatives)", (long) grid * grid, widest, 8);
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) {
        results.putAll(PerelmanLimitExample.run(text, grid, time, widths, bandwidths, seed));
        return 0;
    }
}
