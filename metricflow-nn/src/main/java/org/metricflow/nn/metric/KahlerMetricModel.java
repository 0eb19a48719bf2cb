package org.metricflow.nn.metric;

import java.util.List;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.phi.PhiModel;

/**
 * A trainable Kähler (or Hermitian) metric on a projective variety: parameters θ and, for a batch of points, the
 * metric g<sub>a b̄</sub>(x; θ) in each point's local coordinates ({@link PointSet#localCoordinate}), differentiable
 * in θ. The extension point of metric ansätze; {@link PhiModel} is the default.
 */
public interface KahlerMetricModel {

    /**
     * The variety the metric lives on.
     *
     * @return the variety the metric lives on
     */
    ProjectiveVariety variety();

    /**
     * The trainable parameters (live variable Tensors, updated in place by optimizers).
     *
     * @return the trainable parameters (live variable Tensors, updated in place by optimizers)
     */
    List<Tensor> parameters();

    /**
     * The metric at the points, differentiable in {@link #parameters()}.
     *
     * @param points the points
     * @return the metric at the points, differentiable in {@link #parameters()}
     */
    HermitianMetric metric(PointSet points);

    /**
     * The ambient Kähler potential of the metric, for curvature, Chern classes and the Euler characteristic
     * ({@code KahlerGeometry}, {@code CurvatureIntegrals}).
     *
     * @return the ambient Kähler potential of the metric, for curvature, Chern classes and the Euler characteristic
     *     ({@code KahlerGeometry}, {@code CurvatureIntegrals})
     * @throws UnsupportedOperationException for ansätze that are not given by a global potential
     */
    default KahlerPotential potential() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is not given by a Kähler potential;"
                + " its curvature is not available");
    }

    /**
     * Whether the metric is Kähler by construction (dω = 0), so that no Kähler loss is needed.
     *
     * @return whether the metric is Kähler by construction (dω = 0), so that no Kähler loss is needed
     */
    boolean isKahlerByConstruction();

    /**
     * Whether the metric stays in the Kähler class of Fubini–Study (so ∫ω^d = Vol_FS exactly).
     *
     * @return whether the metric stays in the Kähler class of Fubini–Study (so ∫ω^d = Vol_FS exactly)
     */
    boolean preservesKahlerClass();
}
