package org.metricflow.geometry.complex;

import org.metricflow.core.stats.Estimate;

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
        int n = x.length;
        double mean = 0.0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double var = 0.0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= (n - 1);
        return Estimate.of(scale * mean, scale * Math.sqrt(var / n));
    }

    /**
     * Vol<sub>ω</sub> = ∫<sub>X</sub> ω<sup>d</sup> ≈ Vol<sub>FS</sub>·mean(det g/det g<sup>FS</sup>).
     *
     * @param points the points
     * @param detG the det g
     * @return Vol<sub>ω</sub> = ∫<sub>X</sub> ω<sup>d</sup> ≈ Vol<sub>FS</sub>·mean(det g/det g<sup>FS</sup>)
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
     *
     * @param points the points
     * @return Vol<sub>Ω</sub> = ∫<sub>X</sub> dVol<sub>Ω</sub> ≈ Vol<sub>FS</sub>·mean(w)
     */
    public static Estimate omegaVolume(PointSet points) {
        check(points, null, "");
        return meanEstimate(points.weightView(), points.fubiniStudyVolume());
    }

    /**
     * ∫<sub>X</sub> f dVol<sub>Ω</sub> ≈ Vol<sub>FS</sub>·mean(f·w) for f given per point.
     *
     * @param points the points
     * @param f the argument {@code f}
     * @return ∫<sub>X</sub> f dVol<sub>Ω</sub> ≈ Vol<sub>FS</sub>·mean(f·w) for f given per point
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
     *
     * @param points the points
     * @param detG the det g
     * @return κ = Vol<sub>ω</sub>/Vol<sub>Ω</sub> for the metric with determinants {@code detG}
     */
    public static Estimate kappa(PointSet points, double[] detG) {
        checkDeterminants(points, detG);
        int n = points.size();
        double[] fs = points.fsDeterminantView();
        double[] w = points.weightView();
        double sa = 0.0;
        double sw = 0.0;
        for (int p = 0; p < n; p++) {
            sa += detG[p] / fs[p];
            sw += w[p];
        }
        double meanA = sa / n;
        double meanW = sw / n;
        double kappa = meanA / meanW;
        double var = 0.0;
        for (int p = 0; p < n; p++) {
            double psi = (detG[p] / fs[p] - kappa * w[p]) / meanW;
            var += psi * psi;
        }
        var /= (n - 1);
        return Estimate.of(kappa, Math.sqrt(var / n));
    }

    /**
     * σ of the metric with determinants {@code detG} (formula in the class comment).
     *
     * @param points the points
     * @param detG the det g
     * @return σ of the metric with determinants {@code detG} (formula in the class comment)
     */
    public static Estimate sigma(PointSet points, double[] detG) {
        checkDeterminants(points, detG);
        return sigma(points, detG, false);
    }

    /**
     * σ of the Fubini–Study metric (det g = det g<sup>FS</sup>).
     *
     * @param points the points
     * @return σ of the Fubini–Study metric (det g = det g<sup>FS</sup>)
     */
    public static Estimate sigmaFubiniStudy(PointSet points) {
        check(points, null, "");
        return sigma(points, null, true);
    }

    private static Estimate sigma(PointSet points, double[] detG, boolean fsMetric) {
        int n = points.size();
        double[] fs = points.fsDeterminantView();
        double[] w = points.weightView();
        double sa = 0.0;
        double sw = 0.0;
        for (int p = 0; p < n; p++) {
            sa += fsMetric ? 1.0 : detG[p] / fs[p];
            sw += w[p];
        }
        double meanA = sa / n;
        double meanW = sw / n;
        double kappa = meanA / meanW;
        double invKappa = 1.0 / kappa;
        double sf = 0.0;
        double sd = 0.0;
        for (int p = 0; p < n; p++) {
            double a = fsMetric ? 1.0 : detG[p] / fs[p];
            double diff = w[p] - a * invKappa;
            sf += Math.abs(diff);
            sd += Math.signum(diff) * a;
        }
        double meanF = sf / n;
        double sigma = meanF / meanW;
        // dF/dκ = mean(sign(w − a/κ)·a)/κ²
        double dFdKappa = sd / n * invKappa * invKappa;
        double var = 0.0;
        for (int p = 0; p < n; p++) {
            double a = fsMetric ? 1.0 : detG[p] / fs[p];
            double f = Math.abs(w[p] - a * invKappa);
            double psi = (f - sigma * w[p] + dFdKappa * (a - kappa * w[p]) / meanW) / meanW;
            var += psi * psi;
        }
        var /= (n - 1);
        return Estimate.of(sigma, Math.sqrt(var / n));
    }
}
