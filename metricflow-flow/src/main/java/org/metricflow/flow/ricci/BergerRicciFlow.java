package org.metricflow.flow.ricci;

import java.util.LinkedHashMap;
import java.util.Map;
import org.metricflow.core.ode.OdeIntegrationException;
import org.metricflow.core.ode.OdeIntegrator;
import org.metricflow.core.ode.OdeSystem;

/**
 * The Ricci flow of a left-invariant {@link BergerMetric} on S³: the ODE da/dt = −4(a − b + c)(a + b − c)/(bc)
 * (cyclically) integrated with adaptive Dormand–Prince 5(4) (tolerance 1e-12). The round sphere follows
 * a(t) = r<sub>0</sub>² − 4t exactly; Berger spheres become round before they become extinct. The flow stops early
 * when a principal value falls below 1e-6 of its initial value (extinction).
 *
 * <p>Recorded series: {@code F} (λ = R), {@code maxCurvature}, {@code volume}, {@code radius}, and {@code a},
 * {@code b}, {@code c}.
 */
public final class BergerRicciFlow {
    private BergerRicciFlow() {
    }

    /**
     * @param initial the initial metric
     * @param time the final time &gt; 0
     * @param outputs the number of output intervals, 1 … 100 000
     * @return the trajectory of the Berger metric under Ricci flow
     */
    public static RicciFlowTrajectory run(BergerMetric initial, double time, int outputs) {
        if (initial == null) {
            throw new IllegalArgumentException("initial metric must not be null");
        }
        if (!(time > 0) || !Double.isFinite(time)) {
            throw new IllegalArgumentException("time must be positive and finite, got " + time);
        }
        if (outputs < 1 || outputs > 100_000) {
            throw new IllegalArgumentException("outputs must lie in [1, 100000], got " + outputs);
        }
        double[] y0 = initial.principalValues();
        double floor = 1e-6 * Math.min(y0[0], Math.min(y0[1], y0[2]));
        OdeSystem system = new OdeSystem() {
            @Override
            public int dimension() {
                return 3;
            }

            @Override
            public void derivatives(double t, double[] y, double[] yDot) {
                double a = y[0];
                double b = y[1];
                double c = y[2];
                yDot[0] = -4 * (a - b + c) * (a + b - c) / (b * c);
                yDot[1] = -4 * (b - c + a) * (b + c - a) / (c * a);
                yDot[2] = -4 * (c - a + b) * (c + a - b) / (a * b);
            }
        };
        OdeIntegrator integrator = OdeIntegrator.dormandPrince54(1e-14, 1e-12).withMaxEvaluations(10_000_000);
        double[] times = new double[outputs + 1];
        BergerMetric[] metrics = new BergerMetric[outputs + 1];
        metrics[0] = initial;
        int reached = 0;
        String reason = RicciFlowTrajectory.COMPLETED;
        double[] y = y0.clone();
        for (int k = 1; k <= outputs; k++) {
            double t1 = time * k / outputs;
            double[] next;
            try {
                next = integrator.integrate(system, times[k - 1], y, t1);
            } catch (OdeIntegrationException e) {
                reason = "the flow became singular near t = " + e.time() + " (extinction): " + e.getMessage();
                break;
            }
            if (!(next[0] > floor && next[1] > floor && next[2] > floor)) {
                reason = "a principal value fell below " + floor + " before t = " + t1 + " (extinction)";
                break;
            }
            y = next;
            times[k] = t1;
            metrics[k] = BergerMetric.of(y[0], y[1], y[2]);
            reached = k;
        }
        int m = reached + 1;
        Map<String, double[]> series = new LinkedHashMap<>();
        String[] names = {"F", "maxCurvature", "volume", "radius", "a", "b", "c"};
        for (String name : names) {
            series.put(name, new double[m]);
        }
        for (int i = 0; i < m; i++) {
            BergerMetric g = metrics[i];
            double[] p = g.principalValues();
            series.get("F")[i] = g.perelmanLambda();
            series.get("maxCurvature")[i] = g.maxCurvature();
            series.get("volume")[i] = g.volume();
            series.get("radius")[i] = g.volumeRadius();
            series.get("a")[i] = p[0];
            series.get("b")[i] = p[1];
            series.get("c")[i] = p[2];
        }
        return RicciFlowTrajectory.of(java.util.Arrays.copyOf(times, m), series, reason);
    }
}
