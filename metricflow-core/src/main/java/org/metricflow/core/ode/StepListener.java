package org.metricflow.core.ode;

/** Observes an integration: called with (t0, y0) first, then after every accepted step (t, y(t)). */
@FunctionalInterface
public interface StepListener {

    /**
     * @param t the time reached; successive calls are monotone in the direction of integration
     * @param y the state at {@code t}: read-only, valid only during the call (copy it to keep it)
     */
    void onStep(double t, double[] y);
}
