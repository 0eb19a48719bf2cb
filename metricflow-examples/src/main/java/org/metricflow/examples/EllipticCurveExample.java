package org.metricflow.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.metricflow.core.random.Rng;
import org.metricflow.examples.plot.Plots;
import org.metricflow.flow.FlowResult;
import org.metricflow.flow.MetricFlow;
import org.metricflow.geometry.complex.KahlerGeometry;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;

/**
 * Teaching example 7: the flat metric on an elliptic curve, learned versus exact.
 *
 * <p>The Fermat cubic z<sub>0</sub>³ + z<sub>1</sub>³ + z<sub>2</sub>³ = 0 in CP² is an elliptic curve, a complex
 * torus C/Λ; its Ricci-flat metric is the flat metric |dz|² of the torus, whose curvature vanishes identically. The
 * restriction of Fubini–Study is far from flat (its scalar curvature changes sign, ∫R dA = 4πχ = 0). A φ-model trained
 * on the Monge–Ampère loss must drive the scalar curvature of the learned metric to 0 everywhere: an independent
 * check of the learned metric, since the loss only sees det g. The example reports σ and max/mean |R| (Riemannian
 * scalar curvature R = 2s, s = g<sup>ab̄</sup>Ric<sub>ab̄</sub>, {@link KahlerGeometry#scalarCurvature}) on fresh
 * points before and after training.
 */
public final class EllipticCurveExample {
    private EllipticCurveExample() {
    }

    /**
     * Runs the example (4000 points, 20 epochs, 300 curvature points, seed 1) into {@code runs/example-elliptic}.
     *
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        PrintWriter out = new PrintWriter(System.out, true);
        run(out, 4000, 20, 300, 1, Path.of("runs", "example-elliptic"));
        out.flush();
    }

    /**
     * Runs the example with a φ-model of 2 hidden gelu layers of width 32.
     *
     * @param out where the results are printed
     * @param points training points
     * @param epochs training epochs
     * @param curvaturePoints fresh points where the curvature is evaluated (≥ 2)
     * @param seed the seed of every random draw
     * @param outDir if not null, {@code curvature.csv} (|R| per fresh point, before and after),
     *     {@code curvature.png} (both sorted) and the training outputs ({@link TrainingOutputs})
     * @return {@code sigmaBefore}, {@code sigmaAfter}, {@code maxAbsRBefore}, {@code maxAbsRAfter},
     *     {@code meanAbsRBefore}, {@code meanAbsRAfter}
     * @throws IOException if an output file cannot be written
     */
    public static Map<String, Object> run(PrintWriter out, int points, int epochs, int curvaturePoints, long seed,
            Path outDir) throws IOException {
        if (curvaturePoints < 2) {
            throw new IllegalArgumentException("need at least 2 curvature points, got " + curvaturePoints);
        }
        ProjectiveVariety cubic = ProjectiveVariety.fermatCubic();
        out.printf(Locale.ROOT, "Learning the flat metric on the plane cubic (an elliptic curve): %d points, %d"
                + " epochs, phi-model 2x32 gelu%n", points, epochs);
        out.flush();
        FlowResult r = MetricFlow.builder().variety(cubic).points(points).seed(seed).phiModel(32, 2, Activation.GELU)
                .epochs(epochs).batchSize(128).adam(3e-3)
                .listener(new org.metricflow.flow.ConsoleProgress(System.err, "sigma")).build().run(); // stderr
        PointSet fresh = cubic.sample(curvaturePoints, Rng.stream(seed, 9).nextLong());
        double[] before = riemannianScalar(KahlerGeometry.of(fresh, KahlerPotential.fubiniStudy()).scalarCurvature());
        double[] after = riemannianScalar(KahlerGeometry.of(fresh, r.model().potential()).scalarCurvature());
        double sigmaBefore = r.history().first("sigma");
        double sigmaAfter = r.history().last("sigma");
        out.printf(Locale.ROOT, "   sigma: %.4f (Fubini-Study) -> %.4f%n", sigmaBefore, sigmaAfter);
        out.printf(Locale.ROOT, "   scalar curvature on %d fresh points: max |R| %.3f -> %.3f, mean |R| %.3f -> %.3f"
                + " (exact: 0)%n", curvaturePoints, max(before), max(after), mean(before), mean(after));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("sigmaBefore", sigmaBefore);
        results.put("sigmaAfter", sigmaAfter);
        results.put("maxAbsRBefore", max(before));
        results.put("maxAbsRAfter", max(after));
        results.put("meanAbsRBefore", mean(before));
        results.put("meanAbsRAfter", mean(after));
        if (outDir != null) {
            TrainingOutputs.write(r, outDir);
            Map<String, double[]> cols = new LinkedHashMap<>();
            cols.put("abs_R_fubini_study", before);
            cols.put("abs_R_learned", after);
            ExampleFiles.writeCsv(outDir.resolve("curvature.csv"), cols);
            double[] b = before.clone();
            double[] a = after.clone();
            Arrays.sort(b);
            Arrays.sort(a);
            double[] rank = new double[b.length];
            for (int i = 0; i < rank.length; i++) {
                rank[i] = (i + 0.5) / rank.length;
            }
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put("Fubini–Study", b);
            series.put("learned", a);
            Plots.line(outDir.resolve("curvature.png"), "|R| on the plane cubic (sorted; exact Ricci-flat: 0)",
                    "fraction of points", "|R|", rank, series, true);
            out.printf("   curvature.csv, curvature.png, sigma.png and history.csv are in %s%n",
                    outDir.toAbsolutePath());
        }
        return results;
    }

    /** |R| = |2s| per point. */
    private static double[] riemannianScalar(double[] s) {
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = Math.abs(2 * s[i]);
        }
        return out;
    }

    private static double max(double[] x) {
        return Arrays.stream(x).max().orElse(Double.NaN);
    }

    private static double mean(double[] x) {
        return Arrays.stream(x).average().orElse(Double.NaN);
    }
}
