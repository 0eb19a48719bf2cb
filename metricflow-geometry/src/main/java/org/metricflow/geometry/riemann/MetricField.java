package org.metricflow.geometry.riemann;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.riemann.internal.Indexing;

/**
 * A Riemannian metric on a chart U ⊂ R<sup>n</sup>, given as a differentiable function of the coordinates.
 *
 * <p>{@link #components(Tensor)} maps N points (an N×n tensor, one point per row) to the N×n² tensor whose
 * row p holds g<sub>ij</sub>(x<sub>p</sub>) row-major (column i·n + j). The result must be symmetric in
 * (i, j), positive definite, and built from {@link Tensor} operations only, so that the coordinate
 * derivatives ∂<sub>k</sub>g<sub>ij</sub>, ∂<sub>k</sub>∂<sub>l</sub>g<sub>ij</sub>, … needed for curvature
 * come from automatic differentiation (row p of the output may depend on row p of the input only).
 *
 * <p>Ways to make one: {@link #of(int, UnaryOperator)} from a lambda, {@link #fromEntries(int, Entries)}
 * from a symmetric-matrix expression, {@link #pullback(SmoothMap)}, {@link #product(MetricField, MetricField)},
 * {@link #warpedProduct(MetricField, MetricField, UnaryOperator)} and {@link #conformal(UnaryOperator)}.
 * Curvature is computed by {@link Curvature#of(MetricField)}.
 */
public interface MetricField {

    /**
     * The dimension n of the chart.
     */
    int dimension();

    /**
     * The metric components at a batch of points.
     *
     * @param x N×n coordinates, one point per row
     * @return N×n² components g<sub>ij</sub>, row-major per point, differentiable in x
     */
    Tensor components(Tensor x);

    /** The entries g<sub>ij</sub>(x), i ≤ j, of a symmetric-matrix expression; see {@link #fromEntries}. */
    @FunctionalInterface
    interface Entries {
        /**
         * The entry g<sub>ij</sub> at N points as an N×1 tensor, or {@code null} where the entry vanishes
         * identically. Called only with i ≤ j.
         */
        Tensor entry(Tensor x, int i, int j);
    }

    /**
     * A metric from a function returning all n² components (N×n → N×n²).
     *
     * @param n the chart dimension (≥ 1)
     * @param components the component function; it must return N×n² symmetric components
     */
    static MetricField of(int n, UnaryOperator<Tensor> components) {
        Objects.requireNonNull(components, "components");
        if (n < 1) {
            throw new IllegalArgumentException("metric dimension must be at least 1, got " + n);
        }
        return new MetricField() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public Tensor components(Tensor x) {
                Indexing.requirePoints(x, n, "metric");
                Tensor g = components.apply(x);
                if (g.rows() != x.rows() || g.cols() != n * n) {
                    throw new IllegalArgumentException("metric component function returned " + g.rows() + "×"
                            + g.cols() + " for " + x.rows() + " points of dimension " + n + "; expected "
                            + x.rows() + "×" + (n * n));
                }
                return g;
            }
        };
    }

    /**
     * A metric from its upper-triangular entries g<sub>ij</sub>, i ≤ j; g<sub>ji</sub> = g<sub>ij</sub>.
     * Entries returned as {@code null} are zero.
     */
    static MetricField fromEntries(int n, Entries entries) {
        Objects.requireNonNull(entries, "entries");
        return of(n, x -> {
            Tensor[] cols = new Tensor[n * n];
            Tensor zero = null;
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    Tensor e = entries.entry(x, i, j);
                    if (e == null) {
                        if (zero == null) {
                            zero = Tensor.zeros(x.rows(), 1);
                        }
                        e = zero;
                    } else if (e.rows() == 1 && e.cols() == 1 && x.rows() != 1) {
                        e = e.times(Tensor.ones(x.rows(), 1));
                    } else if (e.rows() != x.rows() || e.cols() != 1) {
                        throw new IllegalArgumentException("metric entry (" + i + "," + j + ") returned "
                                + e.rows() + "×" + e.cols() + " for " + x.rows() + " points; expected "
                                + x.rows() + "×1");
                    }
                    cols[i * n + j] = e;
                    cols[j * n + i] = e;
                }
            }
            return Tensor.concatCols(cols);
        });
    }

    /**
     * The pullback φ<sup>*</sup>g along a smooth map φ: R<sup>m</sup> ⊃ V → U:
     * (φ<sup>*</sup>g)<sub>ab</sub>(x) = ∂<sub>a</sub>φ<sup>i</sup>(x) ∂<sub>b</sub>φ<sup>j</sup>(x) g<sub>ij</sub>(φ(x)).
     * It is a metric where dφ has full rank m.
     */
    default MetricField pullback(SmoothMap map) {
        Objects.requireNonNull(map, "map");
        if (map.targetDimension() != dimension()) {
            throw new IllegalArgumentException("pullback: map goes to R^" + map.targetDimension()
                    + " but the metric lives on R^" + dimension());
        }
        MetricField target = this;
        int m = map.sourceDimension();
        int n = dimension();
        return of(m, x -> {
            Tensor jac = map.jacobian(x); // N×(n·m): ∂_a φ^i at column i·m + a
            Tensor g = target.components(map.apply(x)); // N×n²
            Tensor gJ = g.batchMatmul(jac, n, n, m); // n×m: g_ij ∂_b φ^j
            Tensor jT = jac.selectCols(Indexing.transpose(n, m)); // m×n
            return jT.batchMatmul(gJ, m, n, m);
        });
    }

    /**
     * The product metric g<sub>1</sub> ⊕ g<sub>2</sub> on U<sub>1</sub> × U<sub>2</sub>, coordinates
     * (x<sub>1</sub>, x<sub>2</sub>) concatenated.
     */
    static MetricField product(MetricField first, MetricField second) {
        return warpedProduct(first, second, null);
    }

    /**
     * The warped product g<sub>B</sub> ⊕ f(b)² g<sub>F</sub> on B × F with coordinates (b, y): the fibre metric
     * is scaled by the square of a positive function f of the base coordinates (f = 1 gives the product).
     *
     * @param warp f: N×dim(B) → N×1, or {@code null} for the plain product
     */
    static MetricField warpedProduct(MetricField base, MetricField fibre, UnaryOperator<Tensor> warp) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(fibre, "fibre");
        int nb = base.dimension();
        int nf = fibre.dimension();
        int n = nb + nf;
        return of(n, x -> {
            Tensor b = x.cols(0, nb);
            Tensor gb = base.components(b);
            Tensor gf = fibre.components(x.cols(nb, n));
            if (warp != null) {
                Tensor f = warp.apply(b);
                gf = gf.times(f.square());
            }
            Tensor zero = Tensor.zeros(x.rows(), 1);
            Tensor[] cols = new Tensor[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i < nb && j < nb) {
                        cols[i * n + j] = gb.col(i * nb + j);
                    } else if (i >= nb && j >= nb) {
                        cols[i * n + j] = gf.col((i - nb) * nf + (j - nb));
                    } else {
                        cols[i * n + j] = zero;
                    }
                }
            }
            return Tensor.concatCols(cols);
        });
    }

    /**
     * The conformal rescaling e<sup>2u</sup> g for a smooth function u (N×n → N×1).
     */
    default MetricField conformal(UnaryOperator<Tensor> u) {
        Objects.requireNonNull(u, "u");
        MetricField g = this;
        return of(dimension(), x -> g.components(x).times(u.apply(x).times(2.0).exp()));
    }

    /**
     * The constant multiple c·g (c &gt; 0).
     */
    default MetricField scaled(double c) {
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("scale factor must be positive and finite, got " + c);
        }
        MetricField g = this;
        return of(dimension(), x -> g.components(x).times(c));
    }
}
