package org.metricflow.geometry.complex;

import org.metricflow.core.stats.ClusteredMoments;
import org.metricflow.core.stats.Estimate;
import org.metricflow.core.stats.Moments;
import org.metricflow.core.stats.TailDiagnostic;

/**
 * Monte-Carlo integrals of curvature over a variety X, with standard errors, from a {@link PointSet} (density
 * ω<sub>FS</sub><sup>d</sup>/Vol<sub>FS</sub>) and the {@link KahlerGeometry} of a metric at the same points.
 *
 * <p>A top-degree density F relative to Π<sub>a</sub>(i dx<sup>a</sup>∧dx̄<sup>a</sup>) integrates as
 * ∫<sub>X</sub> F Π(i dx∧dx̄) = ∫ (F/(d!·det g<sub>FS</sub>)) ω<sub>FS</sub><sup>d</sup> ≈ Vol<sub>FS</sub>·mean(F/(d!·det
 * g<sub>FS</sub>)), because ω<sub>FS</sub><sup>d</sup> = d!·det g<sub>FS</sub>·Π(i dx∧dx̄) (equivalently F·w/|Ω|²
 * with the sampler's weights w). Errors are cluster-robust over the sampler's independent trials
 * ({@link PointSet#trialOffsets()}, {@link ClusteredMoments}; delta method for ratios): the points of one random
 * line or slice are correlated, so sd/√N over points (which treats them as independent, and which these errors equal
 * when every trial holds one point) can understate the error.
 * <ul>
 *   <li>{@link #chernNumber}: ∫<sub>X</sub> c<sub>k</sub>∧ω<sup>d−k</sup> (k = d: the Euler characteristic χ(X);
 *       for a threefold k = 2: ∫c<sub>2</sub>∧ω, = c<sub>2</sub>·J; k = 1: ∫c<sub>1</sub>∧ω<sup>d−1</sup>, zero on a
 *       Calabi–Yau for every Kähler metric since c<sub>1</sub>(X) = 0; k = 0: ∫ω<sup>d</sup>).</li>
 *   <li>{@link #totalScalarCurvature}: ∫<sub>X</sub> s ω<sup>d</sup>; since Ric∧ω<sup>d−1</sup> = (s/d)ω<sup>d</sup>,
 *       ∫c<sub>1</sub>∧ω<sup>d−1</sup> = (1/(2πd))∫s ω<sup>d</sup> (Gauss–Bonnet for d = 1).</li>
 *   <li>{@link #ricciMeasure}: (1/Vol<sub>ω</sub>)∫<sub>X</sub>|s| ω<sup>d</sup> with s = g<sup>ab̄</sup>Ric<sub>ab̄</sub>
 *       (the complex normalization; the Riemannian scalar curvature is 2s): 0 iff the metric is scalar-flat,
 *       which for a Kähler metric on a Calabi–Yau means Ricci-flat.</li>
 * </ul>
 */
public final class CurvatureIntegrals {
    private CurvatureIntegrals() {
    }

    private static void check(PointSet points, KahlerGeometry geometry) {
        if (points == null || geometry == null) {
            throw new IllegalArgumentException("points and geometry must not be null");
        }
        if (points.size() != geometry.size() || points.dimension() != geometry.dimension()) {
            throw new IllegalArgumentException("the geometry (" + geometry.size() + " points, d = "
                    + geometry.dimension() + ") was not computed on these points (" + points.size() + ", d = "
                    + points.dimension() + "); use KahlerGeometry.of(points, potential)");
        }
        if (points.size() < 2) {
            throw new IllegalArgumentException("need at least 2 points for an estimate with an error, got "
                    + points.size());
        }
    }

    private static double factorial(int d) {
        double f = 1.0;
        for (int i = 2; i <= d; i++) {
            f *= i;
        }
        return f;
    }

    /**
     * Vol<sub>FS</sub>·mean(F/(d!·det g<sub>FS</sub>)) for a density F given per point.
     */
    public static Estimate integrateDensity(PointSet points, double[] density) {
        if (density == null || density.length != points.size()) {
            throw new IllegalArgumentException("density: expected one value per point (" + points.size() + "), got "
                    + (density == null ? "null" : density.length));
        }
        int n = points.size();
        double[] fs = points.fsDeterminantView();
        double df = factorial(points.dimension());
        double[] x = new double[n];
        for (int p = 0; p < n; p++) {
            x[p] = density[p] / (df * fs[p]);
        }
        return meanOverTrials(points, x).times(points.fubiniStudyVolume());
    }

    /**
     * The mean of per-point values with its cluster-robust standard error over the points' sampling trials
     * ({@link ClusteredMoments#meanEstimate}; equal to {@link Estimate#mean} when every trial holds one point).
     *
     * @param points the points the values belong to (their trials group the values)
     * @param values one value per point, in the points' order
     * @return the mean with its standard error (NaN, unknown, if all points belong to one trial)
     * @throws IllegalArgumentException if the lengths differ or there are fewer than 2 points
     */
    public static Estimate meanOverTrials(PointSet points, double[] values) {
        if (values.length != points.size()) {
            throw new IllegalArgumentException("expected one value per point (" + points.size() + "), got "
                    + values.length);
        }
        return ClusteredMoments.of(1, values, points.trialOffsets()).meanEstimate(0);
    }

    /**
     * ∫<sub>X</sub> c<sub>k</sub>∧ω<sup>d−k</sup>, 0 ≤ k ≤ d.
     */
    public static Estimate chernNumber(PointSet points, KahlerGeometry geometry, int k) {
        check(points, geometry);
        return integrateDensity(points, geometry.chernDensity(k));
    }

    /**
     * χ(X) = ∫<sub>X</sub> c<sub>d</sub>.
     */
    public static Estimate eulerCharacteristic(PointSet points, KahlerGeometry geometry) {
        return chernNumber(points, geometry, geometry.dimension());
    }

    /**
     * ∫<sub>X</sub> ω<sup>d</sup>.
     *
     * @return ∫<sub>X</sub> ω<sup>d</sup>
     */
    public static Estimate volume(PointSet points, KahlerGeometry geometry) {
        return chernNumber(points, geometry, 0);
    }

    /**
     * ∫<sub>X</sub> s ω<sup>d</sup>.
     *
     * @return ∫<sub>X</sub> s ω<sup>d</sup>
     */
    public static Estimate totalScalarCurvature(PointSet points, KahlerGeometry geometry) {
        check(points, geometry);
        int d = geometry.dimension();
        double[] c = geometry.chernView();
        double[] s = geometry.scalarView();
        double[] f = new double[points.size()];
        for (int p = 0; p < f.length; p++) {
            f[p] = s[p] * c[p * (d + 1)];
        }
        return integrateDensity(points, f);
    }

    /**
     * (1/Vol<sub>ω</sub>)∫|s| ω<sup>d</sup> as a ratio of means, ratio = mean(|s|·a)/mean(a) with a = ω<sup>d</sup>
     * density/(d!·det g<sub>FS</sub>); delta-method error.
     */
    public static Estimate ricciMeasure(PointSet points, KahlerGeometry geometry) {
        check(points, geometry);
        return ricciMeasure(points, geometry.scalarView(), geometry.chernDensity(0));
    }

    private static Estimate ricciMeasure(PointSet points, double[] s, double[] top) {
        int n = points.size();
        double[] fs = points.fsDeterminantView();
        double df = factorial(points.dimension());
        double[] x = new double[2 * n];
        for (int p = 0; p < n; p++) {
            double a = top[p] / (df * fs[p]);
            x[2 * p] = a;
            x[2 * p + 1] = Math.abs(s[p]) * a;
        }
        return ClusteredMoments.of(2, x, points.trialOffsets()).ratioEstimate(1, 0);
    }

    /**
     * All Chern numbers ∫c<sub>k</sub>∧ω<sup>d−k</sup> (k = 0..d), the Ricci measure and ∫s ω<sup>d</sup> of the metric
     * of {@code potential} over {@code points}, computed in chunks of {@code chunk} points so that memory stays
     * bounded: {@code ChernNumbers.of(chernClusteredSums(points, potential, chunk), Vol_FS)} (cluster-robust errors).
     *
     * @param potential the Kähler potential whose metric g = ∂∂̄K is integrated (Fubini–Study or a learned one);
     *     evaluated from this thread only
     * @param chunk points per curvature evaluation (≥ 1; memory grows linearly with it)
     */
    public static ChernNumbers chernNumbers(PointSet points, KahlerPotential potential, int chunk) {
        if (points.size() < 2) {
            throw new IllegalArgumentException("need at least 2 points for an estimate with an error, got "
                    + points.size());
        }
        int n = points.size();
        int d = points.dimension();
        double[] x = chernTerms(points, potential, chunk);
        return ChernNumbers.of(ClusteredMoments.of(d + 3, x, points.trialOffsets()), points.fubiniStudyVolume(),
                eulerTail(x, d + 3, d, n));
    }

    /**
     * {@link #chernSums} together with the sums of the per-trial totals, for cluster-robust errors: sums of sets of
     * whole trials (e.g. the partitions of a distributed sample) merge with {@link ClusteredMoments#merge}, and
     * {@link ChernNumbers#of(ClusteredMoments, double)} turns them into the estimates of {@link #chernNumbers}.
     *
     * @param points the points (may be fewer than 2: the sums of a part)
     * @param potential the Kähler potential whose metric g = ∂∂̄K is integrated; evaluated from this thread only
     * @param chunk points per curvature evaluation (≥ 1)
     * @return the sums of the d + 3 quantities over the points and over their trials
     */
    public static ClusteredMoments chernClusteredSums(PointSet points, KahlerPotential potential, int chunk) {
        return ClusteredMoments.of(points.dimension() + 3, chernTerms(points, potential, chunk),
                points.trialOffsets());
    }

    /**
     * The mergeable partial sums behind {@link #chernNumbers}: the {@link Moments} of the d + 3 per-point quantities
     * (F<sub>0</sub>, …, F<sub>d</sub>, s·F<sub>0</sub>, |s|·F<sub>0</sub>) with F<sub>k</sub> = c<sub>k</sub>-density
     * /(d!·det g<sub>FS</sub>) and s the scalar curvature (curvature evaluated chunk by chunk; the d + 3 values per
     * point are kept, as for one {@link #integrateDensity} per quantity). Sums of disjoint point sets (e.g.
     * the partitions of a cluster) merge with {@link Moments#merge} into the sums of their union, and
     * {@link ChernNumbers#of} turns them into the estimates; that is how a distributed run reproduces the
     * single-JVM result.
     *
     * @param points the points (may be fewer than 2: the sums of a part)
     * @param potential the Kähler potential whose metric g = ∂∂̄K is integrated; evaluated from this thread only
     * @param chunk points per curvature evaluation (≥ 1)
     * @return the partial sums of the d + 3 quantities over {@code points}
     */
    public static Moments chernSums(PointSet points, KahlerPotential potential, int chunk) {
        return Moments.of(points.dimension() + 3, chernTerms(points, potential, chunk), 0, points.size());
    }

    /**
     * The d + 3 per-point quantities of {@link #chernSums}, point-major: entry p·(d + 3) + j is, for j ≤ d, the term
     * F<sub>j</sub> = c<sub>j</sub>∧ω<sup>d−j</sup>-density/(d!·det g<sub>FS</sub>) of point p (so ∫c<sub>j</sub>∧ω<sup>d−j</sup> ≈
     * Vol<sub>FS</sub>·mean<sub>p</sub>F<sub>j</sub>), then s·F<sub>0</sub> and |s|·F<sub>0</sub>. For diagnostics of the
     * Monte-Carlo means beyond their standard errors (e.g. {@link Estimate#batchMean},
     * {@link TailDiagnostic#hillIndex}).
     *
     * @param points sampled points (density ω<sub>FS</sub><sup>d</sup>/Vol<sub>FS</sub>), in sampling order
     * @param potential the Kähler potential of the metric whose Chern forms are integrated
     * @param chunk points per curvature evaluation (≥ 1; memory grows linearly with it)
     * @return n·(d + 3) values
     */
    public static double[] chernTerms(PointSet points, KahlerPotential potential, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be >= 1, got " + chunk);
        }
        int n = points.size();
        int d = points.dimension();
        int k = d + 3;
        double df = factorial(d);
        double[] fs = points.fsDeterminantView();
        double[] x = new double[n * k];
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            KahlerGeometry g = KahlerGeometry.of(points.slice(from, to), potential);
            double[] c = g.chernView();
            double[] sc = g.scalarView();
            for (int q = 0; q < to - from; q++) {
                int o = (from + q) * k;
                for (int j = 0; j <= d; j++) {
                    x[o + j] = c[q * (d + 1) + j] / (df * fs[from + q]);
                }
                double top = x[o];
                x[o + d + 1] = sc[q] * top;
                x[o + d + 2] = Math.abs(sc[q]) * top;
            }
        }
        return x;
    }

    /** The tail diagnostic of the Euler terms F_d (column d of the quantities); untrusted if one is not finite. */
    private static TailDiagnostic eulerTail(double[] x, int k, int d, int n) {
        double[] euler = new double[n];
        for (int p = 0; p < n; p++) {
            euler[p] = x[p * k + d];
            if (!Double.isFinite(euler[p])) {
                return new TailDiagnostic(1, n, false);
            }
        }
        return TailDiagnostic.of(euler);
    }

    /**
     * c<sub>2</sub>·J<sub>i</sub> = ∫<sub>X</sub> c<sub>2</sub>(g) ∧ J<sub>i</sub> for each projective factor i of a threefold, by
     * Monte Carlo: c<sub>2</sub> is the Chern form of the metric of {@code potential} and J<sub>i</sub> the pulled-back
     * Fubini–Study form of factor i (∫<sub>CP<sup>1</sup></sub>J<sub>i</sub> = 1), whose wedge density is the c<sub>2</sub> pairing of
     * {@link KahlerGeometry#chernDensity} with the metric matrix replaced by that of J<sub>i</sub>. The result is topological
     * (independent of the metric), so it is compared with {@link CicyConfiguration#c2DotJ()}.
     *
     * @param points points on a threefold, in any product of projective spaces
     * @param potential the metric's Kähler potential (e.g. {@link KahlerPotential#fubiniStudy()})
     * @param chunk points per chunk (memory bound)
     * @return one estimate per factor
     * @throws IllegalArgumentException if d ≠ 3 or chunk &lt; 1
     */
    public static Estimate[] c2DotJ(PointSet points, KahlerPotential potential, int chunk) {
        double[][] terms = c2DotJTerms(points, potential, chunk);
        Estimate[] r = new Estimate[terms.length];
        for (int i = 0; i < terms.length; i++) {
            r[i] = meanOverTrials(points, terms[i]).times(points.fubiniStudyVolume());
        }
        return r;
    }

    /**
     * The per-point terms behind {@link #c2DotJ}: entry [i][p] is the c<sub>2</sub>∧J<sub>i</sub> density of point p
     * over d!·det g<sub>FS</sub>, so c<sub>2</sub>·J<sub>i</sub> ≈ Vol<sub>FS</sub>·mean<sub>p</sub>[i][p] (for diagnostics as
     * in {@link #chernTerms}).
     *
     * @param points points on a threefold, in any product of projective spaces
     * @param potential the Kähler potential of the metric whose c<sub>2</sub> form is integrated
     * @param chunk points per chunk (≥ 1; memory grows linearly with it)
     * @return f arrays of n values, in the points' order
     * @throws IllegalArgumentException if d ≠ 3 or chunk &lt; 1
     */
    public static double[][] c2DotJTerms(PointSet points, KahlerPotential potential, int chunk) {
        int d = points.dimension();
        if (d != 3) {
            throw new IllegalArgumentException("c2·J_i needs a threefold, the points have dimension " + d);
        }
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be >= 1, got " + chunk);
        }
        int n = points.size();
        int m = points.coordinateCount();
        int[] starts = points.variety().factorStarts();
        int f = starts.length - 1;
        double[][] dens = new double[f][n];
        double[] z = points.coordsView();
        double[] jac = points.jacobianView();
        org.metricflow.geometry.complex.internal.KahlerCurvatureKernel kernel =
                new org.metricflow.geometry.complex.internal.KahlerCurvatureKernel(d);
        double[] eta = new double[2 * d * d];
        double[] u = new double[2 * d];
        double[] out = new double[d + 1];
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            KahlerGeometry g = KahlerGeometry.of(points.slice(from, to), potential);
            double[] inv = g.inverseView();
            double[] riem = g.riemannView();
            for (int p = from; p < to; p++) {
                int q = p - from;
                for (int i = 0; i < f; i++) {
                    java.util.Arrays.fill(eta, 0.0);
                    org.metricflow.geometry.complex.internal.PointGeometry.addFactorMetric(z, 2 * p * m, jac,
                            2 * p * d * m, d, m, starts[i], starts[i + 1], 1.0, eta, 0, u);
                    kernel.chern(eta, 0, inv, 2 * q * d * d, riem, 2 * q * d * d * d * d, out, 0);
                    dens[i][p] = out[2];
                }
            }
        }
        double[] fs = points.fsDeterminantView();
        double df = factorial(d);
        for (int i = 0; i < f; i++) {
            for (int p = 0; p < n; p++) {
                dens[i][p] /= df * fs[p];
            }
        }
        return dens;
    }

    /** Results of {@link #chernNumbers}: immutable. */
    public static final class ChernNumbers {
        private final Estimate[] numbers;
        private final Estimate[] independent;
        private final Estimate ricciMeasure;
        private final Estimate totalScalar;
        private final TailDiagnostic eulerTail;

        private ChernNumbers(Estimate[] numbers, Estimate[] independent, Estimate ricciMeasure, Estimate totalScalar,
                TailDiagnostic eulerTail) {
            this.numbers = numbers;
            this.independent = independent;
            this.ricciMeasure = ricciMeasure;
            this.totalScalar = totalScalar;
            this.eulerTail = eulerTail;
        }

        /**
         * The tail diagnostic of the Euler characteristic's per-point Monte-Carlo terms: whether its standard error
         * can be trusted (a heavy-tailed χ integrand, as near singular points, makes it understate the error).
         *
         * @return the diagnostic of the terms c<sub>d</sub>/(d!·det g<sub>FS</sub>) over the points
         */
        public TailDiagnostic eulerTail() {
            return eulerTail;
        }

        /**
         * The estimates from the partial sums of {@link #chernSums} (merged over all points): ∫c<sub>k</sub>∧ω<sup>d−k</sup>
         * = Vol<sub>FS</sub>·mean(F<sub>k</sub>), ∫s ω<sup>d</sup> = Vol<sub>FS</sub>·mean(s·F<sub>0</sub>) and the
         * Ricci measure mean(|s|·F<sub>0</sub>)/mean(F<sub>0</sub>) (delta-method error).
         *
         * @param sums the merged sums of d + 3 quantities, at least 2 points
         * @param fubiniStudyVolume Vol<sub>FS</sub> of the variety (the product of its degrees)
         * @return the Chern numbers, Ricci measure and total scalar curvature with standard errors
         */
        public static ChernNumbers of(Moments sums, double fubiniStudyVolume) {
            return of(sums, fubiniStudyVolume, new TailDiagnostic(Double.NaN, (int) Math.min(Integer.MAX_VALUE,
                    sums.count()), false));
        }

        /**
         * {@link #of(Moments, double)} with the tail diagnostic of the Euler terms, which needs the per-point terms
         * (merged sums alone cannot give it: there {@link #eulerTail()} is unknown, a NaN share marked untrusted).
         *
         * @param sums the merged sums of d + 3 quantities, at least 2 points
         * @param fubiniStudyVolume Vol<sub>FS</sub> of the variety (the product of its degrees)
         * @param eulerTail the diagnostic of the per-point Euler terms
         * @return the Chern numbers, Ricci measure and total scalar curvature with standard errors
         */
        public static ChernNumbers of(Moments sums, double fubiniStudyVolume, TailDiagnostic eulerTail) {
            java.util.Objects.requireNonNull(eulerTail, "eulerTail");
            int d = dimensionOf(sums);
            Estimate[] numbers = new Estimate[d + 1];
            for (int k = 0; k <= d; k++) {
                numbers[k] = sums.meanEstimate(k).times(fubiniStudyVolume);
            }
            return new ChernNumbers(numbers, numbers, sums.ratioEstimate(d + 2, 0),
                    sums.meanEstimate(d + 1).times(fubiniStudyVolume), eulerTail);
        }

        /**
         * {@link #of(Moments, double, TailDiagnostic)} from sums over points grouped in independent sampling trials
         * ({@link #chernClusteredSums}): the same values, with cluster-robust standard errors
         * ({@link ClusteredMoments}); {@link #independentPointsChernNumber} keeps the errors that treat the points
         * as independent.
         *
         * @param sums the merged clustered sums of d + 3 quantities, at least 2 points (with fewer than 2 trials
         *     the errors are NaN: unknown)
         * @param fubiniStudyVolume Vol<sub>FS</sub> of the variety (the product of its degrees)
         * @param eulerTail the diagnostic of the per-point Euler terms
         * @return the Chern numbers, Ricci measure and total scalar curvature with cluster-robust standard errors
         */
        public static ChernNumbers of(ClusteredMoments sums, double fubiniStudyVolume, TailDiagnostic eulerTail) {
            java.util.Objects.requireNonNull(eulerTail, "eulerTail");
            Moments points = sums.samples();
            int d = dimensionOf(points);
            Estimate[] numbers = new Estimate[d + 1];
            Estimate[] independent = new Estimate[d + 1];
            for (int k = 0; k <= d; k++) {
                numbers[k] = sums.meanEstimate(k).times(fubiniStudyVolume);
                independent[k] = points.meanEstimate(k).times(fubiniStudyVolume);
            }
            return new ChernNumbers(numbers, independent, sums.ratioEstimate(d + 2, 0),
                    sums.meanEstimate(d + 1).times(fubiniStudyVolume), eulerTail);
        }

        /**
         * {@link #of(ClusteredMoments, double, TailDiagnostic)} without the per-point tail diagnostic (merged sums
         * cannot give it: {@link #eulerTail()} is then unknown, a NaN share marked untrusted).
         *
         * @param sums the merged clustered sums of d + 3 quantities, at least 2 points (with fewer than 2 trials
         *     the errors are NaN: unknown)
         * @param fubiniStudyVolume Vol<sub>FS</sub> of the variety
         * @return the Chern numbers, Ricci measure and total scalar curvature with cluster-robust standard errors
         */
        public static ChernNumbers of(ClusteredMoments sums, double fubiniStudyVolume) {
            return of(sums, fubiniStudyVolume, new TailDiagnostic(Double.NaN, (int) Math.min(Integer.MAX_VALUE,
                    sums.samples().count()), false));
        }

        private static int dimensionOf(Moments sums) {
            int d = sums.quantities() - 3;
            if (d < 0) {
                throw new IllegalArgumentException("Chern sums hold d + 3 quantities, got " + sums.quantities());
            }
            return d;
        }

        /**
         * ∫c<sub>k</sub>∧ω<sup>d−k</sup> with the standard error that treats the points as independent (sd/√N): for
         * comparison with {@link #chernNumber}, whose error is cluster-robust over the sampling trials (the same
         * estimate when the sums carried no trials).
         *
         * @param k 0 ≤ k ≤ d
         * @return the same value as {@link #chernNumber}(k) with the naive error
         */
        public Estimate independentPointsChernNumber(int k) {
            chernNumber(k);
            return independent[k];
        }

        /**
         * Complex dimension d.
         */
        public int dimension() {
            return numbers.length - 1;
        }

        /**
         * ∫c<sub>k</sub>∧ω<sup>d−k</sup>, 0 ≤ k ≤ d.
         */
        public Estimate chernNumber(int k) {
            if (k < 0 || k >= numbers.length) {
                throw new IllegalArgumentException("k must be in 0.." + (numbers.length - 1) + ", got " + k);
            }
            return numbers[k];
        }

        /**
         * ∫ω<sup>d</sup>.
         *
         * @return ∫ω<sup>d</sup>
         */
        public Estimate volume() {
            return numbers[0];
        }

        /**
         * χ = ∫c<sub>d</sub>.
         *
         * @return χ = ∫c<sub>d</sub>
         */
        public Estimate euler() {
            return numbers[numbers.length - 1];
        }

        /**
         * (1/Vol)∫|s|ω<sup>d</sup>.
         */
        public Estimate ricciMeasure() {
            return ricciMeasure;
        }

        /**
         * ∫s ω<sup>d</sup>.
         *
         * @return ∫s ω<sup>d</sup>
         */
        public Estimate totalScalarCurvature() {
            return totalScalar;
        }
    }
}
