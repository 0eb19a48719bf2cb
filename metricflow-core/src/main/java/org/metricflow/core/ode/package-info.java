/**
 * Ordinary differential equations y' = F(t, y), y(t0) = y0, integrated by explicit Runge–Kutta methods.
 *
 * <p>An s-stage explicit Runge–Kutta step of size h computes k_i = F(t + c_i h, y + h Σ_{j&lt;i} a_ij k_j) and
 * y ← y + h Σ_i b_i k_i. Euler (s = 1) has global error O(h), the classical RK4 (s = 4) O(h⁴): halving h divides
 * the error at a fixed time by ≈ 2 and ≈ 16. The embedded Dormand–Prince pairs 5(4) and 8(5,3) also form a
 * lower-order solution from the same stages; their difference estimates the local error, and the step is
 * accepted when the scaled error √(1/n Σ (err_i/(atol + rtol|y_i|))²) ≤ 1 and resized by the usual
 * h_new = h·safety·err^{−1/(q+1)} rule. Each pair carries a continuous extension (dense output) used to report the
 * state at arbitrary times inside a step.
 *
 * <p>{@link org.metricflow.core.ode.OdeIntegrator} is a facade over Apache Commons Math 3.6.1; no Commons Math
 * type appears in this package's signatures (the bridge lives in {@code org.metricflow.core.ode.internal}). The
 * right-hand side {@link org.metricflow.core.ode.OdeSystem} works in place on {@code double[]}, and every
 * evaluation is checked for NaN/∞.
 */
package org.metricflow.core.ode;
