/**
 * The {@code metricflow} command-line tool (picocli). Every subcommand accepts {@code --json} and then prints
 * exactly one JSON object with its results on the last line of standard output.
 */
package org.metricflow.examples.cli;
