package org.metricflow.nn.metric;

import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;

/**
 * The additive ansatz g = g<sub>FS</sub> + N<sub>θ</sub>: a network of the point's features f(z) outputs the m²
 * independent real components of an ambient Hermitian matrix H<sub>θ</sub>(z) (m = n + 1; real diagonal, real
 * and imaginary off-diagonal parts, see {@link AmbientForms#hermitianFromComponents}), which is projected
 * horizontally and pulled back to X with the point set's Jacobian:
 * <pre>
 *   g_{a b̄} = g^FS_{a b̄} + (P Π H_θ Π P†)_{a b̄} / |z|²,   P_{a j} = ∂z_j/∂x_a,   Π_{ij} = δ_ij − z̄_i z_j/|z|².
 * </pre>
 * The projection Π and the weight 1/|z|² make the correction one tensor on X, the same in every chart, for any
 * network output on features that are functions on CP<sup>n</sup> (see {@link AmbientForms#horizontalPullback}; use
 * {@link FeatureMap#HERMITIAN_INVARIANTS}). The metric is Hermitian by construction but neither Kähler (dω ≠ 0 in
 * general; train with a Kähler loss if that matters) nor in the Fubini–Study class, and positive definite only while
 * the correction is small. With {@code zeroInitialOutput} training starts exactly at Fubini–Study.
 */
public final class AdditiveModel extends AmbientNetworkModel {

    private AdditiveModel(ProjectiveVariety variety, Mlp network, FeatureMap features) {
        super(variety, network, features);
    }

    /**
     * An additive model.
     *
     * @param network an MLP with {@code features.featureCount(n + 1)} inputs and (n + 1)² outputs
     * @param zeroInitialOutput whether to set the last layer to zero (start from Fubini–Study)
     * @param features how homogeneous coordinates become network inputs (e.g. {@link FeatureMap#HERMITIAN_INVARIANTS});
     *     not null
     */
    public static AdditiveModel of(ProjectiveVariety variety, Mlp network, FeatureMap features,
            boolean zeroInitialOutput) {
        int m = variety == null ? 0 : variety.ambientDimension() + 1;
        validate("additive", variety, network, features, m * m, "the (n+1)² real components of a Hermitian matrix");
        if (zeroInitialOutput) {
            zeroOutputLayer(network);
        }
        return new AdditiveModel(variety, network, features);
    }

    /**
     * The network's ambient form H<sub>θ</sub> at the points, m×m per point, differentiable in θ (before the
     * horizontal projection: the metric's correction is the pullback of
     * {@link AmbientForms#horizontalProjection AmbientForms.horizontalProjection}(points, H<sub>θ</sub>)).
     */
    public HermitianMetric ambientCorrection(PointSet points) {
        return AmbientForms.hermitianFromComponents(networkOutput(points), points.coordinateCount());
    }

    @Override
    public HermitianMetric metric(PointSet points) {
        HermitianMetric correction = AmbientForms.horizontalPullback(points, ambientCorrection(points));
        return HermitianMetric.fubiniStudy(points).plus(correction);
    }
}
