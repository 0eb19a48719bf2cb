package org.metricflow.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code metricflow} command-line tool: {@code java -jar metricflow-examples/target/metricflow.jar --help}. */
@Command(name = "metricflow", mixinStandardHelpOptions = true,
        versionProvider = MetricflowCli.Version.class,
        description = "Metric flows with neural networks.")
public final class MetricflowCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MetricflowCli()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reads the version that Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws Exception {
            java.util.Properties p = new java.util.Properties();
            try (var in = MetricflowCli.class.getResourceAsStream("/org/metricflow/examples/version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"metricflow " + p.getProperty("version", "unknown")};
        }
    }
}
