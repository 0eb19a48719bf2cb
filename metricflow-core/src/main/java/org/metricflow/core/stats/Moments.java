package org.metricflow.core.stats;

import java.util.Arrays;

/**
 * Partial sums of k per-sample quantities that can be computed on disjoint parts of a sample and merged: the count
 * n, the means x̄<sub>i</sub> and the centred co-moments C<sub>ij</sub> = Σ<sub>s</sub>(x<sub>si</sub> −
 * x̄<sub>i</sub>)(x<sub>sj</sub> − x̄<sub>j</sub>) (i, j = 0..k−1). Every Monte-Carlo estimator of this library that
 * is a mean or a ratio of means is a function of these sums, so the same estimate comes out whether the sample is
 * summed in one piece, in chunks or on the partitions of a cluster.
 *
 * <p>One part is summed in two passes (the means, then the centred products), each sum compensated by Neumaier's
 * variant of Kahan summation, so that its rounding error is O(ε) relative to the sum of the absolute terms however
 * many samples the part holds (a plain sum's grows with the count; for a sign-changing integrand such as the Euler
 * density the difference shows relative to the mean). Parts are merged by the pairwise update of Chan, Golub and
 * LeVeque: with δ = x̄<sup>B</sup> − x̄<sup>A</sup>,
 * <pre>  n = n_A + n_B,   x̄ = x̄_A + δ·n_B/n,   C_ij = C^A_ij + C^B_ij + δ_i δ_j n_A n_B / n,</pre>
 * which is exact in exact arithmetic and stable in floating point (no Σx² − n x̄² cancellation); merging in another
 * order changes results by rounding only (relative ~1e-16 per merge).
 *
 * <p>Immutable and thread-safe. {@link #toArray()} and {@link #fromArray} give a flat array of doubles, the form in
 * which a distributed engine ships partial sums between machines.
 */
public final class Moments {
    private final long count;
    private final double[] mean;
    private final double[] comoment;

    private Moments(long count, double[] mean, double[] comoment) {
        this.count = count;
        this.mean = mean;
        this.comoment = comoment;
    }

    /**
     * The sums of an empty sample of k quantities (the neutral element of {@link #merge}).
     *
     * @param k the number of quantities per sample (≥ 1)
     * @return n = 0, zero means and co-moments
     */
    public static Moments empty(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("the number of quantities must be >= 1, got " + k);
        }
        return new Moments(0, new double[k], new double[k * k]);
    }

    /**
     * The sums of the samples {@code from..to−1} of k quantities stored row-major: quantity i of sample s at
     * {@code values[s·k + i]}.
     *
     * @param k the number of quantities per sample (≥ 1)
     * @param values samples × k doubles, row-major
     * @param from first sample (inclusive)
     * @param to last sample (exclusive), from ≤ to ≤ values.length/k
     * @return the count, means and centred co-moments of those samples
     */
    public static Moments of(int k, double[] values, int from, int to) {
        if (k < 1) {
            throw new IllegalArgumentException("the number of quantities must be >= 1, got " + k);
        }
        if (from < 0 || to < from || (long) to * k > values.length) {
            throw new IllegalArgumentException("samples [" + from + ", " + to + ") of " + k + " quantities do not fit"
                    + " in " + values.length + " values");
        }
        int n = to - from;
        double[] mean = new double[k];
        double[] c = new double[k * k];
        if (n == 0) {
            return new Moments(0, mean, c);
        }
        double[] comp = new double[k * k];
        for (int s = from; s < to; s++) {
            int o = s * k;
            for (int i = 0; i < k; i++) {
                mean[i] = neumaier(mean, comp, i, values[o + i]);
            }
        }
        for (int i = 0; i < k; i++) {
            // (sum + compensation)/n without rounding the sum first: q = sum/n, then the exact residual of q·n
            double q = mean[i] / n;
            mean[i] = q + (Math.fma(-q, n, mean[i]) + comp[i]) / n;
            comp[i] = 0.0;
        }
        double[] dev = new double[k];
        for (int s = from; s < to; s++) {
            int o = s * k;
            for (int i = 0; i < k; i++) {
                dev[i] = values[o + i] - mean[i];
            }
            for (int i = 0; i < k; i++) {
                double di = dev[i];
                int row = i * k;
                for (int j = i; j < k; j++) {
                    c[row + j] = neumaier(c, comp, row + j, di * dev[j]);
                }
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                c[i * k + j] += comp[i * k + j];
            }
            for (int j = 0; j < i; j++) {
                c[i * k + j] = c[j * k + i];
            }
        }
        return new Moments(n, mean, c);
    }

    /** Neumaier's step: returns sum[i] + v, adding the rounding error of that addition to comp[i]. */
    private static double neumaier(double[] sum, double[] comp, int i, double v) {
        double a = sum[i];
        double t = a + v;
        comp[i] += Math.abs(a) >= Math.abs(v) ? (a - t) + v : (v - t) + a;
        return t;
    }

    /**
     * The sums of one quantity over all of {@code values}.
     *
     * @param values the samples of the quantity
     * @return the count, mean and centred second moment of all values
     */
    public static Moments of(double[] values) {
        return of(1, values, 0, values.length);
    }

    /**
     * The sums of the union of this sample and another sample of the same quantities (Chan's pairwise update).
     *
     * @param other sums of a disjoint sample of the same k quantities
     * @return the merged sums (this and {@code other} are unchanged)
     * @throws IllegalArgumentException if the numbers of quantities differ
     */
    public Moments merge(Moments other) {
        int k = mean.length;
        if (other.mean.length != k) {
            throw new IllegalArgumentException("cannot merge sums of " + k + " and " + other.mean.length
                    + " quantities");
        }
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            return other;
        }
        long n = count + other.count;
        double fb = (double) other.count / n;
        double cross = (double) count * other.count / n;
        double[] delta = new double[k];
        double[] m = new double[k];
        for (int i = 0; i < k; i++) {
            delta[i] = other.mean[i] - mean[i];
            m[i] = mean[i] + delta[i] * fb;
        }
        double[] c = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                c[i * k + j] = comoment[i * k + j] + other.comoment[i * k + j] + delta[i] * delta[j] * cross;
            }
        }
        return new Moments(n, m, c);
    }

    /**
     * The sums as a flat array: k, n, the k means and the k² co-moments (row-major), 2 + k + k² doubles (n is exact
     * below 2<sup>53</sup>).
     *
     * @return a new array that {@link #fromArray} turns back into equal sums
     */
    public double[] toArray() {
        int k = mean.length;
        double[] out = new double[2 + k + k * k];
        out[0] = k;
        out[1] = count;
        System.arraycopy(mean, 0, out, 2, k);
        System.arraycopy(comoment, 0, out, 2 + k, k * k);
        return out;
    }

    /**
     * The sums from the array of {@link #toArray()}.
     *
     * @param array 2 + k + k² doubles: k, n, means, co-moments
     * @return the sums
     * @throws IllegalArgumentException if the array does not have that layout
     */
    public static Moments fromArray(double[] array) {
        if (array == null || array.length < 3) {
            throw new IllegalArgumentException("partial sums need at least 3 doubles, got "
                    + (array == null ? "null" : array.length));
        }
        int k = (int) array[0];
        if (k < 1 || array[0] != k || array.length != 2 + k + k * k || !(array[1] >= 0)) {
            throw new IllegalArgumentException("not an array of partial sums: k = " + array[0] + ", n = " + array[1]
                    + ", length " + array.length);
        }
        return new Moments((long) array[1], Arrays.copyOfRange(array, 2, 2 + k),
                Arrays.copyOfRange(array, 2 + k, array.length));
    }

    /**
     * The merge of two arrays of sums ({@link #toArray()}): {@code fromArray(a).merge(fromArray(b)).toArray()}.
     *
     * @param a sums of one sample
     * @param b sums of a disjoint sample of the same quantities
     * @return the sums of the union, as an array
     */
    public static double[] merge(double[] a, double[] b) {
        return fromArray(a).merge(fromArray(b)).toArray();
    }

    /**
     * The number of quantities k per sample.
     *
     * @return k ≥ 1
     */
    public int quantities() {
        return mean.length;
    }

    /**
     * The number of samples n.
     *
     * @return n ≥ 0
     */
    public long count() {
        return count;
    }

    /**
     * The sample mean x̄<sub>i</sub> (0 for an empty sample).
     *
     * @param i the quantity, 0 ≤ i &lt; k
     * @return x̄<sub>i</sub>
     */
    public double mean(int i) {
        return mean[i];
    }

    /**
     * The centred co-moment C<sub>ij</sub> = Σ(x<sub>i</sub> − x̄<sub>i</sub>)(x<sub>j</sub> − x̄<sub>j</sub>).
     *
     * @param i the first quantity, 0 ≤ i &lt; k
     * @param j the second quantity, 0 ≤ j &lt; k
     * @return C<sub>ij</sub> (symmetric in i, j; C<sub>ii</sub> ≥ 0 up to rounding)
     */
    public double comoment(int i, int j) {
        return comoment[i * mean.length + j];
    }

    /**
     * The centred second moment of a linear combination u = Σ<sub>i</sub> c<sub>i</sub> x<sub>i</sub>:
     * Σ<sub>s</sub>(u<sub>s</sub> − ū)² = Σ<sub>ij</sub> c<sub>i</sub> c<sub>j</sub> C<sub>ij</sub>, clamped at 0.
     *
     * @param coefficients k coefficients c<sub>i</sub>
     * @return Σ(u − ū)² ≥ 0
     */
    public double comoment(double... coefficients) {
        int k = mean.length;
        if (coefficients.length != k) {
            throw new IllegalArgumentException("expected " + k + " coefficients, got " + coefficients.length);
        }
        double s = 0.0;
        for (int i = 0; i < k; i++) {
            double row = 0.0;
            for (int j = 0; j < k; j++) {
                row += comoment[i * k + j] * coefficients[j];
            }
            s += coefficients[i] * row;
        }
        return Math.max(0.0, s);
    }

    /**
     * The estimate of E[x<sub>i</sub>]: x̄<sub>i</sub> ± √(C<sub>ii</sub>/((n−1)n)) (as {@link Estimate#mean}).
     *
     * @param i the quantity
     * @return the mean with its standard error
     * @throws IllegalArgumentException if n &lt; 2
     */
    public Estimate meanEstimate(int i) {
        requireTwo();
        return Estimate.of(mean[i], Math.sqrt(Math.max(0.0, comoment(i, i)) / (count - 1) / count));
    }

    /**
     * The ratio of means r = x̄<sub>num</sub>/x̄<sub>den</sub> with its delta-method standard error
     * √(Σ(x<sub>num</sub> − r x<sub>den</sub>)²/(x̄<sub>den</sub>²(n−1)n)).
     *
     * @param num the numerator quantity
     * @param den the denominator quantity (non-zero mean)
     * @return r with its standard error
     * @throws IllegalArgumentException if n &lt; 2
     */
    public Estimate ratioEstimate(int num, int den) {
        requireTwo();
        double r = mean[num] / mean[den];
        double[] c = new double[mean.length];
        c[num] += 1.0;
        c[den] -= r;
        // Σ(x_num − r x_den)² = comoment + n(x̄_num − r x̄_den)², and the second term is 0 by the choice of r
        double ss = comoment(c);
        return Estimate.of(r, Math.sqrt(ss / (mean[den] * mean[den]) / (count - 1) / count));
    }

    private void requireTwo() {
        if (count < 2) {
            throw new IllegalArgumentException("a Monte-Carlo estimate needs at least 2 samples, got " + count);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Moments other && count == other.count && Arrays.equals(mean, other.mean)
                && Arrays.equals(comoment, other.comoment);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(count) + Arrays.hashCode(mean)) + Arrays.hashCode(comoment);
    }

    @Override
    public String toString() {
        return "Moments[n=" + count + ", mean=" + Arrays.toString(mean) + "]";
    }
}
