package org.metricflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.metricflow.core.linalg.internal.SmallComplexMatrices;
import org.metricflow.geometry.complex.KahlerGeometry;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.geometry.complex.internal.KahlerCurvatureKernel;

/**
 * Nanoseconds of thread CPU time per point of each stage of the per-point curvature kernel
 * ({@code KahlerCurvatureKernel}) on the Fubini–Study jets of 8000 points of the Fermat quintic (d = 3): det g and
 * the inverse, R<sub>ab̄cē</sub>, Ric and s, the Chern densities. Uses only methods the kernel has had since its first
 * version, so the same class also times older builds (put its class file in front of an older benchmarks.jar).
 *
 * <pre>
 * java -cp metricflow-bench/target/benchmarks.jar org.metricflow.bench.CurvatureKernelCpuTime
 * </pre>
 */
public final class CurvatureKernelCpuTime {
    private CurvatureKernelCpuTime() {
    }

    /**
     * Prints six rounds of 10 passes over the points (the first rounds are JIT warm-up).
     *
     * @param args unused
     */
    public static void main(String[] args) {
        PointSet points = ProjectiveVariety.fermatQuintic().sample(8000, 1);
        KahlerGeometry geometry = KahlerGeometry.of(points, KahlerPotential.fubiniStudy());
        int n = points.size();
        int d = geometry.dimension();
        int d2 = d * d;
        double[] g = geometry.metric();
        double[] dg = geometry.metricDerivatives();
        double[] ddg = geometry.metricSecondDerivatives();
        double[] inv = new double[g.length];
        double[] det = new double[n];
        double[] riemann = new double[ddg.length];
        double[] ricci = new double[g.length];
        double[] scalar = new double[n];
        double[] chern = new double[n * (d + 1)];
        double[] scratch = new double[2 * d2];
        KahlerCurvatureKernel kernel = new KahlerCurvatureKernel(d);
        ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        int passes = 10;
        double check = 0.0;
        for (int round = 0; round < 6; round++) {
            long tInv = 0;
            long tRiem = 0;
            long tRic = 0;
            long tChern = 0;
            for (int pass = 0; pass < passes; pass++) {
                long c0 = clock.getCurrentThreadCpuTime();
                for (int p = 0; p < n; p++) {
                    det[p] = SmallComplexMatrices.hermitianDeterminant(d, g, 2 * p * d2, scratch);
                    kernel.inverse(g, 2 * p * d2, inv, 2 * p * d2);
                }
                long c1 = clock.getCurrentThreadCpuTime();
                for (int p = 0; p < n; p++) {
                    kernel.riemann(inv, 2 * p * d2, dg, 2 * p * d2 * d, ddg, 2 * p * d2 * d2, riemann,
                            2 * p * d2 * d2);
                }
                long c2 = clock.getCurrentThreadCpuTime();
                for (int p = 0; p < n; p++) {
                    kernel.ricci(inv, 2 * p * d2, riemann, 2 * p * d2 * d2, ricci, 2 * p * d2);
                    scalar[p] = kernel.scalar(inv, 2 * p * d2, ricci, 2 * p * d2);
                }
                long c3 = clock.getCurrentThreadCpuTime();
                for (int p = 0; p < n; p++) {
                    kernel.chern(g, 2 * p * d2, inv, 2 * p * d2, riemann, 2 * p * d2 * d2, chern, p * (d + 1));
                }
                long c4 = clock.getCurrentThreadCpuTime();
                tInv += c1 - c0;
                tRiem += c2 - c1;
                tRic += c3 - c2;
                tChern += c4 - c3;
                check += chern[d] + scalar[0] + det[0];
            }
            double per = 1.0 / ((double) n * passes);
            System.out.printf("round %d: det+inverse %.0f, riemann %.0f, ricci+scalar %.0f, chern %.0f, total %.0f"
                    + " ns/point (%.0f points/CPU-s)%n", round, tInv * per, tRiem * per, tRic * per, tChern * per,
                    (tInv + tRiem + tRic + tChern) * per, 1e9 / ((tInv + tRiem + tRic + tChern) * per));
        }
        System.out.println("(checksum " + check + ")");
    }
}
