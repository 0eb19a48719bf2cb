package org.metricflow.geometry.riemann;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.riemann.internal.Derivatives;
import org.metricflow.geometry.riemann.internal.Indexing;

/**
 * Curvature of a {@link MetricField}: Christoffel symbols, Riemann, Ricci, scalar, Einstein, sectional and
 * Kretschmann curvature, and covariant derivatives, at single points (plain arrays, {@link #at(double...)}) and
 * batched ({@link #tensors(Tensor)}, differentiable, for losses; {@link #values(DMatrixRMaj)}, values only).
 *
 * <p>Coordinate derivatives ∂<sub>k</sub>g<sub>ij</sub> and ∂<sub>k</sub>∂<sub>l</sub>g<sub>ij</sub> come from
 * reverse-mode automatic differentiation of {@link MetricField#components(Tensor)} (one backward pass per
 * independent component and derivative direction, batched over all points); the curvature formulas are in
 * {@link CurvatureTensors}. Conventions (docs/ARCHITECTURE.md §4):
 * R<sup>i</sup><sub>jkl</sub> = ∂<sub>k</sub>Γ<sup>i</sup><sub>lj</sub> − ∂<sub>l</sub>Γ<sup>i</sup><sub>kj</sub>
 * + Γ<sup>i</sup><sub>km</sub>Γ<sup>m</sup><sub>lj</sub> − Γ<sup>i</sup><sub>lm</sub>Γ<sup>m</sup><sub>kj</sub>,
 * Ric<sub>jl</sub> = R<sup>i</sup><sub>jil</sub>, R = g<sup>jl</sup>Ric<sub>jl</sub>; S<sup>n</sup> of radius r has
 * R = n(n−1)/r².
 *
 * <p>Every entry point checks that the metric is positive definite at each point and otherwise throws an
 * {@link IllegalArgumentException} naming the point and the smallest eigenvalue.
 */
public final class Curvature {
    private final MetricField metric;
    private final int n;
    private final int[] symmetricRep;
    private final int[] symmetricRep3;

    private Curvature(MetricField metric) {
        this.metric = metric;
        this.n = metric.dimension();
        this.symmetricRep = new int[n * n];
        this.symmetricRep3 = new int[n * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int rep = Math.min(i, j) * n + Math.max(i, j);
                symmetricRep[i * n + j] = rep;
                for (int k = 0; k < n; k++) {
                    symmetricRep3[(i * n + j) * n + k] = rep * n + k;
                }
            }
        }
    }

    /**
     * Curvature of the given metric.
     */
    public static Curvature of(MetricField metric) {
        Objects.requireNonNull(metric, "metric");
        return new Curvature(metric);
    }

    /**
     * The metric.
     */
    public MetricField metric() {
        return metric;
    }

    /**
     * The dimension n.
     */
    public int dimension() {
        return n;
    }

    /**
     * Everything at one point, as plain arrays.
     *
     * @param x the point's n coordinates
     */
    public PointCurvature at(double... x) {
        if (x == null || x.length != n) {
            throw new IllegalArgumentException("curvature: expected a point x with " + n + " coordinates, got "
                    + (x == null ? "null" : x.length));
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("curvature: coordinate x[" + i + "] of the point is not finite: "
                        + x[i]);
            }
        }
        CurvatureTensors t = values(new DMatrixRMaj(1, n, true, x));
        return new PointCurvature(n, x.clone(), row(t.metric()), row(t.inverse()), row(t.christoffel()),
                row(t.riemann()), row(t.riemannLower()), row(t.ricci()), t.scalar().get(0, 0),
                t.kretschmann().get(0, 0));
    }

    /**
     * Batched curvature as a differentiable graph: the results can be differentiated with respect to the
     * metric's parameters (for losses) and, when x is part of a graph, with respect to x (to any order).
     *
     * @param x N×n points
     */
    public CurvatureTensors tensors(Tensor x) {
        Indexing.requirePoints(x, n, "curvature");
        Tensor xv = Derivatives.differentiable(x);
        Tensor g = metric.components(xv);
        Indexing.requirePositiveDefinite(g.value(), n, xv.value());
        Tensor dg = Derivatives.columnGradients(g, xv, true, symmetricRep);
        Tensor ddg = Derivatives.columnGradients(dg, xv, true, symmetricRep3);
        return new CurvatureTensors(n, g, dg, ddg);
    }

    /**
     * Batched curvature values (no graph is kept; the results are constants).
     *
     * @param x N×n points
     */
    public CurvatureTensors values(DMatrixRMaj x) {
        if (x == null || x.numCols != n || x.numRows < 1) {
            throw new IllegalArgumentException("curvature: expected points as an N×" + n + " matrix, got "
                    + (x == null ? "null" : x.numRows + "×" + x.numCols));
        }
        Tensor xv = Tensor.variable(x.copy());
        Tensor g = metric.components(xv);
        Indexing.requirePositiveDefinite(g.value(), n, x);
        Tensor dg = Derivatives.columnGradients(g, xv, true, symmetricRep);
        Tensor ddg = Derivatives.columnGradients(dg, xv, false, symmetricRep3);
        return new CurvatureTensors(n, Tensor.constant(g.value()), Tensor.constant(dg.value()), ddg);
    }

    /**
     * The scalar curvature at N points (values only).
     */
    public double[] scalarCurvature(DMatrixRMaj x) {
        return values(x).scalar().value().data.clone();
    }

    /**
     * The Christoffel symbols only (first derivatives of g), differentiable: N×n³, column (k·n+i)·n+j.
     */
    public Tensor christoffel(Tensor x) {
        Indexing.requirePoints(x, n, "christoffel");
        Tensor xv = Derivatives.differentiable(x);
        Tensor g = metric.components(xv);
        Indexing.requirePositiveDefinite(g.value(), n, xv.value());
        Tensor dg = Derivatives.columnGradients(g, xv, true, symmetricRep);
        return new CurvatureTensors(n, g, dg, null).christoffel();
    }

    /**
     * The gradient vector (∇f)<sup>i</sup> = g<sup>ij</sup>∂<sub>j</sub>f of a scalar function f: N×n.
     */
    public Tensor gradient(Tensor x, UnaryOperator<Tensor> f) {
        Tensor xv = Derivatives.differentiable(x);
        Tensor df = Derivatives.rowJacobian(f, xv, true);
        Tensor ginv = metric.components(xv).inverse();
        return ginv.batchMatmul(df, n, n, 1);
    }

    /**
     * The covariant Hessian ∇<sub>i</sub>∇<sub>j</sub>f = ∂<sub>i</sub>∂<sub>j</sub>f − Γ<sup>k</sup><sub>ij</sub>∂<sub>k</sub>f
     * of a scalar function f (N×n → N×1): N×n², differentiable.
     */
    public Tensor hessian(Tensor x, UnaryOperator<Tensor> f) {
        Indexing.requirePoints(x, n, "hessian");
        Tensor xv = Derivatives.differentiable(x);
        Tensor df = Derivatives.rowJacobian(f, xv, true);
        Tensor ddf = Derivatives.columnGradients(df, xv, true, null);
        Tensor gamma = christoffel(xv);
        return ddf.minus(df.batchMatmul(gamma, 1, n, n * n));
    }

    /**
     * The Laplace–Beltrami operator Δf = g<sup>ij</sup>∇<sub>i</sub>∇<sub>j</sub>f: N×1, differentiable.
     */
    public Tensor laplacian(Tensor x, UnaryOperator<Tensor> f) {
        Tensor xv = Derivatives.differentiable(x);
        Tensor hess = hessian(xv, f);
        return metric.components(xv).inverse().times(hess).sumRows();
    }

    /**
     * The covariant derivative of a covector field ω (N×n → N×n):
     * ∇<sub>k</sub>ω<sub>i</sub> = ∂<sub>k</sub>ω<sub>i</sub> − Γ<sup>m</sup><sub>ki</sub>ω<sub>m</sub>, N×n², column i·n+k.
     */
    public Tensor covariantDerivativeOfCovector(Tensor x, UnaryOperator<Tensor> omega) {
        Indexing.requirePoints(x, n, "covariant derivative");
        Tensor xv = Derivatives.differentiable(x);
        Tensor w = omega.apply(xv);
        Tensor dw = Derivatives.columnGradients(w, xv, true, null); // column i·n+k = ∂_k ω_i
        Tensor gw = w.batchMatmul(christoffel(xv), 1, n, n * n); // column k·n+i = Γ^m_ki ω_m
        return dw.minus(gw.selectCols(Indexing.transpose(n, n)));
    }

    /**
     * The covariant derivative of a vector field V (N×n → N×n):
     * ∇<sub>k</sub>V<sup>i</sup> = ∂<sub>k</sub>V<sup>i</sup> + Γ<sup>i</sup><sub>km</sub>V<sup>m</sup>, N×n², column i·n+k.
     */
    public Tensor covariantDerivativeOfVector(Tensor x, UnaryOperator<Tensor> vector) {
        Indexing.requirePoints(x, n, "covariant derivative");
        Tensor xv = Derivatives.differentiable(x);
        Tensor v = vector.apply(xv);
        Tensor dv = Derivatives.columnGradients(v, xv, true, null);
        // Γ^i_km V^m: Γ as (n·n)×n per point (rows (i,k), columns m) times V (n×1).
        return dv.plus(christoffel(xv).batchMatmul(v, n * n, n, 1));
    }

    /**
     * The divergence of a symmetric 2-tensor field T (N×n → N×n²):
     * (div T)<sub>j</sub> = g<sup>ik</sup>∇<sub>k</sub>T<sub>ij</sub>
     * = g<sup>ik</sup>(∂<sub>k</sub>T<sub>ij</sub> − Γ<sup>m</sup><sub>ki</sub>T<sub>mj</sub> − Γ<sup>m</sup><sub>kj</sub>T<sub>im</sub>): N×n.
     */
    public Tensor divergence(Tensor x, UnaryOperator<Tensor> field) {
        Indexing.requirePoints(x, n, "divergence");
        Tensor xv = Derivatives.differentiable(x);
        Tensor t = field.apply(xv);
        if (t.rows() != xv.rows() || t.cols() != n * n) {
            throw new IllegalArgumentException("divergence: the tensor field returned " + t.rows() + "×" + t.cols()
                    + "; expected " + xv.rows() + "×" + (n * n));
        }
        Tensor ginv = metric.components(xv).inverse();
        Tensor gamma = christoffel(xv); // column (m·n+k)·n+i
        Tensor dt = Derivatives.columnGradients(t, xv, true, null); // column (i·n+j)·n+k
        int n2 = n * n;
        int[] byJ = new int[n * n2]; // [j; (i,k)] from (i·n+j)·n+k
        int[] gammaByJ = new int[n * n2]; // [j; (a,b)] holds Γ^b_aj, stored at (b·n+a)·n+j
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    byJ[j * n2 + i * n + k] = (i * n + j) * n + k;
                    gammaByJ[j * n2 + i * n + k] = (k * n + i) * n + j;
                }
            }
        }
        Tensor term1 = dt.selectCols(byJ).batchMatmul(ginv, n, n2, 1);
        Tensor contracted = gamma.batchMatmul(ginv, n, n2, 1); // γ^m = Γ^m_ki g^{ki}
        Tensor term2 = contracted.batchMatmul(t, 1, n, n); // γ^m T_mj
        Tensor s = ginv.batchMatmul(t, n, n, n); // S^k_m = g^{ki} T_im
        // term3_j = Σ_{a,b} Γ^b_aj S^a_b, and S^a_b sits at column a·n+b of s.
        Tensor term3 = gamma.selectCols(gammaByJ).batchMatmul(s, n, n2, 1);
        return term1.minus(term2).minus(term3);
    }

    private static double[] row(Tensor t) {
        return t.value().data.clone();
    }
}
