package org.metricflow.geometry.algebraic;

import org.metricflow.geometry.complex.ProjectiveSpace;

/**
 * K<sub>FS</sub> = (1/2π) log Σ|z<sub>i</sub>|² on C<sup>n+1</sup> as an {@link AmbientKahlerPotential} (delegating
 * to {@link ProjectiveSpace}); equal to {@link AlgebraicPotential} with k = 1, the basis z<sub>0</sub>..z<sub>n</sub>
 * and H = I.
 */
public final class FubiniStudyPotential implements AmbientKahlerPotential {
    private final ProjectiveSpace space;

    private FubiniStudyPotential(ProjectiveSpace space) {
        this.space = space;
    }

    /**
     * The Fubini–Study potential of CP<sup>n</sup>.
     */
    public static FubiniStudyPotential of(int n) {
        return new FubiniStudyPotential(ProjectiveSpace.of(n));
    }

    @Override
    public int coordinateCount() {
        return space.dimension() + 1;
    }

    @Override
    public void potential(double[] z, int count, double[] out) {
        space.kahlerPotential(z, count, out);
    }

    @Override
    public void metric(double[] z, int count, double[] out) {
        space.metric(z, count, out);
    }

    @Override
    public String toString() {
        return "FubiniStudyPotential[CP^" + space.dimension() + "]";
    }
}
