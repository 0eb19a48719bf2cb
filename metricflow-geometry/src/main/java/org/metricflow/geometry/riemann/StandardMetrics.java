package org.metricflow.geometry.riemann;

import java.util.Locale;
import org.metricflow.core.autodiff.Tensor;

/**
 * A catalogue of standard metrics with known curvature, for users and tests. Each factory documents its
 * chart, its domain and its curvature (conventions of {@link Curvature}: the unit round S² has R = 2).
 */
public final class StandardMetrics {
    private StandardMetrics() {
    }

    /**
     * Euclidean R<sup>n</sup>, g = δ: flat.
     */
    public static MetricField euclidean(int n) {
        requireDimension(n, 1);
        return MetricField.fromEntries(n, (x, i, j) -> i == j ? Tensor.ones(x.rows(), 1) : null);
    }

    /**
     * The round sphere S<sup>n</sup> of radius r in the stereographic chart x ∈ R<sup>n</sup>:
     * g = 4r² δ / (1 + |x|²)². Sectional curvature 1/r², Ric = (n−1)/r² g, R = n(n−1)/r².
     */
    public static MetricField sphereStereographic(int n, double radius) {
        requireDimension(n, 2);
        requirePositive(radius, "radius");
        double c = 4 * radius * radius;
        return conformallyFlat(n, x -> x.square().sumRows().plus(1.0).pow(-2.0).times(c));
    }

    /**
     * The round sphere S<sup>n</sup> of radius r in hyperspherical angles (θ<sub>1</sub>, …, θ<sub>n−1</sub>, φ),
     * θ<sub>k</sub> ∈ (0, π): g = r²(dθ<sub>1</sub>² + sin²θ<sub>1</sub> dθ<sub>2</sub>² + … +
     * sin²θ<sub>1</sub>⋯sin²θ<sub>n−1</sub> dφ²). Same curvature as {@link #sphereStereographic(int, double)}.
     */
    public static MetricField sphereAngular(int n, double radius) {
        requireDimension(n, 2);
        requirePositive(radius, "radius");
        double r2 = radius * radius;
        return MetricField.of(n, x -> {
            Tensor[] diag = new Tensor[n];
            Tensor factor = Tensor.ones(x.rows(), 1).times(r2);
            diag[0] = factor;
            for (int k = 1; k < n; k++) {
                factor = factor.times(x.col(k - 1).sin().square());
                diag[k] = factor;
            }
            return diagonal(x.rows(), diag);
        });
    }

    /**
     * Hyperbolic space H<sup>n</sup> of curvature radius r in the Poincaré ball |x| &lt; 1:
     * g = 4r² δ / (1 − |x|²)². Sectional curvature −1/r², R = −n(n−1)/r².
     */
    public static MetricField hyperbolicBall(int n, double radius) {
        requireDimension(n, 2);
        requirePositive(radius, "radius");
        double c = 4 * radius * radius;
        return conformallyFlat(n, x -> x.square().sumRows().neg().plus(1.0).pow(-2.0).times(c));
    }

    /**
     * Hyperbolic space H<sup>n</sup> of curvature radius r in the upper half space x<sub>n−1</sub> &gt; 0:
     * g = r² δ / x<sub>n−1</sub>². Sectional curvature −1/r², R = −n(n−1)/r².
     */
    public static MetricField hyperbolicHalfSpace(int n, double radius) {
        requireDimension(n, 2);
        requirePositive(radius, "radius");
        double r2 = radius * radius;
        return conformallyFlat(n, x -> x.col(n - 1).pow(-2.0).times(r2));
    }

    /**
     * A flat torus R<sup>n</sup>/Λ in the chart of its universal cover: the constant metric g = G for a
     * symmetric positive-definite Gram matrix G (n×n). Flat.
     */
    public static MetricField flatTorus(double[][] gram) {
        int n = gram.length;
        requireDimension(n, 1);
        for (double[] row : gram) {
            if (row.length != n) {
                throw new IllegalArgumentException("flat torus: Gram matrix must be square, got a row of length "
                        + row.length + " in a " + n + "-row matrix");
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (gram[i][j] != gram[j][i]) {
                    throw new IllegalArgumentException("flat torus: Gram matrix is not symmetric at (" + i + "," + j
                            + "): " + gram[i][j] + " vs " + gram[j][i]);
                }
            }
        }
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(gram[i], 0, flat, i * n, n);
        }
        org.metricflow.geometry.riemann.internal.Indexing.requirePositiveDefinite(
                new org.ejml.data.DMatrixRMaj(1, n * n, true, flat), n, new org.ejml.data.DMatrixRMaj(1, 0));
        Tensor row = Tensor.constant(1, n * n, flat);
        return MetricField.of(n, x -> Tensor.ones(x.rows(), 1).times(row));
    }

    /**
     * S²(r<sub>1</sub>) × S²(r<sub>2</sub>), stereographic charts on both factors: R = 2/r<sub>1</sub>² + 2/r<sub>2</sub>².
     */
    public static MetricField sphereTimesSphere(double r1, double r2) {
        return MetricField.product(sphereStereographic(2, r1), sphereStereographic(2, r2));
    }

    /**
     * S²(r) × H²(r) (Poincaré disc): Ric = diag(1/r², 1/r², −1/r², −1/r²)·g block-wise, R = 0, not flat.
     */
    public static MetricField sphereTimesHyperbolic(double radius) {
        return MetricField.product(sphereStereographic(2, radius), hyperbolicBall(2, radius));
    }

    /**
     * The Berger sphere S³<sub>ε</sub>: the unit round S³ with its Hopf fibres scaled by ε, in Hopf coordinates
     * (η, ξ<sub>1</sub>, ξ<sub>2</sub>), η ∈ (0, π/2):
     * g = dη² + cos²η sin²η (dξ<sub>1</sub> − dξ<sub>2</sub>)² + ε²(cos²η dξ<sub>1</sub> + sin²η dξ<sub>2</sub>)².
     * Ricci eigenvalues (relative to g) 4 − 2ε² (twice, horizontal) and 2ε² (fibre); R = 8 − 2ε²;
     * ε = 1 is the unit round S³ (R = 6).
     */
    public static MetricField bergerSphere(double epsilon) {
        requirePositive(epsilon, "epsilon");
        double e2 = epsilon * epsilon;
        return MetricField.fromEntries(3, (x, i, j) -> {
            Tensor c = x.col(0).cos().square();
            Tensor s = x.col(0).sin().square();
            Tensor cs = c.times(s);
            if (i == 0) {
                return j == 0 ? Tensor.ones(x.rows(), 1) : null;
            }
            if (i == 1 && j == 1) {
                return cs.plus(c.square().times(e2));
            }
            if (i == 2 && j == 2) {
                return cs.plus(s.square().times(e2));
            }
            return cs.times(e2 - 1.0);
        });
    }

    /**
     * The Euclidean Schwarzschild metric of mass M, coordinates (τ, r, θ, φ), r &gt; 2M, θ ∈ (0, π):
     * g = (1 − 2M/r)dτ² + dr²/(1 − 2M/r) + r²(dθ² + sin²θ dφ²). Ricci-flat, not flat: Kretschmann 48M²/r⁶.
     */
    public static MetricField schwarzschild(double mass) {
        requirePositive(mass, "mass");
        return MetricField.of(4, x -> {
            Tensor r = x.col(1);
            Tensor f = r.pow(-1.0).times(-2.0 * mass).plus(1.0);
            Tensor r2 = r.square();
            return diagonal(x.rows(), f, f.pow(-1.0), r2, r2.times(x.col(2).sin().square()));
        });
    }

    /**
     * The Eguchi–Hanson metric with parameter a, coordinates (r, θ, φ, ψ), r &gt; a, θ ∈ (0, π):
     * g = dr²/f + (r²/4)(σ<sub>1</sub>² + σ<sub>2</sub>²) + (r²/4) f σ<sub>3</sub>², f = 1 − a⁴/r⁴, with
     * σ<sub>1</sub>² + σ<sub>2</sub>² = dθ² + sin²θ dφ² and σ<sub>3</sub> = dψ + cos θ dφ.
     * Ricci-flat (hyperkähler), not flat: Kretschmann 384a⁸/r¹².
     */
    public static MetricField eguchiHanson(double a) {
        requirePositive(a, "a");
        double a4 = a * a * a * a;
        return MetricField.fromEntries(4, (x, i, j) -> {
            Tensor r = x.col(0);
            Tensor quarterR2 = r.square().times(0.25);
            Tensor f = r.pow(-4.0).times(-a4).plus(1.0);
            Tensor cos = x.col(1).cos();
            if (i == 0 && j == 0) {
                return f.pow(-1.0);
            }
            if (i == 1 && j == 1) {
                return quarterR2;
            }
            if (i == 2 && j == 2) {
                return quarterR2.times(x.col(1).sin().square().plus(f.times(cos.square())));
            }
            if (i == 3 && j == 3) {
                return quarterR2.times(f);
            }
            if (i == 2 && j == 3) {
                return quarterR2.times(f).times(cos);
            }
            return null;
        });
    }

    /**
     * A catalogue metric by name, for the command line: {@code euclidean}, {@code sphere} (stereographic),
     * {@code sphere-angular}, {@code hyperbolic} (Poincaré ball), {@code halfspace}, {@code torus} (the
     * square unit torus), {@code s2xs2}, {@code s2xh2}, {@code berger} (ε = radius), {@code schwarzschild}
     * (M = radius), {@code eguchi-hanson} (a = radius).
     *
     * @param dim the dimension, where the family has one
     * @param radius the radius or the family's parameter
     */
    public static MetricField byName(String name, int dim, double radius) {
        return byNameChecked(name, dim, radius);
    }

    /** The largest dimension {@link #byName} accepts for the families that have one. */
    public static final int MAX_CATALOGUE_DIMENSION = 64;

    private static MetricField byNameChecked(String name, int dim, double radius) {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT).trim();
        if (java.util.List.of("euclidean", "sphere", "sphere-angular", "hyperbolic", "halfspace", "torus").contains(key)
                && (dim < 1 || dim > MAX_CATALOGUE_DIMENSION)) {
            throw new IllegalArgumentException("the dimension of '" + key + "' must lie in 1.." + MAX_CATALOGUE_DIMENSION
                    + " (curvature holds n⁴ components per point), got " + dim);
        }
        switch (key) {
            case "euclidean":
                return euclidean(dim);
            case "sphere":
                return sphereStereographic(dim, radius);
            case "sphere-angular":
                return sphereAngular(dim, radius);
            case "hyperbolic":
                return hyperbolicBall(dim, radius);
            case "halfspace":
                return hyperbolicHalfSpace(dim, radius);
            case "torus": {
                double[][] gram = new double[dim][dim];
                for (int i = 0; i < dim; i++) {
                    gram[i][i] = radius * radius;
                }
                return flatTorus(gram);
            }
            case "s2xs2":
                return sphereTimesSphere(radius, radius);
            case "s2xh2":
                return sphereTimesHyperbolic(radius);
            case "berger":
                return bergerSphere(radius);
            case "schwarzschild":
                return schwarzschild(radius);
            case "eguchi-hanson":
                return eguchiHanson(radius);
            default:
                throw new IllegalArgumentException("unknown metric '" + name + "'; choose one of euclidean, sphere, "
                        + "sphere-angular, hyperbolic, halfspace, torus, s2xs2, s2xh2, berger, schwarzschild, "
                        + "eguchi-hanson");
        }
    }

    /** g = f(x) δ for a scalar function f (N×1). */
    private static MetricField conformallyFlat(int n, java.util.function.UnaryOperator<Tensor> factor) {
        return MetricField.of(n, x -> {
            Tensor f = factor.apply(x);
            Tensor[] diag = new Tensor[n];
            java.util.Arrays.fill(diag, f);
            return diagonal(x.rows(), diag);
        });
    }

    /** The N×n² tensor with the given N×1 diagonal entries. */
    static Tensor diagonal(int rows, Tensor... diag) {
        int n = diag.length;
        Tensor zero = Tensor.zeros(rows, 1);
        Tensor[] cols = new Tensor[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cols[i * n + j] = i == j ? diag[i] : zero;
            }
        }
        return Tensor.concatCols(cols);
    }

    private static void requireDimension(int n, int min) {
        if (n < min) {
            throw new IllegalArgumentException("dimension must be at least " + min + ", got " + n);
        }
    }

    private static void requirePositive(double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
        }
    }
}
