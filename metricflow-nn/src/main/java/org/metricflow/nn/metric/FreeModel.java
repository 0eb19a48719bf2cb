package org.metricflow.nn.metric;

import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;

/**
 * The free (Cholesky) ansatz: a network of the point's features outputs a complex lower-triangular ambient factor
 * L<sub>θ</sub>(z) (m×m, m = n + 1; real diagonal softplus(·) &gt; 0, complex strict lower triangle; see
 * {@link AmbientForms#choleskyProduct}) and
 * <pre>
 *   H = (1/2π) (L L† + ε I),   g_{a b̄} = (Q H Q†)_{a b̄},   Q = P Π/|z|,   P_{a j} = ∂z_j/∂x_a,
 *   Π_{ij} = δ_ij − z̄_i z_j/|z|²,
 * </pre>
 * the horizontal pullback of H ({@link AmbientForms#horizontalPullback}), one tensor on X in every chart when the
 * features are functions on CP<sup>n</sup> (such as {@link FeatureMap#HERMITIAN_INVARIANTS}).
 *
 * <p>Positive definite by construction, for any θ: for a row vector v ≠ 0, v g v† = (|(vQ) L|² + ε|vQ|²)/2π ≥
 * ε|vQ|²/2π &gt; 0, because vQ = 0 would make the chart's tangent vector vP a multiple of z, i.e. zero in
 * CP<sup>n</sup>, which a chart (an immersion) excludes: Q has rank d. (Equivalently g = (QL)(QL)<sup>†</sup>/2π +
 * ε QQ<sup>†</sup>/2π: the factor L is first mapped by Π.) With L = I and ε = 0, g is exactly Fubini–Study. The factor
 * 1/2π is that of K<sub>FS</sub> = (1/2π) log|z|² in this library's normalization: it puts an O(1) factor L on the
 * scale of Fubini–Study (without it det g/det g<sub>FS</sub> starts near 10<sup>3</sup> on the quintic and the first
 * epochs only shrink the overall scale). No reference metric is involved: the metric is entirely learned, so
 * neither Kähler nor in the Fubini–Study class.
 */
public final class FreeModel extends AmbientNetworkModel {
    /** The default ε of {@link #of(ProjectiveVariety, Mlp, FeatureMap)}. */
    public static final double DEFAULT_EPSILON = 1e-6;

    /** The overall factor 1/2π of the ambient form. */
    public static final double SCALE = 1.0 / (2.0 * Math.PI);

    private final double epsilon;

    private FreeModel(ProjectiveVariety variety, Mlp network, FeatureMap features, double epsilon) {
        super(variety, network, features);
        this.epsilon = epsilon;
    }

    /**
     * A free model with ε = {@link #DEFAULT_EPSILON}.
     *
     * @param features how homogeneous coordinates become network inputs (e.g. {@link FeatureMap#HERMITIAN_INVARIANTS});
     *     not null
     */
    public static FreeModel of(ProjectiveVariety variety, Mlp network, FeatureMap features) {
        return of(variety, network, features, DEFAULT_EPSILON);
    }

    /**
     * A free model.
     *
     * @param network an MLP with {@code features.featureCount(n + 1)} inputs and (n+1)² outputs
     * @param epsilon ε &gt; 0, the floor ε I added to the ambient L L†
     * @param features how homogeneous coordinates become network inputs (e.g. {@link FeatureMap#HERMITIAN_INVARIANTS});
     *     not null
     */
    public static FreeModel of(ProjectiveVariety variety, Mlp network, FeatureMap features, double epsilon) {
        int m = variety == null ? 0 : variety.ambientDimension() + 1;
        validate("free", variety, network, features, m * m, "the (n+1)² real entries of a complex Cholesky factor");
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("the free model's ε must be positive and finite (e.g. "
                    + DEFAULT_EPSILON + "), got " + epsilon);
        }
        return new FreeModel(variety, network, features, epsilon);
    }

    /**
     * ε.
     *
     * @return ε
     */
    public double epsilon() {
        return epsilon;
    }

    /**
     * The ambient form H = (1/2π)(L L† + ε I) at the points, differentiable in θ (before the horizontal projection:
     * the metric is the pullback of {@link AmbientForms#horizontalProjection AmbientForms.horizontalProjection}(points,
     * H)).
     */
    public HermitianMetric ambientMetric(PointSet points) {
        HermitianMetric h = AmbientForms.choleskyProduct(networkOutput(points), points.coordinateCount(), epsilon);
        return new HermitianMetric(h.dimension(), h.re().times(SCALE), h.im().times(SCALE));
    }

    @Override
    public HermitianMetric metric(PointSet points) {
        return AmbientForms.horizontalPullback(points, ambientMetric(points));
    }
}
