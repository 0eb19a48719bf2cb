package org.metricflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.metricflow.geometry.complex.KahlerGeometry;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * Points per CPU-second of the full {@link KahlerGeometry} (all curvature tensors and Chern densities, Euler density
 * included) of the Fermat quintic for the Fubini–Study potential, a 3×64 gelu φ-model potential on the jet path,
 * and the same φ-model potential on the generic nested-autodiff path (8 points), all on the calling thread, timed
 * with the thread's CPU clock. On a machine shared with other jobs this is a steadier figure than JMH's wall time
 * (run it with {@code -Dmetricflow.threads=1} so that all work is on the timed thread); on an idle machine the wall
 * throughput of the default pool is about the number of cores times this figure.
 *
 * <pre>
 * java -Dmetricflow.threads=1 -cp metricflow-bench/target/benchmarks.jar org.metricflow.bench.PhiCurvatureCpuTime
 * </pre>
 */
public final class PhiCurvatureCpuTime {
    private PhiCurvatureCpuTime() {
    }

    /**
     * Prints six rounds (the first ones are JIT warm-up).
     */
    public static void main(String[] args) {
        KahlerPotential phi = KahlerCurvatureBenchmark.benchmarkPhiPotential();
        KahlerPotential hidden = phi::value;
        PointSet points = ProjectiveVariety.fermatQuintic().sample(8000, 1);
        PointSet few = points.slice(0, 8);
        ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 6; round++) {
            long c0 = clock.getCurrentThreadCpuTime();
            KahlerGeometry.of(points, KahlerPotential.fubiniStudy());
            long c1 = clock.getCurrentThreadCpuTime();
            KahlerGeometry.of(points, phi);
            long c2 = clock.getCurrentThreadCpuTime();
            KahlerGeometry.of(few, hidden);
            long c3 = clock.getCurrentThreadCpuTime();
            System.out.printf("round %d: FS %.0f, phi-model jet path %.0f, phi-model generic path %.1f points/CPU-s%n",
                    round, points.size() / ((c1 - c0) * 1e-9), points.size() / ((c2 - c1) * 1e-9),
                    few.size() / ((c3 - c2) * 1e-9));
        }
    }
}
