package org.metricflow.examples;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.metricflow.examples.plot.Plots;
import org.metricflow.flow.FlowResult;
import org.metricflow.flow.History;
import org.metricflow.flow.ModelFiles;

/**
 * Writes what a training run leaves behind in its output folder: {@code history.csv} (every observable per
 * epoch), {@code model.mfa} (the trained model, {@link ModelFiles}), {@code sigma.png} (σ against epoch, log scale)
 * and {@code losses.png} (the loss terms against epoch, log scale).
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
        double[] epochs = new double[h.size()];
        for (int e = 0; e < epochs.length; e++) {
            epochs[e] = e;
        }
        switch (name) {
            case "model.mfa":
                ModelFiles.save(result.model(), file);
                break;
            case "history.csv":
                h.writeCsv(file);
                break;
            case "sigma.png":
                Plots.line(file, "σ measure (validation)", "epoch", "σ", epochs, Map.of("σ", h.series("sigma")), true);
                break;
            default:
                Map<String, double[]> losses = new LinkedHashMap<>();
                for (String n : h.names()) {
                    if (!n.equals("sigma") && !n.equals("sigmaError") && !n.equals("volume") && !n.equals("kappa")) {
                        losses.put(n, h.series(n));
                    }
                }
                Plots.line(file, "losses (validation)", "epoch", "loss", epochs, losses, true);
        }
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
