package org.metricflow.geometry.riemann;

import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.riemann.internal.CurvatureKernel;

/**
 * Batched curvature of a metric at N points, as {@link Tensor}s (differentiable when computed by
 * {@link Curvature#tensors(Tensor)}). Index layouts are row-major per point:
 * <ul>
 * <li>{@link #metric()}, {@link #inverse()}, {@link #ricci()}, {@link #einstein()}: N×n², column i·n+j;</li>
 * <li>{@link #christoffel()}: Γ<sup>k</sup><sub>ij</sub> = ½ g<sup>kl</sup>(∂<sub>i</sub>g<sub>jl</sub> + ∂<sub>j</sub>g<sub>il</sub>
 * − ∂<sub>l</sub>g<sub>ij</sub>), N×n³, column (k·n+i)·n+j;</li>
 * <li>{@link #riemann()}: R<sup>i</sup><sub>jkl</sub> = ∂<sub>k</sub>Γ<sup>i</sup><sub>lj</sub> − ∂<sub>l</sub>Γ<sup>i</sup><sub>kj</sub>
 * + Γ<sup>i</sup><sub>km</sub>Γ<sup>m</sup><sub>lj</sub> − Γ<sup>i</sup><sub>lm</sub>Γ<sup>m</sup><sub>kj</sub>, and
 * {@link #riemannLower()} R<sub>ijkl</sub> = g<sub>im</sub>R<sup>m</sup><sub>jkl</sub>: N×n⁴, column ((i·n+j)·n+k)·n+l;</li>
 * <li>{@link #scalar()} R = g<sup>jl</sup>Ric<sub>jl</sub> with Ric<sub>jl</sub> = R<sup>i</sup><sub>jil</sub>, and
 * {@link #kretschmann()} R<sub>ijkl</sub>R<sup>ijkl</sup>: N×1.</li>
 * </ul>
 */
public final class CurvatureTensors {
    private final int n;
    private final Tensor metric;
    private final Tensor inverse;
    private final Tensor christoffelLower;
    private final Tensor christoffel;
    private final Tensor riemannLower;
    private final Tensor riemann;
    private final Tensor ricci;
    private final Tensor scalar;

    CurvatureTensors(int n, Tensor metric, Tensor dg, Tensor ddg) {
        CurvatureKernel kernel = CurvatureKernel.of(n);
        this.n = n;
        this.metric = metric;
        this.inverse = metric.inverse();
        this.christoffelLower = kernel.christoffelLower(dg);
        this.christoffel = kernel.christoffel(inverse, christoffelLower);
        if (ddg != null) {
            this.riemannLower = kernel.riemannLower(ddg, christoffelLower, christoffel);
            this.riemann = kernel.raiseFirst(inverse, riemannLower);
            this.ricci = kernel.ricci(riemann);
            this.scalar = kernel.contract(inverse, ricci);
        } else {
            this.riemannLower = null;
            this.riemann = null;
            this.ricci = null;
            this.scalar = null;
        }
    }

    /**
     * The dimension n.
     */
    public int dimension() {
        return n;
    }

    /**
     * The number of points N.
     */
    public int points() {
        return metric.rows();
    }

    /**
     * g<sub>ij</sub>, N×n².
     */
    public Tensor metric() {
        return metric;
    }

    /**
     * g<sup>ij</sup>, N×n².
     */
    public Tensor inverse() {
        return inverse;
    }

    /**
     * Γ<sub>l,ij</sub> (first kind), N×n³, column (l·n+i)·n+j.
     */
    public Tensor christoffelLower() {
        return christoffelLower;
    }

    /**
     * Γ<sup>k</sup><sub>ij</sub>, N×n³, column (k·n+i)·n+j.
     */
    public Tensor christoffel() {
        return christoffel;
    }

    /**
     * R<sup>i</sup><sub>jkl</sub>, N×n⁴.
     */
    public Tensor riemann() {
        return requireSecondOrder(riemann);
    }

    /**
     * R<sub>ijkl</sub>, N×n⁴.
     */
    public Tensor riemannLower() {
        return requireSecondOrder(riemannLower);
    }

    /**
     * Ric<sub>jl</sub>, N×n².
     */
    public Tensor ricci() {
        return requireSecondOrder(ricci);
    }

    /**
     * The scalar curvature R, N×1.
     */
    public Tensor scalar() {
        return requireSecondOrder(scalar);
    }

    /**
     * The Einstein tensor G<sub>ij</sub> = Ric<sub>ij</sub> − ½R g<sub>ij</sub>, N×n².
     */
    public Tensor einstein() {
        return ricci().minus(metric.times(scalar().times(0.5)));
    }

    /**
     * The Kretschmann scalar R<sub>ijkl</sub>R<sup>ijkl</sup>, N×1.
     */
    public Tensor kretschmann() {
        return CurvatureKernel.of(n).kretschmann(inverse, riemannLower());
    }

    private static Tensor requireSecondOrder(Tensor t) {
        if (t == null) {
            throw new IllegalStateException("curvature was computed to first order only (Christoffel symbols)");
        }
        return t;
    }
}
