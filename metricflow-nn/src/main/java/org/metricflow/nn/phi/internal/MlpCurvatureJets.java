package org.metricflow.nn.phi.internal;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.geometry.complex.JetKahlerPotential;
import org.metricflow.nn.Activation;
import org.metricflow.nn.DenseLayer;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.CurvatureJetLayout;
import org.metricflow.nn.features.FeatureCurvatureJets;
import org.metricflow.nn.features.FeatureMap;

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
 * <h2>Storage and kernels</h2>
 * Every stream, product (Q<sub>q</sub> = a<sub>a</sub>a<sub>c</sub>, P<sub>ij</sub> = a<sub>i</sub>conj(a<sub>j</sub>), kept from the
 * forward sweep for the contraction), σ and adjoint row is its own zero-offset array, so that the element-wise loops
 * over neurons index arrays by the neuron alone, which C2's SuperWord vectorizes. The products are 3-row × 2-column
 * register blocks ({@link #multiplyRows}); the (2,2) contraction sums each distinct entry of the symmetric
 * K[(ab),(ce)] = Σ<sub>k</sub> U<sub>ab</sub>H<sub>ce</sub> + V<sub>ab</sub>P<sub>ce</sub> once.
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
    private final int productRows;
    private final int mixedBase;
    private final int hidden;
    private final int[] width;
    private final double[][][] weightTRows; // row j of W_lᵀ (forward products)
    private final double[][][] weightRows; // row j of W_l (backward products)
    private final double[] weightMultiplier;
    private final double[][] bias;
    private final double[] outWeight;
    private final double outMultiplier;
    private final CurvatureJetLayout layout;
    private final FeatureCurvatureJets features;
    // every row below is its own zero-offset array, so that the element-wise loops index arrays by k only
    private final double[][] input; // (BLOCK·R) rows of the feature streams
    private final double[][][] pre; // per layer, (BLOCK·R) rows of a_l
    private final double[][][] prod; // per layer, (BLOCK·(2P + d²)) rows: Q_q = a_a a_c, P_ij = a_i conj(a_j) (i ≤ j)
    private final double[][][] sigma; // per layer, (BLOCK·5) rows σ..σ'''' at a_l
    private final double[][] postA; // h_l of the current layer, (BLOCK·R) rows
    private final double[][] postB;
    private final double[][] backA; // (BLOCK·(1 + 2d)) adjoint rows ρ, μ^e
    private final double[][] backB;
    private final double[] gphi;
    private final double[] third;
    private final double[] tee;
    private final double[] fourth;
    private final double[] five = new double[5];
    private final int[] pairA;
    private final int[] pairC;
    // the distinct entries K[(ab),(ce)] = Σ_k U_ab H_ce + V_ab P_ce (symmetric under (ab) ↔ (ce)) that ρM needs
    private final int[] kLeft;
    private final int[] kRight;
    private final int[] kFirst; // per q ≤ s (packed): index of K[(ab),(ce)]
    private final int[] kSecond; // per q ≤ s (packed): index of K[(ae),(cb)]
    private final double[] kRe;
    private final double[] kIm;
    // contraction scratch: references to a point's rows and computed factor rows (re, im interleaved by index)
    private final double[] zero;
    private final double[][] rA; // a_i
    private final double[][] rZ; // a_ac (second rows)
    private final double[][] rQ; // Q_q
    private final double[][] rH; // H_ij = ∂_i∂̄_j a (all i, j; i > j conjugated copies)
    private final double[][] rP; // P_ij (all i, j)
    private final double[][] rU; // U_ij = ρ(σ''H + σ'''P)
    private final double[][] rV; // V_ij = ρσ'''H
    private final double[][] sLower; // storage of the conjugated imaginary rows (i > j) of H, P, U, V
    private final double[][] sX0; // σ''a_ac + σ'''Q
    private final double[][] sX; // ρX0
    private final double[][] sY; // ρ(σ'''a_ac + σ''''Q)
    private final double[][] sSa; // σ''a_i
    private final double[][] sUV; // U_ij, V_ij for i ≤ j (re, im)
    private final double[] w2;
    private final double[] w3;
    private final double[] w4;
    private final double[] nr;
    private final double[] ni;
    private final double[] tr;
    private final double[] ti;

    /**
     * A workspace for the network on the given features of points with m coordinates, dimension d.
     */
    public MlpCurvatureJets(Mlp network, FeatureMap map, int m, int d) {
        this(network, map, new int[] {0, m}, d);
    }

    /**
     * A workspace for points in a product of projective spaces (factor blocks starts[i]..starts[i+1]−1; per-factor
     * invariants, {@link FeatureCurvatureJets#workspace(FeatureMap, int[], int, int)}).
     *
     * @param network the network
     * @param map the feature map
     * @param starts the f + 1 factor offsets
     * @param d the complex dimension
     */
    public MlpCurvatureJets(Mlp network, FeatureMap map, int[] starts, int d) {
        int m = starts[starts.length - 1];
        requireMatchingInputs(network, map, starts);
        this.act = network.activation();
        this.m = m;
        this.d = d;
        this.features = FeatureCurvatureJets.workspace(map, starts, d, BLOCK);
        this.layout = features.layout();
        this.pairs = layout.pairs();
        this.rows = layout.rows();
        this.backRows = 1 + 2 * d;
        this.productRows = 2 * pairs + d * d;
        this.mixedBase = 1 + 2 * d + 2 * pairs;
        List<DenseLayer> layers = network.layers();
        this.hidden = layers.size() - 1;
        this.width = new int[hidden + 1];
        this.weightTRows = new double[hidden + 1][][];
        this.weightRows = new double[hidden + 1][][];
        this.weightMultiplier = new double[hidden + 1];
        this.bias = new double[hidden + 1][];
        int maxWidth = copyLayers(network, layers);
        DenseLayer out = layers.get(hidden);
        this.outWeight = out.weight().value().data.clone();
        this.outMultiplier = out.weightMultiplier();
        this.input = new double[BLOCK * rows][width[0]];
        this.pre = new double[hidden + 1][][];
        this.prod = new double[hidden + 1][][];
        this.sigma = new double[hidden + 1][][];
        for (int l = 1; l <= hidden; l++) {
            pre[l] = new double[BLOCK * rows][width[l]];
            prod[l] = new double[BLOCK * productRows][width[l]];
            sigma[l] = new double[BLOCK * 5][width[l]];
        }
        this.postA = new double[BLOCK * rows][maxWidth];
        this.postB = new double[BLOCK * rows][maxWidth];
        this.backA = new double[BLOCK * backRows][maxWidth];
        this.backB = new double[BLOCK * backRows][maxWidth];
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
        int[][] k = contractionIndex(pairA, pairC, d);
        this.kFirst = k[0];
        this.kSecond = k[1];
        this.kLeft = k[2];
        this.kRight = k[3];
        int distinct = kLeft.length;
        this.kRe = new double[distinct];
        this.kIm = new double[distinct];
        int d2 = d * d;
        this.zero = new double[maxWidth];
        this.rA = new double[2 * d][];
        this.rZ = new double[2 * pairs][];
        this.rQ = new double[2 * pairs][];
        this.rH = new double[2 * d2][];
        this.rP = new double[2 * d2][];
        this.rU = new double[2 * d2][];
        this.rV = new double[2 * d2][];
        this.sLower = new double[4 * d2][maxWidth];
        this.sX0 = new double[2 * pairs][maxWidth];
        this.sX = new double[2 * pairs][maxWidth];
        this.sY = new double[2 * pairs][maxWidth];
        this.sSa = new double[2 * d][maxWidth];
        this.sUV = new double[4 * d2][maxWidth];
        this.w2 = new double[maxWidth];
        this.w3 = new double[maxWidth];
        this.w4 = new double[maxWidth];
        this.nr = new double[maxWidth];
        this.ni = new double[maxWidth];
        this.tr = new double[maxWidth];
        this.ti = new double[maxWidth];
    }


    /**
     * Floating-point operations per point of the jet path's dense products (a multiply-add counts two): per hidden
     * layer l with n<sub>l−1</sub> inputs and n<sub>l</sub> outputs, 2n<sub>l−1</sub>n<sub>l</sub> times the rows that pass
     * through it — R = 1 + 2d + 2P + d² forward stream rows (P = d(d + 1)/2 pairs) and 1 + 2d backward adjoint rows
     * (ρ, μ<sup>e</sup>) — plus 2d²n<sub>L</sub> for the output layer on the ∂∂̄ rows. For 3 hidden layers of width n on
     * f features and d = 3 (R = 28): 140n² + 70fn + 18n. The per-neuron contractions (Faà di Bruno factors, ∂∂∂̄φ,
     * the (2,2) sums: O(n) per layer, ≈ 2 300 FLOPs per neuron and layer for d = 3), the features' jets and the
     * curvature kernel are not counted.
     *
     * @return the FLOP count per point
     */
    public double denseFlopsPerPoint() {
        double sum = 0;
        for (int l = 1; l <= hidden; l++) {
            sum += 2.0 * width[l - 1] * width[l] * (rows + backRows);
        }
        return sum + 2.0 * d * d * width[hidden];
    }

    /** Fills width, the weight rows, multipliers and scaled biases of the hidden layers; returns the largest width. */
    private int copyLayers(Mlp network, List<DenseLayer> layers) {
        width[0] = network.inputs();
        int maxWidth = width[0];
        for (int l = 1; l <= hidden; l++) {
            DenseLayer layer = layers.get(l - 1);
            width[l] = layer.outputs();
            maxWidth = Math.max(maxWidth, width[l]);
            DMatrixRMaj weight = layer.weight().value();
            int wo = layer.outputs();
            int wi = layer.inputs();
            weightTRows[l] = rowsOf(weight, wo, wi, true);
            weightRows[l] = rowsOf(weight, wo, wi, false);
            weightMultiplier[l] = layer.weightMultiplier();
            double[] b = layer.bias().value().data;
            bias[l] = new double[width[l]];
            for (int k = 0; k < width[l]; k++) {
                bias[l][k] = layer.biasMultiplier() * b[k];
            }
        }
        return maxWidth;
    }

    /** Checks that the network is scalar and takes the feature map's features of these factor blocks. */
    private static void requireMatchingInputs(Mlp network, FeatureMap map, int[] starts) {
        int m = starts[starts.length - 1];
        if (network.outputs() != 1) {
            throw new IllegalArgumentException("curvature jets need a scalar network, this one has "
                    + network.outputs() + " outputs");
        }
        int expected = 0;
        for (int i = 0; i + 1 < starts.length; i++) {
            expected += map == FeatureMap.HERMITIAN_INVARIANTS ? (starts[i + 1] - starts[i]) * (starts[i + 1] - starts[i])
                    : 0;
        }
        if (map != FeatureMap.HERMITIAN_INVARIANTS || starts.length == 2) {
            expected = map.featureCount(m);
        }
        if (network.inputs() != expected) {
            throw new IllegalArgumentException("the network takes " + network.inputs() + " inputs but " + map
                    + " gives " + expected + " features for " + m + " coordinates");
        }
    }

    /** The rows of a rows×cols weight matrix W as separate arrays, or those of Wᵀ when {@code transpose}. */
    private static double[][] rowsOf(DMatrixRMaj weight, int rows, int cols, boolean transpose) {
        double[][] out = transpose ? new double[cols][rows] : new double[rows][cols];
        for (int k = 0; k < rows; k++) {
            for (int j = 0; j < cols; j++) {
                if (transpose) {
                    out[j][k] = weight.data[k * cols + j];
                } else {
                    out[k][j] = weight.data[k * cols + j];
                }
            }
        }
        return out;
    }

    /**
     * The distinct entries K[(ab),(ce)] (symmetric under (ab) ↔ (ce)) that the fourth derivatives need: for every
     * packed pair of pairs q = (a, c) ≤ s = (b, e), the index of K[(ab),(ce)] ({@code [0]}) and of K[(ae),(cb)]
     * ({@code [1]}), and per distinct entry its index pair i = a·d + b ≤ j ({@code [2]}, {@code [3]}).
     */
    private static int[][] contractionIndex(int[] pairA, int[] pairC, int d) {
        int pairs = pairA.length;
        int packed = pairs * (pairs + 1) / 2;
        int[] first = new int[packed];
        int[] second = new int[packed];
        int[] index = new int[d * d * d * d];
        java.util.Arrays.fill(index, -1);
        int[] left = new int[2 * packed];
        int[] right = new int[2 * packed];
        int distinct = 0;
        int x = 0;
        for (int q = 0; q < pairs; q++) {
            for (int s = q; s < pairs; s++, x++) {
                for (int t = 0; t < 2; t++) {
                    int i = t == 0 ? pairA[q] * d + pairA[s] : pairA[q] * d + pairC[s]; // (ab) or (ae)
                    int j = t == 0 ? pairC[q] * d + pairC[s] : pairC[q] * d + pairA[s]; // (ce) or (cb)
                    int key = Math.min(i, j) * d * d + Math.max(i, j);
                    if (index[key] < 0) {
                        index[key] = distinct;
                        left[distinct] = Math.min(i, j);
                        right[distinct] = Math.max(i, j);
                        distinct++;
                    }
                    (t == 0 ? first : second)[x] = index[key];
                }
            }
        }
        return new int[][] {first, second, java.util.Arrays.copyOf(left, distinct),
            java.util.Arrays.copyOf(right, distinct)};
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

    /** Prod row of P_ij (i ≤ j): real part, or imaginary part (i &lt; j). */
    private int productRow(int i, int j, boolean imaginary) {
        int row = imaginary ? layout.mixedImaginaryRow(i, j) : layout.mixedRealRow(i, j);
        return 2 * pairs + row - mixedBase;
    }

    private void forward(int nb) {
        int r = rows;
        int f = width[0];
        double[] streams = features.streams();
        for (int i = 0; i < nb * r; i++) {
            System.arraycopy(streams, i * f, input[i], 0, f);
        }
        double[][] in = input;
        double[][] h = postA;
        for (int l = 1; l <= hidden; l++) {
            int w = width[l];
            double[][] a = pre[l];
            multiplyRows(weightMultiplier[l], in, nb * r, width[l - 1], weightTRows[l], w, a);
            for (int p = 0; p < nb; p++) {
                activate(l, p, a, h);
            }
            in = h;
            h = h == postA ? postB : postA;
        }
        // output layer on the ∂∂̄ rows: ∂_a∂̄_b ψ
        int w = width[hidden];
        for (int p = 0; p < nb; p++) {
            int base = p * r;
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    double re = outMultiplier * dot(outWeight, in[base + layout.mixedRealRow(i, j)], w);
                    double im = j > i ? outMultiplier * dot(outWeight, in[base + layout.mixedImaginaryRow(i, j)], w)
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
     * Point p at layer l: adds the bias, σ..σ'''' at the value row, Q and P into the product rows, and the stream rows
     * of h = σ(a) by Faà di Bruno (a method of its own so that C2 compiles it early).
     */
    private void activate(int l, int p, double[][] a, double[][] h) {
        int w = width[l];
        int r = rows;
        double[][] pr = prod[l];
        double[][] sg = sigma[l];
        double[] b = bias[l];
        int base = p * r;
        int pb = p * productRows;
        double[] a0 = a[base];
        double[] s0 = sg[5 * p];
        double[] s1 = sg[5 * p + 1];
        double[] s2 = sg[5 * p + 2];
        double[] s3 = sg[5 * p + 3];
        double[] s4 = sg[5 * p + 4];
        for (int k = 0; k < w; k++) {
            a0[k] += b[k];
            act.derivatives(a0[k], five, 0); // gelu: Φ and φ from the table of the fused kernels
            s0[k] = five[0];
            s1[k] = five[1];
            s2[k] = five[2];
            s3[k] = five[3];
            s4[k] = five[4];
        }
        System.arraycopy(s0, 0, h[base], 0, w);
        for (int c = 0; c < d; c++) {
            int row = base + layout.firstRow(c);
            scaleRow(h[row], s1, a[row], w);
            scaleRow(h[row + 1], s1, a[row + 1], w);
        }
        // Q_q = a_a a_c; h_ac = σ'a_ac + σ''Q_q
        for (int q = 0; q < pairs; q++) {
            double[] ur = a[base + layout.firstRow(pairA[q])];
            double[] ui = a[base + layout.firstRow(pairA[q]) + 1];
            double[] vr = a[base + layout.firstRow(pairC[q])];
            double[] vi = a[base + layout.firstRow(pairC[q]) + 1];
            double[] qr = pr[pb + 2 * q];
            double[] qi = pr[pb + 2 * q + 1];
            productRealPart(qr, ur, vr, ui, vi, w, -1.0);
            productRealPart(qi, ur, vi, ui, vr, w, 1.0);
            int row = base + layout.secondRow(q);
            combineRow(h[row], s1, a[row], s2, qr, w);
            combineRow(h[row + 1], s1, a[row + 1], s2, qi, w);
        }
        // P_ij = a_i conj(a_j); h_ij̄ = σ'a_ij̄ + σ''P_ij
        for (int i = 0; i < d; i++) {
            double[] xr = a[base + layout.firstRow(i)];
            double[] xi = a[base + layout.firstRow(i) + 1];
            for (int j = i; j < d; j++) {
                double[] yr = a[base + layout.firstRow(j)];
                double[] yi = a[base + layout.firstRow(j) + 1];
                double[] pre2 = pr[pb + productRow(i, j, false)];
                productRealPart(pre2, xr, yr, xi, yi, w, 1.0);
                int row = base + layout.mixedRealRow(i, j);
                combineRow(h[row], s1, a[row], s2, pre2, w);
                if (j > i) {
                    double[] pim = pr[pb + productRow(i, j, true)];
                    productRealPart(pim, xi, yr, xr, yi, w, -1.0);
                    int im = base + layout.mixedImaginaryRow(i, j);
                    combineRow(h[im], s1, a[im], s2, pim, w);
                }
            }
        }
    }

    /** o[k] = x[k]·y[k] + sign·u[k]·v[k]. */
    private static void productRealPart(double[] o, double[] x, double[] y, double[] u, double[] v, int w,
            double sign) {
        if (sign > 0) {
            for (int k = 0; k < w; k++) {
                o[k] = x[k] * y[k] + u[k] * v[k];
            }
        } else {
            for (int k = 0; k < w; k++) {
                o[k] = x[k] * y[k] - u[k] * v[k];
            }
        }
    }

    /** o[k] = s[k]·x[k]. */
    private static void scaleRow(double[] o, double[] s, double[] x, int w) {
        for (int k = 0; k < w; k++) {
            o[k] = s[k] * x[k];
        }
    }

    /** o[k] = s[k]·x[k] + t[k]·y[k]. */
    private static void combineRow(double[] o, double[] s, double[] x, double[] t, double[] y, int w) {
        for (int k = 0; k < w; k++) {
            o[k] = s[k] * x[k] + t[k] * y[k];
        }
    }

    /** o[k] = s[k]·x[k] − t[k]·y[k]. */
    private static void differenceRow(double[] o, double[] s, double[] x, double[] t, double[] y, int w) {
        for (int k = 0; k < w; k++) {
            o[k] = s[k] * x[k] - t[k] * y[k];
        }
    }

    /** o[k] = −x[k]. */
    private static void negate(double[] o, double[] x, int w) {
        for (int k = 0; k < w; k++) {
            o[k] = -x[k];
        }
    }

    /**
     * out (rows×k) = alpha · x (rows×n) · b (n×k), with x, b and out given by their rows (b's of length ≥ k).
     * Three output rows at a time are accumulated in place, two rows of b per pass:
     * out_r[t] = (out_r[t] + x[i+r][j]·b_j[t]) + x[i+r][j+1]·b_{j+1}[t], then scaled by alpha. That loop reads five
     * arrays, which C2's SuperWord (Java 17) vectorizes, and reuses each loaded b element for three rows and each
     * accumulator for two products: ≈ 37 GFLOP/s per core at 896×64·64 against ≈ 15 for one b row and four
     * accumulators per pass (six rows of b or c per loop are not vectorized). Every output entry is the same
     * ordered sum Σ_j (in increasing j, one rounding per product and per addition) whatever the row count or
     * grouping, so results do not depend on the batch split.
     */
    static void multiplyRows(double alpha, double[][] x, int rows, int n, double[][] b, int k, double[][] out) {
        int i = 0;
        for (; i + 2 < rows; i += 3) {
            double[] x0 = x[i];
            double[] x1 = x[i + 1];
            double[] x2 = x[i + 2];
            double[] o0 = out[i];
            double[] o1 = out[i + 1];
            double[] o2 = out[i + 2];
            java.util.Arrays.fill(o0, 0, k, 0.0);
            java.util.Arrays.fill(o1, 0, k, 0.0);
            java.util.Arrays.fill(o2, 0, k, 0.0);
            int j = 0;
            for (; j + 1 < n; j += 2) {
                axpy3x2(o0, o1, o2, x0[j], x0[j + 1], x1[j], x1[j + 1], x2[j], x2[j + 1], b[j], b[j + 1], k);
            }
            if (j < n) {
                axpy(o0, x0[j], b[j], k);
                axpy(o1, x1[j], b[j], k);
                axpy(o2, x2[j], b[j], k);
            }
            scaleInPlace(alpha, o0, k);
            scaleInPlace(alpha, o1, k);
            scaleInPlace(alpha, o2, k);
        }
        for (; i < rows; i++) {
            double[] x0 = x[i];
            double[] o0 = out[i];
            java.util.Arrays.fill(o0, 0, k, 0.0);
            int j = 0;
            for (; j + 1 < n; j += 2) {
                axpy1x2(o0, x0[j], x0[j + 1], b[j], b[j + 1], k);
            }
            if (j < n) {
                axpy(o0, x0[j], b[j], k);
            }
            scaleInPlace(alpha, o0, k);
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

    private static void scaleInPlace(double alpha, double[] o, int k) {
        for (int t = 0; t < k; t++) {
            o[t] *= alpha;
        }
    }

    private void backward(int nb) {
        java.util.Arrays.fill(third, 0, 2 * nb * pairs * d, 0.0);
        java.util.Arrays.fill(tee, 0, 2 * nb * d * pairs * d, 0.0);
        java.util.Arrays.fill(fourth, 0, 2 * nb * pairs * pairs, 0.0);
        int rb = backRows;
        double[][] cur = backA;
        double[][] next = backB;
        int wl = width[hidden];
        for (int p = 0; p < nb; p++) {
            for (int k = 0; k < wl; k++) {
                cur[p * rb][k] = outMultiplier * outWeight[k];
            }
            for (int r = 1; r < rb; r++) {
                java.util.Arrays.fill(cur[p * rb + r], 0, wl, 0.0);
            }
        }
        for (int l = hidden; l >= 1; l--) {
            contract(nb, l, cur, l < hidden);
            multiplyRows(weightMultiplier[l], cur, nb * rb, width[l], weightRows[l], width[l - 1], next);
            double[][] t = cur;
            cur = next;
            next = t;
        }
        contractFeatures(nb, cur);
    }

    /**
     * Adds layer l's contributions ρ·N, μ<sup>e</sup>·N (if withMu) and ρ·M (the half q ≤ s) for the block, then
     * turns the adjoint rows into those over a<sub>l</sub>: λ<sup>ρ</sup> = σ'ρ, λ<sup>e</sup> = ρσ''conj(a<sub>e</sub>) +
     * σ'μ<sup>e</sup>. Loops run over the neurons k innermost, on zero-offset rows: first the per-neuron factors
     * (element-wise), then one ordered reduction over k per output entry.
     */
    private void contract(int nb, int l, double[][] back, boolean withMu) {
        int rb = backRows;
        for (int p = 0; p < nb; p++) {
            factors(l, p, back[p * rb]);
            contractThird(l, p, back, withMu);
            contractFourth(l, p);
            adjoints(l, p, back);
        }
    }

    /**
     * The per-neuron factors of point p at layer l (rows indexed by the neuron only): w2..w4 = ρσ''..ρσ'''', σ''a_i,
     * H, P, U, V, Z, Q, X0, X, Y. The contraction is split into this and three more methods so that C2 compiles each
     * soon (one large method reached full speed only after 4–5 s of running).
     */
    private void factors(int l, int p, double[] rho) {
        int w = width[l];
        int d2 = d * d;
        double[][] a = pre[l];
        double[][] pr = prod[l];
        double[][] sg = sigma[l];
        int base = p * rows;
        int pb = p * productRows;
        double[] s2 = sg[5 * p + 2];
        double[] s3 = sg[5 * p + 3];
        double[] s4 = sg[5 * p + 4];
        scaleRow(w2, rho, s2, w);
        scaleRow(w3, rho, s3, w);
        scaleRow(w4, rho, s4, w);
        for (int i = 0; i < d; i++) {
            rA[2 * i] = a[base + layout.firstRow(i)];
            rA[2 * i + 1] = a[base + layout.firstRow(i) + 1];
            scaleRow(sSa[2 * i], s2, rA[2 * i], w);
            scaleRow(sSa[2 * i + 1], s2, rA[2 * i + 1], w);
        }
        // H_ij, P_ij (rows of the point; i > j conjugated), U = ρ(σ''H + σ'''P), V = ρσ'''H
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                int x = 2 * (i * d + j);
                rH[x] = a[base + layout.mixedRealRow(i, j)];
                rH[x + 1] = j > i ? a[base + layout.mixedImaginaryRow(i, j)] : zero;
                rP[x] = pr[pb + productRow(i, j, false)];
                rP[x + 1] = j > i ? pr[pb + productRow(i, j, true)] : zero;
                double[] ur = sUV[x];
                double[] vr = sUV[2 * d2 + x];
                combineRow(ur, w2, rH[x], w3, rP[x], w);
                scaleRow(vr, w3, rH[x], w);
                rU[x] = ur;
                rV[x] = vr;
                if (j > i) {
                    double[] ui = sUV[x + 1];
                    double[] vi = sUV[2 * d2 + x + 1];
                    combineRow(ui, w2, rH[x + 1], w3, rP[x + 1], w);
                    scaleRow(vi, w3, rH[x + 1], w);
                    rU[x + 1] = ui;
                    rV[x + 1] = vi;
                    int y = 2 * (j * d + i);
                    rH[y] = rH[x];
                    rP[y] = rP[x];
                    rU[y] = ur;
                    rV[y] = vr;
                    double[] hl = sLower[y + 1];
                    double[] pl = sLower[2 * d2 + y + 1];
                    double[] ul = sLower[y];
                    double[] vl = sLower[2 * d2 + y];
                    negate(hl, rH[x + 1], w);
                    negate(pl, rP[x + 1], w);
                    negate(ul, ui, w);
                    negate(vl, vi, w);
                    rH[y + 1] = hl;
                    rP[y + 1] = pl;
                    rU[y + 1] = ul;
                    rV[y + 1] = vl;
                } else {
                    rU[x + 1] = zero;
                    rV[x + 1] = zero;
                }
            }
        }
        // per pair q = (a, c): Z = a_ac, Q = a_a a_c, X0 = σ''Z + σ'''Q, X = ρX0, Y = ρ(σ'''Z + σ''''Q)
        for (int q = 0; q < pairs; q++) {
            for (int t = 0; t < 2; t++) {
                double[] zq = a[base + layout.secondRow(q) + t];
                double[] qq = pr[pb + 2 * q + t];
                rZ[2 * q + t] = zq;
                rQ[2 * q + t] = qq;
                combineRow(sX0[2 * q + t], s2, zq, s3, qq, w);
                combineRow(sX[2 * q + t], w2, zq, w3, qq, w);
                combineRow(sY[2 * q + t], w3, zq, w4, qq, w);
            }
        }
    }

    /** ρ·N and μ<sup>e</sup>·N of point p at layer l into third and tee. */
    private void contractThird(int l, int p, double[][] back, boolean withMu) {
        int w = width[l];
        int rb = backRows;
        double[] rho = back[p * rb];
        // N[q][b] = X0_q conj(a_b) + H_ab σ''a_c + H_cb σ''a_a; third += Σ ρN, tee[e] += Σ μ^e N
        int t3 = 2 * p * pairs * d;
        int te = 2 * p * d * pairs * d;
        for (int q = 0; q < pairs; q++) {
            int ia = pairA[q];
            int ic = pairC[q];
            for (int b = 0; b < d; b++) {
                conjugateProduct(nr, ni, sX0[2 * q], sX0[2 * q + 1], rA[2 * b], rA[2 * b + 1], w);
                int h1 = 2 * (ia * d + b);
                int h2 = 2 * (ic * d + b);
                complexMultiplyAdd(nr, ni, rH[h1], rH[h1 + 1], sSa[2 * ic], sSa[2 * ic + 1], w);
                complexMultiplyAdd(nr, ni, rH[h2], rH[h2 + 1], sSa[2 * ia], sSa[2 * ia + 1], w);
                third[t3 + 2 * (q * d + b)] += dot(rho, nr, w);
                third[t3 + 2 * (q * d + b) + 1] += dot(rho, ni, w);
                if (withMu) {
                    for (int e = 0; e < d; e++) {
                        addComplexDot(back[p * rb + 1 + 2 * e], back[p * rb + 2 + 2 * e], nr, ni, w, tee,
                                te + 2 * ((e * pairs + q) * d + b));
                    }
                }
            }
        }
    }

    /** ρ·M of point p at layer l (the half q ≤ s) into fourth. */
    private void contractFourth(int l, int p) {
        int w = width[l];
        // ρM[q][s], q = (a,c) ≤ s = (b,e): X_q conj(Z_s) + Y_q conj(Q_s) + K[(ab),(ce)] + K[(ae),(cb)] with
        // K[(ij),(kl)] = Σ U_ij H_kl + V_ij P_kl = Σ ρ(σ''H_ij H_kl + σ'''(P_ij H_kl + H_ij P_kl)), symmetric under
        // (ij) ↔ (kl): each distinct K entry the Hermitian half needs is summed once (27 for d = 3, not 42)
        for (int j = 0; j < kLeft.length; j++) {
            int i = kLeft[j];
            int t = kRight[j];
            complexProduct(tr, ti, rU[2 * i], rU[2 * i + 1], rH[2 * t], rH[2 * t + 1], w);
            complexMultiplyAdd(tr, ti, rV[2 * i], rV[2 * i + 1], rP[2 * t], rP[2 * t + 1], w);
            kRe[j] = sum(tr, w);
            kIm[j] = sum(ti, w);
        }
        int t4 = 2 * p * pairs * pairs;
        int x = 0;
        for (int q = 0; q < pairs; q++) {
            for (int s = q; s < pairs; s++, x++) { // Hermitian in (q, s): the rest in finish()
                conjugateProduct(tr, ti, sX[2 * q], sX[2 * q + 1], rZ[2 * s], rZ[2 * s + 1], w);
                conjugateMultiplyAdd(tr, ti, sY[2 * q], sY[2 * q + 1], rQ[2 * s], rQ[2 * s + 1], w);
                int k1 = kFirst[x];
                int k2 = kSecond[x];
                fourth[t4 + 2 * (q * pairs + s)] += sum(tr, w) + (kRe[k1] + kRe[k2]);
                fourth[t4 + 2 * (q * pairs + s) + 1] += sum(ti, w) + (kIm[k1] + kIm[k2]);
            }
        }
    }

    /** Turns point p's adjoint rows into those over a<sub>l</sub> (uses w2 of {@link #factors}). */
    private void adjoints(int l, int p, double[][] back) {
        int w = width[l];
        int rb = backRows;
        double[] s1 = sigma[l][5 * p + 1];
        double[] rho = back[p * rb];
        // adjoints over a_l: μ^e ← ρσ''conj(a_e) + σ'μ^e, ρ ← σ'ρ
        for (int e = 0; e < d; e++) {
            combineRow(back[p * rb + 1 + 2 * e], w2, rA[2 * e], s1, back[p * rb + 1 + 2 * e], w);
            double[] mi = back[p * rb + 2 + 2 * e];
            differenceRow(mi, s1, mi, w2, rA[2 * e + 1], w);
        }
        scaleRow(rho, s1, rho, w);
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

    /** (tr + i·ti)[k] = (ar + i·ai)[k]·conj((br + i·bi)[k]) for k &lt; w. */
    private static void conjugateProduct(double[] tr, double[] ti, double[] ar, double[] ai, double[] br,
            double[] bi, int w) {
        for (int k = 0; k < w; k++) {
            tr[k] = ar[k] * br[k] + ai[k] * bi[k];
            ti[k] = ai[k] * br[k] - ar[k] * bi[k];
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

    /** The input-feature terms ρ₀·f_acb̄, μ₀^e·f_acb̄ and ρ₀·f_acb̄ē. */
    private void contractFeatures(int nb, double[][] back) {
        int f = width[0];
        int rb = backRows;
        double[] f3 = features.third();
        double[] f4 = features.fourth();
        for (int p = 0; p < nb; p++) {
            double[] rho = back[p * rb];
            int t3 = 2 * p * pairs * d;
            for (int x = 0; x < pairs * d; x++) {
                int src = 2 * ((p * pairs * d + x) * f);
                addRealDot(rho, f3, src, f, third, t3 + 2 * x);
                for (int e = 0; e < d; e++) {
                    double[] mr = back[p * rb + 1 + 2 * e];
                    double[] mi = back[p * rb + 2 + 2 * e];
                    double sr = 0.0;
                    double si = 0.0;
                    for (int k = 0; k < f; k++) {
                        double nr = f3[src + 2 * k];
                        double ni = f3[src + 2 * k + 1];
                        sr += mr[k] * nr - mi[k] * ni;
                        si += mr[k] * ni + mi[k] * nr;
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
                addRealDot(rho, f4, 2 * ((p * pairs * pairs + x) * f), f, fourth, t4 + 2 * x);
            }
        }
    }

    /** out[o] + i·out[o + 1] += Σ<sub>k</sub> ρ<sub>k</sub> v<sub>k</sub> for real ρ and complex v interleaved at src. */
    private static void addRealDot(double[] rho, double[] v, int src, int n, double[] out, int o) {
        double rr = 0.0;
        double ri = 0.0;
        for (int k = 0; k < n; k++) {
            rr += rho[k] * v[src + 2 * k];
            ri += rho[k] * v[src + 2 * k + 1];
        }
        out[o] += rr;
        out[o + 1] += ri;
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
