package org.metricflow.flow.perelman;

import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.riemann.internal.CurvatureKernel;

/**
 * The curvature of a metric on a periodic grid ({@link TorusGrid}), as differentiable Tensors (one row per grid
 * point), with all coordinate derivatives spectral.
 *
 * <p>Input: the n(n+1)/2 independent components c = (g<sub>ij</sub>)<sub>i≤j</sub> per point, in row-major
 * upper-triangular order (g<sub>00</sub>, g<sub>01</sub>, …, g<sub>0,n−1</sub>, g<sub>11</sub>, …)
 * ({@link #componentIndex}). Conventions as in docs/ARCHITECTURE.md §4:
 * <blockquote>
 *   Γ<sup>i</sup><sub>jk</sub> = ½ g<sup>il</sup>(∂<sub>j</sub>g<sub>lk</sub> + ∂<sub>k</sub>g<sub>lj</sub> − ∂<sub>l</sub>g<sub>jk</sub>),<br>
 *   Ric<sub>ij</sub> = ∂<sub>k</sub>Γ<sup>k</sup><sub>ij</sub> − ∂<sub>i</sub>∂<sub>j</sub>ℓ + Γ<sup>k</sup><sub>kl</sub>Γ<sup>l</sup><sub>ij</sub> − Γ<sup>k</sup><sub>jl</sub>Γ<sup>l</sup><sub>ik</sub>,   ℓ = log √det g,<br>
 *   R = g<sup>ij</sup>Ric<sub>ij</sub>,
 * </blockquote>
 * (the contraction R<sup>k</sup><sub>ikj</sub> of R<sup>i</sup><sub>jkl</sub> = ∂<sub>k</sub>Γ<sup>i</sup><sub>lj</sub> − …, using
 * Γ<sup>k</sup><sub>ki</sub> = ∂<sub>i</sub>ℓ). The first derivatives ∂g and the derivatives of Γ and ℓ are spectral
 * ({@link TorusGrid#derivative(Tensor, int)}); products are point-wise. The Christoffel symbols come from the
 * library's formula for them (the one {@link org.metricflow.geometry.riemann.Curvature} uses), given the spectral ∂g.
 *
 * <p>Layouts: full matrices per point are n² columns (i·n + j); Γ is n³ columns (i·n² + j·n + k) for
 * Γ<sup>i</sup><sub>jk</sub>; vectors are n columns.
 */
public final class GridCurvature {
    private final TorusGrid grid;
    private final Tensor metric;
    private final Tensor inverse;
    private final Tensor logVolumeDensity;
    private final Tensor logVolumeGradient;
    private final Tensor logVolumeHessian;
    private final Tensor christoffel;
    private final Tensor divergenceOfChristoffel;
    private final Tensor christoffelTrace;
    private final Tensor quadraticTerm;

    private GridCurvature(TorusGrid grid, Tensor components) {
        int n = grid.dimension();
        int n2 = n * n;
        this.grid = grid;
        this.metric = components.selectCols(fullIndex(n));
        this.inverse = metric.inverse();
        this.logVolumeDensity = metric.logDet().times(0.5);
        Tensor[] dc = new Tensor[n];
        Tensor[] dl = new Tensor[n];
        for (int k = 0; k < n; k++) {
            dc[k] = grid.derivative(components, k);
            dl[k] = grid.derivative(logVolumeDensity, k);
        }
        this.logVolumeGradient = Tensor.concatCols(dl);
        Tensor[] ddl = new Tensor[n];
        for (int j = 0; j < n; j++) {
            ddl[j] = grid.derivative(logVolumeGradient, j);
        }
        this.logVolumeHessian = Tensor.concatCols(ddl);
        // ∂_k g_ij at column (i·n + j)·n + k, the layout of the library's Christoffel formula
        int count = componentCount(n);
        int[] dgIndex = new int[n * n2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    dgIndex[(i * n + j) * n + k] = k * count + componentIndex(i, j, n);
                }
            }
        }
        CurvatureKernel kernel = CurvatureKernel.of(n);
        Tensor dg = Tensor.concatCols(dc).selectCols(dgIndex);
        this.christoffel = kernel.christoffel(inverse, kernel.christoffelLower(dg));
        Tensor div = null;
        for (int k = 0; k < n; k++) {
            Tensor term = grid.derivative(christoffel.cols(k * n2, (k + 1) * n2), k);
            div = div == null ? term : div.plus(term);
        }
        this.divergenceOfChristoffel = div;
        DMatrixRMaj trace = new DMatrixRMaj(n * n2, n);
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < n; l++) {
                trace.set(k * n2 + k * n + l, l, 1.0);
            }
        }
        this.christoffelTrace = christoffel.matmul(Tensor.constant(trace));
        int[] x = new int[n * n2];
        int[] z = new int[n * n2];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                for (int l = 0; l < n; l++) {
                    x[j * n2 + k * n + l] = k * n2 + j * n + l;
                    z[(k * n + l) * n + j] = l * n2 + j * n + k;
                }
            }
        }
        Tensor gammaGamma = christoffel.selectCols(x).batchMatmul(christoffel.selectCols(z), n, n2, n);
        Tensor traceGamma = christoffelTrace.batchMatmul(christoffel, 1, n, n2);
        this.quadraticTerm = traceGamma.minus(gammaGamma);
    }

    /**
     * The curvature of the grid metric with independent components {@code components} ((N<sup>n</sup>)×n(n+1)/2,
     * upper-triangular order), differentiable in them.
     */
    public static GridCurvature of(TorusGrid grid, Tensor components) {
        int n = grid.dimension();
        if (components.rows() != grid.pointCount() || components.cols() != componentCount(n)) {
            throw new IllegalArgumentException("GridCurvature: components are " + components.rows() + "×"
                    + components.cols() + " but the grid " + grid + " needs " + grid.pointCount() + "×"
                    + componentCount(n) + " (points × n(n+1)/2)");
        }
        return new GridCurvature(grid, components);
    }

    /**
     * The number n(n+1)/2 of independent metric components.
     */
    public static int componentCount(int n) {
        return n * (n + 1) / 2;
    }

    /**
     * The column of g<sub>ij</sub> (either order) among the n(n+1)/2 upper-triangular components.
     */
    public static int componentIndex(int i, int j, int n) {
        int a = Math.min(i, j);
        int b = Math.max(i, j);
        return a * n - a * (a - 1) / 2 + (b - a);
    }

    /**
     * For each full column i·n + j, the component column of g<sub>ij</sub>.
     */
    public static int[] fullIndex(int n) {
        int[] idx = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                idx[i * n + j] = componentIndex(i, j, n);
            }
        }
        return idx;
    }

    /**
     * For each component column, the full column i·n + j (i ≤ j) it comes from.
     */
    public static int[] upperIndex(int n) {
        int[] idx = new int[componentCount(n)];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                idx[componentIndex(i, j, n)] = i * n + j;
            }
        }
        return idx;
    }

    /**
     * The grid.
     */
    public TorusGrid grid() {
        return grid;
    }

    /**
     * g<sub>ij</sub>, n² columns.
     */
    public Tensor metric() {
        return metric;
    }

    /**
     * g<sup>ij</sup>, n² columns.
     */
    public Tensor inverseMetric() {
        return inverse;
    }

    /**
     * ℓ = log √det g (one column): the log of the Riemannian volume density w.r.t. dx.
     */
    public Tensor logVolumeDensity() {
        return logVolumeDensity;
    }

    /**
     * ∂<sub>i</sub>ℓ (n columns), spectral.
     */
    public Tensor logVolumeGradient() {
        return logVolumeGradient;
    }

    /**
     * ∂<sub>i</sub>∂<sub>j</sub>ℓ (n² columns), spectral.
     */
    public Tensor logVolumeHessian() {
        return logVolumeHessian;
    }

    /**
     * Γ<sup>i</sup><sub>jk</sub> (n³ columns, i·n² + j·n + k).
     */
    public Tensor christoffel() {
        return christoffel;
    }

    /**
     * Ric<sub>ij</sub> + ∂<sub>i</sub>∂<sub>j</sub>ℓ = ∂<sub>k</sub>Γ<sup>k</sup><sub>ij</sub> + Γ<sup>k</sup><sub>kl</sub>Γ<sup>l</sup><sub>ij</sub> − Γ<sup>k</sup><sub>jl</sub>Γ<sup>l</sup><sub>ik</sub>
     * (n² columns): the part of the Ricci tensor without the second derivatives of ℓ, which cancel in
     * Ric + Hess f for f = ℓ − log m.
     */
    public Tensor ricciPlusLogVolumeHessian() {
        return divergenceOfChristoffel.plus(quadraticTerm);
    }

    /**
     * The Ricci tensor Ric<sub>ij</sub> (n² columns).
     */
    public Tensor ricci() {
        return ricciPlusLogVolumeHessian().minus(logVolumeHessian);
    }

    /**
     * The scalar curvature R = g<sup>ij</sup>Ric<sub>ij</sub> (one column).
     */
    public Tensor scalar() {
        return inverse.times(ricci()).sumRows();
    }

    /**
     * Γ<sup>k</sup><sub>ki</sub> (n columns), the discrete counterpart of ∂<sub>i</sub>ℓ.
     */
    public Tensor christoffelTrace() {
        return christoffelTrace;
    }

    /**
     * The Hessian ∇<sub>i</sub>∇<sub>j</sub>u = ∂<sub>i</sub>∂<sub>j</sub>u − Γ<sup>k</sup><sub>ij</sub>∂<sub>k</sub>u given the
     * spectral second derivatives (n² columns) and the gradient (n columns) of u.
     */
    public Tensor hessian(Tensor secondDerivatives, Tensor gradient) {
        int n = grid.dimension();
        return secondDerivatives.minus(gradient.batchMatmul(christoffel, 1, n, n * n));
    }

    /**
     * g<sup>ij</sup>a<sub>i</sub>b<sub>j</sub> for covectors a, b (n columns each): one column.
     */
    public Tensor inner(Tensor a, Tensor b) {
        int n = grid.dimension();
        return a.batchMatmul(inverse, 1, n, n).times(b).sumRows();
    }

    /**
     * |S|² = g<sup>ik</sup>g<sup>jl</sup>S<sub>ij</sub>S<sub>kl</sub> of a symmetric 2-tensor S (n² columns): one column.
     */
    public Tensor normSquared(Tensor symmetric) {
        Tensor raised = inverse.batchMatmul(symmetric).batchMatmul(inverse);
        return raised.times(symmetric).sumRows();
    }
}
