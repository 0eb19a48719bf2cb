/**
 * The {@code metricflow-spark} command line ({@link org.metricflow.spark.cli.MetricflowSpark}), the main class of
 * the jar given to {@code spark-submit}: {@code sample}, {@code topology}, {@code donaldson}, {@code train},
 * {@code ntk}, each with {@code --master} (default {@code local[*]}), {@code --partitions}, {@code --json} and
 * {@code --debug}. Exit codes: 0 success, 1 failure, 2 usage error.
 */
package org.metricflow.spark.cli;
