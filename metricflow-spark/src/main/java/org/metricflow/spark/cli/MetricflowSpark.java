package org.metricflow.spark.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code metricflow-spark} command line, the main class of the jar given to {@code spark-submit}: subcommands
 * {@code sample}, {@code topology}, {@code donaldson}, {@code train} and {@code ntk}. Exit codes: 0 success, 1 a
 * failure (one-line message on standard error; the stack trace with {@code --debug}), 2 a usage error. With
 * {@code --json} an error is also printed as {@code {"error": …}} on the last line of standard output.
 */
@Command(name = "metricflow-spark", mixinStandardHelpOptions = true, version = "metricflow-spark 0.1.0",
        description = "metricflow computations on Apache Spark.",
        subcommands = {SampleCommand.class, TopologyCommand.class, DonaldsonCommand.class, TrainCommand.class,
            NtkCommand.class})
public final class MetricflowSpark implements Runnable {

    /** Creates the root command (picocli instantiates it). */
    public MetricflowSpark() {
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "give a subcommand: sample, topology,"
                + " donaldson, train or ntk");
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line without exiting the JVM.
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code: 0 success, 1 failure, 2 usage error
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cl = new CommandLine(new MetricflowSpark()).setOut(o).setErr(e);
        boolean json = java.util.Arrays.asList(args).contains("--json");
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            Throwable cause = ex;
            while (cause.getCause() != null && !(cause instanceof UsageException)
                    && (cause.getMessage() == null || cause instanceof java.lang.reflect.InvocationTargetException)) {
                cause = cause.getCause();
            }
            int code = cause instanceof UsageException ? 2 : 1;
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            message = message.lines().findFirst().orElse(message);
            e.println("metricflow-spark " + line.getCommandName() + ": " + message);
            if (debug) {
                ex.printStackTrace(e);
            }
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("command", line.getCommandName());
                m.put("error", message);
                m.put("exitCode", code);
                o.println(Json.object(m));
            }
            return code;
        });
        cl.setParameterExceptionHandler((ex, params) -> {
            e.println(ex.getMessage());
            e.println("run 'metricflow-spark " + ex.getCommandLine().getCommandName() + " --help' for usage");
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("error", ex.getMessage());
                m.put("exitCode", 2);
                o.println(Json.object(m));
            }
            return 2;
        });
        int code = cl.execute(args);
        o.flush();
        e.flush();
        return code;
    }
}
