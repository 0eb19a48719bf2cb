package org.metricflow.nn.phi.internal;

import java.util.ArrayDeque;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.linalg.internal.PanelProducts;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.internal.EmbeddingJets;
import org.metricflow.nn.Activation;
import org.metricflow.nn.DenseLayer;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.CurvatureJetLayout;
import org.metricflow.nn.features.FeatureCurvatureJets;
import org.metricflow.nn.features.FeatureMap;

/**
 * The Ricci loss L = Σ<sub>p</sub> w<sub>p</sub> tr((g<sup>−1</sup>Ric)²)<sub>p</sub> / Σ<sub>p</sub> w<sub>p</sub> of a φ-model
 * (g = g<sub>ref</sub> + ∂∂̄ψ, ψ = φ<sub>θ</sub>(f(ι(x)))) and its parameter gradient, without an autodiff graph.
 *
 * <h2>Forward: the network's full (2,2) jet</h2>
 * Per point the features' jets to bidegree (2,2) ({@link FeatureCurvatureJets}) are turned into packed Taylor rows
 * ({@link BidegreeJetAlgebra}, R = M² rows, 100 for d = 3) and pushed through the network: a<sub>l</sub> =
 * c<sub>w</sub>h<sub>l−1</sub>W<sub>l</sub><sup>T</sup> row by row (one GEMM per layer for a block of points; the bias
 * c<sub>b</sub>b<sub>l</sub> enters the value row only) and, with ε = a<sub>l</sub> − a<sub>l,0</sub>,
 * <pre>
 *   h_l = σ(a_0) + σ'(a_0) ε + σ''(a_0) ε²/2 + σ'''(a_0) ε³/6 + σ''''(a_0) ε⁴/24      (ε⁵ = 0 in the truncated ring)
 * </pre>
 * with ε² = ε·ε, ε³ = ε²·ε, ε⁴ = ε²·ε² by the algebra's product tables (for d = 3: 534, 603 and 135 terms).
 * The output layer gives ψ's Taylor rows, hence
 * ∂<sub>a</sub>∂̄<sub>b</sub>ψ = t<sub>a,b</sub>, ∂<sub>a</sub>∂<sub>c</sub>∂̄<sub>b</sub>ψ = (ac)!·t<sub>ac,b</sub>,
 * ∂<sub>a</sub>∂<sub>c</sub>∂̄<sub>b</sub>∂̄<sub>e</sub>ψ = (ac)!(be)!·t<sub>ac,be</sub>; the reference potential's closed-form jets are
 * added, and {@link RicciNormAdjoint} gives each point's tr((g<sup>−1</sup>Ric)²) and its gradient with respect to the
 * jets.
 *
 * <h2>Reverse: the adjoint of the jet propagation</h2>
 * The jets' gradients become the cotangent ψ̄ of ψ's Taylor rows and sweep back: h̄<sub>L</sub> = c<sub>w</sub>ψ̄ w<sub>out</sub>;
 * per layer the adjoint of the polynomial above (the product tables read backwards, in the order ε⁴, ε³, ε²) gives ε̄,
 * and the value row collects ā<sub>0</sub> = Σ<sub>k=0..4</sub> σ<sup>(k+1)</sup>(a<sub>0</sub>)·σ̄<sub>k</sub> with
 * σ̄<sub>k</sub> = ⟨h̄, ε<sup>k</sup>⟩/k! (so σ<sup>(5)</sup> appears); then W̄<sub>l</sub> += c<sub>w</sub>Āᵀh<sub>l−1</sub>,
 * b̄<sub>l</sub> += c<sub>b</sub>ā<sub>0</sub> and h̄<sub>l−1</sub> = c<sub>w</sub>ĀW<sub>l</sub> (GEMMs over the block). The cost is a
 * small multiple of the forward jet: three GEMMs per layer on R rows per point and the product tables forwards and
 * backwards.
 *
 * <p>Points are processed in tasks of {@value #CHUNK} on {@link Parallel}'s pool, in blocks of {@value #BLOCK}, with
 * an ordered reduction: results are bit-identical for any thread count. Workspaces are pooled between calls. The
 * parameters are read at each {@link #run}. Not thread safe: one instance per training loop.
 */
public final class PhiRicciKernel {
    /** Points per forward/backward block (the block's jets of all layers stay in the caches). */
    static final int BLOCK = 4;
    /** Points per parallel task. */
    static final int CHUNK = 32;

    private final Mlp network;
    private final FeatureMap map;
    private final int[] starts;
    private final int m;
    private final int d;
    private final Activation act;
    private final int hidden;
    private final int[] width;
    private final int maxWidth;
    private final BidegreeJetAlgebra algebra;
    private final int rows;
    private final BidegreeJetAlgebra.Table square;
    private final BidegreeJetAlgebra.Table cube;
    private final BidegreeJetAlgebra.Table fourth;
    private final int[] wOffset;
    private final int[] bOffset;
    private final int parameterCount;
    /** Per layer: c_w·Wᵀ (w_{l−1}×w_l), c_w·W (w_l×w_{l−1}), c_b·b; the output layer's c_w·w_out. */
    private final double[][] weightT;
    private final double[][] weight;
    private final double[][] bias;
    private double[] outWeight;
    private final double[] multiplier;
    private final double[] biasMultiplier;
    private final ArrayDeque<Workspace> pool = new ArrayDeque<>();
    private double[][] slots = new double[0][];
    private double[] lossParts = new double[0];

    /**
     * A kernel for a scalar network on the features of points with the given factor offsets and dimension.
     *
     * @param network the φ network (scalar output, at least one hidden layer)
     * @param map the feature map
     * @param starts the factor offsets of the homogeneous coordinates ({@code ProjectiveVariety.factorStarts()})
     * @param d the complex dimension (1 ≤ d ≤ 6)
     */
    public PhiRicciKernel(Mlp network, FeatureMap map, int[] starts, int d) {
        if (network.outputs() != 1 || network.hiddenWidths().length < 1) {
            throw new IllegalArgumentException("the Ricci kernel needs a scalar network with a hidden layer, got "
                    + network.outputs() + " outputs and " + network.hiddenWidths().length + " hidden layers");
        }
        this.network = network;
        this.map = map;
        this.starts = starts.clone();
        this.m = starts[starts.length - 1];
        this.d = d;
        this.act = network.activation();
        List<DenseLayer> layers = network.layers();
        this.hidden = layers.size() - 1;
        this.width = new int[hidden + 1];
        width[0] = network.inputs();
        int mw = width[0];
        this.wOffset = new int[hidden + 2];
        this.bOffset = new int[hidden + 2];
        int off = 0;
        for (int l = 1; l <= hidden + 1; l++) {
            DenseLayer layer = layers.get(l - 1);
            if (l <= hidden) {
                width[l] = layer.outputs();
                mw = Math.max(mw, width[l]);
            }
            wOffset[l] = off;
            off += layer.inputs() * layer.outputs();
            bOffset[l] = off;
            off += layer.outputs();
        }
        this.maxWidth = mw;
        this.parameterCount = off;
        this.algebra = new BidegreeJetAlgebra(d);
        this.rows = algebra.rows();
        this.square = algebra.product(1, 1, true);
        this.cube = algebra.product(2, 1, false);
        this.fourth = algebra.product(2, 2, true);
        this.weightT = new double[hidden + 1][];
        this.weight = new double[hidden + 1][];
        this.bias = new double[hidden + 1][];
        this.multiplier = new double[hidden + 2];
        this.biasMultiplier = new double[hidden + 2];
        for (int l = 1; l <= hidden + 1; l++) {
            multiplier[l] = layers.get(l - 1).weightMultiplier();
            biasMultiplier[l] = layers.get(l - 1).biasMultiplier();
        }
    }

    /** The number of real rows of a jet (M², 100 for d = 3). */
    public int jetRows() {
        return rows;
    }

    /** Copies the network's current parameters into the scaled forms the sweeps use. */
    private void prepareWeights() {
        List<DenseLayer> layers = network.layers();
        for (int l = 1; l <= hidden; l++) {
            DenseLayer layer = layers.get(l - 1);
            int wi = width[l - 1];
            int wo = width[l];
            double[] w = layer.weight().value().data;
            double c = layer.weightMultiplier();
            if (weightT[l] == null) {
                weightT[l] = new double[wi * wo];
                weight[l] = new double[wi * wo];
                bias[l] = new double[wo];
            }
            for (int k = 0; k < wo; k++) {
                for (int j = 0; j < wi; j++) {
                    weightT[l][j * wo + k] = c * w[k * wi + j];
                    weight[l][k * wi + j] = c * w[k * wi + j];
                }
            }
            double[] b = layer.bias().value().data;
            for (int k = 0; k < wo; k++) {
                bias[l][k] = layer.biasMultiplier() * b[k];
            }
        }
        DenseLayer out = layers.get(hidden);
        double[] w = out.weight().value().data;
        if (outWeight == null) {
            outWeight = new double[w.length];
        }
        for (int k = 0; k < w.length; k++) {
            outWeight[k] = out.weightMultiplier() * w[k];
        }
    }

    /**
     * The Ricci loss of a batch and {@code scale}·∂L/∂θ.
     *
     * @param batch the points (their weights w<sub>p</sub> weight the mean)
     * @param reference the potential whose metric ∂∂̄ψ is added to (the variety's reference potential)
     * @param scale the factor of the gradient
     * @param gradients output, one array per parameter in {@link Mlp#parameters()} order (overwritten)
     * @param threads worker threads (results do not depend on it)
     * @return L, NaN if the metric is singular at a point
     */
    public double run(PointSet batch, KahlerPotential reference, double scale, double[][] gradients, int threads) {
        int n = batch.size();
        int d2 = d * d;
        prepareWeights();
        double[] z = new double[2 * n * m];
        double[] first = new double[2 * n * d * m];
        double[] second = new double[2 * n * d2 * m];
        EmbeddingJets.variety(batch.variety().equations(), m, d, batch.coordinates(), batch.jacobians(),
                batch.eliminated(), 0, n, z, first, second);
        double[] g = new double[2 * n * d2];
        double[] dg = new double[2 * n * d2 * d];
        double[] ddg = new double[2 * n * d2 * d2];
        reference.jets(m, d).orElseThrow(() -> new IllegalArgumentException("the reference potential " + reference
                + " has no closed-form jets")).compute(n, z, first, second, g, 0, dg, 0, ddg, 0);
        double[] weights = batch.weights();
        double wsum = 0.0;
        for (double w : weights) {
            wsum += w;
        }
        double invW = 1.0 / wsum;
        int tasks = (n + CHUNK - 1) / CHUNK;
        if (slots.length < tasks) {
            slots = java.util.Arrays.copyOf(slots, tasks);
            lossParts = new double[tasks];
        }
        Parallel.run(tasks, threads, task -> {
            Workspace ws = borrow();
            try {
                if (slots[task] == null) {
                    slots[task] = new double[parameterCount];
                }
                double[] slot = slots[task];
                java.util.Arrays.fill(slot, 0.0);
                int p0 = task * CHUNK;
                int pc = Math.min(CHUNK, n - p0);
                double loss = 0.0;
                for (int b0 = p0; b0 < p0 + pc; b0 += BLOCK) {
                    int nb = Math.min(BLOCK, p0 + pc - b0);
                    loss += block(ws, b0, nb, z, first, second, g, dg, ddg, weights, scale * invW, slot);
                }
                lossParts[task] = loss;
            } finally {
                giveBack(ws);
            }
        });
        double loss = 0.0;
        for (int t = 0; t < tasks; t++) {
            loss += lossParts[t];
        }
        reduce(tasks, gradients);
        return loss * invW;
    }

    private void reduce(int tasks, double[][] gradients) {
        for (int l = 1; l <= hidden + 1; l++) {
            double cw = multiplier[l];
            double cb = l == hidden + 1 ? 0.0 : biasMultiplier[l]; // ψ's constant does not enter g
            double[] gw = gradients[2 * (l - 1)];
            double[] gb = gradients[2 * (l - 1) + 1];
            java.util.Arrays.fill(gw, 0.0);
            java.util.Arrays.fill(gb, 0.0);
            for (int t = 0; t < tasks; t++) {
                double[] slot = slots[t];
                for (int i = 0; i < gw.length; i++) {
                    gw[i] += slot[wOffset[l] + i];
                }
                for (int i = 0; i < gb.length; i++) {
                    gb[i] += slot[bOffset[l] + i];
                }
            }
            for (int i = 0; i < gw.length; i++) {
                gw[i] *= cw;
            }
            for (int i = 0; i < gb.length; i++) {
                gb[i] *= cb;
            }
        }
    }

    private synchronized Workspace borrow() {
        Workspace w = pool.poll();
        return w != null ? w : new Workspace();
    }

    private synchronized void giveBack(Workspace w) {
        pool.push(w);
    }

    /** One block of nb points from point p0: forward, per-point loss, reverse; returns Σ w_p n_p. */
    private double block(Workspace ws, int p0, int nb, double[] z, double[] first, double[] second, double[] g,
            double[] dg, double[] ddg, double[] weights, double factor, double[] slot) {
        int d2 = d * d;
        ws.features.compute(nb, z, 2 * p0 * m, first, 2 * p0 * d * m, second, 2 * p0 * d2 * m);
        ws.loadFeatures(nb);
        double[] in = ws.input;
        for (int l = 1; l <= hidden; l++) {
            int wi = width[l - 1];
            int w = width[l];
            double[] a = ws.pre[l];
            PanelProducts.multiply(nb * rows, wi, w, in, 0, wi, 1, weightT[l], 0, w, a, 0, w, false, ws.products);
            for (int p = 0; p < nb; p++) {
                ws.activate(l, p);
            }
            in = ws.post[l];
        }
        // ψ's rows, the jets, the loss and the cotangent ψ̄
        int w = width[hidden];
        double loss = 0.0;
        for (int p = 0; p < nb; p++) {
            int q = p0 + p;
            for (int r = 0; r < rows; r++) {
                double s = 0.0;
                int o = (p * rows + r) * w;
                for (int k = 0; k < w; k++) {
                    s += outWeight[k] * in[o + k];
                }
                ws.psi[r] = s;
            }
            ws.jetsOfPsi(g, 2 * q * d2, dg, 2 * q * d2 * d, ddg, 2 * q * d2 * d2);
            double n2 = ws.norm.normAndGradient(ws.g, 0, ws.dg, 0, ws.ddg, 0, factor * weights[q], ws.gBar,
                    ws.dgBar, ws.ddgBar);
            loss += weights[q] * n2;
            ws.cotangent(p);
        }
        // output layer: w̄_out += Σ ψ̄ h_L; h̄_L = c_w ψ̄ w_out
        double[] hL = ws.post[hidden];
        for (int p = 0; p < nb; p++) {
            for (int r = 0; r < rows; r++) {
                double s = ws.psiBar[p * rows + r];
                if (s == 0.0) {
                    java.util.Arrays.fill(ws.hBar, (p * rows + r) * w, (p * rows + r + 1) * w, 0.0);
                    continue;
                }
                int o = (p * rows + r) * w;
                for (int k = 0; k < w; k++) {
                    slot[wOffset[hidden + 1] + k] += s * hL[o + k];
                    ws.hBar[o + k] = s * outWeight[k];
                }
            }
        }
        for (int l = hidden; l >= 1; l--) {
            int wl = width[l];
            int wi = width[l - 1];
            for (int p = 0; p < nb; p++) {
                ws.activateAdjoint(l, p);
                for (int k = 0; k < wl; k++) {
                    slot[bOffset[l] + k] += ws.aBar[p * rows * wl + k];
                }
            }
            double[] x = l == 1 ? ws.input : ws.post[l - 1];
            PanelProducts.multiply(wl, nb * rows, wi, ws.aBar, 0, 1, wl, x, 0, wi, slot, wOffset[l], wi, true,
                    ws.products);
            if (l > 1) {
                PanelProducts.multiply(nb * rows, wl, wi, ws.aBar, 0, wl, 1, weight[l], 0, wi, ws.hBar, 0, wi, false,
                        ws.products);
            }
        }
        return loss;
    }

    /** c[o] += w·x[i]·y[j] over the terms of a table, for the w neurons of one point's rows. */
    private static void apply(BidegreeJetAlgebra.Table t, double[] x, double[] y, int base, double[] c, int w) {
        int[] left = t.left;
        int[] right = t.right;
        int[] out = t.out;
        double[] weight = t.weight;
        for (int s = 0; s < out.length; s++) {
            int o = base + out[s] * w;
            int i = base + left[s] * w;
            int j = base + right[s] * w;
            double f = weight[s];
            for (int k = 0; k < w; k++) {
                c[o + k] += f * x[i + k] * y[j + k];
            }
        }
    }

    /** The adjoint of {@link #apply}: x̄[i] += w·c̄[o]·y[j], ȳ[j] += w·c̄[o]·x[i]. */
    private static void applyAdjoint(BidegreeJetAlgebra.Table t, double[] x, double[] y, int base, double[] cBar,
            double[] xBar, double[] yBar, int w) {
        int[] left = t.left;
        int[] right = t.right;
        int[] out = t.out;
        double[] weight = t.weight;
        for (int s = 0; s < out.length; s++) {
            int o = base + out[s] * w;
            int i = base + left[s] * w;
            int j = base + right[s] * w;
            double f = weight[s];
            for (int k = 0; k < w; k++) {
                double c = f * cBar[o + k];
                xBar[i + k] += c * y[j + k];
                yBar[j + k] += c * x[i + k];
            }
        }
    }

    /** The buffers of one worker. */
    private final class Workspace {
        final FeatureCurvatureJets features = FeatureCurvatureJets.workspace(map, starts, d, BLOCK);
        final CurvatureJetLayout layout = features.layout();
        final PanelProducts.Workspace products = new PanelProducts.Workspace();
        final RicciNormAdjoint norm = new RicciNormAdjoint(d);
        final double[] input = new double[BLOCK * rows * width[0]];
        final double[][] pre = new double[hidden + 1][];
        final double[][] post = new double[hidden + 1][];
        final double[][] pow2 = new double[hidden + 1][];
        final double[][] pow3 = new double[hidden + 1][];
        final double[][] pow4 = new double[hidden + 1][];
        final double[][] sigma = new double[hidden + 1][];
        final double[] hBar = new double[BLOCK * rows * maxWidth];
        final double[] aBar = new double[BLOCK * rows * maxWidth];
        final double[] bar2 = new double[BLOCK * rows * maxWidth];
        final double[] bar3 = new double[BLOCK * rows * maxWidth];
        final double[] bar4 = new double[BLOCK * rows * maxWidth];
        final double[] sigmaBar = new double[5 * maxWidth];
        final double[] six = new double[5];
        final double[] psi = new double[rows];
        final double[] psiBar = new double[BLOCK * rows];
        final double[] g = new double[2 * d * d];
        final double[] dg = new double[2 * d * d * d];
        final double[] ddg = new double[2 * d * d * d * d];
        final double[] gBar = new double[2 * d * d];
        final double[] dgBar = new double[2 * d * d * d];
        final double[] ddgBar = new double[2 * d * d * d * d];

        Workspace() {
            for (int l = 1; l <= hidden; l++) {
                int size = BLOCK * rows * width[l];
                pre[l] = new double[size];
                post[l] = new double[size];
                pow2[l] = new double[size];
                pow3[l] = new double[size];
                pow4[l] = new double[size];
                sigma[l] = new double[BLOCK * 6 * width[l]];
            }
        }

        /** The features' derivatives as packed Taylor rows t_AB = ∂^A∂̄^B f/(A!B!) (only A ≤ B are stored). */
        void loadFeatures(int nb) {
            int f = width[0];
            int pairs = layout.pairs();
            double[] streams = features.streams();
            double[] third = features.third();
            double[] four = features.fourth();
            int mono = algebra.monomials();
            for (int p = 0; p < nb; p++) {
                int base = p * rows;
                for (int x = 0; x < mono; x++) {
                    for (int y = x; y < mono; y++) {
                        int re = base + algebra.realRow(x, y);
                        int im = algebra.imaginaryRow(x, y);
                        for (int k = 0; k < f; k++) {
                            double[] t = taylor(p, x, y, k, f, pairs, streams, third, four);
                            input[re * f + k] = t[0];
                            if (im >= 0) {
                                input[(base + im) * f + k] = t[1];
                            }
                        }
                    }
                }
            }
        }

        private final double[] pair = new double[2];

        /** t_xy of feature k at point p for monomials x ≤ y (holomorphic x, antiholomorphic y). */
        private double[] taylor(int p, int x, int y, int k, int f, int pairs, double[] streams, double[] third,
                double[] four) {
            int r = layout.rows();
            int sBase = p * r;
            int dx = x == 0 ? 0 : x <= d ? 1 : 2;
            int dy = y == 0 ? 0 : y <= d ? 1 : 2;
            double re;
            double im;
            if (dx == 0 && dy == 0) {
                re = streams[sBase * f + k];
                im = 0.0;
            } else if (dx == 0 && dy == 1) { // conj ∂_b f
                int row = sBase + layout.firstRow(y - 1);
                re = streams[row * f + k];
                im = -streams[(row + 1) * f + k];
            } else if (dx == 0) { // conj ∂_b∂_e f / (be)!
                int q = y - 1 - d;
                int row = sBase + layout.secondRow(q);
                double fac = factorial(q);
                re = streams[row * f + k] / fac;
                im = -streams[(row + 1) * f + k] / fac;
            } else if (dx == 1 && dy == 1) { // ∂_a∂̄_b f, a ≤ b
                int a = x - 1;
                int b = y - 1;
                re = streams[(sBase + layout.mixedRealRow(a, b)) * f + k];
                im = a < b ? streams[(sBase + layout.mixedImaginaryRow(a, b)) * f + k] : 0.0;
            } else if (dx == 1) { // ∂_a∂̄_b∂̄_e f / (be)! = conj(∂_b∂_e∂̄_a f) / (be)!
                int a = x - 1;
                int s = y - 1 - d;
                double fac = factorial(s);
                int src = 2 * (((p * pairs + s) * d + a) * f + k);
                re = third[src] / fac;
                im = -third[src + 1] / fac;
            } else { // ∂_a∂_c∂̄_b∂̄_e f / ((ac)!(be)!)
                int q = x - 1 - d;
                int s = y - 1 - d;
                double fac = factorial(q) * factorial(s);
                int src = 2 * (((p * pairs + q) * pairs + s) * f + k);
                re = four[src] / fac;
                im = four[src + 1] / fac;
            }
            pair[0] = re;
            pair[1] = im;
            return pair;
        }

        private double factorial(int q) {
            return layout.pairFirst(q) == layout.pairSecond(q) ? 2.0 : 1.0;
        }

        /** Bias, σ … σ⁽⁵⁾ at the value row, the powers of ε and h = Σ σ⁽ᵏ⁾εᵏ/k! for point p at layer l. */
        void activate(int l, int p) {
            int w = width[l];
            int base = p * rows * w;
            double[] a = pre[l];
            double[] s = sigma[l];
            int so = p * 6 * w;
            for (int k = 0; k < w; k++) {
                double x = a[base + k] + bias[l][k];
                a[base + k] = x;
                act.derivatives(x, six, 0);
                s[so + k] = six[0];
                s[so + w + k] = six[1];
                s[so + 2 * w + k] = six[2] / 2.0;
                s[so + 3 * w + k] = six[3] / 6.0;
                s[so + 4 * w + k] = six[4] / 24.0;
                s[so + 5 * w + k] = act.fifthDerivative(x) / 24.0;
            }
            int size = rows * w;
            double[] e2 = pow2[l];
            double[] e3 = pow3[l];
            double[] e4 = pow4[l];
            java.util.Arrays.fill(e2, base, base + size, 0.0);
            java.util.Arrays.fill(e3, base, base + size, 0.0);
            java.util.Arrays.fill(e4, base, base + size, 0.0);
            apply(square, a, a, base, e2, w);
            apply(cube, e2, a, base, e3, w);
            apply(fourth, e2, e2, base, e4, w);
            double[] h = post[l];
            System.arraycopy(s, so, h, base, w);
            for (int r = 1; r < rows; r++) {
                int o = base + r * w;
                for (int k = 0; k < w; k++) {
                    h[o + k] = s[so + w + k] * a[o + k] + s[so + 2 * w + k] * e2[o + k]
                            + s[so + 3 * w + k] * e3[o + k] + s[so + 4 * w + k] * e4[o + k];
                }
            }
        }

        /** Ā of point p at layer l from h̄ (in hBar), into aBar. */
        void activateAdjoint(int l, int p) {
            int w = width[l];
            int base = p * rows * w;
            double[] a = pre[l];
            double[] s = sigma[l];
            int so = p * 6 * w;
            double[] e2 = pow2[l];
            double[] e3 = pow3[l];
            double[] e4 = pow4[l];
            // σ̄_k = ⟨h̄, εᵏ⟩ over the rows (the 1/k! is in the stored σ⁽ᵏ⁾/k!)
            java.util.Arrays.fill(sigmaBar, 0, 5 * w, 0.0);
            System.arraycopy(hBar, base, sigmaBar, 0, w);
            for (int r = 1; r < rows; r++) {
                int o = base + r * w;
                for (int k = 0; k < w; k++) {
                    double hb = hBar[o + k];
                    sigmaBar[w + k] += hb * a[o + k];
                    sigmaBar[2 * w + k] += hb * e2[o + k];
                    sigmaBar[3 * w + k] += hb * e3[o + k];
                    sigmaBar[4 * w + k] += hb * e4[o + k];
                }
            }
            for (int r = 1; r < rows; r++) {
                int o = base + r * w;
                for (int k = 0; k < w; k++) {
                    double hb = hBar[o + k];
                    aBar[o + k] = s[so + w + k] * hb;
                    bar2[o + k] = s[so + 2 * w + k] * hb;
                    bar3[o + k] = s[so + 3 * w + k] * hb;
                    bar4[o + k] = s[so + 4 * w + k] * hb;
                }
            }
            applyAdjoint(fourth, e2, e2, base, bar4, bar2, bar2, w);
            applyAdjoint(cube, e2, a, base, bar3, bar2, aBar, w);
            applyAdjoint(square, a, a, base, bar2, aBar, aBar, w);
            // the value row: d(σ⁽ᵏ⁾/k!)/da₀ = σ⁽ᵏ⁺¹⁾/k!, so ā₀ = Σ_k σ̄_k σ⁽ᵏ⁺¹⁾/k!
            for (int k = 0; k < w; k++) {
                aBar[base + k] = sigmaBar[k] * s[so + w + k] + sigmaBar[w + k] * 2.0 * s[so + 2 * w + k]
                        + sigmaBar[2 * w + k] * 3.0 * s[so + 3 * w + k] + sigmaBar[3 * w + k] * 4.0 * s[so + 4 * w + k]
                        + sigmaBar[4 * w + k] * s[so + 5 * w + k];
            }
        }

        /** g, ∂g, ∂∂̄g of the point: the reference jets plus ψ's from its Taylor rows in psi. */
        void jetsOfPsi(double[] g0, int go, double[] dg0, int dgo, double[] ddg0, int ddgo) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    int o = 2 * (a * d + b);
                    coefficient(algebra.linear(a), algebra.linear(b), 1.0);
                    g[o] = g0[go + o] + pair[0];
                    g[o + 1] = g0[go + o + 1] + pair[1];
                    for (int c = 0; c < d; c++) {
                        int q = layout.pair(a, c);
                        coefficient(algebra.quadratic(q), algebra.linear(b), factorial(q));
                        int x = 2 * ((c * d + a) * d + b);
                        dg[x] = dg0[dgo + x] + pair[0];
                        dg[x + 1] = dg0[dgo + x + 1] + pair[1];
                        for (int e = 0; e < d; e++) {
                            int s = layout.pair(b, e);
                            coefficient(algebra.quadratic(q), algebra.quadratic(s), factorial(q) * factorial(s));
                            int y = 2 * (((a * d + b) * d + c) * d + e);
                            ddg[y] = ddg0[ddgo + y] + pair[0];
                            ddg[y + 1] = ddg0[ddgo + y + 1] + pair[1];
                        }
                    }
                }
            }
        }

        /** pair = fac·t_xy of ψ (x holomorphic, y antiholomorphic monomial). */
        private void coefficient(int x, int y, double fac) {
            int im = algebra.imaginaryRow(x, y);
            pair[0] = fac * psi[algebra.realRow(x, y)];
            pair[1] = im < 0 ? 0.0 : fac * algebra.imaginarySign(x, y) * psi[im];
        }

        /** ψ̄ of point p (block-local) from the jets' gradients: the transpose of {@link #jetsOfPsi}. */
        void cotangent(int p) {
            int o0 = p * rows;
            java.util.Arrays.fill(psiBar, o0, o0 + rows, 0.0);
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    int o = 2 * (a * d + b);
                    addBar(o0, algebra.linear(a), algebra.linear(b), 1.0, gBar[o], gBar[o + 1]);
                    for (int c = 0; c < d; c++) {
                        int q = layout.pair(a, c);
                        int x = 2 * ((c * d + a) * d + b);
                        addBar(o0, algebra.quadratic(q), algebra.linear(b), factorial(q), dgBar[x], dgBar[x + 1]);
                        for (int e = 0; e < d; e++) {
                            int s = layout.pair(b, e);
                            int y = 2 * (((a * d + b) * d + c) * d + e);
                            addBar(o0, algebra.quadratic(q), algebra.quadratic(s), factorial(q) * factorial(s),
                                    ddgBar[y], ddgBar[y + 1]);
                        }
                    }
                }
            }
        }

        private void addBar(int o0, int x, int y, double fac, double reBar, double imBar) {
            psiBar[o0 + algebra.realRow(x, y)] += fac * reBar;
            int im = algebra.imaginaryRow(x, y);
            if (im >= 0) {
                psiBar[o0 + im] += fac * algebra.imaginarySign(x, y) * imBar;
            }
        }
    }
}
