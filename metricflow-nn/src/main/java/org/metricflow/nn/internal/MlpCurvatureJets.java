package org.metricflow.nn.internal;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.geometry.complex.CurvatureJetLayout;
import org.metricflow.geometry.complex.FeatureCurvatureJets;
import org.metricflow.geometry.complex.FeatureMap;
import org.metricflow.geometry.complex.JetKahlerPotential;
import org.metricflow.nn.Activation;
import org.metricflow.nn.DenseLayer;
import org.metricflow.nn.Mlp;

/**
 * Values-only curvature jets of ψ = φ(f(ι<sub>T</sub>(x))) for a scalar {@link Mlp} φ on the features f of a
 * {@link FeatureMap}: ∂<sub>a</sub>∂̄<sub>b</sub>ψ, ∂<sub>a</sub>∂<sub>c</sub>∂̄<sub>b</sub>ψ and
 * ∂<sub>a</sub>∂<sub>c</sub>∂̄<sub>b</sub>∂̄<sub>e</sub>ψ at x = 0, batched over points, one GEMM per layer and sweep.
 *
 * <h2>Forward sweep (streams)</h2>
 * Per point the R = 1 + 2d + 2P + d² stream rows of {@link CurvatureJetLayout} (value, ∂, ∂∂, ∂∂̄) of the layer
 * inputs are stacked as (n·R)×width rows; a<sub>l</sub> = c<sub>w</sub>h<sub>l−1</sub>W<sub>l</sub><sup>T</sup> (+ c<sub>b</sub>b on
 * the value rows) is one GEMM, and h<sub>l</sub> = σ(a<sub>l</sub>) by Faà di Bruno:
 * <pre>
 *   h_c = σ'a_c,   h_ac = σ'a_ac + σ''a_a a_c,   h_ab̄ = σ'a_ab̄ + σ''a_a conj(a_b)
 * </pre>
 * The output layer gives ∂<sub>a</sub>∂̄<sub>b</sub>ψ from the ∂∂̄ rows.
 *
 * <h2>Backward sweep (the higher orders)</h2>
 * The (2,1) and (2,2) derivatives enter every later layer linearly, so they are not propagated: with
 * ρ<sub>l</sub> = ∂φ/∂h<sub>l</sub> (ρ<sub>L</sub> = c<sub>w</sub>w<sub>out</sub>, ρ<sub>l−1</sub> = c<sub>w</sub>(σ'<sub>l</sub>ρ<sub>l</sub>)W<sub>l</sub>),
 * <pre>
 *   ψ_acb̄   = Σ_l ρ_l·N_l^{acb̄} + ρ_0·f_acb̄,      N^{acb̄} = σ''(a_ac a_b̄ + a_ab̄ a_c + a_a a_cb̄) + σ'''a_a a_c a_b̄
 *   ψ_acb̄ē  = Σ_l ρ_l·(M_l^{acb̄ē} + σ''_l[a_acb̄ a_ē + a_acē a_b̄ + a_ab̄ē a_c + a_cb̄ē a_a]) + ρ_0·f_acb̄ē
 * </pre>
 * where M collects the Faà di Bruno terms of h<sub>acb̄ē</sub> built from streams only (3 σ'' pairs, 6 σ''' triples,
 * σ'''' a<sub>a</sub>a<sub>c</sub>a<sub>b̄</sub>a<sub>ē</sub>). The bracket holds (2,1) derivatives of the pre-activations;
 * T<sup>ē</sup>[acb̄] = Σ<sub>l</sub>ν<sup>e</sup><sub>l</sub>·a<sub>l,acb̄</sub> with ν<sup>e</sup> = ρσ''a<sub>ē</sub> is again linear
 * in the (2,1) derivatives, so d complex adjoints μ<sup>e</sup> (μ<sup>e</sup><sub>L</sub> = 0, λ<sup>e</sup><sub>l</sub> = ν<sup>e</sup><sub>l</sub> +
 * σ'<sub>l</sub>μ<sup>e</sup><sub>l</sub>, μ<sup>e</sup><sub>l−1</sub> = c<sub>w</sub>λ<sup>e</sup><sub>l</sub>W<sub>l</sub>) give
 * T<sup>ē</sup>[acb̄] = Σ<sub>l</sub>μ<sup>e</sup><sub>l</sub>·N<sub>l</sub><sup>acb̄</sup> + μ<sup>e</sup><sub>0</sub>·f<sub>acb̄</sub>, and the
 * bracket's sum is T<sup>ē</sup>[acb̄] + T<sup>b̄</sup>[acē] + conj T<sup>c̄</sup>[beā] + conj T<sup>ā</sup>[bec̄] (a real ψ).
 * The backward rows ρ, μ<sup>e</sup> (1 + 2d real rows per point) go through one GEMM per layer. No (2,1) or (2,2)
 * stream is ever propagated, which keeps the GEMM rows per point at R + 1 + 2d (35 for d = 3, against 100 real
 * Taylor coefficients of bidegree ≤ (2,2)).
 *
 * <p>Points are processed in blocks of {@value #BLOCK} with workspaces allocated once per instance; the network's
 * parameters are read at construction. Not thread safe (one instance per worker task).
 */
public final class MlpCurvatureJets implements JetKahlerPotential.CorrectionJets {
    /** Points per block (keeps the stacked stream matrices of all layers in the per-core L2 cache). */
    public static final int BLOCK = 8;

    private final Activation act;
    private final int m;
    private final int d;
    private final int pairs;
    private final int rows;
    private final int backRows;
    private final int hidden;
    private final int[] width;
    private final DMatrixRMaj[] weight;
    private final double[][][] weightTRows; // row j of W_lᵀ (forward products)
    private final double[][][] weightRows; // row j of W_l (backward products)
    private final double[][] productScratch;
    private final double[] weightMultiplier;
    private final double[][] bias;
    private final double[] outWeight;
    private final double outMultiplier;
    private final CurvatureJetLayout layout;
    private final FeatureCurvatureJets features;
    private final DMatrixRMaj[] pre;
    private final DMatrixRMaj[] post;
    private final double[][] sigma;
    private final DMatrixRMaj backA;
    private final DMatrixRMaj backB;
    private final double[] gphi;
    private final double[] third;
    private final double[] tee;
    private final double[] fourth;
    private final double[] five = new double[5];
    // contraction scratch, one k-contiguous row per factor
    private int scratchWidth = -1;
    private double[][] sH;
    private double[][] sP;
    private double[][] sU;
    private double[][] sV;
    private double[][] sQ;
    private double[][] sX0;
    private double[][] sX;
    private double[][] sY;
    private double[] sNr;
    private double[] sNi;
    private double[][] sA; // first rows a_i (re, im) of the point, copied to zero-offset rows
    private double[][] sZ; // conj of the second rows a_s (re, −im)
    private double[][] sMu; // adjoint rows μ^e (re, im)
    private double[] sRho;
    private double[] sS2;
    private double[] sTr;
    private double[] sTi;
    private final int[] pairA;
    private final int[] pairC;
    // the distinct entries K[(ab),(ce)] = Σ_k U_ab H_ce + V_ab P_ce (symmetric under (ab) ↔ (ce)) that ρM needs
    private final int[] kLeft;
    private final int[] kRight;
    private final int[] kFirst; // per q ≤ s (packed): index of K[(ab),(ce)]
    private final int[] kSecond; // per q ≤ s (packed): index of K[(ae),(cb)]
    private final double[] kRe;
    private final double[] kIm;

    /**
     * A workspace for the network on the given features of points with m coordinates, dimension d.
     *
     * @param network the network
     * @param map the map
     * @param m the argument {@code m}
     * @param d the argument {@code d}
     */
    public MlpCurvatureJets(Mlp network, FeatureMap map, int m, int d) {
        if (network.outputs() != 1) {
            throw new IllegalArgumentException("curvature jets need a scalar network, this one has "
                    + network.outputs() + " outputs");
        }
        if (network.inputs() != map.featureCount(m)) {
            throw new IllegalArgumentException("the network takes " + network.inputs() + " inputs but " + map
                    + " gives " + map.featureCount(m) + " features for " + m + " coordinates");
        }
        this.act = network.activation();
        this.m = m;
        this.d = d;
        this.features = FeatureCurvatureJets.workspace(map, m, d, BLOCK);
        this.layout = features.layout();
        this.pairs = layout.pairs();
        this.rows = layout.rows();
        this.backRows = 1 + 2 * d;
        List<DenseLayer> layers = network.layers();
        this.hidden = layers.size() - 1;
        this.width = new int[hidden + 1];
        this.weight = new DMatrixRMaj[hidden + 1];
        this.weightTRows = new double[hidden + 1][][];
        this.weightRows = new double[hidden + 1][][];
        this.weightMultiplier = new double[hidden + 1];
        this.bias = new double[hidden + 1][];
        width[0] = network.inputs();
        int maxWidth = width[0];
        for (int l = 1; l <= hidden; l++) {
            DenseLayer layer = layers.get(l - 1);
            width[l] = layer.outputs();
            maxWidth = Math.max(maxWidth, width[l]);
            weight[l] = layer.weight().value();
            int wo = layer.outputs();
            int wi = layer.inputs();
            weightTRows[l] = new double[wi][wo];
            weightRows[l] = new double[wo][wi];
            for (int k = 0; k < wo; k++) {
                for (int j = 0; j < wi; j++) {
                    weightTRows[l][j][k] = weight[l].data[k * wi + j];
                    weightRows[l][k][j] = weight[l].data[k * wi + j];
                }
            }
            weightMultiplier[l] = layer.weightMultiplier();
            double[] b = layer.bias().value().data;
            bias[l] = new double[width[l]];
            for (int k = 0; k < width[l]; k++) {
                bias[l][k] = layer.biasMultiplier() * b[k];
            }
        }
        this.productScratch = new double[3][maxWidth];
        DenseLayer out = layers.get(hidden);
        this.outWeight = out.weight().value().data.clone();
        this.outMultiplier = out.weightMultiplier();
        this.pre = new DMatrixRMaj[hidden + 1];
        this.post = new DMatrixRMaj[hidden + 1];
        this.sigma = new double[hidden + 1][];
        for (int l = 1; l <= hidden; l++) {
            pre[l] = new DMatrixRMaj(BLOCK * rows, width[l]);
            post[l] = new DMatrixRMaj(BLOCK * rows, width[l]);
            sigma[l] = new double[5 * BLOCK * width[l]];
        }
        this.backA = new DMatrixRMaj(BLOCK * backRows, maxWidth);
        this.backB = new DMatrixRMaj(BLOCK * backRows, maxWidth);
        this.gphi = new double[2 * BLOCK * d * d];
        this.third = new double[2 * BLOCK * pairs * d];
        this.tee = new double[2 * BLOCK * d * pairs * d];
        this.fourth = new double[2 * BLOCK * pairs * pairs];
        this.pairA = new int[pairs];
        this.pairC = new int[pairs];
        for (int q = 0; q < pairs; q++) {
            pairA[q] = layout.pairFirst(q);
            pairC[q] = layout.pairSecond(q);
        }
        int packed = pairs * (pairs + 1) / 2;
        this.kFirst = new int[packed];
        this.kSecond = new int[packed];
        int[] index = new int[d * d * d * d];
        java.util.Arrays.fill(index, -1);
        int[] left = new int[2 * packed];
        int[] right = new int[2 * packed];
        int distinct = 0;
        int x = 0;
        for (int q = 0; q < pairs; q++) {
            for (int s = q; s < pairs; s++, x++) {
                int a = pairA[q];
                int c = pairC[q];
                int b = pairA[s];
                int e = pairC[s];
                for (int t = 0; t < 2; t++) {
                    int i = t == 0 ? a * d + b : a * d + e; // (ab) or (ae)
                    int j = t == 0 ? c * d + e : c * d + b; // (ce) or (cb)
                    int key = Math.min(i, j) * d * d + Math.max(i, j);
                    if (index[key] < 0) {
                        index[key] = distinct;
                        left[distinct] = Math.min(i, j);
                        right[distinct] = Math.max(i, j);
                        distinct++;
                    }
                    if (t == 0) {
                        kFirst[x] = index[key];
                    } else {
                        kSecond[x] = index[key];
                    }
                }
            }
        }
        this.kLeft = java.util.Arrays.copyOf(left, distinct);
        this.kRight = java.util.Arrays.copyOf(right, distinct);
        this.kRe = new double[distinct];
        this.kIm = new double[distinct];
    }

    @Override
    public void add(int n, double[] z, double[] first, double[] second, double[] g, int gOff, double[] dg,
            int dgOff, double[] ddg, int ddgOff) {
        int d2 = d * d;
        for (int b0 = 0; b0 < n; b0 += BLOCK) {
            int nb = Math.min(BLOCK, n - b0);
            features.compute(nb, z, 2 * b0 * m, first, 2 * b0 * d * m, second, 2 * b0 * d2 * m);
            forward(nb);
            backward(nb);
            finish(nb, g, gOff + 2 * b0 * d2, dg, dgOff + 2 * b0 * d2 * d, ddg, ddgOff + 2 * b0 * d2 * d2);
        }
    }

    private void forward(int nb) {
        int r = rows;
        DMatrixRMaj in = DMatrixRMaj.wrap(nb * r, width[0], features.streams());
        for (int l = 1; l <= hidden; l++) {
            int w = width[l];
            DMatrixRMaj a = pre[l];
            DMatrixRMaj h = post[l];
            a.reshape(nb * r, w);
            h.reshape(nb * r, w);
            multiplyRows(weightMultiplier[l], in.data, nb * r, width[l - 1], weightTRows[l], w, a.data,
                    productScratch);
            double[] ad = a.data;
            double[] hd = h.data;
            double[] sg = sigma[l];
            double[] b = bias[l];
            for (int p = 0; p < nb; p++) {
                int base = p * r * w;
                for (int k = 0; k < w; k++) {
                    ad[base + k] += b[k];
                    act.derivatives(ad[base + k], five, 0);
                    for (int j = 0; j < 5; j++) {
                        sg[(p * 5 + j) * w + k] = five[j];
                    }
                    hd[base + k] = five[0];
                }
                for (int c = 0; c < d; c++) {
                    int re = base + layout.firstRow(c) * w;
                    int im = re + w;
                    for (int k = 0; k < w; k++) {
                        double s1 = sg[(p * 5 + 1) * w + k];
                        hd[re + k] = s1 * ad[re + k];
                        hd[im + k] = s1 * ad[im + k];
                    }
                }
                for (int q = 0; q < pairs; q++) {
                    int re = base + layout.secondRow(q) * w;
                    int im = re + w;
                    int ar = base + layout.firstRow(pairA[q]) * w;
                    int cr = base + layout.firstRow(pairC[q]) * w;
                    for (int k = 0; k < w; k++) {
                        double s1 = sg[(p * 5 + 1) * w + k];
                        double s2 = sg[(p * 5 + 2) * w + k];
                        double xr = ad[ar + k];
                        double xi = ad[ar + w + k];
                        double yr = ad[cr + k];
                        double yi = ad[cr + w + k];
                        hd[re + k] = s1 * ad[re + k] + s2 * (xr * yr - xi * yi);
                        hd[im + k] = s1 * ad[im + k] + s2 * (xr * yi + xi * yr);
                    }
                }
                for (int i = 0; i < d; i++) {
                    for (int j = i; j < d; j++) {
                        int re = base + layout.mixedRealRow(i, j) * w;
                        int xo = base + layout.firstRow(i) * w;
                        int yo = base + layout.firstRow(j) * w;
                        // a_i conj(a_j)
                        for (int k = 0; k < w; k++) {
                            double s1 = sg[(p * 5 + 1) * w + k];
                            double s2 = sg[(p * 5 + 2) * w + k];
                            hd[re + k] = s1 * ad[re + k] + s2 * (ad[xo + k] * ad[yo + k]
                                    + ad[xo + w + k] * ad[yo + w + k]);
                        }
                        if (j > i) {
                            int im = base + layout.mixedImaginaryRow(i, j) * w;
                            for (int k = 0; k < w; k++) {
                                double s1 = sg[(p * 5 + 1) * w + k];
                                double s2 = sg[(p * 5 + 2) * w + k];
                                hd[im + k] = s1 * ad[im + k] + s2 * (ad[xo + w + k] * ad[yo + k]
                                        - ad[xo + k] * ad[yo + w + k]);
                            }
                        }
                    }
                }
            }
            in = h;
        }
        // output layer on the ∂∂̄ rows: ∂_a∂̄_b ψ
        int w = width[hidden];
        double[] hd = in.data;
        for (int p = 0; p < nb; p++) {
            int base = p * r * w;
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    double re = outMultiplier * dot(outWeight, hd, base + layout.mixedRealRow(i, j) * w, w);
                    double im = j > i ? outMultiplier * dot(outWeight, hd, base + layout.mixedImaginaryRow(i, j) * w, w)
                            : 0.0;
                    int o = 2 * (p * d * d + i * d + j);
                    gphi[o] = re;
                    gphi[o + 1] = im;
                    int t = 2 * (p * d * d + j * d + i);
                    gphi[t] = re;
                    gphi[t + 1] = -im;
                }
            }
        }
    }

    /**
     * out (rows×k) = alpha · x (rows×n) · b (n×k), x and out row-major, b given by its n rows of length ≥ k.
     * Three output rows at a time are accumulated in zero-offset scratch rows acc (3 × ≥ k), two rows of b per
     * pass: acc_r[t] = (acc_r[t] + x[i+r][j]·b_j[t]) + x[i+r][j+1]·b_{j+1}[t]. That loop reads five arrays, which
     * C2's SuperWord (Java 17) still vectorizes, and reuses each loaded b element for three rows and each
     * accumulator for two products: ≈ 37 GFLOP/s per core at 896×64·64 against ≈ 15 for one b row and four
     * accumulators per pass (six arrays or more per loop are not vectorized). Every output entry is the same
     * ordered sum Σ_j (in increasing j, one rounding per product and per addition) whatever the row count or
     * grouping, so results do not depend on the batch split.
     */
    static void multiplyRows(double alpha, double[] x, int rows, int n, double[][] b, int k, double[] out,
            double[][] acc) {
        double[] o0 = acc[0];
        double[] o1 = acc[1];
        double[] o2 = acc[2];
        int i = 0;
        for (; i + 2 < rows; i += 3) {
            int x0 = i * n;
            int x1 = x0 + n;
            int x2 = x1 + n;
            java.util.Arrays.fill(o0, 0, k, 0.0);
            java.util.Arrays.fill(o1, 0, k, 0.0);
            java.util.Arrays.fill(o2, 0, k, 0.0);
            int j = 0;
            for (; j + 1 < n; j += 2) {
                axpy3x2(o0, o1, o2, x[x0 + j], x[x0 + j + 1], x[x1 + j], x[x1 + j + 1], x[x2 + j], x[x2 + j + 1],
                        b[j], b[j + 1], k);
            }
            if (j < n) {
                axpy(o0, x[x0 + j], b[j], k);
                axpy(o1, x[x1 + j], b[j], k);
                axpy(o2, x[x2 + j], b[j], k);
            }
            store(alpha, o0, out, i * k, k);
            store(alpha, o1, out, (i + 1) * k, k);
            store(alpha, o2, out, (i + 2) * k, k);
        }
        for (; i < rows; i++) {
            int x0 = i * n;
            java.util.Arrays.fill(o0, 0, k, 0.0);
            int j = 0;
            for (; j + 1 < n; j += 2) {
                axpy1x2(o0, x[x0 + j], x[x0 + j + 1], b[j], b[j + 1], k);
            }
            if (j < n) {
                axpy(o0, x[x0 + j], b[j], k);
            }
            store(alpha, o0, out, i * k, k);
        }
    }

    /** o_r[t] = (o_r[t] + s_r0·u[t]) + s_r1·v[t] for the three rows r. */
    private static void axpy3x2(double[] o0, double[] o1, double[] o2, double s00, double s01, double s10,
            double s11, double s20, double s21, double[] u, double[] v, int k) {
        for (int t = 0; t < k; t++) {
            double a = u[t];
            double c = v[t];
            o0[t] = (o0[t] + s00 * a) + s01 * c;
            o1[t] = (o1[t] + s10 * a) + s11 * c;
            o2[t] = (o2[t] + s20 * a) + s21 * c;
        }
    }

    /** o[t] = (o[t] + s0·u[t]) + s1·v[t]: the same rounding as each row of axpy3x2. */
    private static void axpy1x2(double[] o, double s0, double s1, double[] u, double[] v, int k) {
        for (int t = 0; t < k; t++) {
            o[t] = (o[t] + s0 * u[t]) + s1 * v[t];
        }
    }

    private static void axpy(double[] o, double s, double[] b, int k) {
        for (int t = 0; t < k; t++) {
            o[t] += s * b[t]; // the same rounding as each product of axpy3x2
        }
    }

    /** out[off + t] = alpha·acc[t]: scaled in place (vectorized), then copied. */
    private static void store(double alpha, double[] acc, double[] out, int off, int k) {
        for (int t = 0; t < k; t++) {
            acc[t] *= alpha;
        }
        System.arraycopy(acc, 0, out, off, k);
    }

    private static double dot(double[] w, double[] x, int off, int n) {
        double s = 0.0;
        for (int k = 0; k < n; k++) {
            s += w[k] * x[off + k];
        }
        return s;
    }

    private void backward(int nb) {
        java.util.Arrays.fill(third, 0, 2 * nb * pairs * d, 0.0);
        java.util.Arrays.fill(tee, 0, 2 * nb * d * pairs * d, 0.0);
        java.util.Arrays.fill(fourth, 0, 2 * nb * pairs * pairs, 0.0);
        int rb = backRows;
        DMatrixRMaj cur = backA;
        DMatrixRMaj next = backB;
        int wl = width[hidden];
        cur.reshape(nb * rb, wl);
        java.util.Arrays.fill(cur.data, 0, nb * rb * wl, 0.0);
        for (int p = 0; p < nb; p++) {
            for (int k = 0; k < wl; k++) {
                cur.data[p * rb * wl + k] = outMultiplier * outWeight[k];
            }
        }
        for (int l = hidden; l >= 1; l--) {
            int w = width[l];
            contract(nb, l, cur.data, l < hidden);
            // adjoints over a_l: λ^ρ = σ'ρ, λ^e = ρσ''conj(a_e) + σ'μ^e
            double[] bd = cur.data;
            double[] ad = pre[l].data;
            double[] sg = sigma[l];
            for (int p = 0; p < nb; p++) {
                int bb = p * rb * w;
                int base = p * rows * w;
                for (int k = 0; k < w; k++) {
                    double s1 = sg[(p * 5 + 1) * w + k];
                    double s2 = sg[(p * 5 + 2) * w + k];
                    double rho = bd[bb + k];
                    bd[bb + k] = s1 * rho;
                    for (int e = 0; e < d; e++) {
                        int er = bb + (1 + 2 * e) * w + k;
                        int ar = base + layout.firstRow(e) * w + k;
                        bd[er] = rho * s2 * ad[ar] + s1 * bd[er];
                        bd[er + w] = -rho * s2 * ad[ar + w] + s1 * bd[er + w];
                    }
                }
            }
            next.reshape(nb * rb, width[l - 1]);
            multiplyRows(weightMultiplier[l], cur.data, nb * rb, w, weightRows[l], width[l - 1], next.data,
                    productScratch);
            DMatrixRMaj t = cur;
            cur = next;
            next = t;
        }
        contractFeatures(nb, cur.data);
    }

    /**
     * Adds layer l's contributions ρ·N, μ<sup>e</sup>·N (if withMu) and ρ·M (the half q ≤ s) for the block. Loops
     * run over the neurons k innermost, on k-contiguous rows: first the per-neuron factors (element-wise), then one
     * ordered reduction over k per output entry.
     */
    private void contract(int nb, int l, double[] bd, boolean withMu) {
        int w = width[l];
        int rb = backRows;
        double[] ad = pre[l].data;
        double[] sg = sigma[l];
        ensureScratch(w);
        for (int p = 0; p < nb; p++) {
            int base = p * rows * w;
            int bb = p * rb * w;
            int s2o = (p * 5 + 2) * w;
            int s3o = (p * 5 + 3) * w;
            int s4o = (p * 5 + 4) * w;
            // zero-offset copies of the rows the contractions read, so that the element-wise loops below
            // only index arrays by k (C2's SuperWord vectorizes those, not loops over offset slices)
            System.arraycopy(bd, bb, sRho, 0, w);
            System.arraycopy(sg, s2o, sS2, 0, w);
            for (int i = 0; i < d; i++) {
                int ir = base + layout.firstRow(i) * w;
                System.arraycopy(ad, ir, sA[2 * i], 0, w);
                System.arraycopy(ad, ir + w, sA[2 * i + 1], 0, w);
                if (withMu) {
                    System.arraycopy(bd, bb + (1 + 2 * i) * w, sMu[2 * i], 0, w);
                    System.arraycopy(bd, bb + (2 + 2 * i) * w, sMu[2 * i + 1], 0, w);
                }
            }
            for (int q = 0; q < pairs; q++) {
                int qr = base + layout.secondRow(q) * w;
                double[] zr = sZ[2 * q];
                double[] zi = sZ[2 * q + 1];
                for (int k = 0; k < w; k++) {
                    zr[k] = ad[qr + k];
                    zi[k] = -ad[qr + w + k];
                }
            }
            double[] rhoK = sRho;
            double[] s2K = sS2;
            double[] tr = sTr;
            double[] ti = sTi;
            double[] nrK = sNr;
            double[] niK = sNi;
            // H_ij (full, from the packed rows), P_ij = a_i conj(a_j), U = ρ(σ''H + σ'''P), V = ρσ'''H
            for (int i = 0; i < d; i++) {
                int ir = base + layout.firstRow(i) * w;
                for (int j = 0; j < d; j++) {
                    int jr = base + layout.firstRow(j) * w;
                    int hr = base + layout.mixedRealRow(i, j) * w;
                    int hi = i == j ? -1 : base + layout.mixedImaginaryRow(i, j) * w;
                    double sign = i < j ? 1.0 : -1.0;
                    double[] hre = sH[2 * (i * d + j)];
                    double[] him = sH[2 * (i * d + j) + 1];
                    double[] pre2 = sP[2 * (i * d + j)];
                    double[] pim = sP[2 * (i * d + j) + 1];
                    double[] ure = sU[2 * (i * d + j)];
                    double[] uim = sU[2 * (i * d + j) + 1];
                    double[] vre = sV[2 * (i * d + j)];
                    double[] vim = sV[2 * (i * d + j) + 1];
                    for (int k = 0; k < w; k++) {
                        double h1 = ad[hr + k];
                        double h2 = hi < 0 ? 0.0 : sign * ad[hi + k];
                        double xr = ad[ir + k];
                        double xi = ad[ir + w + k];
                        double yr = ad[jr + k];
                        double yi = ad[jr + w + k];
                        double p1 = xr * yr + xi * yi;
                        double p2 = xi * yr - xr * yi;
                        double rho = bd[bb + k];
                        double s2 = sg[s2o + k];
                        double s3 = sg[s3o + k];
                        hre[k] = h1;
                        him[k] = h2;
                        pre2[k] = p1;
                        pim[k] = p2;
                        ure[k] = rho * (s2 * h1 + s3 * p1);
                        uim[k] = rho * (s2 * h2 + s3 * p2);
                        vre[k] = rho * s3 * h1;
                        vim[k] = rho * s3 * h2;
                    }
                }
            }
            // per pair q = (a, c): Q = a_a a_c, X0 = σ''a_ac + σ'''Q, X = ρX0, Y = ρ(σ'''a_ac + σ''''Q)
            for (int q = 0; q < pairs; q++) {
                int a = pairA[q];
                int c = pairC[q];
                int ar = base + layout.firstRow(a) * w;
                int cr = base + layout.firstRow(c) * w;
                int qr = base + layout.secondRow(q) * w;
                double[] qre = sQ[2 * q];
                double[] qim = sQ[2 * q + 1]; // holds −Im Q
                double[] x0r = sX0[2 * q];
                double[] x0i = sX0[2 * q + 1];
                double[] xre = sX[2 * q];
                double[] xim = sX[2 * q + 1];
                double[] yre = sY[2 * q];
                double[] yim = sY[2 * q + 1];
                for (int k = 0; k < w; k++) {
                    double ur = ad[ar + k];
                    double ui = ad[ar + w + k];
                    double vr = ad[cr + k];
                    double vi = ad[cr + w + k];
                    double pr = ur * vr - ui * vi;
                    double pi = ur * vi + ui * vr;
                    double zr = ad[qr + k];
                    double zi = ad[qr + w + k];
                    double rho = bd[bb + k];
                    double s2 = sg[s2o + k];
                    double s3 = sg[s3o + k];
                    double s4 = sg[s4o + k];
                    qre[k] = pr;
                    qim[k] = -pi; // conj(Q), as the ρM contraction uses it
                    double xr = s2 * zr + s3 * pr;
                    double xi = s2 * zi + s3 * pi;
                    x0r[k] = xr;
                    x0i[k] = xi;
                    xre[k] = rho * xr;
                    xim[k] = rho * xi;
                    yre[k] = rho * (s3 * zr + s4 * pr);
                    yim[k] = rho * (s3 * zi + s4 * pi);
                }
            }
            // N[q][b] = X0_q conj(a_b) + σ''(H_ab a_c + H_cb a_a); third += Σ ρN, tee[e] += Σ μ^e N
            int t3 = 2 * p * pairs * d;
            int te = 2 * p * d * pairs * d;
            for (int q = 0; q < pairs; q++) {
                int a = pairA[q];
                int c = pairC[q];
                double[] x0r = sX0[2 * q];
                double[] x0i = sX0[2 * q + 1];
                double[] aar = sA[2 * a];
                double[] aai = sA[2 * a + 1];
                double[] acr = sA[2 * c];
                double[] aci = sA[2 * c + 1];
                for (int b = 0; b < d; b++) {
                    double[] abr = sA[2 * b];
                    double[] abi = sA[2 * b + 1];
                    double[] h1r = sH[2 * (a * d + b)];
                    double[] h1i = sH[2 * (a * d + b) + 1];
                    double[] h2r = sH[2 * (c * d + b)];
                    double[] h2i = sH[2 * (c * d + b) + 1];
                    // N = X0·conj(a_b) + σ''(H_ab a_c + H_cb a_a), in kernels of at most 4 input rows
                    // (C2's SuperWord in Java 17 vectorizes those, not the fused loop over 11 rows)
                    complexProduct(tr, ti, h1r, h1i, acr, aci, w);
                    complexMultiplyAdd(tr, ti, h2r, h2i, aar, aai, w);
                    scale(nrK, niK, s2K, tr, ti, w);
                    conjugateMultiplyAdd(nrK, niK, x0r, x0i, abr, abi, w);
                    third[t3 + 2 * (q * d + b)] += dot(rhoK, nrK, w);
                    third[t3 + 2 * (q * d + b) + 1] += dot(rhoK, niK, w);
                    if (withMu) {
                        for (int e = 0; e < d; e++) {
                            addComplexDot(sMu[2 * e], sMu[2 * e + 1], nrK, niK, w, tee,
                                    te + 2 * ((e * pairs + q) * d + b));
                        }
                    }
                }
            }
            // ρM[q][s], q = (a,c) ≤ s = (b,e): X_q conj(a_s) + Y_q conj(Q_s) + K[(ab),(ce)] + K[(ae),(cb)] with
            // K[(ij),(kl)] = Σ U_ij H_kl + V_ij P_kl = Σ ρ(σ''H_ij H_kl + σ'''(P_ij H_kl + H_ij P_kl)), symmetric under
            // (ij) ↔ (kl): each distinct K entry the Hermitian half needs is summed once (27 for d = 3, not 42)
            for (int j = 0; j < kLeft.length; j++) {
                int i = kLeft[j];
                int t = kRight[j];
                complexProduct(tr, ti, sU[2 * i], sU[2 * i + 1], sH[2 * t], sH[2 * t + 1], w);
                complexMultiplyAdd(tr, ti, sV[2 * i], sV[2 * i + 1], sP[2 * t], sP[2 * t + 1], w);
                kRe[j] = sum(tr, w);
                kIm[j] = sum(ti, w);
            }
            int t4 = 2 * p * pairs * pairs;
            int x = 0;
            for (int q = 0; q < pairs; q++) {
                double[] xre = sX[2 * q];
                double[] xim = sX[2 * q + 1];
                double[] yre = sY[2 * q];
                double[] yim = sY[2 * q + 1];
                for (int s = q; s < pairs; s++, x++) { // Hermitian in (q, s): the rest in finish()
                    complexProduct(tr, ti, xre, xim, sZ[2 * s], sZ[2 * s + 1], w);
                    complexMultiplyAdd(tr, ti, yre, yim, sQ[2 * s], sQ[2 * s + 1], w);
                    int k1 = kFirst[x];
                    int k2 = kSecond[x];
                    fourth[t4 + 2 * (q * pairs + s)] += sum(tr, w) + (kRe[k1] + kRe[k2]);
                    fourth[t4 + 2 * (q * pairs + s) + 1] += sum(ti, w) + (kIm[k1] + kIm[k2]);
                }
            }
        }
    }

    /** (tr + i·ti)[k] = (ar + i·ai)[k]·(br + i·bi)[k] for k &lt; w. */
    private static void complexProduct(double[] tr, double[] ti, double[] ar, double[] ai, double[] br,
            double[] bi, int w) {
        for (int k = 0; k < w; k++) {
            tr[k] = ar[k] * br[k] - ai[k] * bi[k];
            ti[k] = ar[k] * bi[k] + ai[k] * br[k];
        }
    }

    /** (tr + i·ti)[k] += (ar + i·ai)[k]·(br + i·bi)[k] for k &lt; w. */
    private static void complexMultiplyAdd(double[] tr, double[] ti, double[] ar, double[] ai, double[] br,
            double[] bi, int w) {
        for (int k = 0; k < w; k++) {
            tr[k] += ar[k] * br[k] - ai[k] * bi[k];
            ti[k] += ar[k] * bi[k] + ai[k] * br[k];
        }
    }

    /** (tr + i·ti)[k] += (ar + i·ai)[k]·conj((br + i·bi)[k]) for k &lt; w. */
    private static void conjugateMultiplyAdd(double[] tr, double[] ti, double[] ar, double[] ai, double[] br,
            double[] bi, int w) {
        for (int k = 0; k < w; k++) {
            tr[k] += ar[k] * br[k] + ai[k] * bi[k];
            ti[k] += ai[k] * br[k] - ar[k] * bi[k];
        }
    }

    /** (or + i·oi)[k] = s[k]·(xr + i·xi)[k] for k &lt; w. */
    private static void scale(double[] or, double[] oi, double[] s, double[] xr, double[] xi, int w) {
        for (int k = 0; k < w; k++) {
            or[k] = s[k] * xr[k];
            oi[k] = s[k] * xi[k];
        }
    }

    /** Σ_k x[k]·y[k] for k &lt; w in a fixed order (four interleaved partial sums), independent of the batch. */
    private static double dot(double[] x, double[] y, int w) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int k = 0;
        for (; k + 3 < w; k += 4) {
            s0 += x[k] * y[k];
            s1 += x[k + 1] * y[k + 1];
            s2 += x[k + 2] * y[k + 2];
            s3 += x[k + 3] * y[k + 3];
        }
        for (; k < w; k++) {
            s0 += x[k] * y[k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** out[o] + i·out[o+1] += Σ_k (ur + i·ui)[k]·(nr + i·ni)[k] in a fixed order (two partial sums each). */
    private static void addComplexDot(double[] ur, double[] ui, double[] nr, double[] ni, int w, double[] out,
            int o) {
        double r0 = 0.0;
        double r1 = 0.0;
        double i0 = 0.0;
        double i1 = 0.0;
        int k = 0;
        for (; k + 1 < w; k += 2) {
            r0 += ur[k] * nr[k] - ui[k] * ni[k];
            i0 += ur[k] * ni[k] + ui[k] * nr[k];
            r1 += ur[k + 1] * nr[k + 1] - ui[k + 1] * ni[k + 1];
            i1 += ur[k + 1] * ni[k + 1] + ui[k + 1] * nr[k + 1];
        }
        for (; k < w; k++) {
            r0 += ur[k] * nr[k] - ui[k] * ni[k];
            i0 += ur[k] * ni[k] + ui[k] * nr[k];
        }
        out[o] += r0 + r1;
        out[o + 1] += i0 + i1;
    }

    /** Σ_k t[k] for k &lt; w in a fixed order (four interleaved partial sums), independent of the batch. */
    private static double sum(double[] t, int w) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int k = 0;
        for (; k + 3 < w; k += 4) {
            s0 += t[k];
            s1 += t[k + 1];
            s2 += t[k + 2];
            s3 += t[k + 3];
        }
        for (; k < w; k++) {
            s0 += t[k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private void ensureScratch(int w) {
        if (w <= scratchWidth) {
            return;
        }
        int d2 = d * d;
        sH = new double[2 * d2][w];
        sP = new double[2 * d2][w];
        sU = new double[2 * d2][w];
        sV = new double[2 * d2][w];
        sQ = new double[2 * pairs][w];
        sX0 = new double[2 * pairs][w];
        sX = new double[2 * pairs][w];
        sY = new double[2 * pairs][w];
        sNr = new double[w];
        sNi = new double[w];
        sA = new double[2 * d][w];
        sZ = new double[2 * pairs][w];
        sMu = new double[2 * d][w];
        sRho = new double[w];
        sS2 = new double[w];
        sTr = new double[w];
        sTi = new double[w];
        scratchWidth = w;
    }

    /** The input-feature terms ρ₀·f_acb̄, μ₀^e·f_acb̄ and ρ₀·f_acb̄ē. */
    private void contractFeatures(int nb, double[] bd) {
        int f = width[0];
        int rb = backRows;
        double[] f3 = features.third();
        double[] f4 = features.fourth();
        for (int p = 0; p < nb; p++) {
            int bb = p * rb * f;
            int t3 = 2 * p * pairs * d;
            for (int x = 0; x < pairs * d; x++) {
                int src = 2 * ((p * pairs * d + x) * f);
                double rr = 0.0;
                double ri = 0.0;
                for (int k = 0; k < f; k++) {
                    double rho = bd[bb + k];
                    rr += rho * f3[src + 2 * k];
                    ri += rho * f3[src + 2 * k + 1];
                }
                third[t3 + 2 * x] += rr;
                third[t3 + 2 * x + 1] += ri;
                for (int e = 0; e < d; e++) {
                    int mr = bb + (1 + 2 * e) * f;
                    int mi = mr + f;
                    double sr = 0.0;
                    double si = 0.0;
                    for (int k = 0; k < f; k++) {
                        double nr = f3[src + 2 * k];
                        double ni = f3[src + 2 * k + 1];
                        sr += bd[mr + k] * nr - bd[mi + k] * ni;
                        si += bd[mr + k] * ni + bd[mi + k] * nr;
                    }
                    int o = 2 * (p * d * pairs * d + e * pairs * d + x);
                    tee[o] += sr;
                    tee[o + 1] += si;
                }
            }
            int t4 = 2 * p * pairs * pairs;
            for (int x = 0; x < pairs * pairs; x++) {
                if (x / pairs > x % pairs) {
                    continue; // Hermitian in (q, s): the rest in finish()
                }
                int src = 2 * ((p * pairs * pairs + x) * f);
                double rr = 0.0;
                double ri = 0.0;
                for (int k = 0; k < f; k++) {
                    double rho = bd[bb + k];
                    rr += rho * f4[src + 2 * k];
                    ri += rho * f4[src + 2 * k + 1];
                }
                fourth[t4 + 2 * x] += rr;
                fourth[t4 + 2 * x + 1] += ri;
            }
        }
    }

    /** Adds g, ∂g and ∂∂̄g of ψ (with the (2,1)-adjoint terms) into the outputs. */
    private void finish(int nb, double[] g, int gOff, double[] dg, int dgOff, double[] ddg, int ddgOff) {
        int d2 = d * d;
        for (int p = 0; p < nb; p++) {
            for (int i = 0; i < 2 * d2; i++) {
                g[gOff + 2 * p * d2 + i] += gphi[2 * p * d2 + i];
            }
            int t3 = 2 * p * pairs * d;
            int te = 2 * p * d * pairs * d;
            int t4 = 2 * p * pairs * pairs;
            for (int c = 0; c < d; c++) {
                for (int a = 0; a < d; a++) {
                    int q = layout.pair(a, c);
                    for (int b = 0; b < d; b++) {
                        int o = dgOff + 2 * p * d2 * d + 2 * ((c * d + a) * d + b);
                        dg[o] += third[t3 + 2 * (q * d + b)];
                        dg[o + 1] += third[t3 + 2 * (q * d + b) + 1];
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    for (int c = 0; c < d; c++) {
                        int q = layout.pair(a, c);
                        for (int e = 0; e < d; e++) {
                            int s = layout.pair(b, e);
                            // T^ē[acb̄] + T^b̄[acē] + conj T^c̄[beā] + conj T^ā[bec̄]
                            int x1 = te + 2 * ((e * pairs + q) * d + b);
                            int x2 = te + 2 * ((b * pairs + q) * d + e);
                            int x3 = te + 2 * ((c * pairs + s) * d + a);
                            int x4 = te + 2 * ((a * pairs + s) * d + c);
                            double mr = q <= s ? fourth[t4 + 2 * (q * pairs + s)] : fourth[t4 + 2 * (s * pairs + q)];
                            double mi = q <= s ? fourth[t4 + 2 * (q * pairs + s) + 1]
                                    : -fourth[t4 + 2 * (s * pairs + q) + 1];
                            double re = mr + tee[x1] + tee[x2] + tee[x3] + tee[x4];
                            double im = mi + tee[x1 + 1] + tee[x2 + 1] - tee[x3 + 1] - tee[x4 + 1];
                            int o = ddgOff + 2 * p * d2 * d2 + 2 * (((a * d + b) * d + c) * d + e);
                            ddg[o] += re;
                            ddg[o + 1] += im;
                        }
                    }
                }
            }
        }
    }
}
