package org.metricflow.examples.paper;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metricflow.core.ode.OdeIntegrator;
import org.metricflow.examples.PerelmanLimitExample;
import org.metricflow.examples.plot.Plots;
import org.metricflow.flow.perelman.GridMetric;
import org.metricflow.flow.perelman.PerelmanFunctional;
import org.metricflow.flow.perelman.PerelmanLimit;
import org.metricflow.flow.perelman.TorusFlowResult;
import org.metricflow.flow.perelman.TorusGrid;
import org.metricflow.flow.perelman.TorusMetricFlow;

/**
 * Claim (c): a frozen local kernel with −F as the loss is Perelman's Ricci flow. On a periodic grid of T² (initial
 * metric a smooth perturbation of the flat one, measure m = √det g<sub>0</sub> fixed):
 * <ol>
 *   <li>the local-kernel metric flow of −F ({@link TorusMetricFlow.Dynamics#LOCAL_KERNEL}) raises F monotonically:
 *       holds when the smallest increment of F between consecutive samples is ≥ −10<sup>−9</sup>·|F(T) − F(0)|
 *       (the integrator's tolerance; dF/dt = 2∫|Ric + Hess f|²dm ≥ 0);</li>
 *   <li>random-Fourier-feature networks trained by gradient flow on −F approach the PDE solution as the kernel
 *       becomes local ({@link PerelmanLimitExample}): holds when the distance to the PDE at the largest bandwidth
 *       shrinks by ≥ 20% from the smallest to the largest width, and at the largest width by ≥ 20% from the
 *       smallest to the largest bandwidth.</li>
 * </ol>
 */
public final class PerelmanClaim implements Claim {
    /** Largest ratio of distances for "shrinks". */
    static final double SHRINK = 0.8;
    /** Tolerance of monotonicity, relative to the total change of F. */
    static final double MONOTONE = 1e-9;

    @Override
    public String key() {
        return "perelman";
    }

    @Override
    public ClaimResult run(Paper.Scale scale, long seed, PrintWriter progress, Path dir) throws IOException {
        long t0 = System.nanoTime();
        int grid = scale == Paper.Scale.TEST ? 6 : 8;
        double time = 0.02;
        int[] widths = switch (scale) {
            case TEST -> new int[] {32, 128};
            case QUICK -> new int[] {64, 512};
            case FULL -> PerelmanLimitExample.defaultWidths();
        };
        double[] bandwidths = scale == Paper.Scale.FULL ? PerelmanLimitExample.defaultBandwidths() : new double[] {1, 4};
        // 1. F along the local-kernel flow
        GridMetric g0 = GridMetric.perturbedFlat(TorusGrid.of(2, grid), PerelmanLimit.AMPLITUDE, seed);
        PerelmanFunctional f = PerelmanFunctional.withVolumeOf(g0);
        int samples = 20;
        TorusFlowResult local = TorusMetricFlow.solve(g0, f, TorusMetricFlow.Dynamics.LOCAL_KERNEL, time, samples,
                OdeIntegrator.dormandPrince54(1e-10, 1e-10));
        double[] fs = local.functional();
        double minStep = Double.POSITIVE_INFINITY;
        for (int s = 1; s < fs.length; s++) {
            minStep = Math.min(minStep, fs[s] - fs[s - 1]);
        }
        double total = fs[fs.length - 1] - fs[0];
        double monotone = minStep / Math.abs(total);
        Plots.line(dir.resolve("perelman_F.png"), "Perelman's F along the local-kernel flow of −F", "t", "F",
                local.times(), Map.of("F", fs), false);
        // 2. the table of distances to the PDE
        Map<String, Object> table = PerelmanLimitExample.run(progress, grid, time, widths, bandwidths, seed);
        double[][] dist = (double[][]) table.get("distanceToPde");
        int wl = widths.length - 1;
        int bl = bandwidths.length - 1;
        double widthRatio = dist[wl][bl] / dist[0][bl];
        double bandRatio = dist[wl][bl] / dist[wl][0];
        double[] xw = new double[widths.length];
        for (int i = 0; i < widths.length; i++) {
            xw[i] = widths[i];
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        for (int j = 0; j < bandwidths.length; j++) {
            double[] y = new double[widths.length];
            for (int i = 0; i < widths.length; i++) {
                y[i] = dist[i][j];
            }
            series.put("bandwidth " + PerelmanLimitExample.format(bandwidths[j]), y);
        }
        Plots.line(dir.resolve("perelman_distance.png"), "distance of the network flow to Perelman's PDE at t = "
                + time, "width", "‖g_net − g_PDE‖ / ‖g_PDE − g0‖", xw, series, true, true);
        StringBuilder body = new StringBuilder();
        body.append(String.format(Locale.ROOT, "Flat torus T², %d×%d grid, initial metric a smooth random"
                + " perturbation (amplitude %.2f), measure m = √det g0, flow time %.3g. F(0) = %.6g, F(T) = %.6g along"
                + " the local-kernel flow (%d samples; smallest increment %.3g, i.e. %.3g of the total change). The"
                + " local-kernel flow is %.3g of the motion away from the PDE solution (the discretization floor).%n%n",
                grid, grid, PerelmanLimit.AMPLITUDE, time, fs[0], fs[fs.length - 1], samples, minStep, monotone,
                (Double) table.get("localKernelDistance")));
        body.append("Distance ‖g_net(T) − g_PDE(T)‖/‖g_PDE(T) − g0‖ of random-Fourier-feature networks trained by"
                + " gradient flow on −F (rows: width, columns: bandwidth):\n\n| width \\ bandwidth |");
        StringBuilder rule = new StringBuilder("|---:|");
        for (double b : bandwidths) {
            body.append(' ').append(PerelmanLimitExample.format(b)).append(" |");
            rule.append("---:|");
        }
        body.append('\n').append(rule).append('\n');
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            body.append("| ").append(widths[i]).append(" |");
            for (int j = 0; j < bandwidths.length; j++) {
                body.append(String.format(Locale.ROOT, " %.3f |", dist[i][j]));
            }
            body.append('\n');
            rows.add(dist[i]);
        }
        body.append("\nThe paper derives the limit analytically (no number to compare).\n\n"
                + "![F](perelman_F.png)\n\n![distance to the PDE](perelman_distance.png)\n");
        List<Verdict> verdicts = List.of(
                Verdict.atLeast("(c) Perelman limit", "smallest increment of F / total change (local kernel)",
                        monotone, -MONOTONE),
                Verdict.atMost("(c) Perelman limit", "distance ratio widest/narrowest network at the largest"
                        + " bandwidth", widthRatio, SHRINK),
                Verdict.atMost("(c) Perelman limit", "distance ratio largest/smallest bandwidth at the largest width",
                        bandRatio, SHRINK));
        Map<String, Object> json = new LinkedHashMap<>(table);
        json.put("F", fs);
        json.put("monotonicity", monotone);
        json.put("widthRatio", widthRatio);
        json.put("bandwidthRatio", bandRatio);
        return new ClaimResult(key(), "(c) The local-kernel limit is Perelman's Ricci flow", body.toString(),
                verdicts, json, (System.nanoTime() - t0) / 1e9);
    }
}
