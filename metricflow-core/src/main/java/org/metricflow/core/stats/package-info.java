/**
 * Small statistics value types shared by the modules: {@link org.metricflow.core.stats.Estimate}, a
 * Monte-Carlo mean with its standard error s/√N.
 */
package org.metricflow.core.stats;
