package org.metricflow.flow.perelman;

/**
 * The sampled trajectory of a {@link TorusMetricFlow}: times t<sub>s</sub>, metrics g(t<sub>s</sub>), Perelman's
 * F(g(t<sub>s</sub>)) (with the flow's fixed measure) and max |Rm| over the grid.
 */
public final class TorusFlowResult {
    private final TorusMetricFlow.Dynamics dynamics;
    private final double[] times;
    private final GridMetric[] metrics;
    private final double[] functional;
    private final double[] maxCurvature;
    private final int evaluations;

    private TorusFlowResult(TorusMetricFlow.Dynamics dynamics, double[] times, GridMetric[] metrics, double[] functional,
            double[] maxCurvature, int evaluations) {
        this.dynamics = dynamics;
        this.times = times;
        this.metrics = metrics;
        this.functional = functional;
        this.maxCurvature = maxCurvature;
        this.evaluations = evaluations;
    }

    /** The result from the sampled metrics; F and max |Rm| are evaluated here. */
    static TorusFlowResult of(TorusMetricFlow.Dynamics dynamics, double[] times, GridMetric[] metrics,
            PerelmanFunctional f, int evaluations) {
        double[] fv = new double[metrics.length];
        double[] rm = new double[metrics.length];
        for (int s = 0; s < metrics.length; s++) {
            fv[s] = f.value(metrics[s]);
            rm[s] = PerelmanFunctional.maxCurvature(metrics[s]);
        }
        return new TorusFlowResult(dynamics, times.clone(), metrics.clone(), fv, rm, evaluations);
    }

    /**
     * The dynamics that produced this trajectory.
     */
    public TorusMetricFlow.Dynamics dynamics() {
        return dynamics;
    }

    /**
     * The sample times (a copy).
     */
    public double[] times() {
        return times.clone();
    }

    /**
     * The metric at sample s.
     */
    public GridMetric metric(int s) {
        return metrics[s];
    }

    /**
     * The final metric.
     */
    public GridMetric finalMetric() {
        return metrics[metrics.length - 1];
    }

    /**
     * F at the sample times (a copy).
     */
    public double[] functional() {
        return functional.clone();
    }

    /**
     * max over the grid of |Rm| at the sample times (a copy).
     */
    public double[] maxCurvature() {
        return maxCurvature.clone();
    }

    /**
     * The number of right-hand-side evaluations the integrator used.
     */
    public int evaluations() {
        return evaluations;
    }
}
