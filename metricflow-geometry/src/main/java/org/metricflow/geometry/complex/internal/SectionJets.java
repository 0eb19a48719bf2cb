package org.metricflow.geometry.complex.internal;

import org.metricflow.geometry.complex.Polynomial;

/**
 * The holomorphic 2-jet of v(x) = A·s(ι(x)) for polynomial sections s<sub>α</sub>, a constant complex upper-triangular r×r matrix A (a Cholesky adjoint)
 * and the 2-jet of the embedding ι ({@link EmbeddingJets}):
 * <pre>
 *   v = A s(z),   v_a = A Σ_j ∂_j s ι^j_a,   v_ac = A [Σ_{j,l} ∂_j∂_l s ι^j_a ι^l_c + Σ_j ∂_j s ι^j_ac].
 * </pre>
 * Output layouts as the inputs of {@link HermitianNormJets} (chunk-local point q): v {@code [2(q·r + i)]}, v1
 * {@code [2((q·d + a)·r + i)]}, v2 {@code [2(((q·d + a)·d + c)·r + i)]}.
 */
public final class SectionJets {
    private SectionJets() {
    }

    /**
     * Jets for n points (chunk-local arrays from {@link EmbeddingJets}).
     */
    public static void compute(Polynomial[] sections, double[] a, int n, int m, int d, double[] z, double[] first,
            double[] second, double[] v, double[] v1, double[] v2) {
        int r = sections.length;
        double[] val = new double[2 * n];
        double[] grad = new double[2 * n * m];
        double[] hess = new double[2 * n * m * m];
        // raw jets of s (before A), layout like the outputs
        double[] s0 = new double[2 * n * r];
        double[] s1 = new double[2 * n * d * r];
        double[] s2 = new double[2 * n * d * d * r];
        for (int al = 0; al < r; al++) {
            sections[al].evaluateWithGradient(z, n, val, grad);
            sections[al].hessian(z, n, hess);
            for (int q = 0; q < n; q++) {
                s0[2 * (q * r + al)] = val[2 * q];
                s0[2 * (q * r + al) + 1] = val[2 * q + 1];
                for (int x = 0; x < d; x++) {
                    int fo = 2 * (q * d + x) * m;
                    double sr = 0.0;
                    double si = 0.0;
                    for (int j = 0; j < m; j++) {
                        double gr = grad[2 * (q * m + j)];
                        double gi = grad[2 * (q * m + j) + 1];
                        double pr = first[fo + 2 * j];
                        double pi = first[fo + 2 * j + 1];
                        sr += gr * pr - gi * pi;
                        si += gr * pi + gi * pr;
                    }
                    s1[2 * ((q * d + x) * r + al)] = sr;
                    s1[2 * ((q * d + x) * r + al) + 1] = si;
                }
                for (int x = 0; x < d; x++) {
                    for (int y = x; y < d; y++) {
                        int fx = 2 * (q * d + x) * m;
                        int fy = 2 * (q * d + y) * m;
                        int so = 2 * ((q * d + x) * d + y) * m;
                        double sr = 0.0;
                        double si = 0.0;
                        for (int j = 0; j < m; j++) {
                            double pr = first[fx + 2 * j];
                            double pi = first[fx + 2 * j + 1];
                            if (pr != 0.0 || pi != 0.0) {
                                // Σ_l H_jl ι^l_y
                                double hr = 0.0;
                                double hi = 0.0;
                                for (int l = 0; l < m; l++) {
                                    double qr = first[fy + 2 * l];
                                    double qi = first[fy + 2 * l + 1];
                                    double xr = hess[2 * ((q * m + j) * m + l)];
                                    double xi = hess[2 * ((q * m + j) * m + l) + 1];
                                    hr += xr * qr - xi * qi;
                                    hi += xr * qi + xi * qr;
                                }
                                sr += pr * hr - pi * hi;
                                si += pr * hi + pi * hr;
                            }
                            double gr = grad[2 * (q * m + j)];
                            double gi = grad[2 * (q * m + j) + 1];
                            double wr = second[so + 2 * j];
                            double wi = second[so + 2 * j + 1];
                            sr += gr * wr - gi * wi;
                            si += gr * wi + gi * wr;
                        }
                        s2[2 * (((q * d + x) * d + y) * r + al)] = sr;
                        s2[2 * (((q * d + x) * d + y) * r + al) + 1] = si;
                        s2[2 * (((q * d + y) * d + x) * r + al)] = sr;
                        s2[2 * (((q * d + y) * d + x) * r + al) + 1] = si;
                    }
                }
            }
        }
        apply(a, r, s0, v, n);
        apply(a, r, s1, v1, n * d);
        apply(a, r, s2, v2, n * d * d);
    }

    // out_b = A in_b for `blocks` vectors of length r
    private static void apply(double[] a, int r, double[] in, double[] out, int blocks) {
        for (int b = 0; b < blocks; b++) {
            int o = 2 * b * r;
            for (int i = 0; i < r; i++) {
                double sr = 0.0;
                double si = 0.0;
                for (int j = i; j < r; j++) { // A = C† is upper triangular
                    double ar = a[2 * (i * r + j)];
                    double ai = a[2 * (i * r + j) + 1];
                    double xr = in[o + 2 * j];
                    double xi = in[o + 2 * j + 1];
                    sr += ar * xr - ai * xi;
                    si += ar * xi + ai * xr;
                }
                out[o + 2 * i] = sr;
                out[o + 2 * i + 1] = si;
            }
        }
    }
}
