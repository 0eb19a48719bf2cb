package org.metricflow.nn.internal;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.metricflow.nn.Activation;

/**
 * The two Gaussian expectations of the infinite-width recursions, for (u, v) ~ N(0, [[k11, k12], [k12, k22]]):
 * E[σ(u)σ(v)] (next NNGP layer) and E[σ'(u)σ'(v)] (next NTK derivative kernel).
 *
 * <p><b>Closed forms.</b> With ρ = k12/√(k11k22) and θ = arccos ρ: relu (arc-cosine kernel of degree 1 and 0,
 * Cho and Saul 2009) E[relu relu] = √(k11k22)(sin θ + (π − θ) cos θ)/(2π), E[step step] = (π − θ)/(2π);
 * erf (Williams 1997) E[erf erf] = (2/π) arcsin(2k12/√((1 + 2k11)(1 + 2k22))),
 * E[erf' erf'] = (4/π)/√((1 + 2k11)(1 + 2k22) − 4k12²); identity E[uv] = k12, E[1·1] = 1.
 *
 * <p><b>Quadrature.</b> Write u = √k11 z1, v = (k12/√k11) z1 + √(k22 − k12²/k11) z2 with z1, z2 independent
 * standard normal. Smooth activations use the tensor-product Gauss–Hermite rule of the given order
 * (E[h(z)] = π^{−1/2} Σ w_i h(√2 x_i)), exponentially convergent for entire integrands. Activations with
 * kinks (relu) use piecewise Gauss–Legendre on [−L, L] (L = 10, Gaussian tail mass below 1e−22) split at the
 * kinks (for z2 at the kink line of v, which moves with z1), so every piece is smooth and the rule converges
 * exponentially there too.
 */
public final class GaussianExpectation {
    private static final double RANGE = 10.0;
    private static final double INV_SQRT_2PI = 0.39894228040143267794;

    private final int order;
    private final double[] hermiteNodes;
    private final double[] hermiteWeights;
    private final double[] legendreNodes;
    private final double[] legendreWeights;

    private GaussianExpectation(int order) {
        this.order = order;
        GaussIntegratorFactory factory = new GaussIntegratorFactory();
        GaussIntegrator h = factory.hermite(order);
        hermiteNodes = new double[order];
        hermiteWeights = new double[order];
        for (int i = 0; i < order; i++) {
            hermiteNodes[i] = Math.sqrt(2.0) * h.getPoint(i);
            hermiteWeights[i] = h.getWeight(i) / Math.sqrt(Math.PI);
        }
        GaussIntegrator g = factory.legendre(order, -1.0, 1.0);
        legendreNodes = new double[order];
        legendreWeights = new double[order];
        for (int i = 0; i < order; i++) {
            legendreNodes[i] = g.getPoint(i);
            legendreWeights[i] = g.getWeight(i);
        }
    }

    /**
     * A quadrature with {@code order} nodes per dimension (and per smooth piece); rules are cached.
     */
    public static GaussianExpectation withOrder(int order) {
        if (order < 2 || order > 400) {
            throw new IllegalArgumentException("quadrature order must be in 2..400, got " + order);
        }
        return CACHE.computeIfAbsent(order, GaussianExpectation::new);
    }

    private static final java.util.concurrent.ConcurrentHashMap<Integer, GaussianExpectation> CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The number of nodes per dimension.
     */
    public int order() {
        return order;
    }

    /**
     * Whether {@link #closedForm} covers the activation (relu, erf, identity).
     */
    public static boolean hasClosedForm(Activation act) {
        return act == Activation.RELU || act == Activation.ERF || act == Activation.IDENTITY;
    }

    /**
     * {E[σ(u)σ(v)], E[σ'(u)σ'(v)]} in closed form (relu, erf, identity only).
     */
    public static double[] closedForm(Activation act, double k11, double k12, double k22) {
        switch (act) {
            case RELU: {
                double s = Math.sqrt(k11 * k22);
                if (s == 0.0) {
                    return new double[] {0.0, 0.0};
                }
                double rho = Math.max(-1.0, Math.min(1.0, k12 / s));
                double theta = Math.acos(rho);
                double value = s * (Math.sqrt(Math.max(0.0, 1.0 - rho * rho)) + (Math.PI - theta) * rho)
                        / (2.0 * Math.PI);
                return new double[] {value, (Math.PI - theta) / (2.0 * Math.PI)};
            }
            case ERF: {
                double a = 1.0 + 2.0 * k11;
                double b = 1.0 + 2.0 * k22;
                double arg = Math.max(-1.0, Math.min(1.0, 2.0 * k12 / Math.sqrt(a * b)));
                double value = 2.0 / Math.PI * Math.asin(arg);
                double slope = 4.0 / Math.PI / Math.sqrt(a * b - 4.0 * k12 * k12);
                return new double[] {value, slope};
            }
            case IDENTITY:
                return new double[] {k12, 1.0};
            default:
                throw new IllegalArgumentException("no closed-form Gaussian expectation for " + act
                        + "; closed forms exist for RELU, ERF and IDENTITY, use quadrature otherwise");
        }
    }

    /**
     * {E[σ(u)σ(v)], E[σ'(u)σ'(v)]} by quadrature (any activation).
     */
    public double[] quadrature(Activation act, double k11, double k12, double k22) {
        double s1 = Math.sqrt(Math.max(0.0, k11));
        double b = s1 > 0 ? k12 / s1 : 0.0;
        double c = Math.sqrt(Math.max(0.0, k22 - b * b));
        return act.isSmooth() ? hermite(act, s1, b, c) : piecewise(act, s1, b, c);
    }

    private double[] hermite(Activation act, double s1, double b, double c) {
        double value = 0.0;
        double slope = 0.0;
        for (int i = 0; i < order; i++) {
            double z1 = hermiteNodes[i];
            double u = s1 * z1;
            double fu = act.value(u);
            double du = act.derivative(u);
            double iv = 0.0;
            double is = 0.0;
            if (c == 0.0) {
                double v = b * z1;
                iv = act.value(v);
                is = act.derivative(v);
            } else {
                for (int j = 0; j < order; j++) {
                    double v = b * z1 + c * hermiteNodes[j];
                    iv += hermiteWeights[j] * act.value(v);
                    is += hermiteWeights[j] * act.derivative(v);
                }
            }
            value += hermiteWeights[i] * fu * iv;
            slope += hermiteWeights[i] * du * is;
        }
        return new double[] {value, slope};
    }

    private double[] piecewise(Activation act, double s1, double b, double c) {
        double[] kinks = act.kinks();
        double[] outerBreaks = new double[kinks.length];
        int nb = 0;
        if (s1 > 0) {
            for (double k : kinks) {
                outerBreaks[nb++] = k / s1;
            }
        }
        double[] sum = new double[2];
        double[] outer = pieces(outerBreaks, nb);
        for (int piece = 0; piece + 1 < outer.length; piece++) {
            double lo = outer[piece];
            double hi = outer[piece + 1];
            double half = 0.5 * (hi - lo);
            double mid = 0.5 * (hi + lo);
            for (int i = 0; i < order; i++) {
                double z1 = mid + half * legendreNodes[i];
                double w1 = half * legendreWeights[i] * INV_SQRT_2PI * Math.exp(-0.5 * z1 * z1);
                double u = s1 * z1;
                double fu = act.value(u);
                double du = act.derivative(u);
                double iv;
                double is;
                if (c == 0.0) {
                    iv = act.value(b * z1);
                    is = act.derivative(b * z1);
                } else {
                    double[] inner = innerPiecewise(act, kinks, b * z1, c);
                    iv = inner[0];
                    is = inner[1];
                }
                sum[0] += w1 * fu * iv;
                sum[1] += w1 * du * is;
            }
        }
        return sum;
    }

    /** ∫ {σ, σ'}(shift + c z) φ(z) dz, split where shift + c z hits a kink. */
    private double[] innerPiecewise(Activation act, double[] kinks, double shift, double c) {
        double[] breaks = new double[kinks.length];
        for (int k = 0; k < kinks.length; k++) {
            breaks[k] = (kinks[k] - shift) / c;
        }
        double[] inner = pieces(breaks, kinks.length);
        double v0 = 0.0;
        double v1 = 0.0;
        for (int piece = 0; piece + 1 < inner.length; piece++) {
            double lo = inner[piece];
            double hi = inner[piece + 1];
            double half = 0.5 * (hi - lo);
            double mid = 0.5 * (hi + lo);
            for (int j = 0; j < order; j++) {
                double z = mid + half * legendreNodes[j];
                double w = half * legendreWeights[j] * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
                double v = shift + c * z;
                v0 += w * act.value(v);
                v1 += w * act.derivative(v);
            }
        }
        return new double[] {v0, v1};
    }

    /** Sorted break points −L = t_0 &lt; … &lt; t_k = L including those of {@code breaks} inside (−L, L). */
    private static double[] pieces(double[] breaks, int count) {
        double[] inside = new double[count + 2];
        int n = 0;
        inside[n++] = -RANGE;
        double[] sorted = java.util.Arrays.copyOf(breaks, count);
        java.util.Arrays.sort(sorted);
        for (double t : sorted) {
            if (t > -RANGE && t < RANGE && t > inside[n - 1]) {
                inside[n++] = t;
            }
        }
        inside[n++] = RANGE;
        return java.util.Arrays.copyOf(inside, n);
    }
}
