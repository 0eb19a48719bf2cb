package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.geometry.complex.Singularities;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every {@code metricflow} subcommand. A subcommand implements {@link #execute}: it writes
 * human-readable text to the given writer and puts its results into the given map. The base class adds the
 * {@code --json}/{@code --debug} options; with {@code --json} the text is suppressed and the result map, preceded
 * by {@code "command"}, is printed as exactly one JSON object on the last line of standard output.
 *
 * <p>Order of a run: {@link #validate} checks every option (and probes every output path) before any work, then
 * {@link #memory} is compared with the heap limit, then {@link #execute} runs. Exit codes: an
 * {@link IllegalArgumentException} or {@link IllegalStateException} from {@link #validate} and a request beyond the
 * heap are usage errors (2); what {@link #execute} returns (0 for success, 1 for a failed check); an exception thrown
 * by {@link #execute} becomes exit code 1 with a one-line message on standard error, and so does an
 * {@link OutOfMemoryError} (the message names the sizes the options asked for; see {@link MetricflowCli#commandLine}).
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
     * Checks every option before any work starts (ranges, names, files to read, output paths to write, which are
     * created and probed). Runs before {@link #memory} and {@link #execute}; the default checks nothing.
     *
     * @throws Exception an {@link IllegalArgumentException} or {@link IllegalStateException} naming the option and
     *     value (a usage error, exit code 2); any other exception is a failure (exit code 1)
     */
    protected void validate() throws Exception {
    }

    /**
     * The memory the whole run will need, estimated from the validated options; compared with the heap limit
     * before {@link #execute} (a request beyond it is a usage error). The default is null: no estimate.
     *
     * @return the estimate, or null when the command's sizes are bounded by its option ranges alone
     */
    protected MemoryEstimate memory() {
        return null;
    }

    /**
     * What the user can change when {@link #memory} exceeds the heap, e.g. "use fewer --points".
     *
     * @return a hint naming the size options of this command
     */
    protected String howToBoundMemory() {
        return "use smaller sizes or raise the heap limit (-Xmx)";
    }

    /**
     * Requires {@code min ≤ value ≤ max}.
     *
     * @param option the option's name, e.g. "--depth"
     * @param value the option's value
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return {@code value}
     * @throws CliUsageException "option must lie in [min, max], got value"
     */
    protected static long range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new CliUsageException(option + " must lie in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    /**
     * Requires {@code min ≤ value ≤ max} (NaN is refused).
     *
     * @param option the option's name, e.g. "--time"
     * @param value the option's value
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return {@code value}
     * @throws CliUsageException "option must lie in [min, max], got value"
     */
    protected static double range(String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new CliUsageException(option + " must lie in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    /**
     * Requires {@code 0 < value ≤ max} (NaN is refused).
     *
     * @param option the option's name, e.g. "--lr"
     * @param value the option's value
     * @param max the largest allowed value (finite)
     * @return {@code value}
     * @throws CliUsageException "option must be positive and at most max, got value"
     */
    protected static double positive(String option, double value, double max) {
        if (!(value > 0 && value <= max)) {
            throw new CliUsageException(option + " must be positive and at most " + max + ", got " + value);
        }
        return value;
    }

    /**
     * Text that is safe to echo to a terminal: control characters (C0, DEL, C1) and bidirectional overrides are
     * written as a backslash, u and four hex digits, so that a path cannot move the cursor, change colours or
     * reorder the line.
     *
     * @param value any object (its {@code toString()}), may be null
     * @return the escaped text ("null" for null)
     */
    public static String shown(Object value) {
        String s = String.valueOf(value);
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069);
            if (bad && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (bad) {
                    sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * Runs a validation or construction step whose {@link IllegalArgumentException} or
     * {@link IllegalStateException} means the options are wrong: it becomes a {@link CliUsageException} (exit
     * code 2) with the same message, prefixed by {@code option} when that is not null.
     *
     * @param <T> the type of the value
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
     */
    protected static ProjectiveVariety variety(String spec) {
        return usage("--variety", () -> ProjectiveVariety.parse(spec));
    }

    /** Set by {@link #smooth} when the user computes on a singular variety on purpose: the warning to report. */
    private String singularWarning;
    /** Set by {@link #smooth}: whether the variety was tested and found singular (null: not tested). */
    private Boolean singular;

    /**
     * Refuses a singular or non-reduced variety ({@link Singularities}, a usage error naming the option and where
     * the variety is singular) unless {@code allow}; then every result of this run is marked {@code singular: true}
     * with a {@code warning}. Call it from {@link #validate}.
     *
     * @param option the option that named the variety, e.g. "--variety"
     * @param x the variety
     * @param allow whether {@code --allow-singular} was given
     * @return {@code x}
     * @throws CliUsageException if {@code x} is singular and {@code allow} is false
     */
    protected ProjectiveVariety smooth(String option, ProjectiveVariety x, boolean allow) {
        Singularities.Report r = Singularities.check(x, 1);
        singular = r.singular();
        if (r.singular()) {
            String what = x.name() + " is singular: " + r.reason();
            if (!allow) {
                throw new CliUsageException(option + " " + shown(what) + "; its topology and Ricci-flat metric are not"
                        + " those of a smooth variety (pass --allow-singular to compute anyway)");
            }
            singularWarning = what + "; computed on purpose (--allow-singular): no result is that of a smooth variety";
        }
        return x;
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
     * Progress of this run's stages on standard error (also under {@code --json}): one line per stage, and an
     * in-place bar only when standard error is a terminal ({@link org.metricflow.flow.StageProgress}).
     *
     * @param stages how many stages the command will announce (≥ 1)
     * @return the progress printer, named after the command
     */
    protected org.metricflow.flow.StageProgress progress(int stages) {
        return org.metricflow.flow.StageProgress.onStderr(spec.root().commandLine().getErr(), spec.qualifiedName(),
                stages);
    }

    /** Hidden widths from which {@link #hintVectorKernel} suggests the optional vector kernel. */
    static final int VECTOR_HINT_WIDTH = 256;

    /**
     * The hint for a network of this width: the dense products of wide networks run ≈ 1.6–1.9× faster on the optional
     * vector kernel (docs/BENCHMARKS.md), which needs a JVM started with {@code --add-modules=jdk.incubator.vector}.
     *
     * @param width the hidden width of the network the command trains
     * @param vectorKernel whether the vector kernel already runs ({@code RowProducts.vectorKernel()})
     * @return the one-line hint, or null when the width is below {@value #VECTOR_HINT_WIDTH} or the kernel runs
     */
    static String vectorHint(int width, boolean vectorKernel) {
        if (width < VECTOR_HINT_WIDTH || vectorKernel) {
            return null;
        }
        return "hint: at width " + width + " training runs ≈ 1.6× faster with the optional vector kernel: start java"
                + " with --add-modules=jdk.incubator.vector (the results are the same to the last bit)";
    }

    /**
     * Prints {@link #vectorHint} on standard error (also under {@code --json}), if there is one.
     *
     * @param width the hidden width of the network the command trains
     */
    protected void hintVectorKernel(int width) {
        String hint = vectorHint(width, org.metricflow.core.linalg.internal.RowProducts.vectorKernel());
        if (hint != null) {
            spec.root().commandLine().getErr().println(hint);
        }
    }

    /**
     * The standard options.
     */
    public StandardOptions options() {
        return options;
    }

    /** The numeric options given on the command line, e.g. "--width 8000 --depth 3" (for out-of-memory messages). */
    private String askedSizes() {
        StringBuilder sb = new StringBuilder();
        for (picocli.CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            Object v = o.getValue();
            if (v instanceof Number || v instanceof int[] || v instanceof double[]) {
                String shownValue = v instanceof int[] ? java.util.Arrays.toString((int[]) v)
                        : v instanceof double[] ? java.util.Arrays.toString((double[]) v) : v.toString();
                sb.append(sb.length() == 0 ? "" : " ").append(o.longestName()).append(' ').append(shownValue);
            }
        }
        return sb.length() == 0 ? "the default sizes" : sb.toString();
    }

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.root().commandLine().getOut();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("command", spec.qualifiedName(" ").replaceFirst("^\\S+\\s*", ""));
        PrintWriter text = options.json() ? new PrintWriter(Writer.nullWriter()) : out;
        usage(null, () -> {
            org.metricflow.core.parallel.Parallel.defaultThreads(); // refuses a bad -Dmetricflow.threads
            return null;
        });
        try {
            validate();
        } catch (CliUsageException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliUsageException(e.getMessage(), e);
        }
        MemoryEstimate need = memory();
        if (need != null) {
            need.require(howToBoundMemory());
        }
        if (singular != null) {
            results.put("singular", singular);
        }
        if (singularWarning != null) {
            results.put("warning", singularWarning);
            text.println("warning: " + shown(singularWarning));
        }
        int code;
        try {
            code = execute(text, results);
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException("out of memory: the heap (at most "
                    + org.metricflow.core.resources.MemoryBudget.format(Runtime.getRuntime().maxMemory())
                    + ", -Xmx) was exhausted" + (need == null ? "" : " (this run was estimated at " + need + ")")
                    + "; the options asked for " + askedSizes() + "; " + howToBoundMemory(), e);
        }
        text.flush();
        if (options.json()) {
            results.putIfAbsent("ok", code == 0);
            out.println(Json.write(results));
        }
        out.flush();
        return code;
    }
}
