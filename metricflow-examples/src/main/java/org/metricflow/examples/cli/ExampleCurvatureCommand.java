package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.metricflow.examples.CurvatureExample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow example-curvature [--samples N] [--seed S] [--out DIR] [--json]}: teaching example 1
 * ({@link CurvatureExample}). JSON keys: {@code sphereScalarCurvature}, {@code sphereMaxError}, {@code gaussBonnet},
 * {@code gaussBonnetError}, {@code fourPi}, {@code minK}, {@code maxK}, {@code samples}.
 */
@Command(name = "example-curvature", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Example 1: curvature by autodiff on the round and a deformed sphere; Gauss-Bonnet by Monte"
                + " Carlo.")
public final class ExampleCurvatureCommand extends CliCommand {

    @Option(names = "--samples", defaultValue = "20000", description = "Monte-Carlo points (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", defaultValue = Defaults.SEED, description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Folder for gauss_bonnet.csv and gauss_bonnet.png (none if omitted).")
    Path out;

    @Override
    protected void validate() {
        range("--samples", samples, 100, 100_000_000);
        if (out != null) {
            OutputPaths.probeFolder("--out", out);
        }
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) throws java.io.IOException {
        results.putAll(CurvatureExample.run(text, samples, seed, out));
        return 0;
    }
}
