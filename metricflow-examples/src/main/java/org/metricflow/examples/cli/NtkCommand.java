package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.resources.MemoryBudget;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.ntk.AnalyticNtk;
import org.metricflow.nn.ntk.EmpiricalNtk;
import org.metricflow.nn.ntk.NtkDiagnostics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow ntk}: the empirical NTK of one randomly initialized scalar MLP against the analytic
 * infinite-width NTK, on random inputs on the unit sphere in R³. JSON keys: {@code empirical}, {@code analytic}
 * (as matrices), {@code relativeError} (‖Θ_emp − Θ_∞‖_F/‖Θ_∞‖_F), {@code seconds}, and with {@code --out DIR}
 * {@code out}; that folder receives {@code ntk_spectrum.png} (both spectra, {@link #spectrumPlot}) and
 * {@code ntk_spectrum.csv}.
 */
@Command(name = "ntk", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Empirical NTK of a random MLP versus the analytic infinite-width NTK.")
public final class NtkCommand extends CliCommand {

    @Option(names = "--activation", defaultValue = "relu",
            description = "relu, erf, tanh, gelu, softplus, sin, sigmoid (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--depth", defaultValue = "2", description = "Hidden layers (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--width", defaultValue = "1024", description = "Hidden width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--inputs", defaultValue = "50", description = "Number of input points (default: ${DEFAULT-VALUE}).")
    int inputs;

    @Option(names = "--param", defaultValue = "ntk", description = "ntk or standard (default: ${DEFAULT-VALUE}).")
    String param;

    @Option(names = "--seed", defaultValue = Defaults.SEED, description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Also write ntk_spectrum.png and ntk_spectrum.csv (the eigenvalues of both"
            + " kernels) to this folder.")
    java.nio.file.Path out;

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) throws java.io.IOException {
        if (depth < 1 || width < 1 || inputs < 2 || depth > 1000) {
            throw new CliUsageException("need 1 ≤ --depth ≤ 1000, --width ≥ 1 and --inputs ≥ 2, got " + depth + ", "
                    + width + ", " + inputs);
        }
        MemoryBudget.requireDoubles("the NTK of --inputs " + inputs + " points", "use fewer --inputs", inputs, inputs);
        Activation act = usage("--activation", () -> Activation.parse(activation));
        Parametrization par;
        try {
            par = Parametrization.valueOf(param.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliUsageException("--param must be ntk or standard, got '" + param + "'");
        }
        int[] hidden = new int[depth];
        java.util.Arrays.fill(hidden, width);
        Mlp mlp = Mlp.builder().inputs(3).hidden(hidden).outputs(1).activation(act).parametrization(par).seed(seed)
                .build();
        DMatrixRMaj x = org.metricflow.examples.NtkExample.unitSpherePoints(inputs, seed);
        org.metricflow.flow.StageProgress progress = progress(out == null ? 2 : 3);
        long t0 = System.nanoTime();
        progress.begin("empirical NTK of " + inputs + " inputs, width " + width);
        DMatrixRMaj empirical = EmpiricalNtk.of(mlp).matrix(Tensor.constant(x));
        progress.begin("analytic infinite-width NTK");
        DMatrixRMaj analytic = AnalyticNtk.of(mlp).ntk(x);
        double error = NtkDiagnostics.relativeError(empirical, analytic);
        double seconds = (System.nanoTime() - t0) / 1e9;
        text.printf(Locale.ROOT, "%s MLP, %d hidden layers of width %d (%s parametrization), %d inputs on S^2:%n",
                act.name().toLowerCase(Locale.ROOT), depth, width, par.name().toLowerCase(Locale.ROOT), inputs);
        text.printf(Locale.ROOT, "  relative error of the empirical NTK against the infinite-width NTK: %.4f%n", error);
        text.printf(Locale.ROOT, "  (it decreases like width^(-1/2); %.2f s)%n", seconds);
        results.put("relativeError", error);
        results.put("empirical", toRows(empirical));
        results.put("analytic", toRows(analytic));
        results.put("seconds", seconds);
        if (out != null) {
            progress.begin("spectra and plot");
            double[] ev = eigenvaluesDescending(empirical);
            double[] ea = eigenvaluesDescending(analytic);
            spectrumPlot(ev, ea, width).write(out.resolve("ntk_spectrum.png"));
            StringBuilder csv = new StringBuilder("index,empirical,analytic\n");
            for (int i = 0; i < ev.length; i++) {
                csv.append(i).append(',').append(ev[i]).append(',').append(ea[i]).append('\n');
            }
            org.metricflow.core.io.AtomicFiles.write(out.resolve("ntk_spectrum.csv"),
                    csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            results.put("out", out.toString());
            text.printf(Locale.ROOT, "  spectra in %s%n", out.resolve("ntk_spectrum.png"));
        }
        progress.end();
        return 0;
    }

    /**
     * The kernel spectrum chart: eigenvalues λ_k of the empirical and the analytic NTK against their index k in
     * descending order, log scale.
     */
    static org.metricflow.examples.plot.Plot spectrumPlot(double[] empirical, double[] analytic, int width) {
        double[] k = new double[empirical.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = i;
        }
        return org.metricflow.examples.plot.Plot.of("NTK spectrum: width " + width + " against infinite width",
                "index k (eigenvalues in descending order)", "eigenvalue λ_k of Θ", false, true)
                .series("empirical NTK, width " + width, k, empirical)
                .series("analytic NTK (infinite width)", k, analytic);
    }

    /** The eigenvalues of a symmetric matrix, largest first. */
    static double[] eigenvaluesDescending(DMatrixRMaj symmetric) {
        org.ejml.interfaces.decomposition.EigenDecomposition_F64<DMatrixRMaj> eig =
                org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(symmetric.numRows, false, true);
        if (!eig.decompose(symmetric.copy())) {
            throw new IllegalStateException("the eigen-decomposition of the NTK did not converge");
        }
        double[] ev = new double[symmetric.numRows];
        for (int i = 0; i < ev.length; i++) {
            ev[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(ev);
        for (int i = 0; i < ev.length / 2; i++) {
            double t = ev[i];
            ev[i] = ev[ev.length - 1 - i];
            ev[ev.length - 1 - i] = t;
        }
        return ev;
    }

    private static double[][] toRows(DMatrixRMaj m) {
        double[][] rows = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                rows[i][j] = m.get(i, j);
            }
        }
        return rows;
    }
}
