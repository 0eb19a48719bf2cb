package org.metricflow.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.metricflow.core.optim.LearningRateSchedule;
import org.metricflow.core.random.Rng;
import org.metricflow.flow.FlowResult;
import org.metricflow.flow.MetricFlow;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;

/**
 * Teaching example 5: learn a Calabi–Yau metric on the Fermat quintic, then compute the Euler characteristic from the
 * learned metric.
 *
 * <p>The Ricci-flat metric in the Fubini–Study class solves the Monge–Ampère equation det g = κ|Ω|². The φ-model
 * K = K<sub>FS</sub> + φ<sub>θ</sub> is trained on |1 − κ det g/|Ω|²| ({@link MetricFlow}); σ measures the remaining
 * distance. The learned metric is a real Kähler metric: its curvature 2-form 𝓡 gives the Chern forms
 * c = det(1 + (i/2π)𝓡), and the Gauss–Bonnet–Chern theorem ∫<sub>X</sub>c<sub>3</sub> = χ(X) = −200 must hold for
 * any metric — a check that the network represents a smooth metric, not only a good σ. ∫ω³ = 5 checks the Kähler
 * class. The curvature of a network potential needs fourth derivatives of φ (nested autodiff), so the number of
 * curvature points is an option.
 */
public final class QuinticExample {
    private QuinticExample() {
    }

    /**
     * Runs the example with 20 000 training points, 20 epochs of batch 512 and 300 curvature points into runs/example-quintic.
     *
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        PrintWriter out = new PrintWriter(System.out, true);
        run(out, 20_000, 20, 64, 3, 512, 300, 1, Path.of("runs", "example-quintic"));
        out.flush();
    }

    /**
     * Runs the example.
     *
     * @param out where the results are printed
     * @param points training points (90% train, 10% validation)
     * @param epochs training epochs
     * @param width the φ network's hidden width
     * @param depth the φ network's hidden layers
     * @param batchSize the mini-batch size
     * @param curvaturePoints fresh points for the curvature integrals (≥ 2)
     * @param seed the seed of every random draw
     * @param outDir if not null, the training outputs ({@link TrainingOutputs}: history.csv, model.mfa, sigma.png,
     *     losses.png) are written there
     * @return {@code sigmaBefore}, {@code sigmaAfter}, {@code euler}, {@code eulerError} (learned metric),
     *     {@code eulerFS}, {@code eulerFSError} (Fubini–Study on the same points), {@code volume},
     *     {@code volumeError}, {@code trainingSeconds}, {@code curvatureSeconds}
     * @throws IOException if an output file cannot be written
     */
    public static Map<String, Object> run(PrintWriter out, int points, int epochs, int width, int depth,
            int batchSize, int curvaturePoints, long seed, Path outDir) throws IOException {
        if (curvaturePoints < 2) {
            throw new IllegalArgumentException("need at least 2 curvature points, got " + curvaturePoints);
        }
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        out.printf(Locale.ROOT, "1. Learning the Ricci-flat metric on the Fermat quintic: %d points, %d epochs,"
                + " phi-model %dx%d gelu%n", points, epochs, depth, width);
        out.flush();
        double lr = 2e-3;
        FlowResult r = MetricFlow.builder().variety(quintic).points(points).seed(seed)
                .phiModel(width, depth, Activation.GELU).epochs(epochs).batchSize(batchSize).adam(lr)
                .schedule(LearningRateSchedule.exponentialDecay(lr, 0.1, Math.max(1, epochs)))
                .listener(new org.metricflow.flow.ConsoleProgress(System.err, "sigma")).build().run(); // stderr
        double before = r.history().first("sigma");
        double after = r.history().last("sigma");
        out.printf(Locale.ROOT, "   sigma %.4f (Fubini-Study) -> %.4f in %.1f s%n", before, after, r.seconds());
        out.printf(Locale.ROOT, "2. Curvature of the learned metric on %d fresh points%n", curvaturePoints);
        out.flush();
        PointSet fresh = quintic.sample(curvaturePoints, Rng.stream(seed, 5).nextLong());
        long t0 = System.nanoTime();
        CurvatureIntegrals.ChernNumbers learned = CurvatureIntegrals.chernNumbers(fresh, r.model().potential(), 256);
        double curvatureSeconds = (System.nanoTime() - t0) / 1e9;
        CurvatureIntegrals.ChernNumbers fs = CurvatureIntegrals.chernNumbers(fresh, KahlerPotential.fubiniStudy(),
                4096);
        out.printf(Locale.ROOT, "   Euler characteristic: learned metric %.1f +- %.1f, Fubini-Study %.1f +- %.1f"
                + " (exact -200)%n", learned.euler().value(), learned.euler().standardError(), fs.euler().value(),
                fs.euler().standardError());
        out.printf(Locale.ROOT, "   volume of the learned metric: %.3f +- %.3f (exact 5); %.1f s for the curvature%n",
                learned.volume().value(), learned.volume().standardError(), curvatureSeconds);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("sigmaBefore", before);
        results.put("sigmaAfter", after);
        results.put("euler", learned.euler().value());
        results.put("eulerError", learned.euler().standardError());
        results.put("eulerFS", fs.euler().value());
        results.put("eulerFSError", fs.euler().standardError());
        results.put("volume", learned.volume().value());
        results.put("volumeError", learned.volume().standardError());
        results.put("trainingSeconds", r.seconds());
        results.put("curvatureSeconds", curvatureSeconds);
        if (outDir != null) {
            TrainingOutputs.write(r, outDir);
            out.printf("   history.csv, model.mfa, sigma.png and losses.png are in %s%n", outDir.toAbsolutePath());
        }
        return results;
    }
}
