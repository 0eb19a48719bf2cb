package org.metricflow.nn.internal;

import org.apache.commons.math3.special.Erf;
import org.metricflow.nn.Activation;

/**
 * Fused element-wise activation kernels: σ, σ', σ'' and σ''' of a run of pre-activations in one pass, with the
 * shared sub-expressions computed once (one Gaussian and one normal CDF for gelu and erf, one tanh, one logistic).
 *
 * <p><b>The normal CDF table.</b> gelu and erf need Φ(x) = (1 + erf(x/√2))/2 and the density φ(x) = Φ'(x) per
 * element, and the series or continued fraction of a general-purpose erf costs ≈ 100 ns. Here Φ is a piecewise
 * Taylor polynomial: on nodes x<sub>j</sub> = j/8, |x<sub>j</sub>| ≤ 10,
 * <pre>
 *   Φ(x_j + t) = Σ_{k=0}^{11} c_jk t^k,   c_j0 = Φ(x_j),   c_jk = φ^{(k−1)}(x_j)/k!,
 *   φ^{(m)}(x) = (−1)^m He_m(x) φ(x)   (probabilists' Hermite polynomials, He_{m+1} = x He_m − m He_{m−1}),
 * </pre>
 * and φ(x<sub>j</sub> + t) is the derivative polynomial Σ k c<sub>jk</sub> t<sup>k−1</sup>. With |t| ≤ 1/16 the
 * truncation error is below |φ<sup>(11)</sup>| t<sup>12</sup>/12! &lt; 10<sup>−20</sup>, far below one ulp of the
 * O(1) results; the table (161 × 12 doubles, 15 KB) stays in the L1 cache. Beyond |x| = 10, Φ is 0 or 1 and φ = 0
 * to within 10<sup>−22</sup>. Then
 * <pre>
 *   gelu: σ = xΦ, σ' = Φ + xφ, σ'' = φ(2 − x²), σ''' = φ(x³ − 4x);
 *   erf:  σ = 2Φ(√2x) − 1, σ' = 2√2 φ(√2x), σ'' = −2xσ', σ''' = (4x² − 2)σ'.
 * </pre>
 */
public final class ActivationKernels {
    private static final int PER_UNIT = 8;
    private static final double RANGE = 10.0;
    private static final int HALF = (int) (RANGE * PER_UNIT);
    private static final int DEGREE = 11;
    private static final int STRIDE = DEGREE + 1;
    private static final double[] TABLE = buildTable();
    private static final double SQRT2 = 1.41421356237309504880;
    private static final double TWO_SQRT2 = 2.0 * SQRT2;

    private ActivationKernels() {
    }

    private static double[] buildTable() {
        double[] t = new double[(2 * HALF + 1) * STRIDE];
        double[] he = new double[DEGREE];
        for (int j = -HALF; j <= HALF; j++) {
            double x = (double) j / PER_UNIT;
            int o = (j + HALF) * STRIDE;
            t[o] = 0.5 * Erf.erfc(-x / SQRT2);
            double pdf = Math.exp(-0.5 * x * x) / Math.sqrt(2.0 * Math.PI);
            he[0] = 1.0;
            if (DEGREE > 1) {
                he[1] = x;
            }
            for (int m = 1; m + 1 < DEGREE; m++) {
                he[m + 1] = x * he[m] - m * he[m - 1];
            }
            double factorial = 1.0;
            for (int k = 1; k <= DEGREE; k++) {
                factorial *= k;
                int m = k - 1;
                double sign = (m & 1) == 0 ? 1.0 : -1.0;
                t[o + k] = sign * he[m] * pdf / factorial;
            }
        }
        return t;
    }

    /**
     * Φ(x) and φ(x) of the standard normal distribution from the table: {@code out[0] = Φ}, {@code out[1] = φ}.
     * Exposed for tests.
     */
    public static void normal(double x, double[] out) {
        if (!(x > -RANGE && x < RANGE)) {
            boolean nan = Double.isNaN(x);
            out[0] = nan ? Double.NaN : (x > 0 ? 1.0 : 0.0);
            out[1] = nan ? Double.NaN : 0.0;
            return;
        }
        int j = (int) (x * PER_UNIT + (HALF + 0.5));
        double t = x - (double) (j - HALF) / PER_UNIT;
        int o = j * STRIDE;
        double p = TABLE[o + DEGREE];
        double q = DEGREE * TABLE[o + DEGREE];
        for (int k = DEGREE - 1; k >= 1; k--) {
            p = p * t + TABLE[o + k];
            q = q * t + k * TABLE[o + k];
        }
        out[0] = p * t + TABLE[o];
        out[1] = q;
    }

    /**
     * For {@code len} pre-activations {@code a[aOff..aOff+len)}: σ into {@code h[hOff..]} (skipped when h is null),
     * σ', σ'', σ''' into {@code d1}, {@code d2}, {@code d3} from {@code dOff}. RELU uses the one-sided derivatives
     * (σ'' = 0), IDENTITY σ' = 1.
     */
    // Measured hot loop of every training step (TrainingStepBenchmark): one switch, one tight loop per activation.
    public static void evaluate(Activation act, double[] a, int aOff, double[] h, int hOff, double[] d1,
            double[] d2, double[] d3, int dOff, int len) {
        if (act == Activation.GELU) {
            gelu(a, aOff, h, hOff, d1, d2, d3, dOff, len);
            return;
        }
        double[] nc = new double[2];
        for (int i = 0; i < len; i++) {
            double x = a[aOff + i];
            double v;
            double s1;
            double s2;
            double s3;
            switch (act) {
                case ERF: {
                    normal(SQRT2 * x, nc);
                    v = 2.0 * nc[0] - 1.0;
                    s1 = TWO_SQRT2 * nc[1];
                    s2 = -2.0 * x * s1;
                    s3 = (4.0 * x * x - 2.0) * s1;
                    break;
                }
                case TANH: {
                    double t = Math.tanh(x);
                    double s = 1.0 - t * t;
                    v = t;
                    s1 = s;
                    s2 = -2.0 * t * s;
                    s3 = -2.0 * s * (1.0 - 3.0 * t * t);
                    break;
                }
                case SOFTPLUS:
                case SIGMOID: {
                    double e = Math.exp(-Math.abs(x));
                    double s = x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
                    double q1 = s * (1.0 - s);
                    double q2 = q1 * (1.0 - 2.0 * s);
                    if (act == Activation.SOFTPLUS) {
                        v = Math.max(x, 0.0) + Math.log1p(e);
                        s1 = s;
                        s2 = q1;
                        s3 = q2;
                    } else {
                        v = s;
                        s1 = q1;
                        s2 = q2;
                        s3 = q1 * (1.0 - 6.0 * s + 6.0 * s * s);
                    }
                    break;
                }
                case SIN: {
                    double sn = Math.sin(x);
                    double cs = Math.cos(x);
                    v = sn;
                    s1 = cs;
                    s2 = -sn;
                    s3 = -cs;
                    break;
                }
                case RELU:
                    v = x > 0 ? x : 0.0;
                    s1 = x > 0 ? 1.0 : 0.0;
                    s2 = 0.0;
                    s3 = 0.0;
                    break;
                case IDENTITY:
                    v = x;
                    s1 = 1.0;
                    s2 = 0.0;
                    s3 = 0.0;
                    break;
                default:
                    // an activation without a fused case here: its scalar definitions in Activation
                    v = act.value(x);
                    s1 = act.derivative(x);
                    s2 = act.secondDerivative(x);
                    s3 = act.thirdDerivative(x);
            }
            if (h != null) {
                h[hOff + i] = v;
            }
            d1[dOff + i] = s1;
            d2[dOff + i] = s2;
            d3[dOff + i] = s3;
        }
    }

    private static void gelu(double[] a, int aOff, double[] h, int hOff, double[] d1, double[] d2, double[] d3,
            int dOff, int len) {
        final double[] table = TABLE;
        for (int i = 0; i < len; i++) {
            double x = a[aOff + i];
            double cdf;
            double pdf;
            if (x > -RANGE && x < RANGE) {
                int j = (int) (x * PER_UNIT + (HALF + 0.5));
                double t = x - (double) (j - HALF) / PER_UNIT;
                int o = j * STRIDE;
                double p = table[o + 11];
                double q = 11.0 * p;
                p = p * t + table[o + 10];
                q = q * t + 10.0 * table[o + 10];
                p = p * t + table[o + 9];
                q = q * t + 9.0 * table[o + 9];
                p = p * t + table[o + 8];
                q = q * t + 8.0 * table[o + 8];
                p = p * t + table[o + 7];
                q = q * t + 7.0 * table[o + 7];
                p = p * t + table[o + 6];
                q = q * t + 6.0 * table[o + 6];
                p = p * t + table[o + 5];
                q = q * t + 5.0 * table[o + 5];
                p = p * t + table[o + 4];
                q = q * t + 4.0 * table[o + 4];
                p = p * t + table[o + 3];
                q = q * t + 3.0 * table[o + 3];
                p = p * t + table[o + 2];
                q = q * t + 2.0 * table[o + 2];
                p = p * t + table[o + 1];
                q = q * t + table[o + 1];
                cdf = p * t + table[o];
                pdf = q;
            } else if (x == x) {
                cdf = x > 0 ? 1.0 : 0.0;
                pdf = 0.0;
            } else {
                cdf = Double.NaN;
                pdf = Double.NaN;
            }
            if (h != null) {
                h[hOff + i] = x * cdf;
            }
            d1[dOff + i] = cdf + x * pdf;
            d2[dOff + i] = pdf * (2.0 - x * x);
            d3[dOff + i] = pdf * x * (x * x - 4.0);
        }
    }
}
