package org.metricflow.bench;

import java.util.Locale;
import org.metricflow.core.stats.Estimate;
import org.metricflow.core.stats.TailDiagnostic;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * Diagnostics of the Monte-Carlo topology of a threefold's reference metric beyond its standard errors: for
 * ∫J<sup>3</sup>, ∫c<sub>1</sub>∧J², ∫c<sub>2</sub>∧J, χ and each c<sub>2</sub>·J<sub>i</sub> the estimate with the naive error
 * (points independent), the cluster-robust error over the sampling trials (what {@code topology} reports; the
 * points of one random slice are correlated, slices are independent) and the batch-means error (20 blocks of
 * consecutive points, another way to cover that correlation), the share of the sample variance carried by one point and the Hill tail index of
 * the per-point terms (top 0.5 %); then a sampler check with bounded integrands: Vol<sub>t'</sub> =
 * Vol<sub>t</sub>·mean(det g<sub>t'</sub>/det g<sub>t</sub>) at the same points for a few other moduli t', against the exact
 * Σd<sub>ijk</sub>t'<sub>i</sub>t'<sub>j</sub>t'<sub>k</sub>. Usage:
 * {@code java -Dmetricflow.threads=1 -cp benchmarks.jar org.metricflow.bench.CicyTailCheck VARIETY POINTS SEED}.
 */
public final class CicyTailCheck {
    private static final int BLOCKS = 20;

    private CicyTailCheck() {
    }

    /**
     * Runs the diagnostics; see the class comment for the arguments.
     *
     * @param args variety name, number of points, seed
     */
    public static void main(String[] args) {
        ProjectiveVariety x = ProjectiveVariety.parse(args[0]);
        int n = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        long t0 = System.nanoTime();
        PointSet pts = x.sample(n, seed);
        long t1 = System.nanoTime();
        int d = pts.dimension();
        if (d != 3) {
            throw new IllegalArgumentException("needs a threefold, " + x.name() + " has dimension " + d);
        }
        double vol = pts.fubiniStudyVolume();
        double[] chern = CurvatureIntegrals.chernTerms(pts, KahlerPotential.fubiniStudy(), 16384);
        double[][] c2j = CurvatureIntegrals.c2DotJTerms(pts, KahlerPotential.fubiniStudy(), 16384);
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "%s, %d points, seed %d: sampling %.1f s, curvature %.1f s (wall)%n", x.name(), n,
                seed, (t1 - t0) * 1e-9, (t2 - t1) * 1e-9);
        System.out.printf(Locale.ROOT, "%-10s %-20s %-10s %-10s %-13s %s%n", "integral", "value ± naive error",
                "trial err", "batch err", "max share", "tail index");
        String[] names = {"J^3", "c1∧J^2", "c2∧J", "χ"};
        for (int j = 0; j <= d; j++) {
            double[] y = new double[n];
            for (int p = 0; p < n; p++) {
                y[p] = chern[p * (d + 3) + j] * vol;
            }
            row(pts, names[j], y, j > 0);
        }
        for (int i = 0; i < c2j.length; i++) {
            double[] y = c2j[i].clone();
            for (int p = 0; p < n; p++) {
                y[p] *= vol;
            }
            row(pts, "c2·J_" + (i + 1), y, true);
        }
        double[] t = x.kahlerModuli();
        double[] coords = pts.coordinates();
        double[] det = pts.fubiniStudyDeterminants();
        for (int i = 0; i < t.length; i++) {
            for (double scale : new double[] {3.0, 1.0 / 3}) {
                double[] tp = t.clone();
                tp[i] *= scale;
                ProjectiveVariety other = x.withKahlerModuli(tp);
                double[] detOther = other.pointSet(coords, n).fubiniStudyDeterminants();
                double[] y = new double[n];
                for (int p = 0; p < n; p++) {
                    y[p] = vol * detOther[p] / det[p];
                }
                Estimate e = CurvatureIntegrals.meanOverTrials(pts, y);
                StringBuilder ts = new StringBuilder();
                for (double v : tp) {
                    ts.append(ts.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3g", v));
                }
                System.out.printf(Locale.ROOT, "Vol_t' at t' = (%s): %.3f ± %.3f (trial error; exact %.3f, %.1fσ)%n",
                        ts, e.value(), e.standardError(), other.fubiniStudyVolume(),
                        e.deviationsFrom(other.fubiniStudyVolume()));
            }
        }
    }

    private static void row(PointSet pts, String name, double[] y, boolean tail) {
        Estimate naive = Estimate.mean(y);
        Estimate trials = CurvatureIntegrals.meanOverTrials(pts, y);
        Estimate batch = Estimate.batchMean(y, y.length / BLOCKS);
        String index = tail ? String.format(Locale.ROOT, "%.2f", TailDiagnostic.hillIndex(y, Math.max(10,
                y.length / 200))) : "-";
        System.out.printf(Locale.ROOT, "%-10s %9.3f ± %-8.3f %-10.3f %-10.3f %-13.3f %s%n", name, naive.value(),
                naive.standardError(), trials.standardError(), batch.standardError(),
                TailDiagnostic.of(y).varianceShare(), index);
    }
}
