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
 *       message naming the problem and pointing to {@code --help} on standard error); 1 for failures inside a command (a one-line
 *       message on standard error, the stack trace only with {@code --debug}, and with {@code --json} a JSON
 *       object {@code {"command":…,"ok":false,"error":…}} on standard output).</li>
 * </ul>
 */
@Command(name = "metricflow", mixinStandardHelpOptions = true,
        versionProvider = MetricflowCli.Version.class,
        description = "Metric flows with neural networks.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, SampleCommand.class, TopologyCommand.class, CicyCommand.class,
            DonaldsonCommand.class, CurvatureCommand.class, NtkCommand.class, SelfcheckCommand.class,
            RicciFlowCommand.class, ExampleRicciFlowCommand.class, KernelLocalityCommand.class,
            PerelmanLimitCommand.class, ExamplePerelmanLimitCommand.class,
            BenchCommand.class,
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
     *
     * @param args the args
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }

    /**
     * Runs the tool in-process with the given streams and returns the exit code (for tests and embedding).
     *
     * @param out the argument {@code out}
     * @param err the err
     * @param args the args
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The configured picocli command line: subcommands registered, standard output and error set, usage errors
     * mapped to exit code 2 and command failures to exit code 1 as described in the class documentation.
     * Further subcommands may be added to the result with {@code addSubcommand}; they write to the root's streams.
     *
     * @param out the argument {@code out}
     * @param err the err
     * @return the configured picocli command line: subcommands registered, standard output and error set, usage
     *     errors mapped to exit code 2 and command failures to exit code 1 as described in the class documentation
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new MetricflowCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine where = ex.getCommandLine();
            err.println(where.getCommandSpec().qualifiedName() + ": " + oneLine(ex.getMessage()) + " (see '"
                    + where.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
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

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The version Maven wrote into the jar ({@code "unknown"} if the resource is missing).
     *
     * @return the version Maven wrote into the jar ({@code "unknown"} if the resource is missing)
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
