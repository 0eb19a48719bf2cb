package org.metricflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.metricflow.core.linalg.internal.FmaPeak;
import org.metricflow.core.linalg.internal.PanelProducts;
import org.metricflow.core.random.Rng;

/**
 * Thread CPU time of the dense product C = A·B on one thread, as GFLOP/s and as a fraction of the measured FMA peak
 * ({@link FmaPeak}) for {@link PanelProducts}. Usage:
 * {@code java -cp benchmarks.jar org.metricflow.bench.DenseProductCpuTime [M K N [ROUNDS]]} (default 1024 512 512,
 * 7 rounds of ≈ 1.5 GFLOP each); prints the peak, then the median and best of the rounds after two
 * warm-up rounds. Add {@code -XX:-UseSuperWord} to see the scalar rate (the vectorization control).
 */
public final class DenseProductCpuTime {
    private DenseProductCpuTime() {
    }

    /**
     * Runs the measurement; see the class comment for the arguments.
     *
     * @param args M K N [ROUNDS]
     */
    public static void main(String[] args) {
        int m = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 7;
        Rng rng = Rng.of(1);
        double[] a = new double[m * k];
        double[] b = new double[k * n];
        double[] c = new double[m * n];
        rng.fillUniform(a, -1, 1);
        rng.fillUniform(b, -1, 1);
        PanelProducts.Workspace ws = new PanelProducts.Workspace();
        double flops = 2.0 * m * k * n;
        int reps = (int) Math.max(1, Math.round(1.5e9 / flops));
        double peak = FmaPeak.gflops(1000);
        System.out.printf(Locale.ROOT, "FMA peak %.1f GFLOP/s; %d×%d·%d×%d, %d products per round%n", peak, m, k, k,
                n, reps);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] rate = new double[rounds];
        for (int round = 0; round < rounds + 2; round++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int r = 0; r < reps; r++) {
                PanelProducts.multiply(m, k, n, a, 0, k, 1, b, 0, n, c, 0, n, false, ws);
            }
            long dt = mx.getCurrentThreadCpuTime() - t0;
            if (round >= 2) {
                rate[round - 2] = flops * reps / dt;
            }
        }
        Arrays.sort(rate);
        double median = rate[rounds / 2];
        System.out.printf(Locale.ROOT, "PanelProducts.multiply median %.1f GFLOP/s (%.0f %% of peak), best %.1f%n",
                median, 100 * median / peak, rate[rounds - 1]);
    }
}
