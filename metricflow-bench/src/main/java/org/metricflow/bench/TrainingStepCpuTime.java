package org.metricflow.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.linalg.internal.FmaPeak;
import org.metricflow.flow.LossContext;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.phi.FusedMongeAmpere;
import org.metricflow.nn.phi.PhiModel;

/**
 * Thread CPU time per fused φ-model training step (loss and gradient of the Monge–Ampère loss, batch 1024, 3 gelu
 * layers on the 10 real patch coordinates of the quintic) on one thread, for several widths: a measure that stays
 * meaningful on a shared, oversubscribed machine. Usage:
 * {@code java -cp benchmarks.jar org.metricflow.bench.TrainingStepCpuTime [WIDTH[,WIDTH…] [ROUNDS [FEATURES [VARIETY]]]]}
 * (default {@code 64,512,1024 5 PATCH_COORDINATES fermat-quintic}; another variety, e.g. {@code bicubic} with
 * {@code HERMITIAN_INVARIANTS}, compares the step's cost per point across varieties at the same width). Per width: steps per round chosen for ≈ 2 CPU-seconds,
 * two warm-up rounds, then the median CPU ms per step over the rounds, the dense GFLOP/s
 * ({@link FusedMongeAmpere#denseFlopsPerPoint()} × batch / CPU time), its fraction of the measured FMA peak
 * ({@link FmaPeak}), and the bytes allocated per step after warm-up. Each round also runs the same steps on two worker
 * threads: the CPU time of every thread of the JVM is read before and after, and the "CPU critical path" is the
 * largest per-thread share; one-thread CPU time / critical path of the same round is the two-thread speed-up the
 * step's work split allows (load balance and extra work of the parallel reduction included, waiting for a busy
 * machine's cores excluded), reported as the median over the rounds. Two warm-up rounds of both come first, and the
 * one- and two-thread steps alternate round by round, so that a drift of a shared machine's speed affects both
 * sides of a ratio alike.
 */
public final class TrainingStepCpuTime {
    private TrainingStepCpuTime() {
    }

    /**
     * Runs the measurement; see the class comment for the arguments.
     *
     * @param args [WIDTHS [ROUNDS [FEATURES [VARIETY]]]]
     */
    public static void main(String[] args) {
        int[] widths = Arrays.stream((args.length > 0 ? args[0] : "64,512,1024").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        FeatureMap map = FeatureMap.valueOf(args.length > 2 ? args[2] : "PATCH_COORDINATES");
        ProjectiveVariety x = ProjectiveVariety.parse(args.length > 3 ? args[3] : "fermat-quintic");
        PointSet points = x.sample(1024, 1);
        double omegaVolume = KahlerIntegrals.omegaVolume(points).value();
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        double peak = FmaPeak.gflops(1000);
        System.out.printf(Locale.ROOT, "FMA peak %.1f GFLOP/s (one thread, CPU time)%n", peak);
        for (int width : widths) {
            Mlp mlp = Mlp.builder().inputs(map.featureCount(x)).hidden(width, width, width).outputs(1)
                    .activation(Activation.GELU).seed(1).build();
            PhiModel model = PhiModel.of(x, mlp, map, false);
            double c = new LossContext(model, points, null, x.fubiniStudyVolume(), omegaVolume).ratioConstant();
            FusedMongeAmpere fused = model.mongeAmpereStep(1.0).withThreads(1);
            FusedMongeAmpere two = model.mongeAmpereStep(1.0).withThreads(2);
            List<DMatrixRMaj> g = fused.newGradients();
            long t0 = mx.getCurrentThreadCpuTime();
            double loss = fused.lossAndGradient(points, c, g);
            double first = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
            int steps = (int) Math.max(1, Math.min(200, Math.round(2000 / first)));
            double[] ms = new double[rounds];
            double[] critical = new double[rounds];
            double[] total = new double[rounds];
            double[] ratio = new double[rounds];
            long bytes = 0;
            // warm-up rounds of both, then one-thread and two-thread rounds alternate, so that a drift of the
            // machine's speed (±10–30 % on a shared VM) affects both sides of each pair alike
            for (int round = -2; round < rounds; round++) {
                long a0 = mx.getCurrentThreadAllocatedBytes();
                long c0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < steps; i++) {
                    loss = fused.lossAndGradient(points, c, g);
                }
                long c1 = mx.getCurrentThreadCpuTime();
                if (round >= 0) {
                    ms[round] = (c1 - c0) / 1e6 / steps;
                    bytes = (mx.getCurrentThreadAllocatedBytes() - a0) / steps;
                }
                long[] ids = mx.getAllThreadIds();
                long[] before = mx.getThreadCpuTime(ids);
                for (int i = 0; i < steps; i++) {
                    two.lossAndGradient(points, c, g);
                }
                long[] after = mx.getThreadCpuTime(ids);
                if (round >= 0) {
                    long max = 0;
                    long sum = 0;
                    for (int t = 0; t < ids.length; t++) {
                        if (before[t] >= 0 && after[t] >= 0) {
                            max = Math.max(max, after[t] - before[t]);
                            sum += after[t] - before[t];
                        }
                    }
                    critical[round] = max / 1e6 / steps;
                    total[round] = sum / 1e6 / steps;
                    ratio[round] = ms[round] / critical[round];
                }
            }
            Arrays.sort(critical);
            Arrays.sort(total);
            Arrays.sort(ratio);
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            double median = sorted[rounds / 2];
            double gflops = fused.denseFlopsPerPoint() * points.size() / (median * 1e6);
            System.out.printf(Locale.ROOT, "width %4d: median %.2f CPU ms/step over %d rounds of %d steps %s;"
                    + " %.1f GFLOP/s dense (%.0f %% of peak); %d bytes allocated per step; loss %.6f%n", width, median,
                    rounds, steps, Arrays.toString(ms), gflops, 100 * gflops / peak, bytes, loss);
            System.out.printf(Locale.ROOT, "width %4d, two threads: CPU critical path %.2f ms/step (all threads %.2f"
                    + " ms/step): speed-up %.2f× over one thread (median of the rounds' ratios; %.2f–%.2f)%n", width,
                    critical[rounds / 2], total[rounds / 2], ratio[rounds / 2], ratio[0], ratio[rounds - 1]);
        }
    }
}
