package org.metricflow.flow;

import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;

/**
 * The independent real components of Hermitian metrics in the metric-NTK order
 * ({@link org.metricflow.nn.ntk.MetricNtk#hermitianLabels}): g<sub>a ā</sub> for each a, then Re g<sub>a b̄</sub> and
 * Im g<sub>a b̄</sub> for a &lt; b (m = d² per point), and back. Both maps are linear Tensor ops (a product with a
 * constant 0/±1 matrix), so gradients pass through them.
 */
final class MetricComponents {
    private MetricComponents() {
    }

    /** The N×d² components of g (differentiable). */
    static Tensor components(HermitianMetric g) {
        int d = g.dimension();
        int[] idx = new int[d * d];
        int k = 0;
        for (int a = 0; a < d; a++) {
            idx[k++] = a * d + a;
        }
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) {
                idx[k++] = a * d + b;
                idx[k++] = d * d + a * d + b;
            }
        }
        return Tensor.concatCols(g.re(), g.im()).selectCols(idx);
    }

    /** The metric with these N×d² components: re = C·R, im = C·I with constant R, I (differentiable in C). */
    static HermitianMetric metric(Tensor components, int d) {
        int m = d * d;
        if (components.cols() != m) {
            throw new IllegalArgumentException("expected " + m + " components per point, got " + components.cols());
        }
        double[] r = new double[m * m];
        double[] i = new double[m * m];
        int k = 0;
        for (int a = 0; a < d; a++) {
            r[k * m + a * d + a] = 1;
            k++;
        }
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) {
                r[k * m + a * d + b] = 1;
                r[k * m + b * d + a] = 1;
                k++;
                i[k * m + a * d + b] = 1;
                i[k * m + b * d + a] = -1;
                k++;
            }
        }
        return new HermitianMetric(d, components.matmul(Tensor.constant(m, m, r)),
                components.matmul(Tensor.constant(m, m, i)));
    }
}
