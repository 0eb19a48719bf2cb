package org.metricflow.examples;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.metricflow.examples.plot.Plot;
import org.metricflow.flow.FlowResult;
import org.metricflow.flow.History;
import org.metricflow.flow.ModelFiles;

/**
 * Writes what a training run leaves behind in its output folder: {@code history.csv} (every observable per
 * epoch), {@code model.mfa} (the trained model, {@link ModelFiles}), {@code sigma.png} ({@link #sigmaPlot}) and
 * {@code losses.png} ({@link #lossPlot}).
 */
public final class TrainingOutputs {
    private TrainingOutputs() {
    }

    /**
     * Writes the four files into {@code dir} (created if needed) as a unit; model.mfa only for a model with a saved form
     * ({@link org.metricflow.nn.metric.KahlerMetricModel#savedForm()}: the φ-model in this version) (a linearized model, for instance, is not written).
     *
     * <p>The files are first written into a staging folder inside {@code dir} (the model first) and then renamed
     * into place, so that a failure while writing (a full disk, say) never leaves a folder that mixes new files
     * with old ones. If a file cannot be written, the model already staged is kept as
     * {@code model-unsaved-TIMESTAMP.mfa} in {@code dir} (or, if even the model cannot be written there, in the
     * system's temporary folder) and the exception names the file that failed and where the model is.
     *
     * @param result the training run's result
     * @param dir the output folder
     * @return whether model.mfa was written
     * @throws IOException naming the file that could not be written and where the trained model was saved instead
     *     (a failure while renaming the staged files into place, which does not allocate space, may leave the files
     *     renamed before it new)
     */
    public static boolean write(FlowResult result, Path dir) throws IOException {
        return write(result, dir, java.util.Set.of());
    }

    /** {@link #write(FlowResult, Path)} in which writing the files named in {@code failing} fails (for tests). */
    static boolean write(FlowResult result, Path dir, java.util.Set<String> failing) throws IOException {
        Files.createDirectories(dir);
        Path staging = Files.createTempDirectory(dir, ".staging-");
        boolean saved = result.model().savedForm().isPresent();
        String[] names = {"model.mfa", "history.csv", "sigma.png", "losses.png"};
        String current = names[0];
        try {
            for (int i = saved ? 0 : 1; i < names.length; i++) {
                current = names[i];
                if (failing.contains(current)) {
                    throw new IOException("No space left on device (simulated)");
                }
                writeOne(result, current, staging.resolve(current));
            }
            for (int i = saved ? 0 : 1; i < names.length; i++) {
                current = names[i];
                move(staging.resolve(current), dir.resolve(current));
            }
        } catch (IOException | RuntimeException e) {
            String where = saved ? rescue(result, staging, dir) : "not saved (only φ-models can be saved)";
            throw new IOException("cannot write " + dir.resolve(current) + " ("
                    + e.getMessage() + "); no output in " + dir + " was replaced; the trained model is " + where,
                    e);
        } finally {
            deleteTree(staging);
        }
        return saved;
    }

    private static void writeOne(FlowResult result, String name, Path file) throws IOException {
        History h = result.history();
        switch (name) {
            case "model.mfa":
                ModelFiles.save(result.model(), file);
                break;
            case "history.csv":
                h.writeCsv(file);
                break;
            case "sigma.png":
                sigmaPlot(h, result.model().variety().name()).write(file);
                break;
            default:
                lossPlot(h).write(file);
        }
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

    /** Keeps the trained model after a failed write; returns where it is, for the message. */
    private static String rescue(FlowResult result, Path staging, Path dir) {
        String name = "model-unsaved-" + java.time.LocalDateTime.now().format(
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".mfa";
        Path staged = staging.resolve("model.mfa");
        try {
            if (Files.isRegularFile(staged) && Files.size(staged) > 0) {
                ModelFiles.load(staged); // only a complete, verified model is kept
                move(staged, dir.resolve(name));
                return "saved as " + dir.resolve(name).toAbsolutePath();
            }
        } catch (IOException | RuntimeException e) {
            // fall through: write it elsewhere
        }
        try {
            Path elsewhere = Path.of(System.getProperty("java.io.tmpdir")).resolve(name);
            ModelFiles.save(result.model(), elsewhere);
            return "saved as " + elsewhere.toAbsolutePath();
        } catch (IOException | RuntimeException e) {
            return "NOT saved anywhere (" + e.getMessage() + ")";
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a leftover staging folder is removed by the next run's cleanup
        }
    }
}
