package org.metricflow.core.stats;

/**
 * Whether the standard error of a Monte-Carlo mean can be trusted: the share of the sample variance carried by the
 * single largest deviation, f = max<sub>p</sub>(y<sub>p</sub> − ȳ)² / Σ<sub>p</sub>(y<sub>p</sub> − ȳ)². For an
 * integrand with finite variance and light tails f is about 2 ln N / N (10<sup>−3</sup> at N = 10<sup>4</sup>) and
 * tends to 0; for a heavy-tailed one (infinite variance, tail index α &lt; 2, as near a singular point of a variety
 * or in the χ integrand of some complete intersections) one point carries a share of order one and the reported
 * standard error understates the true error. The estimate is called trustworthy when f ≤ {@value #MAX_SHARE}.
 *
 * @param varianceShare f ∈ [0, 1] (0 for a constant sample)
 * @param points the number of values N
 * @param trustworthy whether f ≤ {@value #MAX_SHARE}
 */
public record TailDiagnostic(double varianceShare, int points, boolean trustworthy) {
    /** The largest share of the sample variance one value may carry for the standard error to be trusted. */
    public static final double MAX_SHARE = 0.1;

    /**
     * The diagnostic of the values y (for example the per-point terms of a Monte-Carlo mean).
     *
     * @param y the values, at least 2, all finite
     * @return the diagnostic
     * @throws IllegalArgumentException for fewer than 2 values or a non-finite one
     */
    public static TailDiagnostic of(double[] y) {
        if (y == null || y.length < 2) {
            throw new IllegalArgumentException("y: need at least 2 values, got " + (y == null ? "null" : y.length));
        }
        double mean = 0;
        for (double v : y) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("y holds a non-finite value " + v);
            }
            mean += v;
        }
        mean /= y.length;
        double sum = 0;
        double max = 0;
        for (double v : y) {
            double d = (v - mean) * (v - mean);
            sum += d;
            max = Math.max(max, d);
        }
        double share = sum == 0 ? 0 : max / sum;
        return new TailDiagnostic(share, y.length, share <= MAX_SHARE);
    }

    /**
     * The Hill estimate of the tail index α of |y| (P(|y| &gt; x) ~ x<sup>−α</sup>) from its k largest values:
     * α̂ = k / Σ<sub>r&lt;k</sub> ln(|y|<sub>(r)</sub>/|y|<sub>(k)</sub>), with |y|<sub>(0)</sub> ≥ |y|<sub>(1)</sub> ≥ … the order
     * statistics. α̂ &lt; 2 says the values have (effectively) infinite variance at this sample size, so a
     * Monte-Carlo mean converges slower than 1/√N, is usually pulled towards the bulk and its standard error is not
     * to be trusted; α̂ well above 2 says the central limit theorem applies. Its relative error is about 1/√k.
     *
     * @param y the values, more than k of them, all finite
     * @param k the number of upper order statistics used (1 ≤ k &lt; y.length), e.g. 0.5 % of the values
     * @return α̂ (infinite if the k + 1 largest |y| are equal)
     * @throws IllegalArgumentException if k is out of range, a value is not finite or |y|<sub>(k)</sub> = 0
     */
    public static double hillIndex(double[] y, int k) {
        if (y == null || k < 1 || k >= y.length) {
            throw new IllegalArgumentException("k must be in 1.." + (y == null ? 0 : y.length - 1) + ", got " + k);
        }
        double[] a = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("y holds a non-finite value " + y[i]);
            }
            a[i] = Math.abs(y[i]);
        }
        java.util.Arrays.sort(a);
        double threshold = a[a.length - 1 - k];
        if (threshold == 0) {
            throw new IllegalArgumentException("the (k+1)-th largest |y| is 0: too few non-zero values for k = " + k);
        }
        double s = 0;
        for (int r = 0; r < k; r++) {
            s += Math.log(a[a.length - 1 - r] / threshold);
        }
        return k / s;
    }
}
