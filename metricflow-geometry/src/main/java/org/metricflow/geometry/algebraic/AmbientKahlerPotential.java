package org.metricflow.geometry.algebraic;

import org.metricflow.core.stats.Estimate;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.KahlerMetrics;
import org.metricflow.geometry.complex.PointSet;

/**
 * A Kähler potential K(z) on homogeneous coordinates z ∈ C<sup>m</sup> (m = n + 1) whose ambient metric
 * G<sub>i j̄</sub> = ∂<sub>i</sub>∂̄<sub>j</sub>K is available in closed form, batched: the extension point through
 * which the Fubini–Study metric ({@link FubiniStudyPotential}) and Donaldson's algebraic metrics
 * ({@link AlgebraicPotential}) are used interchangeably. The potential must satisfy K(λz) = K(z) + c log|λ|²
 * (a metric on CP<sup>n</sup>), so that G descends and pulls back to any X ⊂ CP<sup>n</sup>.
 *
 * <p>Layouts as in {@link org.metricflow.geometry.complex}: points {@code [2(p·m + j)]} (+1 im), ambient metrics
 * row-major {@code [2((p·m + i)·m + j)]} holding G<sub>i j̄</sub> = ∂<sub>i</sub>∂̄<sub>j</sub>K (Wirtinger
 * derivatives ∂ = (∂<sub>x</sub> − i∂<sub>y</sub>)/2), so the Fubini–Study entry is
 * (1/2π)(δ<sub>ij</sub>/|z|² − z̄<sub>i</sub>z<sub>j</sub>/|z|⁴).
 */
public interface AmbientKahlerPotential {

    /**
     * m = n + 1, the number of homogeneous coordinates.
     */
    int coordinateCount();

    /**
     * K(z<sub>p</sub>) for p &lt; count into {@code out[p]}.
     */
    void potential(double[] z, int count, double[] out);

    /**
     * G<sub>i j̄</sub> = ∂<sub>i</sub>∂̄<sub>j</sub>K at each point into {@code out} (2·count·m·m doubles).
     */
    void metric(double[] z, int count, double[] out);

    /**
     * The metric on X in the local coordinates of each point: g = P G P<sup>†</sup>
     * ({@link KahlerMetrics#pullback}), 2·N·d·d doubles.
     */
    default double[] metricOn(PointSet points) {
        requireCompatible(points);
        int m = coordinateCount();
        double[] ambient = new double[2 * points.size() * m * m];
        metric(points.coordinates(), points.size(), ambient);
        return KahlerMetrics.pullback(points, ambient);
    }

    /**
     * det g<sub>a b̄</sub> of {@link #metricOn} per point.
     */
    default double[] determinantsOn(PointSet points) {
        return KahlerMetrics.determinants(points.dimension(), metricOn(points), points.size());
    }

    /**
     * σ of this metric on X ({@link KahlerIntegrals#sigma}).
     */
    default Estimate sigma(PointSet points) {
        return KahlerIntegrals.sigma(points, determinantsOn(points));
    }

    /**
     * Vol<sub>ω</sub> = ∫<sub>X</sub> ω<sup>d</sup> of this metric ({@link KahlerIntegrals#volume}).
     */
    default Estimate volume(PointSet points) {
        return KahlerIntegrals.volume(points, determinantsOn(points));
    }

    /**
     * @throws IllegalArgumentException if the point set lives in a different CP<sup>n</sup>
     */
    default void requireCompatible(PointSet points) {
        if (points.coordinateCount() != coordinateCount()) {
            throw new IllegalArgumentException("the points have " + points.coordinateCount()
                    + " homogeneous coordinates but the potential is defined on C^" + coordinateCount());
        }
    }
}
