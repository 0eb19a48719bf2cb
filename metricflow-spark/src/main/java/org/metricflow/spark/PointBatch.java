package org.metricflow.spark;

import java.io.Serializable;
import java.util.Objects;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * One batch of points of a distributed point set, as shipped between Spark's driver and executors: the variety's
 * spec ({@link ProjectiveVariety#parse}), the index of the sampling partition it came from, the global index of its
 * first point and the patch-normalized homogeneous coordinates (2·count·m doubles, re/im interleaved, as
 * {@link PointSet#coordinates()}). Everything else of a {@link PointSet} (patches, eliminated coordinates, |Ω|²,
 * Jacobians, weights) is a deterministic function of the coordinates and is recomputed by {@link #points()}, bit for
 * bit as the sampler computed it.
 *
 * <p>Immutable apart from a per-JVM cache of the parsed variety; safe to share between threads.
 */
public final class PointBatch implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String variety;
    private final int batch;
    private final long first;
    private final int count;
    private final double[] coordinates;
    private transient volatile ProjectiveVariety parsed;

    private PointBatch(String variety, int batch, long first, int count, double[] coordinates) {
        this.variety = variety;
        this.batch = batch;
        this.first = first;
        this.count = count;
        this.coordinates = coordinates;
    }

    /**
     * A batch from explicit coordinates.
     *
     * @param variety the variety's spec, as accepted by {@link ProjectiveVariety#parse}
     * @param batch the index of the sampling partition (≥ 0)
     * @param first the global index of the first point (≥ 0)
     * @param count the number of points (≥ 0)
     * @param coordinates 2·count·m doubles (not copied: the caller hands them over)
     * @return the batch
     */
    public static PointBatch of(String variety, int batch, long first, int count, double[] coordinates) {
        Objects.requireNonNull(variety, "variety");
        if (batch < 0 || first < 0 || count < 0) {
            throw new IllegalArgumentException("batch, first and count must be >= 0, got " + batch + ", " + first
                    + ", " + count);
        }
        PointBatch b = new PointBatch(variety, batch, first, count, coordinates);
        int m = b.variety().ambientDimension() + 1;
        if (coordinates.length != 2L * count * m) {
            throw new IllegalArgumentException("a batch of " + count + " points of " + variety + " needs "
                    + 2L * count * m + " doubles, got " + coordinates.length);
        }
        return b;
    }

    /**
     * The batch holding the given points.
     *
     * @param variety the variety's spec; must parse to the points' variety
     * @param batch the index of the sampling partition
     * @param first the global index of the first point
     * @param points the points
     * @return the batch
     */
    public static PointBatch of(String variety, int batch, long first, PointSet points) {
        return of(variety, batch, first, points.size(), points.coordinates());
    }

    /**
     * The variety's spec.
     *
     * @return the spec, as accepted by {@link ProjectiveVariety#parse}
     */
    public String varietySpec() {
        return variety;
    }

    /**
     * The variety, parsed once per JVM and batch.
     *
     * @return the variety
     */
    public ProjectiveVariety variety() {
        ProjectiveVariety v = parsed;
        if (v == null) {
            v = Varieties.parse(variety);
            parsed = v;
        }
        return v;
    }

    /**
     * The index of the sampling partition this batch came from.
     *
     * @return the partition index (≥ 0)
     */
    public int batch() {
        return batch;
    }

    /**
     * The global index of the first point.
     *
     * @return the index (≥ 0)
     */
    public long first() {
        return first;
    }

    /**
     * The number of points.
     *
     * @return the count (≥ 0)
     */
    public int size() {
        return count;
    }

    /**
     * The homogeneous coordinates (a copy).
     *
     * @return 2·count·m doubles, re/im interleaved
     */
    public double[] coordinates() {
        return coordinates.clone();
    }

    /**
     * The points with all derived data, recomputed from the coordinates.
     *
     * @return the point set of this batch
     */
    public PointSet points() {
        return variety().pointSet(coordinates, count);
    }

    @Override
    public String toString() {
        return "PointBatch[" + variety + ", batch " + batch + ", points " + first + ".." + (first + count) + ")";
    }
}
