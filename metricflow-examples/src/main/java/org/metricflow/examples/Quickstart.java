package org.metricflow.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.stats.Estimate;
import org.metricflow.core.optim.LearningRateSchedule;
import org.metricflow.flow.ConsoleProgress;
import org.metricflow.flow.FlowResult;
import org.metricflow.flow.MetricFlow;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.geometry.riemann.ChartIntegration;
import org.metricflow.geometry.riemann.Curvature;
import org.metricflow.geometry.riemann.MetricField;
import org.metricflow.geometry.riemann.StandardMetrics;
import org.metricflow.nn.Activation;

/**
 * The quickstart tour: what metricflow computes today, in a few seconds.
 * <ol>
 *   <li>Curvature by automatic differentiation: the unit round S² has scalar curvature R = 2 everywhere.</li>
 *   <li>Gauss–Bonnet: on a conformally deformed sphere g = e<sup>2u</sup>g<sub>S²</sub>, ∫K dA = 4π although K is
 *       far from constant.</li>
 *   <li>The Fermat quintic threefold X ⊂ CP⁴: sample points with exact Monte-Carlo weights, integrate the
 *       holomorphic volume form, ∫<sub>X</sub>Ω∧Ω̄ ≈ 379.4, and measure how far Fubini–Study is from Ricci-flat with
 *       σ = (1/Vol<sub>Ω</sub>)∫|1 − (ω³/Vol<sub>ω</sub>)/(Ω∧Ω̄/Vol<sub>Ω</sub>)| dVol<sub>Ω</sub> ≈ 0.37.</li>
 *   <li>Learning the Calabi–Yau metric: a neural Kähler potential K<sub>FS</sub> + φ<sub>θ</sub> (3×64 gelu on the
 *       invariant features z<sub>i</sub>z̄<sub>j</sub>/|z|²) trained with Adam on the Monge–Ampère loss; σ drops
 *       from the Fubini–Study value, and history.csv, model.mfa, sigma.png and losses.png are written.</li>
 * </ol>
 * Run it with {@code java -jar metricflow-examples/target/metricflow.jar quickstart}, or call
 * {@link #run(PrintWriter, int, long, int, int, Path, boolean)} from Java.
 */
public final class Quickstart {
    private Quickstart() {
    }

    /**
     * Runs the tour with the defaults of the {@code quickstart} command.
     *
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        PrintWriter out = new PrintWriter(System.out, true);
        run(out, 100_000, 1, 100_000, 20, Path.of("runs", "quickstart"), true);
        out.flush();
    }

    /**
     * Runs the tour, printing to {@code out}.
     *
     * @param points the number of quintic points to sample for the Fubini–Study statistics
     * @param seed the seed of every random draw
     * @param trainPoints the number of points of the learning run (0 skips it)
     * @param epochs the epochs of the learning run
     * @param outDir where the learning run writes its files
     * @param progress whether to show a progress bar on standard error
     * @return the results: {@code sphereScalarCurvature}, {@code gaussBonnet} (∫K dA on the deformed sphere),
     *     {@code omegaVolume}, {@code omegaVolumeError}, {@code sigmaFS}, {@code sigmaFSError},
     *     {@code samplingSeconds}, and for the learning run {@code sigmaBefore}, {@code sigmaAfter},
     *     {@code sigmaAfterError}, {@code trainingSeconds}, {@code out}
     * @throws IOException if a file cannot be read or written
     */
    public static Map<String, Object> run(PrintWriter out, int points, long seed, int trainPoints, int epochs,
            Path outDir, boolean progress) throws IOException {
        Map<String, Object> results = new LinkedHashMap<>();

        out.println("1. Curvature by automatic differentiation");
        double r = Curvature.of(StandardMetrics.sphereStereographic(2, 1.0)).at(0.3, -0.7).scalar();
        out.printf("   unit round S^2 at (0.3, -0.7): scalar curvature R = %.15f (exact: 2)%n", r);
        results.put("sphereScalarCurvature", r);

        out.println("2. Gauss-Bonnet on a deformed sphere, g = exp(2u) g_S2 with u = 0.4 cos(theta) + 0.3 x^2");
        MetricField deformed = StandardMetrics.sphereAngular(2, 1.0).conformal(p -> {
            Tensor x = p.col(0).sin().times(p.col(1).cos());
            return p.col(0).cos().times(0.4).plus(x.square().times(0.3));
        });
        Curvature curvature = Curvature.of(deformed);
        double total = ChartIntegration.of(deformed, new double[] {0, 0}, new double[] {Math.PI, 2 * Math.PI})
                .integrateGaussLegendre(x -> {
                    double[] k = curvature.scalarCurvature(x);
                    for (int i = 0; i < k.length; i++) {
                        k[i] *= 0.5;
                    }
                    return k;
                }, 48);
        out.printf("   integral of K dA = %.12f, 4 pi = %.12f%n", total, 4 * Math.PI);
        results.put("gaussBonnet", total);

        out.printf("3. The Fermat quintic in CP^4: %,d points%n", points);
        long t0 = System.nanoTime();
        PointSet ps = ProjectiveVariety.fermatQuintic().sample(points, seed);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Estimate volume = KahlerIntegrals.omegaVolume(ps);
        Estimate sigma = KahlerIntegrals.sigmaFubiniStudy(ps);
        out.printf("   sampled with weights in %.3f s%n", seconds);
        out.printf("   volume of the holomorphic 3-form, integral of |Omega|^2: %s%n", volume);
        out.printf("   sigma of Fubini-Study: %s (0 would be Ricci-flat)%n", sigma);
        results.put("omegaVolume", volume.value());
        results.put("omegaVolumeError", volume.standardError());
        results.put("sigmaFS", sigma.value());
        results.put("sigmaFSError", sigma.standardError());
        results.put("samplingSeconds", seconds);
        if (trainPoints <= 0) {
            return results;
        }

        int batch = Integer.parseInt(org.metricflow.examples.cli.Defaults.BATCH);
        out.printf("4. Learning the Ricci-flat metric: phi-model 3x64 gelu, %,d points, %d epochs of batch %d%n", trainPoints,
                epochs, batch);
        out.flush();
        MetricFlow.Builder flow = MetricFlow.builder().variety(ProjectiveVariety.fermatQuintic()).points(trainPoints)
                .seed(seed).phiModel(64, 3, Activation.GELU).epochs(epochs).batchSize(batch).adam(2e-3)
                .schedule(LearningRateSchedule.exponentialDecay(2e-3, 0.1, Math.max(1, epochs)));
        if (progress) {
            flow.listener(new ConsoleProgress(System.err, "sigma"));
        }
        FlowResult learned = flow.build().run();
        TrainingOutputs.write(learned, outDir);
        double before = learned.history().first("sigma");
        double after = learned.history().last("sigma");
        out.printf("   sigma before: %.4f (Fubini-Study), after: %s, in %.0f s%n", before,
                Estimate.format(after, learned.history().last("sigmaError")), learned.seconds());
        out.printf("   history.csv, model.mfa, sigma.png and losses.png are in %s%n", outDir.toAbsolutePath());
        results.put("sigmaBefore", before);
        results.put("sigmaAfter", after);
        results.put("sigmaAfterError", learned.history().last("sigmaError"));
        results.put("trainingSeconds", learned.seconds());
        results.put("out", outDir.toAbsolutePath().toString());
        return results;
    }
}
