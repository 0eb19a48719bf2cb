package org.metricflow.flow.perelman;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.ode.OdeIntegrator;
import org.metricflow.core.ode.OdeResult;
import org.metricflow.core.ode.OdeSystem;

/**
 * Metric flows on a periodic grid of T<sup>n</sup>, integrated as a method of lines with the core ODE facade
 * (state: the independent components c at every grid point).
 *
 * <ul>
 *   <li>{@link Dynamics#PERELMAN}: the direct PDE ∂<sub>t</sub>g = −2(Ric + Hess f), f = log(√det g/m), m fixed.
 *   Caution: then ∂<sub>t</sub>f = −Δf − R is a <em>backward</em> heat equation, so the PDE is ill-posed forward
 *   in time (a gauge mode h ∝ ξ⊗ξ e<sup>iξ·x</sup> grows like e<sup>|ξ|²t</sup>): solve only for short times on
 *   coarse grids (growth ≤ e<sup>n(N/2)²t</sup> on the grid).</li>
 *   <li>{@link Dynamics#RICCI_DETURCK}: ∂<sub>t</sub>g<sub>ij</sub> = −2Ric<sub>ij</sub> + ∇<sub>i</sub>W<sub>j</sub> +
 *   ∇<sub>j</sub>W<sub>i</sub>, W<sup>k</sup> = g<sup>pq</sup>Γ<sup>k</sup><sub>pq</sub> (DeTurck vector field for the flat
 *   background): strictly parabolic (principal part g<sup>pq</sup>∂<sub>p</sub>∂<sub>q</sub>g<sub>ij</sub>); a
 *   perturbed flat torus flows to a flat metric.</li>
 *   <li>{@link Dynamics#LOCAL_KERNEL}: the NN-style metric flow ∂<sub>t</sub>g(x) = −η Σ<sub>y</sub> Θ(x,y) ∂L/∂g(y) of
 *   L = −F<sub>h</sub> (the discretized F, gradient by autodiff) with the local kernel
 *   Θ<sub>ij,kl</sub>(x,y) = (g<sub>ik</sub>g<sub>jl</sub> + g<sub>il</sub>g<sub>jk</sub>) δ<sub>xy</sub>/(ΔV m(x)) and η = 1: since
 *   ∂F<sub>h</sub>/∂g<sub>kl</sub> ≈ −(Ric + Hess f)<sup>kl</sup> m ΔV, this gives −2(Ric + Hess f): Perelman's flow.</li>
 *   <li>{@link Dynamics#FLAT_KERNEL}: the same with Θ<sub>ij,kl</sub> = δ<sub>ik</sub>δ<sub>jl</sub> δ<sub>xy</sub>/ΔV and
 *   η = 2 (equal to the local flow at g = δ, m = 1): ∂<sub>t</sub>g ≈ −2 m g<sup>−1</sup>(Ric + Hess f)g<sup>−1</sup>,
 *   still a gradient flow of F (F non-decreasing), but not Perelman's flow.</li>
 * </ul>
 * The symmetric gradient is Ĝ<sub>kl</sub> = ∂L/∂g<sub>kl</sub> with ∂L/∂c<sub>kl</sub> = (2 − δ<sub>kl</sub>)Ĝ<sub>kl</sub>
 * for the independent components; with it Σ<sub>kl</sub>Θ<sub>ij,kl</sub>Ĝ<sub>kl</sub> = 2(gĜg)<sub>ij</sub>/(ΔV m).
 */
public final class TorusMetricFlow {

    /** The dynamics. */
    public enum Dynamics {
        /** Direct PDE ∂<sub>t</sub>g = −2(Ric + Hess f) with m fixed (short times only, see the class doc). */
        PERELMAN,
        /** Ricci–DeTurck flow with the flat background. */
        RICCI_DETURCK,
        /** Local-kernel metric flow of −F (autodiff gradient): Perelman's flow. */
        LOCAL_KERNEL,
        /** Flat-kernel metric flow of −F (autodiff gradient). */
        FLAT_KERNEL
    }

    private TorusMetricFlow() {
    }

    /**
     * The right-hand side dc/dt of the given dynamics at the components c.
     *
     * @param functional F with its fixed measure (also used by the kernel flows' m)
     */
    public static double[] velocity(Dynamics dynamics, PerelmanFunctional functional, double[] components) {
        TorusGrid grid = functional.grid();
        int n = grid.dimension();
        int p = grid.pointCount();
        int c = GridCurvature.componentCount(n);
        int[] upper = GridCurvature.upperIndex(n);
        double[] out = new double[p * c];
        switch (dynamics) {
            case PERELMAN:
            case RICCI_DETURCK: {
                DMatrixRMaj full = Autodiff.noGrad(() -> {
                    GridCurvature gc = GridCurvature.of(grid, Tensor.constant(p, c, components));
                    Tensor rhs = dynamics == Dynamics.PERELMAN ? functional.ricciPlusHessian(gc).times(-2.0)
                            : deTurck(gc);
                    return rhs.value();
                });
                for (int q = 0; q < p; q++) {
                    for (int k = 0; k < c; k++) {
                        out[q * c + k] = full.get(q, upper[k]);
                    }
                }
                return out;
            }
            case LOCAL_KERNEL:
            case FLAT_KERNEL: {
                double[] dF = functional.gradient(components);
                double[] m = functional.measure();
                double cell = grid.cellVolume();
                double[] gHat = new double[n * n];
                double[] g = new double[n * n];
                double[] tmp = new double[n * n];
                for (int q = 0; q < p; q++) {
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            int k = GridCurvature.componentIndex(i, j, n);
                            // L = −F; Ĝ_ij = ∂L/∂c_ij / (2 − δ_ij)
                            gHat[i * n + j] = -dF[q * c + k] / (i == j ? 1.0 : 2.0);
                            g[i * n + j] = components[q * c + k];
                        }
                    }
                    if (dynamics == Dynamics.FLAT_KERNEL) {
                        for (int k = 0; k < c; k++) {
                            out[q * c + k] = -2.0 * gHat[upper[k]] / cell;
                        }
                    } else {
                        multiply(g, gHat, tmp, n);
                        multiply(tmp, g, gHat, n);
                        double scale = -2.0 / (cell * m[q]);
                        for (int k = 0; k < c; k++) {
                            out[q * c + k] = scale * gHat[upper[k]];
                        }
                    }
                }
                return out;
            }
            default:
                throw new IllegalArgumentException("unknown dynamics " + dynamics);
        }
    }

    private static void multiply(double[] a, double[] b, double[] out, int n) {
        Arrays.fill(out, 0.0);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++) {
                    out[i * n + j] += aik * b[k * n + j];
                }
            }
        }
    }

    /** −2Ric + ∇W + (∇W)ᵀ with W<sup>k</sup> = g<sup>pq</sup>Γ<sup>k</sup><sub>pq</sub> (n² columns). */
    static Tensor deTurck(GridCurvature gc) {
        TorusGrid grid = gc.grid();
        int n = grid.dimension();
        int n2 = n * n;
        Tensor w = gc.christoffel().batchMatmul(gc.inverseMetric(), n, n2, 1);
        Tensor wLower = gc.metric().batchMatmul(w, n, n, 1);
        Tensor[] d = new Tensor[n];
        for (int i = 0; i < n; i++) {
            d[i] = grid.derivative(wLower, i);
        }
        Tensor dW = Tensor.concatCols(d);
        Tensor nabla = gc.hessian(dW, wLower);
        return gc.ricci().times(-2.0).plus(nabla).plus(nabla.batchTranspose());
    }

    /**
     * Integrates the dynamics from g<sub>0</sub> to {@code time}, recording the metric, F and max |Rm| at
     * {@code samples} + 1 equally spaced times (including 0 and {@code time}).
     *
     * @return the dynamics from g<sub>0</sub> to {@code time}, recording the metric, F and max |Rm| at {@code samples} + 1 equally spaced times (including 0 and {@code time})
     */
    public static TorusFlowResult solve(GridMetric initial, PerelmanFunctional functional, Dynamics dynamics,
            double time, int samples, OdeIntegrator integrator) {
        if (!(time > 0) || Double.isInfinite(time)) {
            throw new IllegalArgumentException("TorusMetricFlow.solve: time must be finite and > 0, got " + time);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("TorusMetricFlow.solve: samples must be ≥ 1, got " + samples);
        }
        TorusGrid grid = functional.grid();
        if (initial.grid().dimension() != grid.dimension() || initial.grid().pointsPerAxis() != grid.pointsPerAxis()) {
            throw new IllegalArgumentException("TorusMetricFlow.solve: the metric lives on " + initial.grid()
                    + " but the functional on " + grid);
        }
        double[] y0 = initial.components();
        OdeSystem system = new OdeSystem() {
            @Override
            public int dimension() {
                return y0.length;
            }

            @Override
            public void derivatives(double t, double[] y, double[] yDot) {
                System.arraycopy(velocity(dynamics, functional, y), 0, yDot, 0, y.length);
            }
        };
        double[] times = new double[samples + 1];
        for (int s = 0; s <= samples; s++) {
            times[s] = time * s / samples;
        }
        OdeResult r = integrator.solve(system, 0.0, y0, time, Arrays.copyOfRange(times, 1, times.length));
        GridMetric[] metrics = new GridMetric[samples + 1];
        metrics[0] = initial;
        for (int s = 1; s <= samples; s++) {
            metrics[s] = GridMetric.of(grid, r.outputState(s - 1));
        }
        return TorusFlowResult.of(dynamics, times, metrics, functional, r.evaluations());
    }
}
