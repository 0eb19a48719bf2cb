/** PNG plots for the examples and the command-line tool (XChart, headless). */
package org.metricflow.examples.plot;
