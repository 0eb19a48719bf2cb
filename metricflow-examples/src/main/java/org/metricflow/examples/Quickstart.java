package org.metricflow.examples;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.stats.Estimate;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.geometry.riemann.ChartIntegration;
import org.metricflow.geometry.riemann.Curvature;
import org.metricflow.geometry.riemann.MetricField;
import org.metricflow.geometry.riemann.StandardMetrics;

/**
 * The quickstart tour: what metricflow computes today, in a few seconds.
 * <ol>
 *   <li>Curvature by automatic differentiation: the unit round S² has scalar curvature R = 2 everywhere.</li>
 *   <li>Gauss–Bonnet: on a conformally deformed sphere g = e<sup>2u</sup>g<sub>S²</sub>, ∫K dA = 4π although K is
 *       far from constant.</li>
 *   <li>The Fermat quintic threefold X ⊂ CP⁴: sample points with exact Monte-Carlo weights, integrate the
 *       holomorphic volume form, ∫<sub>X</sub>Ω∧Ω̄ ≈ 379.4, and measure how far Fubini–Study is from Ricci-flat with
 *       σ = (1/Vol<sub>Ω</sub>)∫|1 − (ω³/Vol<sub>ω</sub>)/(Ω∧Ω̄/Vol<sub>Ω</sub>)| dVol<sub>Ω</sub> ≈ 0.37.</li>
 * </ol>
 * Run it with {@code java -jar metricflow-examples/target/metricflow.jar quickstart}, or call
 * {@link #run(PrintWriter, int, long)} from Java.
 */
public final class Quickstart {
    private Quickstart() {
    }

    /** Runs the tour with 100 000 quintic points. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        run(out, 100_000, 42);
        out.flush();
    }

    /**
     * Runs the tour, printing to {@code out}.
     *
     * @param points the number of quintic points to sample
     * @param seed the seed of every random draw
     * @return the results: {@code sphereScalarCurvature}, {@code gaussBonnet} (∫K dA on the deformed sphere),
     *     {@code omegaVolume}, {@code omegaVolumeError}, {@code sigmaFS}, {@code sigmaFSError},
     *     {@code samplingSeconds}
     */
    public static Map<String, Object> run(PrintWriter out, int points, long seed) {
        Map<String, Object> results = new LinkedHashMap<>();

        out.println("1. Curvature by automatic differentiation");
        double r = Curvature.of(StandardMetrics.sphereStereographic(2, 1.0)).at(0.3, -0.7).scalar();
        out.printf("   unit round S^2 at (0.3, -0.7): scalar curvature R = %.15f (exact: 2)%n", r);
        results.put("sphereScalarCurvature", r);

        out.println("2. Gauss-Bonnet on a deformed sphere, g = exp(2u) g_S2 with u = 0.4 cos(theta) + 0.3 x^2");
        MetricField deformed = StandardMetrics.sphereAngular(2, 1.0).conformal(p -> {
            Tensor x = p.col(0).sin().times(p.col(1).cos());
            return p.col(0).cos().times(0.4).plus(x.square().times(0.3));
        });
        Curvature curvature = Curvature.of(deformed);
        double total = ChartIntegration.of(deformed, new double[] {0, 0}, new double[] {Math.PI, 2 * Math.PI})
                .integrateGaussLegendre(x -> {
                    double[] k = curvature.scalarCurvature(x);
                    for (int i = 0; i < k.length; i++) {
                        k[i] *= 0.5;
                    }
                    return k;
                }, 48);
        out.printf("   integral of K dA = %.12f, 4 pi = %.12f%n", total, 4 * Math.PI);
        results.put("gaussBonnet", total);

        out.printf("3. The Fermat quintic in CP^4: %,d points%n", points);
        long t0 = System.nanoTime();
        PointSet ps = ProjectiveVariety.fermatQuintic().sample(points, seed);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Estimate volume = KahlerIntegrals.omegaVolume(ps);
        Estimate sigma = KahlerIntegrals.sigmaFubiniStudy(ps);
        out.printf("   sampled with weights in %.3f s%n", seconds);
        out.printf("   volume of the holomorphic 3-form, integral of |Omega|^2: %.2f +- %.2f%n", volume.value(),
                volume.standardError());
        out.printf("   sigma of Fubini-Study: %.4f +- %.4f (0 would be Ricci-flat)%n", sigma.value(),
                sigma.standardError());
        results.put("omegaVolume", volume.value());
        results.put("omegaVolumeError", volume.standardError());
        results.put("sigmaFS", sigma.value());
        results.put("sigmaFSError", sigma.standardError());
        results.put("samplingSeconds", seconds);
        return results;
    }
}
