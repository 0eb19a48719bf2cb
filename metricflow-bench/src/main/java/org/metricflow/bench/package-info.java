/**
 * JMH benchmarks for metricflow's hot paths. Build with
 * {@code mvn -B -pl metricflow-bench -am package -DskipTests} and run
 * {@code java -jar metricflow-bench/target/benchmarks.jar}; figures go to {@code docs/BENCHMARKS.md}.
 */
package org.metricflow.bench;
