package org.metricflow.nn.phi.internal;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.linalg.internal.PanelProducts;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.nn.Activation;
import org.metricflow.nn.DenseLayer;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureJet;

/**
 * The metric-NTK of the φ-model g<sub>a b̄</sub> = g<sup>FS</sup> + ∂<sub>a</sub>∂̄<sub>b</sub>φ(f(z)) by the per-layer
 * factorization of φ's scalar NTK, without parameter Jacobians.
 *
 * <p><b>Factorization.</b> With a<sub>l</sub> = c<sub>w,l</sub> W<sub>l</sub> h<sub>l−1</sub> + c<sub>b,l</sub> b<sub>l</sub>
 * and δ<sub>l</sub> = ∂φ/∂a<sub>l</sub>, ∂φ/∂W<sub>l,ki</sub> = c<sub>w,l</sub> δ<sub>l,k</sub> h<sub>l−1,i</sub> and
 * ∂φ/∂b<sub>l,k</sub> = c<sub>b,l</sub> δ<sub>l,k</sub>. A metric component α is a real second-order operator D<sub>α</sub>
 * (∂<sub>a</sub>∂̄<sub>a</sub>, Re ∂<sub>a</sub>∂̄<sub>b</sub> or Im ∂<sub>a</sub>∂̄<sub>b</sub>) that commutes with ∂/∂θ, so
 * <pre>
 *   Θ_{αβ}(x, y) = Σ_l Σ_{k,i} c_w² D_α(δ_k h_i)(x) D_β(δ_k h_i)(y) + c_b² D_α δ_k(x) D_β δ_k(y).
 * </pre>
 * By the product rule ∂_a∂̄_b(PQ) = (∂_a∂̄_b P)Q + P ∂_a∂̄_b Q + ∂_a P conj(∂_b Q) + conj(∂_b P) ∂_a Q for real P, Q,
 * D<sub>α</sub>(PQ) = Σ<sub>(s,t)</sub> C<sup>α</sup><sub>st</sub> P<sub>s</sub> Q<sub>t</sub> over the C = 1 + 2d + d² real
 * <i>channels</i> of a jet: value, Re ∂<sub>a</sub>, Im ∂<sub>a</sub> (a &lt; d), and the d² components
 * ∂<sub>a</sub>∂̄<sub>a</sub>, Re ∂<sub>a</sub>∂̄<sub>b</sub>, Im ∂<sub>a</sub>∂̄<sub>b</sub> (a &lt; b) in the metric-NTK's
 * component order. Hence, with the channel Grams G<sub>ss'</sub>(x,y) = ⟨δ<sub>l,s</sub>(x), δ<sub>l,s'</sub>(y)⟩ and
 * H<sub>tt'</sub>(x,y) = ⟨h<sub>l−1,t</sub>(x), h<sub>l−1,t'</sub>(y)⟩,
 * <pre>
 *   Θ_{αβ}(x, y) = Σ_l Σ_{(s,t),(s',t')} C^α_{st} C^β_{s't'} G_{ss'} (c_w² H_{tt'} + c_b² [t = t' = value]),
 * </pre>
 * two GEMMs of (|X|·C)×n by n×(|Y|·C) per layer and block of points plus an assembly of 4–6 × 4–6 terms per entry.
 *
 * <p><b>Jets.</b> Forward: h<sub>0</sub> = f with its {@link FeatureJet}; ∂a = c<sub>w</sub>W∂h and ∂∂̄a = c<sub>w</sub>W∂∂̄h;
 * ∂<sub>a</sub>h = σ'∂<sub>a</sub>a, ∂<sub>a</sub>∂̄<sub>b</sub>h = σ''∂<sub>a</sub>a conj(∂<sub>b</sub>a) + σ'∂<sub>a</sub>∂̄<sub>b</sub>a.
 * Backward: e<sub>L</sub> = ∂φ/∂h<sub>L</sub> = c<sub>w</sub>w<sub>out</sub> (constant), δ<sub>l</sub> = σ'(a<sub>l</sub>) e<sub>l</sub>,
 * e<sub>l−1</sub> = c<sub>w,l</sub> W<sub>l</sub>ᵀ δ<sub>l</sub>; the jet of δ = σ'e is
 * ∂<sub>a</sub>δ = σ''∂<sub>a</sub>a e + σ'∂<sub>a</sub>e and
 * ∂<sub>a</sub>∂̄<sub>b</sub>δ = (σ'''∂<sub>a</sub>a conj ∂<sub>b</sub>a + σ''∂<sub>a</sub>∂̄<sub>b</sub>a) e + σ''∂<sub>a</sub>a conj ∂<sub>b</sub>e
 * + σ'' conj(∂<sub>b</sub>a) ∂<sub>a</sub>e + σ'∂<sub>a</sub>∂̄<sub>b</sub>e. The output layer has δ = 1 (no derivatives).
 *
 * <p><b>Cost and memory.</b> Jets: a few forward passes of C rows per point, O(N·C·Σn<sub>l</sub>) doubles kept.
 * Kernel: O(N²·C²·Σ(n<sub>l</sub> + n<sub>l−1</sub>)) (linear in the width, not in the parameter count n²), working
 * memory per task O(B·C·(C + Σn<sub>l</sub>)) for blocks of B points (the channel Grams, and the jets of Y transposed
 * as the B operand of the panel products of {@link PanelProducts}, one point of X against all of Y per product); only
 * blocks X ≤ Y are computed and mirrored. Every block is one
 * task of {@link Parallel} writing its own entries, so results are bit-identical for any thread count.
 */
public final class PhiMetricNtkKernel {
    private final int d;
    private final int channels;
    private final int components;
    private final int points;
    private final int layers;
    private final int[] inWidth;
    private final int[] outWidth;
    private final double[] cw2;
    private final double[] cb2;
    /** Per layer: jets of the layer input h_{l−1}, rows point·C + channel, n_in columns. */
    private final double[][] hJets;
    /** Per layer: jets of δ_l, rows point·C + channel, n_out columns. */
    private final double[][] gJets;
    /** Product-rule terms: x-term u has component termComponent[u], channels (termS[u], termT[u]), coefficient. */
    private final int[] termComponent;
    private final int[] termS;
    private final int[] termT;
    private final double[] termCoefficient;

    private PhiMetricNtkKernel(Mlp mlp, int d, int points) {
        this.d = d;
        this.channels = 1 + 2 * d + d * d;
        this.components = d * d;
        this.points = points;
        List<DenseLayer> list = mlp.layers();
        this.layers = list.size();
        this.inWidth = new int[layers];
        this.outWidth = new int[layers];
        this.cw2 = new double[layers];
        this.cb2 = new double[layers];
        for (int l = 0; l < layers; l++) {
            DenseLayer layer = list.get(l);
            inWidth[l] = layer.inputs();
            outWidth[l] = layer.outputs();
            cw2[l] = layer.weightMultiplier() * layer.weightMultiplier();
            cb2[l] = layer.biasMultiplier() * layer.biasMultiplier();
        }
        this.hJets = new double[layers][];
        this.gJets = new double[layers][];
        for (int l = 0; l < layers; l++) {
            hJets[l] = new double[points * channels * inWidth[l]];
            gJets[l] = new double[points * channels * outWidth[l]];
        }
        int count = 0;
        for (int a = 0; a < d; a++) {
            count += 4;
        }
        count += 6 * (d * (d - 1) / 2) * 2;
        termComponent = new int[count];
        termS = new int[count];
        termT = new int[count];
        termCoefficient = new double[count];
        buildTerms();
    }

    /**
     * The jets of a scalar MLP φ at N points whose features carry the given jet (d holomorphic directions).
     *
     * @param blockSize points per jet task
     * @param threads   worker threads (results do not depend on it)
     */
    public static PhiMetricNtkKernel of(Mlp mlp, FeatureJet jet, int blockSize, int threads) {
        if (mlp.outputs() != 1) {
            throw new IllegalArgumentException("PhiMetricNtkKernel: φ must be a scalar network, it has " + mlp.outputs()
                    + " outputs");
        }
        if (jet.features() != mlp.inputs()) {
            throw new IllegalArgumentException("PhiMetricNtkKernel: " + jet.features() + " features but φ takes "
                    + mlp.inputs() + " inputs");
        }
        PhiMetricNtkKernel k = new PhiMetricNtkKernel(mlp, jet.directions(), jet.points());
        int n = jet.points();
        int tasks = (n + blockSize - 1) / blockSize;
        Parallel.run(tasks, threads, t -> k.computeJets(mlp, jet, t * blockSize, Math.min(n, (t + 1) * blockSize)));
        return k;
    }

    /**
     * The number of metric components m = d².
     */
    public int components() {
        return components;
    }

    /**
     * The number of points.
     */
    public int points() {
        return points;
    }

    // ============================================================================================
    // channel layout and product-rule terms

    private int first(int a, boolean imaginary) {
        return 1 + (imaginary ? d : 0) + a;
    }

    /** The component index of the pair a &lt; b (its Re part; Im is the next one). */
    private int pairComponent(int a, int b) {
        int k = d;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                if (i == a && j == b) {
                    return k;
                }
                k += 2;
            }
        }
        throw new IllegalStateException("no pair " + a + "," + b);
    }

    private int second(int component) {
        return 1 + 2 * d + component;
    }

    private int termCount;

    private void term(int component, int s, int t, double c) {
        termComponent[termCount] = component;
        termS[termCount] = s;
        termT[termCount] = t;
        termCoefficient[termCount] = c;
        termCount++;
    }

    /** D_α(PQ) = Σ C^α_st P_s Q_t, see the class comment. */
    private void buildTerms() {
        for (int a = 0; a < d; a++) {
            // ∂_a∂̄_a(PQ) = (∂∂̄P)Q + P ∂∂̄Q + 2 Re(∂_aP conj ∂_aQ)
            term(a, second(a), 0, 1);
            term(a, 0, second(a), 1);
            term(a, first(a, false), first(a, false), 2);
            term(a, first(a, true), first(a, true), 2);
        }
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) {
                int re = pairComponent(a, b);
                int im = re + 1;
                // Re: Re(∂_aP conj ∂_bQ) + Re(conj ∂_bP ∂_aQ) = pa_r qb_r + pa_i qb_i + pb_r qa_r + pb_i qa_i
                term(re, second(re), 0, 1);
                term(re, 0, second(re), 1);
                term(re, first(a, false), first(b, false), 1);
                term(re, first(a, true), first(b, true), 1);
                term(re, first(b, false), first(a, false), 1);
                term(re, first(b, true), first(a, true), 1);
                // Im: (pa_i qb_r − pa_r qb_i) + (pb_r qa_i − pb_i qa_r)
                term(im, second(im), 0, 1);
                term(im, 0, second(im), 1);
                term(im, first(a, true), first(b, false), 1);
                term(im, first(a, false), first(b, true), -1);
                term(im, first(b, false), first(a, true), 1);
                term(im, first(b, true), first(a, false), -1);
            }
        }
    }

    // ============================================================================================
    // jets

    /** Jets of all layers for points [from, to). */
    private void computeJets(Mlp mlp, FeatureJet jet, int from, int to) {
        int nb = to - from;
        int rows = nb * channels;
        int f = jet.features();
        List<DenseLayer> list = mlp.layers();
        Activation act = mlp.activation();
        // input layer: the features' jets
        double[] h0 = hJets[0];
        double[] values = jet.values();
        double[] firstRe = jet.firstRe();
        double[] firstIm = jet.firstIm();
        double[] mixedRe = jet.mixedRe();
        double[] mixedIm = jet.mixedIm();
        for (int p = from; p < to; p++) {
            int base = p * channels * f;
            System.arraycopy(values, p * f, h0, base, f);
            for (int a = 0; a < d; a++) {
                System.arraycopy(firstRe, (p * d + a) * f, h0, base + first(a, false) * f, f);
                System.arraycopy(firstIm, (p * d + a) * f, h0, base + first(a, true) * f, f);
            }
            if (mixedRe != null) {
                for (int a = 0; a < d; a++) {
                    System.arraycopy(mixedRe, ((p * d + a) * d + a) * f, h0, base + second(a) * f, f);
                    for (int b = a + 1; b < d; b++) {
                        int re = pairComponent(a, b);
                        System.arraycopy(mixedRe, ((p * d + a) * d + b) * f, h0, base + second(re) * f, f);
                        System.arraycopy(mixedIm, ((p * d + a) * d + b) * f, h0, base + second(re + 1) * f, f);
                    }
                }
            }
        }
        int hidden = layers - 1;
        double[][] pre = new double[hidden][];
        double[] ar = new double[d];
        double[] ai = new double[d];
        double[] er = new double[d];
        double[] ei = new double[d];
        for (int l = 0; l < hidden; l++) {
            DenseLayer layer = list.get(l);
            int nIn = inWidth[l];
            int nOut = outWidth[l];
            double[] a = new double[rows * nOut];
            multTransB(hJets[l], from * channels * nIn, rows, nIn, layer.weight().value().data, nOut,
                    layer.weightMultiplier(), a, 0);
            double cb = layer.biasMultiplier();
            double[] bias = layer.bias().value().data;
            for (int p = 0; p < nb; p++) {
                int v = p * channels * nOut;
                for (int k = 0; k < nOut; k++) {
                    a[v + k] += cb * bias[k];
                }
            }
            pre[l] = a;
            double[] h = hJets[l + 1];
            int hBase = from * channels * nOut;
            for (int p = 0; p < nb; p++) {
                int row0 = p * channels;
                for (int k = 0; k < nOut; k++) {
                    double z = a[row0 * nOut + k];
                    double s1 = act.derivative(z);
                    double s2 = act.secondDerivative(z);
                    for (int c = 0; c < d; c++) {
                        ar[c] = a[(row0 + first(c, false)) * nOut + k];
                        ai[c] = a[(row0 + first(c, true)) * nOut + k];
                    }
                    h[hBase + row0 * nOut + k] = act.value(z);
                    for (int c = 0; c < d; c++) {
                        h[hBase + (row0 + first(c, false)) * nOut + k] = s1 * ar[c];
                        h[hBase + (row0 + first(c, true)) * nOut + k] = s1 * ai[c];
                    }
                    for (int c = 0; c < d; c++) {
                        int r = row0 + second(c);
                        h[hBase + r * nOut + k] = s2 * (ar[c] * ar[c] + ai[c] * ai[c]) + s1 * a[r * nOut + k];
                        for (int e = c + 1; e < d; e++) {
                            int re = pairComponent(c, e);
                            int rr = row0 + second(re);
                            int ri = rr + 1;
                            h[hBase + rr * nOut + k] = s2 * (ar[c] * ar[e] + ai[c] * ai[e]) + s1 * a[rr * nOut + k];
                            h[hBase + ri * nOut + k] = s2 * (ai[c] * ar[e] - ar[c] * ai[e]) + s1 * a[ri * nOut + k];
                        }
                    }
                }
            }
        }
        // output layer: δ = 1, no derivatives
        double[] gOut = gJets[layers - 1];
        for (int p = from; p < to; p++) {
            gOut[p * channels] = 1.0;
        }
        if (hidden == 0) {
            return;
        }
        // e_L = c_w w_out: value channel only
        DenseLayer out = list.get(layers - 1);
        int nL = outWidth[hidden - 1];
        double[] e = new double[rows * nL];
        double[] wOut = out.weight().value().data;
        for (int p = 0; p < nb; p++) {
            for (int k = 0; k < nL; k++) {
                e[p * channels * nL + k] = out.weightMultiplier() * wOut[k];
            }
        }
        for (int l = hidden - 1; l >= 0; l--) {
            int nOut = outWidth[l];
            double[] a = pre[l];
            double[] g = gJets[l];
            int gBase = from * channels * nOut;
            for (int p = 0; p < nb; p++) {
                int row0 = p * channels;
                for (int k = 0; k < nOut; k++) {
                    double z = a[row0 * nOut + k];
                    double s1 = act.derivative(z);
                    double s2 = act.secondDerivative(z);
                    double s3 = act.thirdDerivative(z);
                    double e0 = e[row0 * nOut + k];
                    for (int c = 0; c < d; c++) {
                        ar[c] = a[(row0 + first(c, false)) * nOut + k];
                        ai[c] = a[(row0 + first(c, true)) * nOut + k];
                        er[c] = e[(row0 + first(c, false)) * nOut + k];
                        ei[c] = e[(row0 + first(c, true)) * nOut + k];
                    }
                    g[gBase + row0 * nOut + k] = s1 * e0;
                    for (int c = 0; c < d; c++) {
                        g[gBase + (row0 + first(c, false)) * nOut + k] = s2 * ar[c] * e0 + s1 * er[c];
                        g[gBase + (row0 + first(c, true)) * nOut + k] = s2 * ai[c] * e0 + s1 * ei[c];
                    }
                    for (int c = 0; c < d; c++) {
                        int r = row0 + second(c);
                        // (σ'''|∂a|² + σ''∂∂̄a) e + 2σ'' Re(∂a conj ∂e) + σ'∂∂̄e
                        g[gBase + r * nOut + k] = (s3 * (ar[c] * ar[c] + ai[c] * ai[c]) + s2 * a[r * nOut + k]) * e0
                                + 2 * s2 * (ar[c] * er[c] + ai[c] * ei[c]) + s1 * e[r * nOut + k];
                        for (int b = c + 1; b < d; b++) {
                            int re = pairComponent(c, b);
                            int rr = row0 + second(re);
                            int ri = rr + 1;
                            // ∂_c a conj ∂_b e + conj(∂_b a) ∂_c e
                            double mixRe = ar[c] * er[b] + ai[c] * ei[b] + ar[b] * er[c] + ai[b] * ei[c];
                            double mixIm = ai[c] * er[b] - ar[c] * ei[b] + ar[b] * ei[c] - ai[b] * er[c];
                            g[gBase + rr * nOut + k] = (s3 * (ar[c] * ar[b] + ai[c] * ai[b]) + s2 * a[rr * nOut + k])
                                    * e0 + s2 * mixRe + s1 * e[rr * nOut + k];
                            g[gBase + ri * nOut + k] = (s3 * (ai[c] * ar[b] - ar[c] * ai[b]) + s2 * a[ri * nOut + k])
                                    * e0 + s2 * mixIm + s1 * e[ri * nOut + k];
                        }
                    }
                }
            }
            if (l > 0) {
                // e_{l−1} = c_w δ_l W_l, channel by channel (linear)
                DenseLayer layer = list.get(l);
                int nIn = inWidth[l];
                double[] next = new double[rows * nIn];
                mult(g, gBase, rows, nOut, layer.weight().value().data, nIn, layer.weightMultiplier(), next);
                e = next;
            }
        }
    }

    /** out[0.., rows×n] = c · A Bᵀ with A rows×k at aOff and B n×k, row-major. */
    private static void multTransB(double[] a, int aOff, int rows, int k, double[] b, int n, double c, double[] out,
            int outOff) {
        for (int i = 0; i < rows; i++) {
            int ai = aOff + i * k;
            for (int j = 0; j < n; j++) {
                int bj = j * k;
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += a[ai + t] * b[bj + t];
                }
                out[outOff + i * n + j] = c * s;
            }
        }
    }

    /** out (rows×n) = c · A B with A rows×k at aOff and B k×n, row-major. */
    private static void mult(double[] a, int aOff, int rows, int k, double[] b, int n, double c, double[] out) {
        for (int i = 0; i < rows; i++) {
            int oi = i * n;
            for (int t = 0; t < k; t++) {
                double v = c * a[aOff + i * k + t];
                if (v == 0) {
                    continue;
                }
                int bt = t * n;
                for (int j = 0; j < n; j++) {
                    out[oi + j] += v * b[bt + j];
                }
            }
        }
    }

    // ============================================================================================
    // kernel

    /**
     * Θ over all points, (N·m)×(N·m), blocks of {@code blockSize} points, X ≤ Y computed and mirrored.
     *
     * @param threads the number of threads
     */
    public DMatrixRMaj matrix(int blockSize, int threads) {
        int m = components;
        int blocks = (points + blockSize - 1) / blockSize;
        int[] bx = new int[blocks * (blocks + 1) / 2];
        int[] by = new int[bx.length];
        int t = 0;
        for (int i = 0; i < blocks; i++) {
            for (int j = i; j < blocks; j++) {
                bx[t] = i;
                by[t] = j;
                t++;
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(points * m, points * m);
        Parallel.run(bx.length, threads, task -> {
            int x0 = bx[task] * blockSize;
            int x1 = Math.min(points, x0 + blockSize);
            int y0 = by[task] * blockSize;
            int y1 = Math.min(points, y0 + blockSize);
            double[] block = block(x0, x1, y0, y1);
            place(out, block, x0, x1, y0, y1, bx[task] != by[task]);
        });
        // the diagonal blocks are symmetric up to rounding: make Θ exactly symmetric
        int size = points * m;
        double[] k = out.data;
        for (int i = 0; i < size; i++) {
            for (int j = i + 1; j < size; j++) {
                double s = 0.5 * (k[i * size + j] + k[j * size + i]);
                k[i * size + j] = s;
                k[j * size + i] = s;
            }
        }
        return out;
    }

    private void place(DMatrixRMaj out, double[] block, int x0, int x1, int y0, int y1, boolean mirror) {
        int m = components;
        int rows = (x1 - x0) * m;
        int cols = (y1 - y0) * m;
        int size = out.numCols;
        for (int i = 0; i < rows; i++) {
            System.arraycopy(block, i * cols, out.data, (x0 * m + i) * size + y0 * m, cols);
            if (mirror) {
                for (int j = 0; j < cols; j++) {
                    out.data[(y0 * m + j) * size + x0 * m + i] = block[i * cols + j];
                }
            }
        }
    }

    /**
     * Θ(X, Y) for points [x0, x1) × [y0, y1): row-major ((x1−x0)·m)×((y1−y0)·m).
     */
    public double[] block(int x0, int x1, int y0, int y1) {
        int c = channels;
        int m = components;
        int nx = x1 - x0;
        int ny = y1 - y0;
        int cols = ny * c;
        int terms = termComponent.length;
        int pairs = terms * terms;
        double[] out = new double[nx * m * ny * m];
        double[][] gg = new double[layers][c * cols];
        double[][] hh = new double[layers][c * cols];
        // K[u·T + v] = Σ_l G^l[s_u][s_v] H̃^l[t_u][t_v] over the product-rule terms u (x side) and v (y side)
        double[] k = new double[pairs];
        int[] gIndex = new int[pairs];
        int[] hIndex = new int[pairs];
        int biasCount = 0;
        for (int u = 0; u < terms; u++) {
            for (int v = 0; v < terms; v++) {
                gIndex[u * terms + v] = termS[u] * cols + termS[v];
                hIndex[u * terms + v] = termT[u] * cols + termT[v];
                if (termT[u] == 0 && termT[v] == 0) {
                    biasCount++;
                }
            }
        }
        int[] biasPairs = new int[biasCount];
        biasCount = 0;
        for (int w = 0; w < pairs; w++) {
            if (hIndex[w] == 0) {
                biasPairs[biasCount++] = w;
            }
        }
        int[] componentStart = new int[m + 1];
        for (int u = 0; u < terms; u++) {
            componentStart[termComponent[u] + 1] = u + 1;
        }
        // the output layer has δ = 1 without derivatives: only the terms with value δ-channels (s_u = s_v = 0)
        // contribute, G = 1 there, and only the h-channels t of those terms (the second derivatives) are needed
        int[] outputPairs = new int[pairs];
        int outputCount = 0;
        for (int w = 0; w < pairs; w++) {
            if (gIndex[w] == 0) {
                outputPairs[outputCount++] = w;
            }
        }
        int top = layers - 1;
        int secondChannels = c - second(0);
        boolean diagonal = x0 == y0 && x1 == y1;
        // the jets of Y transposed (width × |Y|·C), h's scaled by c_w²: the B operands of the channel Grams
        double[][] gT = new double[layers][];
        double[][] hT = new double[layers][];
        for (int l = 0; l < layers; l++) {
            if (l < top) {
                gT[l] = transposed(gJets[l], y0 * c, cols, outWidth[l], 1.0);
            }
            hT[l] = transposed(hJets[l], y0 * c, cols, inWidth[l], cw2[l]);
        }
        PanelProducts.Workspace ws = new PanelProducts.Workspace();
        for (int p = 0; p < nx; p++) {
            int xp = x0 + p;
            // on a diagonal block only q ≥ p (mirrored below)
            int q0 = diagonal ? p : 0;
            int colsUsed = (ny - q0) * c;
            for (int l = 0; l < top; l++) {
                // channel Grams of point xp against the points of Y: C × (|Y|·C)
                int nOut = outWidth[l];
                int nIn = inWidth[l];
                PanelProducts.multiply(c, nOut, colsUsed, gJets[l], xp * c * nOut, nOut, 1, gT[l], q0 * c, cols,
                        gg[l], q0 * c, cols, false, ws);
                PanelProducts.multiply(c, nIn, colsUsed, hJets[l], xp * c * nIn, nIn, 1, hT[l], q0 * c, cols, hh[l],
                        q0 * c, cols, false, ws);
            }
            int nTop = inWidth[top];
            PanelProducts.multiply(secondChannels, nTop, colsUsed, hJets[top], (xp * c + second(0)) * nTop, nTop, 1,
                    hT[top], q0 * c, cols, hh[top], second(0) * cols + q0 * c, cols, false, ws);
            for (int q = q0; q < ny; q++) {
                int offset = q * c;
                java.util.Arrays.fill(k, 0.0);
                for (int l = 0; l < top; l++) {
                    double[] gl = gg[l];
                    double[] hl = hh[l];
                    for (int w = 0; w < pairs; w++) {
                        k[w] += gl[offset + gIndex[w]] * hl[offset + hIndex[w]];
                    }
                    double b2 = cb2[l];
                    for (int i = 0; i < biasCount; i++) {
                        int w = biasPairs[i];
                        k[w] += b2 * gl[offset + gIndex[w]];
                    }
                }
                double[] ht = hh[top];
                for (int i = 0; i < outputCount; i++) {
                    int w = outputPairs[i];
                    k[w] += ht[offset + hIndex[w]];
                }
                // Θ_αβ = Σ_{u∈α} c_u Σ_{v∈β} c_v K[u, v]
                for (int alpha = 0; alpha < m; alpha++) {
                    int o = (p * m + alpha) * (ny * m) + q * m;
                    for (int u = componentStart[alpha]; u < componentStart[alpha + 1]; u++) {
                        double cu = termCoefficient[u];
                        int row = u * terms;
                        for (int beta = 0; beta < m; beta++) {
                            double sum = 0;
                            for (int v = componentStart[beta]; v < componentStart[beta + 1]; v++) {
                                sum += termCoefficient[v] * k[row + v];
                            }
                            out[o + beta] += cu * sum;
                        }
                    }
                }
            }
        }
        if (diagonal) {
            int size = nx * m;
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < i; j++) {
                    if (j / m < i / m) {
                        out[i * size + j] = out[j * size + i];
                    }
                }
            }
        }
        return out;
    }

    /** scale · (rows [row0, row0 + rows) of the row-major matrix a with the given width)ᵀ: width × rows. */
    private static double[] transposed(double[] a, int row0, int rows, int width, double scale) {
        double[] t = new double[width * rows];
        for (int i = 0; i < rows; i++) {
            int ai = (row0 + i) * width;
            for (int j = 0; j < width; j++) {
                t[j * rows + i] = scale * a[ai + j];
            }
        }
        return t;
    }

    /**
     * The kernel-vector product (Θv)_{(x,α)} = Σ_{y,β} Θ_{(x,α),(y,β)} v_{(y,β)} without forming Θ, linear in N:
     * per layer U = Σ_{y,β} v_{yβ} D_β(δ ⊗ h)(y) (n_out×n_in) and ū = Σ_{y,β} v_{yβ} D_βδ(y), then
     * (Θv)_{xα} = Σ_l c_w² Σ_{ki} D_α(δ_k h_i)(x) U_ki + c_b² Σ_k D_αδ_k(x) ū_k. Partial sums over blocks of points
     * are added in block order (bit-identical for any thread count).
     *
     * @param v N·m entries, index point·m + α
     * @param threads the number of threads
     * @return N·m entries
     */
    public double[] apply(double[] v, int blockSize, int threads) {
        int c = channels;
        int m = components;
        int blocks = (points + blockSize - 1) / blockSize;
        double[][][] partU = new double[blocks][][];
        double[][][] partBias = new double[blocks][][];
        Parallel.run(blocks, threads, b -> {
            int y0 = b * blockSize;
            int y1 = Math.min(points, y0 + blockSize);
            double[][] us = new double[layers][];
            double[][] bs = new double[layers][];
            double[] combined = new double[c * maxWidth()];
            for (int l = 0; l < layers; l++) {
                int nOut = outWidth[l];
                int nIn = inWidth[l];
                double[] u = new double[nOut * nIn];
                double[] bias = new double[nOut];
                for (int y = y0; y < y1; y++) {
                    // combined[t] = Σ_{terms (α,s,t)} v_{yα} C · δ_s(y): then U += Σ_t combined[t] ⊗ h_t(y)
                    java.util.Arrays.fill(combined, 0, c * nOut, 0.0);
                    for (int w = 0; w < termComponent.length; w++) {
                        double coefficient = v[y * m + termComponent[w]] * termCoefficient[w];
                        if (coefficient == 0) {
                            continue;
                        }
                        int g0 = (y * c + termS[w]) * nOut;
                        int t0 = termT[w] * nOut;
                        for (int k = 0; k < nOut; k++) {
                            combined[t0 + k] += coefficient * gJets[l][g0 + k];
                        }
                    }
                    for (int t = 0; t < c; t++) {
                        int h0 = (y * c + t) * nIn;
                        for (int k = 0; k < nOut; k++) {
                            double s = combined[t * nOut + k];
                            if (s == 0) {
                                continue;
                            }
                            int uk = k * nIn;
                            for (int i = 0; i < nIn; i++) {
                                u[uk + i] += s * hJets[l][h0 + i];
                            }
                        }
                    }
                    for (int alpha = 0; alpha < m; alpha++) {
                        double va = v[y * m + alpha];
                        int g0 = (y * c + second(alpha)) * nOut;
                        for (int k = 0; k < nOut; k++) {
                            bias[k] += va * gJets[l][g0 + k];
                        }
                    }
                }
                us[l] = u;
                bs[l] = bias;
            }
            partU[b] = us;
            partBias[b] = bs;
        });
        double[][] u = partU[0];
        double[][] bias = partBias[0];
        for (int b = 1; b < blocks; b++) {
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < u[l].length; i++) {
                    u[l][i] += partU[b][l][i];
                }
                for (int i = 0; i < bias[l].length; i++) {
                    bias[l][i] += partBias[b][l][i];
                }
            }
        }
        double[] out = new double[points * m];
        Parallel.run(blocks, threads, b -> {
            int x0 = b * blockSize;
            int x1 = Math.min(points, x0 + blockSize);
            double[] uh = new double[c * maxWidth()];
            for (int x = x0; x < x1; x++) {
                for (int l = 0; l < layers; l++) {
                    int nOut = outWidth[l];
                    int nIn = inWidth[l];
                    // uh[t] = U h_t(x)
                    for (int t = 0; t < c; t++) {
                        int h0 = (x * c + t) * nIn;
                        for (int k = 0; k < nOut; k++) {
                            double s = 0;
                            int uk = k * nIn;
                            for (int i = 0; i < nIn; i++) {
                                s += u[l][uk + i] * hJets[l][h0 + i];
                            }
                            uh[t * nOut + k] = s;
                        }
                    }
                    for (int w = 0; w < termComponent.length; w++) {
                        int g0 = (x * c + termS[w]) * nOut;
                        int t0 = termT[w] * nOut;
                        double s = 0;
                        for (int k = 0; k < nOut; k++) {
                            s += gJets[l][g0 + k] * uh[t0 + k];
                        }
                        out[x * m + termComponent[w]] += cw2[l] * termCoefficient[w] * s;
                    }
                    for (int alpha = 0; alpha < m; alpha++) {
                        int g0 = (x * c + second(alpha)) * nOut;
                        double s = 0;
                        for (int k = 0; k < nOut; k++) {
                            s += gJets[l][g0 + k] * bias[l][k];
                        }
                        out[x * m + alpha] += cb2[l] * s;
                    }
                }
            }
        });
        return out;
    }

    private int maxWidth() {
        int w = 1;
        for (int l = 0; l < layers; l++) {
            w = Math.max(w, Math.max(inWidth[l], outWidth[l]));
        }
        return w;
    }
}
