package org.metricflow.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.flow.ModelFiles;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.phi.PhiModel;

/**
 * The Kähler metric a distributed computation integrates: the reference Fubini–Study metric or a saved φ-model, in a
 * form that Spark ships to executors: closures capture the bytes of the model file (or null) and
 * rebuild the source from them on the executor. Immutable; every {@link #load()} returns a fresh model,
 * so tasks never share one.
 */
public final class MetricSource {
    /** Points per curvature or determinant evaluation on an executor (bounds its memory). */
    static final int CHUNK = 16384;

    private final byte[] model;

    private MetricSource(byte[] model) {
        this.model = model;
    }

    /**
     * The Fubini–Study metric of the ambient projective space, restricted to the variety.
     *
     * @return the reference metric
     */
    public static MetricSource fubiniStudy() {
        return new MetricSource(null);
    }

    /**
     * A φ-model saved by {@link ModelFiles#save} (e.g. by {@code metricflow train}).
     *
     * @param file the model file
     * @return the metric of that model
     * @throws IOException if the file cannot be read or is no model file
     */
    public static MetricSource modelFile(Path file) throws IOException {
        ModelFiles.load(file); // validates and names the file in the error
        return new MetricSource(Files.readAllBytes(file));
    }

    /**
     * The metric of a φ-model in memory (its current parameters).
     *
     * @param model the φ-model; its parameters are copied (as model-file bytes) at this call
     * @return the metric of that model
     */
    public static MetricSource of(PhiModel model) {
        try {
            Path tmp = Files.createTempFile("metricflow-model", ".mfa");
            try {
                ModelFiles.save(model, tmp);
                return new MetricSource(Files.readAllBytes(tmp));
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the model: " + e.getMessage(), e);
        }
    }

    /**
     * The bytes that travel to the executors: the model file's content, or null for Fubini–Study.
     *
     * @return the model file bytes (not copied) or null
     */
    byte[] bytes() {
        return model;
    }

    /**
     * The source of {@link #bytes()}, on an executor.
     *
     * @param bytes a model file's content, or null for Fubini–Study
     * @return the metric source
     */
    static MetricSource ofBytes(byte[] bytes) {
        return new MetricSource(bytes);
    }

    /**
     * Whether this is the Fubini–Study metric.
     *
     * @return true for {@link #fubiniStudy()}
     */
    public boolean isFubiniStudy() {
        return model == null;
    }

    /**
     * A fresh copy of the model (not for the Fubini–Study metric).
     *
     * @return the model
     * @throws IllegalStateException for the Fubini–Study metric
     */
    public PhiModel load() {
        if (model == null) {
            throw new IllegalStateException("the Fubini–Study metric has no model");
        }
        try {
            Path tmp = Files.createTempFile("metricflow-model", ".mfa");
            try {
                Files.write(tmp, model);
                return ModelFiles.load(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the shipped model: " + e.getMessage(), e);
        }
    }

    /**
     * The Kähler potential of the metric (a fresh model's potential for a φ-model).
     *
     * @return the potential
     */
    public KahlerPotential potential() {
        return model == null ? KahlerPotential.fubiniStudy() : load().potential();
    }

    /**
     * det g at the points in their local coordinates, or null for the Fubini–Study metric (whose determinants the
     * point set carries).
     *
     * @param model the loaded model (from {@link #load()}), or null for the Fubini–Study metric
     * @param points the points at which to evaluate det g (any number)
     * @return det g per point, or null
     */
    static double[] determinants(PhiModel model, PointSet points) {
        if (model == null) {
            return null;
        }
        double[] det = new double[points.size()];
        for (int from = 0; from < points.size(); from += CHUNK) {
            int to = Math.min(points.size(), from + CHUNK);
            PointSet slice = points.slice(from, to);
            double[] part = Autodiff.noGrad(() -> model.metric(slice).detValues());
            System.arraycopy(part, 0, det, from, to - from);
        }
        return det;
    }
}
