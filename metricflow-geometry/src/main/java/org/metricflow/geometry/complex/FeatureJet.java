package org.metricflow.geometry.complex;

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
 * <p>Layout (flat, point-major, complex interleaved re/im):
 * {@link #values()} N·F at {@code [p·F + k]}; {@link #first()} 2·N·d·F at {@code [2((p·d + a)·F + k)]};
 * {@link #mixed()} 2·N·d·d·F at {@code [2(((p·d + a)·d + b)·F + k)]}. Arrays are shared, not copied: treat them
 * as read-only.
 */
public final class FeatureJet {
    private final int points;
    private final int directions;
    private final int features;
    private final double[] values;
    private final double[] first;
    private final double[] mixed;

    FeatureJet(int points, int directions, int features, double[] values, double[] first, double[] mixed) {
        this.points = points;
        this.directions = directions;
        this.features = features;
        this.values = values;
        this.first = first;
        this.mixed = mixed;
    }

    /** N, the number of points. */
    public int points() {
        return points;
    }

    /** d, the number of holomorphic directions per point. */
    public int directions() {
        return directions;
    }

    /** F, the number of real features. */
    public int features() {
        return features;
    }

    /** The feature values f<sub>k</sub>, N·F. */
    public double[] values() {
        return values;
    }

    /** ∂<sub>a</sub>f<sub>k</sub>, complex, 2·N·d·F. */
    public double[] first() {
        return first;
    }

    /** ∂<sub>a</sub>∂̄<sub>b</sub>f<sub>k</sub>, complex, 2·N·d²·F. */
    public double[] mixed() {
        return mixed;
    }
}
