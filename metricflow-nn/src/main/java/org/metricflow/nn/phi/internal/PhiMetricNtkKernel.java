package org.metricflow.nn.phi.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.metricflow.core.linalg.internal.PanelProducts;
import org.metricflow.core.linalg.internal.RowProducts;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.nn.Activation;
import org.metricflow.nn.DenseLayer;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureJet;
import org.metricflow.nn.metric.AcceleratedKahlerModel.BlockConsumer;
import org.metricflow.nn.metric.AcceleratedKahlerModel.KernelBlocks;

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
 * two products of C×n by n×(C·|Y|) per point of X, layer and block of points (dense FMA sweeps of
 * {@link RowProducts#multiplyRows}, bit-identical to {@link PanelProducts#multiplyRows}), then the assembly of the 4–6 × 4–6 term pairs of each (α, β) as FMA sweeps over
 * the points of Y: the Grams are stored one row per channel pair (s, s') with the points of Y along the row, so both
 * steps are contiguous vector loops instead of a gather per entry.
 *
 * <p><b>Jets.</b> Forward: h<sub>0</sub> = f with its {@link FeatureJet}; ∂a = c<sub>w</sub>W∂h and ∂∂̄a = c<sub>w</sub>W∂∂̄h;
 * ∂<sub>a</sub>h = σ'∂<sub>a</sub>a, ∂<sub>a</sub>∂̄<sub>b</sub>h = σ''∂<sub>a</sub>a conj(∂<sub>b</sub>a) + σ'∂<sub>a</sub>∂̄<sub>b</sub>a.
 * Backward: e<sub>L</sub> = ∂φ/∂h<sub>L</sub> = c<sub>w</sub>w<sub>out</sub> (constant), δ<sub>l</sub> = σ'(a<sub>l</sub>) e<sub>l</sub>,
 * e<sub>l−1</sub> = c<sub>w,l</sub> W<sub>l</sub>ᵀ δ<sub>l</sub>; the jet of δ = σ'e is
 * ∂<sub>a</sub>δ = σ''∂<sub>a</sub>a e + σ'∂<sub>a</sub>e and
 * ∂<sub>a</sub>∂̄<sub>b</sub>δ = (σ'''∂<sub>a</sub>a conj ∂<sub>b</sub>a + σ''∂<sub>a</sub>∂̄<sub>b</sub>a) e + σ''∂<sub>a</sub>a conj ∂<sub>b</sub>e
 * + σ'' conj(∂<sub>b</sub>a) ∂<sub>a</sub>e + σ'∂<sub>a</sub>∂̄<sub>b</sub>e. The output layer has δ = 1 (no derivatives).
 *
 * <p><b>Cost and memory.</b> Jets: a few forward passes of C rows per point, O(N·C·Σn<sub>l</sub>) doubles kept
 * (≈ 52 kB per point at width 64, d = 3). Kernel: O(N²·C²·Σ(n<sub>l</sub> + n<sub>l−1</sub>)) (linear in the width, not
 * in the parameter count n²). {@link #forEachBlock} streams the blocks X ≤ Y; each worker owns one set of buffers,
 * O(B·C·(C + Σn<sub>l</sub>) + B²m²) doubles for blocks of B points (the jets of Y transposed, the channel Grams of one
 * point of X, the block itself), so a pass over Θ needs the jets plus a few MB per thread, whatever N is. Every entry
 * (x ≤ y) is computed by the same operations in every block layout and on every thread, so results are bit-identical
 * for any block size and thread count; the point-diagonal m×m blocks are symmetrized by averaging.
 */
public final class PhiMetricNtkKernel implements KernelBlocks {
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
    /** Term pairs of the component pair α·m + β: [pairStart[α·m + β], pairStart[α·m + β + 1]). */
    private final int[] pairStart;
    /** Per term pair (u, v): c_u c_v, and the channel pairs s_u·C + s_v (δ side) and t_u·C + t_v (h side). */
    private final double[] pairCoefficient;
    private final int[] pairG;
    private final int[] pairH;

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
        pairStart = new int[components * components + 1];
        pairCoefficient = new double[count * count];
        pairG = new int[count * count];
        pairH = new int[count * count];
        buildPairs();
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
    @Override
    public int components() {
        return components;
    }

    /**
     * The number of points.
     */
    @Override
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
        int rows = (to - from) * channels;
        List<DenseLayer> list = mlp.layers();
        Activation act = mlp.activation();
        PanelProducts.Workspace ws = new PanelProducts.Workspace();
        inputJets(jet, from, to);
        int hidden = layers - 1;
        double[][] pre = new double[hidden][];
        for (int l = 0; l < hidden; l++) {
            DenseLayer layer = list.get(l);
            int nIn = inWidth[l];
            int nOut = outWidth[l];
            double[] a = new double[rows * nOut];
            // a = h (c_w W)ᵀ: B = c_w Wᵀ (nIn × nOut)
            double[] w = layer.weight().value().data;
            double[] scaledT = new double[nIn * nOut];
            for (int k = 0; k < nOut; k++) {
                for (int i = 0; i < nIn; i++) {
                    scaledT[i * nOut + k] = layer.weightMultiplier() * w[k * nIn + i];
                }
            }
            PanelProducts.multiply(rows, nIn, nOut, hJets[l], from * channels * nIn, nIn, 1, scaledT, 0, nOut, a, 0,
                    nOut, false, ws);
            double cb = layer.biasMultiplier();
            double[] bias = layer.bias().value().data;
            for (int r = 0; r < rows; r += channels) {
                for (int k = 0; k < nOut; k++) {
                    a[r * nOut + k] += cb * bias[k];
                }
            }
            pre[l] = a;
            activationJets(act, a, to - from, nOut, hJets[l + 1], from * channels * nOut);
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
        for (int r = 0; r < rows; r += channels) {
            for (int k = 0; k < nL; k++) {
                e[r * nL + k] = out.weightMultiplier() * wOut[k];
            }
        }
        for (int l = hidden - 1; l >= 0; l--) {
            int nOut = outWidth[l];
            int gBase = from * channels * nOut;
            deltaJets(act, pre[l], e, to - from, nOut, gJets[l], gBase);
            if (l > 0) {
                // e_{l−1} = c_w δ_l W_l, channel by channel (linear)
                DenseLayer layer = list.get(l);
                int nIn = inWidth[l];
                double[] next = new double[rows * nIn];
                double[] scaled = layer.weight().value().data.clone();
                for (int i = 0; i < scaled.length; i++) {
                    scaled[i] *= layer.weightMultiplier();
                }
                PanelProducts.multiply(rows, nOut, nIn, gJets[l], gBase, nOut, 1, scaled, 0, nIn, next, 0, nIn, false,
                        ws);
                e = next;
            }
        }
    }

    /** The features' jets as the channels of h_0 for points [from, to). */
    private void inputJets(FeatureJet jet, int from, int to) {
        int f = jet.features();
        double[] h0 = hJets[0];
        double[] mixedRe = jet.mixedRe();
        double[] mixedIm = jet.mixedIm();
        for (int p = from; p < to; p++) {
            int base = p * channels * f;
            System.arraycopy(jet.values(), p * f, h0, base, f);
            for (int a = 0; a < d; a++) {
                System.arraycopy(jet.firstRe(), (p * d + a) * f, h0, base + first(a, false) * f, f);
                System.arraycopy(jet.firstIm(), (p * d + a) * f, h0, base + first(a, true) * f, f);
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
    }

    /**
     * The jet of h = σ(a) from the jet of a (nb points × C channel rows × n units): ∂h = σ'∂a,
     * ∂_c∂̄_e h = σ''∂_c a conj(∂_e a) + σ'∂_c∂̄_e a; written to h from index hBase.
     */
    private void activationJets(Activation act, double[] a, int nb, int n, double[] h, int hBase) {
        double[] ar = new double[d];
        double[] ai = new double[d];
        for (int p = 0; p < nb; p++) {
            int row0 = p * channels;
            for (int k = 0; k < n; k++) {
                double z = a[row0 * n + k];
                double s1 = act.derivative(z);
                double s2 = act.secondDerivative(z);
                for (int c = 0; c < d; c++) {
                    ar[c] = a[(row0 + first(c, false)) * n + k];
                    ai[c] = a[(row0 + first(c, true)) * n + k];
                }
                h[hBase + row0 * n + k] = act.value(z);
                for (int c = 0; c < d; c++) {
                    h[hBase + (row0 + first(c, false)) * n + k] = s1 * ar[c];
                    h[hBase + (row0 + first(c, true)) * n + k] = s1 * ai[c];
                }
                for (int c = 0; c < d; c++) {
                    int r = row0 + second(c);
                    h[hBase + r * n + k] = s2 * (ar[c] * ar[c] + ai[c] * ai[c]) + s1 * a[r * n + k];
                    for (int e = c + 1; e < d; e++) {
                        int rr = row0 + second(pairComponent(c, e));
                        int ri = rr + 1;
                        h[hBase + rr * n + k] = s2 * (ar[c] * ar[e] + ai[c] * ai[e]) + s1 * a[rr * n + k];
                        h[hBase + ri * n + k] = s2 * (ai[c] * ar[e] - ar[c] * ai[e]) + s1 * a[ri * n + k];
                    }
                }
            }
        }
    }

    /**
     * The jet of δ = σ'(a) e from the jets of a and e (nb points × C channel rows × n units), see the class comment;
     * written to g from index gBase.
     */
    private void deltaJets(Activation act, double[] a, double[] e, int nb, int n, double[] g, int gBase) {
        double[] ar = new double[d];
        double[] ai = new double[d];
        double[] er = new double[d];
        double[] ei = new double[d];
        for (int p = 0; p < nb; p++) {
            int row0 = p * channels;
            for (int k = 0; k < n; k++) {
                double z = a[row0 * n + k];
                double s1 = act.derivative(z);
                double s2 = act.secondDerivative(z);
                double s3 = act.thirdDerivative(z);
                double e0 = e[row0 * n + k];
                for (int c = 0; c < d; c++) {
                    ar[c] = a[(row0 + first(c, false)) * n + k];
                    ai[c] = a[(row0 + first(c, true)) * n + k];
                    er[c] = e[(row0 + first(c, false)) * n + k];
                    ei[c] = e[(row0 + first(c, true)) * n + k];
                }
                g[gBase + row0 * n + k] = s1 * e0;
                for (int c = 0; c < d; c++) {
                    g[gBase + (row0 + first(c, false)) * n + k] = s2 * ar[c] * e0 + s1 * er[c];
                    g[gBase + (row0 + first(c, true)) * n + k] = s2 * ai[c] * e0 + s1 * ei[c];
                }
                for (int c = 0; c < d; c++) {
                    int r = row0 + second(c);
                    // (σ'''|∂a|² + σ''∂∂̄a) e + 2σ'' Re(∂a conj ∂e) + σ'∂∂̄e
                    g[gBase + r * n + k] = (s3 * (ar[c] * ar[c] + ai[c] * ai[c]) + s2 * a[r * n + k]) * e0
                            + 2 * s2 * (ar[c] * er[c] + ai[c] * ei[c]) + s1 * e[r * n + k];
                    for (int b = c + 1; b < d; b++) {
                        int rr = row0 + second(pairComponent(c, b));
                        int ri = rr + 1;
                        // ∂_c a conj ∂_b e + conj(∂_b a) ∂_c e
                        double mixRe = ar[c] * er[b] + ai[c] * ei[b] + ar[b] * er[c] + ai[b] * ei[c];
                        double mixIm = ai[c] * er[b] - ar[c] * ei[b] + ar[b] * ei[c] - ai[b] * er[c];
                        g[gBase + rr * n + k] = (s3 * (ar[c] * ar[b] + ai[c] * ai[b]) + s2 * a[rr * n + k]) * e0
                                + s2 * mixRe + s1 * e[rr * n + k];
                        g[gBase + ri * n + k] = (s3 * (ai[c] * ar[b] - ar[c] * ai[b]) + s2 * a[ri * n + k]) * e0
                                + s2 * mixIm + s1 * e[ri * n + k];
                    }
                }
            }
        }
    }

    // ============================================================================================
    // kernel blocks

    /**
     * One worker's buffers for blocks of at most B points, reused from block to block. Every row is its own array
     * indexed by the point q of Y alone, the loop shape C2 vectorizes (see {@link PanelProducts}).
     */
    private final class Scratch {
        /** Per layer: the δ- and h-jets of Y transposed, row unit·C + channel, element [q]. */
        final double[][][] gT = new double[layers][][];
        final double[][][] hT = new double[layers][][];
        /** The channel Grams of one point of X against Y, row s·C + s', element [q]. */
        final double[][] gram;
        final double[][] hGram;
        /** Θ of one point of X against Y, row α·m + β, element [q]. */
        final double[][] acc;
        /** The block, row-major ((x1−x0)·m)×((y1−y0)·m). */
        final double[] out;

        Scratch(int blockSize) {
            int b = Math.min(blockSize, points);
            for (int l = 0; l < layers; l++) {
                gT[l] = l < layers - 1 ? new double[outWidth[l] * channels][b] : null;
                hT[l] = new double[inWidth[l] * channels][b];
            }
            gram = new double[channels * channels][b];
            hGram = new double[channels * channels][b];
            acc = new double[components * components][b];
            out = new double[b * components * b * components];
        }
    }

    /** Per pair of components (α, β): the term pairs (u ∈ α, v ∈ β) with c_u c_v and their channel pairs. */
    private void buildPairs() {
        int m = components;
        int terms = termComponent.length;
        int w = 0;
        for (int alpha = 0; alpha < m; alpha++) {
            for (int beta = 0; beta < m; beta++) {
                pairStart[alpha * m + beta] = w;
                for (int u = 0; u < terms; u++) {
                    for (int v = 0; v < terms; v++) {
                        if (termComponent[u] == alpha && termComponent[v] == beta) {
                            pairCoefficient[w] = termCoefficient[u] * termCoefficient[v];
                            pairG[w] = termS[u] * channels + termS[v];
                            pairH[w] = termT[u] * channels + termT[v];
                            w++;
                        }
                    }
                }
            }
        }
        pairStart[m * m] = w;
    }

    /**
     * Hands every block X ≤ Y of the partition of the points into blocks of {@code blockSize} to the consumer, see
     * {@link KernelBlocks#forEachBlock}. Each worker thread owns one set of buffers (O(B·C·(C + Σn<sub>l</sub>) +
     * B²m²) doubles), so the working memory beyond the jets does not grow with the number of points.
     */
    @Override
    public void forEachBlock(int blockSize, int threads, BlockConsumer consumer) {
        if (blockSize < 1 || threads < 1 || consumer == null) {
            throw new IllegalArgumentException("forEachBlock: need blockSize ≥ 1, threads ≥ 1 and a consumer, got "
                    + blockSize + ", " + threads + ", " + consumer);
        }
        int blocks = (points + blockSize - 1) / blockSize;
        int tasks = blocks * (blocks + 1) / 2;
        int[] bx = new int[tasks];
        int[] by = new int[tasks];
        int t = 0;
        for (int i = 0; i < blocks; i++) {
            for (int j = i; j < blocks; j++) {
                bx[t] = i;
                by[t] = j;
                t++;
            }
        }
        int workers = Math.max(1, Math.min(threads, tasks));
        AtomicInteger next = new AtomicInteger();
        Parallel.run(workers, workers, worker -> {
            Scratch s = new Scratch(blockSize);
            for (int task = next.getAndIncrement(); task < tasks; task = next.getAndIncrement()) {
                int x0 = bx[task] * blockSize;
                int x1 = Math.min(points, x0 + blockSize);
                int y0 = by[task] * blockSize;
                int y1 = Math.min(points, y0 + blockSize);
                computeBlock(x0, x1, y0, y1, s);
                consumer.accept(x0, x1, y0, y1, s.out);
            }
        });
    }

    @Override
    public double[] block(int x0, int x1, int y0, int y1) {
        if (x0 < 0 || x0 >= x1 || x1 > points || y0 < 0 || y0 >= y1 || y1 > points) {
            throw new IllegalArgumentException("block: need 0 ≤ x0 < x1 ≤ " + points + " and 0 ≤ y0 < y1 ≤ " + points
                    + ", got [" + x0 + ", " + x1 + ") × [" + y0 + ", " + y1 + ")");
        }
        Scratch s = new Scratch(Math.max(x1 - x0, y1 - y0));
        computeBlock(x0, x1, y0, y1, s);
        return java.util.Arrays.copyOf(s.out, (x1 - x0) * components * (y1 - y0) * components);
    }

    /**
     * Θ(X, Y) for points [x0, x1) × [y0, y1) into {@code s.out}; on a diagonal block (x0 = y0, x1 = y1) only the
     * point pairs p ≤ q are computed, the rest mirrored. Every entry (p ≤ q) is computed the same way in every block
     * layout, so results do not depend on the block size.
     */
    private void computeBlock(int x0, int x1, int y0, int y1, Scratch s) {
        int ny = y1 - y0;
        boolean diagonal = x0 == y0 && x1 == y1;
        int top = layers - 1;
        for (int l = 0; l < layers; l++) {
            if (l < top) {
                channelMajorTranspose(gJets[l], y0, ny, outWidth[l], 1.0, s.gT[l]);
            }
            channelMajorTranspose(hJets[l], y0, ny, inWidth[l], cw2[l], s.hT[l]);
        }
        for (int p = 0; p < x1 - x0; p++) {
            int q0 = diagonal ? p : 0;
            pointAgainstBlock(x0 + p, ny, q0, s);
            scatterRow(p, ny, q0, diagonal, s);
        }
        if (diagonal) {
            int size = (x1 - x0) * components;
            double[] out = s.out;
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < i - i % components; j++) {
                    out[i * size + j] = out[j * size + i];
                }
            }
        }
    }

    /**
     * dst[i·C + s][q] = scale · (jet row (y0 + q)·C + s of {@code src})[i]: the jets of ny points transposed, one row
     * per unit and channel, so that a Gram row holds one channel pair for all points of Y.
     */
    private void channelMajorTranspose(double[] src, int y0, int ny, int width, double scale, double[][] dst) {
        for (int q = 0; q < ny; q++) {
            for (int c = 0; c < channels; c++) {
                int from = ((y0 + q) * channels + c) * width;
                for (int i = 0; i < width; i++) {
                    dst[i * channels + c][q] = scale * src[from + i];
                }
            }
        }
    }

    /** acc[α·m + β][q] = Θ_αβ(xp, y0 + q) for q ≥ q0 (the other entries of acc are unspecified). */
    private void pointAgainstBlock(int xp, int ny, int q0, Scratch s) {
        int c = channels;
        int m = components;
        for (double[] row : s.acc) {
            java.util.Arrays.fill(row, 0, ny, 0.0);
        }
        int top = layers - 1;
        for (int l = 0; l < top; l++) {
            int nOut = outWidth[l];
            int nIn = inWidth[l];
            // G[s][s'] = ⟨δ_s(xp), δ_s'(y)⟩ and H̃[t][t'] = c_w² ⟨h_t(xp), h_t'(y)⟩: one product per channel of Y
            for (int sy = 0; sy < c; sy++) {
                RowProducts.multiplyRows(c, nOut, ny, gJets[l], xp * c * nOut, nOut, 1, s.gT[l], sy, c, s.gram,
                        sy, c, false);
                RowProducts.multiplyRows(c, nIn, ny, hJets[l], xp * c * nIn, nIn, 1, s.hT[l], sy, c, s.hGram, sy,
                        c, false);
            }
            // H̃ += c_b² at t = t' = value (the bias)
            double b2 = cb2[l];
            double[] h00 = s.hGram[0];
            for (int q = 0; q < ny; q++) {
                h00[q] += b2;
            }
            assembleLayer(s.gram, s.hGram, ny, q0, s.acc);
        }
        // the output layer has δ = 1 without derivatives: only the terms (α, value, second(α)) with C = 1 pair up,
        // Θ_αβ += c_w² ⟨∂∂̄_α h(x), ∂∂̄_β h(y)⟩ — the second-derivative rows of x against those rows of Y
        int second0 = second(0);
        int nTop = inWidth[top];
        for (int beta = 0; beta < m; beta++) {
            RowProducts.multiplyRows(m, nTop, ny, hJets[top], (xp * c + second0) * nTop, nTop, 1, s.hT[top],
                    second0 + beta, c, s.hGram, beta, m, false);
        }
        for (int i = 0; i < m * m; i++) {
            double[] a = s.acc[i];
            double[] h = s.hGram[i];
            for (int q = q0; q < ny; q++) {
                a[q] += h[q];
            }
        }
    }

    /**
     * acc[α·m + β][q] += Σ<sub>(u,v) ∈ (α,β)</sub> c<sub>u</sub>c<sub>v</sub> G[s<sub>u</sub>][s<sub>v</sub>][q]
     * H̃[t<sub>u</sub>][t<sub>v</sub>][q] for q ≥ q0, two term pairs per sweep in a fixed order. The measured hot loop
     * of the assembly (2 304 term pairs per layer for d = 3), written as FMA sweeps over the points of Y that C2
     * vectorizes.
     */
    private void assembleLayer(double[][] gram, double[][] hGram, int ny, int q0, double[][] acc) {
        int mm = components * components;
        for (int ab = 0; ab < mm; ab++) {
            double[] a = acc[ab];
            int end = pairStart[ab + 1];
            int w = pairStart[ab];
            for (; w + 1 < end; w += 2) {
                double c1 = pairCoefficient[w];
                double c2 = pairCoefficient[w + 1];
                double[] g1 = gram[pairG[w]];
                double[] h1 = hGram[pairH[w]];
                double[] g2 = gram[pairG[w + 1]];
                double[] h2 = hGram[pairH[w + 1]];
                for (int q = q0; q < ny; q++) {
                    a[q] = Math.fma(c2 * g2[q], h2[q], Math.fma(c1 * g1[q], h1[q], a[q]));
                }
            }
            if (w < end) {
                double c1 = pairCoefficient[w];
                double[] g1 = gram[pairG[w]];
                double[] h1 = hGram[pairH[w]];
                for (int q = q0; q < ny; q++) {
                    a[q] = Math.fma(c1 * g1[q], h1[q], a[q]);
                }
            }
        }
    }

    /** Row p of the block from acc; the point-diagonal m×m block (p = q) made exactly symmetric by averaging. */
    private void scatterRow(int p, int ny, int q0, boolean diagonal, Scratch s) {
        int m = components;
        int cols = ny * m;
        double[][] acc = s.acc;
        double[] out = s.out;
        for (int alpha = 0; alpha < m; alpha++) {
            int row = (p * m + alpha) * cols;
            for (int beta = 0; beta < m; beta++) {
                double[] a = acc[alpha * m + beta];
                for (int q = q0; q < ny; q++) {
                    out[row + q * m + beta] = a[q];
                }
            }
        }
        if (diagonal) {
            for (int alpha = 0; alpha < m; alpha++) {
                for (int beta = alpha + 1; beta < m; beta++) {
                    double v = 0.5 * (acc[alpha * m + beta][p] + acc[beta * m + alpha][p]);
                    out[(p * m + alpha) * cols + p * m + beta] = v;
                    out[(p * m + beta) * cols + p * m + alpha] = v;
                }
            }
        }
    }

    // ============================================================================================
    // kernel-vector product

    /**
     * The kernel-vector product (Θv)_{(x,α)} = Σ_{y,β} Θ_{(x,α),(y,β)} v_{(y,β)} without forming Θ, linear in N:
     * per layer U = Σ_{y,β} v_{yβ} D_β(δ ⊗ h)(y) (n_out×n_in) and ū = Σ_{y,β} v_{yβ} D_βδ(y), then
     * (Θv)_{xα} = Σ_l c_w² Σ_{ki} D_α(δ_k h_i)(x) U_ki + c_b² Σ_k D_αδ_k(x) ū_k. Partial sums over blocks of points
     * are added in block order (bit-identical for any thread count).
     *
     * @param v N·m entries, index point·m + α
     * @param blockSize points per task
     * @param threads the number of threads
     * @return N·m entries
     */
    @Override
    public double[] apply(double[] v, int blockSize, int threads) {
        if (v == null || v.length != points * components) {
            throw new IllegalArgumentException("apply: need a vector of N·m = " + points * components + " entries, got "
                    + (v == null ? "null" : v.length));
        }
        int blocks = (points + blockSize - 1) / blockSize;
        double[][][] partU = new double[blocks][][];
        double[][][] partBias = new double[blocks][][];
        Parallel.run(blocks, threads, b -> {
            partU[b] = new double[layers][];
            partBias[b] = new double[layers][];
            sumOverPoints(v, b * blockSize, Math.min(points, (b + 1) * blockSize), partU[b], partBias[b]);
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
        double[] out = new double[points * components];
        Parallel.run(blocks, threads, b -> contract(u, bias, b * blockSize, Math.min(points, (b + 1) * blockSize),
                out));
        return out;
    }

    /** Per layer U = Σ_{y,β} v_{yβ} D_β(δ ⊗ h)(y) and ū = Σ_{y,β} v_{yβ} D_βδ(y) over the points [y0, y1). */
    private void sumOverPoints(double[] v, int y0, int y1, double[][] us, double[][] bs) {
        int c = channels;
        int m = components;
        double[] combined = new double[c * maxWidth()];
        for (int l = 0; l < layers; l++) {
            int nOut = outWidth[l];
            int nIn = inWidth[l];
            double[] u = new double[nOut * nIn];
            double[] bias = new double[nOut];
            double[] g = gJets[l];
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
                        combined[t0 + k] += coefficient * g[g0 + k];
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
                        bias[k] += va * g[g0 + k];
                    }
                }
            }
            us[l] = u;
            bs[l] = bias;
        }
    }

    /** out[x·m + α] += Σ_l c_w² Σ_{ki} D_α(δ_k h_i)(x) U_ki + c_b² Σ_k D_αδ_k(x) ū_k for the points [x0, x1). */
    private void contract(double[][] u, double[][] bias, int x0, int x1, double[] out) {
        int c = channels;
        int m = components;
        double[] uh = new double[c * maxWidth()];
        for (int x = x0; x < x1; x++) {
            for (int l = 0; l < layers; l++) {
                int nOut = outWidth[l];
                int nIn = inWidth[l];
                double[] g = gJets[l];
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
                        s += g[g0 + k] * uh[t0 + k];
                    }
                    out[x * m + termComponent[w]] += cw2[l] * termCoefficient[w] * s;
                }
                for (int alpha = 0; alpha < m; alpha++) {
                    int g0 = (x * c + second(alpha)) * nOut;
                    double s = 0;
                    for (int k = 0; k < nOut; k++) {
                        s += g[g0 + k] * bias[l][k];
                    }
                    out[x * m + alpha] += cb2[l] * s;
                }
            }
        }
    }

    private int maxWidth() {
        int w = 1;
        for (int l = 0; l < layers; l++) {
            w = Math.max(w, Math.max(inWidth[l], outWidth[l]));
        }
        return w;
    }
}
