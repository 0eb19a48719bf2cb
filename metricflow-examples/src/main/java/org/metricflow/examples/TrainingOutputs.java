package org.metricflow.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.metricflow.examples.plot.Plots;
import org.metricflow.flow.FlowResult;
import org.metricflow.flow.History;
import org.metricflow.flow.ModelFiles;
import org.metricflow.nn.phi.PhiModel;

/**
 * Writes what a training run leaves behind in its output folder: {@code history.csv} (every observable per
 * epoch), {@code model.mfa} (the trained model, {@link ModelFiles}), {@code sigma.png} (σ against epoch, log scale)
 * and {@code losses.png} (the loss terms against epoch, log scale).
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
        double[] epochs = new double[h.size()];
        for (int e = 0; e < epochs.length; e++) {
            epochs[e] = e;
        }
        Plots.line(dir.resolve("sigma.png"), "σ measure (validation)", "epoch", "σ", epochs,
                Map.of("σ", h.series("sigma")), true);
        Map<String, double[]> losses = new LinkedHashMap<>();
        for (String name : h.names()) {
            if (!name.equals("sigma") && !name.equals("sigmaError") && !name.equals("volume") && !name.equals("kappa")) {
                losses.put(name, h.series(name));
            }
        }
        Plots.line(dir.resolve("losses.png"), "losses (validation)", "epoch", "loss", epochs, losses, true);
        return saved;
    }
}
