package org.metricflow.flow.perelman;

import org.metricflow.core.ode.OdeIntegrator;

/**
 * The local-kernel limit experiment: a random-Fourier-feature network ({@link PeriodicFourierNetwork}) trained by
 * continuous gradient flow on −F against the direct solution of Perelman's PDE ({@link TorusMetricFlow}), from
 * the same initial metric g<sub>0</sub> (a smooth random perturbation of the flat torus,
 * {@link GridMetric#perturbedFlat} with amplitude 0.15) and the measure m = √det g<sub>0</sub>.
 *
 * <p>Reported: {@code distanceToPde} = ‖g<sub>net</sub>(T) − g<sub>PDE</sub>(T)‖ / ‖g<sub>PDE</sub>(T) − g<sub>0</sub>‖ (grid L²
 * of the full matrices; the error as a fraction of how far the flow moved), the plain relative L² distance
 * ‖g<sub>net</sub>(T) − g<sub>PDE</sub>(T)‖/‖g<sub>PDE</sub>(T)‖, and F at 0 and T along both. As the width and the bandwidth
 * grow the network's kernel tends to the local one and {@code distanceToPde} should tend to the discretization
 * error (the autodiff gradient of F<sub>h</sub> vs the continuum formula).
 */
public final class PerelmanLimit {
    /** Amplitude of the initial perturbation of the flat torus. */
    public static final double AMPLITUDE = 0.15;

    private PerelmanLimit() {
    }

    /** One comparison's outcome. */
    public static final class Result {
        private final int width;
        private final double bandwidth;
        private final double distanceToPde;
        private final double relativeL2;
        private final double initialF;
        private final double pdeF;
        private final double networkF;

        Result(int width, double bandwidth, double distanceToPde, double relativeL2, double initialF, double pdeF,
                double networkF) {
            this.width = width;
            this.bandwidth = bandwidth;
            this.distanceToPde = distanceToPde;
            this.relativeL2 = relativeL2;
            this.initialF = initialF;
            this.pdeF = pdeF;
            this.networkF = networkF;
        }

        /**
         * The network width W.
         */
        public int width() {
            return width;
        }

        /**
         * The bandwidth B.
         */
        public double bandwidth() {
            return bandwidth;
        }

        /**
         * ‖g<sub>net</sub>(T) − g<sub>PDE</sub>(T)‖ / ‖g<sub>PDE</sub>(T) − g<sub>0</sub>‖.
         */
        public double distanceToPde() {
            return distanceToPde;
        }

        /**
         * ‖g<sub>net</sub>(T) − g<sub>PDE</sub>(T)‖ / ‖g<sub>PDE</sub>(T)‖.
         */
        public double relativeL2() {
            return relativeL2;
        }

        /**
         * F(g<sub>0</sub>).
         *
         * @return F(g<sub>0</sub>)
         */
        public double initialF() {
            return initialF;
        }

        /**
         * F(g<sub>PDE</sub>(T)).
         */
        public double pdeF() {
            return pdeF;
        }

        /**
         * F(g<sub>net</sub>(T)).
         */
        public double networkF() {
            return networkF;
        }
    }

    /**
     * The reference: Perelman's PDE from g<sub>0</sub> to T (Dormand–Prince 5(4), tolerances 1e-9).
     */
    public static GridMetric pdeSolution(GridMetric initial, PerelmanFunctional f, double time) {
        return TorusMetricFlow.solve(initial, f, TorusMetricFlow.Dynamics.PERELMAN, time, 1, integrator())
                .finalMetric();
    }

    static OdeIntegrator integrator() {
        return OdeIntegrator.dormandPrince54(1e-9, 1e-9).withMaxEvaluations(200_000);
    }

    /**
     * Runs the comparison on T<sup>dim</sup> with {@code gridN} points per axis up to {@code time}.
     *
     * @param seed seeds both the initial metric and the network's features
     * @param width the number W of random Fourier features of the network, ≥ 1 (the local-kernel limit is W → ∞)
     * @return the comparison of the network flow with the PDE flow
     */
    public static Result run(int dim, int gridN, double time, int width, double bandwidth, long seed) {
        TorusGrid grid = TorusGrid.of(dim, gridN);
        GridMetric g0 = GridMetric.perturbedFlat(grid, AMPLITUDE, seed);
        PerelmanFunctional f = PerelmanFunctional.withVolumeOf(g0);
        return compare(g0, f, pdeSolution(g0, f, time), time, width, bandwidth, seed);
    }

    /**
     * The network's flow against a given PDE solution at the same time (reuse one PDE solve for a table).
     *
     * @param width the number W of random Fourier features, ≥ 1
     * @param seed the seed of the features' frequencies and phases
     */
    public static Result compare(GridMetric g0, PerelmanFunctional f, GridMetric pde, double time, int width,
            double bandwidth, long seed) {
        PeriodicFourierNetwork net = PeriodicFourierNetwork.of(g0, f, width, bandwidth, seed ^ 0x5DEECE66DL);
        GridMetric g = net.metric(net.train(f, time, integrator()));
        double err = g.distance(pde);
        return new Result(width, bandwidth, err / pde.distance(g0), err / pde.norm(), f.value(g0), f.value(pde),
                f.value(g));
    }

    /**
     * The table of {@code distanceToPde} for every (width, bandwidth), one PDE solve shared by all: rows are
     * widths, columns bandwidths.
     *
     * @param seed the random seed
     */
    public static Result[][] table(int dim, int gridN, double time, int[] widths, double[] bandwidths, long seed) {
        TorusGrid grid = TorusGrid.of(dim, gridN);
        GridMetric g0 = GridMetric.perturbedFlat(grid, AMPLITUDE, seed);
        PerelmanFunctional f = PerelmanFunctional.withVolumeOf(g0);
        GridMetric pde = pdeSolution(g0, f, time);
        Result[][] out = new Result[widths.length][bandwidths.length];
        for (int i = 0; i < widths.length; i++) {
            for (int j = 0; j < bandwidths.length; j++) {
                out[i][j] = compare(g0, f, pde, time, widths[i], bandwidths[j], seed);
            }
        }
        return out;
    }
}
