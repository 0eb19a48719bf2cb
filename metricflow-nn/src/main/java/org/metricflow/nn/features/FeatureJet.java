package org.metricflow.nn.features;

import org.metricflow.geometry.complex.PointSet;

/**
 * Real features f<sub>k</sub> of points on a variety together with their holomorphic first derivatives
 * ∂<sub>a</sub>f<sub>k</sub> and mixed second derivatives ∂<sub>a</sub>∂̄<sub>b</sub>f<sub>k</sub> along d holomorphic
 * directions per point (for a {@link PointSet}: the local coordinates x<sub>a</sub>). Because the features are
 * real, ∂̄<sub>b</sub>f = conj(∂<sub>b</sub>f) and ∂<sub>a</sub>∂̄<sub>b</sub>f is Hermitian in (a, b).
 *
 * <p>These are the inputs of the forward-mode "jet" path of a network φ(f(z)): by the chain rule
 * ∂<sub>a</sub>∂̄<sub>b</sub>φ = Σ<sub>k,l</sub> ∂²φ/∂f<sub>k</sub>∂f<sub>l</sub> ∂<sub>a</sub>f<sub>k</sub> conj(∂<sub>b</sub>f<sub>l</sub>)
 * + Σ<sub>k</sub> ∂φ/∂f<sub>k</sub> ∂<sub>a</sub>∂̄<sub>b</sub>f<sub>k</sub>.
 *
 * <p>Layout (flat, point-major, real and imaginary parts in separate arrays, so that each array is the row-major
 * data of an N-row matrix): {@link #values()} N×F, entry {@code [p·F + k]}; {@link #firstRe()},
 * {@link #firstIm()} N×(d·F), entry {@code [(p·d + a)·F + k]}; {@link #mixedRe()}, {@link #mixedIm()}
 * N×(d·d·F), entry {@code [((p·d + a)·d + b)·F + k]}. Arrays are shared, not copied: treat them as read-only.
 */
public final class FeatureJet {
    private final int points;
    private final int directions;
    private final int features;
    private final double[] values;
    private final double[] firstRe;
    private final double[] firstIm;
    private final double[] mixedRe;
    private final double[] mixedIm;
    /** Workspace for the coordinates and Jacobians of a {@link PointSet} this jet is refilled from (or null). */
    double[] coordinateScratch;
    double[] jacobianScratch;
    /** Workspace of the per-factor block jets in a product of projective spaces (or null). */
    double[][] blockScratch;

    FeatureJet(int points, int directions, int features, double[] values, double[] firstRe, double[] firstIm,
            double[] mixedRe, double[] mixedIm) {
        this.points = points;
        this.directions = directions;
        this.features = features;
        this.values = values;
        this.firstRe = firstRe;
        this.firstIm = firstIm;
        this.mixedRe = mixedRe;
        this.mixedIm = mixedIm;
    }

    /**
     * N, the number of points.
     */
    public int points() {
        return points;
    }

    /**
     * d, the number of holomorphic directions per point.
     */
    public int directions() {
        return directions;
    }

    /**
     * F, the number of real features.
     */
    public int features() {
        return features;
    }

    /**
     * The feature values f<sub>k</sub>, N×F.
     */
    public double[] values() {
        return values;
    }

    /**
     * Re ∂<sub>a</sub>f<sub>k</sub>, N×(d·F).
     */
    public double[] firstRe() {
        return firstRe;
    }

    /**
     * Im ∂<sub>a</sub>f<sub>k</sub>, N×(d·F).
     */
    public double[] firstIm() {
        return firstIm;
    }

    /**
     * Re ∂<sub>a</sub>∂̄<sub>b</sub>f<sub>k</sub>, N×(d·d·F).
     */
    public double[] mixedRe() {
        return mixedRe;
    }

    /**
     * Im ∂<sub>a</sub>∂̄<sub>b</sub>f<sub>k</sub>, N×(d·d·F).
     */
    public double[] mixedIm() {
        return mixedIm;
    }
}
