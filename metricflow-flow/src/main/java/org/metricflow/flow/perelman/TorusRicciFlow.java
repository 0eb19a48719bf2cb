package org.metricflow.flow.perelman;

import org.metricflow.core.ode.OdeIntegrator;

/**
 * One-call Ricci flow of a perturbed flat torus, for the {@code ricci-flow --manifold torus2|torus3} command.
 *
 * <p>The initial metric is {@link GridMetric#perturbedFlat}(grid, 0.15, seed) on T<sup>dim</sup> with
 * {@code gridN} points per axis; the flow is Ricci–DeTurck with the flat background (Ricci flow up to
 * diffeomorphisms, strictly parabolic), integrated by Dormand–Prince 5(4) with tolerances 1e-8. It converges
 * to a flat metric: max |Rm| decays like e<sup>−t</sup> (slowest Fourier mode). F is Perelman's functional with the
 * measure m = √det g<sub>0</sub> fixed and f = log(√det g/m); along Ricci–DeTurck (unlike along Perelman's flow,
 * {@link TorusMetricFlow.Dynamics#PERELMAN}) it is reported, not guaranteed to be monotone.
 */
public final class TorusRicciFlow {
    /** Default number of sample intervals. */
    public static final int SAMPLES = 10;

    private TorusRicciFlow() {
    }

    /**
     * Runs the flow to {@code time} and samples it at {@link #SAMPLES} + 1 equally spaced times.
     *
     * @param dim   2 or 3
     * @param gridN points per axis, e.g. 8–16
     * @param time  the final time &gt; 0 (t ≈ 5 makes the torus flat to about 1%)
     * @param seed  seeds the initial perturbation
     * @return times ({@link TorusFlowResult#times()}), F ({@link TorusFlowResult#functional()}) and max |Rm|
     *     ({@link TorusFlowResult#maxCurvature()})
     */
    public static TorusFlowResult run(int dim, int gridN, double time, long seed) {
        if (dim != 2 && dim != 3) {
            throw new IllegalArgumentException("TorusRicciFlow: dimension must be 2 or 3, got " + dim);
        }
        TorusGrid grid = TorusGrid.of(dim, gridN);
        GridMetric g0 = GridMetric.perturbedFlat(grid, PerelmanLimit.AMPLITUDE, seed);
        PerelmanFunctional f = PerelmanFunctional.withVolumeOf(g0);
        return TorusMetricFlow.solve(g0, f, TorusMetricFlow.Dynamics.RICCI_DETURCK, time, SAMPLES,
                OdeIntegrator.dormandPrince54(1e-8, 1e-8).withMaxEvaluations(1_000_000));
    }
}
