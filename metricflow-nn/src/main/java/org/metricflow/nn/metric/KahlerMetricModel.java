package org.metricflow.nn.metric;

import java.util.List;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * A trainable Kähler (or Hermitian) metric on a projective variety: parameters θ and, for a batch of points, the
 * metric g<sub>a b̄</sub>(x; θ) in each point's local coordinates ({@link PointSet#localCoordinate}), differentiable
 * in θ. The extension point of metric ansätze; the φ-model ({@code org.metricflow.nn.phi.PhiModel}) is the default.
 */
public interface KahlerMetricModel {

    /**
     * The variety the metric lives on.
     */
    ProjectiveVariety variety();

    /**
     * The trainable parameters (live variable Tensors, updated in place by optimizers).
     */
    List<Tensor> parameters();

    /**
     * The metric at the points, differentiable in {@link #parameters()}.
     */
    HermitianMetric metric(PointSet points);

    /**
     * The ambient Kähler potential of the metric, for curvature, Chern classes and the Euler characteristic
     * ({@code KahlerGeometry}, {@code CurvatureIntegrals}).
     *
     * @throws UnsupportedOperationException for ansätze that are not given by a global potential
     */
    default KahlerPotential potential() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is not given by a Kähler potential;"
                + " its curvature is not available");
    }

    /**
     * Whether the metric is Kähler by construction (dω = 0), so that no Kähler loss is needed.
     */
    boolean isKahlerByConstruction();

    /**
     * Whether the metric stays in the Kähler class of Fubini–Study (so ∫ω^d = Vol_FS exactly).
     */
    boolean preservesKahlerClass();

    /**
     * The fast paths this model offers (the seam every caller goes through; see {@link AcceleratedKahlerModel}).
     *
     * @return the accelerated implementation, or empty (the default): every computation uses the general path
     */
    default java.util.Optional<AcceleratedKahlerModel> accelerated() {
        return java.util.Optional.empty();
    }

    /**
     * What a model file stores for this model, if it can be saved.
     *
     * @return the saved form with the current parameters, or empty (the default) when the model cannot be saved
     */
    default java.util.Optional<SavedForm> savedForm() {
        return java.util.Optional.empty();
    }

    /**
     * This model linearized at its current parameters θ<sub>0</sub>, g<sub>θ0</sub> + J<sub>θ0</sub>(θ − θ<sub>0</sub>);
     * a model that is already linear returns itself.
     *
     * @return the linearized model (a new one that shares this model's θ<sub>0</sub>, or this)
     */
    default LinearizedMetricModel linearized() {
        return new LinearizedMetricModel(this);
    }
}
