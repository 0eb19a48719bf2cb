package org.metricflow.flow.perelman;

import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;

/**
 * Perelman's F-functional on a periodic grid with the measure dm = m dx held fixed:
 * <blockquote>
 *   f = log(√det g / m),   F(g) = ∫ (R + |∇f|²) e<sup>−f</sup> dV = ∫ (R + |∇f|²) m dx ≈ Σ<sub>p</sub> (R + |∇f|²)(x<sub>p</sub>) m(x<sub>p</sub>) ΔV,
 * </blockquote>
 * with R and ∇f = ∂ℓ − ∂ log m (ℓ = log √det g) from spectral derivatives ({@link GridCurvature}).
 * {@link #value(Tensor)} is a differentiable Tensor, so {@link #gradient} is the exact gradient of the
 * discretized F. Its first variation in the continuum is δF = −∫ δg<sub>ij</sub> (Ric + Hess f)<sup>ij</sup> dm
 * (Perelman 2002, §1), so the L²(dm) gradient flow is ∂<sub>t</sub>g = −2(Ric + Hess f)
 * ({@link #ricciPlusHessian}), with dF/dt = 2∫|Ric + Hess f|² dm ({@link #entropyProduction}).
 *
 * <p>Using Γ<sup>k</sup><sub>ki</sub> = ∂<sub>i</sub>ℓ and ∂f = ∂ℓ − ∂ log m, the second derivatives of ℓ cancel:
 * Ric<sub>ij</sub> + ∇<sub>i</sub>∇<sub>j</sub>f = ∂<sub>k</sub>Γ<sup>k</sup><sub>ij</sub> + Γ<sup>k</sup><sub>kl</sub>Γ<sup>l</sup><sub>ij</sub>
 * − Γ<sup>k</sup><sub>jl</sub>Γ<sup>l</sup><sub>ik</sub> − ∂<sub>i</sub>∂<sub>j</sub> log m − Γ<sup>k</sup><sub>ij</sub>∂<sub>k</sub>f.
 */
public final class PerelmanFunctional {
    private final TorusGrid grid;
    private final double[] measure;
    private final Tensor weights;
    private final Tensor logMeasureGradient;
    private final Tensor logMeasureHessian;

    private PerelmanFunctional(TorusGrid grid, double[] measure) {
        this.grid = grid;
        this.measure = measure;
        int p = grid.pointCount();
        int n = grid.dimension();
        double[] w = new double[p];
        double[] logm = new double[p];
        for (int i = 0; i < p; i++) {
            w[i] = measure[i] * grid.cellVolume();
            logm[i] = Math.log(measure[i]);
        }
        this.weights = Tensor.constant(p, 1, w);
        Tensor lm = Tensor.constant(p, 1, logm);
        Tensor[] d = new Tensor[n];
        for (int a = 0; a < n; a++) {
            d[a] = grid.derivative(lm, a);
        }
        Tensor grad = Tensor.concatCols(d);
        Tensor[] dd = new Tensor[n];
        for (int a = 0; a < n; a++) {
            dd[a] = grid.derivative(grad, a);
        }
        this.logMeasureGradient = grad.detach();
        this.logMeasureHessian = Tensor.concatCols(dd).detach();
    }

    /**
     * F with the fixed measure density m (w.r.t. dx) given at the grid points.
     *
     * @param measure m(x<sub>p</sub>) &gt; 0 at each grid point (copied)
     */
    public static PerelmanFunctional of(TorusGrid grid, double[] measure) {
        if (measure.length != grid.pointCount()) {
            throw new IllegalArgumentException("PerelmanFunctional: " + measure.length + " measure values for "
                    + grid.pointCount() + " grid points");
        }
        for (int i = 0; i < measure.length; i++) {
            if (!(measure[i] > 0) || Double.isInfinite(measure[i])) {
                throw new IllegalArgumentException("PerelmanFunctional: the measure density must be finite and > 0,"
                        + " got " + measure[i] + " at grid point " + i);
            }
        }
        return new PerelmanFunctional(grid, measure.clone());
    }

    /**
     * F with m = √det g<sub>0</sub>, the volume form of the initial metric (so f = 0 at g<sub>0</sub>).
     */
    public static PerelmanFunctional withVolumeOf(GridMetric initial) {
        return of(initial.grid(), initial.volumeDensity());
    }

    /**
     * The grid.
     */
    public TorusGrid grid() {
        return grid;
    }

    /**
     * The fixed measure density m at the grid points (a copy).
     */
    public double[] measure() {
        return measure.clone();
    }

    /** ∇f = ∂ℓ − ∂ log m (n columns). */
    private Tensor potentialGradient(GridCurvature c) {
        return c.logVolumeGradient().minus(logMeasureGradient);
    }

    /**
     * The discretized F = Σ (R + |∇f|²) m ΔV as a differentiable 1×1 Tensor of the components.
     */
    public Tensor value(Tensor components) {
        GridCurvature c = GridCurvature.of(grid, components);
        Tensor df = potentialGradient(c);
        return c.scalar().plus(c.inner(df, df)).times(weights).sum();
    }

    /**
     * F(g).
     *
     * @return F(g)
     */
    public double value(GridMetric g) {
        return Autodiff.noGrad(() -> value(g.tensor()).item());
    }

    /**
     * ∂F/∂c of the discretized F with respect to the independent components (autodiff, exact).
     */
    public double[] gradient(double[] components) {
        Tensor c = Tensor.variable(grid.pointCount(), GridCurvature.componentCount(grid.dimension()), components);
        return Autodiff.grad(value(c), c)[0].data;
    }

    /**
     * Ric + Hess f as a Tensor (n² columns), from the direct formula in the class documentation.
     */
    public Tensor ricciPlusHessian(GridCurvature c) {
        int n = grid.dimension();
        Tensor df = potentialGradient(c);
        return c.ricciPlusLogVolumeHessian().minus(logMeasureHessian)
                .minus(df.batchMatmul(c.christoffel(), 1, n, n * n));
    }

    /**
     * Ric + Hess f at the grid points, (N<sup>n</sup>)×n² row-major.
     */
    public double[] ricciPlusHessian(GridMetric g) {
        return Autodiff.noGrad(() -> ricciPlusHessian(GridCurvature.of(grid, g.tensor())).value().data.clone());
    }

    /**
     * The quadrature of dF/dt along Perelman's flow: 2 Σ |Ric + Hess f|²<sub>g</sub> m ΔV.
     */
    public double entropyProduction(GridMetric g) {
        return Autodiff.noGrad(() -> {
            GridCurvature c = GridCurvature.of(grid, g.tensor());
            return c.normSquared(ricciPlusHessian(c)).times(weights).sum().item() * 2.0;
        });
    }

    /**
     * max over the grid of |Rm| = (R<sub>ijkl</sub>R<sup>ijkl</sup>)<sup>1/2</sup>, using |Rm|² = 4|Ric|² − R², exact in
     * dimensions 2 and 3 (the Weyl tensor vanishes); 0 in dimension 1.
     */
    public static double maxCurvature(GridMetric g) {
        return Autodiff.noGrad(() -> {
            GridCurvature c = GridCurvature.of(g.grid(), g.tensor());
            Tensor s = c.scalar();
            DMatrixRMaj rm2 = c.normSquared(c.ricci()).times(4.0).minus(s.square()).value();
            double max = 0;
            for (double v : rm2.data) {
                max = Math.max(max, Math.sqrt(Math.max(v, 0)));
            }
            return max;
        });
    }
}
