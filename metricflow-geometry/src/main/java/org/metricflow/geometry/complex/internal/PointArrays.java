package org.metricflow.geometry.complex.internal;

/**
 * Mutable flat arrays of sampled points while they are being filled (layout documented on
 * {@code org.metricflow.geometry.complex.PointSet}); handed over to an immutable PointSet when complete.
 */
public final class PointArrays {
    public final int count;
    /** Number of homogeneous coordinates n+1. */
    public final int m;
    /** Number of equations (codimension) k. */
    public final int k;
    /** Complex dimension d = n − k. */
    public final int d;
    public final double[] coords;
    public final int[] patch;
    public final int[] eliminated;
    public final int[] local;
    public final double[] omegaSquared;
    public final double[] jacobian;
    public final double[] fsDeterminant;
    public final double[] weight;

    public PointArrays(int count, int m, int k) {
        this.count = count;
        this.m = m;
        this.k = k;
        this.d = m - 1 - k;
        this.coords = new double[2 * count * m];
        this.patch = new int[count];
        this.eliminated = new int[count * k];
        this.local = new int[count * d];
        this.omegaSquared = new double[count];
        this.jacobian = new double[2 * count * d * m];
        this.fsDeterminant = new double[count];
        this.weight = new double[count];
    }
}
