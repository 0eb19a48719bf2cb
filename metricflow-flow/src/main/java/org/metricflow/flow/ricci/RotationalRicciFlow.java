package org.metricflow.flow.ricci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metricflow.core.ode.OdeIntegrationException;
import org.metricflow.core.ode.OdeIntegrator;
import org.metricflow.core.ode.OdeSystem;
import org.metricflow.flow.ricci.internal.ConformalGrid;

/**
 * The Ricci flow ∂<sub>t</sub>g = −2 Ric of a {@link RotationalMetric} on S<sup>n</sup>, by the method of lines in
 * conformal gauge (see the package description): ∂<sub>t</sub>u = −(K<sub>rad</sub> + (n−2)K<sub>tan</sub>) +
 * v(u<sub>x</sub> + cot x), a strictly parabolic equation for u, integrated with adaptive Dormand–Prince 5(4)
 * from {@code org.metricflow.core.ode}. The flow stops early, keeping what it computed, when the grid no longer
 * resolves the curvature (cell length × √|K| above the resolution limit), as happens at a neckpinch or just
 * before extinction. Immutable configuration.
 *
 * <p>Recorded series: {@code F}, {@code maxCurvature}, {@code volume}, {@code radius} (see
 * {@link RicciFlowTrajectory}), {@code pinching} (min K/max K), {@code diameter}, and {@code equatorCurvature}
 * (the largest |sectional curvature| at the equator x = π/2: the neck of a symmetric dumbbell) and
 * {@code capCurvature} ({@link RotationalMetric#capCurvature()}).
 */
public final class RotationalRicciFlow {
    private final RotationalMetric initial;
    private final double tolerance;
    private final double resolutionLimit;

    private RotationalRicciFlow(RotationalMetric initial, double tolerance, double resolutionLimit) {
        this.initial = initial;
        this.tolerance = tolerance;
        this.resolutionLimit = resolutionLimit;
    }

    /**
     * The flow from {@code initial} with relative/absolute tolerance 1e-9 and resolution limit 0.5.
     */
    public static RotationalRicciFlow of(RotationalMetric initial) {
        if (initial == null) {
            throw new IllegalArgumentException("initial metric must not be null");
        }
        return new RotationalRicciFlow(initial, 1e-9, 0.5);
    }

    /**
     * A copy with the integrator's tolerance (relative and absolute, in (0, 1e-2]).
     */
    public RotationalRicciFlow withTolerance(double newTolerance) {
        if (!(newTolerance > 0 && newTolerance <= 1e-2)) {
            throw new IllegalArgumentException("tolerance must lie in (0, 0.01], got " + newTolerance);
        }
        return new RotationalRicciFlow(initial, newTolerance, resolutionLimit);
    }

    /**
     * A copy that stops when max(cell length·√|K|) exceeds {@code limit} (in (0, 10]).
     */
    public RotationalRicciFlow withResolutionLimit(double limit) {
        if (!(limit > 0 && limit <= 10)) {
            throw new IllegalArgumentException("resolution limit must lie in (0, 10], got " + limit);
        }
        return new RotationalRicciFlow(initial, tolerance, limit);
    }

    /**
     * The extinction time when it is known in advance: Vol/(8π) for n = 2 (Gauss–Bonnet gives dVol/dt = −∫R dA =
     * −8π), r²/(2(n−1)) for a round sphere (pinching 1 to 1e-9), else +∞.
     */
    public double knownExtinctionTime() {
        if (initial.dimension() == 2) {
            return initial.volume() / (8 * Math.PI);
        }
        if (Math.abs(1 - initial.pinching()) < 1e-9) {
            double r = initial.volumeRadius();
            return r * r / (2 * (initial.dimension() - 1));
        }
        return Double.POSITIVE_INFINITY;
    }

    /**
     * Flows to {@code time} and records the observables at {@code outputs} + 1 equally spaced times (including 0).
     *
     * @param time the final time, &gt; 0 and before the known extinction time
     * @param outputs the number of output intervals, 1 … 100 000
     * @return the recorded solution
     */
    public Solution run(double time, int outputs) {
        if (!(time > 0) || !Double.isFinite(time)) {
            throw new IllegalArgumentException("time must be positive and finite, got " + time);
        }
        if (outputs < 1 || outputs > 100_000) {
            throw new IllegalArgumentException("outputs must lie in [1, 100000], got " + outputs);
        }
        double extinction = knownExtinctionTime();
        if (time >= extinction) {
            throw new IllegalArgumentException("time " + time + " is not before the extinction time " + extinction
                    + " of this metric; choose a smaller --time");
        }
        int cells = initial.cells();
        ConformalGrid grid = initial.grid();
        ConformalGrid monitorGrid = initial.grid();
        double[] kr = new double[cells];
        double[] kt = new double[cells];
        double[] ux = new double[cells];
        OdeSystem system = new OdeSystem() {
            @Override
            public int dimension() {
                return cells;
            }

            @Override
            public void derivatives(double t, double[] y, double[] yDot) {
                grid.ricciFlow(y, yDot);
            }
        };
        double[] lastT = {0};
        double[] lastY = initial.values().clone();
        OdeIntegrator integrator = OdeIntegrator.dormandPrince54(tolerance, tolerance).withMaxEvaluations(20_000_000)
                .withStepListener((t, y) -> {
                    monitorGrid.curvatures(y, kr, kt, ux);
                    double res = monitorGrid.resolution(y, kr, kt);
                    if (!(res <= resolutionLimit)) {
                        throw new StopSignal("the grid no longer resolves the curvature at t = " + t
                                + " (cell length x sqrt|K| = " + res + " > " + resolutionLimit
                                + "): a singularity is forming");
                    }
                    lastT[0] = t;
                    System.arraycopy(y, 0, lastY, 0, cells);
                });
        List<Double> times = new ArrayList<>();
        List<RotationalMetric> metrics = new ArrayList<>();
        times.add(0.0);
        metrics.add(initial);
        String reason = RicciFlowTrajectory.COMPLETED;
        double[] state = initial.values().clone();
        double t0 = 0;
        for (int k = 1; k <= outputs; k++) {
            double t1 = time * k / outputs;
            try {
                state = integrator.withInitialStep(Math.min(grid.stableStep(state), t1 - t0))
                        .integrate(system, t0, state, t1);
                t0 = t1;
                times.add(t1);
                metrics.add(initial.withLogConformalFactor(state));
            } catch (StopSignal stop) {
                reason = stop.getMessage();
            } catch (OdeIntegrationException e) {
                reason = "the integrator failed at t = " + e.time() + ": " + e.getMessage();
            }
            if (!reason.equals(RicciFlowTrajectory.COMPLETED)) {
                if (lastT[0] > t0) {
                    times.add(lastT[0]);
                    metrics.add(initial.withLogConformalFactor(lastY));
                }
                break;
            }
        }
        return new Solution(times.stream().mapToDouble(Double::doubleValue).toArray(), metrics, reason);
    }

    /** The metrics and observables of one run. */
    public static final class Solution {
        private final double[] times;
        private final List<RotationalMetric> metrics;
        private final RicciFlowTrajectory trajectory;

        Solution(double[] times, List<RotationalMetric> metrics, String reason) {
            this.times = times;
            this.metrics = List.copyOf(metrics);
            int m = times.length;
            Map<String, double[]> series = new LinkedHashMap<>();
            String[] names = {"F", "maxCurvature", "volume", "radius", "pinching", "diameter", "equatorCurvature",
                "capCurvature"};
            for (String name : names) {
                series.put(name, new double[m]);
            }
            for (int i = 0; i < m; i++) {
                RotationalMetric g = metrics.get(i);
                series.get("F")[i] = g.perelmanLambda();
                series.get("maxCurvature")[i] = g.maxCurvature();
                series.get("volume")[i] = g.volume();
                series.get("radius")[i] = g.volumeRadius();
                series.get("pinching")[i] = g.pinching();
                series.get("diameter")[i] = g.diameter();
                series.get("equatorCurvature")[i] = equatorCurvature(g);
                series.get("capCurvature")[i] = g.capCurvature();
            }
            this.trajectory = RicciFlowTrajectory.of(times, series, reason);
        }

        private static double equatorCurvature(RotationalMetric g) {
            double[] x = g.polarAngles();
            int best = 0;
            for (int i = 1; i < x.length; i++) {
                if (Math.abs(x[i] - Math.PI / 2) < Math.abs(x[best] - Math.PI / 2)) {
                    best = i;
                }
            }
            double lo = Math.min(x[best], Math.PI - x[best]);
            return g.maxCurvatureBetween(lo, Math.PI - lo);
        }

        /**
         * The observables.
         */
        public RicciFlowTrajectory trajectory() {
            return trajectory;
        }

        /**
         * The metric at each output time ({@link RicciFlowTrajectory#times()}).
         */
        public List<RotationalMetric> metrics() {
            return metrics;
        }

        /**
         * The metric at the last time reached.
         */
        public RotationalMetric finalMetric() {
            return metrics.get(metrics.size() - 1);
        }

        /**
         * The output times.
         */
        public double[] times() {
            return times.clone();
        }
    }

    /** Thrown by the step monitor to end the integration early. */
    private static final class StopSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopSignal(String message) {
            super(message, null, false, false);
        }
    }
}
