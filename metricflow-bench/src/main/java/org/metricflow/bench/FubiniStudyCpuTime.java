package org.metricflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.geometry.complex.internal.PointGeometry;

/**
 * Nanoseconds of thread CPU time per point of the Fubini–Study metric on X at 50 000 points of the Fermat quintic, by
 * the sampler's sparse one-factor form ({@code PointGeometry.oneFactorMetric}, rows of the Jacobian with one 1 and k
 * coefficients) and by the library's general pullback by the Jacobian ({@code PointGeometry.addFactorMetric}), which
 * {@code KahlerMetrics.fubiniStudy} uses. The sampler keeps the sparse form only while it is measurably faster.
 *
 * <pre>
 * java -cp metricflow-bench/target/benchmarks.jar org.metricflow.bench.FubiniStudyCpuTime
 * </pre>
 */
public final class FubiniStudyCpuTime {
    private FubiniStudyCpuTime() {
    }

    /**
     * Prints six rounds (the first ones are JIT warm-up) and the largest difference of the two forms.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        PointSet points = ProjectiveVariety.fermatQuintic().sample(50_000, 42);
        int n = points.size();
        int m = points.coordinateCount();
        int d = points.dimension();
        int k = points.codimension();
        double[] z = points.coordinates();
        double[] jac = points.jacobians();
        int[] elim = points.eliminated();
        int[] local = points.localCoordinates();
        double[] c = new double[2 * n * d * k];
        for (int p = 0; p < n; p++) {
            for (int a = 0; a < d; a++) {
                for (int j = 0; j < k; j++) {
                    int e = elim[p * k + j];
                    c[2 * ((p * d + a) * k + j)] = jac[2 * ((p * d + a) * m + e)];
                    c[2 * ((p * d + a) * k + j) + 1] = jac[2 * ((p * d + a) * m + e) + 1];
                }
            }
        }
        double[] general = new double[2 * d * d];
        double[] sparse = new double[2 * d * d];
        double[] coefficients = new double[2 * d * k];
        double[] u = new double[2 * d];
        ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        double check = 0.0;
        double maxDifference = 0.0;
        for (int round = 0; round < 6; round++) {
            long c0 = clock.getCurrentThreadCpuTime();
            for (int p = 0; p < n; p++) {
                Arrays.fill(general, 0.0);
                PointGeometry.addFactorMetric(z, 2 * p * m, jac, 2 * p * d * m, d, m, 0, m, 1.0, general, 0, u);
                check += general[0];
            }
            long c1 = clock.getCurrentThreadCpuTime();
            for (int p = 0; p < n; p++) {
                System.arraycopy(c, 2 * p * d * k, coefficients, 0, 2 * d * k);
                PointGeometry.oneFactorMetric(z, 2 * p * m, coefficients, local, p * d, elim, p * k, d, k, m, sparse,
                        u);
                check += sparse[0];
            }
            long c2 = clock.getCurrentThreadCpuTime();
            System.out.printf("round %d: general pullback %.1f ns/point, sparse one-factor form %.1f ns/point%n",
                    round, (c1 - c0) / (double) n, (c2 - c1) / (double) n);
        }
        for (int p = 0; p < n; p += 97) {
            Arrays.fill(general, 0.0);
            PointGeometry.addFactorMetric(z, 2 * p * m, jac, 2 * p * d * m, d, m, 0, m, 1.0, general, 0, u);
            System.arraycopy(c, 2 * p * d * k, coefficients, 0, 2 * d * k);
            PointGeometry.oneFactorMetric(z, 2 * p * m, coefficients, local, p * d, elim, p * k, d, k, m, sparse, u);
            for (int i = 0; i < general.length; i++) {
                maxDifference = Math.max(maxDifference, Math.abs(general[i] - sparse[i]));
            }
        }
        System.out.printf("largest difference of the two forms: %.2e (checksum %.6f)%n", maxDifference, check);
    }
}
