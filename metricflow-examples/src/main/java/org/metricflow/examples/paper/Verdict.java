package org.metricflow.examples.paper;

import java.util.Locale;
import java.util.Objects;

/**
 * One falsifiable check of a paper claim: a measured number against a stated interval. The verdict is computed
 * from the number, never set by a code path: {@link #holds()} is true exactly when low ≤ measured ≤ high (NaN never
 * holds).
 *
 * @param claim the claim's short label, e.g. {@code "(a) flow equation"}
 * @param quantity what was measured, with its units, e.g. {@code "fitted order of the residual in η"}
 * @param measured the measured number
 * @param low the lower end of the interval in which the claim holds (−∞ for none)
 * @param high the upper end (+∞ for none)
 */
public record Verdict(String claim, String quantity, double measured, double low, double high) {

    /**
     * Validates the texts and the interval.
     *
     * @param claim the claim's label
     * @param quantity what was measured
     * @param measured the number
     * @param low the lower end
     * @param high the upper end
     */
    public Verdict {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(quantity, "quantity");
        if (!(low <= high)) {
            throw new IllegalArgumentException("verdict interval must have low ≤ high, got [" + low + ", " + high + "]");
        }
    }

    /**
     * A claim that holds when the measured number is at least {@code threshold}.
     *
     * @param claim the claim's label
     * @param quantity what was measured
     * @param measured the number
     * @param threshold the smallest value for which the claim holds
     * @return the verdict
     */
    public static Verdict atLeast(String claim, String quantity, double measured, double threshold) {
        return new Verdict(claim, quantity, measured, threshold, Double.POSITIVE_INFINITY);
    }

    /**
     * A claim that holds when the measured number is at most {@code threshold}.
     *
     * @param claim the claim's label
     * @param quantity what was measured
     * @param measured the number
     * @param threshold the largest value for which the claim holds
     * @return the verdict
     */
    public static Verdict atMost(String claim, String quantity, double measured, double threshold) {
        return new Verdict(claim, quantity, measured, Double.NEGATIVE_INFINITY, threshold);
    }

    /**
     * Whether low ≤ measured ≤ high.
     *
     * @return whether the claim holds for the measured number
     */
    public boolean holds() {
        return measured >= low && measured <= high;
    }

    /**
     * The threshold as text: "≥ 10", "≤ 0.5" or "in [1.8, 2.2]".
     */
    public String threshold() {
        if (high == Double.POSITIVE_INFINITY) {
            return "≥ " + number(low);
        }
        if (low == Double.NEGATIVE_INFINITY) {
            return "≤ " + number(high);
        }
        return "in [" + number(low) + ", " + number(high) + "]";
    }

    /**
     * The one-line verdict, e.g. "(a) flow equation: **holds** — fitted order = 2.00 (needs in [1.8, 2.2])".
     *
     * @return the one-line Markdown verdict
     */
    public String line() {
        return String.format(Locale.ROOT, "%s: **%s** — %s = %s (needs %s)", claim,
                holds() ? "holds" : "does not hold", quantity, number(measured), threshold());
    }

    /**
     * A number with 3 significant digits in plain or scientific notation.
     *
     * @param v the number
     * @return its text
     */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.3g", v).replace("e", "·10^")
                .replaceAll("\\^\\+?(-?)0*(\\d)", "^$1$2") : String.format(Locale.ROOT, "%.3g", v);
    }
}
