package org.metricflow.flow.perelman;

import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.geometry.riemann.MetricField;

/**
 * A Riemannian metric on T<sup>n</sup> sampled on a {@link TorusGrid}: the n(n+1)/2 independent components
 * g<sub>ij</sub>, i ≤ j, at each of the N<sup>n</sup> grid points (row-major (N<sup>n</sup>)×n(n+1)/2, component
 * order of {@link GridCurvature#componentIndex}). Immutable; every point's matrix is checked to be positive
 * definite.
 */
public final class GridMetric {
    private final TorusGrid grid;
    private final double[] components;

    private GridMetric(TorusGrid grid, double[] components) {
        this.grid = grid;
        this.components = components;
    }

    /**
     * The metric with the given components (copied), checked to be finite and positive definite everywhere.
     */
    public static GridMetric of(TorusGrid grid, double[] components) {
        int c = GridCurvature.componentCount(grid.dimension());
        if (components.length != grid.pointCount() * c) {
            throw new IllegalArgumentException("GridMetric: " + components.length + " components given, the grid "
                    + grid + " needs " + grid.pointCount() + " points × " + c + " components");
        }
        double[] copy = components.clone();
        int n = grid.dimension();
        for (int p = 0; p < grid.pointCount(); p++) {
            double[] m = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    m[i * n + j] = copy[p * c + GridCurvature.componentIndex(i, j, n)];
                }
            }
            if (!positiveDefinite(m, n)) {
                throw new IllegalArgumentException("GridMetric: the metric at grid point " + p + " is not finite and"
                        + " positive definite: " + java.util.Arrays.toString(m));
            }
        }
        return new GridMetric(grid, copy);
    }

    private static boolean positiveDefinite(double[] m, int n) {
        for (double v : m) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        // leading principal minors (Sylvester), n ≤ 3
        if (!(m[0] > 0)) {
            return false;
        }
        if (n >= 2 && !(m[0] * m[n + 1] - m[1] * m[n] > 0)) {
            return false;
        }
        if (n == 3) {
            double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
                    + m[2] * (m[3] * m[7] - m[4] * m[6]);
            return det > 0;
        }
        return true;
    }

    /**
     * The flat metric g<sub>ij</sub> = δ<sub>ij</sub>.
     */
    public static GridMetric flat(TorusGrid grid) {
        int n = grid.dimension();
        int c = GridCurvature.componentCount(n);
        double[] v = new double[grid.pointCount() * c];
        for (int p = 0; p < grid.pointCount(); p++) {
            for (int i = 0; i < n; i++) {
                v[p * c + GridCurvature.componentIndex(i, i, n)] = 1.0;
            }
        }
        return new GridMetric(grid, v);
    }

    /**
     * The analytic metric field sampled at the grid points (the field must be 2π-periodic in each coordinate).
     */
    public static GridMetric fromField(TorusGrid grid, MetricField field) {
        int n = grid.dimension();
        if (field.dimension() != n) {
            throw new IllegalArgumentException("GridMetric.fromField: the field is " + field.dimension()
                    + "-dimensional but the grid is on T^" + n);
        }
        DMatrixRMaj full = Autodiff.noGrad(() -> field.components(Tensor.constant(grid.coordinates())).value());
        int c = GridCurvature.componentCount(n);
        int[] upper = GridCurvature.upperIndex(n);
        double[] v = new double[grid.pointCount() * c];
        for (int p = 0; p < grid.pointCount(); p++) {
            for (int k = 0; k < c; k++) {
                v[p * c + k] = full.get(p, upper[k]);
            }
        }
        return of(grid, v);
    }

    /**
     * A smooth random perturbation of the flat metric: g<sub>ij</sub> = δ<sub>ij</sub> + ε Σ<sub>k</sub>
     * (a<sub>ijk</sub> cos k·x + b<sub>ijk</sub> sin k·x) over the integer frequencies 0 &lt; |k|<sub>∞</sub> ≤ 1,
     * with a, b ~ N(0, 1)/√(number of frequencies) from {@code Rng.of(seed)}. Positive definiteness is checked
     * (keep ε ≲ 0.2).
     *
     * @param seed the random seed
     */
    public static GridMetric perturbedFlat(TorusGrid grid, double amplitude, long seed) {
        int n = grid.dimension();
        int c = GridCurvature.componentCount(n);
        Rng rng = Rng.of(seed);
        java.util.List<int[]> freqs = new java.util.ArrayList<>();
        int side = 3;
        int total = (int) Math.pow(side, n);
        for (int r = 0; r < total; r++) {
            int[] k = new int[n];
            int rest = r;
            boolean nonzero = false;
            for (int a = 0; a < n; a++) {
                k[a] = rest % side - 1;
                rest /= side;
                nonzero |= k[a] != 0;
            }
            if (nonzero) {
                freqs.add(k);
            }
        }
        double scale = amplitude / Math.sqrt(freqs.size());
        double[][] a = new double[c][freqs.size()];
        double[][] b = new double[c][freqs.size()];
        for (int q = 0; q < c; q++) {
            for (int f = 0; f < freqs.size(); f++) {
                a[q][f] = scale * rng.nextGaussian();
                b[q][f] = scale * rng.nextGaussian();
            }
        }
        double[] v = flat(grid).components;
        DMatrixRMaj x = grid.coordinates();
        for (int p = 0; p < grid.pointCount(); p++) {
            for (int f = 0; f < freqs.size(); f++) {
                double phase = 0;
                for (int d = 0; d < n; d++) {
                    phase += freqs.get(f)[d] * x.get(p, d);
                }
                double cs = Math.cos(phase);
                double sn = Math.sin(phase);
                for (int q = 0; q < c; q++) {
                    v[p * c + q] += a[q][f] * cs + b[q][f] * sn;
                }
            }
        }
        return of(grid, v);
    }

    /**
     * The grid.
     */
    public TorusGrid grid() {
        return grid;
    }

    /**
     * The components (a copy), (N<sup>n</sup>)×n(n+1)/2 row-major.
     */
    public double[] components() {
        return components.clone();
    }

    /**
     * The components as a constant Tensor (N<sup>n</sup>)×n(n+1)/2.
     */
    public Tensor tensor() {
        return Tensor.constant(grid.pointCount(), GridCurvature.componentCount(grid.dimension()), components);
    }

    /**
     * The Riemannian volume density √det g at each grid point (w.r.t. the coordinate measure dx).
     */
    public double[] volumeDensity() {
        DMatrixRMaj ld = Autodiff.noGrad(() -> GridCurvature.of(grid, tensor()).logVolumeDensity().value());
        double[] out = new double[grid.pointCount()];
        for (int p = 0; p < out.length; p++) {
            out[p] = Math.exp(ld.data[p]);
        }
        return out;
    }

    /**
     * The Riemannian volume Σ √det g ΔV.
     */
    public double volume() {
        double s = 0;
        for (double v : volumeDensity()) {
            s += v;
        }
        return s * grid.cellVolume();
    }

    /**
     * The relative grid-L2 distance ‖g − h‖/‖h‖ of the full matrices (off-diagonal components counted twice).
     */
    public double relativeDistance(GridMetric reference) {
        return distance(reference) / reference.norm();
    }

    /**
     * The grid-L2 (Frobenius) distance (Σ<sub>p</sub> Σ<sub>ij</sub> (g − h)<sub>ij</sub>²)<sup>1/2</sup>.
     */
    public double distance(GridMetric other) {
        if (other.grid.dimension() != grid.dimension() || other.grid.pointsPerAxis() != grid.pointsPerAxis()) {
            throw new IllegalArgumentException("GridMetric.distance: grids differ (" + grid + ", " + other.grid + ")");
        }
        return frobenius(components, other.components);
    }

    /**
     * The grid-L2 (Frobenius) norm of the full matrices.
     */
    public double norm() {
        return frobenius(components, null);
    }

    private double frobenius(double[] a, double[] b) {
        int n = grid.dimension();
        int c = GridCurvature.componentCount(n);
        double s = 0;
        for (int idx = 0; idx < a.length; idx++) {
            int q = idx % c;
            double d = b == null ? a[idx] : a[idx] - b[idx];
            s += (isDiagonal(q, n) ? 1.0 : 2.0) * d * d;
        }
        return Math.sqrt(s);
    }

    static boolean isDiagonal(int component, int n) {
        for (int i = 0; i < n; i++) {
            if (GridCurvature.componentIndex(i, i, n) == component) {
                return true;
            }
        }
        return false;
    }
}
