package org.metricflow.flow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.metricflow.core.io.ArchiveFormatException;
import org.metricflow.core.io.ArrayArchive;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.metric.SavedForm;
import org.metricflow.nn.phi.PhiModel;

/**
 * Saving and loading trained metric models as {@link ArrayArchive} files (versioned, SHA-256 checksummed, written
 * atomically; never Java serialization).
 *
 * <h2>Model file, version 1</h2>
 * Text entries: {@code format} = "metricflow-model", {@code formatVersion} = "1", {@code ansatz} = "phi",
 * {@code variety} (a spec accepted by {@link ProjectiveVariety#parse}), {@code features} (a {@link FeatureMap}
 * name), {@code network} ("key=value" lines: inputs, hidden (comma-separated widths), outputs, activation,
 * parametrization, sigmaW, sigmaB, seed). Array entry {@code theta}: the flat parameter vector
 * ({@link Mlp#flatParameters()} order).
 */
public final class ModelFiles {
    private static final String FORMAT = "metricflow-model";
    private static final String VERSION = "1";

    private ModelFiles() {
    }

    /**
     * Saves a model that has a saved form (a φ-model): its ansatz, description texts and parameters θ, in the
     * checksummed archive format, atomically (a reader sees the old or the new complete file).
     *
     * @param model the model, not null; {@code model.savedForm()} must be present (φ-models), otherwise
     *     {@link IllegalArgumentException}
     * @param file the target, created or replaced; its folder must exist
     * @throws IOException if a file cannot be read or written
     */
    public static void save(KahlerMetricModel model, Path file) throws IOException {
        java.util.Objects.requireNonNull(model, "model");
        java.util.Objects.requireNonNull(file, "file");
        SavedForm form = model.savedForm().orElseThrow(() -> new IllegalArgumentException(
                "only models with a saved form (φ-models) can be saved in this version, got "
                + model.getClass().getSimpleName()));
        ArrayArchive.Builder archive = ArrayArchive.builder()
                .putText("format", FORMAT)
                .putText("formatVersion", VERSION)
                .putText("ansatz", form.ansatz());
        form.texts().forEach(archive::putText);
        archive.put("theta", form.theta())
                .build().write(file);
    }

    /**
     * Loads a model saved by {@link #save}; foreign, corrupted, newer or hand-edited files (missing entries, a
     * network description that does not match θ, non-finite θ, an unknown variety) are rejected with an
     * {@link ArchiveFormatException} that names the file and what is wrong.
     *
     * @param file the model file (model.mfa), not null; its header is checked before the body is read
     * @return the φ-model with the saved variety, features, network and parameters (a fresh, mutable instance)
     * @throws IOException if a file cannot be read or written
     */
    public static PhiModel load(Path file) throws IOException {
        java.util.Objects.requireNonNull(file, "file");
        ArrayArchive a = ArrayArchive.read(file);
        if (!FORMAT.equals(Checkpoint.textOrNull(a, "format"))) {
            throw new ArchiveFormatException(file + ": a metricflow archive, but not a saved model");
        }
        for (String key : new String[] {"formatVersion", "ansatz", "variety", "features", "network"}) {
            if (Checkpoint.textOrNull(a, key) == null) {
                throw new ArchiveFormatException(file + ": inconsistent model file (the text entry '" + key
                        + "' is missing)");
            }
        }
        if (!VERSION.equals(a.text("formatVersion"))) {
            throw new ArchiveFormatException(file + ": model format version " + a.text("formatVersion")
                    + " is not supported (this metricflow reads version " + VERSION + ")");
        }
        try {
            Map<String, String> net = parseLines(a.text("network"));
            String hiddenText = net.get("hidden");
            int[] hidden = hiddenText.isEmpty() ? new int[0]
                    : Arrays.stream(hiddenText.split(",")).mapToInt(w -> Integer.parseInt(w.trim())).toArray();
            int inputs = Integer.parseInt(net.get("inputs"));
            int outputs = Integer.parseInt(net.get("outputs"));
            double[] theta = a.doubles("theta");
            // Check the size the description implies against the stored θ before allocating a network, so a
            // hand-edited width cannot make the loader allocate gigabytes.
            long count = 0;
            int previous = inputs;
            for (int width : hidden) {
                count += (long) previous * width + width;
                previous = width;
            }
            count += (long) previous * outputs + outputs;
            if (inputs < 1 || outputs < 1 || Arrays.stream(hidden).anyMatch(w -> w < 1) || count != theta.length) {
                throw new IllegalArgumentException("the network description (inputs " + inputs + ", hidden "
                        + net.get("hidden") + ", outputs " + outputs + ") needs " + count + " parameters but theta"
                        + " holds " + theta.length);
            }
            Checkpoint.requireFinite(theta, "theta");
            Mlp mlp = Mlp.builder().inputs(inputs).hidden(hidden)
                    .outputs(outputs)
                    .activation(Activation.valueOf(net.get("activation").toUpperCase(Locale.ROOT)))
                    .parametrization(Parametrization.valueOf(net.get("parametrization").toUpperCase(Locale.ROOT)))
                    .sigmaW(Double.parseDouble(net.get("sigmaW"))).sigmaB(Double.parseDouble(net.get("sigmaB")))
                    .seed(Long.parseLong(net.get("seed"))).build();
            mlp.setFlatParameters(theta);
            return PhiModel.of(ProjectiveVariety.parse(a.text("variety")), mlp, FeatureMap.valueOf(a.text("features")),
                    false);
        } catch (RuntimeException e) {
            throw new ArchiveFormatException(file + ": inconsistent model file (" + Checkpoint.oneLine(e) + ")");
        }
    }

    private static Map<String, String> parseLines(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        for (String key : new String[] {"inputs", "hidden", "outputs", "activation", "parametrization", "sigmaW",
            "sigmaB", "seed"}) {
            if (!m.containsKey(key)) {
                throw new IllegalArgumentException("network description lacks '" + key + "'");
            }
        }
        return m;
    }
}
