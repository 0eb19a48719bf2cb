package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.metricflow.geometry.complex.ProjectiveVariety;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every {@code metricflow} subcommand. A subcommand implements {@link #execute}: it writes
 * human-readable text to the given writer and puts its results into the given map. The base class adds the
 * {@code --json}/{@code --debug} options; with {@code --json} the text is suppressed and the result map, preceded
 * by {@code "command"}, is printed as exactly one JSON object on the last line of standard output.
 *
 * <p>Exit codes: what {@link #execute} returns (0 for success, 1 for a failed check); an exception thrown by
 * {@link #execute} becomes exit code 1 with a one-line message on standard error (see
 * {@link MetricflowCli#commandLine}).
 */
public abstract class CliCommand implements Callable<Integer> {

    /** {@code --json} and {@code --debug}. */
    @Mixin
    protected StandardOptions options = new StandardOptions();

    /** The picocli model of this command (injected). */
    @Spec
    protected CommandSpec spec;

    /**
     * Runs the command.
     *
     * @param text where to print human-readable output (discarded under {@code --json})
     * @param results the results to report under {@code --json}, in insertion order; values as accepted by
     *     {@link Json}
     * @return the exit code: 0 on success, 1 if the command ran but its outcome is a failure
     * @throws Exception on failure (reported as exit code 1)
     */
    protected abstract int execute(PrintWriter text, Map<String, Object> results) throws Exception;

    /**
     * Runs a validation or construction step whose {@link IllegalArgumentException} or
     * {@link IllegalStateException} means the options are wrong: it becomes a {@link CliUsageException} (exit
     * code 2) with the same message, prefixed by {@code option} when that is not null.
     *
     * @param <T> the type of the value
     * @param option the option
     * @param step the step
     * @return the step's value
     */
    protected static <T> T usage(String option, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (CliUsageException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliUsageException(option == null ? e.getMessage() : option + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@link ProjectiveVariety#parse} of an option's value; a bad spec is a usage error (exit code 2).
     *
     * @param spec the spec
     * @return {@link ProjectiveVariety#parse} of an option's value; a bad spec is a usage error (exit code 2)
     */
    protected static ProjectiveVariety variety(String spec) {
        return usage("--variety", () -> ProjectiveVariety.parse(spec));
    }

    /**
     * {@link #variety(String)} with Kähler moduli from a {@code --kahler-moduli t1,t2,…} option (null: the spec's
     * own moduli); a bad list (not numbers, wrong count, t<sub>i</sub> ≤ 0 or not finite) is a usage error (exit code 2).
     *
     * @param spec the variety spec
     * @param moduli the comma-separated moduli, or null
     * @return the variety with those moduli
     */
    protected static ProjectiveVariety variety(String spec, String moduli) {
        ProjectiveVariety x = variety(spec);
        if (moduli == null) {
            return x;
        }
        double[] t = usage("--kahler-moduli", () -> parseModuli(moduli));
        return usage("--kahler-moduli", () -> x.withKahlerModuli(t));
    }

    /**
     * Parses a comma-separated list of Kähler moduli.
     *
     * @param text e.g. {@code "1,2.5"}
     * @return the numbers
     * @throws IllegalArgumentException naming the item that is not a number
     */
    static double[] parseModuli(String text) {
        String[] parts = text.split(",", -1);
        double[] t = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                t[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + parts[i].trim() + "' is not a number (expected e.g. 1,1)", e);
            }
        }
        return t;
    }

    /**
     * The standard options.
     *
     * @return the standard options
     */
    public StandardOptions options() {
        return options;
    }

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.root().commandLine().getOut();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("command", spec.qualifiedName(" ").replaceFirst("^\\S+\\s*", ""));
        PrintWriter text = options.json() ? new PrintWriter(Writer.nullWriter()) : out;
        int code = execute(text, results);
        text.flush();
        if (options.json()) {
            results.putIfAbsent("ok", code == 0);
            out.println(Json.write(results));
        }
        out.flush();
        return code;
    }
}
