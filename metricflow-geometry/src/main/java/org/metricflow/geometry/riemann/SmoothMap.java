package org.metricflow.geometry.riemann;

import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.riemann.internal.Derivatives;

/**
 * A smooth map φ: R<sup>m</sup> ⊃ V → R<sup>n</sup>, evaluated row-wise on batches of points, used to pull metrics
 * back ({@link MetricField#pullback(SmoothMap)}) and to change coordinates.
 */
public interface SmoothMap {

    /**
     * The source dimension m.
     */
    int sourceDimension();

    /**
     * The target dimension n.
     */
    int targetDimension();

    /**
     * φ at N points: N×m → N×n, built from {@link Tensor} operations (row p of the result depends on row p
     * of the input only).
     */
    Tensor apply(Tensor x);

    /**
     * The Jacobian ∂<sub>a</sub>φ<sup>i</sup> at N points as an N×(n·m) tensor, column i·m + a; differentiable
     * in x when x is. The default uses reverse-mode automatic differentiation (n backward passes).
     */
    default Tensor jacobian(Tensor x) {
        return Derivatives.rowJacobian(this::apply, x, true);
    }

    /**
     * A map from a lambda.
     */
    static SmoothMap of(int sourceDimension, int targetDimension, java.util.function.UnaryOperator<Tensor> f) {
        if (sourceDimension < 1 || targetDimension < 1) {
            throw new IllegalArgumentException("map dimensions must be at least 1, got " + sourceDimension
                    + " → " + targetDimension);
        }
        return new SmoothMap() {
            @Override
            public int sourceDimension() {
                return sourceDimension;
            }

            @Override
            public int targetDimension() {
                return targetDimension;
            }

            @Override
            public Tensor apply(Tensor x) {
                Tensor y = f.apply(x);
                if (y.rows() != x.rows() || y.cols() != targetDimension) {
                    throw new IllegalArgumentException("map returned " + y.rows() + "×" + y.cols() + " for "
                            + x.rows() + " points; expected " + x.rows() + "×" + targetDimension);
                }
                return y;
            }
        };
    }
}
