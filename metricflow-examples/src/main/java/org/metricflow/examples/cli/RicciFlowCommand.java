package org.metricflow.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metricflow.core.io.AtomicFiles;
import org.metricflow.examples.plot.Plots;
import org.metricflow.flow.perelman.PerelmanLambda;
import org.metricflow.flow.perelman.TorusFlowResult;
import org.metricflow.flow.perelman.TorusRicciFlow;
import org.metricflow.flow.ricci.BergerMetric;
import org.metricflow.flow.ricci.BergerRicciFlow;
import org.metricflow.flow.ricci.RicciFlowTrajectory;
import org.metricflow.flow.ricci.RotationalMetric;
import org.metricflow.flow.ricci.RotationalRicciFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow ricci-flow --manifold sphere2|sphere3|torus2|torus3|berger|dumbbell [--time T] [--steps K]
 * [--grid N] [--radius r] [--squash a] [--epsilon e] [--out DIR] [--json]}: the Ricci-flow reference solvers of
 * {@code org.metricflow.flow.ricci}. JSON keys: {@code times}, {@code F} (Perelman's λ), {@code maxCurvature},
 * {@code volume}, {@code completed}, {@code stopReason}; for round spheres {@code radiusError} (the largest
 * relative error of the volume radius against r(t)² = r<sub>0</sub>² − 2(n−1)t); for the dumbbell
 * {@code neckCurvature} and {@code capCurvature}.
 */
@Command(name = "ricci-flow", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Ricci flow reference solutions: round, squashed and dumbbell spheres (rotationally symmetric"
                + " PDE), Berger spheres (homogeneous ODE); reports Perelman's lambda (F) and the curvature.")
public final class RicciFlowCommand extends CliCommand {

    @Option(names = "--manifold", required = true,
            description = "sphere2, sphere3, torus2, torus3, berger or dumbbell.")
    String manifold;

    @Option(names = "--time",
            description = "Final time (default: 90%% of the extinction time for spheres, 0.08 for the dumbbell,"
                    + " 0.15 r^2 for berger).")
    Double time;

    @Option(names = "--steps", defaultValue = "20", description = "Output intervals (default: ${DEFAULT-VALUE}; the torus flows report 10).")
    int steps;

    @Option(names = "--grid",
            description = "Grid cells of the rotationally symmetric solver (default: 200, 400 for the dumbbell);"
                    + " points per axis for torus2 (default 12, at most 32) and torus3 (default 8, at most 12).")
    Integer grid;

    @Option(names = "--radius", defaultValue = "1", description = "Initial radius of the spheres (default: ${DEFAULT-VALUE}).")
    double radius;

    @Option(names = "--squash", defaultValue = "0",
            description = "Squashing amplitude a of sphere2/sphere3, u = log r + a cos 2x, |a| < 1"
                    + " (default: ${DEFAULT-VALUE}, round).")
    double squash;

    @Option(names = "--epsilon", defaultValue = "0.5",
            description = "Fibre scale of the Berger sphere, (a, b, c) = r^2 (1, 1, eps^2) (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--out", description = "Folder for ricci-flow.csv and the PNG plots (optional).")
    Path out;

    @Override
    protected void validate() throws IOException {
        String key = manifold.toLowerCase(Locale.ROOT).trim();
        if (!List.of("sphere2", "sphere3", "torus2", "torus3", "berger", "dumbbell").contains(key)) {
            throw new CliUsageException("unknown --manifold '" + manifold
                    + "'; use sphere2, sphere3, torus2, torus3, berger or dumbbell");
        }
        range("--steps", steps, 1, 100_000);
        boolean torus = key.startsWith("torus");
        if (grid != null) {
            range("--grid" + (torus ? " (points per axis of " + key + ")" : ""), grid, torus ? 4 : 16,
                    torus ? (key.equals("torus2") ? 32 : 12) : 100_000);
        }
        if (time != null) {
            positive("--time", time, 1e6);
        }
        positive("--radius", radius, 1e6);
        if (!(Math.abs(squash) < 1)) {
            throw new CliUsageException("--squash must satisfy |a| < 1, got " + squash);
        }
        positive("--epsilon", epsilon, 1e6);
        if (out != null) {
            OutputPaths.probeFolder("--out", out);
        }
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) throws IOException {
        String key = manifold.toLowerCase(Locale.ROOT).trim();
        double time = this.time == null ? -1 : this.time;
        RicciFlowTrajectory tr;
        Double radiusError = null;
        org.metricflow.flow.StageProgress progress = progress(out == null ? 1 : 2);
        progress.begin("Ricci flow of " + key + (steps > 0 ? ", " + steps + " steps" : ""));
        switch (key) {
            case "sphere2":
            case "sphere3": {
                int n = key.equals("sphere2") ? 2 : 3;
                RotationalMetric g = squash == 0 ? RotationalMetric.round(n, radius, cells(200))
                        : RotationalMetric.squashed(n, radius, squash, cells(200));
                RotationalRicciFlow flow = RotationalRicciFlow.of(g);
                double extinction = flow.knownExtinctionTime();
                if (time > 0 && time >= extinction) {
                    throw new CliUsageException("--time " + time + " is not before the extinction time " + extinction
                            + " of this sphere; use a smaller --time");
                }
                double t = time > 0 ? time : defaultTime(extinction);
                tr = flow.run(t, steps).trajectory();
                if (squash == 0) {
                    radiusError = maxRadiusError(tr, n, radius);
                }
                break;
            }
            case "dumbbell": {
                RotationalMetric g = RotationalMetric.dumbbell(3, 4, 0.2, 2, cells(400));
                tr = RotationalRicciFlow.of(g).run(time > 0 ? time : 0.08, steps).trajectory();
                break;
            }
            case "berger": {
                BergerMetric g = BergerMetric.berger(radius, epsilon);
                tr = BergerRicciFlow.run(g, time > 0 ? time : 0.15 * radius * radius, steps);
                break;
            }
            case "torus2":
            case "torus3":
                tr = torusFlow(key.equals("torus2") ? 2 : 3);
                break;
            default:
                throw new IllegalArgumentException("unknown --manifold '" + manifold
                        + "'; use sphere2, sphere3, torus2, torus3, berger or dumbbell");
        }
        report(text, results, tr, radiusError);
        if (out != null) {
            progress.begin("writing " + shown(out));
            write(out, tr, key.equals("dumbbell"));
            results.put("out", out.toString());
            text.printf("wrote %s%n", shown(out.resolve("ricci-flow.csv")));
        }
        progress.end();
        return 0;
    }

    /**
     * T² and T³: Ricci–DeTurck flow of a perturbed flat metric on a periodic grid ({@link TorusRicciFlow}), with
     * Perelman's λ ({@link PerelmanLambda}, non-decreasing, → 0 as the torus becomes flat) as F, max |Rm| and the
     * volume; also {@code FfixedMeasure}, Perelman's F with the initial volume as measure (not monotone along
     * Ricci–DeTurck).
     */
    private RicciFlowTrajectory torusFlow(int dimension) {
        int n = grid == null ? (dimension == 2 ? 12 : 8) : grid;
        double t = time != null ? time : 4;
        TorusFlowResult r = TorusRicciFlow.run(dimension, n, t, 1);
        int samples = r.times().length;
        double[] lambda = new double[samples];
        double[] volume = new double[samples];
        for (int s = 0; s < samples; s++) {
            lambda[s] = PerelmanLambda.of(r.metric(s)).value();
            volume[s] = r.metric(s).volume();
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("F", lambda);
        series.put("maxCurvature", r.maxCurvature());
        series.put("volume", volume);
        series.put("FfixedMeasure", r.functional());
        return RicciFlowTrajectory.of(r.times(), series, RicciFlowTrajectory.COMPLETED);
    }

    private int cells(int fallback) {
        return grid == null ? fallback : grid;
    }

    private double defaultTime(double extinction) {
        if (Double.isInfinite(extinction)) {
            return 0.1 * radius * radius;
        }
        return 0.9 * extinction;
    }

    /** max<sub>i</sub> |r<sub>i</sub>/√(r<sub>0</sub>² − 2(n−1)t<sub>i</sub>) − 1|. */
    static double maxRadiusError(RicciFlowTrajectory tr, int n, double r0) {
        double[] t = tr.times();
        double[] r = tr.series("radius");
        double worst = 0;
        for (int i = 0; i < t.length; i++) {
            double exact = Math.sqrt(r0 * r0 - 2 * (n - 1) * t[i]);
            worst = Math.max(worst, Math.abs(r[i] / exact - 1));
        }
        return worst;
    }

    private void report(PrintWriter text, Map<String, Object> results, RicciFlowTrajectory tr, Double radiusError) {
        results.put("manifold", manifold);
        results.put("times", tr.times());
        results.put("F", tr.perelmanLambda());
        results.put("maxCurvature", tr.maxCurvature());
        results.put("volume", tr.series("volume"));
        if (radiusError != null) {
            results.put("radiusError", radiusError);
        }
        if ("dumbbell".equalsIgnoreCase(manifold.trim())) {
            results.put("neckCurvature", tr.series("equatorCurvature"));
            results.put("capCurvature", tr.series("capCurvature"));
        }
        results.put("completed", tr.completed());
        results.put("stopReason", tr.stopReason());
        double[] t = tr.times();
        double[] f = tr.perelmanLambda();
        double[] k = tr.maxCurvature();
        text.printf("Ricci flow of %s: %d outputs up to t = %.6g (%s)%n", manifold, t.length, tr.finalTime(),
                tr.stopReason());
        text.printf("%12s %16s %16s%n", "t", "F = lambda", "max |K|");
        for (int i = 0; i < t.length; i++) {
            text.printf("%12.6g %16.8g %16.8g%n", t[i], f[i], k[i]);
        }
        if (radiusError != null) {
            text.printf("max relative radius error against r^2 = r0^2 - 2(n-1)t: %.3e%n", radiusError);
        }
    }

    private static void write(Path dir, RicciFlowTrajectory tr, boolean dumbbell) throws IOException {
        Files.createDirectories(dir);
        List<String> names = tr.names();
        double[] t = tr.times();
        StringBuilder csv = new StringBuilder("t");
        for (String name : names) {
            csv.append(',').append(name);
        }
        csv.append('\n');
        for (int i = 0; i < t.length; i++) {
            csv.append(t[i]);
            for (String name : names) {
                csv.append(',').append(tr.series(name)[i]);
            }
            csv.append('\n');
        }
        String content = csv.toString();
        AtomicFiles.write(dir.resolve("ricci-flow.csv"), content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<String, double[]> f = new LinkedHashMap<>();
        f.put("F = lambda", tr.perelmanLambda());
        Plots.line(dir.resolve("ricci-flow-F.png"), "Perelman's lambda along the Ricci flow", "t", "lambda", t, f,
                false);
        Map<String, double[]> k = new LinkedHashMap<>();
        k.put("max |K|", tr.maxCurvature());
        if (dumbbell) {
            k.put("neck", tr.series("equatorCurvature"));
            k.put("caps", tr.series("capCurvature"));
        }
        Plots.line(dir.resolve("ricci-flow-curvature.png"), "Curvature along the Ricci flow", "t", "|K|", t, k, true);
    }
}
