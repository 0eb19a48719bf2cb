package org.metricflow.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.metricflow.examples.plot.Plot;
import org.metricflow.flow.FlowResult;
import org.metricflow.flow.History;
import org.metricflow.flow.ModelFiles;
import org.metricflow.nn.phi.PhiModel;

/**
 * Writes what a training run leaves behind in its output folder: {@code history.csv} (every observable per
 * epoch), {@code model.mfa} (the trained model, {@link ModelFiles}), {@code sigma.png} ({@link #sigmaPlot}) and
 * {@code losses.png} ({@link #lossPlot}).
 */
public final class TrainingOutputs {
    private TrainingOutputs() {
    }

    /**
     * Writes the four files into {@code dir} (created if needed); model.mfa only for a {@link PhiModel}, the one
     * model {@link ModelFiles} saves in this version (a linearized model, for instance, is not written).
     *
     * @param result the result
     * @param dir the dir
     * @return whether model.mfa was written
     * @throws IOException if a file cannot be read or written
     */
    public static boolean write(FlowResult result, Path dir) throws IOException {
        History h = result.history();
        h.writeCsv(dir.resolve("history.csv"));
        boolean saved = result.model() instanceof PhiModel;
        if (saved) {
            ModelFiles.save(result.model(), dir.resolve("model.mfa"));
        }
        sigmaPlot(h, result.model().variety().name()).write(dir.resolve("sigma.png"));
        lossPlot(h).write(dir.resolve("losses.png"));
        return saved;
    }

    /** The best published σ for the Fermat quintic at this scale (the reference line of {@link #sigmaPlot}). */
    public static final double PUBLISHED_QUINTIC_SIGMA = 0.015;

    /**
     * σ on the validation points per epoch with ±1 standard-error bars (history keys {@code sigma},
     * {@code sigmaError}), log scale, with dashed reference lines: σ at epoch 0 (the Fubini–Study metric, where the
     * φ-model starts) and, for the Fermat quintic, the best published value {@value #PUBLISHED_QUINTIC_SIGMA}.
     *
     * @param h the training history (at least one epoch)
     * @param variety the variety's name ({@code fermat-quintic} adds the published line)
     * @return the chart, not yet written
     */
    public static Plot sigmaPlot(History h, String variety) {
        double[] epochs = epochs(h);
        double[] sigma = h.series("sigma");
        double last = Math.max(1, epochs.length - 1);
        Plot p = Plot.of("σ measure on the validation points (±1 standard error)", "epoch", "σ", false, true)
                .seriesWithErrors("σ (validation)", epochs, sigma, h.series("sigmaError"))
                .horizontalLine(String.format(java.util.Locale.ROOT, "Fubini–Study (epoch 0): %.3g", sigma[0]),
                        sigma[0], 0, last);
        if ("fermat-quintic".equals(variety)) {
            p.horizontalLine("best published, quintic: " + PUBLISHED_QUINTIC_SIGMA, PUBLISHED_QUINTIC_SIGMA, 0, last);
        }
        return p;
    }

    /**
     * Every loss term of the history per epoch (log scale). The total {@code loss} is drawn only when it differs
     * from every single term (with one term of weight 1 it is that term, and a second identical line would hide
     * the first); the legend then says "loss = term".
     *
     * @param h the training history
     * @return the chart, not yet written
     */
    public static Plot lossPlot(History h) {
        double[] epochs = epochs(h);
        Map<String, double[]> terms = new LinkedHashMap<>();
        for (String name : h.names()) {
            if (!NOT_LOSSES.contains(name)) {
                terms.put(name, h.series(name));
            }
        }
        double[] total = terms.remove("loss");
        Plot p = Plot.of("losses on the validation points", "epoch", "loss", false, true);
        String sameAsTotal = null;
        for (Map.Entry<String, double[]> e : terms.entrySet()) {
            boolean same = total != null && java.util.Arrays.equals(total, e.getValue());
            sameAsTotal = same && sameAsTotal == null ? e.getKey() : sameAsTotal;
            p.series(same ? "loss = " + e.getKey() : e.getKey(), epochs, e.getValue());
        }
        if (total != null && sameAsTotal == null) {
            p.series("loss (total)", epochs, total);
        }
        return p;
    }

    private static final java.util.Set<String> NOT_LOSSES = java.util.Set.of("sigma", "sigmaError", "volume", "kappa",
            "ricciMeasure", "kernelChange", "lr");

    private static double[] epochs(History h) {
        double[] epochs = new double[h.size()];
        for (int e = 0; e < epochs.length; e++) {
            epochs[e] = e;
        }
        return epochs;
    }
}
