package org.metricflow.examples.cli;

import picocli.CommandLine.Option;

/** The options every {@code metricflow} subcommand accepts (a picocli mixin): {@code --json} and {@code --debug}. */
public final class StandardOptions {

    @Option(names = "--json",
            description = "Print the results as one JSON object on the last line of standard output.")
    boolean json;

    @Option(names = "--debug", description = "Print the full stack trace when the command fails.")
    boolean debug;

    /**
     * Whether {@code --json} was given.
     */
    public boolean json() {
        return json;
    }

    /**
     * Whether {@code --debug} was given.
     */
    public boolean debug() {
        return debug;
    }
}
