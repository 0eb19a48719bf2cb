/**
 * The {@code metricflow} command-line tool (picocli) and the infrastructure its subcommands share.
 *
 * <p>Every subcommand extends {@link org.metricflow.examples.cli.CliCommand}, which mixes in
 * {@link org.metricflow.examples.cli.StandardOptions} ({@code --json}, {@code --debug}) next to {@code --help} and
 * {@code --version}. With {@code --json} a subcommand prints exactly one JSON object with its results on the last
 * line of standard output, written by the ASCII-only {@link org.metricflow.examples.cli.Json} writer (finite
 * doubles with full round-trip precision, NaN and ±∞ as {@code null}). Exit codes: 0 success, 1 failure inside a
 * command (one-line message, stack trace only with {@code --debug}), 2 usage error (one-line message and a
 * pointer to {@code --help}). {@code selfcheck} verifies the core numerics against closed-form answers;
 * {@code donaldson} computes Donaldson balanced metrics on a variety and their σ measure; {@code feature-learning}
 * and the {@code example-*} commands run the experiment and the teaching examples of
 * {@link org.metricflow.examples}.
 */
package org.metricflow.examples.cli;
