package org.metricflow.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.phi.PhiModel;
import org.metricflow.nn.ntk.ProbeMetricModel;
import org.metricflow.nn.ntk.MetricNtk;
import org.metricflow.nn.ntk.Lanczos;

/**
 * The metric-NTK Θ of a φ-model on M probe points ((M·m)×(M·m), m = d² Hermitian components, index point·m + α as
 * {@link MetricNtk}) as blocks on the cluster: the probe points are cut into blocks of B points and one task per
 * block pair I ≤ J (the upper triangle) computes Θ<sub>IJ</sub> with the library's {@link MetricNtk} (the
 * factorized path on diagonal blocks, {@link MetricNtk#cross} off the diagonal). The matrix is never collected:
 * ‖Θ‖<sub>F</sub>² = Σ<sub>I</sub>‖Θ<sub>II</sub>‖² + 2Σ<sub>I&lt;J</sub>‖Θ<sub>IJ</sub>‖², a mat-vec Θv sums
 * Θ<sub>IJ</sub>v<sub>J</sub> into rows I and Θ<sub>IJ</sub>ᵀv<sub>I</sub> into rows J (tree-aggregated), and the
 * largest eigenvalues come from Lanczos on those mat-vecs ({@link #largestEigenvalues}).
 *
 * <p>The blocks are persisted (memory, then disk) until {@link #release()}. Not thread-safe.
 */
public final class DistributedNtk {
    private final JavaSparkContext sc;
    private final JavaRDD<double[]> blocks;
    private final int dimension;
    private final int components;

    /**
     * One block Θ<sub>IJ</sub> in packed form (a plain {@code double[]}, which any Spark serializer ships):
     * i0, i1, j0, j1 (point ranges), then the block row-major, (|I|·m)×(|J|·m).
     */
    private static final int HEADER = 4;

    private DistributedNtk(JavaSparkContext sc, JavaRDD<double[]> blocks, int dimension, int components) {
        this.sc = sc;
        this.blocks = blocks;
        this.dimension = dimension;
        this.components = components;
    }

    /**
     * The blocks of Θ for a φ-model on probe points, computed lazily by the first query.
     *
     * @param sc the Spark context
     * @param model the φ-model ({@link MetricSource#of(PhiModel)} or a model file)
     * @param probe the M probe points (shipped to the executors once)
     * @param blockPoints points per block B (≥ 1; memory per task O((B·m)²))
     * @param partitions the number of partitions of the block tasks (≥ 1)
     * @return the distributed kernel
     */
    public static DistributedNtk of(JavaSparkContext sc, MetricSource model, PointSet probe, int blockPoints,
            int partitions) {
        if (model.isFubiniStudy()) {
            throw new IllegalArgumentException("the metric-NTK needs a model with parameters, not Fubini–Study");
        }
        int m = probe.dimension() * probe.dimension();
        JavaRDD<double[]> rdd = blockTasks(sc, probe, blockPoints, partitions).mapPartitions(
                tasks(sc, model, probe, null));
        rdd.persist(StorageLevel.MEMORY_AND_DISK());
        return new DistributedNtk(sc, rdd, probe.size() * m, m);
    }

    /**
     * The relative kernel change ‖Θ<sub>t</sub> − Θ<sub>0</sub>‖<sub>F</sub>/‖Θ<sub>0</sub>‖<sub>F</sub> of two
     * parameter states of the same architecture, each block pair computed for both in one task.
     *
     * @param sc the Spark context
     * @param initial the model at θ<sub>0</sub>
     * @param trained the model at θ<sub>t</sub>
     * @param probe the probe points
     * @param blockPoints points per block
     * @param partitions partitions of the block tasks
     * @return the relative change (≥ 0)
     */
    public static double kernelChange(JavaSparkContext sc, MetricSource initial, MetricSource trained,
            PointSet probe, int blockPoints, int partitions) {
        JavaRDD<int[]> pairs = blockTasks(sc, probe, blockPoints, partitions);
        double[] sums = pairs.mapPartitions(tasks(sc, initial, probe, trained)).map(b -> {
            // after the header: Θ_0 then Θ_t, both (|I|·m)×(|J|·m)
            int half = (b.length - HEADER) / 2;
            double w = b[0] == b[2] ? 1.0 : 2.0;
            double s0 = 0;
            double sd = 0;
            for (int i = HEADER; i < HEADER + half; i++) {
                s0 += b[i] * b[i];
                double d = b[half + i] - b[i];
                sd += d * d;
            }
            return new double[] {w * sd, w * s0};
        }).treeAggregate(new double[2], Sums::add, Sums::add);
        return Math.sqrt(sums[0] / sums[1]);
    }

    private static JavaRDD<int[]> blockTasks(JavaSparkContext sc, PointSet probe, int blockPoints, int partitions) {
        if (blockPoints < 1 || partitions < 1) {
            throw new IllegalArgumentException("need blockPoints >= 1 and partitions >= 1, got " + blockPoints
                    + " and " + partitions);
        }
        int n = probe.size();
        List<int[]> pairs = new ArrayList<>();
        for (int i0 = 0; i0 < n; i0 += blockPoints) {
            for (int j0 = i0; j0 < n; j0 += blockPoints) {
                pairs.add(new int[] {i0, Math.min(n, i0 + blockPoints), j0, Math.min(n, j0 + blockPoints)});
            }
        }
        return sc.parallelize(pairs, Math.min(partitions, Math.max(1, pairs.size())));
    }

    private static org.apache.spark.api.java.function.FlatMapFunction<Iterator<int[]>, double[]> tasks(
            JavaSparkContext sc, MetricSource model, PointSet probe, MetricSource second) {
        String spec = Varieties.spec(probe.variety());
        Broadcast<double[]> coords = sc.broadcast(probe.coordinates());
        int count = probe.size();
        byte[] firstBytes = model.bytes();
        byte[] secondBytes = second == null ? null : second.bytes();
        return it -> TaskThreads.call(() -> {
            PointSet all = Varieties.parse(spec).pointSet(coords.value(), count);
            PhiModel first = MetricSource.ofBytes(firstBytes).load();
            PhiModel other = secondBytes == null ? null : MetricSource.ofBytes(secondBytes).load();
            List<double[]> out = new ArrayList<>();
            while (it.hasNext()) {
                int[] t = it.next();
                double[] a = block(first, all, t);
                if (other != null) {
                    double[] b = block(other, all, t);
                    double[] both = java.util.Arrays.copyOf(a, 2 * a.length);
                    System.arraycopy(b, 0, both, a.length, b.length);
                    a = both;
                }
                double[] packed = new double[HEADER + a.length];
                packed[0] = t[0];
                packed[1] = t[1];
                packed[2] = t[2];
                packed[3] = t[3];
                System.arraycopy(a, 0, packed, HEADER, a.length);
                out.add(packed);
            }
            return out.iterator();
        });
    }

    /** Θ_IJ by the library: the factorized kernel on a diagonal block, the cross kernel off the diagonal. */
    static double[] block(PhiModel model, PointSet all, int[] t) {
        int ni = t[1] - t[0];
        int nj = t[3] - t[2];
        if (t[0] == t[2]) {
            PointSet pi = all.slice(t[0], t[1]);
            return MetricNtk.of(model, pi).matrix(ProbeMetricModel.indices(ni)).data;
        }
        int[] idx = new int[ni + nj];
        for (int p = 0; p < ni; p++) {
            idx[p] = t[0] + p;
        }
        for (int p = 0; p < nj; p++) {
            idx[ni + p] = t[2] + p;
        }
        MetricNtk ntk = MetricNtk.of(model, all.subset(idx));
        DMatrixRMaj y = new DMatrixRMaj(nj, 1);
        for (int p = 0; p < nj; p++) {
            y.data[p] = ni + p;
        }
        return ntk.cross(ProbeMetricModel.indices(ni), org.metricflow.core.autodiff.Tensor.constant(y)).data;
    }

    /**
     * The size M·m of Θ.
     *
     * @return M·m
     */
    public int dimension() {
        return dimension;
    }

    /**
     * ‖Θ‖<sub>F</sub>, one pass over the blocks.
     *
     * @return the Frobenius norm
     */
    public double frobeniusNorm() {
        double s = blocks.map(b -> {
            double w = b[0] == b[2] ? 1.0 : 2.0;
            double x = 0;
            for (int i = HEADER; i < b.length; i++) {
                x += b[i] * b[i];
            }
            return w * x;
        }).treeAggregate(0.0, Double::sum, Double::sum);
        return Math.sqrt(s);
    }

    /**
     * Θv: one broadcast of v and one aggregation of M·m-vectors.
     *
     * @param v a vector of length M·m (index point·m + α)
     * @return Θv
     */
    public double[] apply(double[] v) {
        if (v.length != dimension) {
            throw new IllegalArgumentException("Θ is " + dimension + "×" + dimension + " but v has " + v.length
                    + " entries");
        }
        int n = dimension;
        int m = components;
        Broadcast<double[]> vb = sc.broadcast(v);
        try {
            return blocks.mapPartitions((Iterator<double[]> it) -> {
                double[] x = vb.value();
                double[] y = new double[n];
                while (it.hasNext()) {
                    double[] b = it.next();
                    int rows = ((int) b[1] - (int) b[0]) * m;
                    int cols = ((int) b[3] - (int) b[2]) * m;
                    int r0 = (int) b[0] * m;
                    int c0 = (int) b[2] * m;
                    boolean diagonal = b[0] == b[2];
                    for (int r = 0; r < rows; r++) {
                        double acc = 0;
                        double xr = x[r0 + r];
                        int o = HEADER + r * cols;
                        for (int c = 0; c < cols; c++) {
                            double a = b[o + c];
                            acc += a * x[c0 + c];
                            if (!diagonal) {
                                y[c0 + c] += a * xr;
                            }
                        }
                        y[r0 + r] += acc;
                    }
                }
                return List.of(y).iterator();
            }).treeAggregate(new double[n], Sums::add, Sums::add);
        } finally {
            vb.destroy();
        }
    }

    /**
     * The largest eigenvalues of Θ: the largest Ritz values of {@code steps} steps of the library's Lanczos iteration
     * ({@link Lanczos}, full reorthogonalization, seeded Rademacher start) on distributed mat-vecs, one job per step;
     * the Krylov basis, steps·M·m doubles, stays on the driver. Exact to rounding once steps reaches M·m, otherwise
     * inner approximations whose error falls geometrically with the steps for isolated eigenvalues.
     *
     * @param count how many (≥ 1)
     * @param steps the Krylov dimension (count ≤ steps ≤ M·m); 3× count plus 20 is usually plenty
     * @param seed seed of the start vector
     * @return the largest eigenvalues, decreasing (fewer if the Krylov space closed earlier)
     */
    public double[] largestEigenvalues(int count, int steps, long seed) {
        if (count < 1 || steps < count || steps > dimension) {
            throw new IllegalArgumentException("need 1 <= count <= steps <= " + dimension + ", got count " + count
                    + " and steps " + steps);
        }
        double[] ritz = Lanczos.density((in, out) -> System.arraycopy(apply(in), 0, out, 0, dimension), dimension,
                steps, 1, seed).nodes();
        double[] top = new double[Math.min(count, ritz.length)];
        for (int i = 0; i < top.length; i++) {
            top[i] = ritz[ritz.length - 1 - i];
        }
        return top;
    }

    /** Drops the persisted blocks. */
    public void release() {
        blocks.unpersist(false);
    }
}
