package org.metricflow.geometry.complex;

import org.metricflow.core.stats.Estimate;
import org.metricflow.core.stats.Moments;

/**
 * Monte-Carlo integrals over a variety X from a {@link PointSet} sampled with density
 * ω<sub>FS</sub><sup>d</sup>/Vol<sub>FS</sub> (Vol<sub>FS</sub> = Π deg). Every result is an {@link Estimate}
 * with its standard error. A Kähler metric is given by its determinant det g per point in the local coordinates
 * of the point set; then ω<sup>d</sup>/ω<sub>FS</sub><sup>d</sup> = a<sub>p</sub> = det g/det g<sup>FS</sup>
 * and dVol<sub>Ω</sub>/ω<sub>FS</sub><sup>d</sup> = w<sub>p</sub> (the weights). With means over the N points:
 * <ul>
 *   <li>Vol<sub>ω</sub> = ∫<sub>X</sub>ω<sup>d</sup> ≈ Vol<sub>FS</sub>·mean(a);</li>
 *   <li>Vol<sub>Ω</sub> = ∫<sub>X</sub>dVol<sub>Ω</sub> ≈ Vol<sub>FS</sub>·mean(w);</li>
 *   <li>κ = Vol<sub>ω</sub>/Vol<sub>Ω</sub> ≈ mean(a)/mean(w);</li>
 *   <li>σ = (1/Vol<sub>Ω</sub>)∫<sub>X</sub>|1 − (ω<sup>d</sup>/Vol<sub>ω</sub>)/(dVol<sub>Ω</sub>/Vol<sub>Ω</sub>)|
 *       dVol<sub>Ω</sub> ≈ mean(|w − a/κ|)/mean(w) (scale invariant: multiplying det g by a constant leaves σ
 *       unchanged; σ = 0 iff ω<sup>d</sup> ∝ Ω∧Ω̄, i.e. Ricci-flat).</li>
 * </ul>
 * Standard errors: sd/√N for plain means and the delta method (linearized influence function, including the
 * dependence on the estimated κ) for ratios and σ. They treat the points as independent; points from the same
 * random line are weakly dependent, which the tests find to be immaterial for these estimators.
 */
public final class KahlerIntegrals {
    private KahlerIntegrals() {
    }

    private static void check(PointSet points, double[] perPoint, String what) {
        java.util.Objects.requireNonNull(points, "points");
        if (points.size() < 2) {
            throw new IllegalArgumentException("need at least 2 points for an estimate with an error, got "
                    + points.size());
        }
        if (perPoint != null && perPoint.length != points.size()) {
            throw new IllegalArgumentException(what + ": expected one value per point (" + points.size() + "), got "
                    + perPoint.length);
        }
    }

    /** Determinants of a metric: non-negative (NaN passes through, so that a non-finite run is still reported). */
    private static void checkDeterminants(PointSet points, double[] detG) {
        java.util.Objects.requireNonNull(detG, "detG");
        check(points, detG, "detG");
        for (int p = 0; p < detG.length; p++) {
            if (detG[p] < 0) {
                throw new IllegalArgumentException("detG[" + p + "] = " + detG[p] + " is negative: the metric is not"
                        + " positive definite there, so σ, κ and the volume are undefined");
            }
        }
    }

    private static Estimate meanEstimate(double[] x, double scale) {
        return Moments.of(x).meanEstimate(0).times(scale);
    }

    /**
     * Vol<sub>ω</sub> = ∫<sub>X</sub> ω<sup>d</sup> ≈ Vol<sub>FS</sub>·mean(det g/det g<sup>FS</sup>).
     */
    public static Estimate volume(PointSet points, double[] detG) {
        checkDeterminants(points, detG);
        double[] fs = points.fsDeterminantView();
        double[] a = new double[points.size()];
        for (int p = 0; p < a.length; p++) {
            a[p] = detG[p] / fs[p];
        }
        return meanEstimate(a, points.fubiniStudyVolume());
    }

    /**
     * Vol<sub>Ω</sub> = ∫<sub>X</sub> dVol<sub>Ω</sub> ≈ Vol<sub>FS</sub>·mean(w).
     */
    public static Estimate omegaVolume(PointSet points) {
        check(points, null, "");
        return meanEstimate(points.weightView(), points.fubiniStudyVolume());
    }

    /**
     * ∫<sub>X</sub> f dVol<sub>Ω</sub> ≈ Vol<sub>FS</sub>·mean(f·w) for f given per point.
     */
    public static Estimate integral(PointSet points, double[] f) {
        java.util.Objects.requireNonNull(f, "f");
        check(points, f, "f");
        double[] w = points.weightView();
        double[] x = new double[f.length];
        for (int p = 0; p < x.length; p++) {
            x[p] = f[p] * w[p];
        }
        return meanEstimate(x, points.fubiniStudyVolume());
    }

    /**
     * κ = Vol<sub>ω</sub>/Vol<sub>Ω</sub> for the metric with determinants {@code detG}.
     */
    public static Estimate kappa(PointSet points, double[] detG) {
        checkDeterminants(points, detG);
        return sigmaSums(points, detG).ratioEstimate(0, 1);
    }

    /**
     * σ of the metric with determinants {@code detG} (formula in the class comment).
     */
    public static Estimate sigma(PointSet points, double[] detG) {
        checkDeterminants(points, detG);
        return sigma(points, detG, false);
    }

    /**
     * σ of the Fubini–Study metric (det g = det g<sup>FS</sup>).
     */
    public static Estimate sigmaFubiniStudy(PointSet points) {
        check(points, null, "");
        return sigma(points, null, true);
    }

    private static Estimate sigma(PointSet points, double[] detG, boolean fsMetric) {
        Moments sums = sigmaSums(points, detG);
        double kappa = kappa(sums);
        if (!(kappa > 0) || Double.isInfinite(kappa)) {
            // an overflowing or vanishing metric (e.g. a diverging training run): σ is undefined, and NaN says so
            return Estimate.of(Double.NaN, Double.NaN);
        }
        return sigma(sums, sigmaDeviationSums(points, detG, kappa));
    }

    /**
     * The mergeable partial sums of σ's first pass: the {@link Moments} of (a, w) with a = det g/det g<sup>FS</sup>
     * and w the weight, per point. Sums of disjoint point sets merge ({@link Moments#merge}) into those of their
     * union; {@link #kappa(Moments)} gives κ from them.
     *
     * @param points the points (any number, e.g. one partition of a larger set)
     * @param detG det g per point in the points' local coordinates, or null for the Fubini–Study metric (a = 1)
     * @return the sums of the 2 quantities (a, w)
     */
    public static Moments sigmaSums(PointSet points, double[] detG) {
        int n = points.size();
        if (detG != null && detG.length != n) {
            throw new IllegalArgumentException("detG: expected one value per point (" + n + "), got " + detG.length);
        }
        double[] fs = points.fsDeterminantView();
        double[] w = points.weightView();
        double[] x = new double[2 * n];
        for (int p = 0; p < n; p++) {
            x[2 * p] = detG == null ? 1.0 : detG[p] / fs[p];
            x[2 * p + 1] = w[p];
        }
        return Moments.of(2, x, 0, n);
    }

    /**
     * κ = mean(a)/mean(w) from the first-pass sums of {@link #sigmaSums}.
     *
     * @param sums the merged first-pass sums over all points
     * @return κ = Vol<sub>ω</sub>/Vol<sub>Ω</sub> (&gt; 0 for a metric)
     */
    public static double kappa(Moments sums) {
        return sums.mean(0) / sums.mean(1);
    }

    /**
     * The mergeable partial sums of σ's second pass at a given κ: the {@link Moments} of (|w − a/κ|, a, w,
     * sign(w − a/κ)·a) per point.
     *
     * @param points the points (any number)
     * @param detG det g per point, or null for the Fubini–Study metric
     * @param kappa κ of the whole point set, from {@link #kappa(Moments)}
     * @return the sums of the 4 quantities
     */
    public static Moments sigmaDeviationSums(PointSet points, double[] detG, double kappa) {
        int n = points.size();
        if (detG != null && detG.length != n) {
            throw new IllegalArgumentException("detG: expected one value per point (" + n + "), got " + detG.length);
        }
        if (!(kappa > 0) || Double.isInfinite(kappa)) {
            throw new IllegalArgumentException("kappa must be positive and finite, got " + kappa);
        }
        double[] fs = points.fsDeterminantView();
        double[] w = points.weightView();
        double invKappa = 1.0 / kappa;
        double[] x = new double[4 * n];
        for (int p = 0; p < n; p++) {
            double a = detG == null ? 1.0 : detG[p] / fs[p];
            double diff = w[p] - a * invKappa;
            x[4 * p] = Math.abs(diff);
            x[4 * p + 1] = a;
            x[4 * p + 2] = w[p];
            x[4 * p + 3] = Math.signum(diff) * a;
        }
        return Moments.of(4, x, 0, n);
    }

    /**
     * σ = mean|w − a/κ|/mean(w) with its delta-method standard error (influence function
     * ψ = (f − σw + (∂F/∂κ)(a − κw)/mean(w))/mean(w), ∂F/∂κ = mean(sign(w − a/κ)·a)/κ², including the dependence on
     * the estimated κ), from the merged sums of the two passes.
     *
     * @param sums merged {@link #sigmaSums} over all points (≥ 2)
     * @param deviations merged {@link #sigmaDeviationSums} over the same points at κ = {@code kappa(sums)}
     * @return σ with its standard error
     */
    public static Estimate sigma(Moments sums, Moments deviations) {
        long n = deviations.count();
        if (n < 2 || sums.count() != n) {
            throw new IllegalArgumentException("σ needs both passes over the same ≥ 2 points, got " + sums.count()
                    + " and " + n);
        }
        double kappa = kappa(sums);
        double invKappa = 1.0 / kappa;
        double meanW = deviations.mean(2);
        double sigma = deviations.mean(0) / meanW;
        double dFdKappa = deviations.mean(3) * invKappa * invKappa;
        double c = dFdKappa / meanW;
        // ψ·mean(w) = f + c·a − (σ + c·κ)·w, a linear combination whose sample mean vanishes
        double ss = deviations.comoment(1.0, c, -(sigma + c * kappa), 0.0);
        return Estimate.of(sigma, Math.sqrt(ss / (meanW * meanW) / (n - 1) / n));
    }
}
