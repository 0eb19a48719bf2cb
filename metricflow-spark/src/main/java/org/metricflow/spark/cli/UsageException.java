package org.metricflow.spark.cli;

/** A wrong option or combination of options: exit code 2 with this one-line message. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
