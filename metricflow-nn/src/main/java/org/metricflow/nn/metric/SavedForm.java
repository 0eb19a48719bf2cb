package org.metricflow.nn.metric;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a model file stores for a {@link KahlerMetricModel} that can be saved ({@link KahlerMetricModel#savedForm()}):
 * the ansatz name, named text entries that describe the model (kept in insertion order) and the flat parameter vector
 * θ. An immutable value; the file format itself belongs to the flow module.
 *
 * @param ansatz the ansatz name written to the file (for example "phi"), which selects the loader
 * @param texts named text entries, in the order they are written
 * @param theta the flat parameters (copied)
 */
public record SavedForm(String ansatz, Map<String, String> texts, double[] theta) {
    /**
     * Validates and copies.
     *
     * @param ansatz the ansatz name, not blank
     * @param texts the text entries, not null
     * @param theta the parameters, not null
     */
    public SavedForm {
        Objects.requireNonNull(ansatz, "ansatz");
        if (ansatz.isBlank()) {
            throw new IllegalArgumentException("a saved model needs an ansatz name, got a blank one");
        }
        texts = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(texts, "texts")));
        theta = Objects.requireNonNull(theta, "theta").clone();
    }

    /**
     * The parameters (a copy).
     *
     * @return θ, a fresh copy
     */
    @Override
    public double[] theta() {
        return theta.clone();
    }
}
