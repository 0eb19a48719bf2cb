package org.metricflow.core.optim;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/** Test objectives with analytic gradients. */
final class TestFunctions {
    private TestFunctions() {
    }

    /**
     * The chained Rosenbrock function f(x) = Σ_{i&lt;n−1} 100(x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at
     * x = (1, …, 1); writes ∇f into {@code grad}.
     */
    static double rosenbrock(double[] x, double[] grad) {
        int n = x.length;
        java.util.Arrays.fill(grad, 0.0);
        double f = 0;
        for (int i = 0; i < n - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            grad[i] += -400 * x[i] * a - 2 * b;
            grad[i + 1] += 200 * a;
        }
        return f;
    }

    /** Rosenbrock of the single parameter matrix (any shape, read as a flat vector). */
    static Objective rosenbrockObjective(DMatrixRMaj x) {
        return grads -> rosenbrock(x.data, grads.get(0).data);
    }

    /**
     * The extended Rosenbrock function: independent 2-D Rosenbrock terms on the pairs (x_{2j}, x_{2j+1}).
     */
    static double extendedRosenbrock(double[] x, double[] grad) {
        double f = 0;
        for (int j = 0; j + 1 < x.length; j += 2) {
            double a = x[j + 1] - x[j] * x[j];
            double b = 1 - x[j];
            f += 100 * a * a + b * b;
            grad[j] = -400 * x[j] * a - 2 * b;
            grad[j + 1] = 200 * a;
        }
        return f;
    }

    static List<DMatrixRMaj> list(DMatrixRMaj... ms) {
        return List.of(ms);
    }

    static DMatrixRMaj column(double... values) {
        return new DMatrixRMaj(values.length, 1, true, values);
    }
}
