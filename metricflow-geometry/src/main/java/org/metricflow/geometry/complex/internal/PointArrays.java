package org.metricflow.geometry.complex.internal;

import org.metricflow.core.resources.MemoryBudget;

/**
 * Mutable flat arrays of sampled points while they are being filled (layout documented on
 * {@code org.metricflow.geometry.complex.PointSet}); handed over to an immutable PointSet when complete.
 */
public final class PointArrays {
    /** Number of points N. */
    public final int count;
    /** Number of homogeneous coordinates n+1. */
    public final int m;
    /** Number of equations (codimension) k. */
    public final int k;
    /** Complex dimension d = m − f − k. */
    public final int d;
    /** Number of projective factors f (1 for a variety in one CP^n). */
    public final int f;
    /** Homogeneous coordinates, 2·N·m, interleaved. */
    public final double[] coords;
    /** Patch index per point and factor, N·f (the coordinate index set to 1 in each factor's block). */
    public final int[] patch;
    /** Eliminated coordinates, N·k. */
    public final int[] eliminated;
    /** Local coordinate indices, N·d, increasing per point. */
    public final int[] local;
    /** |Ω|² = 1/|det J_E|² per point. */
    public final double[] omegaSquared;
    /** Pullback Jacobians ∂z_j/∂x_a, 2·N·d·m. */
    public final double[] jacobian;
    /** det g_FS in local coordinates per point. */
    public final double[] fsDeterminant;
    /** Weights |Ω|²/(d!·det g_FS) per point. */
    public final double[] weight;
    /**
     * True where a point starts a new sampling trial (random line, k-plane or product slice), N entries: the points
     * of one trial are consecutive and may be correlated, trials are independent. All true (one point per trial)
     * until a sampler marks the later points of its trials false.
     */
    public final boolean[] trialStart;

    /**
     * Zero-filled arrays for {@code count} points with m homogeneous coordinates and k equations.
     */
    public PointArrays(int count, int m, int k) {
        this(count, m, k, 1);
    }

    /**
     * Zero-filled arrays for {@code count} points with m homogeneous coordinates in f projective factors and k
     * equations (d = m − f − k).
     *
     * @param count the number of points N
     * @param m the total number of homogeneous coordinates Σ(n<sub>i</sub>+1)
     * @param k the number of equations
     * @param f the number of projective factors
     */
    public PointArrays(int count, int m, int k, int f) {
        this.count = count;
        this.m = m;
        this.k = k;
        this.f = f;
        this.d = m - f - k;
        // Fail before allocating (and before 2·N·d·m overflows an int) when N points cannot fit.
        String what = count + " points in CP^" + (m - 1);
        String how = "use fewer points (sample in chunks) or raise the heap limit (-Xmx)";
        MemoryBudget.requireDoubles(what, how, 2L * count, (long) Math.max(1, d) * m);
        MemoryBudget.requireBytes(what, how, MemoryBudget.product(count, 8L * (2L * m + 2L * d * m + 3) + 4L * (f + k + d)));
        this.coords = new double[2 * count * m];
        this.patch = new int[count * f];
        this.eliminated = new int[count * k];
        this.local = new int[count * d];
        this.omegaSquared = new double[count];
        this.jacobian = new double[2 * count * d * m];
        this.fsDeterminant = new double[count];
        this.weight = new double[count];
        this.trialStart = new boolean[count];
        java.util.Arrays.fill(trialStart, true);
    }
}
