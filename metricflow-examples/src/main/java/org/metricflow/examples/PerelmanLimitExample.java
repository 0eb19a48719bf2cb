package org.metricflow.examples;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metricflow.flow.perelman.GridMetric;
import org.metricflow.flow.perelman.PerelmanFunctional;
import org.metricflow.flow.perelman.PerelmanLimit;
import org.metricflow.flow.perelman.TorusGrid;
import org.metricflow.flow.perelman.TorusMetricFlow;

/**
 * Teaching example 4 — from networks to Ricci flow: the local-kernel limit reproduces Perelman's flow.
 *
 * <p>A neural network g<sub>θ</sub> trained by gradient flow on a loss L moves the metric by
 * ∂<sub>t</sub>g(x) = −Σ<sub>y</sub> Θ(x,y) ∂L/∂g(y) with its neural tangent kernel Θ. For L = −F (Perelman's
 * functional with a fixed measure m) and the <em>local</em> kernel
 * Θ<sub>ij,kl</sub>(x,y) = (g<sub>ik</sub>g<sub>jl</sub> + g<sub>il</sub>g<sub>jk</sub>) δ(x,y)/m(x) this is exactly Perelman's flow
 * ∂<sub>t</sub>g = −2(Ric + Hess f), Ricci flow up to diffeomorphisms. This example shows it numerically on a
 * periodic grid of T²:
 * <ol>
 *   <li>the local-kernel flow (gradient of the discretized F by autodiff) against the direct PDE solution;</li>
 *   <li>random-Fourier-feature networks (periodic features of bandwidth B, width W) trained by continuous
 *       gradient flow on −F: the table of their distance to the PDE solution at time T, which shrinks as W and B
 *       grow (the kernel becomes local).</li>
 * </ol>
 * Run with {@code java -jar metricflow-examples/target/metricflow.jar example-perelman-limit}, or {@link #main}.
 */
public final class PerelmanLimitExample {
    private static final int[] WIDTHS = {64, 256, 1024, 4096};
    private static final double[] BANDWIDTHS = {1, 2, 4, 8, 16};

    /**
     * Default widths of the table (a fresh copy: the defaults cannot be changed from outside).
     *
     * @return {64, 256, 1024, 4096}
     */
    public static int[] defaultWidths() {
        return WIDTHS.clone();
    }

    /**
     * Default bandwidths of the table (a fresh copy).
     *
     * @return {1, 2, 4, 8, 16}
     */
    public static double[] defaultBandwidths() {
        return BANDWIDTHS.clone();
    }

    private PerelmanLimitExample() {
    }

    /**
     * A bandwidth as typed: integers without a decimal point.
     *
     * @param v the bandwidth
     * @return its text, e.g. "4" or "0.5"
     */
    public static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /**
     * Runs the example with the default sizes and prints to standard output.
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        run(out, 8, 0.02, defaultWidths(), defaultBandwidths(), 1);
        out.flush();
    }

    /**
     * Runs the example on an N×N grid of T² to time T and prints a markdown table of distanceToPde
     * (‖g<sub>net</sub> − g<sub>PDE</sub>‖/‖g<sub>PDE</sub> − g<sub>0</sub>‖) with widths as rows and bandwidths as columns.
     *
     * @param seed the random seed
     * @return the results: {@code localKernelDistance} (step 1), {@code widths}, {@code bandwidths},
     *     {@code distanceToPde} (rows = widths), {@code initialF}, {@code pdeF}
     */
    public static Map<String, Object> run(PrintWriter out, int gridN, double time, int[] widths, double[] bandwidths,
            long seed) {
        TorusGrid grid = TorusGrid.of(2, gridN);
        GridMetric g0 = GridMetric.perturbedFlat(grid, PerelmanLimit.AMPLITUDE, seed);
        PerelmanFunctional f = PerelmanFunctional.withVolumeOf(g0);
        GridMetric pde = PerelmanLimit.pdeSolution(g0, f, time);
        GridMetric local = TorusMetricFlow.solve(g0, f, TorusMetricFlow.Dynamics.LOCAL_KERNEL, time, 1,
                org.metricflow.core.ode.OdeIntegrator.dormandPrince54(1e-9, 1e-9)).finalMetric();
        double localDistance = local.distance(pde) / pde.distance(g0);
        out.printf("Perelman's flow on T^2, %d×%d grid, measure m = sqrt(det g0), time %.3g%n", gridN, gridN, time);
        out.printf("F(g0) = %.6g, F(g_PDE(T)) = %.6g%n", f.value(g0), f.value(pde));
        out.printf("local kernel (autodiff of -F) vs PDE: distance %.3e of the motion%n%n", localDistance);
        StringBuilder header = new StringBuilder("| width \\ bandwidth |");
        StringBuilder rule = new StringBuilder("|---|");
        for (double b : bandwidths) {
            header.append(" ").append(format(b)).append(" |");
            rule.append("---|");
        }
        out.println("distanceToPde = |g_net(T) - g_PDE(T)| / |g_PDE(T) - g0| (grid L2); the local-kernel line above is"
                + " its floor at this grid size");
        out.println();
        out.println(header);
        out.println(rule);
        List<double[]> rows = new ArrayList<>();
        for (int w : widths) {
            double[] row = new double[bandwidths.length];
            StringBuilder line = new StringBuilder("| " + w + " |");
            for (int j = 0; j < bandwidths.length; j++) {
                row[j] = PerelmanLimit.compare(g0, f, pde, time, w, bandwidths[j], seed).distanceToPde();
                line.append(String.format(" %.3f |", row[j]));
            }
            out.println(line);
            out.flush();
            rows.add(row);
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("localKernelDistance", localDistance);
        results.put("widths", widths.clone());
        results.put("bandwidths", bandwidths.clone());
        results.put("distanceToPde", rows.toArray(new double[0][]));
        results.put("initialF", f.value(g0));
        results.put("pdeF", f.value(pde));
        return results;
    }
}
