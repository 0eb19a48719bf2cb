package org.metricflow.geometry.algebraic;

/**
 * The outcome of {@link DonaldsonIteration#run}: the last iterate H (normalized to tr H = N), its potential
 * K = (1/(2πk)) log(s<sup>†</sup>Hs), and the iteration report. Immutable.
 *
 * <p>Per iteration n = 0, 1, …: {@link #residuals()}[n] = ‖H<sub>n</sub>T(H<sub>n</sub>) − I‖<sub>F</sub>/√N (zero
 * iff H<sub>n</sub> is balanced) and {@link #changes()}[n] = ‖H<sub>n+1</sub> − H<sub>n</sub>‖<sub>F</sub>/‖H<sub>n</sub>‖<sub>F</sub>
 * (one entry fewer than residuals when the run stopped on convergence).
 */
public final class BalancedMetric {
    private final AlgebraicPotential potential;
    private final int iterations;
    private final boolean converged;
    private final double[] residuals;
    private final double[] changes;
    private final double seconds;

    BalancedMetric(AlgebraicPotential potential, int iterations, boolean converged, double[] residuals,
            double[] changes, double seconds) {
        this.potential = potential;
        this.iterations = iterations;
        this.converged = converged;
        this.residuals = residuals;
        this.changes = changes;
        this.seconds = seconds;
    }

    /**
     * The potential K<sub>k</sub> of the final H (an {@link AmbientKahlerPotential}).
     */
    public AlgebraicPotential potential() {
        return potential;
    }

    /**
     * The final H, tr H = N.
     */
    public HermitianMatrix hermitianForm() {
        return potential.hermitianForm();
    }

    /**
     * Number of T-operator evaluations (= iterations performed).
     */
    public int iterations() {
        return iterations;
    }

    /**
     * True if the balance residual fell below the tolerance.
     */
    public boolean converged() {
        return converged;
    }

    /**
     * Copy of the balance residuals ‖H<sub>n</sub>T(H<sub>n</sub>) − I‖<sub>F</sub>/√N per iteration.
     */
    public double[] residuals() {
        return residuals.clone();
    }

    /**
     * The residual of the returned H.
     */
    public double finalResidual() {
        return residuals[residuals.length - 1];
    }

    /**
     * Copy of the relative changes ‖H<sub>n+1</sub> − H<sub>n</sub>‖<sub>F</sub>/‖H<sub>n</sub>‖<sub>F</sub>.
     */
    public double[] changes() {
        return changes.clone();
    }

    /**
     * Wall-clock seconds of the iteration.
     */
    public double seconds() {
        return seconds;
    }

    @Override
    public String toString() {
        return "BalancedMetric[k=" + potential.degree() + ", N=" + potential.sections().size() + ", iterations "
                + iterations + (converged ? ", converged" : ", NOT converged") + ", residual " + finalResidual() + "]";
    }
}
