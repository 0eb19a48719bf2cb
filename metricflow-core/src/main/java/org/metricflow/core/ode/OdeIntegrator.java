package org.metricflow.core.ode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.metricflow.core.ode.internal.CommonsMathRunner;

/**
 * Integrates an {@link OdeSystem} y' = F(t, y) from (t0, y0) to t1 (forwards or backwards in time) with one of
 * four explicit Runge–Kutta methods, backed by Apache Commons Math 3.6.1:
 * <ul>
 *   <li>{@link #dormandPrince54}: adaptive Dormand–Prince 5(4), 7 stages (FSAL), 4th-order dense output;</li>
 *   <li>{@link #dormandPrince853}: adaptive Dormand–Prince 8(5,3), 12 stages, 7th-order dense output;</li>
 *   <li>{@link #rungeKutta4}: the classical fixed-step RK4, global error O(h⁴);</li>
 *   <li>{@link #euler}: explicit Euler y_{k+1} = y_k + h F(t_k, y_k), global error O(h).</li>
 * </ul>
 * The adaptive methods accept a step when the scaled error estimate
 * √(1/n Σ_i (err_i / (atol + rtol·|y_i|))²) ≤ 1, so each step's local error stays within the absolute and
 * relative tolerances; the global error is typically a small multiple of them. The fixed-step methods use the
 * step h, shortening the last one to land exactly on t1.
 *
 * <p>Configuration is immutable ({@code withX} methods return copies) and every call builds fresh integrator
 * state, so an instance can be shared between threads (its listeners must then be thread-safe). Intervals with
 * |t1 − t0| ≤ 1e-12·max(|t0|, |t1|) are treated as empty (the state is returned unchanged).
 */
public final class OdeIntegrator {

    /** The integration method. */
    public enum Method {
        /** Adaptive Dormand–Prince 5(4). */
        DORMAND_PRINCE_54,
        /** Adaptive Dormand–Prince 8(5,3). */
        DORMAND_PRINCE_853,
        /** Classical fixed-step Runge–Kutta of order 4. */
        RUNGE_KUTTA_4,
        /** Explicit fixed-step Euler. */
        EULER;

        /**
         * Whether the method adapts its step to tolerances.
         */
        public boolean adaptive() {
            return this == DORMAND_PRINCE_54 || this == DORMAND_PRINCE_853;
        }
    }

    private final Method method;
    private final double absoluteTolerance;
    private final double relativeTolerance;
    private final double step;
    private final double minStep;
    private final double maxStep;
    private final double initialStep;
    private final int maxEvaluations;
    private final List<StepListener> listeners;

    private OdeIntegrator(Method method, double absoluteTolerance, double relativeTolerance, double step,
            double minStep, double maxStep, double initialStep, int maxEvaluations, List<StepListener> listeners) {
        this.method = method;
        this.absoluteTolerance = absoluteTolerance;
        this.relativeTolerance = relativeTolerance;
        this.step = step;
        this.minStep = minStep;
        this.maxStep = maxStep;
        this.initialStep = initialStep;
        this.maxEvaluations = maxEvaluations;
        this.listeners = List.copyOf(listeners);
    }

    private static OdeIntegrator adaptive(Method method, double absoluteTolerance, double relativeTolerance) {
        if (!(absoluteTolerance >= 0) || !(relativeTolerance >= 0) || Double.isInfinite(absoluteTolerance)
                || Double.isInfinite(relativeTolerance) || absoluteTolerance + relativeTolerance == 0) {
            throw new IllegalArgumentException("tolerances must be finite and >= 0, not both 0; got absolute="
                    + absoluteTolerance + ", relative=" + relativeTolerance);
        }
        return new OdeIntegrator(method, absoluteTolerance, relativeTolerance, Double.NaN, 0,
                Double.POSITIVE_INFINITY, Double.NaN, Integer.MAX_VALUE, List.of());
    }

    private static OdeIntegrator fixed(Method method, double step) {
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("the fixed step must be finite and > 0, got " + step
                    + " (its sign follows the direction of integration)");
        }
        return new OdeIntegrator(method, Double.NaN, Double.NaN, step, 0, Double.POSITIVE_INFINITY, Double.NaN,
                Integer.MAX_VALUE, List.of());
    }

    /**
     * Adaptive Dormand–Prince 5(4) with absolute and relative tolerances (≥ 0, not both 0).
     */
    public static OdeIntegrator dormandPrince54(double absoluteTolerance, double relativeTolerance) {
        return adaptive(Method.DORMAND_PRINCE_54, absoluteTolerance, relativeTolerance);
    }

    /**
     * Adaptive Dormand–Prince 8(5,3) with absolute and relative tolerances (≥ 0, not both 0).
     */
    public static OdeIntegrator dormandPrince853(double absoluteTolerance, double relativeTolerance) {
        return adaptive(Method.DORMAND_PRINCE_853, absoluteTolerance, relativeTolerance);
    }

    /**
     * Classical RK4 with fixed step {@code step} &gt; 0 (the last step is shortened to end on t1).
     */
    public static OdeIntegrator rungeKutta4(double step) {
        return fixed(Method.RUNGE_KUTTA_4, step);
    }

    /**
     * Explicit Euler with fixed step {@code step} &gt; 0 (the last step is shortened to end on t1).
     */
    public static OdeIntegrator euler(double step) {
        return fixed(Method.EULER, step);
    }

    /**
     * A copy whose adaptive steps stay within [minStep, maxStep] in magnitude (0 ≤ minStep ≤ maxStep; maxStep
     * may be +∞, the default, meaning |t1 − t0|). A step that would have to fall below minStep to meet the
     * tolerances ends the integration with an {@link OdeIntegrationException}.
     *
     * @throws IllegalStateException for the fixed-step methods
     */
    public OdeIntegrator withStepBounds(double newMinStep, double newMaxStep) {
        requireAdaptive("withStepBounds");
        if (!(newMinStep >= 0) || !(newMaxStep >= newMinStep) || newMaxStep == 0 || Double.isInfinite(newMinStep)) {
            throw new IllegalArgumentException("step bounds need 0 <= minStep <= maxStep, maxStep > 0; got minStep="
                    + newMinStep + ", maxStep=" + newMaxStep);
        }
        return new OdeIntegrator(method, absoluteTolerance, relativeTolerance, step, newMinStep, newMaxStep,
                initialStep, maxEvaluations, listeners);
    }

    /**
     * A copy whose first adaptive step has magnitude {@code h} &gt; 0 instead of the automatic estimate.
     *
     * @throws IllegalStateException for the fixed-step methods
     */
    public OdeIntegrator withInitialStep(double h) {
        requireAdaptive("withInitialStep");
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("the initial step must be finite and > 0, got " + h);
        }
        return new OdeIntegrator(method, absoluteTolerance, relativeTolerance, step, minStep, maxStep, h,
                maxEvaluations, listeners);
    }

    /**
     * A copy that fails with {@link OdeIntegrationException} after {@code n ≥ 1} evaluations of F.
     */
    public OdeIntegrator withMaxEvaluations(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxEvaluations must be >= 1, got " + n);
        }
        return new OdeIntegrator(method, absoluteTolerance, relativeTolerance, step, minStep, maxStep, initialStep,
                n, listeners);
    }

    /**
     * A copy that also calls {@code listener} at t0 and after every accepted step.
     */
    public OdeIntegrator withStepListener(StepListener listener) {
        List<StepListener> more = new ArrayList<>(listeners);
        more.add(Objects.requireNonNull(listener, "listener"));
        return new OdeIntegrator(method, absoluteTolerance, relativeTolerance, step, minStep, maxStep, initialStep,
                maxEvaluations, more);
    }

    private void requireAdaptive(String what) {
        if (!method.adaptive()) {
            throw new IllegalStateException(what + " applies to the adaptive methods only; " + method
                    + " uses the fixed step " + step);
        }
    }

    /**
     * The method.
     */
    public Method method() {
        return method;
    }

    /**
     * The absolute tolerance (NaN for fixed-step methods).
     */
    public double absoluteTolerance() {
        return absoluteTolerance;
    }

    /**
     * The relative tolerance (NaN for fixed-step methods).
     */
    public double relativeTolerance() {
        return relativeTolerance;
    }

    /**
     * The fixed step (NaN for adaptive methods).
     */
    public double step() {
        return step;
    }

    /**
     * Integrates from (t0, y0) to t1 and returns y(t1) in a new array.
     *
     * @return y(t1) in a new array
     * @throws IllegalArgumentException if y0's length differs from the system's dimension, or t0, t1 or y0 are
     *     not finite
     * @throws OdeIntegrationException if F returns NaN/∞ (naming t and the component), the step size underflows
     *     the minimum, or the evaluation limit is reached
     */
    public double[] integrate(OdeSystem system, double t0, double[] y0, double t1) {
        double[] out = new double[Objects.requireNonNull(y0, "y0").length];
        integrate(system, t0, y0, t1, out);
        return out;
    }

    /**
     * Integrates from (t0, y0) to t1 and writes y(t1) into {@code yOut}, which may be {@code y0} itself.
     *
     * @throws IllegalArgumentException as {@link #integrate(OdeSystem, double, double[], double)}, or if
     *     {@code yOut} has the wrong length
     */
    public void integrate(OdeSystem system, double t0, double[] y0, double t1, double[] yOut) {
        Objects.requireNonNull(yOut, "yOut");
        run(system, t0, y0, t1, new double[0], yOut);
    }

    /**
     * Integrates from (t0, y0) to t1, also recording y at the given output times (interpolated by the method's
     * dense output). Output times must lie between t0 and t1 and be ordered in the direction of integration
     * (repeats allowed).
     *
     * @return the trajectory: y(t1) and y at the given output times
     * @throws IllegalArgumentException for unordered or out-of-range output times, and as
     *     {@link #integrate(OdeSystem, double, double[], double)}
     */
    public OdeResult solve(OdeSystem system, double t0, double[] y0, double t1, double... outputTimes) {
        Objects.requireNonNull(outputTimes, "outputTimes");
        double direction = Math.signum(t1 - t0);
        for (int i = 0; i < outputTimes.length; i++) {
            double t = outputTimes[i];
            if (!(Math.min(t0, t1) <= t && t <= Math.max(t0, t1))) {
                throw new IllegalArgumentException("output time " + i + " = " + t + " lies outside [" + Math.min(t0, t1)
                        + ", " + Math.max(t0, t1) + "]");
            }
            if (i > 0 && direction * (t - outputTimes[i - 1]) < 0) {
                throw new IllegalArgumentException("output times must be ordered in the direction of integration ("
                        + (direction >= 0 ? "increasing" : "decreasing") + "), but time " + i + " = " + t
                        + " comes after " + outputTimes[i - 1]);
            }
        }
        double[] yOut = new double[Objects.requireNonNull(y0, "y0").length];
        CommonsMathRunner.Outcome outcome = run(system, t0, y0, t1, outputTimes, yOut);
        return OdeResult.of(t1, yOut, outputTimes, outcome.outputStates(), outcome.steps(), outcome.evaluations());
    }

    private CommonsMathRunner.Outcome run(OdeSystem system, double t0, double[] y0, double t1, double[] outputTimes,
            double[] yOut) {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(y0, "y0");
        int n = system.dimension();
        if (n < 1) {
            throw new IllegalArgumentException("the system's dimension must be >= 1, got " + n);
        }
        if (y0.length != n) {
            throw new IllegalArgumentException("y0 has length " + y0.length + " but the system has dimension " + n);
        }
        if (yOut.length != n) {
            throw new IllegalArgumentException("the output array has length " + yOut.length
                    + " but the system has dimension " + n);
        }
        if (!Double.isFinite(t0) || !Double.isFinite(t1)) {
            throw new IllegalArgumentException("t0 and t1 must be finite, got t0=" + t0 + ", t1=" + t1);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(y0[i])) {
                throw new IllegalArgumentException("y0[" + i + "] = " + y0[i] + " is not finite");
            }
        }
        return CommonsMathRunner.run(new CommonsMathRunner.Settings(method, absoluteTolerance,
                relativeTolerance, step, minStep, maxStep, initialStep, maxEvaluations), listeners, system, t0, y0,
                t1, outputTimes, yOut);
    }

    @Override
    public String toString() {
        return method.adaptive()
                ? "OdeIntegrator[" + method + ", atol=" + absoluteTolerance + ", rtol=" + relativeTolerance + "]"
                : "OdeIntegrator[" + method + ", h=" + step + "]";
    }
}
