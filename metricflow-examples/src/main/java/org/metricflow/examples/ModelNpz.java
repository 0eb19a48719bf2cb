package org.metricflow.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.metricflow.core.io.Npz;
import org.metricflow.examples.cli.Json;
import org.metricflow.nn.DenseLayer;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.phi.PhiModel;

/**
 * A trained φ-model as a NumPy {@code .npz} file that a Python user loads with NumPy alone
 * ({@code metricflow export --model model.mfa --format npz}).
 *
 * <h2>Content</h2>
 * <ul>
 *   <li>{@code W0}, {@code b0}, …, {@code W<L>}, {@code b<L>}: float64, W<sub>l</sub> of shape (n<sub>out</sub>,
 *       n<sub>in</sub>) and b<sub>l</sub> of shape (n<sub>out</sub>,), with the parametrization's multipliers already
 *       applied (c<sub>w</sub>·W, c<sub>b</sub>·b), so that h<sub>l</sub> = σ(h<sub>l−1</sub> W<sub>l</sub>ᵀ +
 *       b<sub>l</sub>) for the hidden layers and φ = h<sub>L−1</sub> W<sub>L</sub>ᵀ + b<sub>L</sub>.</li>
 *   <li>{@code description}: a 0-d string holding JSON: {@code format} ("metricflow-phi-npz"),
 *       {@code formatVersion} (1), {@code variety}, {@code features} and {@code featureFormula}, {@code activation}
 *       and {@code activationFormula}, {@code layers} (array names and shapes), {@code forward} and
 *       {@code potential} (K = (1/2π) log Σ|z<sub>i</sub>|² + φ(features(z)), so g = ∂∂̄K), and the
 *       metricflow version.</li>
 * </ul>
 * Read it with {@code f = np.load("model.npz"); desc = json.loads(str(f["description"]))}.
 *
 * <p>Stateless and thread-safe (reads the model's parameters at the time of the call).
 */
public final class ModelNpz {
    /** The {@code format} value in the description. */
    public static final String FORMAT = "metricflow-phi-npz";

    private ModelNpz() {
    }

    /**
     * The arrays and description of a φ-model.
     *
     * @param model the model, not null
     * @param version the metricflow version to record (e.g. {@code MetricflowCli.version()})
     * @return the file content
     */
    public static Npz toNpz(PhiModel model, String version) {
        Objects.requireNonNull(model, "model");
        Mlp net = model.network();
        Npz.Builder b = Npz.builder();
        List<Object> layers = new ArrayList<>();
        int l = 0;
        for (DenseLayer layer : net.layers()) {
            double[] w = layer.weight().value().data.clone();
            double[] bias = layer.bias().value().data.clone();
            for (int i = 0; i < w.length; i++) {
                w[i] *= layer.weightMultiplier();
            }
            for (int i = 0; i < bias.length; i++) {
                bias[i] *= layer.biasMultiplier();
            }
            b.putDoubles("W" + l, w, layer.outputs(), layer.inputs());
            b.putDoubles("b" + l, bias, layer.outputs());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("weight", "W" + l);
            entry.put("bias", "b" + l);
            entry.put("shape", List.of(layer.outputs(), layer.inputs()));
            layers.add(entry);
            l++;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("format", FORMAT);
        d.put("formatVersion", 1);
        d.put("metricflowVersion", version);
        d.put("variety", model.variety().name());
        d.put("ambientCoordinates", model.variety().coordinateCount());
        d.put("features", model.features().name().toLowerCase(Locale.ROOT));
        d.put("featureFormula", featureFormula(model));
        d.put("activation", net.activation().name().toLowerCase(Locale.ROOT));
        d.put("activationFormula", activationFormula(net));
        d.put("layers", layers);
        d.put("forward", "h = features(z); for each hidden layer l: h = activation(h @ W_l.T + b_l);"
                + " phi = h @ W_L.T + b_L (the last layer has no activation)");
        d.put("potential", "K(z) = log(sum_i |z_i|^2) / (2 pi) + phi(features(z)); the metric is g = d dbar K"
                + " pulled back to the variety (Fubini-Study when phi = 0)");
        b.putText("description", Json.write(d));
        return b.build();
    }

    /**
     * Writes {@link #toNpz} to a file, atomically.
     *
     * @param model the model, not null
     * @param version the metricflow version to record
     * @param file the {@code .npz} file to create or replace
     * @throws IOException if the file cannot be written
     */
    public static void write(PhiModel model, String version, Path file) throws IOException {
        toNpz(model, version).write(file);
    }

    private static String featureFormula(PhiModel model) {
        switch (model.features()) {
            case HERMITIAN_INVARIANTS:
                return "u_ij = z_i conj(z_j) / sum_k |z_k|^2; features = [u_00, u_11, ..., u_(m-1)(m-1)] followed by"
                        + " (Re u_ij, Im u_ij) for i < j in row-major order (i, then j): m^2 real numbers";
            case PATCH_COORDINATES:
                return "z normalized so that its largest coordinate is 1; features = (Re z_0, Im z_0, Re z_1, Im z_1,"
                        + " ...): 2m real numbers";
            default:
                return model.features().name();
        }
    }

    private static String activationFormula(Mlp net) {
        switch (net.activation()) {
            case GELU:
                return "x * (1 + erf(x / sqrt(2))) / 2";
            case TANH:
                return "tanh(x)";
            case SOFTPLUS:
                return "log(1 + exp(x))";
            case SIN:
                return "sin(x)";
            case ERF:
                return "erf(x)";
            case SIGMOID:
                return "1 / (1 + exp(-x))";
            case RELU:
                return "max(x, 0)";
            case IDENTITY:
                return "x";
            default:
                return net.activation().name().toLowerCase(Locale.ROOT);
        }
    }
}
