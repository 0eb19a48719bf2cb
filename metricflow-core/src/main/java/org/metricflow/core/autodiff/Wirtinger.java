package org.metricflow.core.autodiff;

import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;

/**
 * Wirtinger derivatives of real functions of complex variables, from real derivatives.
 *
 * <p><b>Conventions.</b> For z_a = x_a + i·y_a (a = 0..n−1) and a real function f, real derivatives are
 * laid out with the coordinates in the order (x_0, …, x_{n−1}, y_0, …, y_{n−1}): a real gradient has 2n
 * entries and a real Hessian is 2n×2n (row-major, 4n² entries). Then
 * <pre>
 *   ∂_a f  = ∂f/∂z_a  = (f_{x_a} − i f_{y_a}) / 2,
 *   ∂̄_a f  = ∂f/∂z̄_a  = (f_{x_a} + i f_{y_a}) / 2 = conj(∂_a f)  (f real),
 *   ∂_a ∂̄_b f = (1/4) [ (f_{x_a x_b} + f_{y_a y_b}) + i (f_{x_a y_b} − f_{y_a x_b}) ],
 * </pre>
 * the last being the complex Hessian (for a Kähler potential K: g_{a b̄} = ∂_a∂̄_b K, a Hermitian
 * matrix). Examples: f = |z|² gives ∂_a∂̄_b f = δ_ab; f = log(1 + |z|²) gives the Fubini–Study metric on
 * Cⁿ, ∂_a∂̄_b f = δ_ab/(1+|z|²) − z̄_a z_b/(1+|z|²)².
 *
 * <p>Plain-array versions work on one point; {@link Tensor} versions work on a batch (one point per row)
 * and stay differentiable.
 */
public final class Wirtinger {
    private Wirtinger() {
    }

    // ------------------------------------------------------------------------------------------------
    // plain arrays, one point

    /**
     * ∂_a f = (f_{x_a} − i f_{y_a})/2 from the real gradient (f_{x_0..x_{n−1}}, f_{y_0..y_{n−1}}).
     *
     * @return {re, im}, each of length n
     */
    public static double[][] dz(double[] realGradient) {
        return firstOrder(realGradient, -1.0, "dz");
    }

    /**
     * ∂̄_a f = (f_{x_a} + i f_{y_a})/2 from the real gradient.
     *
     * @return {re, im}, each of length n
     */
    public static double[][] dzbar(double[] realGradient) {
        return firstOrder(realGradient, 1.0, "dzbar");
    }

    private static double[][] firstOrder(double[] g, double sign, String what) {
        if (g == null || g.length == 0 || g.length % 2 != 0) {
            throw new IllegalArgumentException(what + ": the real gradient must have 2n entries (x then y), got "
                    + (g == null ? "null" : g.length));
        }
        int n = g.length / 2;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int a = 0; a < n; a++) {
            re[a] = 0.5 * g[a];
            im[a] = sign * 0.5 * g[n + a];
        }
        return new double[][] {re, im};
    }

    /**
     * The complex Hessian ∂_a∂̄_b f = (1/4)[(f_{x_a x_b} + f_{y_a y_b}) + i(f_{x_a y_b} − f_{y_a x_b})] from a
     * real 2n×2n Hessian (row-major, coordinates x then y).
     *
     * @return {re, im}, each n×n row-major (entry (a, b) at a·n + b)
     */
    public static double[][] complexHessian(double[] realHessian) {
        int n = hessianSide(realHessian == null ? -1 : realHessian.length, "complexHessian");
        int m = 2 * n;
        double[] re = new double[n * n];
        double[] im = new double[n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                re[a * n + b] = 0.25 * (realHessian[a * m + b] + realHessian[(n + a) * m + n + b]);
                im[a * n + b] = 0.25 * (realHessian[a * m + n + b] - realHessian[(n + a) * m + b]);
            }
        }
        return new double[][] {re, im};
    }

    /**
     * Batched plain-value complex Hessians: N×(4n²) real Hessians (one per row) to {re, im}, each N×n².
     */
    public static DMatrixRMaj[] complexHessian(DMatrixRMaj realHessians) {
        if (realHessians == null) {
            throw new IllegalArgumentException("complexHessian: real Hessians are null");
        }
        int n = hessianSide(realHessians.numCols, "complexHessian");
        DMatrixRMaj re = new DMatrixRMaj(realHessians.numRows, n * n);
        DMatrixRMaj im = new DMatrixRMaj(realHessians.numRows, n * n);
        double[] row = new double[4 * n * n];
        for (int i = 0; i < realHessians.numRows; i++) {
            System.arraycopy(realHessians.data, i * row.length, row, 0, row.length);
            double[][] h = complexHessian(row);
            System.arraycopy(h[0], 0, re.data, i * n * n, n * n);
            System.arraycopy(h[1], 0, im.data, i * n * n, n * n);
        }
        return new DMatrixRMaj[] {re, im};
    }

    private static int hessianSide(int length, String what) {
        int m = (int) Math.round(Math.sqrt(Math.max(length, 0)));
        if (length <= 0 || m * m != length || m % 2 != 0) {
            throw new IllegalArgumentException(what + ": a real Hessian in 2n real coordinates has (2n)² entries,"
                    + " got " + length);
        }
        return m / 2;
    }

    // ------------------------------------------------------------------------------------------------
    // Tensors, batched and differentiable

    /**
     * ∂_a f per point from N×2n real gradients: re = f_x/2, im = −f_y/2 (each N×n).
     */
    public static ComplexTensor dz(Tensor realGradient) {
        int n = gradientSide(realGradient, "dz");
        Tensor fx = realGradient.cols(0, n);
        Tensor fy = realGradient.cols(n, 2 * n);
        return ComplexTensor.of(fx.times(0.5), fy.times(-0.5));
    }

    /**
     * ∂̄_a f per point from N×2n real gradients: re = f_x/2, im = +f_y/2 (each N×n).
     */
    public static ComplexTensor dzbar(Tensor realGradient) {
        int n = gradientSide(realGradient, "dzbar");
        Tensor fx = realGradient.cols(0, n);
        Tensor fy = realGradient.cols(n, 2 * n);
        return ComplexTensor.of(fx.times(0.5), fy.times(0.5));
    }

    private static int gradientSide(Tensor g, String what) {
        if (g == null || g.cols() % 2 != 0) {
            throw new IllegalArgumentException(what + ": real gradients must be N×2n (x then y columns), got "
                    + (g == null ? "null" : Tensor.shape(g)));
        }
        return g.cols() / 2;
    }

    /**
     * Batched complex Hessians ∂_a∂̄_b f from N×(4n²) real Hessians (each row 2n×2n row-major, x then y),
     * as N×n² real and imaginary parts (entry (a, b) in column a·n + b); differentiable.
     */
    public static ComplexTensor complexHessian(Tensor realHessians) {
        if (realHessians == null) {
            throw new IllegalArgumentException("complexHessian: real Hessians are null");
        }
        int n = hessianSide(realHessians.cols(), "complexHessian");
        int m = 2 * n;
        int[] xx = new int[n * n];
        int[] yy = new int[n * n];
        int[] xy = new int[n * n];
        int[] yx = new int[n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                xx[a * n + b] = a * m + b;
                yy[a * n + b] = (n + a) * m + n + b;
                xy[a * n + b] = a * m + n + b;
                yx[a * n + b] = (n + a) * m + b;
            }
        }
        Tensor re = realHessians.selectCols(xx).plus(realHessians.selectCols(yy)).times(0.25);
        Tensor im = realHessians.selectCols(xy).minus(realHessians.selectCols(yx)).times(0.25);
        return ComplexTensor.of(re, im);
    }

    /**
     * ∂_a∂̄_b f for a row-wise real scalar function f of N points given as N×2n real coordinates
     * (x_0..x_{n−1}, y_0..y_{n−1}); differentiable in the points and in whatever f captures (e.g. the
     * parameters of a Kähler potential), to any further order.
     *
     * @return ∂_a∂̄_b f at each point, differentiable to any further order
     */
    public static ComplexTensor complexHessian(Function<Tensor, Tensor> f, Tensor points) {
        return complexHessian(Autodiff.hessianGraph(f, points));
    }
}
