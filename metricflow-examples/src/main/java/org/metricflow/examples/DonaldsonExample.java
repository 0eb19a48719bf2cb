package org.metricflow.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metricflow.core.random.Rng;
import org.metricflow.core.stats.Estimate;
import org.metricflow.examples.plot.Plots;
import org.metricflow.flow.FlowListener;
import org.metricflow.flow.FlowResult;
import org.metricflow.flow.MetricFlow;
import org.metricflow.geometry.algebraic.BalancedMetric;
import org.metricflow.geometry.algebraic.DonaldsonIteration;
import org.metricflow.geometry.algebraic.SectionBasis;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;

/**
 * Teaching example 6: Donaldson's balanced metrics against a learned metric, at equal cost.
 *
 * <p>Donaldson's algorithm approximates the Ricci-flat metric by the "algebraic" Kähler potentials
 * K = (1/k) log Σ<sub>αβ</sub> s<sub>α</sub> h<sup>αβ̄</sup> s̄<sub>β</sub> built from the N<sub>k</sub> degree-k
 * monomials s<sub>α</sub> on the variety; the balanced h is the fixed point of the T-operator, an integral over
 * sampled points ({@link DonaldsonIteration}). σ falls like 1/k² but the cost grows like N<sub>k</sub>² × points with
 * points ∝ N<sub>k</sub>². A neural φ-model ({@link MetricFlow}) reaches small σ at a cost set by the number of
 * epochs. The example runs Donaldson for k = 1 … k<sub>max</sub> and the φ-model, records σ against wall-clock
 * seconds for both, and plots them on one chart.
 */
public final class DonaldsonExample {
    private DonaldsonExample() {
    }

    /**
     * Runs the example (k ≤ 4, 20 000 training points, 20 epochs) into {@code runs/example-donaldson}.
     *
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        PrintWriter out = new PrintWriter(System.out, true);
        run(out, 4, 20_000, 10_000, 20_000, 20, 1, Path.of("runs", "example-donaldson"));
        out.flush();
    }

    /**
     * Runs the example on the Fermat quintic.
     *
     * @param out where the results are printed
     * @param kMax the largest Donaldson degree (≥ 1)
     * @param maxDonaldsonPoints the cap on the T-operator's points (10·N<sub>k</sub>² are used below the cap)
     * @param sigmaPoints the independent points on which σ of the balanced metrics is measured
     * @param trainPoints the φ-model's points (90% train, 10% validation; σ is measured on the validation part)
     * @param epochs the φ-model's epochs
     * @param seed the seed of every random draw
     * @param outDir if not null, {@code donaldson.csv}, {@code learned.csv} and {@code sigma_vs_seconds.png}
     * @return {@code donaldsonSigma}, {@code donaldsonSeconds} (per k), {@code learnedSigma},
     *     {@code learnedSeconds} (per epoch), {@code learnedSigmaAtDonaldsonCost} (σ of the φ-model at the last
     *     epoch finished within the time Donaldson took for k<sub>max</sub>; NaN if none)
     * @throws IOException if an output file cannot be written
     */
    public static Map<String, Object> run(PrintWriter out, int kMax, int maxDonaldsonPoints, int sigmaPoints,
            int trainPoints, int epochs, long seed, Path outDir) throws IOException {
        if (kMax < 1 || maxDonaldsonPoints < 2 || sigmaPoints < 2) {
            throw new IllegalArgumentException("need kMax >= 1 and at least 2 Donaldson and sigma points, got " + kMax
                    + ", " + maxDonaldsonPoints + ", " + sigmaPoints);
        }
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        PointSet eval = quintic.sample(sigmaPoints, Rng.stream(seed, 1).nextLong());
        double[] dSigma = new double[kMax];
        double[] dSeconds = new double[kMax];
        out.printf(Locale.ROOT, "1. Donaldson's balanced metrics on the Fermat quintic (sigma on %d points)%n",
                sigmaPoints);
        for (int k = 1; k <= kMax; k++) {
            long t0 = System.nanoTime();
            SectionBasis sections = SectionBasis.of(quintic, k);
            int n = sections.size();
            int pts = (int) Math.min(maxDonaldsonPoints, Math.max(100, 10L * n * n));
            PointSet train = quintic.sample(pts, Rng.stream(seed, 10 + k).nextLong());
            BalancedMetric balanced = DonaldsonIteration.of(sections, train).withTolerance(1e-6)
                    .withMaxIterations(30).run();
            dSeconds[k - 1] = (System.nanoTime() - t0) / 1e9;
            Estimate sigma = balanced.potential().sigma(eval);
            dSigma[k - 1] = sigma.value();
            out.printf(Locale.ROOT, "   k = %d: %3d sections, %6d points, sigma = %.4f +- %.4f, %.1f s%n", k, n, pts,
                    sigma.value(), sigma.standardError(), dSeconds[k - 1]);
            out.flush();
        }
        out.printf(Locale.ROOT, "2. A learned metric: phi-model 3x64 gelu, %d points, %d epochs%n", trainPoints,
                epochs);
        out.flush();
        List<double[]> curve = new ArrayList<>();
        FlowResult r = MetricFlow.builder().variety(quintic).points(trainPoints).seed(seed)
                .phiModel(64, 3, Activation.GELU).epochs(epochs).batchSize(256).adam(2e-3)
                .listener(new org.metricflow.flow.ConsoleProgress(System.err, "sigma")) // progress on stderr
                .listener(new FlowListener() {
                    @Override
                    public void onEpoch(int epoch, Map<String, Double> obs, double elapsed, double eta) {
                        curve.add(new double[] {elapsed, obs.get("sigma")});
                    }
                }).build().run();
        double[] lSeconds = new double[curve.size()];
        double[] lSigma = new double[curve.size()];
        for (int i = 0; i < lSigma.length; i++) {
            lSeconds[i] = curve.get(i)[0];
            lSigma[i] = curve.get(i)[1];
        }
        double budget = 0;
        for (double s : dSeconds) {
            budget = Math.max(budget, s);
        }
        double atCost = Double.NaN;
        for (int i = 1; i < lSigma.length; i++) {
            if (lSeconds[i] <= budget) {
                atCost = lSigma[i];
            }
        }
        out.printf(Locale.ROOT, "   sigma %.4f -> %.4f in %.1f s; within Donaldson's k = %d time (%.1f s): %s%n",
                lSigma[0], lSigma[lSigma.length - 1], r.seconds(), kMax, budget, Double.isNaN(atCost)
                        ? "no epoch finished" : String.format(Locale.ROOT, "sigma = %.4f", atCost));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("donaldsonSigma", dSigma);
        results.put("donaldsonSeconds", dSeconds);
        results.put("learnedSigma", lSigma);
        results.put("learnedSeconds", lSeconds);
        results.put("learnedSigmaAtDonaldsonCost", atCost);
        if (outDir != null) {
            Files.createDirectories(outDir);
            double[] ks = new double[kMax];
            for (int k = 1; k <= kMax; k++) {
                ks[k - 1] = k;
            }
            Map<String, double[]> d = new LinkedHashMap<>();
            d.put("k", ks);
            d.put("seconds", dSeconds);
            d.put("sigma", dSigma);
            ExampleFiles.writeCsv(outDir.resolve("donaldson.csv"), d);
            Map<String, double[]> l = new LinkedHashMap<>();
            l.put("seconds", lSeconds);
            l.put("sigma", lSigma);
            ExampleFiles.writeCsv(outDir.resolve("learned.csv"), l);
            Map<String, double[][]> series = new LinkedHashMap<>();
            series.put("Donaldson k = 1…" + kMax, new double[][] {dSeconds, dSigma});
            // Epoch 0 is the untrained (Fubini–Study) metric; it is drawn at its evaluation time.
            series.put("φ-model (per epoch)", new double[][] {lSeconds, lSigma});
            Plots.xy(outDir.resolve("sigma_vs_seconds.png"), "σ against wall-clock seconds, Fermat quintic",
                    "seconds", "σ", series, false, true);
            out.printf("   donaldson.csv, learned.csv and sigma_vs_seconds.png are in %s%n", outDir.toAbsolutePath());
        }
        return results;
    }
}
