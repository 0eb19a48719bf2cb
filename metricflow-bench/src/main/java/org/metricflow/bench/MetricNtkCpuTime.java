package org.metricflow.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.ntk.MetricNtk;
import org.metricflow.nn.ntk.ProbeMetricModel;
import org.metricflow.nn.phi.PhiModel;

/**
 * Thread CPU time of the φ-model's metric-NTK (quintic, 3 gelu layers of the given width on the 25 Hermitian-invariant
 * features, 9 components per point) on one thread, and the bytes that thread allocated (the (9N)² result included).
 * Usage: {@code java -cp benchmarks.jar org.metricflow.bench.MetricNtkCpuTime [POINTS [WIDTH]]} (default 1000 64);
 * one warm-up run at 200 points first.
 */
public final class MetricNtkCpuTime {
    private MetricNtkCpuTime() {
    }

    /**
     * Runs the measurement; see the class comment for the arguments.
     *
     * @param args [POINTS [WIDTH]]
     */
    public static void main(String[] args) {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        Mlp phi = Mlp.builder().inputs(25).hidden(width, width, width).outputs(1).activation(Activation.GELU)
                .seed(3).build();
        PhiModel model = PhiModel.of(quintic, phi, FeatureMap.HERMITIAN_INVARIANTS, false);
        MetricNtk.of(model, quintic.sample(200, 4)).threads(1).matrix(ProbeMetricModel.indices(200));
        PointSet set = quintic.sample(points, 5);
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long a0 = mx.getCurrentThreadAllocatedBytes();
        long c0 = mx.getCurrentThreadCpuTime();
        int size = MetricNtk.of(model, set).threads(1).matrix(ProbeMetricModel.indices(points)).numRows;
        double seconds = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        long bytes = mx.getCurrentThreadAllocatedBytes() - a0;
        System.out.printf(Locale.ROOT, "metric-NTK %d×%d (width %d): %.2f CPU s on one thread, %.0f MB allocated"
                + " (the result alone %.0f MB)%n", size, size, width, seconds, bytes / 1e6, 8.0 * size * size / 1e6);
    }
}
