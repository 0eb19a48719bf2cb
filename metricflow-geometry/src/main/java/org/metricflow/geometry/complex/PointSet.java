package org.metricflow.geometry.complex;

import java.util.Arrays;
import org.metricflow.geometry.complex.internal.PointArrays;

/**
 * Points on a projective variety X ⊂ CP<sup>n</sup> of complex dimension d and codimension k (n+1 = m homogeneous
 * coordinates), with everything needed to integrate over X. Immutable: accessors of whole arrays return copies.
 *
 * <h2>Layout (flat arrays, point p = 0..N−1)</h2>
 * <ul>
 *   <li>{@link #coordinates()}: 2·N·m doubles, z<sub>j</sub> of point p at {@code [2(p·m + j)]} (real) and
 *       {@code [2(p·m + j) + 1]} (imaginary). Every point is normalized to its <em>patch</em>: the coordinate of
 *       largest modulus is exactly 1 + 0i, so all |z<sub>j</sub>| ≤ 1.</li>
 *   <li>{@link #patches()}: N ints, the patch index of each point.</li>
 *   <li>{@link #eliminated()}: N·k ints, the eliminated coordinates of point p at {@code [p·k .. p·k+k−1]}. For a
 *       hypersurface the j ≠ patch maximizing |∂Q/∂z<sub>j</sub>|; for k equations the k-subset E of non-patch
 *       coordinates maximizing |det(∂Q<sub>r</sub>/∂z<sub>e</sub>)<sub>r, e∈E</sub>| (docs/ARCHITECTURE.md §4).</li>
 *   <li>{@link #localCoordinates()}: N·d ints, the indices j of the <em>local (free affine) coordinates</em>
 *       x<sub>a</sub> = z<sub>j</sub> (a = 0..d−1) of point p at {@code [p·d + a]}, in increasing j: all coordinates
 *       except the patch and the eliminated ones. All metric components in this package are in these
 *       coordinates.</li>
 *   <li>{@link #omegaSquared()}: N doubles, |Ω|² = 1/|det J<sub>E</sub>|² with J<sub>E</sub> =
 *       (∂Q<sub>r</sub>/∂z<sub>e</sub>) (hypersurface: |Ω|² = 1/|∂Q/∂z<sub>e</sub>|²), the holomorphic volume
 *       form Ω = dx<sub>0</sub>∧…∧dx<sub>d−1</sub>/det J<sub>E</sub> (up to a sign) in the patch.</li>
 *   <li>{@link #jacobians()}: 2·N·d·m doubles, the pullback Jacobian P<sub>a j</sub> = ∂z<sub>j</sub>/∂x<sub>a</sub>
 *       of point p at {@code [2((p·d + a)·m + j)]} (re) and {@code +1} (im): row a is the unit vector of
 *       coordinate x<sub>a</sub> plus, in the eliminated columns, ∂z<sub>E</sub>/∂x<sub>a</sub> =
 *       −J<sub>E</sub><sup>−1</sup> ∂Q/∂x<sub>a</sub> (implicit function theorem); the patch column is zero. Hence
 *       Σ<sub>j</sub> ∂Q<sub>r</sub>/∂z<sub>j</sub> P<sub>a j</sub> = 0 (P spans the tangent space).</li>
 *   <li>{@link #fubiniStudyDeterminants()}: N doubles, det g<sup>FS</sup><sub>a b̄</sub> of the Fubini–Study
 *       metric pulled back to X in the local coordinates: g = P G P<sup>†</sup> with
 *       G<sub>i j̄</sub> = ∂<sub>i</sub>∂̄<sub>j</sub> (1/2π) log|z|² = (1/2π)(δ<sub>ij</sub>/|z|² −
 *       z̄<sub>i</sub>z<sub>j</sub>/|z|⁴).</li>
 *   <li>{@link #weights()}: N doubles, w = |Ω|² / (d!·det g<sup>FS</sup>).</li>
 * </ul>
 *
 * <h2>Normalizations (exact, nothing hidden)</h2>
 * With ω = i g<sub>a b̄</sub> dx<sup>a</sup>∧dx̄<sup>b</sup> one has ω<sup>d</sup> = d!·det g·Π<sub>a</sub>
 * (i dx<sup>a</sup>∧dx̄<sup>a</sup>), and i dx∧dx̄ = 2 dRe x ∧ dIm x. The Ω-measure is defined as
 * dVol<sub>Ω</sub> = |Ω|² Π<sub>a</sub>(i dx<sup>a</sup>∧dx̄<sup>a</sup>) (= i<sup>d²</sup> Ω∧Ω̄), the FS measure as
 * dVol<sub>FS</sub> = ω<sub>FS</sub><sup>d</sup>. Hence w = dVol<sub>Ω</sub>/dVol<sub>FS</sub> point-wise.
 * Points from {@link ProjectiveVariety#sample} have density ω<sub>FS</sub><sup>d</sup>/Vol<sub>FS</sub> with
 * Vol<sub>FS</sub> = ∫<sub>X</sub> ω<sub>FS</sub><sup>d</sup> = Π deg Q<sub>r</sub> ({@link #fubiniStudyVolume()};
 * for the quintic 5), so for any function f
 * <pre>  ∫_X f dVol_Ω ≈ (Vol_FS/N) Σ_p f(x_p) w_p,
 *   ∫_X f ω_FS^d ≈ (Vol_FS/N) Σ_p f(x_p).</pre>
 *
 * <h2>Trials</h2>
 * The sampler keeps all points of each random slice it draws (a line for a hypersurface: D = deg Q consecutive
 * points p = ℓD..ℓD+D−1; a k-plane for a complete intersection; a product of linear subspaces for a product of
 * projective spaces: a varying number of points). Points of one such <em>trial</em> are consecutive and correlated
 * (they share the slice), trials are independent. {@link #trialOffsets()} gives the boundaries;
 * {@link CurvatureIntegrals} reports cluster-robust standard errors over them
 * ({@link org.metricflow.core.stats.ClusteredMoments}). Points built from coordinates alone
 * ({@link ProjectiveVariety#pointSet}) have one point per trial unless {@link #withTrialStarts} says otherwise.
 */
public final class PointSet {
    private final ProjectiveVariety variety;
    private final int count;
    private final int m;
    private final int k;
    private final int d;
    private final int f;
    private final double[] coords;
    private final int[] patch;
    private final int[] eliminated;
    private final int[] local;
    private final double[] omegaSquared;
    private final double[] jacobian;
    private final double[] fsDeterminant;
    private final double[] weight;
    private final boolean[] trialStart;

    PointSet(ProjectiveVariety variety, PointArrays a) {
        this.variety = variety;
        this.count = a.count;
        this.m = a.m;
        this.k = a.k;
        this.d = a.d;
        this.f = a.f;
        this.coords = a.coords;
        this.patch = a.patch;
        this.eliminated = a.eliminated;
        this.local = a.local;
        this.omegaSquared = a.omegaSquared;
        this.jacobian = a.jacobian;
        this.fsDeterminant = a.fsDeterminant;
        this.weight = a.weight;
        this.trialStart = a.trialStart;
        if (count > 0) {
            trialStart[0] = true;
        }
    }

    private PointSet(PointSet s, boolean[] trialStart) {
        this.variety = s.variety;
        this.count = s.count;
        this.m = s.m;
        this.k = s.k;
        this.d = s.d;
        this.f = s.f;
        this.coords = s.coords;
        this.patch = s.patch;
        this.eliminated = s.eliminated;
        this.local = s.local;
        this.omegaSquared = s.omegaSquared;
        this.jacobian = s.jacobian;
        this.fsDeterminant = s.fsDeterminant;
        this.weight = s.weight;
        this.trialStart = trialStart;
    }

    /**
     * The variety the points lie on.
     */
    public ProjectiveVariety variety() {
        return variety;
    }

    /**
     * Number of points N.
     */
    public int size() {
        return count;
    }

    /**
     * Complex dimension d of X.
     */
    public int dimension() {
        return d;
    }

    /**
     * n, the dimension of the ambient CP<sup>n</sup> (Σn<sub>i</sub> for a product).
     *
     * @return n, the dimension of the ambient space
     */
    public int ambientDimension() {
        return m - f;
    }

    /**
     * Number of projective factors f of the ambient space (1 for CP<sup>n</sup>); each point has one patch per
     * factor.
     *
     * @return f ≥ 1
     */
    public int factorCount() {
        return f;
    }

    /**
     * The patch (the coordinate index, among all m, that is 1) of factor i at point p.
     *
     * @param p the point index in [0, {@link #size()})
     * @param i the factor index in [0, f)
     * @return a coordinate index in factor i's block
     */
    public int patch(int p, int i) {
        return patch[p * f + i];
    }

    /**
     * Number of homogeneous coordinates m = n + 1.
     */
    public int coordinateCount() {
        return m;
    }

    /**
     * Codimension k (number of defining equations).
     */
    public int codimension() {
        return k;
    }

    /**
     * Vol<sub>FS</sub> = ∫<sub>X</sub> ω<sub>FS</sub><sup>d</sup> = product of the degrees.
     */
    public double fubiniStudyVolume() {
        return variety.fubiniStudyVolume();
    }

    /**
     * Copy of the homogeneous coordinates (layout in the class comment).
     */
    public double[] coordinates() {
        return coords.clone();
    }

    /**
     * The homogeneous coordinates (2·N·m doubles, layout in the class comment) copied into {@code out}, which is
     * returned; for batched kernels outside this package that reuse a workspace.
     *
     * @param out the output array, at least 2·N·m doubles, reused across calls
     * @return {@code out}, its first 2·N·m entries overwritten
     * @throws IllegalArgumentException if {@code out} is shorter than 2·N·m
     */
    public double[] coordinates(double[] out) {
        return copyInto(coords, 2 * count * m, out, "coordinates");
    }

    /**
     * Re z<sub>j</sub> of point p.
     */
    public double re(int p, int j) {
        return coords[2 * (p * m + j)];
    }

    /**
     * Im z<sub>j</sub> of point p.
     */
    public double im(int p, int j) {
        return coords[2 * (p * m + j) + 1];
    }

    /**
     * Copy of the patch indices.
     */
    public int[] patches() {
        return patch.clone();
    }

    /**
     * Patch index of point p in the first (for CP<sup>n</sup> the only) factor; see {@link #patch(int, int)}.
     *
     * @param p the point index in [0, {@link #size()})
     * @return the index, in [0, n], of the homogeneous coordinate that is 1 at point p
     */
    public int patch(int p) {
        return patch[p * f];
    }

    /**
     * Copy of the eliminated indices (N·k).
     */
    public int[] eliminated() {
        return eliminated.clone();
    }

    /**
     * The r-th eliminated coordinate of point p (r &lt; k).
     */
    public int eliminated(int p, int r) {
        return eliminated[p * k + r];
    }

    /**
     * Copy of the local-coordinate indices (N·d).
     */
    public int[] localCoordinates() {
        return local.clone();
    }

    /**
     * Index j of the local coordinate x<sub>a</sub> = z<sub>j</sub> of point p.
     */
    public int localCoordinate(int p, int a) {
        return local[p * d + a];
    }

    /**
     * Copy of |Ω|² per point.
     */
    public double[] omegaSquared() {
        return omegaSquared.clone();
    }

    /**
     * |Ω|² of every point copied into {@code out} (at least N doubles; a reused workspace), which is returned.
     *
     * @param out the output array, reused across calls
     * @throws IllegalArgumentException if {@code out} is shorter than N
     */
    public double[] omegaSquared(double[] out) {
        return copyInto(omegaSquared, count, out, "|Ω|²");
    }

    /**
     * |Ω|² at point p.
     */
    public double omegaSquared(int p) {
        return omegaSquared[p];
    }

    /**
     * Copy of the pullback Jacobians (2·N·d·m).
     */
    public double[] jacobians() {
        return jacobian.clone();
    }

    /**
     * The pullback Jacobians P<sub>a j</sub> = ∂z<sub>j</sub>/∂x<sub>a</sub> (2·N·d·m doubles, direction a of point p
     * at {@code [2((p·d + a)·m + j)]}) copied into {@code out}, which is returned.
     *
     * @param out the output array, at least 2·N·d·m doubles, reused across calls
     * @return {@code out}, its first 2·N·d·m entries overwritten
     * @throws IllegalArgumentException if {@code out} is shorter than 2·N·d·m
     */
    public double[] jacobians(double[] out) {
        return copyInto(jacobian, 2 * count * d * m, out, "pullback Jacobians");
    }

    /**
     * Copy of det g<sup>FS</sup> per point (local coordinates).
     */
    public double[] fubiniStudyDeterminants() {
        return fsDeterminant.clone();
    }

    /**
     * det g<sup>FS</sup> at point p.
     */
    public double fubiniStudyDeterminant(int p) {
        return fsDeterminant[p];
    }

    /**
     * Copy of the Monte-Carlo weights w = |Ω|²/(d!·det g<sup>FS</sup>).
     */
    public double[] weights() {
        return weight.clone();
    }

    /**
     * The weights of every point copied into {@code out} (at least N doubles; a reused workspace), which is returned.
     *
     * @param out the output array, reused across calls
     * @throws IllegalArgumentException if {@code out} is shorter than N
     */
    public double[] weights(double[] out) {
        return copyInto(weight, count, out, "weights");
    }

    private double[] copyInto(double[] source, int length, double[] out, String what) {
        if (out.length < length) {
            throw new IllegalArgumentException("copying the " + what + " of " + count + " points needs " + length
                    + " doubles, the output array has " + out.length);
        }
        System.arraycopy(source, 0, out, 0, length);
        return out;
    }

    /**
     * The weight of point p.
     */
    public double weight(int p) {
        return weight[p];
    }

    /**
     * Whether point p is the first point of its sampling trial (class comment, "Trials").
     *
     * @param p the point index in [0, {@link #size()})
     * @return true if p starts a trial (always for p = 0)
     */
    public boolean startsTrial(int p) {
        return trialStart[p];
    }

    /**
     * The trial boundaries: trial t holds the points offsets[t] .. offsets[t+1]−1 (offsets[0] = 0, the last entry
     * N); {@code {0, 1, …, N}} when every point is its own trial.
     *
     * @return T + 1 strictly increasing offsets for T trials (just {0} for no points)
     */
    public int[] trialOffsets() {
        int t = 0;
        for (int p = 0; p < count; p++) {
            if (trialStart[p]) {
                t++;
            }
        }
        int[] offsets = new int[t + 1];
        int c = 0;
        for (int p = 0; p < count; p++) {
            if (trialStart[p]) {
                offsets[c++] = p;
            }
        }
        offsets[t] = count;
        return offsets;
    }

    /**
     * The same points with the given trial structure, e.g. the trials of sampled points restored after their
     * coordinates travelled alone (the arrays are shared, nothing is recomputed).
     *
     * @param starts N flags, true where a point starts a trial (entry 0 is taken as true)
     * @return a point set equal to this one apart from its trials
     * @throws IllegalArgumentException if {@code starts} does not have N entries
     */
    public PointSet withTrialStarts(boolean[] starts) {
        if (starts == null || starts.length != count) {
            throw new IllegalArgumentException("need one trial-start flag per point (" + count + "), got "
                    + (starts == null ? "null" : starts.length));
        }
        boolean[] copy = starts.clone();
        if (count > 0) {
            copy[0] = true;
        }
        return new PointSet(this, copy);
    }

    /** A copy of the trial-start flags (N entries). */
    public boolean[] trialStarts() {
        return trialStart.clone();
    }

    // package-private views for the batched kernels of this package (never handed out)
    double[] coordsView() {
        return coords;
    }

    double[] jacobianView() {
        return jacobian;
    }

    double[] weightView() {
        return weight;
    }

    double[] fsDeterminantView() {
        return fsDeterminant;
    }

    double[] omegaSquaredView() {
        return omegaSquared;
    }

    boolean[] trialStartView() {
        return trialStart;
    }

    /**
     * The same points of X expressed in other charts: point p in the affine patch z<sub>patches[p]</sub> = 1 (the
     * homogeneous coordinates divided by that coordinate, so |z<sub>j</sub>| may exceed 1), with the eliminated
     * coordinates, local coordinates, |Ω|², Jacobian, det g<sup>FS</sup> and weight of that patch by the rules of
     * this class. For comparing a metric across patch overlaps (transition functions); the largest-modulus patch of
     * {@link ProjectiveVariety#sample} is the best conditioned.
     *
     * @throws IllegalArgumentException if an index is out of range or a point has (numerically) z<sub>j</sub> = 0
     */
    public PointSet inPatches(int[] patches) {
        return variety.rechart(this, patches);
    }

    /**
     * The points from..to−1 (e.g. a mini-batch).
     */
    public PointSet slice(int from, int to) {
        if (from < 0 || to > count || from > to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") is not within [0, " + count + ")");
        }
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return subset(idx);
    }

    /**
     * The points idx[0], idx[1], … in that order (repeats allowed), e.g. a train/validation split.
     */
    public PointSet subset(int[] idx) {
        PointArrays a = new PointArrays(idx.length, m, k, f);
        for (int i = 0; i < idx.length; i++) {
            int p = idx[i];
            if (p < 0 || p >= count) {
                throw new IllegalArgumentException("subset index idx[" + i + "] = " + p + " is not a point index in [0, "
                        + count + ")");
            }
            System.arraycopy(coords, 2 * p * m, a.coords, 2 * i * m, 2 * m);
            System.arraycopy(patch, p * f, a.patch, i * f, f);
            System.arraycopy(eliminated, p * k, a.eliminated, i * k, k);
            System.arraycopy(local, p * d, a.local, i * d, d);
            a.omegaSquared[i] = omegaSquared[p];
            System.arraycopy(jacobian, 2 * p * d * m, a.jacobian, 2 * i * d * m, 2 * d * m);
            a.fsDeterminant[i] = fsDeterminant[p];
            a.weight[i] = weight[p];
            a.trialStart[i] = i == 0 || trialStart[p] || p != idx[i - 1] + 1;
        }
        return new PointSet(variety, a);
    }

    @Override
    public String toString() {
        return "PointSet[" + count + " points on " + variety + "]";
    }

    /** True if both hold bit-identical arrays and equal varieties. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PointSet)) {
            return false;
        }
        PointSet s = (PointSet) o;
        return variety.equals(s.variety) && Arrays.equals(coords, s.coords) && Arrays.equals(patch, s.patch)
                && Arrays.equals(eliminated, s.eliminated) && Arrays.equals(omegaSquared, s.omegaSquared)
                && Arrays.equals(jacobian, s.jacobian) && Arrays.equals(fsDeterminant, s.fsDeterminant)
                && Arrays.equals(weight, s.weight);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(coords) + count;
    }
}
