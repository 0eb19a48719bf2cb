package org.metricflow.geometry.riemann;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.stats.Estimate;

/**
 * Gauss–Bonnet, ∫ K dA = 2πχ(S²) = 4π, on the round sphere, on a conformally deformed sphere and on an
 * ellipsoid (a pullback of the Euclidean metric), in the angular chart θ ∈ (0, π), φ ∈ (0, 2π), which covers S²
 * up to a set of measure zero. K = R/2 in two dimensions.
 */
class GaussBonnetTest {
    private static final double[] LO = {0, 0};
    private static final double[] HI = {Math.PI, 2 * Math.PI};

    private static ChartIntegration.Integrand gaussCurvature(MetricField g) {
        Curvature c = Curvature.of(g);
        return x -> {
            double[] r = c.scalarCurvature(x);
            for (int i = 0; i < r.length; i++) {
                r[i] *= 0.5;
            }
            return r;
        };
    }

    /** u = 0.4 z + 0.3 x² with z = cos θ, x = sin θ cos φ: a smooth function on S². */
    private static MetricField deformedSphere() {
        return StandardMetrics.sphereAngular(2, 1.0).conformal(p -> {
            Tensor z = p.col(0).cos();
            Tensor x = p.col(0).sin().times(p.col(1).cos());
            return z.times(0.4).plus(x.square().times(0.3));
        });
    }

    private static MetricField ellipsoid(double a, double b, double c) {
        SmoothMap embedding = SmoothMap.of(2, 3, p -> {
            Tensor st = p.col(0).sin();
            return Tensor.concatCols(st.times(p.col(1).cos()).times(a), st.times(p.col(1).sin()).times(b),
                    p.col(0).cos().times(c));
        });
        return StandardMetrics.euclidean(3).pullback(embedding);
    }

    @Test
    void gaussLegendreGivesFourPiToHighAccuracy() {
        for (MetricField g : new MetricField[] {StandardMetrics.sphereAngular(2, 1.7), deformedSphere(),
            ellipsoid(1.0, 1.3, 0.7)}) {
            double total = ChartIntegration.of(g, LO, HI).integrateGaussLegendre(gaussCurvature(g), 48);
            // The integrand K√det g is smooth and periodic in φ, analytic in θ: 48 nodes give ~1e-10.
            assertTrue(Math.abs(total - 4 * Math.PI) < 1e-8, "∫K dA = " + total + ", expected 4π");
        }
    }

    @Test
    void monteCarloAgreesWithinItsError() {
        MetricField g = deformedSphere();
        Estimate e = ChartIntegration.of(g, LO, HI).integrate(gaussCurvature(g), 20_000, 11);
        System.out.println("Gauss–Bonnet on a deformed sphere, Monte Carlo at 20000 points: " + e
                + " (4π = " + 4 * Math.PI + ")");
        assertTrue(e.agreesWith(4 * Math.PI, 4), "∫K dA = " + e + " is more than 4σ from 4π");
        assertTrue(e.standardError() < 0.1, "standard error " + e.standardError() + " unexpectedly large");
    }

    @Test
    void sphereAreaIsFourPiRSquared() {
        MetricField g = StandardMetrics.sphereAngular(2, 2.0);
        double area = ChartIntegration.of(g, LO, HI).integrateGaussLegendre(x -> {
            double[] one = new double[x.numRows];
            java.util.Arrays.fill(one, 1);
            return one;
        }, 32);
        assertTrue(Math.abs(area - 16 * Math.PI) < 1e-9, "area " + area);
        DMatrixRMaj p = new DMatrixRMaj(1, 2, true, 1.0, 2.0);
        assertTrue(Math.abs(ChartIntegration.of(g, LO, HI).volumeDensity(p)[0] - 4 * Math.sin(1.0)) < 1e-14);
    }
}
