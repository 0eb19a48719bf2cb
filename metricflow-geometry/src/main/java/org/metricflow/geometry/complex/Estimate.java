package org.metricflow.geometry.complex;

import java.util.Locale;

/**
 * A Monte-Carlo estimate: {@code value} ± {@code standardError} (one standard deviation of the estimator).
 *
 * @param value the estimate
 * @param standardError its standard error (≥ 0)
 */
public record Estimate(double value, double standardError) {
    /** Validates that the error is non-negative (or NaN when undefined, e.g. for a single point). */
    public Estimate {
        if (standardError < 0) {
            throw new IllegalArgumentException("standard error must be >= 0, got " + standardError);
        }
    }

    /** An estimate value ± standardError. */
    public static Estimate of(double value, double standardError) {
        return new Estimate(value, standardError);
    }

    /** |value − reference| / standardError: how many standard errors away the reference is. */
    public double deviations(double reference) {
        return Math.abs(value - reference) / standardError;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.6g ± %.2g", value, standardError);
    }
}
