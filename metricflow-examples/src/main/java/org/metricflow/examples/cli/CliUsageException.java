package org.metricflow.examples.cli;

/**
 * A usage error found while a subcommand checks its options (a value out of range, a variety spec that does not
 * parse, a request too large for this JVM): reported like picocli's own parse errors, as one line on standard
 * error pointing to {@code --help}, with exit code {@link MetricflowCli#EXIT_USAGE} (2).
 */
public final class CliUsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * A usage error with a message that names the option and the offending value.
     */
    public CliUsageException(String message) {
        super(message);
    }

    /**
     * A usage error caused by a library's validation (its message is kept).
     */
    public CliUsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
