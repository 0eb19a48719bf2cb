package org.metricflow.flow.perelman;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Perelman's λ-functional of a metric on the periodic grid,
 * <pre>
 *   λ(g) = inf { F(g, f) : ∫ e^{−f} dV = 1 } = min_u ∫ (4|∇u|² + R u²) dV / ∫ u² dV,   u = e^{−f/2},
 * </pre>
 * the lowest eigenvalue of −4Δ<sub>g</sub> + R. Unlike F with a fixed measure, λ is invariant under diffeomorphisms
 * and non-decreasing along Ricci flow (and so along Ricci–DeTurck flow), constant exactly on Ricci-flat metrics;
 * on T² it is ≤ ∫R dV / Vol = 0 by Gauss–Bonnet.
 *
 * <p>Discretization: with the grid's spectral derivative matrices D<sub>i</sub> (real, antisymmetric), the quadratic
 * form is K = 4 Σ<sub>ij</sub> D<sub>i</sub>ᵀ diag(√g g<sup>ij</sup>) D<sub>j</sub> + diag(R √g) and the mass
 * M = diag(√g) (the cell volume cancels); λ is the smallest eigenvalue of M<sup>−1/2</sup> K M<sup>−1/2</sup>
 * (dense symmetric eigen-solver, O(P³) for P grid points, so grids of up to {@value #MAX_POINTS} points).
 */
public final class PerelmanLambda {
    /** The largest grid (points) for the dense eigen-solve. */
    public static final int MAX_POINTS = 4096;

    private final double lambda;
    private final double[] minimizer;

    private PerelmanLambda(double lambda, double[] minimizer) {
        this.lambda = lambda;
        this.minimizer = minimizer;
    }

    /**
     * λ of a grid metric and its minimizer.
     *
     * @throws IllegalArgumentException if the grid has more than {@value #MAX_POINTS} points
     */
    public static PerelmanLambda of(GridMetric g) {
        Objects.requireNonNull(g, "g");
        TorusGrid grid = g.grid();
        int p = grid.pointCount();
        if (p > MAX_POINTS) {
            throw new IllegalArgumentException("PerelmanLambda: the grid has " + p + " points; the dense eigen-solve"
                    + " is limited to " + MAX_POINTS + " (use fewer points per axis)");
        }
        double[] density = g.volumeDensity();
        DMatrixRMaj k = scaledForm(g, density);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(p, true, true);
        if (!eig.decompose(k)) {
            throw new IllegalStateException("PerelmanLambda: the eigen-decomposition did not converge");
        }
        int best = 0;
        for (int e = 1; e < p; e++) {
            if (eig.getEigenvalue(e).real < eig.getEigenvalue(best).real) {
                best = e;
            }
        }
        DMatrixRMaj v = eig.getEigenVector(best);
        double[] u = new double[p];
        double norm = 0;
        for (int x = 0; x < p; x++) {
            u[x] = v.data[x] / Math.sqrt(density[x]);
            norm += u[x] * u[x] * density[x];
        }
        norm *= grid.cellVolume();
        double sign = u[0] < 0 ? -1 : 1;
        for (int x = 0; x < p; x++) {
            u[x] *= sign / Math.sqrt(norm);
        }
        return new PerelmanLambda(eig.getEigenvalue(best).real, u);
    }

    /**
     * M<sup>−1/2</sup> K M<sup>−1/2</sup> (P×P, symmetrized against roundoff) for the volume density √g
     * ({@code density}).
     */
    private static DMatrixRMaj scaledForm(GridMetric g, double[] density) {
        TorusGrid grid = g.grid();
        int p = grid.pointCount();
        GridCurvature c = GridCurvature.of(grid, g.tensor());
        DMatrixRMaj k = dirichletForm(grid, c.inverseMetric().value().data, density);
        double[] scalar = c.scalar().value().data;
        for (int x = 0; x < p; x++) {
            k.data[x * p + x] += scalar[x] * density[x];
        }
        for (int y = 0; y < p; y++) {
            for (int z = 0; z < p; z++) {
                k.data[y * p + z] /= Math.sqrt(density[y] * density[z]);
            }
        }
        for (int y = 0; y < p; y++) {
            for (int z = y + 1; z < p; z++) {
                double s = 0.5 * (k.data[y * p + z] + k.data[z * p + y]);
                k.data[y * p + z] = s;
                k.data[z * p + y] = s;
            }
        }
        return k;
    }

    /** 4 Σ<sub>ij</sub> D<sub>i</sub>ᵀ diag(√g g<sup>ij</sup>) D<sub>j</sub> (P×P) from g<sup>ij</sup> (P×n²) and √g. */
    private static DMatrixRMaj dirichletForm(TorusGrid grid, double[] inverse, double[] density) {
        int p = grid.pointCount();
        int n = grid.dimension();
        double[][] d = new double[n][];
        double[] identity = new double[p * p];
        for (int r = 0; r < p; r++) {
            identity[r * p + r] = 1;
        }
        for (int a = 0; a < n; a++) {
            d[a] = grid.derivative(identity, p, a);     // row x: (D_a)_{x,·}
        }
        DMatrixRMaj k = new DMatrixRMaj(p, p);
        double[] row = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                // K += 4 D_iᵀ W_ij D_j with W_ij = diag(√g g^{ij}): K[y][z] += 4 Σ_x D_i[x][y] w_x D_j[x][z]
                for (int x = 0; x < p; x++) {
                    double w = 4 * density[x] * inverse[x * n * n + i * n + j];
                    for (int z = 0; z < p; z++) {
                        row[z] = w * d[j][x * p + z];
                    }
                    for (int y = 0; y < p; y++) {
                        double a = d[i][x * p + y];
                        if (a == 0) {
                            continue;
                        }
                        int off = y * p;
                        for (int z = 0; z < p; z++) {
                            k.data[off + z] += a * row[z];
                        }
                    }
                }
            }
        }
        return k;
    }

    /**
     * λ(g).
     *
     * @return λ(g)
     */
    public double value() {
        return lambda;
    }

    /**
     * The minimizer u = e<sup>−f/2</sup> at the grid points, normalized by Σ u² √g ΔV = 1 (a copy); the optimal
     * measure is e<sup>−f</sup>dV = u² √g dx.
     */
    public double[] minimizer() {
        return minimizer.clone();
    }
}
