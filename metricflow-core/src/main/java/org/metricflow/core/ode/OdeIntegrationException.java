package org.metricflow.core.ode;

/**
 * An integration could not be completed: the right-hand side produced NaN/∞, the adaptive step size fell below
 * its minimum, or the evaluation budget ran out. The message names the time, and for non-finite derivatives the
 * component.
 */
public final class OdeIntegrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The time at which integration failed (NaN if unknown). */
    private final double time;
    /** The offending component, or −1. */
    private final int component;

    /**
     * @param message what went wrong and how to fix it
     * @param time the time t at which it happened (NaN if unknown)
     * @param component the offending component of y or dy/dt, or −1
     * @param cause the underlying exception, or null
     */
    public OdeIntegrationException(String message, double time, int component, Throwable cause) {
        super(message, cause);
        this.time = time;
        this.component = component;
    }

    /**
     * The time at which integration failed (NaN if unknown).
     */
    public double time() {
        return time;
    }

    /**
     * The offending component, or −1 if the failure is not about one component.
     */
    public int component() {
        return component;
    }
}
