package org.metricflow.nn.metric;

import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.FeatureMap;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Mlp;

/**
 * The multiplicative ansatz g = g<sub>FS</sub> ⊙ (1 + N<sub>θ</sub>), taken entrywise in the ambient frame: the
 * network outputs one real number s<sub>ij</sub> = s<sub>ji</sub> per unordered pair i ≤ j of homogeneous
 * coordinates (m(m+1)/2 outputs, m = n + 1, in the order (0,0), (0,1), …, (0,m−1), (1,1), …, (m−1,m−1)), both the
 * real and the imaginary part of the ambient Fubini–Study entry G<sub>i j̄</sub> ({@link AmbientForms#fubiniStudy})
 * are multiplied by 1 + s<sub>ij</sub>, and the result is pulled back to X:
 * <pre>
 *   H_{i j̄} = G_{i j̄} (1 + s_ij),   g_{a b̄} = (P H P†)_{a b̄},   P_{a j} = ∂z_j/∂x_a.
 * </pre>
 * Since s is real and symmetric and G Hermitian, H is Hermitian. Working ambiently keeps the correction one
 * tensor on X (see {@link AmbientForms}); in the points' local frames an entrywise product would depend on the
 * arbitrary choice of frame. s = 0 gives exactly the Fubini–Study metric (with {@code zeroInitialOutput}, training
 * starts there). Not Kähler by construction, not in the Fubini–Study class, positive definite while s is small.
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
     * @param variety the variety
     * @param features the input features
     * @return a multiplicative model
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
     *
     * @param points the points
     * @return the factors 1 + s<sub>ij</sub> as a symmetric m×m matrix per point (N×m²), differentiable in θ
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

    @Override
    public HermitianMetric metric(PointSet points) {
        HermitianMetric fs = AmbientForms.fubiniStudy(points);
        Tensor f = factors(points);
        HermitianMetric ambient = new HermitianMetric(fs.dimension(), fs.re().times(f), fs.im().times(f));
        return AmbientForms.pullback(points, ambient);
    }
}
