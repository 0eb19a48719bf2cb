package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.metricflow.core.stats.Estimate;
import org.metricflow.flow.ModelFiles;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.phi.PhiModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow topology --variety <spec> --points N --seed S [--json]}: Monte-Carlo topology and metric
 * invariants of a projective variety from the curvature of its Fubini–Study metric. JSON keys: {@code volume}
 * (∫ω<sup>d</sup>), {@code volumeError}, {@code euler} (∫c<sub>d</sub> = χ), {@code eulerError}, {@code sigmaFS},
 * {@code sigmaFSError}, {@code kappa} (Vol<sub>ω</sub>/Vol<sub>Ω</sub>), {@code kappaError}, {@code c1} (∫c<sub>1</sub>∧
 * ω<sup>d−1</sup>, zero on Calabi–Yau varieties), {@code c1Error}, {@code ricciMeasure}, and for threefolds
 * {@code c2J} (∫c<sub>2</sub>∧ω) and {@code c2JError}; plus {@code variety}, {@code dimension}, {@code points},
 * {@code seed}, {@code calabiYau}, {@code singular}, {@code eulerVarianceShare} (the largest share of the Euler
 * integrand's sample variance carried by one point), {@code eulerErrorTrustworthy} (that share at most 0.1: a
 * heavier tail makes the standard error understate the error), {@code curvatureSeconds} (wall time of the curvature
 * integrals), {@code samplingSeconds}, {@code configuration}, {@code moduli} (t, from {@code --kahler-moduli}), the
 * exact {@code exactVolume} and {@code exactEuler}, and for threefolds per projective factor
 * {@code c2Ji}/{@code c2JiError} (∫c<sub>2</sub>∧J<sub>i</sub> by Monte Carlo) with {@code exactC2Ji}. With
 * {@code --model model.mfa} the curvature integrals are those of the learned
 * metric (computed on the values-only jet path of the φ-model potential, {@code JetKahlerPotential}), and
 * {@code sigma}/{@code sigmaError} of that metric are added.
 */
@Command(name = "topology", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Euler characteristic, volume, sigma, kappa and (threefolds) c2.J of a projective variety"
                + " from the Fubini-Study curvature, with Monte-Carlo standard errors.")
public final class TopologyCommand extends CliCommand {

    @Option(names = "--variety", description = "The variety: a polynomial or a family name (not needed with --model).")
    String variety;

    @Option(names = "--model", description = "A trained model file (model.mfa from 'metricflow train'): use its learned"
            + " metric instead of Fubini-Study (curvature on the values-only jet path of the network potential).")
    java.nio.file.Path model;

    @Option(names = "--points", required = true, description = "Number of points (>= 2).")
    int points;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = Defaults.SEED)
    long seed;

    @Option(names = "--kahler-moduli", description = "Kähler moduli t1,t2,... (one per projective factor) of the"
            + " reference metric sum t_i g_i (not with --model).")
    String kahlerModuli;

    @picocli.CommandLine.Mixin
    SingularOption singularOption = new SingularOption();

    @Override
    protected void validate() {
        if (points < 2) {
            throw new CliUsageException("--points must be >= 2 (an error bar needs two points), got " + points);
        }
        if (variety == null && model == null) {
            throw new CliUsageException("give --variety <spec> (Fubini-Study) or --model <file> (a learned metric)");
        }
        if (variety != null) {
            smooth("--variety", variety(variety, kahlerModuli), singularOption.allow());
        }
        if (model != null) {
            OutputPaths.probeArchive("--model", model);
        }
    }

    /** The sampled points (≤ 64 doubles each up to CP^6) and the per-point determinants and σ integrands. */
    @Override
    protected MemoryEstimate memory() {
        return MemoryEstimate.of().doubles("--points " + points + " sampled points with patch data", points, 64)
                .doubles("per-point determinants and integrands", points, 8);
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) throws java.io.IOException {
        PhiModel learned = model == null ? null : ModelFiles.load(model);
        if (learned != null && kahlerModuli != null) {
            throw new CliUsageException("--kahler-moduli cannot be combined with --model (the model's variety carries"
                    + " its moduli)");
        }
        ProjectiveVariety x = learned != null ? learned.variety() : variety(variety, kahlerModuli);
        if (learned != null && variety != null && !variety(variety).equals(x)) {
            throw new CliUsageException("--variety " + variety + " differs from the model's variety " + x.name());
        }
        boolean threefold = x.dimension() == 3;
        org.metricflow.flow.StageProgress progress = progress(2 + (threefold ? 1 : 0) + (learned != null ? 1 : 0));
        progress.begin("sampling " + points + " points on " + x.name());
        long sampleStart = System.nanoTime();
        double cpu0 = processCpuSeconds();
        PointSet pts = x.sample(points, seed);
        double sampleSeconds = (System.nanoTime() - sampleStart) * 1e-9;
        double sampleCpu = processCpuSeconds() - cpu0;
        int trials = pts.trialOffsets().length - 1; // with one trial the errors are unknown: NaN (JSON null)
        KahlerPotential potential = learned != null ? learned.potential() : KahlerPotential.fubiniStudy();
        progress.begin("curvature integrals of the " + (learned != null ? "learned" : "Fubini-Study") + " metric");
        long start = System.nanoTime();
        double cpu1 = processCpuSeconds();
        CurvatureIntegrals.ChernNumbers c = CurvatureIntegrals.chernNumbers(pts, potential, 16384);
        double curvatureSeconds = (System.nanoTime() - start) * 1e-9;
        double curvatureCpu = processCpuSeconds() - cpu1;
        int d = pts.dimension();
        Estimate sigma = KahlerIntegrals.sigmaFubiniStudy(pts);
        Estimate kappa = KahlerIntegrals.kappa(pts, pts.fubiniStudyDeterminants());
        results.put("variety", x.name());
        results.put("dimension", d);
        results.put("points", pts.size());
        results.put("seed", seed);
        results.put("calabiYau", x.isCalabiYau());
        results.put("trials", trials);
        put(results, "volume", c.volume());
        results.put("volumeIndependentError", c.independentPointsChernNumber(0).standardError());
        put(results, "euler", c.euler());
        results.put("eulerIndependentError", c.independentPointsChernNumber(d).standardError());
        results.put("eulerVarianceShare", c.eulerTail().varianceShare());
        results.put("eulerErrorTrustworthy", c.eulerTail().trustworthy());
        put(results, "sigmaFS", sigma);
        put(results, "kappa", kappa);
        put(results, "c1", c.chernNumber(1));
        results.put("c1IndependentError", c.independentPointsChernNumber(1).standardError());
        results.put("ricciMeasure", c.ricciMeasure().value());
        results.put("curvatureSeconds", curvatureSeconds);
        results.put("samplingSeconds", sampleSeconds);
        results.put("curvatureCpuSeconds", curvatureCpu);
        results.put("samplingCpuSeconds", sampleCpu);
        org.metricflow.geometry.complex.CicyConfiguration config = x.configuration();
        results.put("configuration", config.toString());
        results.put("moduli", x.kahlerModuli());
        results.put("exactVolume", x.fubiniStudyVolume());
        results.put("exactEuler", config.eulerCharacteristic());
        if (learned != null) {
            progress.begin("sigma of the learned metric");
            double[] det = new double[pts.size()];
            for (int from = 0; from < pts.size(); from += 16384) { // bounded memory
                int to = Math.min(pts.size(), from + 16384);
                PointSet slice = pts.slice(from, to);
                double[] part = org.metricflow.core.autodiff.Autodiff.noGrad(() -> learned.metric(slice).detValues());
                System.arraycopy(part, 0, det, from, to - from);
                progress.fraction((double) to / pts.size());
            }
            Estimate s = KahlerIntegrals.sigma(pts, det);
            put(results, "sigma", s);
            results.put("model", model.toString());
        }
        text.printf("%s: dimension %d, %d points, seed %d%n", x.name(), d, pts.size(), seed);
        text.printf("  volume   ∫ω^%d        = %s%n", d, c.volume());
        text.printf("  euler    ∫c_%d        = %s%n", d, c.euler());
        if (!c.eulerTail().trustworthy()) {
            text.printf("  warning: one point carries %.0f%% of the Euler integrand's sample variance (heavy tail):"
                    + " its standard error is not trustworthy%n", 100 * c.eulerTail().varianceShare());
        }
        text.printf("  ∫c_1∧ω^%d            = %s%n", d - 1, c.chernNumber(1));
        if (d == 3) {
            put(results, "c2J", c.chernNumber(2));
            results.put("c2JIndependentError", c.independentPointsChernNumber(2).standardError());
            progress.begin("c2.J_i per projective factor");
            text.printf("  c2·J     ∫c_2∧ω       = %s%n", c.chernNumber(2));
            c2PerFactor(pts, potential, config.c2DotJ(), text, results);
        }
        progress.end();
        text.printf("  exact: volume %s, euler %d%n", x.fubiniStudyVolume(), config.eulerCharacteristic());
        text.printf("  sigma (FS)            = %s%n", sigma);
        text.printf("  kappa (FS)            = %s%n", kappa);
        text.printf("  Ricci measure         = %s%n", c.ricciMeasure());
        text.printf("  errors: cluster-robust over %d independent sampling trials%n", trials);
        text.printf("  sampling time         = %.1f s (%.1f CPU s)%n", sampleSeconds, sampleCpu);
        text.printf("  curvature time        = %.1f s (%.0f points/s, %.1f CPU s)%n", curvatureSeconds,
                pts.size() / curvatureSeconds, curvatureCpu);
        if (learned != null) {
            text.printf("  learned metric (%s): sigma = %.5f ± %.5f%n", model, (Double) results.get("sigma"),
                    (Double) results.get("sigmaError"));
        }
        return 0;
    }

    /** c2·J_i per projective factor (cluster-robust and naive errors), printed and put into the results. */
    private static void c2PerFactor(PointSet pts, KahlerPotential potential, long[] exact, PrintWriter text,
            Map<String, Object> results) {
        double cpu = processCpuSeconds();
        double[][] terms = CurvatureIntegrals.c2DotJTerms(pts, potential, 16384);
        double[] v = new double[terms.length];
        double[] e = new double[terms.length];
        double[] naive = new double[terms.length];
        for (int i = 0; i < terms.length; i++) {
            Estimate c2 = CurvatureIntegrals.meanOverTrials(pts, terms[i]).times(pts.fubiniStudyVolume());
            v[i] = c2.value();
            e[i] = c2.standardError();
            naive[i] = Estimate.mean(terms[i]).standardError() * pts.fubiniStudyVolume();
            text.printf("  c2·J_%d   ∫c_2∧J_%d     = %s  (exact %d)%n", i + 1, i + 1, c2, exact[i]);
        }
        results.put("c2Ji", v);
        results.put("c2JiError", e);
        results.put("c2JiIndependentError", naive);
        results.put("exactC2Ji", exact);
        results.put("c2JiCpuSeconds", processCpuSeconds() - cpu);
    }

    /** CPU seconds of this JVM so far (all threads, including JIT and GC): load-independent, unlike wall time. */
    private static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean b ? b.getProcessCpuTime() * 1e-9 : Double.NaN;
    }

    private static void put(Map<String, Object> results, String key, Estimate e) {
        results.put(key, e.value());
        results.put(key + "Error", e.standardError());
    }
}
