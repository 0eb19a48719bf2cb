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
import org.metricflow.examples.plot.Plots;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.ntk.AnalyticNtk;
import org.metricflow.nn.ntk.EmpiricalNtk;
import org.metricflow.nn.ntk.NtkDiagnostics;

/**
 * Teaching example 3: the neural tangent kernel, and how it becomes deterministic as the width grows.
 *
 * <p>For a network f(x; θ) the empirical NTK is Θ(x, y) = Σ<sub>θ</sub> ∂f(x)/∂θ ∂f(y)/∂θ ({@link EmpiricalNtk}).
 * In NTK parametrization (z = σ<sub>w</sub>W x/√n<sub>in</sub> + σ<sub>b</sub>b, W ~ N(0, 1)) it converges, as every
 * hidden width n → ∞, to a deterministic kernel Θ<sub>∞</sub> given by a layer recursion ({@link AnalyticNtk}; closed
 * forms for erf and relu), with fluctuations of order n<sup>−1/2</sup>. The example draws several random networks per
 * width, measures the relative error ‖Θ<sub>emp</sub> − Θ<sub>∞</sub>‖<sub>F</sub>/‖Θ<sub>∞</sub>‖<sub>F</sub> on
 * random inputs on the unit sphere S² ⊂ R³, and fits the slope of log error against log width: it should be close to
 * −1/2.
 */
public final class NtkExample {
    private NtkExample() {
    }

    /**
     * Runs the example at widths 16 … 4096 and writes into {@code runs/example-ntk}.
     *
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        PrintWriter out = new PrintWriter(System.out, true);
        run(out, new int[] {16, 64, 256, 1024, 4096}, 4, 20, 1, Path.of("runs", "example-ntk"));
        out.flush();
    }

    /**
     * Runs the example: erf networks with 2 hidden layers in NTK parametrization.
     *
     * @param out where the results are printed
     * @param widths the hidden widths, increasing
     * @param seeds networks drawn per width (≥ 1); the error is averaged over them
     * @param inputs input points on S² (≥ 2)
     * @param seed the seed of the inputs and networks
     * @param outDir if not null, {@code ntk_error.csv} and {@code ntk_error.png} (error against width, log–log)
     * @return {@code widths}, {@code errors} (mean relative error per width), {@code slope} (least-squares slope of
     *     log error against log width)
     * @throws IOException if an output file cannot be written
     */
    public static Map<String, Object> run(PrintWriter out, int[] widths, int seeds, int inputs, long seed,
            Path outDir) throws IOException {
        if (widths.length < 2 || seeds < 1 || inputs < 2) {
            throw new IllegalArgumentException("need at least 2 widths, 1 seed and 2 inputs, got " + widths.length
                    + ", " + seeds + ", " + inputs);
        }
        DMatrixRMaj x = unitSpherePoints(inputs, seed);
        DMatrixRMaj analytic = null;
        double[] w = new double[widths.length];
        double[] err = new double[widths.length];
        out.printf(Locale.ROOT, "empirical NTK of erf networks (2 hidden layers, NTK parametrization) against the"
                + " infinite-width kernel, %d inputs on S^2, %d networks per width%n", inputs, seeds);
        for (int i = 0; i < widths.length; i++) {
            double sum = 0;
            for (int s = 0; s < seeds; s++) {
                Mlp mlp = Mlp.builder().inputs(3).hidden(widths[i], widths[i]).outputs(1).activation(Activation.ERF)
                        .parametrization(Parametrization.NTK).seed(Rng.stream(seed, 1000L * i + s).nextLong()).build();
                if (analytic == null) {
                    // In NTK parametrization the limit kernel does not depend on the widths, only on their number.
                    analytic = AnalyticNtk.of(mlp).ntk(x);
                }
                sum += NtkDiagnostics.relativeError(EmpiricalNtk.of(mlp).matrix(Tensor.constant(x)), analytic);
            }
            w[i] = widths[i];
            err[i] = sum / seeds;
            out.printf(Locale.ROOT, "   width %5d: relative error %.4f%n", widths[i], err[i]);
        }
        double slope = logLogSlope(w, err);
        out.printf(Locale.ROOT, "   slope of log(error) against log(width): %.3f (theory: -0.5)%n", slope);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("widths", widths);
        results.put("errors", err);
        results.put("slope", slope);
        if (outDir != null) {
            Files.createDirectories(outDir);
            Map<String, double[]> cols = new LinkedHashMap<>();
            cols.put("width", w);
            cols.put("relative_error", err);
            ExampleFiles.writeCsv(outDir.resolve("ntk_error.csv"), cols);
            double[] reference = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                reference[i] = err[0] * Math.sqrt(w[0] / w[i]);
            }
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put("‖Θ_emp − Θ_∞‖/‖Θ_∞‖", err);
            series.put("∝ width^(−1/2)", reference);
            Plots.line(outDir.resolve("ntk_error.png"), "empirical NTK → analytic NTK", "width", "relative error", w,
                    series, true, true);
            out.printf("   ntk_error.csv and ntk_error.png are in %s%n", outDir.toAbsolutePath());
        }
        return results;
    }

    /** The least-squares slope of log y against log x. */
    static double logLogSlope(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += Math.log(x[i]) / n;
            my += Math.log(y[i]) / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (Math.log(x[i]) - mx) * (Math.log(y[i]) - my);
            sxx += (Math.log(x[i]) - mx) * (Math.log(x[i]) - mx);
        }
        return sxy / sxx;
    }

    /**
     * Uniform random points on the unit sphere S² ⊂ R³ (normalized Gaussian vectors from {@code Rng.stream(seed, 99)}):
     * the inputs of the NTK comparisons, on which the infinite-width kernels depend only on the angle between inputs.
     *
     * @param count the number of points
     * @param seed the random seed
     * @return a count×3 matrix of unit vectors
     */
    public static DMatrixRMaj unitSpherePoints(int count, long seed) {
        DMatrixRMaj x = new DMatrixRMaj(count, 3);
        Rng rng = Rng.stream(seed, 99);
        for (int p = 0; p < count; p++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            double c = rng.nextGaussian();
            double r = Math.sqrt(a * a + b * b + c * c);
            x.set(p, 0, a / r);
            x.set(p, 1, b / r);
            x.set(p, 2, c / r);
        }
        return x;
    }
}
