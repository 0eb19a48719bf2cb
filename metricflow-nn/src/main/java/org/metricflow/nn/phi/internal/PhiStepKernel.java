package org.metricflow.nn.phi.internal;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.linalg.internal.PanelProducts;
import org.metricflow.core.linalg.internal.RowProducts;
import org.metricflow.core.linalg.internal.SmallComplexMatrices;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.nn.Activation;
import org.metricflow.nn.DenseLayer;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.internal.ActivationKernels;

/**
 * The fused Monge–Ampère training step of the φ-model: loss and parameter gradient by a hand-written forward jet
 * and reverse sweep on {@code double[]} workspaces (no autodiff graph). The public entry is
 * {@code org.metricflow.nn.phi.FusedMongeAmpere}, whose javadoc states the loss.
 *
 * <p><b>Forward</b> (per point; r = 2d real directions: rows u &lt; d carry Re ∂<sub>u</sub>, rows d + u carry
 * Im ∂<sub>u</sub> of the holomorphic input tangents; layers l = 1..L hidden, L + 1 the scalar output):
 * <pre>
 *   a_l = c_l W_l h_{l−1} + c'_l b_l,  h_l = σ(a_l),          A_l = c_l T_{l−1} W_lᵀ (r×n_l),  T_l = A_l ⊙ σ'(a_l)
 *   δ_L = c_{L+1} w_{L+1},  e_l = δ_l ⊙ σ'(a_l),  δ_{l−1} = c_l W_lᵀ e_l          (δ_l = ∂φ/∂h_l)
 *   G[u,v] = Σ_l Σ_k s_lk A_l[u,k] A_l[v,k],  s_l = σ''(a_l) ⊙ δ_l                 (real Hessian along the r rows)
 *   ∂_a∂̄_bφ = G[a,b] + G[d+a,d+b] + i (G[d+a,b] − G[a,d+b]) + Σ_i δ_0i ∂_a∂̄_b x_i
 *   g = g_FS + ∂∂̄φ,  ρ = c |det g| / |Ω|²,  L = Σ_p w_p |ρ_p − 1|^q / Σ_p w_p.
 * </pre>
 * <b>Reverse sweep.</b> With κ = ∂L/∂ρ and g<sup>−1</sup> = adj g / det g: ∂L/∂Re g<sub>ab</sub> = κρ Re g<sup>−1</sup><sub>ba</sub>,
 * ∂L/∂Im g<sub>ab</sub> = −κρ Im g<sup>−1</sup><sub>ba</sub> (d log|det g| = Re tr g<sup>−1</sup>dg); these fill Ḡ (r×r) by the
 * transpose of the map G → ∂∂̄φ, and with Ḡ<sub>s</sub> = Ḡ + Ḡᵀ, Y<sub>l</sub> = Ḡ<sub>s</sub>A<sub>l</sub>:
 * Ā<sub>l</sub> = s<sub>l</sub> ⊙ Y<sub>l</sub>, s̄<sub>l</sub> = ½ Σ<sub>u</sub> A<sub>l</sub> ⊙ Y<sub>l</sub>. The δ-chain is
 * reversed upward (ē<sub>l</sub> = c<sub>l</sub> W<sub>l</sub> δ̄<sub>l−1</sub>, δ̄<sub>l</sub> = s̄<sub>l</sub>σ'' + ē<sub>l</sub>σ'), the
 * tangent and value chains downward (Ā<sub>l</sub> += T̄<sub>l</sub>σ', ā<sub>l</sub> = σ̄'σ'' + σ̄''σ''' + h̄<sub>l</sub>σ' with
 * σ̄' = ē<sub>l</sub>δ<sub>l</sub> + Σ<sub>u</sub>T̄<sub>l</sub>A<sub>l</sub>, σ̄'' = s̄<sub>l</sub>δ<sub>l</sub>), and all three
 * contributions to W̄<sub>l</sub> are one product c<sub>l</sub> [Ā; ā; e]ᵀ [T; h; δ̄] per chunk of points.
 *
 * <p><b>Parallelism and determinism.</b> The batch is cut into fixed chunks of {@value #CHUNK} points (independent of
 * the thread count); each chunk writes its loss part and gradient into its own slot, and the slots are summed in
 * chunk order, so the result is bit-identical for any number of threads. The chunks run in groups whose weight
 * gradient slots (n<sub>l</sub>n<sub>l−1</sub> doubles per hidden layer and chunk) fit in {@value #SLOT_BUDGET}
 * doubles (at least one chunk per thread): each group's slots are added to the gradient, in chunk order, before the
 * next group runs, so memory stays bounded at any width (a 4096-wide network's slots take 268 MB per chunk) and the
 * sum is the same sequence of additions whatever the grouping. Workspaces are reused across steps.
 * Not thread-safe: one instance per training loop.
 */
public final class PhiStepKernel {
    /** Points per task. */
    public static final int CHUNK = 32;
    /** Doubles of weight-gradient slots per group of chunks (512 MB). */
    static final long SLOT_BUDGET = 1L << 26;

    private final Mlp network;
    private final Activation act;
    private final int hiddenCount;
    private final int[] n;
    private final int d;
    private final int r;
    private final boolean mixed;
    private final double[] cw;
    private final double[] cb;
    private final int paramCount;
    private final int maxWidth;
    // a chunk's slot holds b̄_1 … b̄_L and W̄_{L+1} (the weight gradients of the hidden layers have their own rows)
    private final int[] biasSlot;
    private final int lastSlot;
    private final int slotLength;
    private final long weightSlotDoubles;
    private final long slotBudget;

    // c_l W_lᵀ (n_{l−1}×n_l) and c_l W_l (n_l×n_{l−1}), row-major: the B operands of the panel products
    private final double[][] wt;
    private final double[][] ws;
    private final double[][][] wsRows; // the rows of c_l W_l (B of the downward product)
    private final double[][] bias;
    private final double[] outDelta;

    private Workspace[] pool = new Workspace[0];
    private int poolSize;
    private double[][] slots = new double[0][];
    // per chunk slot and hidden layer l, the rows of W̄_l (n_l rows of n_{l−1}): the C rows of RowProducts
    private double[][][][] weightSlots = new double[0][][][];
    private double[] lossParts = new double[0];

    /**
     * A kernel for a scalar MLP on F = inputs() features with d complex directions; {@code mixedInputs} when the
     * features have non-zero ∂∂̄ (the Σ δ<sub>0</sub> ∂∂̄x term).
     */
    public PhiStepKernel(Mlp network, int directions, boolean mixedInputs) {
        this(network, directions, mixedInputs, SLOT_BUDGET);
    }

    /** As {@link #PhiStepKernel(Mlp, int, boolean)} with another budget of slot doubles per group (for the tests). */
    PhiStepKernel(Mlp network, int directions, boolean mixedInputs, long slotBudget) {
        if (network.outputs() != 1) {
            throw new IllegalArgumentException("the fused step needs a scalar network, got " + network.outputs()
                    + " outputs");
        }
        if (directions < 1 || directions > 3) {
            throw new IllegalArgumentException("the fused step supports complex dimension 1, 2 or 3, got "
                    + directions);
        }
        this.network = network;
        this.slotBudget = slotBudget;
        this.act = network.activation();
        this.hiddenCount = network.hiddenWidths().length;
        this.d = directions;
        this.r = 2 * directions;
        this.mixed = mixedInputs;
        List<DenseLayer> layers = network.layers();
        int layerCount = layers.size();
        n = new int[layerCount + 1];
        n[0] = network.inputs();
        cw = new double[layerCount + 1];
        cb = new double[layerCount + 1];
        int off = 0;
        int max = n[0];
        for (int l = 1; l <= layerCount; l++) {
            DenseLayer layer = layers.get(l - 1);
            n[l] = layer.outputs();
            max = Math.max(max, n[l]);
            cw[l] = layer.weightMultiplier();
            cb[l] = layer.biasMultiplier();
            off += n[l] * n[l - 1] + n[l];
        }
        paramCount = off;
        maxWidth = max;
        biasSlot = new int[hiddenCount + 1];
        int so = 0;
        long wsd = 0;
        for (int l = 1; l <= hiddenCount; l++) {
            biasSlot[l] = so;
            so += n[l];
            wsd += (long) n[l] * n[l - 1];
        }
        lastSlot = so;
        slotLength = so + n[hiddenCount];
        weightSlotDoubles = wsd;
        wt = new double[hiddenCount + 1][];
        ws = new double[hiddenCount + 1][];
        wsRows = new double[hiddenCount + 1][][];
        bias = new double[hiddenCount + 1][];
        for (int l = 1; l <= hiddenCount; l++) {
            wt[l] = new double[n[l - 1] * n[l]];
            ws[l] = new double[n[l] * n[l - 1]];
            wsRows[l] = new double[n[l]][n[l - 1]];
            bias[l] = new double[n[l]];
        }
        outDelta = new double[Math.max(1, n[hiddenCount])];
    }

    /**
     * The number of network parameters (the length of the flat gradient).
     */
    public int parameterCount() {
        return paramCount;
    }

    /**
     * Floating-point operations per point of the step's dense products and Gram contractions (a multiply-add counts
     * two): per hidden layer l with n<sub>l−1</sub> inputs and n<sub>l</sub> outputs, 2n<sub>l−1</sub>n<sub>l</sub>
     * times the rows that pass through it — r + 1 forward ([T; h]), r + 2 into the weight gradient ([Ā; ā; e]), and
     * above the first layer (or with mixed input features) 1 for the δ chain, 1 for the upward δ̄ chain and r + 1
     * downward — plus (r(r + 1) + 2r² + 2r)·n<sub>l</sub> for the Gram matrix G and its reverse. For 3 hidden layers of
     * width n on f inputs and r = 6 that is 92n² + 26fn + 282n (+ 4fn with mixed features). Element-wise work
     * (activations and their derivatives, ≈ 700n) is not counted.
     *
     * @return the FLOP count per point of the batch
     */
    public double denseFlopsPerPoint() {
        double flops = 0;
        for (int l = 1; l <= hiddenCount; l++) {
            int rows = (r + 1) + (r + 2);
            if (l > 1 || mixed) {
                rows += 2;
            }
            if (l > 1) {
                rows += r + 1;
            }
            flops += 2.0 * n[l - 1] * n[l] * rows + (double) (r * (r + 1) + 2 * r * r + 2 * r) * n[l];
        }
        return flops;
    }

    /**
     * Loss and {@code scale}·∂L/∂θ for a batch. Per point p: features and their jets (layout of {@code FeatureJet}),
     * the Fubini–Study metric {@code fs} interleaved complex d×d, |Ω|², the weight w<sub>p</sub>.
     *
     * @param gradients one array per parameter (W<sub>1</sub>, b<sub>1</sub>, …), overwritten
     * @param threads the number of threads
     * @return L (without {@code scale})
     */
    public double run(int count, double[] values, double[] firstRe, double[] firstIm, double[] mixedRe,
            double[] mixedIm, double[] fs, double[] omegaSquared, double[] weights, double ratioConstant,
            double exponent, double scale, double[][] gradients, int threads) {
        if (hiddenCount == 0) {
            // φ affine in the features: only the input term; handled with the same code path (no hidden layers)
            throw new IllegalStateException("the fused step needs at least one hidden layer");
        }
        prepareWeights();
        double wsum = 0;
        for (int p = 0; p < count; p++) {
            wsum += weights[p];
        }
        int tasks = (count + CHUNK - 1) / CHUNK;
        // groups of equal size (the last one at most as large) whose slots fit the budget, at least one chunk per thread
        int most = (int) Math.min(tasks, Math.max(Math.min(threads, tasks), slotBudget / weightSlotDoubles));
        int groups = (tasks + most - 1) / most;
        int group = (tasks + groups - 1) / groups;
        ensureSlots(group, tasks);
        final double invW = 1.0 / wsum;
        for (int g0 = 0; g0 < tasks; g0 += group) {
            final int first = g0;
            int size = Math.min(group, tasks - g0);
            Parallel.run(size, threads, j -> {
                Workspace w = borrow();
                try {
                    int task = first + j;
                    int p0 = task * CHUNK;
                    int pc = Math.min(CHUNK, count - p0);
                    lossParts[task] = chunk(w, p0, pc, values, firstRe, firstIm, mixedRe, mixedIm, fs, omegaSquared,
                            weights, ratioConstant, exponent, scale * invW, slots[j], weightSlots[j]);
                } finally {
                    giveBack(w);
                }
            });
            reduce(size, g0 == 0, g0 + size == tasks, gradients, threads);
        }
        double loss = 0;
        for (int t = 0; t < tasks; t++) {
            loss += lossParts[t];
        }
        return loss * invW;
    }

    // adds the slots of one group (in chunk order) to the gradient, which the first group starts from zero; the last
    // group scales it by the layers' multipliers
    private void reduce(int tasks, boolean first, boolean last, double[][] gradients, int threads) {
        int layerCount = hiddenCount + 1;
        int parts = 2 * layerCount;
        Parallel.run(parts, threads, part -> {
            int l = part / 2 + 1;
            boolean isWeight = part % 2 == 0;
            int off = isWeight ? lastSlot : (l == layerCount ? 0 : biasSlot[l]);
            int len = isWeight ? n[l] * n[l - 1] : n[l];
            double[] out = gradients[part];
            // W̄_{L+1} holds Σ δ̄_L and δ_L = c_{L+1} w_{L+1}; b_{L+1} does not enter ∂∂̄φ
            double c = isWeight ? cw[l] : (l == layerCount ? 0.0 : cb[l]);
            // per element the chunks are added in chunk order (the loop order only vectorizes it)
            if (first) {
                java.util.Arrays.fill(out, 0, len, 0.0);
            }
            if (isWeight && l <= hiddenCount) {
                int in = n[l - 1];
                for (int t = 0; t < tasks; t++) {
                    double[][] rows = weightSlots[t][l];
                    for (int k = 0; k < n[l]; k++) {
                        double[] row = rows[k];
                        for (int i = 0; i < in; i++) {
                            out[k * in + i] += row[i];
                        }
                    }
                }
            } else if (l < layerCount || isWeight) { // b̄_{L+1} stays zero
                for (int t = 0; t < tasks; t++) {
                    double[] slot = slots[t];
                    for (int i = 0; i < len; i++) {
                        out[i] += slot[off + i];
                    }
                }
            }
            if (last) {
                for (int i = 0; i < len; i++) {
                    out[i] *= c;
                }
            }
        });
    }

    private void prepareWeights() {
        List<DenseLayer> layers = network.layers();
        for (int l = 1; l <= hiddenCount; l++) {
            DenseLayer layer = layers.get(l - 1);
            double[] w = layer.weight().value().data;
            double[] b = layer.bias().value().data;
            int in = n[l - 1];
            int out = n[l];
            double c = cw[l];
            double[] s = ws[l];
            double[] t = wt[l];
            for (int k = 0; k < out; k++) {
                for (int i = 0; i < in; i++) {
                    double v = c * w[k * in + i];
                    s[k * in + i] = v;
                    t[i * out + k] = v;
                }
                System.arraycopy(s, k * in, wsRows[l][k], 0, in);
                bias[l][k] = cb[l] * b[k];
            }
        }
        DenseLayer last = layers.get(hiddenCount);
        double[] w = last.weight().value().data;
        for (int k = 0; k < n[hiddenCount]; k++) {
            outDelta[k] = last.weightMultiplier() * w[k];
        }
    }

    private void ensureSlots(int tasks, int allTasks) {
        if (lossParts.length < allTasks) {
            lossParts = new double[allTasks];
        }
        if (slots.length < tasks) {
            double[][] s = new double[tasks][];
            for (int t = 0; t < tasks; t++) {
                s[t] = t < slots.length ? slots[t] : new double[slotLength];
            }
            double[][][][] ws = new double[tasks][][][];
            for (int t = 0; t < tasks; t++) {
                if (t < weightSlots.length) {
                    ws[t] = weightSlots[t];
                } else {
                    ws[t] = new double[hiddenCount + 1][][];
                    for (int l = 1; l <= hiddenCount; l++) {
                        ws[t][l] = new double[n[l]][n[l - 1]];
                    }
                }
            }
            slots = s;
            weightSlots = ws;
        }
    }

    private synchronized Workspace borrow() {
        if (poolSize > 0) {
            Workspace w = pool[--poolSize];
            pool[poolSize] = null;
            return w;
        }
        return new Workspace();
    }

    private synchronized void giveBack(Workspace w) {
        if (poolSize == pool.length) {
            pool = java.util.Arrays.copyOf(pool, pool.length + 2);
        }
        pool[poolSize++] = w;
    }

    /** Buffers of one chunk of up to CHUNK points. */
    private final class Workspace {
        final double[][] out = new double[hiddenCount][];
        final double[][] pre = new double[hiddenCount + 1][];
        final double[][] bar = new double[hiddenCount + 1][];
        final double[][] s1 = new double[hiddenCount + 1][];
        final double[][] s2 = new double[hiddenCount + 1][];
        final double[][] s3 = new double[hiddenCount + 1][];
        final double[][] del = new double[hiddenCount + 1][];
        final double[][] sbar = new double[hiddenCount + 1][];
        final double[][] ebar = new double[hiddenCount + 1][];
        final double[][] sd = new double[hiddenCount + 1][]; // s_l = σ''(a_l) ⊙ δ_l
        final double[][][] tb = new double[2][][]; // rows of [T̄; h̄]_{l−1} (two layers alternate)
        final double[] zero;
        final double[] discard;
        final double[][] packed = new double[CHUNK * (r + 2)][maxWidth]; // rows of [T; h; δ̄] for W̄
        final double[] acc = new double[maxWidth]; // σ̄' of one point
        final PanelProducts.Workspace prod = new PanelProducts.Workspace();
        final double[] gram;
        final double[] gbar;
        final double[] g = new double[18];   // g_ab, interleaved complex d×d
        final double[] adj = new double[18]; // adj g
        final double[] det = new double[2];

        Workspace() {
            int p = CHUNK;
            for (int l = 0; l < hiddenCount; l++) {
                out[l] = new double[p * (r + 2) * n[l]];
            }
            for (int l = 1; l <= hiddenCount; l++) {
                pre[l] = new double[p * (r + 1) * n[l]];
                bar[l] = new double[p * (r + 2) * n[l]];
                s1[l] = new double[p * n[l]];
                s2[l] = new double[p * n[l]];
                s3[l] = new double[p * n[l]];
                del[l] = new double[p * n[l]];
                sbar[l] = new double[p * n[l]];
                ebar[l] = new double[p * n[l]];
                sd[l] = new double[p * n[l]];
            }
            del[0] = new double[p * n[0]];
            tb[0] = new double[p * (r + 1)][maxWidth];
            tb[1] = new double[p * (r + 1)][maxWidth];
            zero = new double[maxWidth];
            discard = new double[maxWidth];
            gram = new double[r * r];
            gbar = new double[p * r * r];
        }
    }

    // Measured hot loop of the fused training step (TrainingStepBenchmark, docs/BENCHMARKS.md): one sweep over a
    // chunk of points, kept in one piece.
    private double chunk(Workspace w, int p0, int pc, double[] values, double[] firstRe, double[] firstIm,
            double[] mixedRe, double[] mixedIm, double[] fs, double[] omega, double[] weights, double ratio,
            double q, double kappaScale, double[] grad, double[][][] weightGrad) {
        java.util.Arrays.fill(grad, 0.0);
        final int L = hiddenCount;
        final int f = n[0];
        final int valueRow = pc * r;
        final int thirdRow = pc * (r + 1);
        // ---- inputs: [T_0; x] ----
        double[] o0 = w.out[0];
        for (int p = 0; p < pc; p++) {
            int gp = p0 + p;
            for (int a = 0; a < d; a++) {
                int src = (gp * d + a) * f;
                System.arraycopy(firstRe, src, o0, (p * r + a) * f, f);
                System.arraycopy(firstIm, src, o0, (p * r + d + a) * f, f);
            }
            System.arraycopy(values, gp * f, o0, (valueRow + p) * f, f);
        }
        // ---- forward: [A_l; a_l] = c_l [T_{l−1}; h_{l−1}] W_lᵀ, activations, T_l ----
        for (int l = 1; l <= L; l++) {
            int nl = n[l];
            double[] pre = w.pre[l];
            int in = n[l - 1];
            PanelProducts.multiply(thirdRow, in, nl, w.out[l - 1], 0, in, 1, wt[l], 0, nl, pre, 0, nl, false,
                    w.prod);
            double[] b = bias[l];
            int vb = valueRow * nl;
            for (int p = 0; p < pc; p++) {
                int o = vb + p * nl;
                for (int k = 0; k < nl; k++) {
                    pre[o + k] += b[k];
                }
            }
            double[] s1 = w.s1[l];
            ActivationKernels.evaluate(act, pre, vb, l < L ? w.out[l] : null, vb, s1, w.s2[l], w.s3[l], 0, pc * nl);
            if (l < L) {
                double[] t = w.out[l];
                for (int p = 0; p < pc; p++) {
                    for (int u = 0; u < r; u++) {
                        int o = (p * r + u) * nl;
                        int so = p * nl;
                        for (int k = 0; k < nl; k++) {
                            t[o + k] = pre[o + k] * s1[so + k];
                        }
                    }
                }
            }
        }
        // ---- δ chain: δ_L = c w, e_l = δ_l ⊙ σ'(a_l), δ_{l−1} = e_l (c_l W_l) ----
        {
            int nl = n[L];
            double[] del = w.del[L];
            for (int p = 0; p < pc; p++) {
                System.arraycopy(outDelta, 0, del, p * nl, nl);
            }
        }
        for (int l = L; l >= 1; l--) {
            int nl = n[l];
            double[] e = w.bar[l];
            double[] del = w.del[l];
            double[] s1 = w.s1[l];
            double[] s2 = w.s2[l];
            double[] sd = w.sd[l];
            int eo = thirdRow * nl;
            for (int i = 0; i < pc * nl; i++) {
                e[eo + i] = del[i] * s1[i];
                sd[i] = del[i] * s2[i];
            }
            if (l > 1 || mixed) {
                int in = n[l - 1];
                PanelProducts.multiply(pc, nl, in, e, eo, nl, 1, ws[l], 0, in, w.del[l - 1], 0, in, false, w.prod);
            }
        }
        // ---- per point: Hessian, g, det, loss, Ḡ_s ----
        double loss = 0;
        final int rr = r * r;
        for (int p = 0; p < pc; p++) {
            int gp = p0 + p;
            double[] gram = w.gram;
            java.util.Arrays.fill(gram, 0.0);
            for (int l = 1; l <= L; l++) {
                int nl = n[l];
                GramKernels.gram(r, nl, w.pre[l], p * r * nl, w.sd[l], p * nl, w.zero, gram);
            }
            double[] g = w.g;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    double hre = gram[a * r + b] + gram[(d + a) * r + d + b];
                    double him = gram[(d + a) * r + b] - gram[a * r + d + b];
                    if (mixed) {
                        int mo = ((gp * d + a) * d + b) * f;
                        double[] d0 = w.del[0];
                        int po = p * f;
                        for (int i = 0; i < f; i++) {
                            hre += d0[po + i] * mixedRe[mo + i];
                            him += d0[po + i] * mixedIm[mo + i];
                        }
                    }
                    int fo = 2 * ((gp * d + a) * d + b);
                    g[2 * (a * d + b)] = fs[fo] + hre;
                    g[2 * (a * d + b) + 1] = fs[fo + 1] + him;
                }
            }
            double[] det = w.det;
            SmallComplexMatrices.adjugate(d, g, 0, w.adj, 0, det, 0);
            double absDet = Math.hypot(det[0], det[1]);
            double rho = ratio * absDet / omega[gp];
            double dev = rho - 1.0;
            double adev = Math.abs(dev);
            double kappa;
            if (q == 1.0) {
                loss += weights[gp] * adev;
                kappa = Math.signum(dev);
            } else {
                loss += weights[gp] * Math.pow(adev, q);
                kappa = q * Math.pow(adev, q - 1.0) * Math.signum(dev);
            }
            kappa *= kappaScale * weights[gp];
            // ∂L/∂Re g_ab = κρ Re (g⁻¹)_ba, ∂L/∂Im g_ab = −κρ Im (g⁻¹)_ba; ρ g⁻¹ = (c/|Ω|²) adj·conj(D)/|D|
            double mu = kappa * ratio / omega[gp] / absDet;
            double[] gb = w.gbar;
            int go = p * rr;
            double[] adj = w.adj;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    double xr = adj[2 * (b * d + a)];
                    double xi = adj[2 * (b * d + a) + 1];
                    double gA = mu * (xr * det[0] + xi * det[1]);
                    double gB = -mu * (xi * det[0] - xr * det[1]);
                    // Ḡ_s = Ḡ + Ḡᵀ with Ḡ[a,b] = Ḡ[d+a,d+b] = gA, Ḡ[d+a,b] = gB, Ḡ[a,d+b] = −gB
                    gb[go + a * r + b] += gA;
                    gb[go + b * r + a] += gA;
                    gb[go + (d + a) * r + d + b] += gA;
                    gb[go + (d + b) * r + d + a] += gA;
                    gb[go + (d + a) * r + b] += gB;
                    gb[go + b * r + d + a] += gB;
                    gb[go + a * r + d + b] -= gB;
                    gb[go + (d + b) * r + a] -= gB;
                    if (mixed) {
                        double[] o = w.out[0];
                        int mo = ((gp * d + a) * d + b) * f;
                        int oo = (thirdRow + p) * f;
                        if (a == 0 && b == 0) {
                            java.util.Arrays.fill(o, oo, oo + f, 0.0);
                        }
                        for (int i = 0; i < f; i++) {
                            o[oo + i] += gA * mixedRe[mo + i] + gB * mixedIm[mo + i];
                        }
                    }
                }
            }
        }
        // ---- Gram backward: Y = Ḡ_s A_l, Ā_l = s ⊙ Y, s̄ = ½ Σ_u A ⊙ Y ----
        for (int l = 1; l <= L; l++) {
            int nl = n[l];
            for (int p = 0; p < pc; p++) {
                int ao = p * r * nl;
                GramKernels.reverse(r, nl, w.gbar, p * rr, w.pre[l], ao, w.sd[l], w.bar[l], ao, w.sbar[l], p * nl,
                        w.zero, w.discard);
            }
        }
        java.util.Arrays.fill(w.gbar, 0, pc * rr, 0.0);
        // ---- upward δ̄ sweep: ē_l = δ̄_{l−1} (c_l W_lᵀ), δ̄_l = s̄_l σ'' + ē_l σ' ----
        for (int l = 1; l <= L; l++) {
            int nl = n[l];
            double[] ebar = w.ebar[l];
            if (l > 1 || mixed) {
                int in = n[l - 1];
                PanelProducts.multiply(pc, in, nl, w.out[l - 1], thirdRow * in, in, 1, wt[l], 0, nl, ebar, 0, nl,
                        false, w.prod);
            } else {
                java.util.Arrays.fill(ebar, 0, pc * nl, 0.0);
            }
            double[] sbar = w.sbar[l];
            double[] s1 = w.s1[l];
            double[] s2 = w.s2[l];
            if (l < L) {
                double[] o = w.out[l];
                int oo = thirdRow * nl;
                for (int i = 0; i < pc * nl; i++) {
                    o[oo + i] = sbar[i] * s2[i] + ebar[i] * s1[i];
                }
            } else {
                int go = lastSlot;
                for (int p = 0; p < pc; p++) {
                    for (int k = 0; k < nl; k++) {
                        int i = p * nl + k;
                        grad[go + k] += sbar[i] * s2[i] + ebar[i] * s1[i];
                    }
                }
            }
        }
        // ---- downward sweep: Ā_l, ā_l; [T̄; h̄]_{l−1} = [Ā; ā] c_l W_l; W̄_l += [Ā; ā; e]ᵀ [T; h; δ̄] ----
        double[][] tbCur = null;
        int flip = 0;
        for (int l = L; l >= 1; l--) {
            int nl = n[l];
            double[] pre = w.pre[l];
            double[] bar = w.bar[l];
            double[] s1 = w.s1[l];
            double[] s2 = w.s2[l];
            double[] s3 = w.s3[l];
            double[] del = w.del[l];
            double[] sbar = w.sbar[l];
            double[] ebar = w.ebar[l];
            int bo = biasSlot[l];
            double[] acc = w.acc;
            for (int p = 0; p < pc; p++) {
                int so = p * nl;
                int vo = (valueRow + p) * nl;
                // σ̄' = ē δ + Σ_u T̄_u A_u (the sum in u order, as one row pass per u), Ā_u += T̄_u σ'
                for (int k = 0; k < nl; k++) {
                    acc[k] = ebar[so + k] * del[so + k];
                }
                double[] hbarRow = null;
                if (tbCur != null) {
                    for (int u = 0; u < r; u++) {
                        double[] t = tbCur[p * r + u];
                        int o = (p * r + u) * nl;
                        for (int k = 0; k < nl; k++) {
                            double tk = t[k];
                            acc[k] += tk * pre[o + k];
                            bar[o + k] += tk * s1[so + k];
                        }
                    }
                    hbarRow = tbCur[valueRow + p];
                }
                for (int k = 0; k < nl; k++) {
                    double dv = del[so + k];
                    double hbar = hbarRow != null ? hbarRow[k] : 0.0;
                    double abar = acc[k] * s2[so + k] + sbar[so + k] * dv * s3[so + k] + hbar * s1[so + k];
                    bar[vo + k] = abar;
                    grad[bo + k] += abar;
                }
            }
            if (l > 1) {
                double[][] next = w.tb[flip];
                flip ^= 1;
                int in = n[l - 1];
                RowProducts.multiply(thirdRow, nl, in, bar, 0, nl, 1, wsRows[l], next, false);
                tbCur = next;
            }
            int rows = (l == 1 && !mixed) ? thirdRow : pc * (r + 2);
            // W̄_l = [Ā; ā; e]ᵀ [T; h; δ̄]_{l−1}: A read transposed (row stride 1, column stride n_l), B's rows copied
            // into row arrays (1/n_l of the product's work), C the slot's rows
            int in = n[l - 1];
            double[] src = w.out[l - 1];
            double[][] packed = w.packed;
            for (int i = 0; i < rows; i++) {
                System.arraycopy(src, i * in, packed[i], 0, in);
            }
            RowProducts.multiply(nl, rows, in, bar, 0, 1, nl, packed, weightGrad[l], false);
        }
        return loss;
    }
}
