package org.metricflow.core.ode;

/**
 * A first-order system of ordinary differential equations dy/dt = F(t, y), y ∈ ℝⁿ.
 *
 * <p>Higher-order equations are written in first-order form, e.g. the harmonic oscillator x'' = −ω²x as
 * y = (x, v), F(t, y) = (v, −ω²x).
 */
public interface OdeSystem {

    /**
     * The dimension n ≥ 1 of the state y.
     */
    int dimension();

    /**
     * Writes F(t, y) into {@code yDot} (length n) in place. Must not modify {@code y} and should not allocate
     * on hot paths; {@code y} and {@code yDot} are distinct arrays owned by the integrator, valid only during
     * the call.
     */
    void derivatives(double t, double[] y, double[] yDot);
}
