package org.metricflow.geometry.riemann.internal;

import java.util.function.UnaryOperator;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;

/**
 * Per-point coordinate derivatives of row-wise functions by reverse-mode automatic differentiation.
 *
 * <p>For a row-wise function y = f(x) (row p of y depends only on row p of x), the gradient of
 * Σ<sub>p</sub> y<sub>p,c</sub> with respect to x has row p equal to ∂y<sub>p,c</sub>/∂x<sub>p</sub>; one backward
 * pass per output column gives all per-point first derivatives.
 */
public final class Derivatives {
    private Derivatives() {
    }

    /**
     * The tensor to differentiate against: x itself when it is part of a graph, else a fresh variable
     * holding x's values.
     */
    public static Tensor differentiable(Tensor x) {
        return x.requiresGrad() ? x : Tensor.variable(x.value().copy());
    }

    /**
     * Per-point Jacobian of a row-wise function, N×(m·d) with column c·d + a = ∂y<sub>c</sub>/∂x<sub>a</sub>.
     *
     * @param graph whether the result must be differentiable again (create-graph)
     */
    public static Tensor rowJacobian(UnaryOperator<Tensor> f, Tensor x, boolean graph) {
        Tensor xv = differentiable(x);
        return columnGradients(f.apply(xv), xv, graph, null);
    }

    /**
     * Per-point gradients of the columns of y with respect to x: N×(m·d), column c·d + a. Only the columns
     * c with {@code representative[c] == c} are differentiated; the others copy their representative's
     * block (for symmetric tensors). {@code representative} may be null (all columns).
     */
    public static Tensor columnGradients(Tensor y, Tensor x, boolean graph, int[] representative) {
        int m = y.cols();
        Tensor[] blocks = new Tensor[m];
        for (int c = 0; c < m; c++) {
            int r = representative == null ? c : representative[c];
            if (r != c) {
                blocks[c] = blocks[r];
                if (blocks[c] == null) {
                    throw new IllegalStateException("representative column " + r + " must precede " + c);
                }
                continue;
            }
            Tensor out = y.col(c).sum();
            if (graph) {
                blocks[c] = Autodiff.gradGraph(out, x)[0];
            } else {
                blocks[c] = Tensor.constant(Autodiff.grad(out, x)[0]);
            }
        }
        return Tensor.concatCols(blocks);
    }
}
