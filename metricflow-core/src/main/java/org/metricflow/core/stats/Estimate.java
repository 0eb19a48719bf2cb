package org.metricflow.core.stats;

/**
 * A Monte-Carlo estimate: a value with its standard error.
 *
 * <p>For N independent samples y<sub>i</sub> the estimate of E[y] is the mean ȳ and its standard error is
 * s/√N with s² = Σ(y<sub>i</sub> − ȳ)²/(N − 1).
 *
 * @param value the estimated quantity (e.g. the sample mean ȳ), in the quantity's own units; NaN if unknown
 * @param standardError its standard error (0 for an exact value)
 */
public record Estimate(double value, double standardError) {

    /**
     * Validates that the standard error is non-negative (NaN is allowed only together with a NaN value).
     */
    public Estimate {
        if (standardError < 0) {
            throw new IllegalArgumentException("standard error must be non-negative, got " + standardError);
        }
    }

    /**
     * An estimate from a value and its standard error.
     */
    public static Estimate of(double value, double standardError) {
        return new Estimate(value, standardError);
    }

    /**
     * An exact value (standard error 0).
     */
    public static Estimate exact(double value) {
        return new Estimate(value, 0.0);
    }

    /**
     * The sample mean of y and its standard error s/√N (N ≥ 2).
     */
    public static Estimate mean(double[] y) {
        return mean(y, 0, y.length);
    }

    /**
     * The sample mean of y[from, to) and its standard error, by a two-pass (stable) sum.
     */
    public static Estimate mean(double[] y, int from, int to) {
        int n = to - from;
        if (n < 2) {
            throw new IllegalArgumentException("a Monte-Carlo estimate needs at least 2 samples, got " + n);
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += y[i];
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = from; i < to; i++) {
            double d = y[i] - mean;
            ss += d * d;
        }
        return new Estimate(mean, Math.sqrt(ss / (n - 1) / n));
    }

    /**
     * The sample mean of y with a batch-means standard error: the scatter of the means of consecutive blocks of
     * {@code block} values, s<sub>B</sub>/√(number of blocks) (values after the last full block count in the mean
     * only). Unlike {@link #mean(double[])} it stays right when neighbouring values are correlated over fewer than
     * {@code block} positions, as the points of one random slice of a variety are (each slice yields several
     * consecutive points that share coordinates); for independent values both errors agree up to their own
     * sampling noise (relative ≈ 1/√(2·blocks)).
     *
     * @param y the values, at least 2·block of them, all finite
     * @param block values per block (≥ 1); much larger than the correlation length
     * @return (mean of all values, batch-means standard error)
     * @throws IllegalArgumentException if block &lt; 1 or fewer than two full blocks
     */
    public static Estimate batchMean(double[] y, int block) {
        if (block < 1) {
            throw new IllegalArgumentException("block must be >= 1, got " + block);
        }
        int blocks = y.length / block;
        if (blocks < 2) {
            throw new IllegalArgumentException("a batch-means error needs at least 2 blocks of " + block
                    + " values, got " + y.length + " values");
        }
        double[] means = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            double s = 0;
            for (int i = b * block; i < (b + 1) * block; i++) {
                s += y[i];
            }
            means[b] = s / block;
        }
        return new Estimate(mean(y).value(), mean(means).standardError());
    }

    /**
     * This estimate times a constant c: (c·value, |c|·error).
     */
    public Estimate times(double c) {
        return new Estimate(c * value, Math.abs(c) * standardError);
    }

    /**
     * The number of standard errors between this estimate and an exact reference value.
     */
    public double deviationsFrom(double reference) {
        double d = Math.abs(value - reference);
        return standardError == 0 ? (d == 0 ? 0 : Double.POSITIVE_INFINITY) : d / standardError;
    }

    /**
     * True if |value − reference| ≤ k standard errors.
     */
    public boolean agreesWith(double reference, double k) {
        return Math.abs(value - reference) <= k * standardError;
    }

    /**
     * The value rounded to its standard error, for people: the error with two significant digits and the value to
     * the same decimal place, e.g. {@code 4.997 ± 0.010} (not {@code 4.996595241470439 ± 0.010314608818525898}),
     * {@code -200.17 ± 0.70}, {@code 12350 ± 450}. With a zero or non-finite error the value
     * is shown with six significant digits. Machine-readable output (JSON, CSV) keeps full precision.
     *
     * @return "value ± error"
     */
    @Override
    public String toString() {
        return format(value, standardError);
    }

    /**
     * {@code value ± error} rounded as {@link #toString()} describes.
     *
     * @param error its standard error (≥ 0; 0, NaN or infinite show the value alone to six digits)
     * @return the text, locale-independent ({@code .} as decimal separator)
     */
    public static String format(double value, double error) {
        if (!(error > 0) || !Double.isFinite(error) || !Double.isFinite(value)) {
            return String.format(java.util.Locale.ROOT, "%.6g ± %s", value, error);
        }
        int place = (int) Math.floor(Math.log10(error)) - 1;        // the decimal place of the 2nd digit of the error
        if (place >= 0) {
            double unit = Math.pow(10, place);
            return String.format(java.util.Locale.ROOT, "%.0f ± %.0f", Math.round(value / unit) * unit,
                    Math.round(error / unit) * unit);
        }
        return String.format(java.util.Locale.ROOT, "%." + (-place) + "f ± %." + (-place) + "f", value, error);
    }
}
