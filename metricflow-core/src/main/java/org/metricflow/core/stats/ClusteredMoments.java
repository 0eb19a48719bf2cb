package org.metricflow.core.stats;

import java.util.Arrays;

/**
 * Mergeable partial sums of k per-sample quantities whose samples come in independent <em>clusters</em> (trials):
 * samples of one cluster may be correlated, clusters are independent. Holds two {@link Moments}: those of the
 * samples (for the values, exactly as an unclustered estimate) and those of the cluster totals
 * (T<sub>c,0</sub>, …, T<sub>c,k−1</sub>, n<sub>c</sub>) with T<sub>c,i</sub> = Σ<sub>s∈c</sub> x<sub>si</sub> and
 * n<sub>c</sub> the size of cluster c (for the errors).
 *
 * <h2>The cluster-robust standard error</h2>
 * The mean x̄<sub>i</sub> = ΣT<sub>c,i</sub>/Σn<sub>c</sub> is a ratio of two means over the G independent clusters,
 * so its delta-method variance is
 * <pre>  Var(x̄_i) ≈ G/(G − 1) · Σ_c (T_c,i − x̄_i n_c)² / N²,   N = Σ_c n_c,</pre>
 * the cluster-robust ("sandwich") variance: {@code clusters().ratioEstimate(i, k)}. It needs no assumption on the
 * correlation inside a cluster. For clusters of one sample each (n<sub>c</sub> = 1) it is Σ(x − x̄)²/((N − 1)N),
 * the error of {@link Moments#meanEstimate} bit for bit (the size column is exactly 1, its co-moments exactly 0).
 * A ratio of means x̄<sub>a</sub>/x̄<sub>b</sub> gets G/(G − 1)·Σ<sub>c</sub>(T<sub>c,a</sub> − r T<sub>c,b</sub>)²/(ΣT<sub>c,b</sub>)².
 *
 * <p>Both parts merge by {@link Moments#merge}, so sums of disjoint sets of <em>whole</em> clusters (e.g. the
 * partitions of a distributed sample, as long as no cluster is split between them) merge into the sums of their
 * union. Immutable and thread-safe.
 */
public final class ClusteredMoments {
    private final Moments samples;
    private final Moments clusters;

    private ClusteredMoments(Moments samples, Moments clusters) {
        if (clusters.quantities() != samples.quantities() + 1) {
            throw new IllegalArgumentException("cluster sums hold k + 1 = " + (samples.quantities() + 1)
                    + " quantities, got " + clusters.quantities());
        }
        this.samples = samples;
        this.clusters = clusters;
    }

    /**
     * The sums of an empty sample (the neutral element of {@link #merge}).
     *
     * @param k the number of quantities per sample (≥ 1)
     * @return no samples, no clusters
     */
    public static ClusteredMoments empty(int k) {
        return new ClusteredMoments(Moments.empty(k), Moments.empty(k + 1));
    }

    /**
     * The sums of samples 0..n−1 of k quantities stored row-major (quantity i of sample s at
     * {@code values[s·k + i]}), grouped in consecutive clusters.
     *
     * @param k the number of quantities per sample (≥ 1)
     * @param values n·k doubles, row-major (n = {@code offsets[G]})
     * @param offsets cluster boundaries: cluster c holds samples offsets[c] .. offsets[c+1]−1; offsets[0] = 0,
     *     strictly increasing (every cluster non-empty); {@code {0, 1, …, n}} for independent samples
     * @return the sums of the samples and of the G cluster totals
     * @throws IllegalArgumentException if the offsets are not of that form or do not fit the values
     */
    public static ClusteredMoments of(int k, double[] values, int[] offsets) {
        int g = offsets.length - 1;
        if (g < 0 || offsets[0] != 0) {
            throw new IllegalArgumentException("cluster offsets must start with 0, got " + Arrays.toString(
                    Arrays.copyOf(offsets, Math.min(offsets.length, 4))));
        }
        int n = offsets[g];
        Moments samples = Moments.of(k, values, 0, n);
        double[] totals = new double[g * (k + 1)];
        for (int c = 0; c < g; c++) {
            int from = offsets[c];
            int to = offsets[c + 1];
            if (to <= from) {
                throw new IllegalArgumentException("cluster offsets must increase strictly, got offsets[" + c + "] = "
                        + from + ", offsets[" + (c + 1) + "] = " + to);
            }
            int o = c * (k + 1);
            for (int s = from; s < to; s++) {
                for (int i = 0; i < k; i++) {
                    totals[o + i] += values[s * k + i];
                }
            }
            totals[o + k] = to - from;
        }
        return new ClusteredMoments(samples, Moments.of(k + 1, totals, 0, g));
    }

    /**
     * The sums of the union with a disjoint set of whole clusters.
     *
     * @param other sums of other clusters of the same k quantities
     * @return new sums over both sets' points and clusters (this and {@code other} are unchanged)
     */
    public ClusteredMoments merge(ClusteredMoments other) {
        return new ClusteredMoments(samples.merge(other.samples), clusters.merge(other.clusters));
    }

    /**
     * The sums as one flat array: the samples' {@link Moments#toArray()} followed by the clusters'.
     *
     * @return a new array that {@link #fromArray} turns back into equal sums
     */
    public double[] toArray() {
        double[] a = samples.toArray();
        double[] b = clusters.toArray();
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * The sums from the array of {@link #toArray()}.
     *
     * @param array the samples' sums (2 + k + k² doubles) then the clusters' (2 + (k+1) + (k+1)² doubles)
     * @return new sums equal to those that wrote the array (the array is not kept)
     * @throws IllegalArgumentException if the array does not have that layout
     */
    public static ClusteredMoments fromArray(double[] array) {
        if (array == null || array.length < 3) {
            throw new IllegalArgumentException("clustered sums need at least 3 doubles, got "
                    + (array == null ? "null" : array.length));
        }
        int k = (int) array[0];
        int first = 2 + k + k * k;
        if (k < 1 || array.length != first + 2 + (k + 1) + (k + 1) * (k + 1)) {
            throw new IllegalArgumentException("not an array of clustered sums: k = " + array[0] + ", length "
                    + array.length);
        }
        return new ClusteredMoments(Moments.fromArray(Arrays.copyOf(array, first)),
                Moments.fromArray(Arrays.copyOfRange(array, first, array.length)));
    }

    /**
     * The merge of two arrays of {@link #toArray()}.
     *
     * @param a sums of some clusters
     * @param b sums of other clusters of the same quantities
     * @return the sums of the union, as an array
     */
    public static double[] merge(double[] a, double[] b) {
        return fromArray(a).merge(fromArray(b)).toArray();
    }

    /**
     * The sums of the samples (as if unclustered).
     *
     * @return the k quantities' count, means and co-moments over all samples
     */
    public Moments samples() {
        return samples;
    }

    /**
     * The sums of the cluster totals: k + 1 quantities (the k totals, then the cluster size), one sample per cluster.
     *
     * @return the G clusters' sums
     */
    public Moments clusters() {
        return clusters;
    }

    /**
     * The mean x̄<sub>i</sub> over all samples with its cluster-robust standard error (class comment).
     *
     * @param i the quantity, 0 ≤ i &lt; k
     * @return the value of {@code samples().meanEstimate(i)} with the cluster-robust error, NaN (unknown: one
     *     cluster says nothing about the spread between clusters) if there are fewer than 2 clusters
     * @throws IllegalArgumentException if there are fewer than 2 samples
     */
    public Estimate meanEstimate(int i) {
        return Estimate.of(samples.meanEstimate(i).value(), clusterError(i, samples.quantities()));
    }

    /**
     * The ratio of means x̄<sub>num</sub>/x̄<sub>den</sub> with its cluster-robust delta-method error.
     *
     * @param num the numerator quantity
     * @param den the denominator quantity (non-zero mean)
     * @return the value of {@code samples().ratioEstimate(num, den)} with the cluster-robust error, NaN if there are
     *     fewer than 2 clusters
     * @throws IllegalArgumentException if there are fewer than 2 samples
     */
    public Estimate ratioEstimate(int num, int den) {
        return Estimate.of(samples.ratioEstimate(num, den).value(), clusterError(num, den));
    }

    /** The cluster-robust error of the ratio num/den of cluster totals; NaN (unknown) with fewer than 2 clusters. */
    private double clusterError(int num, int den) {
        return clusters.count() < 2 ? Double.NaN : clusters.ratioEstimate(num, den).standardError();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusteredMoments other && samples.equals(other.samples)
                && clusters.equals(other.clusters);
    }

    @Override
    public int hashCode() {
        return 31 * samples.hashCode() + clusters.hashCode();
    }

    @Override
    public String toString() {
        return "ClusteredMoments[n=" + samples.count() + ", clusters=" + clusters.count() + "]";
    }
}
