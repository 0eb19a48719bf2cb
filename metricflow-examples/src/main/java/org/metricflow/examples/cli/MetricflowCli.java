package org.metricflow.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.metricflow.core.resources.ResourceLimitException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code metricflow} command-line tool: {@code java -jar metricflow-examples/target/metricflow.jar --help}.
 *
 * <p>Conventions shared by all subcommands (each extends {@link CliCommand}):
 * <ul>
 *   <li>{@code --help} and {@code --version} everywhere; {@code --json} prints the results as one JSON object
 *       on the last line of standard output; {@code --debug} shows stack traces;</li>
 *   <li>exit code 0 on success; 2 for usage errors (unknown option, bad value, a variety spec that does not parse,
 *       a request too large for this JVM — {@link CliUsageException}, {@link ResourceLimitException}: a one-line
 *       message naming the problem and pointing to {@code --help} on standard error, and with {@code --json} a JSON
 *       object {@code {"command":…,"ok":false,"usageError":…}} on standard output, also for parse errors); 1 for
 *       failures inside a command, an {@link OutOfMemoryError} included (a one-line
 *       message on standard error, the stack trace only with {@code --debug}, and with {@code --json} a JSON
 *       object {@code {"command":…,"ok":false,"error":…}} on standard output);</li>
 *   <li>{@code @file} arguments are not expanded; control characters in echoed text are escaped.</li>
 * </ul>
 */
@Command(name = "metricflow", mixinStandardHelpOptions = true,
        versionProvider = MetricflowCli.Version.class,
        description = "Metric flows with neural networks.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, SampleCommand.class, TopologyCommand.class, CicyCommand.class, ModuliCommand.class,
            DonaldsonCommand.class, CurvatureCommand.class, NtkCommand.class, SelfcheckCommand.class,
            RicciFlowCommand.class, ExampleRicciFlowCommand.class, KernelLocalityCommand.class,
            PerelmanLimitCommand.class, ExamplePerelmanLimitCommand.class,
            BenchCommand.class, ExportCommand.class, PaperCommand.class, CommandLine.HelpCommand.class,
            FeatureLearningCommand.class, ExampleCurvatureCommand.class, ExampleNtkCommand.class,
            ExampleQuinticCommand.class, ExampleDonaldsonCommand.class, ExampleEllipticCommand.class})
public final class MetricflowCli implements Runnable {

    /** Exit code of a successful run. */
    public static final int EXIT_OK = 0;
    /** Exit code of a failure inside a command. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a usage error. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the tool and exits the JVM with its exit code.
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }

    /**
     * Runs the tool in-process with the given streams and returns the exit code (for tests and embedding).
     *
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        int code;
        try {
            code = commandLine(out, err).execute(args);
        } catch (OutOfMemoryError e) {
            // Outside a command's own handler (e.g. while parsing): one line, never a stack trace.
            err.println("metricflow: error: out of memory (the heap is at most "
                    + org.metricflow.core.resources.MemoryBudget.format(Runtime.getRuntime().maxMemory())
                    + ", -Xmx): " + oneLine(e.getMessage()));
            code = EXIT_FAILURE;
        }
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The configured picocli command line: subcommands registered, standard output and error set, usage errors
     * mapped to exit code 2 and command failures to exit code 1 as described in the class documentation.
     * Further subcommands may be added to the result with {@code addSubcommand}; they write to the root's streams.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new MetricflowCli());
        cl.setOut(out);
        cl.setErr(err);
        JsonKeys.addFooters(cl); // every --help ends with the command's JSON keys
        // '@file' arguments are taken literally: expanding them would read any file and echo it in error messages.
        cl.setExpandAtFiles(false);
        // Java's number parsers accept any Unicode digit ("١٢" is 12): numbers on the command line must be ASCII.
        cl.registerConverter(Integer.class, v -> (Integer) integer(v, false));
        cl.registerConverter(Integer.TYPE, v -> (Integer) integer(v, false));
        cl.registerConverter(Long.class, v -> (Long) integer(v, true));
        cl.registerConverter(Long.TYPE, v -> (Long) integer(v, true));
        cl.registerConverter(Double.class, v -> Double.valueOf(ascii(v, true)));
        cl.registerConverter(Double.TYPE, v -> Double.valueOf(ascii(v, true)));
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine where = ex.getCommandLine();
            err.println(where.getCommandSpec().qualifiedName() + ": " + oneLine(ex.getMessage()) + suggestion(ex)
                    + " (see '" + where.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            if (java.util.Arrays.asList(args).contains("--json")) {
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("command", where.getCommandSpec().name());
                failure.put("ok", false);
                failure.put("usageError", oneLine(ex.getMessage()));
                out.println(Json.write(failure));
                out.flush();
            }
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, where, parseResult) -> {
            Object command = where.getCommand();
            if (ex instanceof CliUsageException || ex instanceof ResourceLimitException) {
                // Found by the command's own validation: a usage error like picocli's (exit code 2).
                String name = where.getCommandSpec().qualifiedName();
                err.println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help')");
                err.flush();
                if (command instanceof CliCommand && ((CliCommand) command).options().json()) {
                    Map<String, Object> failure = new LinkedHashMap<>();
                    failure.put("command", where.getCommandSpec().name());
                    failure.put("ok", false);
                    failure.put("usageError", oneLine(ex.getMessage()));
                    out.println(Json.write(failure));
                    out.flush();
                }
                return EXIT_USAGE;
            }
            StandardOptions options = command instanceof CliCommand ? ((CliCommand) command).options() : null;
            boolean debug = options != null && options.debug();
            String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : oneLine(ex.getMessage());
            err.println(where.getCommandSpec().qualifiedName() + ": error: " + message
                    + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            if (options != null && options.json()) {
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("command", where.getCommandSpec().name());
                failure.put("ok", false);
                failure.put("error", message);
                failure.put("exception", ex.getClass().getName());
                out.println(Json.write(failure));
                out.flush();
            }
            return EXIT_FAILURE;
        });
        return cl;
    }

    /**
     * "; did you mean …?" for a mistyped subcommand or option: the known names within Damerau–Levenshtein distance 2
     * of what was typed, else up to three of picocli's own candidates.
     */
    static String suggestion(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException)) {
            return "";
        }
        CommandLine.UnmatchedArgumentException u = (CommandLine.UnmatchedArgumentException) ex;
        java.util.List<String> typed = u.getUnmatched();
        if (typed.isEmpty()) {
            return "";
        }
        String word = typed.get(0);
        java.util.Set<String> candidates = new java.util.LinkedHashSet<>();
        CommandLine.Model.CommandSpec spec = u.getCommandLine().getCommandSpec();
        java.util.List<String> known = new java.util.ArrayList<>(spec.subcommands().keySet());
        for (CommandLine.Model.OptionSpec o : spec.options()) {
            known.addAll(java.util.Arrays.asList(o.names()));
        }
        String bare = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
        for (String k : known) {
            if (editDistance(bare, k) <= 2) {
                candidates.add(k);
            }
        }
        if (candidates.isEmpty()) {
            u.getSuggestions().stream().limit(3).forEach(candidates::add);
        }
        candidates.remove(word);
        return candidates.isEmpty() ? "" : "; did you mean " + String.join(" or ", candidates) + "?";
    }

    /** The optimal-string-alignment (Damerau–Levenshtein) distance between two words. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** An ASCII integer in the range of an int (or a long); otherwise a conversion error naming the value. */
    private static Number integer(String value, boolean isLong) {
        try {
            return isLong ? (Number) Long.valueOf(ascii(value, false)) : (Number) Integer.valueOf(ascii(value, false));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is outside the range of "
                    + (isLong ? "a long integer [" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "]"
                            : "an integer [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "]"));
        }
    }

    /**
     * The value if it is an ASCII decimal number (an integer, or for reals also a fraction, an exponent, NaN or
     * ±Infinity, which the commands then range-check); otherwise a picocli type-conversion error naming it.
     */
    private static String ascii(String value, boolean real) {
        String pattern = real ? "[+-]?(NaN|Infinity|([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?)"
                : "[+-]?[0-9]+";
        if (!value.matches(pattern)) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not " + (real ? "a decimal number"
                    : "an integer written with the digits 0-9"));
        }
        return value;
    }

    /** A message on one line, with line breaks collapsed and other control characters escaped. */
    static String oneLine(String message) {
        return message == null ? "" : CliCommand.shown(message.strip().replaceAll("\\s*\\R\\s*", " "));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The version Maven wrote into the jar ({@code "unknown"} if the resource is missing).
     */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = MetricflowCli.class.getResourceAsStream("/org/metricflow/examples/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }

    /** Reads the version that Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"metricflow " + version()};
        }
    }
}
