package org.metricflow.core.autodiff.internal;

import org.apache.commons.math3.special.Erf;

/**
 * The library's one implementation of the error function family: erf, erfc, the standard normal CDF Φ and density φ.
 * Every module calls these (the autodiff kernels, the activations of {@code org.metricflow.nn.Activation} and the table
 * of the fused activation kernels, which is built from {@link #normalCdf} and {@link #normalPdf} at its nodes).
 * Stateless and thread safe.
 */
public final class SpecialFunctions {
    private static final double TWO_OVER_SQRT_PI = 1.12837916709551257390;
    private static final double SQRT2 = 1.41421356237309504880;
    private static final double SQRT_2PI = Math.sqrt(2.0 * Math.PI);

    private SpecialFunctions() {
    }

    /**
     * The error function erf(x) = (2/√π) ∫₀ˣ e^{−t²} dt to about one ulp.
     *
     * <p>For |x| &lt; 2.5 it sums the series erf(x) = (2/√π) e^{−x²} Σ_{n≥0} 2ⁿ x^{2n+1} / (1·3·5⋯(2n+1)),
     * whose terms are all of one sign (no cancellation). For 2.5 ≤ |x| ≤ 6 it uses 1 − {@link #erfc}(|x|)
     * (accurate there since erfc ≤ 4·10⁻⁴), and ±1 beyond 6, where erfc(6) ≈ 2·10⁻¹⁷ is below half an ulp of 1.
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
        double v = 1.0 - erfc(ax);
        return x < 0 ? -v : v;
    }

    /**
     * The complementary error function erfc(x) = 1 − erf(x), with relative accuracy in the right tail (where
     * 1 − erf(x) would cancel): Commons Math's continued fraction of the regularized incomplete gamma function,
     * erfc(x) = Q(½, x²) for x ≥ 0 and 2 − erfc(−x) otherwise, ≈ 10⁻¹⁴ relative.
     */
    public static double erfc(double x) {
        return Erf.erfc(x);
    }

    /**
     * The standard normal CDF Φ(x) = ½ erfc(−x/√2), relatively accurate in both tails (Φ(−10) ≈ 7.6·10⁻²⁴ is not
     * lost to cancellation as in ½(1 + erf(x/√2))).
     */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x / SQRT2);
    }

    /**
     * The standard normal density φ(x) = e<sup>−x²/2</sup>/√(2π).
     */
    public static double normalPdf(double x) {
        return Math.exp(-0.5 * x * x) / SQRT_2PI;
    }
}
