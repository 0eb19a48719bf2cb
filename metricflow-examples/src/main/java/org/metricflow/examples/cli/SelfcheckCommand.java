package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.ode.OdeIntegrator;
import org.metricflow.core.ode.OdeSystem;
import org.metricflow.core.optim.Adam;
import org.metricflow.core.optim.Lbfgs;
import org.metricflow.core.optim.LbfgsResult;
import org.metricflow.core.optim.LearningRateSchedule;
import picocli.CommandLine.Command;

/**
 * {@code metricflow selfcheck}: a few seconds' numeric check of the core against closed-form answers, with
 * timings. Checks (each reports its error, the tolerance it must meet, whether it passed, and seconds):
 * <ul>
 *   <li>{@code ode_dp54_decay}: y' = −y, y(0) = 1 to t = 5 with Dormand–Prince 5(4) at tolerances 1e-10,
 *       error |y(5) − e^{−5}| ≤ 1e-8;</li>
 *   <li>{@code ode_rk4_oscillator}: x'' = −x from (1, 0) to t = 10 with RK4, h = 1e-3, error against
 *       (cos 10, −sin 10) ≤ 1e-9;</li>
 *   <li>{@code lbfgs_rosenbrock}: L-BFGS on 100(y − x²)² + (1 − x)² from (−1.2, 1), max |x_i − 1| ≤ 1e-8;</li>
 *   <li>{@code adam_rosenbrock}: Adam, rate 1e-2 halved every 2000 steps, 20000 steps, same criterion.</li>
 * </ul>
 * Exit code 0 if all pass, 1 otherwise.
 */
@Command(name = "selfcheck", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Run a quick numeric self-check of the core (ODE integration, L-BFGS, Adam) and report"
                + " errors and timings.")
public final class SelfcheckCommand extends CliCommand {

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) {
        long start = System.nanoTime();
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("ode_dp54_decay", odeDecay());
        checks.put("ode_rk4_oscillator", odeOscillator());
        checks.put("lbfgs_rosenbrock", lbfgsRosenbrock());
        checks.put("adam_rosenbrock", adamRosenbrock());
        boolean ok = true;
        text.println("metricflow selfcheck");
        for (Map.Entry<String, Object> e : checks.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) e.getValue();
            boolean passed = (Boolean) c.get("passed");
            ok &= passed;
            text.printf("  %-20s error %9.3e  (tolerance %.0e)  %-6s %8.1f ms%n", e.getKey(), c.get("error"),
                    c.get("tolerance"), passed ? "ok" : "FAILED", 1e3 * (Double) c.get("seconds"));
        }
        double millis = (System.nanoTime() - start) / 1e6;
        text.printf("%s in %.1f ms%n", ok ? "all checks passed" : "SOME CHECKS FAILED", millis);
        results.put("ok", ok);
        results.put("version", MetricflowCli.version());
        results.put("java", System.getProperty("java.version"));
        results.put("seconds", millis / 1e3);
        results.put("checks", checks);
        return ok ? 0 : 1;
    }

    private static Map<String, Object> check(double error, double tolerance, long startNanos) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("error", error);
        c.put("tolerance", tolerance);
        c.put("passed", error <= tolerance); // false for NaN
        c.put("seconds", (System.nanoTime() - startNanos) / 1e9);
        return c;
    }

    private static Map<String, Object> odeDecay() {
        long t0 = System.nanoTime();
        OdeSystem decay = new OdeSystem() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public void derivatives(double t, double[] y, double[] yDot) {
                yDot[0] = -y[0];
            }
        };
        double[] y = OdeIntegrator.dormandPrince54(1e-10, 1e-10).integrate(decay, 0, new double[] {1}, 5);
        return check(Math.abs(y[0] - Math.exp(-5)), 1e-8, t0);
    }

    private static Map<String, Object> odeOscillator() {
        long t0 = System.nanoTime();
        OdeSystem oscillator = new OdeSystem() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public void derivatives(double t, double[] y, double[] yDot) {
                yDot[0] = y[1];
                yDot[1] = -y[0];
            }
        };
        double[] y = OdeIntegrator.rungeKutta4(1e-3).integrate(oscillator, 0, new double[] {1, 0}, 10);
        return check(Math.hypot(y[0] - Math.cos(10), y[1] + Math.sin(10)), 1e-9, t0);
    }

    private static double rosenbrock(double[] x, double[] grad) {
        double a = x[1] - x[0] * x[0];
        double b = 1 - x[0];
        grad[0] = -400 * x[0] * a - 2 * b;
        grad[1] = 200 * a;
        return 100 * a * a + b * b;
    }

    private static Map<String, Object> lbfgsRosenbrock() {
        long t0 = System.nanoTime();
        DMatrixRMaj x = new DMatrixRMaj(2, 1, true, -1.2, 1);
        LbfgsResult r = Lbfgs.of().withGradientTolerance(1e-11).minimize(List.of(x),
                grads -> rosenbrock(x.data, grads.get(0).data));
        Map<String, Object> c = check(Math.max(Math.abs(x.data[0] - 1), Math.abs(x.data[1] - 1)), 1e-8, t0);
        c.put("iterations", r.iterations());
        c.put("evaluations", r.evaluations());
        c.put("stop", r.reason());
        return c;
    }

    private static Map<String, Object> adamRosenbrock() {
        long t0 = System.nanoTime();
        DMatrixRMaj x = new DMatrixRMaj(2, 1, true, -1.2, 1);
        DMatrixRMaj g = new DMatrixRMaj(2, 1);
        Adam adam = Adam.of(1e-2).withSchedule(LearningRateSchedule.exponentialDecay(1e-2, 0.5, 2000));
        int steps = 20000;
        for (int k = 0; k < steps; k++) {
            rosenbrock(x.data, g.data);
            adam.step(List.of(x), List.of(g));
        }
        Map<String, Object> c = check(Math.max(Math.abs(x.data[0] - 1), Math.abs(x.data[1] - 1)), 1e-8, t0);
        c.put("steps", steps);
        return c;
    }
}
