package org.metricflow.examples.paper;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.io.AtomicFiles;
import org.metricflow.core.random.Rng;
import org.metricflow.examples.FeatureLearning;
import org.metricflow.examples.plot.Plots;
import org.metricflow.flow.FlowEquation;
import org.metricflow.flow.FlowResult;
import org.metricflow.flow.MetricFlow;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.phi.PhiModel;
import org.metricflow.nn.ntk.ProbeMetricModel;
import org.metricflow.nn.ntk.NtkDiagnostics;
import org.metricflow.nn.ntk.Lanczos;
import org.metricflow.nn.ntk.MetricNtk;

/**
 * Claim (b): in the infinite-width NTK limit the metric-NTK freezes and the network learns no features; a
 * finite-width network learns the Calabi–Yau metric with a strongly evolving kernel.
 *
 * <p><b>Gradient descent, NTK parametrization.</b> φ-models K<sub>FS</sub> + φ (one hidden gelu layer of width n,
 * z = W x/√n<sub>in</sub>, W ~ N(0, 1)) of widths 64 … 4096 are trained on the Monge–Ampère loss of the Fermat
 * quintic by plain SGD (no momentum) with one learning rate for every width. The last layer is random, scaled by
 * {@value #OUTPUT_SCALE} so that the initial metric stays positive definite: NTK theory (Jacot et al.; Lee et al.
 * 2019) then predicts a relative kernel change ‖Θ<sub>T</sub> − Θ<sub>0</sub>‖<sub>F</sub>/‖Θ<sub>0</sub>‖<sub>F</sub> ∝
 * n<sup>−1/2</sup> at fixed ηT (each weight moves by O(η/√n), each pre-activation by O(n<sup>−1/2</sup>)). The
 * fitted exponent is the verdicts' number: the kernel freezes when it is ≤ −0.3; it is compared with −1/2 (the
 * bound of Jacot et al. and Lee et al., interval [−0.7, −0.3]) and with −1, the sharper leading order of
 * Dyer &amp; Gur-Ari (2019) and Huang &amp; Yau (2019): the O(n<sup>−1/2</sup>) first-order terms are sums over
 * units with the random signs of the next layer's weights and cancel to O(n<sup>−1</sup>) (interval [−1.3, −0.7]).
 *
 * <p><b>Feature-learning reference.</b> The finite-width standard-parametrization φ-model (width 64, last layer
 * zero: starts at Fubini–Study) trained with Adam on the same points; holds when its kernel change is ≥ 10× the
 * widest gradient-descent run's and the widest run's σ is ≥ 1.5× the reference's (the fixed-kernel flow learns the
 * metric worse).
 *
 * <p><b>The paper's Fig. 2.</b> The spectrum of Θ<sub>T</sub> − Θ<sub>0</sub> of the reference run on a large probe
 * set (≥ 2000 points × 9 components in the full run), never formed: extreme eigenvalues by Lanczos and the
 * histogram by stochastic Lanczos quadrature, both on kernel-vector products
 * ({@link NtkDiagnostics#changeOperator}).
 */
public final class FeatureLearningClaim implements Claim {
    /** The scale of the random last layer of the NTK-parametrized networks. */
    public static final double OUTPUT_SCALE = 0.1;
    /** The SGD learning rate of every NTK-parametrized run. */
    static final double SGD_RATE = 0.3;
    /** Adam's learning rate for the standard reference (as in {@link FeatureLearning.Config#full()}). */
    static final double ADAM_RATE = 3e-3;

    /** The sizes of one scale. */
    record Sizes(int points, int epochs, int[] widths, int probe, int spectrumProbe, int lanczosSteps,
            int densityProbes, int densitySteps) {
    }

    static Sizes sizes(Paper.Scale scale) {
        return switch (scale) {
            case TEST -> new Sizes(200, 2, new int[] {16, 64}, 6, 60, 20, 2, 10);
            case QUICK -> new Sizes(1000, 3, new int[] {64, 256, 1024}, 20, 200, 30, 3, 20);
            case FULL -> new Sizes(4000, 20, new int[] {64, 256, 1024, 4096}, 60, 2000, 60, 6, 40);
        };
    }

    @Override
    public String key() {
        return "feature-learning";
    }

    /** One trained run: σ per epoch, kernel change, and the model with its initial copy. */
    private record Run(String name, int width, int parameters, double[] sigma, double kernelChange, PhiModel model,
            PhiModel initial, double seconds) {
    }

    @Override
    public ClaimResult run(Paper.Scale scale, long seed, PrintWriter progress, Path dir) throws IOException {
        long t0 = System.nanoTime();
        Sizes s = sizes(scale);
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        PointSet points = quintic.sample(s.points(), seed);
        PointSet probe = quintic.sample(s.probe(), Rng.stream(seed, 77).nextLong());
        List<Run> gd = new ArrayList<>();
        for (int w : s.widths()) {
            PhiModel m = FeatureLearning.phiModel(quintic, w, 1, Parametrization.NTK, seed);
            scaleLastLayer(m, seed);
            gd.add(train("ntk-sgd-" + w, w, m, s, points, probe, seed, false, progress));
        }
        Run adam = train("standard-adam-64", 64,
                FeatureLearning.phiModel(quintic, 64, 1, Parametrization.STANDARD, seed), s, points, probe, seed, true,
                progress);
        double[] widths = new double[gd.size()];
        double[] changes = new double[gd.size()];
        for (int i = 0; i < gd.size(); i++) {
            widths[i] = gd.get(i).width();
            changes[i] = gd.get(i).kernelChange();
        }
        double exponent = FlowEquation.logLogSlope(widths, changes);
        Run widest = gd.get(gd.size() - 1);
        // Fig. 2: the spectrum of Θ_T − Θ_0 of the reference run on a large probe set, matrix-free
        PointSet big = quintic.sample(s.spectrumProbe(), Rng.stream(seed, 78).nextLong());
        Tensor idx = ProbeMetricModel.indices(big.size());
        long ts = System.nanoTime();
        Lanczos.Operator change = NtkDiagnostics.changeOperator(MetricNtk.of(adam.model(), big),
                MetricNtk.of(adam.initial(), big), idx);
        int dim = 9 * big.size();
        double[] extremes = Lanczos.extremes(change, dim, s.lanczosSteps(), seed);
        Lanczos.Density density = Lanczos.density(change, dim, s.densitySteps(), s.densityProbes(), seed + 1);
        double spectrumSeconds = (System.nanoTime() - ts) / 1e9;
        progress.printf(Locale.ROOT, "  spectrum of Θ_T − Θ_0 (%s) on %d points × 9: λ in [%.4g, %.4g], %.1f s%n",
                adam.name(), big.size(), extremes[0], extremes[1], spectrumSeconds);
        writeFiles(dir, gd, adam, density);
        String body = body(s, gd, adam, exponent, extremes, spectrumSeconds, big.size());
        double sigmaRatio = widest.sigma()[widest.sigma().length - 1] / adam.sigma()[adam.sigma().length - 1];
        double changeRatio = adam.kernelChange() / widest.kernelChange();
        List<Verdict> verdicts = List.of(
                Verdict.atMost("(b) kernel freezes with width", "fitted exponent of ‖Θ_T − Θ_0‖/‖Θ_0‖ vs width (SGD,"
                        + " NTK parametrization)", exponent, -0.3),
                new Verdict("(b) exponent −1/2 (Jacot et al. / Lee et al. bound)", "fitted exponent", exponent, -0.7,
                        -0.3),
                new Verdict("(b) exponent −1 (Dyer & Gur-Ari 2019, Huang & Yau 2019)", "fitted exponent", exponent,
                        -1.3, -0.7),
                Verdict.atLeast("(b) finite width moves its kernel", "kernel change of the Adam standard-64 run /"
                        + " widest SGD NTK run", changeRatio, 10),
                Verdict.atLeast("(b) frozen kernel learns worse", "σ of the widest SGD NTK run / σ of the Adam"
                        + " standard-64 run", sigmaRatio, 1.5));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("widths", widths);
        json.put("kernelChange", changes);
        double[] sigmas = new double[gd.size()];
        for (int i = 0; i < gd.size(); i++) {
            sigmas[i] = gd.get(i).sigma()[gd.get(i).sigma().length - 1];
        }
        json.put("sigmaFinal", sigmas);
        json.put("exponent", exponent);
        json.put("adamKernelChange", adam.kernelChange());
        json.put("adamSigmaFinal", adam.sigma()[adam.sigma().length - 1]);
        json.put("spectrumProbePoints", big.size());
        json.put("spectrumMin", extremes[0]);
        json.put("spectrumMax", extremes[1]);
        return new ClaimResult(key(), "(b) Feature learning: the kernel freezes at infinite width", body, verdicts,
                json, (System.nanoTime() - t0) / 1e9);
    }

    /** Multiplies the (random) last layer of an NTK φ network by {@link #OUTPUT_SCALE}, re-drawn from the seed. */
    private static void scaleLastLayer(PhiModel m, long seed) {
        List<Tensor> p = m.parameters();
        Rng rng = Rng.stream(seed, 3);
        for (Tensor t : p.subList(p.size() - 2, p.size())) {
            double[] v = t.value().data;
            for (int i = 0; i < v.length; i++) {
                v[i] = OUTPUT_SCALE * rng.nextGaussian();
            }
        }
    }

    private static Run train(String name, int width, PhiModel model, Sizes s, PointSet points, PointSet probe,
            long seed, boolean adam, PrintWriter progress) {
        long t0 = System.nanoTime();
        PhiModel initial = PhiModel.of(model.variety(), model.network().copy(), model.features(), false);
        int params = 0;
        for (Tensor t : model.parameters()) {
            params += t.rows() * t.cols();
        }
        Tensor idx = ProbeMetricModel.indices(probe.size());
        DMatrixRMaj k0 = MetricNtk.of(model, probe).matrix(idx);
        MetricFlow.Builder b = MetricFlow.builder().pointSet(points).seed(seed).model(model).epochs(s.epochs())
                .batchSize(64);
        b = adam ? b.adam(ADAM_RATE) : b.sgd(SGD_RATE, 0);
        FlowResult r = b.build().run();
        double change = NtkDiagnostics.relativeChange(MetricNtk.of(model, probe).matrix(idx), k0);
        double[] sigma = r.history().series("sigma");
        double seconds = (System.nanoTime() - t0) / 1e9;
        progress.printf(Locale.ROOT, "  %-18s %,9d parameters: σ %.4f → %.4f, kernel change %.4g, %.1f s (%s)%n",
                name, params, sigma[0], sigma[sigma.length - 1], change, seconds, r.message());
        progress.flush();
        return new Run(name, width, params, sigma, change, model, initial, seconds);
    }

    private static void writeFiles(Path dir, List<Run> gd, Run adam, Lanczos.Density density) throws IOException {
        double[] w = new double[gd.size()];
        double[] c = new double[gd.size()];
        double[] half = new double[gd.size()];
        double[] one = new double[gd.size()];
        for (int i = 0; i < gd.size(); i++) {
            w[i] = gd.get(i).width();
            c[i] = gd.get(i).kernelChange();
            half[i] = c[0] * Math.sqrt(w[0] / w[i]);
            one[i] = c[0] * w[0] / w[i];
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("SGD, NTK parametrization", c);
        series.put("∝ width^(−1/2)", half);
        series.put("∝ width^(−1)", one);
        Plots.line(dir.resolve("kernel_change_vs_width.png"), "relative metric-NTK change after training", "width",
                "‖Θ_T − Θ_0‖_F / ‖Θ_0‖_F", w, series, true, true);
        int epochs = adam.sigma().length;
        double[] x = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            x[e] = e;
        }
        Map<String, double[]> sigma = new LinkedHashMap<>();
        for (Run r : gd) {
            sigma.put(r.name(), java.util.Arrays.copyOf(r.sigma(), epochs));
        }
        sigma.put(adam.name(), adam.sigma());
        Plots.line(dir.resolve("feature_learning_sigma.png"), "σ (validation) on the Fermat quintic", "epoch", "σ", x,
                sigma, true);
        Plots.histogram(dir.resolve("kernel_change_spectrum.png"), "eigenvalues of Θ_T − Θ_0, " + adam.name()
                + " (stochastic Lanczos quadrature)", "eigenvalue", density.nodes(), density.weights(), 50);
        StringBuilder csv = new StringBuilder("run,width,parameters,sigma_initial,sigma_final,kernel_change,seconds\n");
        List<Run> all = new ArrayList<>(gd);
        all.add(adam);
        for (Run r : all) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%d,%.6g,%.6g,%.6g,%.2f%n", r.name(), r.width(),
                    r.parameters(), r.sigma()[0], r.sigma()[r.sigma().length - 1], r.kernelChange(), r.seconds()));
        }
        AtomicFiles.write(dir.resolve("feature_learning_runs.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String body(Sizes s, List<Run> gd, Run adam, double exponent, double[] extremes,
            double spectrumSeconds, int spectrumPoints) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Fermat quintic, %d points (90%% train, 10%% validation), %d epochs of"
                + " batch 64. NTK-parametrized φ-models (1 hidden gelu layer, last layer random × %.2g) trained by"
                + " SGD at η = %.3g for every width; reference: standard parametrization, width 64, last layer zero,"
                + " Adam %.3g. Kernel change on a fixed probe set of %d points × 9 components.%n%n", s.points(),
                s.epochs(), OUTPUT_SCALE, SGD_RATE, ADAM_RATE, s.probe()));
        b.append("| run | width | parameters | σ initial | σ final | ‖Θ_T − Θ_0‖/‖Θ_0‖ | seconds |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        List<Run> all = new ArrayList<>(gd);
        all.add(adam);
        for (Run r : all) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %,d | %.4f | %.4f | %.4g | %.1f |%n", r.name(), r.width(),
                    r.parameters(), r.sigma()[0], r.sigma()[r.sigma().length - 1], r.kernelChange(), r.seconds()));
        }
        b.append(String.format(Locale.ROOT, "%nFitted exponent of the kernel change against width: **%.3f**. The"
                + " kernel freezes as the width grows; the issue's NTK prediction −1/2 is the bound of Jacot et al. and"
                + " Lee et al., while the leading order of the change is O(1/width) (Dyer & Gur-Ari 2019, Huang & Yau"
                + " 2019: the O(width^−1/2) terms are sums over units weighted by the random signs of the next layer"
                + " and cancel). The paper shows the frozen-kernel behaviour qualitatively (σ of the linearized"
                + " model stays high); its Fig. 2 is the eigenvalue histogram of Θ_t − Θ_0 after 50 epochs.%n%n",
                exponent));
        b.append("![kernel change vs width](kernel_change_vs_width.png)\n\n![sigma](feature_learning_sigma.png)\n\n");
        b.append(String.format(Locale.ROOT, "Fig. 2 analogue: eigenvalues of Θ_T − Θ_0 of %s on %d probe points × 9"
                + " components (a %d×%d matrix that is never formed): extreme eigenvalues by %d Lanczos steps,"
                + " λ_min = %.4g, λ_max = %.4g; histogram by stochastic Lanczos quadrature (%d Rademacher probes × %d"
                + " steps; bin heights are estimated eigenvalue counts). %.1f s.%n%n"
                + "![kernel change spectrum](kernel_change_spectrum.png)%n", adam.name(), spectrumPoints,
                9 * spectrumPoints, 9 * spectrumPoints, s.lanczosSteps(), extremes[0], extremes[1],
                s.densityProbes(), s.densitySteps(), spectrumSeconds));
        return b.toString();
    }
}
