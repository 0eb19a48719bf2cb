package org.metricflow.geometry.riemann;

import static org.metricflow.core.testing.Seeds.assertClose;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/** Warped products, importance-sampled integration and the differentiability of batched curvature. */
class MetricConstructionsTest {

    /** dr² + sin²r g_{S^{n−1}} is the unit round S^n (R = n(n−1)); dr² + sinh²r g_{S^{n−1}} is H^n (R = −n(n−1)). */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void warpedProductsGiveSpaceForms(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 2 + rng.nextInt(3);
        MetricField fibre = n == 2 ? StandardMetrics.euclidean(1) : StandardMetrics.sphereAngular(n - 1, 1.0);
        MetricField sphere = MetricField.warpedProduct(StandardMetrics.euclidean(1), fibre, r -> r.sin());
        MetricField hyperbolic = MetricField.warpedProduct(StandardMetrics.euclidean(1), fibre,
                r -> r.exp().minus(r.neg().exp()).times(0.5));
        double[] x = new double[n];
        rng.fillUniform(x, 0.4, 2.6);
        assertClose(n * (n - 1), Curvature.of(sphere).at(x).scalar(), 1e-9, 1e-9, seed, "warped S^" + n);
        assertClose(-n * (n - 1), Curvature.of(hyperbolic).at(x).scalar(), 1e-9, 1e-9, seed, "warped H^" + n);
    }

    /**
     * The batched curvature is differentiable in the metric's parameters: for g = c·g_{S²(1)} with c a variable,
     * R = 2/c and dR/dc = −2/c², and the loss Σ_p R_p² has gradient −8N/c³.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void curvatureIsDifferentiableInMetricParameters(long seed) {
        Rng rng = Seeds.rng(seed);
        double c0 = rng.uniform(0.5, 3);
        Tensor c = Tensor.variable(1, 1, c0);
        MetricField sphere = StandardMetrics.sphereStereographic(2, 1.0);
        MetricField scaled = MetricField.of(2, x -> sphere.components(x).times(c));
        DMatrixRMaj x = new DMatrixRMaj(4, 2);
        for (int q = 0; q < x.data.length; q++) {
            x.data[q] = rng.uniform(-2, 2);
        }
        Tensor loss = Curvature.of(scaled).tensors(Tensor.constant(x)).scalar().square().sum();
        double grad = Autodiff.grad(loss, c)[0].get(0, 0);
        assertClose(-8 * 4 / (c0 * c0 * c0), grad, 1e-10, 0, seed, "d/dc Σ R²");
    }

    /** Importance sampling with a non-uniform density reproduces the area 4π of the unit sphere. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void importanceSampledIntegralMatchesArea(long seed) {
        Rng rng = Seeds.rng(seed);
        MetricField g = StandardMetrics.sphereAngular(2, 1.0);
        int m = 20_000;
        DMatrixRMaj x = new DMatrixRMaj(m, 2);
        double[] density = new double[m];
        for (int p = 0; p < m; p++) {
            // θ with density sin(θ)/2 on (0, π) (inverse CDF), φ uniform: p(θ, φ) = sin θ / (4π).
            double theta = Math.acos(1 - 2 * rng.nextDouble());
            x.set(p, 0, theta);
            x.set(p, 1, rng.uniform(0, 2 * Math.PI));
            density[p] = Math.sin(theta) / (4 * Math.PI);
        }
        var area = ChartIntegration.of(g, new double[] {0, 0}, new double[] {Math.PI, 2 * Math.PI})
                .integrate(pts -> {
                    double[] one = new double[pts.numRows];
                    java.util.Arrays.fill(one, 1);
                    return one;
                }, x, density);
        // √det g / p = 4π exactly for this density, so the estimate is exact up to rounding.
        assertClose(4 * Math.PI, area.value(), 1e-12, 0, seed, "importance-sampled area");
    }
}
