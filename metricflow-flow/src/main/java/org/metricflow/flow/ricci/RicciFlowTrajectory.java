package org.metricflow.flow.ricci;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Observables of a Ricci flow ∂<sub>t</sub>g = −2 Ric sampled at output times: always {@code "F"} (Perelman's
 * λ(g<sub>t</sub>) = min<sub>f</sub> F(g<sub>t</sub>, f), non-decreasing along the flow), {@code "maxCurvature"}
 * (largest |sectional curvature|), {@code "volume"} and {@code "radius"} (the volume radius
 * (Vol/|S<sup>n</sup>|)<sup>1/n</sup>), plus solver-specific series. If the flow had to stop early (approaching a
 * singularity) the series end at the last time reached and {@link #stopReason()} says why. Immutable.
 */
public final class RicciFlowTrajectory {
    /** The reason of a flow that reached its final time. */
    public static final String COMPLETED = "completed";

    private final double[] times;
    private final Map<String, double[]> series;
    private final String stopReason;

    private RicciFlowTrajectory(double[] times, Map<String, double[]> series, String stopReason) {
        this.times = times;
        this.series = series;
        this.stopReason = stopReason;
    }

    /**
     * @param times the output times, increasing
     * @param series name → values (each as long as times); copied
     * @param stopReason {@link #COMPLETED} or a message
     * @return the trajectory
     */
    public static RicciFlowTrajectory of(double[] times, Map<String, double[]> series, String stopReason) {
        if (times == null || series == null || stopReason == null) {
            throw new IllegalArgumentException("times, series and stopReason must not be null");
        }
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            if (e.getValue().length != times.length) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + e.getValue().length
                        + " values for " + times.length + " times");
            }
            copy.put(e.getKey(), e.getValue().clone());
        }
        return new RicciFlowTrajectory(times.clone(), Collections.unmodifiableMap(copy), stopReason);
    }

    /**
     * The output times reached.
     */
    public double[] times() {
        return times.clone();
    }

    /**
     * The values of one observable at {@link #times()}.
     */
    public double[] series(String name) {
        double[] v = series.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no series '" + name + "'; available: " + series.keySet());
        }
        return v.clone();
    }

    /**
     * The names of the recorded observables, in recording order.
     */
    public List<String> names() {
        return new ArrayList<>(series.keySet());
    }

    /**
     * Perelman's λ along the flow (the series {@code "F"}).
     *
     * @return λ at each output time
     */
    public double[] perelmanLambda() {
        return series("F");
    }

    /**
     * The largest |sectional curvature| along the flow.
     */
    public double[] maxCurvature() {
        return series("maxCurvature");
    }

    /**
     * Whether the flow reached the requested final time.
     */
    public boolean completed() {
        return COMPLETED.equals(stopReason);
    }

    /**
     * {@link #COMPLETED} or why the flow stopped early.
     */
    public String stopReason() {
        return stopReason;
    }

    /**
     * The last time reached.
     */
    public double finalTime() {
        return times[times.length - 1];
    }
}
