package org.metricflow.core.autodiff.internal;

import org.apache.commons.math3.special.Erf;

/**
 * Scalar special functions used by the element-wise kernels.
 */
public final class SpecialFunctions {
    private static final double TWO_OVER_SQRT_PI = 1.12837916709551257390;

    private SpecialFunctions() {
    }

    /**
     * The error function erf(x) = (2/√π) ∫₀ˣ e^{−t²} dt to about one ulp.
     *
     * <p>For |x| &lt; 2.5 it sums the series erf(x) = (2/√π) e^{−x²} Σ_{n≥0} 2ⁿ x^{2n+1} / (1·3·5⋯(2n+1)),
     * whose terms are all of one sign (no cancellation). For 2.5 ≤ |x| ≤ 6 it uses 1 − erfc(|x|) from
     * Commons Math (continued fraction, accurate there since erfc ≤ 4·10⁻⁴), and ±1 beyond 6, where
     * erfc(6) ≈ 2·10⁻¹⁷ is below half an ulp of 1.
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 2.5) {
            double x2 = x * x;
            double term = x;
            double sum = x;
            for (int n = 0; n < 200; n++) {
                term *= 2.0 * x2 / (2 * n + 3);
                sum += term;
                if (Math.abs(term) <= 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
        }
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (ax > 6.0) {
            return Math.signum(x);
        }
        double v = 1.0 - Erf.erfc(ax);
        return x < 0 ? -v : v;
    }
}
