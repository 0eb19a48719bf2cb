package org.metricflow.geometry.complex.internal;

/**
 * The compiled, allocation-free form of a polynomial in m complex variables that all hot loops use.
 *
 * <p>Points are stored interleaved: {@code z[off + 2j]} = Re z<sub>j</sub>, {@code z[off + 2j + 1]} =
 * Im z<sub>j</sub>. Each term t is c<sub>t</sub> Π<sub>j</sub> z<sub>j</sub><sup>e<sub>tj</sub></sup>; only the
 * variables with a nonzero exponent are visited, so sparse monomials such as z<sub>0</sub><sup>5</sup> cost one
 * power. Callers pass a scratch array of {@link #workspaceSize()} doubles; the kernel is therefore safe to
 * share between threads as long as each thread has its own scratch.
 */
public final class PolynomialKernel {
    private final int variables;
    private final int terms;
    private final int degree;
    private final int maxExponent;
    private final double[] coefRe;
    private final double[] coefIm;
    /** For term t, its nonzero variables are nzVar[nzStart[t] .. nzStart[t+1]) with exponents nzExp. */
    private final int[] nzStart;
    private final int[] nzVar;
    private final int[] nzExp;
    private final int maxNonzero;

    /**
     * @param variables m
     * @param exponents flat terms×m exponent table (row t = exponents of term t)
     * @param coefRe real parts of the coefficients
     * @param coefIm imaginary parts of the coefficients
     */
    public PolynomialKernel(int variables, int[] exponents, double[] coefRe, double[] coefIm) {
        this.variables = variables;
        this.terms = coefRe.length;
        this.coefRe = coefRe.clone();
        this.coefIm = coefIm.clone();
        this.nzStart = new int[terms + 1];
        int nnz = 0;
        int maxE = 0;
        int deg = 0;
        int maxNz = 0;
        for (int t = 0; t < terms; t++) {
            int td = 0;
            int cnt = 0;
            for (int j = 0; j < variables; j++) {
                int e = exponents[t * variables + j];
                if (e > 0) {
                    nnz++;
                    cnt++;
                }
                td += e;
                maxE = Math.max(maxE, e);
            }
            deg = Math.max(deg, td);
            maxNz = Math.max(maxNz, cnt);
        }
        this.nzVar = new int[nnz];
        this.nzExp = new int[nnz];
        int k = 0;
        for (int t = 0; t < terms; t++) {
            nzStart[t] = k;
            for (int j = 0; j < variables; j++) {
                int e = exponents[t * variables + j];
                if (e > 0) {
                    nzVar[k] = j;
                    nzExp[k] = e;
                    k++;
                }
            }
        }
        nzStart[terms] = k;
        this.maxExponent = maxE;
        this.degree = deg;
        this.maxNonzero = maxNz;
    }

    /**
     * Number of variables m.
     */
    public int variables() {
        return variables;
    }

    /**
     * The largest total degree of a term.
     */
    public int degree() {
        return degree;
    }

    /**
     * Size of the scratch array the kernels need.
     */
    public int workspaceSize() {
        // power table m×(maxE+1) complex, prefix/suffix (maxNonzero+1) complex each, line polynomial (deg+1)
        return 2 * variables * (maxExponent + 1) + 4 * (maxNonzero + 1) + 2 * (degree + 1) + 2;
    }

    private void powers(double[] z, int zOff, double[] w) {
        int stride = 2 * (maxExponent + 1);
        for (int j = 0; j < variables; j++) {
            int base = j * stride;
            double zr = z[zOff + 2 * j];
            double zi = z[zOff + 2 * j + 1];
            w[base] = 1.0;
            w[base + 1] = 0.0;
            double pr = 1.0;
            double pi = 0.0;
            for (int e = 1; e <= maxExponent; e++) {
                double nr = pr * zr - pi * zi;
                double ni = pr * zi + pi * zr;
                pr = nr;
                pi = ni;
                w[base + 2 * e] = pr;
                w[base + 2 * e + 1] = pi;
            }
        }
    }

    /**
     * Q(z) into out[outOff], out[outOff+1].
     */
    public void value(double[] z, int zOff, double[] out, int outOff, double[] w) {
        powers(z, zOff, w);
        int stride = 2 * (maxExponent + 1);
        double vr = 0.0;
        double vi = 0.0;
        for (int t = 0; t < terms; t++) {
            double pr = coefRe[t];
            double pi = coefIm[t];
            for (int k = nzStart[t]; k < nzStart[t + 1]; k++) {
                int idx = nzVar[k] * stride + 2 * nzExp[k];
                double ar = w[idx];
                double ai = w[idx + 1];
                double nr = pr * ar - pi * ai;
                pi = pr * ai + pi * ar;
                pr = nr;
            }
            vr += pr;
            vi += pi;
        }
        out[outOff] = vr;
        out[outOff + 1] = vi;
    }

    /**
     * Q(z) into val[valOff..valOff+1] and ∂Q/∂z<sub>j</sub> into grad[gradOff + 2j .. +1], j = 0..m−1.
     * The gradient of each term uses prefix and suffix products, so no division by z<sub>j</sub> occurs.
     */
    public void valueAndGradient(double[] z, int zOff, double[] val, int valOff, double[] grad, int gradOff,
            double[] w) {
        powers(z, zOff, w);
        int stride = 2 * (maxExponent + 1);
        int pre = 2 * variables * (maxExponent + 1);
        int suf = pre + 2 * (maxNonzero + 1);
        for (int j = 0; j < 2 * variables; j++) {
            grad[gradOff + j] = 0.0;
        }
        double vr = 0.0;
        double vi = 0.0;
        for (int t = 0; t < terms; t++) {
            int s = nzStart[t];
            int len = nzStart[t + 1] - s;
            double cr = coefRe[t];
            double ci = coefIm[t];
            if (len == 1) {
                int j = nzVar[s];
                int e = nzExp[s];
                int idx = j * stride + 2 * e;
                double ar = w[idx];
                double ai = w[idx + 1];
                vr += cr * ar - ci * ai;
                vi += cr * ai + ci * ar;
                int idm = idx - 2;
                double br = w[idm] * e;
                double bi = w[idm + 1] * e;
                grad[gradOff + 2 * j] += cr * br - ci * bi;
                grad[gradOff + 2 * j + 1] += cr * bi + ci * br;
                continue;
            }
            // prefix: pre_0 = c, pre_{k+1} = pre_k * a_k
            w[pre] = cr;
            w[pre + 1] = ci;
            for (int k = 0; k < len; k++) {
                int idx = nzVar[s + k] * stride + 2 * nzExp[s + k];
                double ar = w[idx];
                double ai = w[idx + 1];
                double pr = w[pre + 2 * k];
                double pi = w[pre + 2 * k + 1];
                w[pre + 2 * k + 2] = pr * ar - pi * ai;
                w[pre + 2 * k + 3] = pr * ai + pi * ar;
            }
            vr += w[pre + 2 * len];
            vi += w[pre + 2 * len + 1];
            // suffix: suf_len = 1, suf_k = a_k * suf_{k+1}
            w[suf + 2 * len] = 1.0;
            w[suf + 2 * len + 1] = 0.0;
            for (int k = len - 1; k > 0; k--) {
                int idx = nzVar[s + k] * stride + 2 * nzExp[s + k];
                double ar = w[idx];
                double ai = w[idx + 1];
                double qr = w[suf + 2 * k + 2];
                double qi = w[suf + 2 * k + 3];
                w[suf + 2 * k] = qr * ar - qi * ai;
                w[suf + 2 * k + 1] = qr * ai + qi * ar;
            }
            for (int k = 0; k < len; k++) {
                int j = nzVar[s + k];
                int e = nzExp[s + k];
                int idm = j * stride + 2 * (e - 1);
                double br = w[idm] * e;
                double bi = w[idm + 1] * e;
                double pr = w[pre + 2 * k];
                double pi = w[pre + 2 * k + 1];
                double qr = w[suf + 2 * k + 2];
                double qi = w[suf + 2 * k + 3];
                double xr = pr * qr - pi * qi;
                double xi = pr * qi + pi * qr;
                grad[gradOff + 2 * j] += xr * br - xi * bi;
                grad[gradOff + 2 * j + 1] += xr * bi + xi * br;
            }
        }
        val[valOff] = vr;
        val[valOff + 1] = vi;
    }

    /**
     * The holomorphic Hessian ∂²Q/∂z<sub>j</sub>∂z<sub>k</sub> into hess[hOff + 2(j·m + k) .. +1] (full symmetric
     * m×m complex matrix).
     */
    public void hessian(double[] z, int zOff, double[] hess, int hOff, double[] w) {
        powers(z, zOff, w);
        int stride = 2 * (maxExponent + 1);
        int m = variables;
        for (int j = 0; j < 2 * m * m; j++) {
            hess[hOff + j] = 0.0;
        }
        for (int t = 0; t < terms; t++) {
            int s = nzStart[t];
            int len = nzStart[t + 1] - s;
            for (int a = 0; a < len; a++) {
                for (int b = a; b < len; b++) {
                    int ea = nzExp[s + a];
                    int eb = nzExp[s + b];
                    double factor = a == b ? (double) ea * (ea - 1) : (double) ea * eb;
                    if (factor == 0.0) {
                        continue;
                    }
                    double pr = coefRe[t] * factor;
                    double pi = coefIm[t] * factor;
                    for (int k = 0; k < len; k++) {
                        int e = nzExp[s + k] - (k == a ? 1 : 0) - (k == b ? 1 : 0);
                        int idx = nzVar[s + k] * stride + 2 * e;
                        double ar = w[idx];
                        double ai = w[idx + 1];
                        double nr = pr * ar - pi * ai;
                        pi = pr * ai + pi * ar;
                        pr = nr;
                    }
                    int ja = nzVar[s + a];
                    int jb = nzVar[s + b];
                    hess[hOff + 2 * (ja * m + jb)] += pr;
                    hess[hOff + 2 * (ja * m + jb) + 1] += pi;
                    if (ja != jb) {
                        hess[hOff + 2 * (jb * m + ja)] += pr;
                        hess[hOff + 2 * (jb * m + ja) + 1] += pi;
                    }
                }
            }
        }
    }

    /**
     * Coefficients a<sub>0</sub>..a<sub>D</sub> (D = {@link #degree()}) of the univariate polynomial
     * t ↦ Q(b + t v), into out[outOff + 2k .. +1]. Each term is expanded by repeated multiplication with the
     * linear factors (b<sub>j</sub> + t v<sub>j</sub>).
     */
    public void lineCoefficients(double[] b, int bOff, double[] v, int vOff, double[] out, int outOff, double[] w) {
        int deg = degree;
        for (int k = 0; k < 2 * (deg + 1); k++) {
            out[outOff + k] = 0.0;
        }
        int tmp = 2 * variables * (maxExponent + 1) + 4 * (maxNonzero + 1);
        for (int t = 0; t < terms; t++) {
            w[tmp] = coefRe[t];
            w[tmp + 1] = coefIm[t];
            int len = 1;
            for (int k = nzStart[t]; k < nzStart[t + 1]; k++) {
                int j = nzVar[k];
                double br = b[bOff + 2 * j];
                double bi = b[bOff + 2 * j + 1];
                double vr = v[vOff + 2 * j];
                double vi = v[vOff + 2 * j + 1];
                for (int r = 0; r < nzExp[k]; r++) {
                    // (p_0..p_{len-1}) * (b + t v): new_l = p_l b + p_{l-1} v
                    int hi = tmp + 2 * len;
                    double pr = w[hi - 2];
                    double pi = w[hi - 1];
                    w[hi] = pr * vr - pi * vi;
                    w[hi + 1] = pr * vi + pi * vr;
                    for (int l = len - 1; l >= 1; l--) {
                        int at = tmp + 2 * l;
                        double cr = w[at];
                        double ci = w[at + 1];
                        double dr = w[at - 2];
                        double di = w[at - 1];
                        w[at] = cr * br - ci * bi + dr * vr - di * vi;
                        w[at + 1] = cr * bi + ci * br + dr * vi + di * vr;
                    }
                    double cr = w[tmp];
                    double ci = w[tmp + 1];
                    w[tmp] = cr * br - ci * bi;
                    w[tmp + 1] = cr * bi + ci * br;
                    len++;
                }
            }
            for (int l = 0; l < len; l++) {
                out[outOff + 2 * l] += w[tmp + 2 * l];
                out[outOff + 2 * l + 1] += w[tmp + 2 * l + 1];
            }
        }
    }
}
