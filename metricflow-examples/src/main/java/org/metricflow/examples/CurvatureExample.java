package org.metricflow.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.stats.Estimate;
import org.metricflow.examples.plot.Plots;
import org.metricflow.geometry.riemann.Curvature;
import org.metricflow.geometry.riemann.MetricField;
import org.metricflow.geometry.riemann.StandardMetrics;

/**
 * Teaching example 1: curvature by automatic differentiation, and Gauss–Bonnet by Monte Carlo.
 *
 * <p>A metric is a function x ↦ g<sub>ij</sub>(x) written with {@link Tensor} operations; {@link Curvature} takes
 * its first and second derivatives by reverse-mode autodiff to get Christoffel symbols, Riemann, Ricci and the scalar
 * curvature R. On the unit round sphere R = 2 everywhere (Gauss curvature K = R/2 = 1). On the deformed sphere
 * g = e<sup>2u</sup> g<sub>S²</sub> with u = 0.4 cos θ + 0.3 sin²θ cos²φ, K varies from point to point, yet
 * Gauss–Bonnet says ∫K dA = 2πχ(S²) = 4π. The integral is estimated by Monte Carlo: with θ = arccos(1 − 2U),
 * φ = 2πV (U, V uniform) the points are uniform on the round sphere, and
 * <pre>
 *   ∫ K dA = 4π · E[ K(θ, φ) √det g(θ, φ) / sin θ ],
 * </pre>
 * with the standard error of the mean as error bar: the estimate must agree with 4π within a few errors, and the
 * error shrinks like N<sup>−1/2</sup>.
 */
public final class CurvatureExample {
    private CurvatureExample() {
    }

    /**
     * Runs the example with 20 000 Monte-Carlo points and writes into {@code runs/example-curvature}.
     *
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        PrintWriter out = new PrintWriter(System.out, true);
        run(out, 20_000, 1, Path.of("runs", "example-curvature"));
        out.flush();
    }

    /**
     * The deformed sphere e<sup>2u</sup> g<sub>S²</sub>, u = 0.4 cos θ + 0.3 sin²θ cos²φ, in (θ, φ).
     */
    public static MetricField deformedSphere() {
        return StandardMetrics.sphereAngular(2, 1.0).conformal(p -> {
            Tensor x = p.col(0).sin().times(p.col(1).cos());
            return p.col(0).cos().times(0.4).plus(x.square().times(0.3));
        });
    }

    /**
     * Runs the example.
     *
     * @param out where the results are printed
     * @param samples Monte-Carlo points (≥ 100)
     * @param seed the seed of the points
     * @param outDir if not null, {@code gauss_bonnet.csv} and {@code gauss_bonnet.png} (the estimate's error and
     *     standard error against the number of points) are written there
     * @return {@code sphereScalarCurvature} (R of the unit sphere at (0.3, −0.7) in stereographic coordinates),
     *     {@code sphereMaxError} (max |R − 2| over 100 random points), {@code gaussBonnet}, {@code gaussBonnetError},
     *     {@code fourPi}, {@code minK}, {@code maxK}, {@code samples}
     * @throws IOException if an output file cannot be written
     */
    public static Map<String, Object> run(PrintWriter out, int samples, long seed, Path outDir) throws IOException {
        if (samples < 100) {
            throw new IllegalArgumentException("need at least 100 Monte-Carlo points, got " + samples);
        }
        Map<String, Object> results = new LinkedHashMap<>();
        MetricField sphere = StandardMetrics.sphereStereographic(2, 1.0);
        Curvature round = Curvature.of(sphere);
        double r = round.at(0.3, -0.7).scalar();
        Rng rng = Rng.stream(seed, 1);
        DMatrixRMaj chart = new DMatrixRMaj(100, 2);
        for (int i = 0; i < chart.data.length; i++) {
            chart.data[i] = rng.uniform(-2, 2);
        }
        double maxError = 0;
        for (double v : round.scalarCurvature(chart)) {
            maxError = Math.max(maxError, Math.abs(v - 2));
        }
        out.println("1. The unit round sphere, metric 4 dx^2/(1 + |x|^2)^2 in stereographic coordinates:");
        out.printf(Locale.ROOT, "   scalar curvature at (0.3, -0.7): R = %.15f (exact 2); max |R - 2| over 100 random"
                + " points: %.2e%n", r, maxError);

        MetricField deformed = deformedSphere();
        Curvature curvature = Curvature.of(deformed);
        DMatrixRMaj x = new DMatrixRMaj(samples, 2);
        for (int p = 0; p < samples; p++) {
            x.set(p, 0, Math.acos(1 - 2 * rng.nextDouble()));
            x.set(p, 1, 2 * Math.PI * rng.nextDouble());
        }
        double[] scalar = curvature.scalarCurvature(x);
        DMatrixRMaj g = deformed.components(Tensor.constant(x)).value();
        double[] integrand = new double[samples];
        double minK = Double.POSITIVE_INFINITY;
        double maxK = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < samples; p++) {
            double k = scalar[p] / 2;
            minK = Math.min(minK, k);
            maxK = Math.max(maxK, k);
            double sqrtDet = Math.sqrt(g.get(p, 0) * g.get(p, 3) - g.get(p, 1) * g.get(p, 2));
            integrand[p] = 4 * Math.PI * k * sqrtDet / Math.sin(x.get(p, 0));
        }
        Estimate total = Estimate.mean(integrand);
        out.println("2. A deformed sphere g = exp(2u) g_S2, u = 0.4 cos(theta) + 0.3 sin(theta)^2 cos(phi)^2:");
        out.printf(Locale.ROOT, "   Gauss curvature K = R/2 ranges over [%.3f, %.3f]%n", minK, maxK);
        out.printf(Locale.ROOT, "   Gauss-Bonnet by Monte Carlo (%d points): integral of K dA = %.4f +- %.4f,"
                + " 4 pi = %.4f (%.1f standard errors off)%n", samples, total.value(), total.standardError(),
                4 * Math.PI, Math.abs(total.value() - 4 * Math.PI) / total.standardError());
        results.put("sphereScalarCurvature", r);
        results.put("sphereMaxError", maxError);
        results.put("gaussBonnet", total.value());
        results.put("gaussBonnetError", total.standardError());
        results.put("fourPi", 4 * Math.PI);
        results.put("minK", minK);
        results.put("maxK", maxK);
        results.put("samples", samples);
        if (outDir != null) {
            Files.createDirectories(outDir);
            int steps = 0;
            for (int n = 100; n <= samples; n *= 2) {
                steps++;
            }
            double[] counts = new double[steps];
            double[] errors = new double[steps];
            double[] stderr = new double[steps];
            int i = 0;
            for (int n = 100; n <= samples; n *= 2, i++) {
                Estimate e = Estimate.mean(integrand, 0, n);
                counts[i] = n;
                errors[i] = Math.abs(e.value() - 4 * Math.PI);
                stderr[i] = e.standardError();
            }
            Map<String, double[]> cols = new LinkedHashMap<>();
            cols.put("points", counts);
            cols.put("abs_error", errors);
            cols.put("standard_error", stderr);
            ExampleFiles.writeCsv(outDir.resolve("gauss_bonnet.csv"), cols);
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put("|estimate − 4π|", errors);
            series.put("standard error", stderr);
            Plots.line(outDir.resolve("gauss_bonnet.png"), "Gauss–Bonnet by Monte Carlo: ∫K dA − 4π",
                    "points", "error", counts, series, true, true);
            out.printf("   gauss_bonnet.csv and gauss_bonnet.png are in %s%n", outDir.toAbsolutePath());
        }
        return results;
    }
}
