package org.metricflow.spark;

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
 * <p>Between machines a batch travels in its {@linkplain #pack() packed} form, a plain {@code double[]}: Spark ships
 * it with any serializer and the library needs no serialization of its own classes. Immutable apart from a cache of
 * the parsed variety; safe to share between threads.
 */
public final class PointBatch {
    private static final int HEADER = 3;

    private final String variety;
    private final int batch;
    private final long first;
    private final int count;
    private final double[] coordinates;
    private volatile ProjectiveVariety parsed;

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
     * @param points the points of this batch, in their global order from {@code first}
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

    /**
     * The packed form: batch index, first index and count as doubles (exact below 2<sup>53</sup>), then the
     * coordinates.
     *
     * @return 3 + 2·count·m doubles
     */
    public double[] pack() {
        double[] out = new double[HEADER + coordinates.length];
        out[0] = batch;
        out[1] = first;
        out[2] = count;
        System.arraycopy(coordinates, 0, out, HEADER, coordinates.length);
        return out;
    }

    /**
     * The batch of a packed array ({@link #pack()}).
     *
     * @param variety the variety's spec
     * @param packed the packed batch
     * @return the batch (coordinates copied)
     */
    public static PointBatch unpack(String variety, double[] packed) {
        if (packed.length < HEADER) {
            throw new IllegalArgumentException("a packed batch has at least " + HEADER + " doubles, got "
                    + packed.length);
        }
        return of(variety, (int) packed[0], (long) packed[1], (int) packed[2],
                java.util.Arrays.copyOfRange(packed, HEADER, packed.length));
    }

    @Override
    public String toString() {
        return "PointBatch[" + variety + ", batch " + batch + ", points " + first + ".." + (first + count) + ")";
    }
}
