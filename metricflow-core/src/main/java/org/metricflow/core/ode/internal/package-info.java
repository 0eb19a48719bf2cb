/**
 * The bridge from the {@code org.metricflow.core.ode} facade to Apache Commons Math's integrators, step
 * interpolators and exceptions. Not part of the public API.
 */
package org.metricflow.core.ode.internal;
