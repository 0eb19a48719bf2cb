package org.metricflow.geometry.complex;

import java.util.Arrays;
import java.util.Objects;

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
    /** Pair i ≤ j in feature order: first feature index (Re, or the diagonal value when i = j). */
    private final int[] pairI;
    private final int[] pairJ;
    private final int[] pairFeature;

    /** Per-point scratch: h [2(j·M + A)], S and R [2(A·M + B)], T [2((j·M + A)·M + B)], u [2(A·M + B)]. */
    private final double[] jet;
    private final int[] nonzero;
    private final double[] norm;
    private final double[] inverse;
    private final double[] conjTimesInverse;
    private final double[] product;

    private FeatureCurvatureJets(FeatureMap map, int m, int d, int capacity) {
        this.map = map;
        this.m = m;
        this.d = d;
        this.capacity = capacity;
        this.features = map.featureCount(m);
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

        // recursion for R: every splitting of A and of B (A₁ = 0 included) except A₁ = B₁ = 0
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
        int targets = mm * (mm + 1) / 2 - 1;
        recipTarget = new int[targets];
        recipMirror = new int[targets];
        recipStart = new int[targets + 1];
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
        recipS = Arrays.copyOf(ts, terms);
        recipR = Arrays.copyOf(tr, terms);
        recipWeight = Arrays.copyOf(tw, terms);

        int rows = layout.rows();
        rowHol = new int[rows];
        rowAnti = new int[rows];
        rowImaginary = new boolean[rows];
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

        int unordered = m * (m + 1) / 2;
        pairI = new int[unordered];
        pairJ = new int[unordered];
        pairFeature = new int[unordered];
        int f = m;
        int p = 0;
        for (int i = 0; i < m; i++) {
            pairI[p] = i;
            pairJ[p] = i;
            pairFeature[p++] = i;
            for (int j = i + 1; j < m; j++) {
                pairI[p] = i;
                pairJ[p] = j;
                pairFeature[p++] = f;
                f += 2;
            }
        }

        this.jet = new double[2 * m * mm];
        this.nonzero = new int[m];
        this.norm = new double[2 * mm * mm];
        this.inverse = new double[2 * mm * mm];
        this.conjTimesInverse = new double[2 * m * mm * mm];
        this.product = new double[2 * mm * mm];
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
     * A workspace for batches of up to {@code capacity} points of a variety with m homogeneous coordinates and
     * complex dimension d.
     *
     * @param map the map
     * @param m the argument {@code m}
     * @param d the argument {@code d}
     * @param capacity the capacity
     * @return a workspace for batches of up to {@code capacity} points of a variety with m homogeneous coordinates and complex dimension d
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
     *
     * @return the stream layout
     */
    public CurvatureJetLayout layout() {
        return layout;
    }

    /**
     * F, the number of features.
     *
     * @return F, the number of features
     */
    public int features() {
        return features;
    }

    /**
     * The maximal batch size.
     *
     * @return the maximal batch size
     */
    public int capacity() {
        return capacity;
    }

    /**
     * The stream rows of the last batch (see the class comment); a live view.
     *
     * @return the stream rows of the last batch (see the class comment); a live view
     */
    public double[] streams() {
        return streams;
    }

    /**
     * ∂∂∂̄f of the last batch; a live view.
     *
     * @return ∂∂∂̄f of the last batch; a live view
     */
    public double[] third() {
        return third;
    }

    /**
     * ∂∂∂̄∂̄f of the last batch; a live view.
     *
     * @return ∂∂∂̄∂̄f of the last batch; a live view
     */
    public double[] fourth() {
        return fourth;
    }

    /**
     * Computes the jets of n ≤ capacity points whose embedding 2-jets start at the given offsets (point q of the
     * batch: z at {@code zOff + 2qm}, ι<sub>a</sub> at {@code firstOff + 2qdm}, ι<sub>ac</sub> at
     * {@code secondOff + 2qd²m}).
     *
     * @param n the argument {@code n}
     * @param z the argument {@code z}
     * @param zOff the z off
     * @param first the first
     * @param firstOff the first off
     * @param second the second
     * @param secondOff the second off
     * @throws IllegalArgumentException if n is negative or exceeds the capacity, or a point has z = 0
     */
    public void compute(int n, double[] z, int zOff, double[] first, int firstOff, double[] second, int secondOff) {
        if (n < 0 || n > capacity) {
            throw new IllegalArgumentException("batch of " + n + " points exceeds the capacity " + capacity);
        }
        if (map == FeatureMap.PATCH_COORDINATES) {
            int pairs = layout.pairs();
            Arrays.fill(third, 0, 2 * n * pairs * d * features, 0.0);
            Arrays.fill(fourth, 0, 2 * n * pairs * pairs * features, 0.0);
        }
        for (int q = 0; q < n; q++) {
            load(z, zOff + 2 * q * m, first, firstOff + 2 * q * d * m, second, secondOff + 2 * q * d * d * m);
            if (map == FeatureMap.PATCH_COORDINATES) {
                emitPatch(q);
                continue;
            }
            normJets();
            reciprocalJets();
            for (int j = 0; j < m; j++) {
                conjugateTimesInverse(j);
            }
            for (int p = 0; p < pairI.length; p++) {
                int i = pairI[p];
                int j = pairJ[p];
                if (i == j) {
                    holomorphicTimes(i, i, true);
                    emitDiagonal(q, pairFeature[p]);
                } else if (nonzero[i] <= nonzero[j]) {
                    holomorphicTimes(i, j, false); // u_ij
                    emitPair(q, pairFeature[p], 1.0);
                } else {
                    holomorphicTimes(j, i, false); // u_ji = conj(u_ij)ᵀ: Re parts agree, Im parts change sign
                    emitPair(q, pairFeature[p], -1.0);
                }
            }
        }
    }

    /** h_j[A] of one point, and the count of nonzero entries of order ≥ 1 per coordinate. */
    private void load(double[] z, int zq, double[] first, int firstq, double[] second, int secondq) {
        int mm = size;
        int pairs = layout.pairs();
        for (int j = 0; j < m; j++) {
            int o = 2 * j * mm;
            jet[o] = z[zq + 2 * j];
            jet[o + 1] = z[zq + 2 * j + 1];
            int count = 0;
            for (int a = 0; a < d; a++) {
                double re = first[firstq + 2 * (a * m + j)];
                double im = first[firstq + 2 * (a * m + j) + 1];
                jet[o + 2 * (1 + a)] = re;
                jet[o + 2 * (1 + a) + 1] = im;
                count += re != 0.0 || im != 0.0 ? 1 : 0;
            }
            for (int p = 0; p < pairs; p++) {
                int s = secondq + 2 * ((layout.pairFirst(p) * d + layout.pairSecond(p)) * m + j);
                double re = second[s];
                double im = second[s + 1];
                jet[o + 2 * (1 + d + p)] = re;
                jet[o + 2 * (1 + d + p) + 1] = im;
                count += re != 0.0 || im != 0.0 ? 1 : 0;
            }
            nonzero[j] = count;
        }
    }

    /** S_AB = Σ_k h_k[A] conj h_k[B] for A ≤ B, mirrored (Hermitian). */
    private void normJets() {
        int mm = size;
        for (int a = 0; a < mm; a++) {
            for (int b = a; b < mm; b++) {
                double re = 0.0;
                double im = 0.0;
                for (int j = 0; j < m; j++) {
                    int x = 2 * (j * mm + a);
                    int y = 2 * (j * mm + b);
                    double hr = jet[x];
                    double hi = jet[x + 1];
                    double kr = jet[y];
                    double ki = jet[y + 1];
                    re += hr * kr + hi * ki;
                    im += hi * kr - hr * ki;
                }
                norm[2 * (a * mm + b)] = re;
                norm[2 * (b * mm + a)] = re;
                norm[2 * (a * mm + b) + 1] = im;
                norm[2 * (b * mm + a) + 1] = a == b ? 0.0 : -im;
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
        inverse[0] = inv;
        inverse[1] = 0.0;
        for (int k = 0; k < recipTarget.length; k++) {
            double re = 0.0;
            double im = 0.0;
            for (int t = recipStart[k]; t < recipStart[k + 1]; t++) {
                int s = 2 * recipS[t];
                int r = 2 * recipR[t];
                double w = recipWeight[t];
                double sr = norm[s];
                double si = norm[s + 1];
                double rr = inverse[r];
                double ri = inverse[r + 1];
                re += w * (sr * rr - si * ri);
                im += w * (sr * ri + si * rr);
            }
            int target = 2 * recipTarget[k];
            int mirror = 2 * recipMirror[k];
            inverse[mirror] = -inv * re;
            inverse[mirror + 1] = inv * im;
            inverse[target] = -inv * re;
            inverse[target + 1] = target == mirror ? 0.0 : -inv * im;
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
            double rr = inverse[x];
            double ri = inverse[x + 1];
            conjTimesInverse[base + x] = cr * rr - ci * ri;
            conjTimesInverse[base + x + 1] = cr * ri + ci * rr;
        }
        for (int e = 0; e < splitTarget.length; e++) {
            double w = splitWeight[e];
            int s = h + 2 * splitFirst[e];
            double kr = w * jet[s];
            double ki = -w * jet[s + 1];
            if (kr == 0.0 && ki == 0.0) {
                continue;
            }
            int src = 2 * splitSecond[e];
            int dst = base + 2 * splitTarget[e];
            for (int a = 0; a < mm; a++) {
                int r = src + 2 * a * mm;
                int o = dst + 2 * a * mm;
                double rr = inverse[r];
                double ri = inverse[r + 1];
                conjTimesInverse[o] += kr * rr - ki * ri;
                conjTimesInverse[o + 1] += kr * ri + ki * rr;
            }
        }
    }

    /**
     * product = h_i·T_j: u_ij,AB = Σ_{A₁⊔A₂=A} c·h_i[A₁]·T_j,A₂B (class comment, step 4); only B ≥ A if
     * {@code upper}.
     */
    private void holomorphicTimes(int i, int j, boolean upper) {
        int mm = size;
        int h = 2 * i * mm;
        int base = 2 * j * mm * mm;
        double hr = jet[h];
        double hi = jet[h + 1];
        for (int a = 0; a < mm; a++) {
            int from = upper ? a : 0;
            for (int b = from; b < mm; b++) {
                int x = 2 * (a * mm + b);
                double tr = conjTimesInverse[base + x];
                double ti = conjTimesInverse[base + x + 1];
                product[x] = hr * tr - hi * ti;
                product[x + 1] = hr * ti + hi * tr;
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
            int dst = 2 * a * mm;
            for (int b = upper ? a : 0; b < mm; b++) {
                double tr = conjTimesInverse[src + 2 * b];
                double ti = conjTimesInverse[src + 2 * b + 1];
                product[dst + 2 * b] += kr * tr - ki * ti;
                product[dst + 2 * b + 1] += kr * ti + ki * tr;
            }
        }
    }

    /** Feature k = u_ii of point q from the upper triangle of product (u_ii,BA = conj u_ii,AB). */
    private void emitDiagonal(int q, int k) {
        int mm = size;
        int f = features;
        int rows = layout.rows();
        int pairs = layout.pairs();
        int base = q * rows * f + k;
        for (int r = 0; r < rows; r++) {
            int a = rowHol[r];
            int b = rowAnti[r];
            double v;
            if (a <= b) {
                v = product[2 * (a * mm + b) + (rowImaginary[r] ? 1 : 0)];
            } else {
                v = rowImaginary[r] ? -product[2 * (b * mm + a) + 1] : product[2 * (b * mm + a)];
            }
            streams[base + r * f] = v;
        }
        for (int p = 0; p < pairs; p++) {
            int a = 1 + d + p;
            for (int b = 0; b < d; b++) {
                int x = 2 * ((1 + b) * mm + a);
                int t = 2 * (((q * pairs + p) * d + b) * f + k);
                third[t] = product[x];
                third[t + 1] = -product[x + 1];
            }
            for (int s = 0; s < pairs; s++) {
                int b = 1 + d + s;
                int t = 2 * (((q * pairs + p) * pairs + s) * f + k);
                if (p <= s) {
                    int x = 2 * (a * mm + b);
                    fourth[t] = product[x];
                    fourth[t + 1] = product[x + 1];
                } else {
                    int x = 2 * (b * mm + a);
                    fourth[t] = product[x];
                    fourth[t + 1] = -product[x + 1];
                }
            }
        }
    }

    /**
     * Features k = Re u_ij and k + 1 = Im u_ij of point q from product = u_ij (sign 1) or u_ji (sign −1):
     * ∂^A∂̄^B Re u = (u_AB + conj u_BA)/2, ∂^A∂̄^B Im u = (u_AB − conj u_BA)/2i.
     */
    private void emitPair(int q, int k, double sign) {
        int mm = size;
        int f = features;
        int rows = layout.rows();
        int pairs = layout.pairs();
        int base = q * rows * f + k;
        double half = 0.5 * sign;
        for (int r = 0; r < rows; r++) {
            int x = 2 * (rowHol[r] * mm + rowAnti[r]);
            int y = 2 * (rowAnti[r] * mm + rowHol[r]);
            int o = base + r * f;
            if (rowImaginary[r]) {
                double ui = product[x + 1];
                double vi = -product[y + 1];
                double ur = product[x];
                double vr = product[y];
                streams[o] = 0.5 * (ui + vi);
                streams[o + 1] = -half * (ur - vr);
            } else {
                double ur = product[x];
                double vr = product[y];
                double ui = product[x + 1];
                double vi = -product[y + 1];
                streams[o] = 0.5 * (ur + vr);
                streams[o + 1] = half * (ui - vi);
            }
        }
        for (int p = 0; p < pairs; p++) {
            int a = 1 + d + p;
            for (int b = 1; b <= d; b++) {
                int t = 2 * (((q * pairs + p) * d + b - 1) * f + k);
                combine(2 * (a * mm + b), 2 * (b * mm + a), half, third, t);
            }
            for (int s = 0; s < pairs; s++) {
                int b = 1 + d + s;
                int t = 2 * (((q * pairs + p) * pairs + s) * f + k);
                combine(2 * (a * mm + b), 2 * (b * mm + a), half, fourth, t);
            }
        }
    }

    /** out[t..t+1] = (u_x + conj u_y)/2, out[t+2..t+3] = sign·(u_x − conj u_y)/2i (half = sign/2). */
    private void combine(int x, int y, double half, double[] out, int t) {
        double ur = product[x];
        double ui = product[x + 1];
        double vr = product[y];
        double vi = -product[y + 1];
        out[t] = 0.5 * (ur + vr);
        out[t + 1] = 0.5 * (ui + vi);
        out[t + 2] = half * (ui - vi);
        out[t + 3] = -half * (ur - vr);
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
}
