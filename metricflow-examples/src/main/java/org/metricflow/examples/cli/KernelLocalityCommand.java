package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.metricflow.examples.NtkLocality;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow kernel-locality [--train N] [--grid G] [--bin-width w] [--seed S] [--json]}: the loss gain of
 * Gaussian, delta and relu-NTK kernel flows against geodesic distance to the training set ({@link NtkLocality}).
 * JSON keys: {@code bins}, {@code counts}, {@code ratios} (kernel → gain per bin), {@code trainingGain}.
 */
@Command(name = "kernel-locality", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Kernel locality on the flat torus: initial/final metric error against geodesic distance to"
                + " the nearest training point, for Gaussian, delta and relu-NTK kernel gradient flows.")
public final class KernelLocalityCommand extends CliCommand {

    @Option(names = "--train", defaultValue = "40", description = "Training points (default: ${DEFAULT-VALUE}).")
    int train;

    @Option(names = "--grid", defaultValue = "60", description = "Test grid side (default: ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--bin-width", defaultValue = "0.1", description = "Distance bin width (default: ${DEFAULT-VALUE}).")
    double binWidth;

    @Option(names = "--seed", defaultValue = Defaults.SEED, description = "Seed of the training points (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    protected void validate() {
        range("--train", train, 2, 2000);
        range("--grid", grid, 2, 400);
        positive("--bin-width", binWidth, 10);
    }

    /** The relu-NTK flow's kernels: test grid × training points and training × training, a few copies each. */
    @Override
    protected MemoryEstimate memory() {
        return MemoryEstimate.of().doubles("kernels between the " + grid + "² test points and " + train
                + " training points (3 components, 3 kernels)", (long) grid * grid, train, 27)
                .doubles("training kernels", train, train, 27);
    }

    @Override
    protected String howToBoundMemory() {
        return "use fewer --train points or a smaller --grid, or raise the heap limit (-Xmx)";
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) {
        org.metricflow.flow.StageProgress progress = progress(1);
        progress.begin("training a wide network and binning its kernel over " + grid + " grid points");
        results.putAll(NtkLocality.run(text, train, grid, binWidth, seed));
        progress.end();
        return 0;
    }
}
