package org.metricflow.flow;

import java.util.Locale;

/**
 * How a {@link MetricFlow} moves the parameters θ or the metric g: one of three orthogonal choices (docs/ARCHITECTURE.md §6).
 * <ul>
 *   <li>{@link #optimizer()} (the default): discrete mini-batch steps of the builder's optimizer (Adam or SGD), then
 *       optional L-BFGS refinement; an epoch is one pass over the training points.</li>
 *   <li>{@link #gradientFlow(double, double, double, double)}: the exact neural-network metric flow, the ODE
 *       dθ/dt = −η ∇<sub>θ</sub>L(θ) with L the full-batch loss on the training points, integrated by adaptive
 *       Dormand–Prince 5(4) with the given tolerances from t = 0 to {@code time}.</li>
 *   <li>{@link #metricOde(double, double, NtkMode, double, double)}: the function-space metric ODE at the
 *       training points x<sub>a</sub>, ∂<sub>t</sub>g(x<sub>a</sub>) = −η Σ<sub>b</sub> Θ(x<sub>a</sub>, x<sub>b</sub>)
 *       ∂L/∂g(x<sub>b</sub>) with the metric-NTK Θ frozen at θ<sub>0</sub> or evolving with θ (dθ/dt = −η Jᵀ∂L/∂g,
 *       integrated jointly with g). The metric elsewhere follows ∂<sub>t</sub>g(x) = −η Σ<sub>b</sub> Θ(x, x<sub>b</sub>)
 *       ∂L/∂g(x<sub>b</sub>). The losses must depend on the metric values at the points only
 *       ({@link Loss#dependsOnMetricValuesOnly()}).</li>
 * </ul>
 * For the continuous dynamics the builder's {@code epochs(E)} is the number of equal time intervals: the
 * observables are recorded at t<sub>e</sub> = e·time/E, e = 0..E.
 */
public final class Dynamics {
    /** The default absolute and relative tolerance of the continuous dynamics. */
    public static final double DEFAULT_TOLERANCE = 1e-8;

    /** The kind of dynamics. */
    public enum Kind {
        /** Discrete optimizer steps. */
        OPTIMIZER,
        /** Continuous gradient flow of θ. */
        GRADIENT_FLOW,
        /** The function-space metric ODE with the metric-NTK. */
        METRIC_ODE
    }

    private static final Dynamics OPTIMIZER = new Dynamics(Kind.OPTIMIZER, Double.NaN, Double.NaN, null, Double.NaN,
            Double.NaN);

    private final Kind kind;
    private final double eta;
    private final double time;
    private final NtkMode kernel;
    private final double absoluteTolerance;
    private final double relativeTolerance;

    private Dynamics(Kind kind, double eta, double time, NtkMode kernel, double absoluteTolerance,
            double relativeTolerance) {
        this.kind = kind;
        this.eta = eta;
        this.time = time;
        this.kernel = kernel;
        this.absoluteTolerance = absoluteTolerance;
        this.relativeTolerance = relativeTolerance;
    }

    /**
     * Mini-batch optimizer training (the builder's optimizer, batch size, schedule, L-BFGS): the default.
     */
    public static Dynamics optimizer() {
        return OPTIMIZER;
    }

    /**
     * {@link #gradientFlow(double, double, double, double)} with tolerances {@link #DEFAULT_TOLERANCE}.
     */
    public static Dynamics gradientFlow(double eta, double time) {
        return gradientFlow(eta, time, DEFAULT_TOLERANCE, DEFAULT_TOLERANCE);
    }

    /**
     * Continuous gradient flow dθ/dt = −η ∇<sub>θ</sub>L on the training points, t ∈ [0, time].
     *
     * @param eta the learning rate η &gt; 0 (time and η enter only as the product ηt)
     * @param time the end time &gt; 0
     * @param absoluteTolerance Dormand–Prince absolute tolerance &gt; 0
     * @param relativeTolerance Dormand–Prince relative tolerance &gt; 0
     * @return the gradient-flow dynamics
     */
    public static Dynamics gradientFlow(double eta, double time, double absoluteTolerance, double relativeTolerance) {
        validate(eta, time, absoluteTolerance, relativeTolerance);
        return new Dynamics(Kind.GRADIENT_FLOW, eta, time, null, absoluteTolerance, relativeTolerance);
    }

    /**
     * {@link #metricOde(double, double, NtkMode, double, double)} with tolerances {@link #DEFAULT_TOLERANCE}.
     */
    public static Dynamics metricOde(double eta, double time, NtkMode kernel) {
        return metricOde(eta, time, kernel, DEFAULT_TOLERANCE, DEFAULT_TOLERANCE);
    }

    /**
     * The function-space metric ODE ∂<sub>t</sub>g = −η Θ ∂L/∂g at the training points, t ∈ [0, time].
     *
     * @param kernel {@link NtkMode#FROZEN} (Θ at θ<sub>0</sub>, a dense (N·m)² kernel: small N only) or
     *     {@link NtkMode#EVOLVING} (θ and g integrated jointly; kernel-vector products, no dense kernel)
     */
    public static Dynamics metricOde(double eta, double time, NtkMode kernel, double absoluteTolerance,
            double relativeTolerance) {
        validate(eta, time, absoluteTolerance, relativeTolerance);
        if (kernel == null) {
            throw new IllegalArgumentException("metricOde needs a NtkMode (FROZEN or EVOLVING), got null");
        }
        return new Dynamics(Kind.METRIC_ODE, eta, time, kernel, absoluteTolerance, relativeTolerance);
    }

    private static void validate(double eta, double time, double atol, double rtol) {
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("the learning rate η must be positive and finite, got " + eta);
        }
        if (!(time > 0) || Double.isInfinite(time)) {
            throw new IllegalArgumentException("the flow time must be positive and finite, got " + time);
        }
        if (!(atol > 0) || !(rtol > 0) || Double.isInfinite(atol) || Double.isInfinite(rtol)) {
            throw new IllegalArgumentException("ODE tolerances must be positive and finite, got absolute " + atol
                    + ", relative " + rtol);
        }
    }

    /**
     * The kind.
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Whether this is a continuous (ODE) dynamics.
     */
    public boolean isContinuous() {
        return kind != Kind.OPTIMIZER;
    }

    /**
     * η (NaN for {@link #optimizer()}, whose rate is the optimizer's).
     */
    public double eta() {
        return eta;
    }

    /**
     * The end time (NaN for {@link #optimizer()}).
     */
    public double time() {
        return time;
    }

    /**
     * The kernel mode of {@link Kind#METRIC_ODE} (null otherwise).
     */
    public NtkMode kernelMode() {
        return kernel;
    }

    /**
     * The absolute ODE tolerance (NaN for {@link #optimizer()}).
     */
    public double absoluteTolerance() {
        return absoluteTolerance;
    }

    /**
     * The relative ODE tolerance (NaN for {@link #optimizer()}).
     */
    public double relativeTolerance() {
        return relativeTolerance;
    }

    @Override
    public String toString() {
        switch (kind) {
            case OPTIMIZER:
                return "optimizer";
            case GRADIENT_FLOW:
                return String.format(Locale.ROOT, "gradientFlow(eta=%s, time=%s, atol=%s, rtol=%s)", eta, time,
                        absoluteTolerance, relativeTolerance);
            default:
                return String.format(Locale.ROOT, "metricOde(eta=%s, time=%s, %s, atol=%s, rtol=%s)", eta, time,
                        kernel, absoluteTolerance, relativeTolerance);
        }
    }
}
