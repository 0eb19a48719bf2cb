/**
 * Runnable teaching examples. Each is a small documented class with a {@code main} and a {@code run} method that
 * returns its results, exposed as a subcommand of the {@code metricflow} tool
 * ({@link org.metricflow.examples.cli.MetricflowCli}); {@link org.metricflow.examples.Quickstart} is the tour.
 */
package org.metricflow.examples;
