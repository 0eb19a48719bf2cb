package org.metricflow.flow.ricci;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.metricflow.flow.ricci.internal.ConformalGrid;

/**
 * A rotationally symmetric metric g = dr² + ψ(r)² g<sub>S<sup>n−1</sup></sub> on S<sup>n</sup> (n = 2, 3), stored
 * in conformal form g = e<sup>2u(x)</sup>(dx² + sin²x g<sub>S<sup>n−1</sup></sub>), x ∈ [0, π] the polar angle of the
 * round sphere: ψ = e<sup>u</sup> sin x, dr = e<sup>u</sup> dx. Every such metric has this form, and the smoothness
 * conditions at the poles (ψ(0) = 0, dψ/dr = 1 there) become "u is smooth and even about x = 0 and x = π".
 *
 * <p>u is sampled at the centres of {@code cells} cells of a stretched coordinate (see the package description;
 * the round and squashed factories use a uniform grid in x, the dumbbell the stretch {@link #DUMBBELL_STRETCH}).
 * Values: the sectional curvatures K<sub>rad</sub> = −ψ''/ψ (planes containing ∂<sub>r</sub>) and
 * K<sub>tan</sub> = (1 − ψ'²)/ψ² (planes tangent to the orbit spheres, n ≥ 3 only), the scalar curvature
 * R = 2(n−1)K<sub>rad</sub> + (n−1)(n−2)K<sub>tan</sub>, the volume, the volume radius
 * (Vol/|S<sup>n</sup>|)<sup>1/n</sup> and Perelman's λ. Immutable.
 */
public final class RotationalMetric {
    /** Default cell count. */
    public static final int DEFAULT_CELLS = 400;
    /** Stretch α of the grid map x = ξ − (α/2) sin 2ξ used for dumbbells, whose caps sit near the poles in x. */
    public static final double DUMBBELL_STRETCH = 0.9;

    private final int dimension;
    private final int cells;
    private final double stretch;
    private final double[] u;

    private RotationalMetric(int dimension, int cells, double stretch, double[] u) {
        this.dimension = dimension;
        this.cells = cells;
        this.stretch = stretch;
        this.u = u;
    }

    /**
     * The metric e<sup>2u(x)</sup>(dx² + sin²x g<sub>S<sup>n−1</sup></sub>) for a given log conformal factor u(x),
     * which must be smooth and even about both poles for the metric to be smooth.
     *
     * @param dimension n ∈ {2, 3}
     * @param cells the number of grid cells (16 … 100 000)
     * @param stretch α ∈ [0, 0.99]: 0 is a uniform grid in x, larger values put more cells near the poles
     * @param logConformalFactor u as a function of the polar angle x ∈ (0, π), finite everywhere
     */
    public static RotationalMetric of(int dimension, int cells, double stretch, DoubleUnaryOperator logConformalFactor) {
        validate(dimension, cells, stretch);
        if (logConformalFactor == null) {
            throw new IllegalArgumentException("logConformalFactor must not be null");
        }
        double[] angles = new ConformalGrid(dimension, cells, stretch).angles();
        double[] values = new double[cells];
        for (int i = 0; i < cells; i++) {
            values[i] = logConformalFactor.applyAsDouble(angles[i]);
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("the log conformal factor is " + values[i] + " at x = "
                        + angles[i] + "; it must be finite on (0, π)");
            }
        }
        return new RotationalMetric(dimension, cells, stretch, values);
    }

    /**
     * The round sphere of the given radius: u ≡ log r.
     */
    public static RotationalMetric round(int dimension, double radius, int cells) {
        requirePositive(radius, "radius");
        double logR = Math.log(radius);
        return of(dimension, cells, 0, x -> logR);
    }

    /**
     * The round sphere of radius r in a non-trivial gauge: pulled back by the conformal dilation
     * tan(x'/2) = λ tan(x/2), u = log(2λr/((1+λ²) + (1−λ²) cos x)). Geometrically round, but u is not constant, so
     * the discretization is exercised.
     */
    public static RotationalMetric roundDilated(int dimension, double radius, double lambda, int cells) {
        requirePositive(radius, "radius");
        requirePositive(lambda, "lambda");
        return of(dimension, cells, 0,
                x -> Math.log(2 * lambda * radius / ((1 + lambda * lambda) + (1 - lambda * lambda) * Math.cos(x))));
    }

    /**
     * A squashed sphere: u = log r + a cos 2x, |a| &lt; 1 (a &gt; 0 stretches the poles apart, a &lt; 0 flattens them).
     */
    public static RotationalMetric squashed(int dimension, double radius, double amplitude, int cells) {
        requirePositive(radius, "radius");
        if (!(Math.abs(amplitude) < 1)) {
            throw new IllegalArgumentException("amplitude must lie in (-1, 1), got " + amplitude);
        }
        double logR = Math.log(radius);
        return of(dimension, cells, 0, x -> logR + amplitude * Math.cos(2 * x));
    }

    /**
     * A dumbbell: two unit caps joined by a neck. In the cylinder coordinate y = log tan(x/2) (g = ψ²(dy² +
     * g<sub>S<sup>n−1</sup></sub>)) the warping function is ψ(y) = sech(y − a) + sech(y + a) +
     * ε √(2/(1 + cosh 2y / cosh 2w)): unit round caps centred at y = ±a and a neck of radius ≈ ε over |y| ≲ w
     * (an arclength of about 2εw). Smooth at the poles (ψ ~ C e<sup>−|y|</sup>).
     *
     * @param capOffset a &gt; 0, the caps' centres in the cylinder coordinate
     * @param neckRadius ε &gt; 0
     * @param neckHalfWidth w &gt; 0, in the cylinder coordinate
     */
    public static RotationalMetric dumbbell(int dimension, double capOffset, double neckRadius, double neckHalfWidth,
            int cells) {
        requirePositive(capOffset, "capOffset");
        requirePositive(neckRadius, "neckRadius");
        requirePositive(neckHalfWidth, "neckHalfWidth");
        double cosh2w = Math.cosh(2 * neckHalfWidth);
        return of(dimension, cells, DUMBBELL_STRETCH, x -> {
            double y = Math.log(Math.tan(0.5 * x));
            double psi = 1 / Math.cosh(y - capOffset) + 1 / Math.cosh(y + capOffset)
                    + neckRadius * Math.sqrt(2 / (1 + Math.cosh(2 * y) / cosh2w));
            return Math.log(psi * Math.cosh(y));
        });
    }

    /**
     * Polar angle of the centre of a cap of {@link #dumbbell} with cap offset a: x = 2 atan(e<sup>−a</sup>).
     */
    public static double dumbbellCapAngle(double capOffset) {
        return 2 * Math.atan(Math.exp(-capOffset));
    }

    /**
     * A metric on the same grid with new values of u (validated finite).
     */
    public RotationalMetric withLogConformalFactor(double[] values) {
        if (values == null || values.length != cells) {
            throw new IllegalArgumentException("expected " + cells + " values of u, got "
                    + (values == null ? "null" : values.length));
        }
        for (int i = 0; i < cells; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("u[" + i + "] = " + values[i] + " is not finite");
            }
        }
        return new RotationalMetric(dimension, cells, stretch, values.clone());
    }

    /**
     * n.
     *
     * @return n
     */
    public int dimension() {
        return dimension;
    }

    /**
     * The number of cells.
     */
    public int cells() {
        return cells;
    }

    /**
     * The grid stretch α.
     */
    public double stretch() {
        return stretch;
    }

    /**
     * The polar angles x of the cell centres.
     */
    public double[] polarAngles() {
        return grid().angles().clone();
    }

    /**
     * u at the cell centres.
     */
    public double[] logConformalFactor() {
        return u.clone();
    }

    /**
     * The warping function ψ = e<sup>u</sup> sin x at the cell centres.
     */
    public double[] warping() {
        double[] x = grid().angles();
        double[] psi = new double[cells];
        for (int i = 0; i < cells; i++) {
            psi[i] = Math.exp(u[i]) * Math.sin(x[i]);
        }
        return psi;
    }

    /**
     * The distance r from the pole x = 0 of each cell centre, r = ∫ e<sup>u</sup> dx.
     */
    public double[] arclength() {
        double[] w = grid().widths();
        double[] r = new double[cells];
        double run = 0;
        for (int i = 0; i < cells; i++) {
            double piece = Math.exp(u[i]) * w[i];
            r[i] = run + 0.5 * piece;
            run += piece;
        }
        return r;
    }

    /**
     * K<sub>rad</sub> = −ψ''/ψ at the cell centres (the Gauss curvature for n = 2).
     */
    public double[] radialSectional() {
        double[][] k = curvatures();
        return k[0];
    }

    /**
     * K<sub>tan</sub> = (1 − ψ'²)/ψ² at the cell centres (a sectional curvature only for n ≥ 3).
     */
    public double[] tangentialSectional() {
        double[][] k = curvatures();
        return k[1];
    }

    /**
     * R = 2(n−1)K<sub>rad</sub> + (n−1)(n−2)K<sub>tan</sub> at the cell centres.
     */
    public double[] scalarCurvature() {
        double[][] k = curvatures();
        double[] r = new double[cells];
        for (int i = 0; i < cells; i++) {
            r[i] = 2 * (dimension - 1) * k[0][i] + (dimension - 1) * (dimension - 2) * k[1][i];
        }
        return r;
    }

    /**
     * The largest |sectional curvature| over the grid (the sectional curvatures of this metric lie between K<sub>rad</sub> and K<sub>tan</sub>).
     */
    public double maxCurvature() {
        return maxCurvatureBetween(0, Math.PI);
    }

    /**
     * The largest |sectional curvature| over cells with polar angle in [from, to].
     */
    public double maxCurvatureBetween(double from, double to) {
        double[][] k = curvatures();
        double[] x = grid().angles();
        double max = 0;
        for (int i = 0; i < cells; i++) {
            if (x[i] >= from && x[i] <= to) {
                max = Math.max(max, Math.abs(k[0][i]));
                if (dimension > 2) {
                    max = Math.max(max, Math.abs(k[1][i]));
                }
            }
        }
        return max;
    }

    /**
     * The curvature of the caps: the largest |sectional curvature| between each pole and the widest point
     * (maximum of ψ) of its half x ≤ π/2 or x ≥ π/2, i.e. over the outer part of each cap. A geometric
     * quantity, independent of how the grid moves the caps in x.
     *
     * @return the largest |sectional curvature| over the outer part of each cap
     */
    public double capCurvature() {
        double[][] k = curvatures();
        double[] psi = warping();
        int half = cells / 2;
        int widestNorth = 0;
        int widestSouth = cells - 1;
        for (int i = 0; i < half; i++) {
            if (psi[i] > psi[widestNorth]) {
                widestNorth = i;
            }
            int j = cells - 1 - i;
            if (psi[j] > psi[widestSouth]) {
                widestSouth = j;
            }
        }
        double max = 0;
        for (int i = 0; i < cells; i++) {
            if (i <= widestNorth || i >= widestSouth) {
                max = Math.max(max, Math.abs(k[0][i]));
                if (dimension > 2) {
                    max = Math.max(max, Math.abs(k[1][i]));
                }
            }
        }
        return max;
    }

    /**
     * The curvature pinching min K / max K over all sectional curvatures (1 exactly for a round sphere; ≤ 1).
     */
    public double pinching() {
        double[][] k = curvatures();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < cells; i++) {
            min = Math.min(min, k[0][i]);
            max = Math.max(max, k[0][i]);
            if (dimension > 2) {
                min = Math.min(min, k[1][i]);
                max = Math.max(max, k[1][i]);
            }
        }
        return min / max;
    }

    /**
     * Vol(g) = |S<sup>n−1</sup>| ∫ e<sup>nu</sup> sin<sup>n−1</sup>x dx.
     */
    public double volume() {
        return grid().volume(u);
    }

    /**
     * The volume radius (Vol/|S<sup>n</sup>|)<sup>1/n</sup>: the radius for a round sphere.
     */
    public double volumeRadius() {
        return Math.pow(volume() / ConformalGrid.unitSphereArea(dimension), 1.0 / dimension);
    }

    /**
     * The pole-to-pole distance ∫ e<sup>u</sup> dx.
     */
    public double diameter() {
        return grid().diameter(u);
    }

    /**
     * Perelman's λ(g) = inf { F(g, f) : ∫e<sup>−f</sup>dV = 1 } = the lowest eigenvalue of −4Δ + R (with
     * e<sup>−f/2</sup> the eigenfunction), here a Sturm–Liouville problem in x because the minimizer is rotationally
     * symmetric. Equals n(n−1)/r² on the round sphere.
     *
     * @return λ(g)
     */
    public double perelmanLambda() {
        return grid().lowestEigenvalue(u, scalarCurvature());
    }

    /**
     * The largest cell length in units of the local curvature radius (discretization is trustworthy below ≈ 0.5).
     */
    public double resolution() {
        double[][] k = curvatures();
        return grid().resolution(u, k[0], k[1]);
    }

    ConformalGrid grid() {
        return new ConformalGrid(dimension, cells, stretch);
    }

    double[] values() {
        return u;
    }

    private double[][] curvatures() {
        double[] kr = new double[cells];
        double[] kt = new double[cells];
        grid().curvatures(u, kr, kt, new double[cells]);
        return new double[][] {kr, kt};
    }

    private static void validate(int dimension, int cells, double stretch) {
        if (dimension != 2 && dimension != 3) {
            throw new IllegalArgumentException("dimension must be 2 or 3 (S^2 or S^3), got " + dimension);
        }
        if (cells < 16 || cells > 100_000) {
            throw new IllegalArgumentException("cells must lie in [16, 100000], got " + cells);
        }
        if (!(stretch >= 0 && stretch <= 0.99)) {
            throw new IllegalArgumentException("stretch must lie in [0, 0.99], got " + stretch);
        }
    }

    static void requirePositive(double value, String name) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        }
    }

    @Override
    public String toString() {
        return "RotationalMetric[S^" + dimension + ", cells=" + cells + ", volumeRadius=" + volumeRadius()
                + ", maxCurvature=" + maxCurvature() + ", u[0..2]=" + Arrays.toString(Arrays.copyOf(u, 2)) + "]";
    }
}
