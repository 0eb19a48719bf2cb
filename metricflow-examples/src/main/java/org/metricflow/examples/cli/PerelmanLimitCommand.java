package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.metricflow.flow.perelman.PerelmanLimit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow perelman-limit --width W --bandwidth B [--grid N] [--time T] [--dim n] [--seed S] [--json]}:
 * a periodic random-Fourier-feature network trained by continuous gradient flow on −F against Perelman's PDE
 * ({@link PerelmanLimit#run}). JSON keys: {@code distanceToPde}, {@code relativeL2}, {@code initialF}, {@code pdeF},
 * {@code networkF}, plus the parameters.
 */
@Command(name = "perelman-limit", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Distance after time T between a random-Fourier-feature network's gradient flow on -F and the"
                + " solution of Perelman's PDE on a periodic grid of T^n (the local-kernel limit).")
public final class PerelmanLimitCommand extends CliCommand {

    @Option(names = "--width", required = true, description = "Number of random Fourier features W.")
    int width;

    @Option(names = "--bandwidth", required = true, description = "Bandwidth B of the integer frequencies.")
    double bandwidth;

    @Option(names = "--grid", defaultValue = "8", description = "Grid points per axis (default: ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--time", defaultValue = "0.02",
            description = "Flow time T; Perelman's fixed-measure PDE is ill-posed forward, keep T small"
                    + " (default: ${DEFAULT-VALUE}).")
    double time;

    @Option(names = "--dim", defaultValue = "2", description = "Torus dimension, 2 or 3 (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--seed", defaultValue = Defaults.SEED, description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    protected void validate() {
        range("--dim", dim, 2, 3);
        positive("--time", time, 1);
        range("--grid", grid, 4, dim == 2 ? 64 : 16);
        range("--width", width, 1, 1 << 20);
        positive("--bandwidth", bandwidth, 1e4);
    }

    /** The feature matrix (grid points × width, with two derivatives per axis) and the flow's state. */
    @Override
    protected MemoryEstimate memory() {
        long cells = (long) Math.pow(grid, dim);
        return MemoryEstimate.of().doubles("random-feature matrices (" + cells + " grid points × --width " + width
                + " × " + (2 + 2 * dim + dim * dim) + " derivatives)", cells, width, 2 + 2 * dim + dim * dim)
                .doubles("network parameters and the ODE state", width, 16);
    }

    @Override
    protected String howToBoundMemory() {
        return "use a smaller --width or --grid, or raise the heap limit (-Xmx)";
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) {
        org.metricflow.flow.StageProgress progress = progress(1);
        progress.begin("Perelman flow on T^" + dim + ", " + grid + " points per axis: PDE and network");
        PerelmanLimit.Result r = PerelmanLimit.run(dim, grid, time, width, bandwidth, seed);
        progress.end();
        results.put("dimension", dim);
        results.put("grid", grid);
        results.put("time", time);
        results.put("width", width);
        results.put("bandwidth", bandwidth);
        results.put("distanceToPde", r.distanceToPde());
        results.put("relativeL2", r.relativeL2());
        results.put("initialF", r.initialF());
        results.put("pdeF", r.pdeF());
        results.put("networkF", r.networkF());
        text.printf("T^%d, %d points per axis, time %g, width %d, bandwidth %g%n", dim, grid, time, width, bandwidth);
        text.printf("  distance to the PDE (fraction of the motion): %.4f%n", r.distanceToPde());
        text.printf("  relative L2 distance: %.3e%n", r.relativeL2());
        text.printf("  F: initial %.6g, PDE %.6g, network %.6g%n", r.initialF(), r.pdeF(), r.networkF());
        return 0;
    }
}
