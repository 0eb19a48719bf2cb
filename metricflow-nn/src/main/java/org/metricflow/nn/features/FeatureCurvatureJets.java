package org.metricflow.nn.features;

import java.util.Arrays;
import java.util.Objects;
import org.metricflow.geometry.complex.JetKahlerPotential;

/**
 * A reusable workspace computing, for a batch of points, the derivatives of every real feature f<sub>k</sub>∘ι of a
 * {@link FeatureMap} along the local coordinates x of each point up to bidegree (2,2), from the exact holomorphic
 * 2-jet of the embedding ι (value z, ι<sub>a</sub>, ι<sub>ac</sub>; layouts of {@link JetKahlerPotential}): the
 * input of the values-only curvature jet path of a network potential φ(f(z)).
 *
 * <p>Why the 2-jet of ι is exact here: f∘ι is a function of (x, x̄); its derivatives of bidegree (p, q) ≤ (2, 2)
 * contain holomorphic derivatives of ι of order ≤ p and antiholomorphic ones of order ≤ q only.
 *
 * <p>Method (closed forms, derivatives throughout). Write ∂<sup>A</sup>∂̄<sup>B</sup> for a holomorphic multi-index A
 * and an antiholomorphic one B with |A|, |B| ≤ 2 (M = 1 + d + d(d+1)/2 of each), and h<sub>j</sub>[A] =
 * ∂<sup>A</sup>z<sub>j</sub> ∈ {z<sub>j</sub>, ι<sub>a</sub><sup>j</sup>, ι<sub>ac</sub><sup>j</sup>}. For
 * {@link FeatureMap#HERMITIAN_INVARIANTS}, u<sub>ij</sub> = z<sub>i</sub>·z̄<sub>j</sub>·R with R = 1/S,
 * S = Σ z<sub>k</sub>z̄<sub>k</sub>:
 * <ol>
 *   <li>S<sub>AB</sub> = ∂<sup>A</sup>∂̄<sup>B</sup>S = Σ<sub>k</sub> h<sub>k</sub>[A]·conj h<sub>k</sub>[B] (z holomorphic: no
 *       mixed terms), a Hermitian M×M matrix;</li>
 *   <li>R from the Leibniz rule of S·R = 1, in order of increasing |A| + |B|:
 *       R<sub>AB</sub> = −(1/S<sub>00</sub>) Σ<sub>(A₁,B₁) ≠ (0,0)</sub> c<sub>A₁A₂</sub>c<sub>B₁B₂</sub>
 *       S<sub>A₁B₁</sub>R<sub>A₂B₂</sub>, where A = A₁ ⊔ A₂ runs over the splittings of the derivative multi-set
 *       (c = 2 for x<sub>a</sub>x<sub>a</sub> = x<sub>a</sub>·x<sub>a</sub>, else 1); R is Hermitian, so only A ≤ B is
 *       summed;</li>
 *   <li>T<sub>j</sub> = z̄<sub>j</sub>·R: T<sub>j,AB</sub> = Σ<sub>B₁⊔B₂=B</sub> c·conj h<sub>j</sub>[B₁]·R<sub>AB₂</sub>;</li>
 *   <li>u<sub>ij,AB</sub> = Σ<sub>A₁⊔A₂=A</sub> c·h<sub>i</sub>[A₁]·T<sub>j,A₂B</sub> for one orientation of every pair
 *       i ≤ j only (u<sub>ji,AB</sub> = conj u<sub>ij,BA</sub>): the factor with fewer nonzero jet entries is taken
 *       holomorphic, and exactly vanishing jet entries (the patch coordinate ≡ 1, the affine local coordinates) are
 *       skipped; for i = j only B ≥ A (u<sub>ii</sub> is real);</li>
 *   <li>Re u<sub>ij</sub> = (u<sub>ij</sub> + u<sub>ji</sub>)/2 and Im u<sub>ij</sub> = (u<sub>ij</sub> − u<sub>ji</sub>)/2i, so
 *       ∂<sup>A</sup>∂̄<sup>B</sup>Re u<sub>ij</sub> = (u<sub>ij,AB</sub> + conj u<sub>ij,BA</sub>)/2, written straight
 *       into the output rows below.</li>
 * </ol>
 * All index tables are built once by the constructor; {@link #compute} allocates nothing. For
 * {@link FeatureMap#PATCH_COORDINATES}, Re z<sub>j</sub> = (z<sub>j</sub> + z̄<sub>j</sub>)/2 and
 * Im z<sub>j</sub> = (z<sub>j</sub> − z̄<sub>j</sub>)/2i: ∂<sup>A</sup> of them is h<sub>j</sub>[A]/2 and h<sub>j</sub>[A]/2i
 * (A ≠ 0), and every mixed derivative vanishes.
 *
 * <p>Outputs (views, overwritten by the next {@link #compute}; F = feature count, P = d(d+1)/2, q = pair(a, c),
 * s = pair(b, e) in the {@link CurvatureJetLayout}):
 * <ul>
 *   <li>{@link #streams()}: (n·R)×F row-major, entry {@code [(p·R + row)·F + k]}: the packed stream rows of the
 *       layout (f, ∂f, ∂∂f, ∂∂̄f) — the input matrix of a network's forward jet sweep;</li>
 *   <li>{@link #third()}: ∂<sub>a</sub>∂<sub>c</sub>∂̄<sub>b</sub>f<sub>k</sub>, complex, {@code [2(((p·P + q)·d + b)·F + k)]};</li>
 *   <li>{@link #fourth()}: ∂<sub>a</sub>∂<sub>c</sub>∂̄<sub>b</sub>∂̄<sub>e</sub>f<sub>k</sub>, complex,
 *       {@code [2(((p·P + q)·P + s)·F + k)]}.</li>
 * </ul>
 * Not thread safe: use one workspace per thread.
 */
public final class FeatureCurvatureJets {
    private final FeatureMap map;
    private final int m;
    private final int d;
    private final int capacity;
    private final int features;
    private final CurvatureJetLayout layout;
    /** M = 1 + d + P derivative multi-indices of order ≤ 2: 0 (none), 1 + a (∂_a), 1 + d + pair(a, c). */
    private final int size;
    private final double[] streams;
    private final double[] third;
    private final double[] fourth;

    /** Splittings A = A₁ ⊔ A₂ with A₁ ≠ 0 (the A₁ = 0 term is the assignment pass): A₁, A₂, A, weight c. */
    private final int[] splitFirst;
    private final int[] splitSecond;
    private final int[] splitTarget;
    private final double[] splitWeight;
    /** Recursion for R = 1/S: targets (A ≤ B) in order of |A| + |B|, their term ranges, and the terms. */
    private final int[] recipTarget;
    private final int[] recipMirror;
    private final int[] recipStart;
    private final int[] recipS;
    private final int[] recipR;
    private final double[] recipWeight;
    /** Stream row r reads derivative (A, B) = (rowHol[r], rowAnti[r]), imaginary part iff rowImaginary[r]. */
    private final int[] rowHol;
    private final int[] rowAnti;
    private final boolean[] rowImaginary;
    /** Pair p: i ≤ j, in feature order. */
    private final int[] pairI;
    private final int[] pairJ;

    /** Per point: h_j[A] = ∂^A z_j at [2(j·M + A)]. */
    private final double[] jet;
    /** Per point and coordinate j: the multi-indices A with h_j[A] ≠ 0 (A = 0 always first), and their count. */
    private final int[] support;
    private final int[] supportSize;
    /** Per point: S_AB at [2(A·M + B)]. */
    private final double[] norm;
    /**
     * M×M complex matrices [2(A·M + B)] at multiples of 2M²: T_j in slot j, u of pair p in slot m + p, R in the last
     * slot.
     */
    private final double[] work;
    /** The offset of R in work. */
    private final int inverse;
    /** Per point: the offset in work of T_j (R itself when z_j ≡ 1), of u_ii, and of the u of pair i &lt; j number t. */
    private final int[] conjugateSource;
    private final int[] diagonalSource;
    private final int[] pairSource;
    /** Per point: ±1/2 for the Im feature of pair i &lt; j number t (from u_ij or from u_ji). */
    private final double[] pairHalf;
    /** Products of projective spaces: one workspace per factor block (null for one CP^n). */
    private final FeatureCurvatureJets[] blocks;
    private final int[] starts;
    private double[][] blockScratch;

    private FeatureCurvatureJets(FeatureMap map, int m, int d, int capacity) {
        this(map, m, d, capacity, null);
    }

    private FeatureCurvatureJets(FeatureMap map, int m, int d, int capacity, int[] starts) {
        this.map = map;
        this.m = m;
        this.d = d;
        this.capacity = capacity;
        this.starts = starts;
        if (starts == null) {
            this.blocks = null;
            this.features = map.featureCount(m);
        } else {
            this.blocks = new FeatureCurvatureJets[starts.length - 1];
            int f = 0;
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = new FeatureCurvatureJets(map, starts[i + 1] - starts[i], d, capacity, null);
                f += blocks[i].features;
            }
            this.features = f;
        }
        this.layout = CurvatureJetLayout.of(d);
        int pairs = layout.pairs();
        this.size = 1 + d + pairs;
        int mm = size;
        this.streams = new double[capacity * layout.rows() * features];
        this.third = new double[2 * capacity * pairs * d * features];
        this.fourth = new double[2 * capacity * pairs * pairs * features];

        // splittings with A₁ ≠ 0, derivative form: ∂_a(fg) ∋ f_a g; ∂_a∂_c(fg) ∋ f_a g_c + f_c g_a + f_ac g (a < c),
        // ∂_a∂_a(fg) ∋ 2 f_a g_a + f_aa g
        int count = d + 3 * (pairs - d) + 2 * d;
        splitFirst = new int[count];
        splitSecond = new int[count];
        splitTarget = new int[count];
        splitWeight = new double[count];
        fillSplittings(pairs);

        // recursion for R: every splitting of A and of B (A₁ = 0 included) except A₁ = B₁ = 0
        recipTarget = new int[mm * (mm + 1) / 2 - 1];
        recipMirror = new int[recipTarget.length];
        recipStart = new int[recipTarget.length + 1];
        Terms terms = reciprocalTerms(count);
        recipS = terms.s;
        recipR = terms.r;
        recipWeight = terms.weight;

        int rows = layout.rows();
        rowHol = new int[rows];
        rowAnti = new int[rows];
        rowImaginary = new boolean[rows];
        fillRows(pairs);

        int unordered = m * (m + 1) / 2;
        pairI = new int[unordered];
        pairJ = new int[unordered];
        fillPairs();

        this.jet = new double[2 * m * mm];
        this.support = new int[m * mm];
        this.supportSize = new int[m];
        this.norm = new double[2 * mm * mm];
        this.work = new double[2 * (m + unordered + 1) * mm * mm];
        this.inverse = 2 * (m + unordered) * mm * mm;
        this.conjugateSource = new int[m];
        this.diagonalSource = new int[m];
        this.pairSource = new int[unordered - m];
        this.pairHalf = new double[unordered - m];
    }

    /** The terms of the recursion for R = 1/S: products S[s]·R[r] with weights. */
    private static final class Terms {
        final int[] s;
        final int[] r;
        final double[] weight;

        Terms(int[] s, int[] r, double[] weight) {
            this.s = s;
            this.r = r;
            this.weight = weight;
        }
    }

    /**
     * Splittings with A₁ ≠ 0, derivative form: ∂_a(fg) ∋ f_a g; ∂_a∂_c(fg) ∋ f_a g_c + f_c g_a + f_ac g (a &lt; c),
     * ∂_a∂_a(fg) ∋ 2 f_a g_a + f_aa g.
     */
    private void fillSplittings(int pairs) {
        int t = 0;
        for (int a = 0; a < d; a++) {
            t = split(t, 1 + a, 0, 1 + a, 1.0);
        }
        for (int q = 0; q < pairs; q++) {
            int a = layout.pairFirst(q);
            int c = layout.pairSecond(q);
            int target = 1 + d + q;
            if (a == c) {
                t = split(t, 1 + a, 1 + a, target, 2.0);
            } else {
                t = split(t, 1 + a, 1 + c, target, 1.0);
                t = split(t, 1 + c, 1 + a, target, 1.0);
            }
            t = split(t, target, 0, target, 1.0);
        }
    }

    /**
     * The recursion for R: every splitting of A and of B (A₁ = 0 included) except A₁ = B₁ = 0, for the targets
     * (A ≤ B) in order of |A| + |B| (fills recipTarget, recipMirror, recipStart).
     */
    private Terms reciprocalTerms(int count) {
        int mm = size;
        int[] all1 = new int[count + mm];
        int[] all2 = new int[count + mm];
        int[] allT = new int[count + mm];
        double[] allW = new double[count + mm];
        for (int a = 0; a < mm; a++) {
            all1[a] = 0;
            all2[a] = a;
            allT[a] = a;
            allW[a] = 1.0;
        }
        System.arraycopy(splitFirst, 0, all1, mm, count);
        System.arraycopy(splitSecond, 0, all2, mm, count);
        System.arraycopy(splitTarget, 0, allT, mm, count);
        System.arraycopy(splitWeight, 0, allW, mm, count);
        int[] ts = new int[mm * mm * mm];
        int[] tr = new int[ts.length];
        double[] tw = new double[ts.length];
        int k = 0;
        int terms = 0;
        for (int degree = 1; degree <= 4; degree++) {
            for (int a = 0; a < mm; a++) {
                for (int b = a; b < mm; b++) {
                    if (order(a) + order(b) != degree) {
                        continue;
                    }
                    recipTarget[k] = a * mm + b;
                    recipMirror[k] = b * mm + a;
                    recipStart[k] = terms;
                    for (int x = 0; x < all1.length; x++) {
                        if (allT[x] != a) {
                            continue;
                        }
                        for (int y = 0; y < all1.length; y++) {
                            if (allT[y] != b || (all1[x] == 0 && all1[y] == 0)) {
                                continue;
                            }
                            if (terms == ts.length) {
                                ts = Arrays.copyOf(ts, 2 * terms);
                                tr = Arrays.copyOf(tr, 2 * terms);
                                tw = Arrays.copyOf(tw, 2 * terms);
                            }
                            ts[terms] = all1[x] * mm + all1[y];
                            tr[terms] = all2[x] * mm + all2[y];
                            tw[terms] = allW[x] * allW[y];
                            terms++;
                        }
                    }
                    k++;
                }
            }
        }
        recipStart[k] = terms;
        return new Terms(Arrays.copyOf(ts, terms), Arrays.copyOf(tr, terms), Arrays.copyOf(tw, terms));
    }

    /** Stream row r reads derivative (rowHol[r], rowAnti[r]), its imaginary part iff rowImaginary[r]. */
    private void fillRows(int pairs) {
        row(0, 0, 0, false);
        for (int c = 0; c < d; c++) {
            row(layout.firstRow(c), 1 + c, 0, false);
            row(layout.firstRow(c) + 1, 1 + c, 0, true);
        }
        for (int q = 0; q < pairs; q++) {
            row(layout.secondRow(q), 1 + d + q, 0, false);
            row(layout.secondRow(q) + 1, 1 + d + q, 0, true);
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                row(layout.mixedRealRow(a, b), 1 + a, 1 + b, false);
                if (b > a) {
                    row(layout.mixedImaginaryRow(a, b), 1 + a, 1 + b, true);
                }
            }
        }
    }

    /** The unordered coordinate pairs i ≤ j in feature order. */
    private void fillPairs() {
        int p = 0;
        for (int i = 0; i < m; i++) {
            pairI[p] = i;
            pairJ[p] = i;
            p++;
            for (int j = i + 1; j < m; j++) {
                pairI[p] = i;
                pairJ[p] = j;
                p++;
            }
        }
    }

    private int split(int t, int first, int second, int target, double weight) {
        splitFirst[t] = first;
        splitSecond[t] = second;
        splitTarget[t] = target;
        splitWeight[t] = weight;
        return t + 1;
    }

    private void row(int r, int hol, int anti, boolean imaginary) {
        rowHol[r] = hol;
        rowAnti[r] = anti;
        rowImaginary[r] = imaginary;
    }

    /** The derivative order |A| of multi-index A. */
    private int order(int a) {
        return a == 0 ? 0 : a <= d ? 1 : 2;
    }

    /**
     * A workspace for batches of up to {@code capacity} points of a variety in a product of projective spaces:
     * {@link FeatureMap#HERMITIAN_INVARIANTS} per factor block (the blocks' jets side by side, in factor order); for
     * one factor or other maps the same as {@link #workspace(FeatureMap, int, int, int)}.
     *
     * @param map the feature map
     * @param starts the f + 1 factor offsets into the m = starts[f] homogeneous coordinates
     * @param d the complex dimension
     * @param capacity the largest batch
     * @return a workspace for batches of up to {@code capacity} points
     */
    public static FeatureCurvatureJets workspace(FeatureMap map, int[] starts, int d, int capacity) {
        Objects.requireNonNull(map, "feature map");
        int f = starts.length - 1;
        int m = starts[f];
        if (f == 1 || map != FeatureMap.HERMITIAN_INVARIANTS) {
            return workspace(map, m, d, capacity);
        }
        if (d < 1 || d >= m - f + 1 || capacity < 1) {
            throw new IllegalArgumentException("feature curvature jets need 1 <= d < " + (m - f + 1) + " and a"
                    + " capacity >= 1, got d = " + d + ", capacity = " + capacity);
        }
        return new FeatureCurvatureJets(map, m, d, capacity, starts.clone());
    }

    /**
     * A workspace for points of a variety with m homogeneous coordinates in one CP<sup>m−1</sup>.
     *
     * @param map the feature map
     * @param m the number of homogeneous coordinates
     * @param d the complex dimension
     * @param capacity the largest batch
     * @return a workspace for batches of up to {@code capacity} points
     */
    public static FeatureCurvatureJets workspace(FeatureMap map, int m, int d, int capacity) {
        Objects.requireNonNull(map, "feature map");
        if (m < 2 || d < 1 || d >= m || capacity < 1) {
            throw new IllegalArgumentException("feature curvature jets need m >= 2 coordinates, 1 <= d < m and a"
                    + " capacity >= 1, got m = " + m + ", d = " + d + ", capacity = " + capacity);
        }
        return new FeatureCurvatureJets(map, m, d, capacity);
    }

    /**
     * The stream layout.
     */
    public CurvatureJetLayout layout() {
        return layout;
    }

    /**
     * F, the number of features.
     */
    public int features() {
        return features;
    }

    /**
     * The maximal batch size.
     */
    public int capacity() {
        return capacity;
    }

    /**
     * The stream rows of the last batch (see the class comment); a live view.
     */
    public double[] streams() {
        return streams;
    }

    /**
     * ∂∂∂̄f of the last batch; a live view.
     */
    public double[] third() {
        return third;
    }

    /**
     * ∂∂∂̄∂̄f of the last batch; a live view.
     */
    public double[] fourth() {
        return fourth;
    }

    /**
     * Computes the jets of n ≤ capacity points whose embedding 2-jets start at the given offsets (point q of the
     * batch: z at {@code zOff + 2qm}, ι<sub>a</sub> at {@code firstOff + 2qdm}, ι<sub>ac</sub> at
     * {@code secondOff + 2qd²m}).
     *
     * @throws IllegalArgumentException if n is negative or exceeds the capacity, or a point has z = 0
     */
    public void compute(int n, double[] z, int zOff, double[] first, int firstOff, double[] second, int secondOff) {
        if (n < 0 || n > capacity) {
            throw new IllegalArgumentException("batch of " + n + " points exceeds the capacity " + capacity);
        }
        if (blocks != null) {
            computeBlocks(n, z, zOff, first, firstOff, second, secondOff);
            return;
        }
        if (map == FeatureMap.PATCH_COORDINATES) {
            int pairs = layout.pairs();
            Arrays.fill(third, 0, 2 * n * pairs * d * features, 0.0);
            Arrays.fill(fourth, 0, 2 * n * pairs * pairs * features, 0.0);
        }
        int block = 2 * size * size;
        for (int q = 0; q < n; q++) {
            load(z, zOff + 2 * q * m, first, firstOff + 2 * q * d * m, second, secondOff + 2 * q * d * d * m);
            if (map == FeatureMap.PATCH_COORDINATES) {
                emitPatch(q);
                continue;
            }
            normJets();
            reciprocalJets();
            for (int j = 0; j < m; j++) {
                if (isOne(j)) {
                    conjugateSource[j] = inverse; // z_j ≡ 1 (the patch coordinate): T_j = R
                } else {
                    conjugateSource[j] = j * block;
                    conjugateTimesInverse(j);
                }
            }
            for (int p = 0, t = 0; p < pairI.length; p++) {
                int i = pairI[p];
                int j = pairJ[p];
                int hol = supportSize[i] <= supportSize[j] ? i : j;
                int anti = hol == i ? j : i;
                int u;
                if (isOne(hol)) {
                    u = conjugateSource[anti]; // u = z̄_anti·R = T_anti
                } else {
                    u = (m + p) * block;
                    holomorphicTimes(hol, conjugateSource[anti], u, i == j);
                }
                if (i == j) {
                    diagonalSource[i] = u;
                } else {
                    pairSource[t] = u;
                    // u_ji = conj(u_ij)ᵀ: the Re parts agree, the Im parts change sign
                    pairHalf[t++] = hol == i ? 0.5 : -0.5;
                }
            }
            emit(q);
        }
    }

    /** h_j[A] of one point, and the support of every h_j. */
    private void load(double[] z, int zq, double[] first, int firstq, double[] second, int secondq) {
        int mm = size;
        int pairs = layout.pairs();
        for (int j = 0; j < m; j++) {
            int o = 2 * j * mm;
            jet[o] = z[zq + 2 * j];
            jet[o + 1] = z[zq + 2 * j + 1];
            int sup = j * mm;
            int count = 1;
            support[sup] = 0;
            for (int a = 0; a < d; a++) {
                double re = first[firstq + 2 * (a * m + j)];
                double im = first[firstq + 2 * (a * m + j) + 1];
                jet[o + 2 * (1 + a)] = re;
                jet[o + 2 * (1 + a) + 1] = im;
                if (re != 0.0 || im != 0.0) {
                    support[sup + count++] = 1 + a;
                }
            }
            for (int p = 0; p < pairs; p++) {
                int s = secondq + 2 * ((layout.pairFirst(p) * d + layout.pairSecond(p)) * m + j);
                double re = second[s];
                double im = second[s + 1];
                jet[o + 2 * (1 + d + p)] = re;
                jet[o + 2 * (1 + d + p) + 1] = im;
                if (re != 0.0 || im != 0.0) {
                    support[sup + count++] = 1 + d + p;
                }
            }
            supportSize[j] = count;
        }
    }

    /** Whether z_j ≡ 1 near the point (value exactly 1, all derivatives 0): the patch coordinate. */
    private boolean isOne(int j) {
        return supportSize[j] == 1 && jet[2 * j * size] == 1.0 && jet[2 * j * size + 1] == 0.0;
    }

    /** S_AB = Σ_k h_k[A] conj h_k[B] over the supports, for A ≤ B, mirrored (Hermitian). */
    private void normJets() {
        int mm = size;
        Arrays.fill(norm, 0.0);
        for (int j = 0; j < m; j++) {
            int sup = j * mm;
            int o = 2 * j * mm;
            for (int x = 0; x < supportSize[j]; x++) {
                int a = support[sup + x];
                double hr = jet[o + 2 * a];
                double hi = jet[o + 2 * a + 1];
                for (int y = x; y < supportSize[j]; y++) {
                    int b = support[sup + y];
                    double kr = jet[o + 2 * b];
                    double ki = jet[o + 2 * b + 1];
                    int t = 2 * (a * mm + b);
                    norm[t] += hr * kr + hi * ki;
                    norm[t + 1] += hi * kr - hr * ki;
                }
            }
        }
        for (int a = 0; a < mm; a++) {
            norm[2 * (a * mm + a) + 1] = 0.0;
            for (int b = a + 1; b < mm; b++) {
                norm[2 * (b * mm + a)] = norm[2 * (a * mm + b)];
                norm[2 * (b * mm + a) + 1] = -norm[2 * (a * mm + b) + 1];
            }
        }
    }

    /** R = 1/S by the Leibniz recursion of S·R = 1 (class comment, step 2). */
    private void reciprocalJets() {
        double s0 = norm[0];
        if (!(s0 > 0.0)) {
            throw new IllegalArgumentException("feature jets need a nonzero point z (|z|² > 0), got |z|² = " + s0);
        }
        double inv = 1.0 / s0;
        int r0 = inverse;
        work[r0] = inv;
        work[r0 + 1] = 0.0;
        for (int k = 0; k < recipTarget.length; k++) {
            // two independent partial sums: half the latency of one dependent chain
            double re = 0.0;
            double im = 0.0;
            double re2 = 0.0;
            double im2 = 0.0;
            int end = recipStart[k + 1];
            int t = recipStart[k];
            for (; t + 1 < end; t += 2) {
                int s = 2 * recipS[t];
                int r = r0 + 2 * recipR[t];
                double w = recipWeight[t];
                double sr = norm[s];
                double si = norm[s + 1];
                double rr = work[r];
                double ri = work[r + 1];
                re += w * (sr * rr - si * ri);
                im += w * (sr * ri + si * rr);
                int s2 = 2 * recipS[t + 1];
                int r2 = r0 + 2 * recipR[t + 1];
                double w2 = recipWeight[t + 1];
                double sr2 = norm[s2];
                double si2 = norm[s2 + 1];
                double rr2 = work[r2];
                double ri2 = work[r2 + 1];
                re2 += w2 * (sr2 * rr2 - si2 * ri2);
                im2 += w2 * (sr2 * ri2 + si2 * rr2);
            }
            if (t < end) {
                int s = 2 * recipS[t];
                int r = r0 + 2 * recipR[t];
                double w = recipWeight[t];
                double sr = norm[s];
                double si = norm[s + 1];
                double rr = work[r];
                double ri = work[r + 1];
                re += w * (sr * rr - si * ri);
                im += w * (sr * ri + si * rr);
            }
            re += re2;
            im += im2;
            int target = r0 + 2 * recipTarget[k];
            int mirror = r0 + 2 * recipMirror[k];
            work[mirror] = -inv * re;
            work[mirror + 1] = inv * im;
            work[target] = -inv * re;
            work[target + 1] = target == mirror ? 0.0 : -inv * im;
        }
    }

    /** T_j = z̄_j·R: T_j,AB = Σ_{B₁⊔B₂=B} c·conj h_j[B₁]·R_AB₂ (class comment, step 3). */
    private void conjugateTimesInverse(int j) {
        int mm = size;
        int h = 2 * j * mm;
        int base = 2 * j * mm * mm;
        double cr = jet[h];
        double ci = -jet[h + 1];
        for (int x = 0; x < 2 * mm * mm; x += 2) {
            double rr = work[inverse + x];
            double ri = work[inverse + x + 1];
            work[base + x] = cr * rr - ci * ri;
            work[base + x + 1] = cr * ri + ci * rr;
        }
        for (int e = 0; e < splitTarget.length; e++) {
            double w = splitWeight[e];
            int s = h + 2 * splitFirst[e];
            double kr = w * jet[s];
            double ki = -w * jet[s + 1];
            if (kr == 0.0 && ki == 0.0) {
                continue;
            }
            int src = inverse + 2 * splitSecond[e];
            int dst = base + 2 * splitTarget[e];
            for (int a = 0; a < mm; a++) {
                int r = src + 2 * a * mm;
                int o = dst + 2 * a * mm;
                double rr = work[r];
                double ri = work[r + 1];
                work[o] += kr * rr - ki * ri;
                work[o + 1] += kr * ri + ki * rr;
            }
        }
    }

    /**
     * work[out…] = h_i·T_j (T_j at work[base…]): u_ij,AB = Σ_{A₁⊔A₂=A} c·h_i[A₁]·T_j,A₂B (class comment, step 4); only B ≥ A if
     * {@code upper}.
     */
    private void holomorphicTimes(int i, int base, int out, boolean upper) {
        int mm = size;
        int h = 2 * i * mm;
        double hr = jet[h];
        double hi = jet[h + 1];
        for (int a = 0; a < mm; a++) {
            for (int b = upper ? a : 0; b < mm; b++) {
                int x = 2 * (a * mm + b);
                double tr = work[base + x];
                double ti = work[base + x + 1];
                work[out + x] = hr * tr - hi * ti;
                work[out + x + 1] = hr * ti + hi * tr;
            }
        }
        for (int e = 0; e < splitTarget.length; e++) {
            double w = splitWeight[e];
            int s = h + 2 * splitFirst[e];
            double kr = w * jet[s];
            double ki = w * jet[s + 1];
            if (kr == 0.0 && ki == 0.0) {
                continue;
            }
            int a = splitTarget[e];
            int src = base + 2 * splitSecond[e] * mm;
            int dst = out + 2 * a * mm;
            for (int b = upper ? a : 0; b < mm; b++) {
                double tr = work[src + 2 * b];
                double ti = work[src + 2 * b + 1];
                work[dst + 2 * b] += kr * tr - ki * ti;
                work[dst + 2 * b + 1] += kr * ti + ki * tr;
            }
        }
    }

    /**
     * Writes every feature of point q, output entry by output entry (so the stores run through the output arrays in
     * order): u_ii from the upper triangle of its matrix (u_ii,BA = conj u_ii,AB); Re u_ij and Im u_ij as
     * ∂^A∂̄^B Re u = (u_AB + conj u_BA)/2 and ∂^A∂̄^B Im u = ±(u_AB − conj u_BA)/2i from u = u_ij (+) or u_ji (−).
     */
    private void emit(int q) {
        int mm = size;
        int f = features;
        int rows = layout.rows();
        int pairs = layout.pairs();
        for (int r = 0; r < rows; r++) {
            int a = rowHol[r];
            int b = rowAnti[r];
            int o = (q * rows + r) * f;
            int x = 2 * (a * mm + b);
            int y = 2 * (b * mm + a);
            if (rowImaginary[r]) {
                if (a <= b) {
                    for (int i = 0; i < m; i++) {
                        streams[o + i] = work[diagonalSource[i] + x + 1];
                    }
                } else {
                    for (int i = 0; i < m; i++) {
                        streams[o + i] = -work[diagonalSource[i] + y + 1];
                    }
                }
                for (int t = 0; t < pairSource.length; t++) {
                    int s = pairSource[t];
                    double ur = work[s + x];
                    double ui = work[s + x + 1];
                    double vr = work[s + y];
                    double vi = -work[s + y + 1];
                    streams[o + m + 2 * t] = 0.5 * (ui + vi);
                    streams[o + m + 2 * t + 1] = -pairHalf[t] * (ur - vr);
                }
            } else {
                int u = a <= b ? x : y;
                for (int i = 0; i < m; i++) {
                    streams[o + i] = work[diagonalSource[i] + u];
                }
                for (int t = 0; t < pairSource.length; t++) {
                    int s = pairSource[t];
                    double ur = work[s + x];
                    double ui = work[s + x + 1];
                    double vr = work[s + y];
                    double vi = -work[s + y + 1];
                    streams[o + m + 2 * t] = 0.5 * (ur + vr);
                    streams[o + m + 2 * t + 1] = pairHalf[t] * (ui - vi);
                }
            }
        }
        for (int p = 0; p < pairs; p++) {
            int a = 1 + d + p;
            for (int b = 1; b <= d; b++) {
                complexEntry(2 * (a * mm + b), 2 * (b * mm + a), false, third,
                        2 * (((q * pairs + p) * d + b - 1) * f));
            }
            for (int s = p; s < pairs; s++) {
                // f real: ∂^B∂̄^A f = conj ∂^A∂̄^B f, so the (s, p) entry is the conjugate of the (p, s) one
                int b = 1 + d + s;
                int o = 2 * (((q * pairs + p) * pairs + s) * f);
                complexEntry(2 * (a * mm + b), 2 * (b * mm + a), true, fourth, o);
                if (s > p) {
                    int t = 2 * (((q * pairs + s) * pairs + p) * f);
                    for (int k = 0; k < 2 * f; k += 2) {
                        fourth[t + k] = fourth[o + k];
                        fourth[t + k + 1] = -fourth[o + k + 1];
                    }
                }
            }
        }
    }

    /**
     * The F complex values of entry (A, B) at out[o…]: x = offset of (A, B), y of (B, A) in a matrix; the diagonal
     * features read (A, B) if {@code upper} (A ≤ B), else conj (B, A).
     */
    private void complexEntry(int x, int y, boolean upper, double[] out, int o) {
        if (upper) {
            for (int i = 0; i < m; i++) {
                int s = diagonalSource[i] + x;
                out[o + 2 * i] = work[s];
                out[o + 2 * i + 1] = work[s + 1];
            }
        } else {
            for (int i = 0; i < m; i++) {
                int s = diagonalSource[i] + y;
                out[o + 2 * i] = work[s];
                out[o + 2 * i + 1] = -work[s + 1];
            }
        }
        int w = o + 2 * m;
        for (int t = 0; t < pairSource.length; t++) {
            int s = pairSource[t];
            double ur = work[s + x];
            double ui = work[s + x + 1];
            double vr = work[s + y];
            double vi = -work[s + y + 1];
            double half = pairHalf[t];
            out[w + 4 * t] = 0.5 * (ur + vr);
            out[w + 4 * t + 1] = 0.5 * (ui + vi);
            out[w + 4 * t + 2] = half * (ui - vi);
            out[w + 4 * t + 3] = -half * (ur - vr);
        }
    }

    /** Features 2j = Re z_j, 2j + 1 = Im z_j of point q (holomorphic z_j: no mixed derivatives). */
    private void emitPatch(int q) {
        int mm = size;
        int f = features;
        int rows = layout.rows();
        int base = q * rows * f;
        for (int j = 0; j < m; j++) {
            int h = 2 * j * mm;
            for (int r = 0; r < rows; r++) {
                int a = rowHol[r];
                int o = base + r * f + 2 * j;
                double hr = jet[h + 2 * a];
                double hi = jet[h + 2 * a + 1];
                if (rowAnti[r] != 0) {
                    streams[o] = 0.0;
                    streams[o + 1] = 0.0;
                } else if (a == 0) {
                    streams[o] = hr; // Re z_j, Im z_j themselves
                    streams[o + 1] = hi;
                } else if (rowImaginary[r]) {
                    streams[o] = 0.5 * hi; // Im of h/2 and of h/2i
                    streams[o + 1] = -0.5 * hr;
                } else {
                    streams[o] = 0.5 * hr;
                    streams[o + 1] = 0.5 * hi;
                }
            }
        }
    }

    /**
     * Products: each factor block's invariants u<sup>(i)</sup> depend only on that block's coordinates, so their jets
     * are the block workspace's jets of the block's slice of z, ι<sub>a</sub>, ι<sub>ac</sub>, placed at the block's
     * feature offset (feature index innermost in every output layout).
     */
    private void computeBlocks(int n, double[] z, int zOff, double[] first, int firstOff, double[] second,
            int secondOff) {
        int pairs = layout.pairs();
        if (blockScratch == null) {
            blockScratch = new double[3][];
        }
        int offset = 0;
        for (int i = 0; i < blocks.length; i++) {
            int mi = starts[i + 1] - starts[i];
            if (blockScratch[0] == null || blockScratch[0].length < 2 * n * mi) {
                blockScratch[0] = new double[2 * capacity * m];
                blockScratch[1] = new double[2 * capacity * d * m];
                blockScratch[2] = new double[2 * capacity * d * d * m];
            }
            double[] zi = blockScratch[0];
            double[] fi = blockScratch[1];
            double[] si = blockScratch[2];
            for (int q = 0; q < n; q++) {
                System.arraycopy(z, zOff + 2 * (q * m + starts[i]), zi, 2 * q * mi, 2 * mi);
                for (int a = 0; a < d; a++) {
                    System.arraycopy(first, firstOff + 2 * ((q * d + a) * m + starts[i]), fi, 2 * (q * d + a) * mi,
                            2 * mi);
                }
                for (int ac = 0; ac < d * d; ac++) {
                    System.arraycopy(second, secondOff + 2 * ((q * d * d + ac) * m + starts[i]), si,
                            2 * (q * d * d + ac) * mi, 2 * mi);
                }
            }
            FeatureCurvatureJets b = blocks[i];
            b.compute(n, zi, 0, fi, 0, si, 0);
            int fb = b.features;
            place(b.streams, n * layout.rows(), fb, streams, offset, 1);
            place(b.third, n * pairs * d, fb, third, offset, 2);
            place(b.fourth, n * pairs * pairs, fb, fourth, offset, 2);
            offset += fb;
        }
    }

    /** Copies rows of {@code width} entries ({@code scalars} doubles each) into rows of {@link #features} entries. */
    private void place(double[] src, int rows, int width, double[] dst, int offset, int scalars) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, scalars * r * width, dst, scalars * (r * features + offset), scalars * width);
        }
    }
}
