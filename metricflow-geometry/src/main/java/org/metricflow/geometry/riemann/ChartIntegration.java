package org.metricflow.geometry.riemann;

import java.util.Objects;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.stats.Estimate;

/**
 * Integrals over a coordinate box B = [lo, hi] ⊂ R<sup>n</sup> of a chart with respect to the Riemannian volume
 * form: ∫<sub>B</sub> f dV = ∫<sub>B</sub> f(x) √det g(x) d<sup>n</sup>x. A compact manifold covered by one chart up to
 * a set of measure zero (the sphere in angular coordinates, a torus in its fundamental domain) is integrated
 * over that box.
 *
 * <p>Three estimators: Monte Carlo with points uniform in B, |B|·mean(f√det g) with its standard error;
 * importance sampling with the points and density of any sampler, mean(f√det g/p); and the
 * tensor-product Gauss–Legendre rule (deterministic, spectrally accurate for smooth integrands).
 */
public final class ChartIntegration {
    /** An integrand evaluated at a batch of points: N×n points to N values. */
    @FunctionalInterface
    public interface Integrand {
        /**
         * f at each row of x.
         */
        double[] values(DMatrixRMaj x);
    }

    private final MetricField metric;
    private final double[] lo;
    private final double[] hi;

    private ChartIntegration(MetricField metric, double[] lo, double[] hi) {
        this.metric = metric;
        this.lo = lo;
        this.hi = hi;
    }

    /**
     * Integration of the metric's volume form over the box [lo, hi].
     */
    public static ChartIntegration of(MetricField metric, double[] lo, double[] hi) {
        Objects.requireNonNull(metric, "metric");
        int n = metric.dimension();
        if (lo == null || hi == null || lo.length != n || hi.length != n) {
            throw new IllegalArgumentException("integration box needs " + n + " lower and upper bounds");
        }
        for (int i = 0; i < n; i++) {
            if (!(hi[i] > lo[i]) || !Double.isFinite(lo[i]) || !Double.isFinite(hi[i])) {
                throw new IllegalArgumentException("integration box: need finite lo[" + i + "] < hi[" + i + "], got "
                        + lo[i] + " and " + hi[i]);
            }
        }
        return new ChartIntegration(metric, lo.clone(), hi.clone());
    }

    /**
     * The volume ∫<sub>B</sub> dV by Monte Carlo.
     *
     * @param seed the seed of the uniform points; equal seeds give equal estimates
     */
    public Estimate volume(int samples, long seed) {
        return integrate(x -> ones(x.numRows), samples, seed);
    }

    /**
     * ∫<sub>B</sub> f dV by Monte Carlo with {@code samples} uniform points; processed in batches of 4096.
     *
     * @param seed the seed of the uniform points; equal seeds give equal estimates
     */
    public Estimate integrate(Integrand f, int samples, long seed) {
        if (samples < 2) {
            throw new IllegalArgumentException("Monte Carlo needs at least 2 samples, got " + samples);
        }
        int n = lo.length;
        Rng rng = Rng.of(seed);
        double[] y = new double[samples];
        double boxVolume = 1;
        for (int i = 0; i < n; i++) {
            boxVolume *= hi[i] - lo[i];
        }
        for (int start = 0; start < samples; start += 4096) {
            int m = Math.min(4096, samples - start);
            DMatrixRMaj x = new DMatrixRMaj(m, n);
            for (int p = 0; p < m; p++) {
                for (int i = 0; i < n; i++) {
                    x.data[p * n + i] = rng.uniform(lo[i], hi[i]);
                }
            }
            double[] fv = f.values(x);
            double[] vol = volumeDensity(x);
            for (int p = 0; p < m; p++) {
                y[start + p] = fv[p] * vol[p];
            }
        }
        return Estimate.mean(y).times(boxVolume);
    }

    /**
     * ∫ f dV by importance sampling with points drawn by any sampler: the caller supplies the points (N×n, inside
     * the chart) and the sampler's probability density p(x) with respect to d<sup>n</sup>x; the estimate is
     * mean(f √det g / p) with its standard error.
     */
    public Estimate integrate(Integrand f, DMatrixRMaj points, double[] density) {
        int n = lo.length;
        if (points == null || points.numCols != n || points.numRows < 2) {
            throw new IllegalArgumentException("importance sampling needs at least 2 points as an N×" + n
                    + " matrix, got " + (points == null ? "null" : points.numRows + "×" + points.numCols));
        }
        if (density == null || density.length != points.numRows) {
            throw new IllegalArgumentException("importance sampling needs one density value per point: "
                    + points.numRows + " points but " + (density == null ? "no" : density.length) + " densities");
        }
        double[] fv = f.values(points);
        double[] vol = volumeDensity(points);
        double[] y = new double[points.numRows];
        for (int p = 0; p < y.length; p++) {
            if (!(density[p] > 0) || Double.isInfinite(density[p])) {
                throw new IllegalArgumentException("sampling density must be positive and finite, got " + density[p]
                        + " at point " + org.metricflow.geometry.riemann.internal.Indexing.formatRow(points, p));
            }
            y[p] = fv[p] * vol[p] / density[p];
        }
        return Estimate.mean(y);
    }

    /**
     * ∫<sub>B</sub> f dV by the tensor-product Gauss–Legendre rule with {@code nodes} nodes per dimension.
     */
    public double integrateGaussLegendre(Integrand f, int nodes) {
        int n = lo.length;
        if (nodes < 1 || Math.pow(nodes, n) > 5e6) {
            throw new IllegalArgumentException("Gauss–Legendre: " + nodes + " nodes per dimension in " + n
                    + " dimensions is out of range (1 .. (5e6)^(1/n))");
        }
        GaussIntegratorFactory factory = new GaussIntegratorFactory();
        double[][] pts = new double[n][];
        double[][] wts = new double[n][];
        for (int i = 0; i < n; i++) {
            GaussIntegrator rule = factory.legendre(nodes, lo[i], hi[i]);
            pts[i] = new double[nodes];
            wts[i] = new double[nodes];
            for (int k = 0; k < nodes; k++) {
                pts[i][k] = rule.getPoint(k);
                wts[i][k] = rule.getWeight(k);
            }
        }
        int total = (int) Math.pow(nodes, n);
        double sum = 0;
        int[] digit = new int[n];
        for (int start = 0; start < total; start += 4096) {
            int m = Math.min(4096, total - start);
            DMatrixRMaj x = new DMatrixRMaj(m, n);
            double[] w = new double[m];
            for (int p = 0; p < m; p++) {
                int idx = start + p;
                double weight = 1;
                for (int i = n - 1; i >= 0; i--) {
                    digit[i] = idx % nodes;
                    idx /= nodes;
                    x.data[p * n + i] = pts[i][digit[i]];
                    weight *= wts[i][digit[i]];
                }
                w[p] = weight;
            }
            double[] fv = f.values(x);
            double[] vol = volumeDensity(x);
            for (int p = 0; p < m; p++) {
                sum += w[p] * fv[p] * vol[p];
            }
        }
        return sum;
    }

    /**
     * √det g at each row of x.
     */
    public double[] volumeDensity(DMatrixRMaj x) {
        Tensor g = metric.components(Tensor.constant(x));
        double[] det = g.det().value().data;
        double[] out = new double[x.numRows];
        for (int p = 0; p < out.length; p++) {
            if (!(det[p] > 0)) {
                throw new IllegalArgumentException("metric is not positive definite at integration point "
                        + org.metricflow.geometry.riemann.internal.Indexing.formatRow(x, p) + " (det g = " + det[p]
                        + "); shrink the box to the chart's domain");
            }
            out[p] = Math.sqrt(det[p]);
        }
        return out;
    }

    private static double[] ones(int m) {
        double[] o = new double[m];
        java.util.Arrays.fill(o, 1.0);
        return o;
    }
}
