package org.metricflow.spark;

import java.lang.ref.SoftReference;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * One batch of points of a distributed point set, as shipped between Spark's driver and executors: the variety's
 * spec ({@link ProjectiveVariety#parse}), the index of the sampling partition it came from, the global index of its
 * first point and the patch-normalized homogeneous coordinates (2·count·m doubles, re/im interleaved, as
 * {@link PointSet#coordinates()}). Everything else of a {@link PointSet} (patches, eliminated coordinates, |Ω|²,
 * Jacobians, weights) is a deterministic function of the coordinates, bit for bit as the sampler computed it,
 * except the sampling trials ({@link PointSet#trialOffsets()}: which consecutive points came from one random slice),
 * which a batch made from sampled points carries along (packed after the coordinates) so that the integrals' errors
 * stay cluster-robust on every executor.
 *
 * <h2>Derived data, computed once per JVM</h2>
 * {@link #points()} derives that {@link PointSet} at its first call and keeps it; a batch made from a sampled
 * {@link PointSet} keeps that one, so nothing is derived at all. Between tasks and machines a batch travels in its
 * {@linkplain #pack() packed} form, a plain {@code double[]} of its coordinates: Spark ships it with any serializer,
 * the library needs no serialization of its own classes, and the derived data (≈ 5× the coordinates) never travel.
 * {@link #cached(String, double[])} remembers per JVM the point set derived for each packed array <em>instance</em>
 * (weak keys, soft values): an RDD of packed batches persisted in executor memory hands every pass the same array
 * instances, so each batch is derived at most once per executor however many passes follow, a batch packed from
 * sampled points in the same task is never derived, and the memory of the derived data is given back to the JVM
 * under pressure (then derived again, bit for bit the same).
 *
 * <p>Immutable apart from the caches of the parsed variety and the derived points, which are written once with the
 * same value by any thread; safe to share between threads.
 */
public final class PointBatch {
    private static final int HEADER = 3;
    /** Packed array instance → its derived points, per JVM (identity keys: arrays do not override equals). */
    private static final Map<double[], SoftReference<PointSet>> DERIVED =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final String variety;
    private final int batch;
    private final long first;
    private final int count;
    /** The coordinates, or null for a batch made from a sampled point set (which holds them). */
    private final double[] coordinates;
    /** True where a point starts a sampling trial; null when every point is its own trial. */
    private boolean[] trialStarts;
    private volatile ProjectiveVariety parsed;
    private volatile PointSet derived;

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
        int m = b.variety().coordinateCount();
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
        Objects.requireNonNull(variety, "variety");
        if (batch < 0 || first < 0) {
            throw new IllegalArgumentException("batch and first must be >= 0, got " + batch + ", " + first);
        }
        PointBatch b = new PointBatch(variety, batch, first, points.size(), null);
        if (!b.variety().equals(points.variety())) {
            throw new IllegalArgumentException("the points lie on " + points.variety().name() + ", not on " + variety);
        }
        b.derived = points;
        b.trialStarts = trialStartsOrNull(points);
        return b;
    }

    private static boolean[] trialStartsOrNull(PointSet points) {
        boolean[] starts = points.trialStarts();
        for (boolean s : starts) {
            if (!s) {
                return starts;
            }
        }
        return null;
    }

    /**
     * Whether each point starts a sampling trial ({@link PointSet#startsTrial}).
     *
     * @return a copy of the {@link #size()} flags (all true for points without trial structure)
     */
    public boolean[] trialStarts() {
        if (trialStarts == null) {
            boolean[] all = new boolean[count];
            java.util.Arrays.fill(all, true);
            return all;
        }
        return trialStarts.clone();
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
        return coordinates == null ? derived.coordinates() : coordinates.clone();
    }

    /**
     * The points with all derived data: derived from the coordinates at the first call in this JVM (or the sampled
     * point set the batch was made from), then the same instance.
     *
     * @return the point set of this batch (immutable)
     */
    public PointSet points() {
        PointSet p = derived;
        if (p == null) {
            p = variety().pointSet(coordinates, count);
            if (trialStarts != null) {
                p = p.withTrialStarts(trialStarts);
            }
            derived = p;
        }
        return p;
    }

    /**
     * The packed form: batch index, first index and count as doubles (exact below 2<sup>53</sup>), then the
     * coordinates, then (only for points with trials of several points) one 1.0/0.0 per point: whether it starts a
     * sampling trial. If this batch already holds its derived points, {@link #cached} of the returned array finds them.
     *
     * @return 3 + 2·count·m doubles, or 3 + 2·count·m + count with the trial flags
     */
    public double[] pack() {
        double[] c = coordinates == null ? derived.coordinates() : coordinates;
        double[] out = new double[HEADER + c.length + (trialStarts == null ? 0 : count)];
        out[0] = batch;
        out[1] = first;
        out[2] = count;
        System.arraycopy(c, 0, out, HEADER, c.length);
        if (trialStarts != null) {
            for (int p = 0; p < count; p++) {
                out[HEADER + c.length + p] = trialStarts[p] ? 1.0 : 0.0;
            }
        }
        PointSet p = derived;
        if (p != null) {
            DERIVED.put(out, new SoftReference<>(p));
        }
        return out;
    }

    /**
     * The batch of a packed array with the points derived for this array instance earlier in this JVM, if they are
     * still held (see the class comment; the batch then reads its coordinates from them, without a copy); otherwise
     * as {@link #unpack}, remembering the points once derived.
     *
     * @param variety the variety's spec
     * @param packed the packed batch; must not be modified afterwards (it is the cache key)
     * @return the batch
     */
    public static PointBatch cached(String variety, double[] packed) {
        SoftReference<PointSet> ref = DERIVED.get(packed);
        PointSet p = ref == null ? null : ref.get();
        if (p != null && packed.length >= HEADER && p.size() == (int) packed[2]) {
            return of(variety, (int) packed[0], (long) packed[1], p); // no copy of the coordinates
        }
        PointBatch b = unpack(variety, packed);
        DERIVED.put(packed, new SoftReference<>(b.points()));
        return b;
    }

    /**
     * The number of packed arrays whose derived point sets this JVM's cache holds (for tests).
     *
     * @return the cache's entries (after dropping those whose arrays were collected)
     */
    static int cachedPointSets() {
        return DERIVED.size();
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
        int count = (int) packed[2];
        long coords = 2L * count * Varieties.parse(variety).coordinateCount();
        boolean flags = count > 0 && packed.length == HEADER + coords + count;
        PointBatch b = of(variety, (int) packed[0], (long) packed[1], count,
                java.util.Arrays.copyOfRange(packed, HEADER, flags ? (int) (HEADER + coords) : packed.length));
        if (flags) {
            b.trialStarts = new boolean[count];
            for (int p = 0; p < count; p++) {
                b.trialStarts[p] = packed[(int) (HEADER + coords) + p] != 0.0;
            }
        }
        return b;
    }

    @Override
    public String toString() {
        return "PointBatch[" + variety + ", batch " + batch + ", points " + first + ".." + (first + count) + ")";
    }
}
