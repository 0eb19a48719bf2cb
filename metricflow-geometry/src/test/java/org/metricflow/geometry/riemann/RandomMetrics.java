package org.metricflow.geometry.riemann;

import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;

/**
 * Seeded random smooth metrics g = AᵀA + εI, A(x) an n×n matrix of random trigonometric polynomials
 * A(x) = I + Σ<sub>k</sub> C<sub>k</sub> sin(ω<sub>k</sub>·x + φ<sub>k</sub>), for property-based tests.
 */
final class RandomMetrics {
    private RandomMetrics() {
    }

    static MetricField metric(int n, Rng rng) {
        int terms = 3;
        double[] freq = new double[n * terms];
        double[] phase = new double[terms];
        double[] coef = new double[terms * n * n];
        for (int i = 0; i < freq.length; i++) {
            freq[i] = rng.gaussian(0, 0.8);
        }
        for (int i = 0; i < phase.length; i++) {
            phase[i] = rng.uniform(0, 2 * Math.PI);
        }
        for (int i = 0; i < coef.length; i++) {
            coef[i] = rng.gaussian(0, 0.3);
        }
        double[] eye = new double[n * n];
        for (int i = 0; i < n; i++) {
            eye[i * n + i] = 1;
        }
        Tensor w = Tensor.constant(n, terms, freq);
        Tensor ph = Tensor.constant(1, terms, phase);
        Tensor c = Tensor.constant(terms, n * n, coef);
        Tensor id = Tensor.constant(1, n * n, eye);
        return MetricField.of(n, x -> {
            Tensor a = x.matmul(w).plus(ph).sin().matmul(c).plus(id);
            return a.batchTranspose().batchMatmul(a).plus(id.times(0.1));
        });
    }

    /** A random point with coordinates uniform in [−1, 1]. */
    static double[] point(int n, Rng rng) {
        double[] x = new double[n];
        rng.fillUniform(x, -1, 1);
        return x;
    }
}
