package org.metricflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.linalg.internal.FmaPeak;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.phi.PhiModel;
import org.metricflow.nn.phi.internal.MlpCurvatureJets;

/**
 * Per-point CPU time of the χ integrand of a φ-model as the network widens: the curvature-jet path that
 * {@code metricflow topology --model …} runs ({@link CurvatureIntegrals#chernNumbers}: g, ∂g, ∂∂̄g of K<sub>FS</sub>
 * + φ, curvature and all Chern densities), for φ = 3 hidden gelu layers of width n on the 25 Hermitian-invariant
 * features of the Fermat quintic. The weights are the seeded random initialization with the output layer scaled by
 * 0.05 (so that g stays definite), as in {@code KahlerCurvatureBenchmark}: the cost does not depend on the weights.
 * Per width: points chosen for ≈ 1.5 CPU-seconds per round, one warm-up round, then the median CPU µs per point over
 * the rounds, the dense GFLOP/s ({@link MlpCurvatureJets#denseFlopsPerPoint()} per point / CPU time) and its fraction
 * of the measured FMA peak ({@link FmaPeak}). Run with {@code -Dmetricflow.threads=1} so that all the work is on the
 * timed thread. Usage: {@code CurvatureWidthCpuTime [WIDTH[,WIDTH…] [ROUNDS]]} (default {@code 64,128,256,512 5}).
 */
public final class CurvatureWidthCpuTime {
    private CurvatureWidthCpuTime() {
    }

    /**
     * Runs the measurement; see the class comment for the arguments.
     *
     * @param args [WIDTHS [ROUNDS]]
     */
    public static void main(String[] args) {
        int[] widths = Arrays.stream((args.length > 0 ? args[0] : "64,128,256,512").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (Parallel.defaultThreads() != 1) {
            System.out.println("warning: run with -Dmetricflow.threads=1 (now " + Parallel.defaultThreads()
                    + " threads): only the calling thread's CPU time is counted");
        }
        ProjectiveVariety x = ProjectiveVariety.fermatQuintic();
        PointSet all = x.sample(20000, 3);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double peak = FmaPeak.gflops(1000);
        System.out.printf(Locale.ROOT, "FMA peak %.1f GFLOP/s (one thread, CPU time)%n", peak);
        double base = 0;
        double baseFlops = 0;
        for (int width : widths) {
            Mlp net = Mlp.builder().inputs(25).hidden(width, width, width).outputs(1).activation(Activation.GELU)
                    .seed(7).build();
            List<Tensor> p = net.parameters();
            double[] w = p.get(p.size() - 2).value().data;
            for (int k = 0; k < w.length; k++) {
                w[k] *= 0.05;
            }
            PhiModel model = PhiModel.of(x, net, FeatureMap.HERMITIAN_INVARIANTS, false);
            double flops = new MlpCurvatureJets(net, FeatureMap.HERMITIAN_INVARIANTS, x.coordinateCount(),
                    x.dimension()).denseFlopsPerPoint();
            PointSet probe = all.slice(0, 64);
            double perPoint = 0;
            for (int warm = 0; warm < 3; warm++) { // the last of three probes, after the JIT's first compilations
                long t0 = mx.getCurrentThreadCpuTime();
                CurvatureIntegrals.chernNumbers(probe, model.potential(), 16384);
                perPoint = (mx.getCurrentThreadCpuTime() - t0) / 1e9 / probe.size();
            }
            int count = (int) Math.max(64, Math.min(all.size(), Math.round(1.5 / perPoint)));
            PointSet pts = all.slice(0, count);
            double[] us = new double[rounds];
            double chi = 0;
            for (int round = -1; round < rounds; round++) {
                long c0 = mx.getCurrentThreadCpuTime();
                chi = CurvatureIntegrals.chernNumbers(pts, model.potential(), 16384).euler().value();
                long c1 = mx.getCurrentThreadCpuTime();
                if (round >= 0) {
                    us[round] = (c1 - c0) / 1e3 / count;
                }
            }
            double[] sorted = us.clone();
            Arrays.sort(sorted);
            double median = sorted[rounds / 2];
            double gflops = flops / (median * 1e3);
            if (base == 0) {
                base = median;
                baseFlops = flops;
            }
            System.out.printf(Locale.ROOT, "width %4d: median %.1f CPU µs/point over %d rounds of %d points %s;"
                    + " %.2f MFLOP/point dense, %.1f GFLOP/s (%.0f %% of peak); cost %.2f×, FLOPs %.2f× width %d;"
                    + " χ %.3f%n", width, median, rounds, count, Arrays.toString(round(us)), flops / 1e6, gflops,
                    100 * gflops / peak, median / base, flops / baseFlops, widths[0], chi);
        }
    }

    private static double[] round(double[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = Math.round(x[i] * 10) / 10.0;
        }
        return r;
    }
}
