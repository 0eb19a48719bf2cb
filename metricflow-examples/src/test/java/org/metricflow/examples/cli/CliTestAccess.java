package org.metricflow.examples.cli;

import org.metricflow.examples.plot.Plot;

/** Test access to package-private parts of the CLI from other test packages. */
public final class CliTestAccess {
    private CliTestAccess() {
    }

    /** The exit code and the two streams of one in-process run. */
    public record Result(int code, String out, String err) {
    }

    /** Runs {@code metricflow args...} in-process. */
    public static Result run(String... args) {
        CliHarness.Run r = CliHarness.run(args);
        return new Result(r.code(), r.out(), r.err());
    }

    /** {@link NtkCommand#spectrumPlot}. */
    public static Plot spectrumPlot(double[] empirical, double[] analytic, int width) {
        return NtkCommand.spectrumPlot(empirical, analytic, width);
    }
}
