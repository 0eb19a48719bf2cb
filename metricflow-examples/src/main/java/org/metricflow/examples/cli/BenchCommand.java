package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.linalg.internal.FmaPeak;
import org.metricflow.core.linalg.internal.RowProducts;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.flow.FlowListener;
import org.metricflow.flow.Loss;
import org.metricflow.flow.LossContext;
import org.metricflow.flow.MetricFlow;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.ntk.MetricNtk;
import org.metricflow.nn.ntk.ProbeMetricModel;
import org.metricflow.nn.phi.FusedMongeAmpere;
import org.metricflow.nn.phi.PhiModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow bench [--width N] [--batch B] [--threads T] [--json]}: a quick (well under a minute on two cores
 * at the default width 64) version of the performance measurements of docs/BENCHMARKS.md through the public APIs,
 * each after a warm-up; {@code --width} sets the hidden width of every φ network below (3 gelu layers):
 * <ul>
 *   <li>{@code peakGflops}: the FMA peak of one core ({@link FmaPeak}, 1 s of CPU time), the reference of
 *       {@code fractionOfPeak};</li>
 *   <li>{@code stepCpuSeconds}: thread CPU seconds of one fused loss-and-gradient step
 *       ({@link FusedMongeAmpere}, Monge–Ampère loss, Hermitian-invariant features) at batch B on one thread, median
 *       of the steps in about 3 CPU-seconds after as many for warm-up; {@code stepGflops} = its dense FLOPs
 *       ({@link FusedMongeAmpere#denseFlopsPerPoint()} × B) per CPU second and {@code fractionOfPeak} =
 *       {@code stepGflops / peakGflops};</li>
 *   <li>{@code samplePointsPerSecond}: Fermat quintic points with patch data, |Ω|² and weights
 *       ({@link ProjectiveVariety#sample}), 10<sup>5</sup> per run, best of 3;</li>
 *   <li>{@code trainPointsPerSecond}: optimizer steps of the default {@link MetricFlow} run (φ-model, 3×64 gelu on
 *       Hermitian invariants, Monge–Ampère loss, Adam, double precision) at batch 1024: the time between consecutive
 *       steps of one epoch, reported by a {@link FlowListener}, after a first warm-up epoch; median over the measured
 *       steps. Since it runs MetricFlow itself, a faster training step shows up here without change;</li>
 *   <li>{@code sigmaSeconds}: σ of the Fubini–Study metric over 10<sup>5</sup> points
 *       ({@link KahlerIntegrals#sigmaFubiniStudy}), best of 3;</li>
 *   <li>{@code ntkSeconds}: the metric-NTK of the φ-model (3×64 gelu) at 1000 quintic points, 9 components each
 *       ({@link MetricNtk#of(KahlerMetricModel, PointSet)}), one run after a small warm-up run;</li>
 *   <li>{@code eulerPointsPerSecond}: the Euler-characteristic integrand of a φ-model metric (3×64 gelu on the
 *       Hermitian invariants, last layer scaled by 0.05 so that the metric stays definite): all Chern densities,
 *       χ<sub>3</sub> included, through {@link CurvatureIntegrals#chernNumbers} on the jet path, 8000 quintic points
 *       per run, the fastest of the runs in 8 s (the first seconds warm up the JIT);</li>
 *   <li>{@code threads}: the worker threads of the shared pool ({@link Parallel#defaultThreads()});</li>
 *   <li>{@code vectorProducts}: whether the dense products ran on the optional vector kernel
 *       ({@link RowProducts#vectorKernel()}: the JVM was started with {@code --add-modules jdk.incubator.vector}).</li>
 * </ul>
 * The sizes can be reduced with hidden options (for tests).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Quick performance measurements: quintic sampling, the FMA peak of one core, a phi-model"
                + " training step (3 gelu layers; CPU ms on one thread, GFLOP/s, fraction of peak, points/s on all"
                + " threads), sigma over 10^5 points, the metric-NTK of 1000 points, the Euler integrand of a"
                + " phi-model metric.")
public final class BenchCommand extends CliCommand {

    @Option(names = "--threads", description = "Worker threads of the shared pool, at most 256 (default: available"
            + " processors).")
    Integer threads;

    @Option(names = "--width", defaultValue = Defaults.WIDTH,
            description = "Hidden width of the phi networks (3 gelu layers; default: 64).")
    int width;

    @Option(names = "--batch", defaultValue = "1024", description = "Points per training step (default: 1024).")
    int batch;

    @Option(names = "--step-seconds", hidden = true, defaultValue = "3",
            description = "CPU seconds of the one-thread step measurement (and as many for its warm-up).")
    double stepSeconds;

    /** The most worker threads {@code --threads} accepts (more only adds scheduling overhead on any machine). */
    static final int MAX_THREADS = 256;

    @Option(names = "--sample-points", hidden = true, defaultValue = "100000")
    int samplePoints;

    @Option(names = "--sigma-points", hidden = true, defaultValue = "100000")
    int sigmaPoints;

    @Option(names = "--train-steps", hidden = true, defaultValue = "8",
            description = "Optimizer steps per epoch (>= 2).")
    int trainSteps;

    @Option(names = "--train-epochs", hidden = true, defaultValue = "12",
            description = "Epochs (>= 2; the first half warms up).")
    int trainEpochs;

    @Option(names = "--ntk-points", hidden = true, defaultValue = "1000")
    int ntkPoints;

    @Option(names = "--euler-points", hidden = true, defaultValue = "8000")
    int eulerPoints;

    @Option(names = "--euler-seconds", hidden = true, defaultValue = "8")
    double eulerSeconds;

    @Override
    protected void validate() {
        range("--sample-points", samplePoints, 1, 10_000_000);
        range("--sigma-points", sigmaPoints, 1, 10_000_000);
        range("--batch", batch, 1, 1_000_000);
        range("--width", width, 1, 4096);
        range("--ntk-points", ntkPoints, 1, 20_000);
        if (eulerPoints < 2) {
            throw new IllegalArgumentException("--euler-points must be >= 2, got " + eulerPoints);
        }
        if (!(eulerSeconds >= 0.0 && eulerSeconds <= 600.0)) {
            throw new IllegalArgumentException("--euler-seconds must be in [0, 600], got " + eulerSeconds);
        }
        if (!(stepSeconds >= 0.0 && stepSeconds <= 600.0)) {
            throw new IllegalArgumentException("--step-seconds must be in [0, 600], got " + stepSeconds);
        }
        if (trainSteps < 2 || trainEpochs < 2) {
            throw new IllegalArgumentException("--train-steps and --train-epochs must be >= 2 (one step interval and"
                    + " one warm-up epoch), got " + trainSteps + " and " + trainEpochs);
        }
        if (threads != null) {
            range("--threads", threads, 1, MAX_THREADS);
        }
    }

    @Override
    protected MemoryEstimate memory() {
        long m = 9L * ntkPoints;
        return MemoryEstimate.of().doubles("the metric-NTK of --ntk-points " + ntkPoints + " (9 components each)", m, m)
                .doubles("--sample-points/--sigma-points quintic points", Math.max(samplePoints, sigmaPoints), 64)
                .doubles("training step buffers (--batch × --width)", batch, width, 3, 32);
    }

    /** This run's stages on standard error (set by {@link #execute}). */
    private org.metricflow.flow.StageProgress progress = org.metricflow.flow.StageProgress.silent();

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) {
        hintVectorKernel(width);
        if (threads != null) {
            Parallel.setDefaultThreads(threads);
        }
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        progress = progress(7);

        progress.begin("quintic sampling, " + samplePoints + " points, 8 runs");
        // sampling: warm up (the JIT compiles the sampler's kernels), then best of 5
        for (int r = 0; r < 3; r++) {
            quintic.sample(samplePoints, 90 + r);
        }
        double sampleSeconds = Double.POSITIVE_INFINITY;
        for (int r = 0; r < 5; r++) {
            long t0 = System.nanoTime();
            PointSet s = quintic.sample(samplePoints, 1 + r);
            sampleSeconds = Math.min(sampleSeconds, (System.nanoTime() - t0) / 1e9);
            if (s.size() != samplePoints) {
                throw new IllegalStateException("sampler returned " + s.size() + " points");
            }
        }
        double samplePerSecond = samplePoints / sampleSeconds;

        progress.begin("sigma of Fubini-Study over " + sigmaPoints + " points, 4 runs");
        // σ of FS: warm up, then best of 3
        PointSet sigmaSample = quintic.sample(sigmaPoints, 7);
        double sigma = KahlerIntegrals.sigmaFubiniStudy(sigmaSample).value();
        double sigmaSeconds = Double.POSITIVE_INFINITY;
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            sigma = KahlerIntegrals.sigmaFubiniStudy(sigmaSample).value();
            sigmaSeconds = Math.min(sigmaSeconds, (System.nanoTime() - t0) / 1e9);
        }

        progress.begin("FMA peak of one core");
        double peak = FmaPeak.gflops(1000);
        progress.begin("fused training step on one thread, width " + width + ", batch " + batch);
        double[] step = cpuMillisPerStep(quintic);
        double stepGflops = step[1] * batch / (step[0] * 1e6);
        progress.begin("phi-model training on all threads, batch " + batch);
        double trainPerSecond = trainPointsPerSecond(quintic);

        progress.begin("metric-NTK of " + ntkPoints + " points");
        // metric-NTK of the φ-model: a small warm-up run, then one timed run
        Mlp phi = Mlp.builder().inputs(25).hidden(width, width, width).outputs(1).activation(Activation.GELU)
                .seed(3).build();
        PhiModel model = PhiModel.of(quintic, phi, FeatureMap.HERMITIAN_INVARIANTS, false);
        int warm = Math.min(ntkPoints, 64);
        MetricNtk.of(model, quintic.sample(warm, 4)).matrix(ProbeMetricModel.indices(warm));
        MetricNtk ntk = MetricNtk.of(model, quintic.sample(ntkPoints, 5));
        long t0 = System.nanoTime();
        int size = ntk.matrix(ProbeMetricModel.indices(ntkPoints)).numRows;
        double ntkSeconds = (System.nanoTime() - t0) / 1e9;

        progress.begin("Euler integrand of a phi-model");
        double eulerPerSecond = eulerPointsPerSecond(quintic);
        progress.end();

        int pool = Parallel.defaultThreads();
        results.put("samplePointsPerSecond", samplePerSecond);
        results.put("trainPointsPerSecond", trainPerSecond);
        results.put("stepCpuSeconds", step[0] / 1e3);
        results.put("stepGflops", stepGflops);
        results.put("fractionOfPeak", stepGflops / peak);
        results.put("peakGflops", peak);
        results.put("sigmaSeconds", sigmaSeconds);
        results.put("ntkSeconds", ntkSeconds);
        results.put("eulerPointsPerSecond", eulerPerSecond);
        results.put("eulerPoints", eulerPoints);
        results.put("threads", pool);
        results.put("vectorProducts", RowProducts.vectorKernel());
        results.put("samplePoints", samplePoints);
        results.put("sigmaPoints", sigmaPoints);
        results.put("sigma", sigma);
        results.put("batch", batch);
        results.put("width", width);
        results.put("ntkPoints", ntkPoints);
        results.put("ntkSize", size);

        text.printf("metricflow bench (%d worker threads; wall-clock times after warm-up)%n", pool);
        text.printf("  %-44s %14s%n", "measurement", "result");
        text.printf("  %-44s %14.0f%n", "quintic sampling, points/s (" + samplePoints + " per run)", samplePerSecond);
        text.printf("  %-44s %14.1f%n", "FMA peak of one core, GFLOP/s", peak);
        text.printf("  %-44s %14.2f%n", "fused step, CPU ms on one thread (width " + width + ")", step[0]);
        text.printf("  %-44s %14s%n", "  dense GFLOP/s, fraction of peak",
                String.format(java.util.Locale.ROOT, "%.1f, %.0f %%", stepGflops, 100 * stepGflops / peak));
        text.printf("  %-44s %14.0f%n", "phi-model training step, points/s (batch " + batch + ")", trainPerSecond);
        text.printf("  %-44s %14.4f%n", "sigma of FS over " + sigmaPoints + " points, s", sigmaSeconds);
        text.printf("  %-44s %14.3f%n", "metric-NTK of " + ntkPoints + " points (" + size + "x" + size + "), s",
                ntkSeconds);
        text.printf("  %-44s %14.0f%n", "Euler integrand of a phi-model, points/s", eulerPerSecond);
        return 0;
    }

    /**
     * {thread CPU milliseconds of one fused loss-and-gradient step on one thread (median), its dense FLOPs per point}.
     */
    private double[] cpuMillisPerStep(ProjectiveVariety quintic) {
        Mlp net = Mlp.builder().inputs(25).hidden(width, width, width).outputs(1).activation(Activation.GELU)
                .seed(11).build();
        PhiModel model = PhiModel.of(quintic, net, FeatureMap.HERMITIAN_INVARIANTS, false);
        PointSet points = quintic.sample(batch, 11);
        double ratio = new LossContext(model, points, null, quintic.fubiniStudyVolume(),
                KahlerIntegrals.omegaVolume(points).value()).ratioConstant();
        FusedMongeAmpere fused = model.mongeAmpereStep(1.0).withThreads(1);
        List<DMatrixRMaj> gradients = fused.newGradients();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<Double> millis = new ArrayList<>();
        long budget = (long) (stepSeconds * 1e9);
        long start = mx.getCurrentThreadCpuTime();
        for (int phase = 0; phase < 2; phase++) {
            long end = mx.getCurrentThreadCpuTime() + budget;
            do {
                long t0 = mx.getCurrentThreadCpuTime();
                fused.lossAndGradient(points, ratio, gradients);
                long t1 = mx.getCurrentThreadCpuTime();
                if (phase == 1) {
                    millis.add((t1 - t0) / 1e6);
                }
                progress.fraction((phase + 1 - (double) (end - t1) / budget) / 2);
            } while (mx.getCurrentThreadCpuTime() < end || (phase == 1 && millis.size() < 3));
        }
        if (mx.getCurrentThreadCpuTime() == start) {
            throw new IllegalStateException("thread CPU time is not available on this JVM");
        }
        return new double[] {median(millis), fused.denseFlopsPerPoint()};
    }

    private static double median(List<Double> values) {
        double[] t = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(t);
        return t.length % 2 == 1 ? t[t.length / 2] : 0.5 * (t[t.length / 2 - 1] + t[t.length / 2]);
    }

    /** Points per second of all Chern densities (the Euler density included) of a φ-model metric, best run. */
    private double eulerPointsPerSecond(ProjectiveVariety quintic) {
        Mlp net = Mlp.builder().inputs(25).hidden(width, width, width).outputs(1).activation(Activation.GELU)
                .seed(7).build();
        List<Tensor> parameters = net.parameters();
        double[] last = parameters.get(parameters.size() - 2).value().data;
        for (int k = 0; k < last.length; k++) {
            last[k] *= 0.05; // a modest correction of Fubini–Study: the metric stays positive definite
        }
        KahlerPotential potential = PhiModel.of(quintic, net, FeatureMap.HERMITIAN_INVARIANTS, false).potential();
        PointSet points = quintic.sample(eulerPoints, 13);
        // C2 compiles these kernels only after a few seconds of running them (measured: full speed from about the
        // seventh 8000-point run on 2 cores), so runs go on for 8 s (at least 5 runs) and the fastest one counts
        double seconds = Double.POSITIVE_INFINITY;
        long end = System.nanoTime() + (long) (eulerSeconds * 1e9);
        for (int r = 0; r < 5 || System.nanoTime() < end; r++) {
            long t0 = System.nanoTime();
            CurvatureIntegrals.chernNumbers(points, potential, 16384);
            seconds = Math.min(seconds, (System.nanoTime() - t0) / 1e9);
            progress.fraction(1 - (end - System.nanoTime()) / (eulerSeconds * 1e9));
        }
        return eulerPoints / seconds;
    }

    /**
     * Median time between consecutive optimizer steps within an epoch of MetricFlow, over the second half of the epochs
     * (the first half warms up the JIT).
     */
    private double trainPointsPerSecond(ProjectiveVariety quintic) {
        int train = batch * trainSteps;
        // validation: 2% of the points (≥ 2), so that the training set holds exactly trainSteps batches
        int validation = Math.max(2, (int) Math.round(0.02 * train / 0.98));
        int total = train + validation;
        double fraction = (double) validation / total;
        List<Double> stepSeconds = new ArrayList<>();
        long[] last = {0L};
        FlowListener timer = new FlowListener() {
            @Override
            public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
                long now = System.nanoTime();
                if (epoch > trainEpochs / 2 && step > 0) {
                    stepSeconds.add((now - last[0]) / 1e9);
                }
                last[0] = now;
                progress.fraction((epoch - 1 + (step + 1.0) / stepsPerEpoch) / trainEpochs);
            }
        };
        MetricFlow.builder().pointSet(quintic.sample(total, 11)).validationFraction(fraction).seed(11)
                .phiModel(width, 3, Activation.GELU).features(FeatureMap.HERMITIAN_INVARIANTS)
                .loss(Loss.mongeAmpere(), 1.0).adam(1e-3).batchSize(batch).epochs(trainEpochs).listener(timer)
                .build().run();
        if (stepSeconds.isEmpty()) {
            throw new IllegalStateException("no training step was timed (training set smaller than two batches?)");
        }
        return batch / median(stepSeconds);
    }

}
