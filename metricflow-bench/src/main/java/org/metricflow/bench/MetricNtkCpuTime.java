package org.metricflow.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.metric.AcceleratedKahlerModel.KernelBlocks;
import org.metricflow.nn.ntk.MetricNtk;
import org.metricflow.nn.ntk.ProbeMetricModel;
import org.metricflow.nn.phi.PhiModel;

/**
 * Thread CPU time and memory of the φ-model's metric-NTK (quintic, 3 gelu layers of the given width on the 25
 * Hermitian-invariant features, 9 components per point) on one thread. By default the whole (9N)×(9N) kernel is
 * streamed block by block ({@link KernelBlocks#forEachBlock}) into its trace and Frobenius norm, so no N²-sized array
 * exists: the reported bytes are the working memory (jets, block buffers) plus garbage. With {@code matrix} the kernel
 * is formed instead ({@link MetricNtk#matrix}; the (9N)² result included in the bytes).
 * Usage: {@code java -cp benchmarks.jar org.metricflow.bench.MetricNtkCpuTime [POINTS [WIDTH [BLOCK [matrix]]]]}
 * (default 1000 64 256); one warm-up run at 300 points first. Reports the thread's CPU seconds, the bytes it allocated,
 * and the peak heap occupancy (all heap pools, garbage included: an upper bound of the live working memory).
 */
public final class MetricNtkCpuTime {
    /** CPU seconds of the last preparation of the jets (streamed runs). */
    private static double jetSeconds;

    private MetricNtkCpuTime() {
    }

    /**
     * Runs the measurement; see the class comment for the arguments.
     *
     * @param args [POINTS [WIDTH [BLOCK [matrix]]]]
     */
    public static void main(String[] args) {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int block = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        boolean matrix = args.length > 3 && args[3].equals("matrix");
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        Mlp phi = Mlp.builder().inputs(25).hidden(width, width, width).outputs(1).activation(Activation.GELU)
                .seed(3).build();
        PhiModel model = PhiModel.of(quintic, phi, FeatureMap.HERMITIAN_INVARIANTS, false);
        run(MetricNtk.of(model, quintic.sample(300, 4)).threads(1).blockSize(block), 300, block, matrix);
        MetricNtk ntk = MetricNtk.of(model, quintic.sample(points, 5)).threads(1).blockSize(block);
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long a0 = mx.getCurrentThreadAllocatedBytes();
        long c0 = mx.getCurrentThreadCpuTime();
        double[] result = run(ntk, points, block, matrix);
        double seconds = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        long bytes = mx.getCurrentThreadAllocatedBytes() - a0;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long size = 9L * points;
        System.out.printf(Locale.ROOT, "metric-NTK %d×%d (width %d, blocks of %d points, %s): %.2f CPU s on one thread (jets %.2f),"
                + " %.0f MB allocated, peak heap %.0f MB (max heap %.0f MB; a formed Θ would be %.0f MB);"
                + " trace %.6g, Frobenius norm %.6g%n", size, size, width, block, matrix ? "formed" : "streamed", seconds,
                matrix ? Double.NaN : jetSeconds,
                bytes / 1e6, peak / 1e6, Runtime.getRuntime().maxMemory() / 1e6, 8.0 * size * size / 1e6, result[0],
                result[1]);
    }

    /** {trace, Frobenius norm} of Θ, streamed or from the formed matrix. */
    private static double[] run(MetricNtk ntk, int points, int block, boolean matrix) {
        Tensor idx = ProbeMetricModel.indices(points);
        if (matrix) {
            double[] k = ntk.matrix(idx).data;
            double trace = 0;
            double sum = 0;
            int size = ntk.components() * points;
            for (int i = 0; i < size; i++) {
                trace += k[i * size + i];
            }
            for (double v : k) {
                sum += v * v;
            }
            return new double[] {trace, Math.sqrt(sum)};
        }
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        KernelBlocks blocks = ntk.blocks(idx);
        jetSeconds = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        int m = blocks.components();
        double[] sums = new double[2];
        // one thread: the consumer is called sequentially
        blocks.forEachBlock(block, 1, (x0, x1, y0, y1, b) -> {
            int rows = (x1 - x0) * m;
            int cols = (y1 - y0) * m;
            double s = 0;
            for (int i = 0; i < rows * cols; i++) {
                s += b[i] * b[i];
            }
            if (x0 == y0) {
                for (int i = 0; i < rows; i++) {
                    sums[0] += b[i * cols + i];
                }
            }
            sums[1] += x0 == y0 ? s : 2 * s;
        });
        return new double[] {sums[0], Math.sqrt(sums[1])};
    }
}
