package org.metricflow.flow.perelman;

import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;

/**
 * The uniform periodic grid on the flat torus T<sup>n</sup> = R<sup>n</sup>/(2πZ)<sup>n</sup> with N points per
 * axis, x<sub>j</sub> = 2π j/N, and its Fourier spectral first derivative.
 *
 * <p>Grid points are the rows of every grid field, in row-major order (the last axis varies fastest): point
 * p = Σ<sub>a</sub> j<sub>a</sub> N<sup>n−1−a</sup> has coordinates (2π j<sub>0</sub>/N, …, 2π j<sub>n−1</sub>/N).
 * The quadrature weight of a cell is ΔV = (2π/N)<sup>n</sup>, so Σ<sub>p</sub> u(x<sub>p</sub>) ΔV is the
 * (spectrally accurate) trapezoidal rule for ∫ u dx.
 *
 * <p>The derivative along axis a is (I ⊗ D ⊗ I) applied to the grid values, with D the derivative of the
 * trigonometric interpolant (Trefethen, <i>Spectral Methods in MATLAB</i>, ch. 3): with h = 2π/N and i ≠ j,
 * D<sub>ij</sub> = ½(−1)<sup>i−j</sup> cot((i−j)h/2) for even N (the Nyquist mode is differentiated to 0) and
 * D<sub>ij</sub> = ½(−1)<sup>i−j</sup> csc((i−j)h/2) for odd N; D<sub>ii</sub> = 0. D is skew-symmetric and exact on
 * trigonometric polynomials of degree &lt; N/2. On Tensors it is {@link Tensor#alongGridAxis} (O(N<sup>n</sup>·N)
 * per field), so autodiff differentiates through it exactly (its adjoint is Dᵀ = −D).
 */
public final class TorusGrid {
    private final int dimension;
    private final int pointsPerAxis;
    private final int[] shape;
    private final DMatrixRMaj derivative;

    private TorusGrid(int dimension, int pointsPerAxis) {
        this.dimension = dimension;
        this.pointsPerAxis = pointsPerAxis;
        this.shape = new int[dimension];
        java.util.Arrays.fill(shape, pointsPerAxis);
        this.derivative = spectralDerivative(pointsPerAxis);
    }

    /**
     * The grid with N = {@code pointsPerAxis} points on each of the n = {@code dimension} axes of T<sup>n</sup>.
     *
     * @param dimension     n, 1 ≤ n ≤ 3
     * @param pointsPerAxis N, 4 ≤ N ≤ 64
     */
    public static TorusGrid of(int dimension, int pointsPerAxis) {
        if (dimension < 1 || dimension > 3) {
            throw new IllegalArgumentException("TorusGrid: dimension must be 1, 2 or 3, got " + dimension);
        }
        if (pointsPerAxis < 4 || pointsPerAxis > 64) {
            throw new IllegalArgumentException("TorusGrid: points per axis must be in 4..64, got " + pointsPerAxis
                    + " (use 8–16 for tests; N^n points are stored)");
        }
        return new TorusGrid(dimension, pointsPerAxis);
    }

    /** The N×N spectral differentiation matrix on [0, 2π) with N equispaced points. */
    static DMatrixRMaj spectralDerivative(int n) {
        DMatrixRMaj d = new DMatrixRMaj(n, n);
        double h = 2 * Math.PI / n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                int k = i - j;
                double sign = (Math.floorMod(k, 2) == 0) ? 1.0 : -1.0;
                double half = 0.5 * k * h;
                double v = (n % 2 == 0) ? Math.cos(half) / Math.sin(half) : 1.0 / Math.sin(half);
                d.set(i, j, 0.5 * sign * v);
            }
        }
        return d;
    }

    /**
     * The dimension n of the torus.
     */
    public int dimension() {
        return dimension;
    }

    /**
     * The number N of points per axis.
     */
    public int pointsPerAxis() {
        return pointsPerAxis;
    }

    /**
     * The number N<sup>n</sup> of grid points.
     */
    public int pointCount() {
        int p = 1;
        for (int i = 0; i < dimension; i++) {
            p *= pointsPerAxis;
        }
        return p;
    }

    /**
     * The quadrature weight ΔV = (2π/N)<sup>n</sup> of one grid cell (coordinate volume).
     */
    public double cellVolume() {
        return Math.pow(2 * Math.PI / pointsPerAxis, dimension);
    }

    /**
     * The grid's shape (N, …, N), a copy.
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The spectral differentiation matrix D (N×N), a copy.
     */
    public DMatrixRMaj derivativeMatrix() {
        return derivative.copy();
    }

    /**
     * The coordinates of the grid points: a (N<sup>n</sup>)×n matrix, row p = x<sub>p</sub>.
     */
    public DMatrixRMaj coordinates() {
        int p = pointCount();
        DMatrixRMaj x = new DMatrixRMaj(p, dimension);
        double h = 2 * Math.PI / pointsPerAxis;
        for (int r = 0; r < p; r++) {
            int rest = r;
            for (int a = dimension - 1; a >= 0; a--) {
                x.set(r, a, h * (rest % pointsPerAxis));
                rest /= pointsPerAxis;
            }
        }
        return x;
    }

    /**
     * ∂<sub>a</sub> of every column of a grid field (rows = grid points), as a differentiable Tensor op.
     *
     * @param field (N<sup>n</sup>)×c grid values
     * @param axis  the coordinate a, 0 ≤ a &lt; n
     */
    public Tensor derivative(Tensor field, int axis) {
        if (axis < 0 || axis >= dimension) {
            throw new IllegalArgumentException("derivative: axis " + axis + " outside 0.." + (dimension - 1));
        }
        return field.alongGridAxis(derivative, shape, axis);
    }

    /**
     * ∂<sub>a</sub> of a plain grid field with c columns (row-major (N<sup>n</sup>)×c values).
     */
    public double[] derivative(double[] field, int columns, int axis) {
        if (field.length != pointCount() * columns) {
            throw new IllegalArgumentException("derivative: field has " + field.length + " values, expected "
                    + pointCount() + "×" + columns);
        }
        DMatrixRMaj m = DMatrixRMaj.wrap(pointCount(), columns, field.clone());
        return derivative(Tensor.constant(m).detach(), axis).value().data.clone();
    }

    @Override
    public String toString() {
        return "TorusGrid[T^" + dimension + ", " + pointsPerAxis + " points per axis]";
    }
}
