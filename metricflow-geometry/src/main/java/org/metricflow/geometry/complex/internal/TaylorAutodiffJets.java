package org.metricflow.geometry.complex.internal;

import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.KahlerPotential;

/**
 * The generic route to the metric jets of any {@link KahlerPotential}: per point build the holomorphic Taylor
 * polynomial of the embedding, ι<sub>T</sub>(x) = z + Σ<sub>a</sub> ι<sub>a</sub>x<sub>a</sub> +
 * ½Σ<sub>a,c</sub> ι<sub>ac</sub>x<sub>a</sub>x<sub>c</sub>, as Tensor operations of the real coordinates
 * (Re x, Im x) (N×2d, columns x then y as in {@link org.metricflow.core.autodiff.Wirtinger}), evaluate
 * f = K∘ι<sub>T</sub>, and differentiate f with nested reverse mode at x = 0.
 *
 * <p>Why the 2-jet is enough: ι is holomorphic, so by the chain rule ∂<sub>c</sub>∂̄<sub>e</sub>∂<sub>a</sub>∂̄<sub>b</sub>
 * (K∘ι) at 0 contains holomorphic derivatives of ι of total order ≤ 2 (two holomorphic derivatives can only fall
 * on K or on ι) and antiholomorphic ones of order ≤ 2; ι and ι<sub>T</sub> agree to second order, so
 * g, ∂g and ∂∂̄g of K∘ι<sub>T</sub> at 0 are exact. (Pure derivatives such as ∂∂∂f would need the 3-jet; they
 * are never used.)
 *
 * <p>Cost: 1 + 2d sweeps for the real Hessian (hence g), d² sweeps for ∂g (one per independent real function
 * Re g<sub>ab̄</sub>, a ≤ b, Im g<sub>ab̄</sub>, a &lt; b), 2d³ sweeps for ∂∂̄g. This is the path for networks;
 * the Fubini–Study potential uses {@link HermitianNormJets} instead.
 */
public final class TaylorAutodiffJets {
    private TaylorAutodiffJets() {
    }

    /**
     * The Taylor-polynomial embedding as (Re z, Im z), each N×m, from a variable x (N×2d).
     *
     * @param z chunk-local jets as in {@link EmbeddingJets}
     */
    public static Tensor[] embedding(Tensor x, int n, int m, int d, double[] z, double[] first, double[] second) {
        Tensor re = Tensor.constant(slice(z, n, m, 0, 1, 0));
        Tensor im = Tensor.constant(slice(z, n, m, 1, 1, 0));
        Tensor[] u = new Tensor[d];
        Tensor[] v = new Tensor[d];
        for (int a = 0; a < d; a++) {
            u[a] = x.col(a);
            v[a] = x.col(d + a);
        }
        for (int a = 0; a < d; a++) {
            Tensor pr = Tensor.constant(slice(first, n, m, 0, d, a));
            Tensor pi = Tensor.constant(slice(first, n, m, 1, d, a));
            re = re.plus(u[a].times(pr)).minus(v[a].times(pi));
            im = im.plus(u[a].times(pi)).plus(v[a].times(pr));
        }
        for (int a = 0; a < d; a++) {
            for (int c = a; c < d; c++) {
                DMatrixRMaj qrv = slice(second, n, m, 0, d * d, a * d + c);
                DMatrixRMaj qiv = slice(second, n, m, 1, d * d, a * d + c);
                if (isZero(qrv) && isZero(qiv)) {
                    continue;
                }
                double f = a == c ? 0.5 : 1.0; // ½Σ_{a,c} over ordered pairs
                Tensor wr = u[a].times(u[c]).minus(v[a].times(v[c])).times(f);
                Tensor wi = u[a].times(v[c]).plus(v[a].times(u[c])).times(f);
                Tensor qr = Tensor.constant(qrv);
                Tensor qi = Tensor.constant(qiv);
                re = re.plus(wr.times(qr)).minus(wi.times(qi));
                im = im.plus(wr.times(qi)).plus(wi.times(qr));
            }
        }
        return new Tensor[] {re, im};
    }

    private static boolean isZero(DMatrixRMaj a) {
        for (double x : a.data) {
            if (x != 0.0) {
                return false;
            }
        }
        return true;
    }

    // N×m matrix of the re (part 0) or im (part 1) of block `block` out of `blocks` per point
    private static DMatrixRMaj slice(double[] src, int n, int m, int part, int blocks, int block) {
        DMatrixRMaj out = new DMatrixRMaj(n, m);
        for (int q = 0; q < n; q++) {
            int off = 2 * ((q * blocks + block) * m);
            for (int j = 0; j < m; j++) {
                out.data[q * m + j] = src[off + 2 * j + part];
            }
        }
        return out;
    }

    /**
     * The metric g<sub>ab̄</sub> = ∂<sub>a</sub>∂̄<sub>b</sub>(K∘ι<sub>T</sub>)(0) as differentiable tensors
     * {Re g, Im g}, each N×d² (entry (a, b) in column a·d + b); x must be the variable the embedding was built
     * from.
     */
    public static Tensor[] metric(Tensor f, Tensor x, int d) {
        Tensor grad = Autodiff.gradGraph(f.sum(), x)[0];
        Tensor[] hessCols = new Tensor[2 * d];
        for (int al = 0; al < 2 * d; al++) {
            hessCols[al] = Autodiff.gradGraph(grad.col(al).sum(), x)[0]; // row al of the real Hessian
        }
        Tensor[] re = new Tensor[d * d];
        Tensor[] im = new Tensor[d * d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                // ∂_a∂̄_b f = ¼[(f_{x_a x_b} + f_{y_a y_b}) + i(f_{x_a y_b} − f_{y_a x_b})]
                re[a * d + b] = hessCols[a].col(b).plus(hessCols[d + a].col(d + b)).times(0.25);
                im[a * d + b] = hessCols[a].col(d + b).minus(hessCols[d + a].col(b)).times(0.25);
            }
        }
        return new Tensor[] {Tensor.concatCols(re), Tensor.concatCols(im)};
    }

    /**
     * g, ∂g and ∂∂̄g of K∘ι<sub>T</sub> at x = 0 for n points (layouts of {@link HermitianNormJets}, written at
     * offset 0 of each output for the n points).
     *
     * @param potential the Kähler potential
     */
    public static void compute(KahlerPotential potential, int n, int m, int d, double[] z, double[] first,
            double[] second, double[] g, double[] dg, double[] ddg) {
        Tensor x = Tensor.variable(new DMatrixRMaj(n, 2 * d));
        Tensor[] emb = embedding(x, n, m, d, z, first, second);
        Tensor f = potential.value(emb[0], emb[1]);
        if (f.rows() != n || f.cols() != 1) {
            throw new IllegalArgumentException("the Kähler potential " + potential + " returned a "
                    + f.rows() + "×" + f.cols() + " tensor for " + n + " points; it must return N×1");
        }
        Tensor[] gt = metric(f, x, d);
        DMatrixRMaj gre = gt[0].value();
        DMatrixRMaj gim = gt[1].value();
        for (int q = 0; q < n; q++) {
            for (int ab = 0; ab < d * d; ab++) {
                g[2 * (q * d * d + ab)] = gre.data[q * d * d + ab];
                g[2 * (q * d * d + ab) + 1] = gim.data[q * d * d + ab];
            }
        }
        // independent real functions: Re g_ab (a ≤ b), Im g_ab (a < b)
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                for (int part = 0; part < 2; part++) {
                    if (part == 1 && a == b) {
                        continue;
                    }
                    Tensor phi = (part == 0 ? gt[0] : gt[1]).col(a * d + b);
                    Tensor j1 = Autodiff.gradGraph(phi.sum(), x)[0]; // N×2d: (φ_x, φ_y)
                    DMatrixRMaj jv = j1.value();
                    double[][] h = new double[2 * d][];
                    for (int be = 0; be < 2 * d; be++) {
                        h[be] = Autodiff.grad(j1.col(be).sum(), x)[0].data; // N×2d: row be of φ's Hessian
                    }
                    double sign = part == 0 ? 1.0 : -1.0; // g_{bā} = conj(g_{ab̄})
                    for (int q = 0; q < n; q++) {
                        for (int c = 0; c < d; c++) {
                            // ∂_c φ = (φ_{x_c} − i φ_{y_c})/2
                            double dr = 0.5 * jv.data[q * 2 * d + c];
                            double di = -0.5 * jv.data[q * 2 * d + d + c];
                            addTo(dg, 2 * (((q * d + c) * d + a) * d + b), part, dr, di, 1.0);
                            if (a != b) {
                                addTo(dg, 2 * (((q * d + c) * d + b) * d + a), part, dr, di, sign);
                            }
                            for (int e = 0; e < d; e++) {
                                // ∂_c∂̄_e φ = ¼[(φ_{x_c x_e} + φ_{y_c y_e}) + i(φ_{x_c y_e} − φ_{y_c x_e})]
                                double hr = 0.25 * (h[c][q * 2 * d + e] + h[d + c][q * 2 * d + d + e]);
                                double hi = 0.25 * (h[c][q * 2 * d + d + e] - h[d + c][q * 2 * d + e]);
                                addTo(ddg, 2 * ((((q * d + a) * d + b) * d + c) * d + e), part, hr, hi, 1.0);
                                if (a != b) {
                                    addTo(ddg, 2 * ((((q * d + b) * d + a) * d + c) * d + e), part, hr, hi, sign);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // out += (part 0: w, part 1: i·sign·w) with w = wr + i wi
    private static void addTo(double[] out, int o, int part, double wr, double wi, double sign) {
        if (part == 0) {
            out[o] += wr;
            out[o + 1] += wi;
        } else {
            out[o] -= sign * wi;
            out[o + 1] += sign * wr;
        }
    }
}
