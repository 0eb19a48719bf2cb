package org.metricflow.nn;

import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.autodiff.internal.SpecialFunctions;
import org.metricflow.nn.internal.ActivationKernels;

/**
 * Element-wise activation functions σ with their derivatives, both as plain double functions (for fused
 * kernels, quadratures and the analytic kernels) and as differentiable {@link Tensor} operations (for the
 * jet path, whose parameter gradients flow through σ'(a) and σ''(a)).
 *
 * <table>
 * <caption>Activations and derivatives</caption>
 * <tr><th>name</th><th>σ(x)</th><th>σ'(x)</th><th>σ''(x)</th></tr>
 * <tr><td>TANH</td><td>tanh x</td><td>1 − t²</td><td>−2t(1 − t²)</td></tr>
 * <tr><td>GELU</td><td>x Φ(x), Φ(x) = (1 + erf(x/√2))/2</td><td>Φ(x) + x φ(x)</td><td>φ(x)(2 − x²)</td></tr>
 * <tr><td>SOFTPLUS</td><td>log(1 + eˣ)</td><td>s = 1/(1 + e⁻ˣ)</td><td>s(1 − s)</td></tr>
 * <tr><td>SIN</td><td>sin x</td><td>cos x</td><td>−sin x</td></tr>
 * <tr><td>ERF</td><td>erf x</td><td>(2/√π) e^{−x²}</td><td>−2x σ'(x)</td></tr>
 * <tr><td>SIGMOID</td><td>s = 1/(1 + e⁻ˣ)</td><td>s(1 − s)</td><td>s(1 − s)(1 − 2s)</td></tr>
 * <tr><td>RELU</td><td>max(x, 0)</td><td>1 for x &gt; 0, else 0</td><td>0</td></tr>
 * <tr><td>IDENTITY</td><td>x</td><td>1</td><td>0</td></tr>
 * </table>
 * Here φ(x) = e^{−x²/2}/√(2π) is the standard normal density. RELU has a kink at 0 ({@link #kinks()}); its
 * derivatives are the one-sided ones of {@link Tensor#relu()} and the distributional δ at 0 is ignored.
 */
public enum Activation {
    /** Hyperbolic tangent. */
    TANH,
    /** Exact (erf form) Gaussian error linear unit x·Φ(x). */
    GELU,
    /** log(1 + eˣ). */
    SOFTPLUS,
    /** sin x. */
    SIN,
    /** The error function erf x (the activation of Williams' closed-form kernel). */
    ERF,
    /** The logistic function 1/(1 + e⁻ˣ). */
    SIGMOID,
    /** max(x, 0) (arc-cosine kernel of Cho and Saul). */
    RELU,
    /** The identity (a linear network). */
    IDENTITY;

    private static final double INV_SQRT2 = 0.70710678118654752440;
    private static final double INV_SQRT_2PI = 0.39894228040143267794;
    private static final double TWO_OVER_SQRT_PI = 1.12837916709551257390;
    private static final double[] NO_KINKS = {};

    /**
     * σ(x).
     *
     * @return σ(x)
     */
    public double value(double x) {
        switch (this) {
            case TANH: return Math.tanh(x);
            case GELU: return x * normalCdf(x);
            case SOFTPLUS: return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
            case SIN: return Math.sin(x);
            case ERF: return SpecialFunctions.erf(x);
            case SIGMOID: return logistic(x);
            case RELU: return x > 0 ? x : 0.0;
            default: return x;
        }
    }

    /**
     * σ'(x).
     *
     * @return σ'(x)
     */
    public double derivative(double x) {
        switch (this) {
            case TANH: {
                double t = Math.tanh(x);
                return 1.0 - t * t;
            }
            case GELU: return normalCdf(x) + x * normalPdf(x);
            case SOFTPLUS: return logistic(x);
            case SIN: return Math.cos(x);
            case ERF: return TWO_OVER_SQRT_PI * Math.exp(-x * x);
            case SIGMOID: {
                double s = logistic(x);
                return s * (1.0 - s);
            }
            case RELU: return x > 0 ? 1.0 : 0.0;
            default: return 1.0;
        }
    }

    /**
     * σ''(x).
     *
     * @return σ''(x)
     */
    public double secondDerivative(double x) {
        switch (this) {
            case TANH: {
                double t = Math.tanh(x);
                return -2.0 * t * (1.0 - t * t);
            }
            case GELU: return normalPdf(x) * (2.0 - x * x);
            case SOFTPLUS: {
                double s = logistic(x);
                return s * (1.0 - s);
            }
            case SIN: return -Math.sin(x);
            case ERF: return -2.0 * x * TWO_OVER_SQRT_PI * Math.exp(-x * x);
            case SIGMOID: {
                double s = logistic(x);
                return s * (1.0 - s) * (1.0 - 2.0 * s);
            }
            default: return 0.0;
        }
    }

    /**
     * σ'''(x): tanh −2(1 − t²)(1 − 3t²); gelu φ(x)(x³ − 4x); softplus s(1 − s)(1 − 2s); sin −cos x;
     * erf (2/√π)(4x² − 2)e^{−x²}; sigmoid s(1 − s)(1 − 6s + 6s²); relu and identity 0.
     */
    public double thirdDerivative(double x) {
        switch (this) {
            case TANH: {
                double t = Math.tanh(x);
                return -2.0 * (1.0 - t * t) * (1.0 - 3.0 * t * t);
            }
            case GELU: return normalPdf(x) * (x * x * x - 4.0 * x);
            case SOFTPLUS: {
                double s = logistic(x);
                return s * (1.0 - s) * (1.0 - 2.0 * s);
            }
            case SIN: return -Math.cos(x);
            case ERF: return TWO_OVER_SQRT_PI * (4.0 * x * x - 2.0) * Math.exp(-x * x);
            case SIGMOID: {
                double s = logistic(x);
                return s * (1.0 - s) * (1.0 - 6.0 * s + 6.0 * s * s);
            }
            default: return 0.0;
        }
    }

    /**
     * σ''''(x): tanh 8t(1 − t²)(2 − 3t²); gelu φ(x)(−x⁴ + 7x² − 4); softplus s(1 − s)(1 − 6s + 6s²);
     * sin sin x; erf (2/√π)(12x − 8x³)e^{−x²}; sigmoid s(1 − s)(1 − 14s + 36s² − 24s³); relu and identity 0.
     */
    public double fourthDerivative(double x) {
        switch (this) {
            case TANH: {
                double t = Math.tanh(x);
                return 8.0 * t * (1.0 - t * t) * (2.0 - 3.0 * t * t);
            }
            case GELU: {
                double x2 = x * x;
                return normalPdf(x) * (-x2 * x2 + 7.0 * x2 - 4.0);
            }
            case SOFTPLUS: {
                double s = logistic(x);
                return s * (1.0 - s) * (1.0 - 6.0 * s + 6.0 * s * s);
            }
            case SIN: return Math.sin(x);
            case ERF: return TWO_OVER_SQRT_PI * (12.0 * x - 8.0 * x * x * x) * Math.exp(-x * x);
            case SIGMOID: {
                double s = logistic(x);
                return s * (1.0 - s) * (1.0 - 14.0 * s + 36.0 * s * s - 24.0 * s * s * s);
            }
            default: return 0.0;
        }
    }

    /**
     * σ<sup>(5)</sup>(x) (the parameter gradient of a loss on fourth derivatives of a network needs it): tanh
     * 16 − 136t² + 240t⁴ − 120t⁶; gelu φ(x)(x⁵ − 11x³ + 18x); softplus s(1 − s)(1 − 14s + 36s² − 24s³); sin cos x;
     * erf (2/√π)(16x⁴ − 48x² + 12)e<sup>−x²</sup>; sigmoid s(1 − s)(1 − 30s + 150s² − 240s³ + 120s⁴); relu and identity 0.
     *
     * @param x the argument
     * @return the fifth derivative of σ at x
     */
    public double fifthDerivative(double x) {
        switch (this) {
            case TANH: {
                double t2 = Math.tanh(x) * Math.tanh(x);
                return 16.0 + t2 * (-136.0 + t2 * (240.0 - 120.0 * t2));
            }
            case GELU: {
                double x2 = x * x;
                return normalPdf(x) * x * (x2 * x2 - 11.0 * x2 + 18.0);
            }
            case SOFTPLUS: {
                double s = logistic(x);
                return s * (1.0 - s) * (1.0 - 14.0 * s + 36.0 * s * s - 24.0 * s * s * s);
            }
            case SIN: return Math.cos(x);
            case ERF: {
                double x2 = x * x;
                return TWO_OVER_SQRT_PI * (16.0 * x2 * x2 - 48.0 * x2 + 12.0) * Math.exp(-x2);
            }
            case SIGMOID: {
                double s = logistic(x);
                return s * (1.0 - s) * (1.0 + s * (-30.0 + s * (150.0 + s * (-240.0 + 120.0 * s))));
            }
            default: return 0.0;
        }
    }

    /**
     * σ and its first four derivatives at x in one call, sharing the transcendental functions (one tanh, one
     * logistic, one Gaussian, one sin and cos, or for gelu Φ and φ from the table of the fused kernels):
     * out[o + k] = σ<sup>(k)</sup>(x), k = 0..4. Equal to {@link #value}, {@link #derivative}, …,
     * {@link #fourthDerivative} up to rounding.
     */
    public void derivatives(double x, double[] out, int o) {
        switch (this) {
            case TANH: {
                double t = Math.tanh(x);
                double u = 1.0 - t * t;
                out[o] = t;
                out[o + 1] = u;
                out[o + 2] = -2.0 * t * u;
                out[o + 3] = -2.0 * u * (1.0 - 3.0 * t * t);
                out[o + 4] = 8.0 * t * u * (2.0 - 3.0 * t * t);
                return;
            }
            case GELU: {
                ActivationKernels.normal(x, out, o);
                double cdf = out[o];
                double pdf = out[o + 1];
                double x2 = x * x;
                out[o] = x * cdf;
                out[o + 1] = cdf + x * pdf;
                out[o + 2] = pdf * (2.0 - x2);
                out[o + 3] = pdf * (x2 * x - 4.0 * x);
                out[o + 4] = pdf * (-x2 * x2 + 7.0 * x2 - 4.0);
                return;
            }
            case SOFTPLUS:
            case SIGMOID: {
                double s = logistic(x);
                double s1 = s * (1.0 - s);
                double s2 = s1 * (1.0 - 2.0 * s);
                double s3 = s1 * (1.0 - 6.0 * s + 6.0 * s * s);
                if (this == SOFTPLUS) {
                    out[o] = value(x);
                    out[o + 1] = s;
                    out[o + 2] = s1;
                    out[o + 3] = s2;
                    out[o + 4] = s3;
                } else {
                    out[o] = s;
                    out[o + 1] = s1;
                    out[o + 2] = s2;
                    out[o + 3] = s3;
                    out[o + 4] = s1 * (1.0 - 14.0 * s + 36.0 * s * s - 24.0 * s * s * s);
                }
                return;
            }
            case SIN: {
                double sn = Math.sin(x);
                double cs = Math.cos(x);
                out[o] = sn;
                out[o + 1] = cs;
                out[o + 2] = -sn;
                out[o + 3] = -cs;
                out[o + 4] = sn;
                return;
            }
            case ERF: {
                double e = TWO_OVER_SQRT_PI * Math.exp(-x * x);
                out[o] = value(x);
                out[o + 1] = e;
                out[o + 2] = -2.0 * x * e;
                out[o + 3] = (4.0 * x * x - 2.0) * e;
                out[o + 4] = (12.0 * x - 8.0 * x * x * x) * e;
                return;
            }
            default:
                out[o] = value(x);
                out[o + 1] = derivative(x);
                out[o + 2] = 0.0;
                out[o + 3] = 0.0;
                out[o + 4] = 0.0;
        }
    }

    /**
     * Points where σ or σ' is not smooth (RELU: {0}); empty for the smooth activations. Quadratures split
     * their integration ranges there.
     *
     * @return the kink locations (empty for smooth activations)
     */
    public double[] kinks() {
        return this == RELU ? new double[] {0.0} : NO_KINKS.clone();
    }

    /**
     * Whether σ is infinitely differentiable everywhere (all but RELU).
     */
    public boolean isSmooth() {
        return this != RELU;
    }

    /**
     * σ applied element-wise as a differentiable Tensor operation.
     */
    public Tensor apply(Tensor a) {
        switch (this) {
            case TANH: return a.tanh();
            case GELU: return a.gelu();
            case SOFTPLUS: return a.softplus();
            case SIN: return a.sin();
            case ERF: return a.erf();
            case SIGMOID: return a.sigmoid();
            case RELU: return a.relu();
            default: return a;
        }
    }

    /**
     * σ'(a) element-wise as a differentiable Tensor (composed from Tensor operations, so it can be
     * differentiated again; for RELU the step function is a constant, whose derivative is 0 almost
     * everywhere).
     */
    public Tensor derivative(Tensor a) {
        switch (this) {
            case TANH: {
                Tensor t = a.tanh();
                return t.square().neg().plus(1.0);
            }
            case GELU:
                return a.times(INV_SQRT2).erf().plus(1.0).times(0.5).plus(a.times(gaussian(a)));
            case SOFTPLUS: return a.sigmoid();
            case SIN: return a.cos();
            case ERF: return a.square().neg().exp().times(TWO_OVER_SQRT_PI);
            case SIGMOID: {
                Tensor s = a.sigmoid();
                return s.times(s.neg().plus(1.0));
            }
            case RELU: return stepOf(a);
            default: return Tensor.ones(a.rows(), a.cols());
        }
    }

    /**
     * σ''(a) element-wise as a differentiable Tensor (zero for RELU and IDENTITY).
     */
    public Tensor secondDerivative(Tensor a) {
        switch (this) {
            case TANH: {
                Tensor t = a.tanh();
                Tensor d = t.square().neg().plus(1.0);
                return t.times(d).times(-2.0);
            }
            case GELU: return gaussian(a).times(a.square().neg().plus(2.0));
            case SOFTPLUS:
            case SIGMOID: {
                Tensor s = a.sigmoid();
                Tensor d = s.times(s.neg().plus(1.0));
                return this == SOFTPLUS ? d : d.times(s.times(-2.0).plus(1.0));
            }
            case SIN: return a.sin().neg();
            case ERF: return a.square().neg().exp().times(a).times(-2.0 * TWO_OVER_SQRT_PI);
            default: return Tensor.zeros(a.rows(), a.cols());
        }
    }

    /**
     * σ'(a) and σ''(a) together, sharing the common sub-expressions (one tanh, one sigmoid, one Gaussian).
     * Entry 0 is σ', entry 1 is σ''.
     */
    public Tensor[] derivatives(Tensor a) {
        switch (this) {
            case TANH: {
                Tensor t = a.tanh();
                Tensor d = t.square().neg().plus(1.0);
                return new Tensor[] {d, t.times(d).times(-2.0)};
            }
            case GELU: {
                Tensor g = gaussian(a);
                Tensor d1 = a.times(INV_SQRT2).erf().plus(1.0).times(0.5).plus(a.times(g));
                return new Tensor[] {d1, g.times(a.square().neg().plus(2.0))};
            }
            case SOFTPLUS: {
                Tensor s = a.sigmoid();
                return new Tensor[] {s, s.times(s.neg().plus(1.0))};
            }
            case SIGMOID: {
                Tensor s = a.sigmoid();
                Tensor d = s.times(s.neg().plus(1.0));
                return new Tensor[] {d, d.times(s.times(-2.0).plus(1.0))};
            }
            case ERF: {
                Tensor d = a.square().neg().exp().times(TWO_OVER_SQRT_PI);
                return new Tensor[] {d, d.times(a).times(-2.0)};
            }
            default:
                return new Tensor[] {derivative(a), secondDerivative(a)};
        }
    }

    private static Tensor gaussian(Tensor a) {
        return a.square().times(-0.5).exp().times(INV_SQRT_2PI);
    }

    private static Tensor stepOf(Tensor a) {
        double[] src = a.value().data;
        int n = a.rows() * a.cols();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = src[i] > 0 ? 1.0 : 0.0;
        }
        return Tensor.constant(a.rows(), a.cols(), out);
    }

    static double normalCdf(double x) {
        return SpecialFunctions.normalCdf(x);
    }

    static double normalPdf(double x) {
        return SpecialFunctions.normalPdf(x);
    }

    private static double logistic(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /**
     * Parses a name case-insensitively ("gelu", "ReLU"), with a message listing the choices.
     *
     * @return a name case-insensitively ("gelu", "ReLU"), with a message listing the choices
     */
    public static Activation parse(String name) {
        if (name != null) {
            for (Activation a : values()) {
                if (a.name().equalsIgnoreCase(name.trim())) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "': choose one of "
                + java.util.Arrays.toString(values()).toLowerCase(java.util.Locale.ROOT));
    }
}
