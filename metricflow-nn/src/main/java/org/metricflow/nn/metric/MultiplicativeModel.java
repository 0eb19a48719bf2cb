package org.metricflow.nn.metric;

import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;

/**
 * The multiplicative ansatz g = g<sub>FS</sub> ⊙ (1 + N<sub>θ</sub>), taken entrywise in the ambient frame and then
 * projected horizontally: the network outputs one real number s<sub>ij</sub> = s<sub>ji</sub> per unordered pair
 * i ≤ j of homogeneous coordinates (m(m+1)/2 outputs, m = n + 1, in the order (0,0), (0,1), …, (0,m−1), (1,1), …,
 * (m−1,m−1)), both the real and the imaginary part of the ambient Fubini–Study entry G<sub>i j̄</sub>
 * ({@link AmbientForms#fubiniStudy}) are multiplied by 1 + s<sub>ij</sub>, and the result is projected with
 * Π<sub>ij</sub> = δ<sub>ij</sub> − z̄<sub>i</sub> z<sub>j</sub>/|z|² and pulled back to X:
 * <pre>
 *   H_{i j̄} = G_{i j̄} (1 + s_ij),   g_{a b̄} = (P Π H Π P†)_{a b̄},   P_{a j} = ∂z_j/∂x_a.
 * </pre>
 * Since s is real and symmetric and G Hermitian, H is Hermitian. Why the projection: an entrywise product in the
 * points' local frames would depend on the arbitrary choice of frame, so the product is taken in the fixed ambient
 * frame; there G ⊙ (1 + s) is homogeneous of degree (−1, −1) like G (s is a function on CP<sup>n</sup>), but it no
 * longer annihilates the Euler direction (Σ<sub>i</sub> z<sub>i</sub> G<sub>i j̄</sub> s<sub>ij</sub> ≠ 0), and its
 * plain pullback differs between charts. Π H Π does annihilate it and keeps the degree, so g is one tensor on X (see
 * {@link AmbientForms#horizontalPullback}; internally g = Q (|z|²H) Q† with Q = PΠ/|z|). Because G = ΠGΠ, s = 0
 * gives exactly the Fubini–Study metric (with {@code zeroInitialOutput}, training starts there), and
 * g = g<sub>FS</sub> + P Π (G ⊙ s) Π P†. Not Kähler by construction, not in the Fubini–Study class, positive definite
 * while s is small.
 */
public final class MultiplicativeModel extends AmbientNetworkModel {

    private MultiplicativeModel(ProjectiveVariety variety, Mlp network, FeatureMap features) {
        super(variety, network, features);
    }

    /**
     * A multiplicative model.
     *
     * @param network an MLP with {@code features.featureCount(n + 1)} inputs and (n+1)(n+2)/2 outputs
     * @param zeroInitialOutput whether to set the last layer to zero (start from Fubini–Study)
     * @param features how homogeneous coordinates become network inputs (e.g. {@link FeatureMap#HERMITIAN_INVARIANTS});
     *     not null
     */
    public static MultiplicativeModel of(ProjectiveVariety variety, Mlp network, FeatureMap features,
            boolean zeroInitialOutput) {
        int m = variety == null ? 0 : variety.ambientDimension() + 1;
        validate("multiplicative", variety, network, features, m * (m + 1) / 2,
                "one factor per unordered pair of homogeneous coordinates");
        if (zeroInitialOutput) {
            zeroOutputLayer(network);
        }
        return new MultiplicativeModel(variety, network, features);
    }

    /**
     * The factors 1 + s<sub>ij</sub> as a symmetric m×m matrix per point (N×m²), differentiable in θ.
     */
    public Tensor factors(PointSet points) {
        int m = points.coordinateCount();
        int[] idx = new int[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                int lo = Math.min(i, j);
                int hi = Math.max(i, j);
                idx[i * m + j] = lo * m - lo * (lo - 1) / 2 + (hi - lo); // position of (lo, hi) in the upper triangle
            }
        }
        return networkOutput(points).selectCols(idx).plus(1.0);
    }

    /**
     * The ambient form H = G ⊙ (1 + s) at the points, m×m per point, differentiable in θ (before the projection: the
     * metric is the pullback of Π H Π, i.e. of {@link AmbientForms#horizontalProjection
     * AmbientForms.horizontalProjection}(points, |z|² H)).
     */
    public HermitianMetric ambientForm(PointSet points) {
        HermitianMetric fs = AmbientForms.fubiniStudy(points);
        Tensor f = factors(points);
        return new HermitianMetric(fs.dimension(), fs.re().times(f), fs.im().times(f));
    }

    @Override
    public HermitianMetric metric(PointSet points) {
        // Π (G ⊙ (1+s)) Π = Π (|z|²G ⊙ (1+s)) Π / |z|², and |z|²G = Π/2π is of degree 0
        HermitianMetric h = ambientForm(points);
        Tensor norm2 = AmbientForms.normSquared(points);
        return AmbientForms.horizontalPullback(points, new HermitianMetric(h.dimension(), h.re().times(norm2),
                h.im().times(norm2)));
    }
}
