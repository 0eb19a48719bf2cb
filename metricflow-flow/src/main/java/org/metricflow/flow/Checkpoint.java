package org.metricflow.flow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.io.ArchiveFormatException;
import org.metricflow.core.io.ArrayArchive;
import org.metricflow.core.optim.OptimizerState;

/**
 * The state of a {@link MetricFlow} run after a completed epoch, enough to resume it with the same result as an
 * uninterrupted run: the parameters, the optimizer state (moments, step count, rate), the history so far, the
 * early-stopping state, the divergence reference (the run's first observation), the state of a continuous dynamics'
 * ODE, and a fingerprint of the configuration that produced it.
 *
 * <h2>Checkpoint file, version 1 ({@link ArrayArchive}: versioned, SHA-256 checksummed, written atomically)</h2>
 * Text: {@code format} = "metricflow-checkpoint", {@code formatVersion} = "1", {@code fingerprint}, {@code epoch},
 * {@code history} (CSV as {@link History#toCsv()}), {@code optimizer} (kind), {@code optimizerSteps},
 * {@code optimizerRate}, {@code bestScore}, {@code sinceBest}, {@code bufferNames} (comma-separated), and optional
 * {@code referenceLoss} and {@code referenceNonPositive} (the validation loss and the number of validation points
 * where the metric is not positive definite at the run's start; absent in files written before they existed).
 * Arrays: {@code theta/i} (parameter i with its shape), {@code best/i} (best parameters for early stopping),
 * {@code buffer/<name>/i} (optimizer buffer of parameter i), and for a continuous dynamics {@code odeState} (its
 * ODE state at the checkpoint's time, {@link ContinuousDynamics}).
 */
final class Checkpoint {
    private static final String FORMAT = "metricflow-checkpoint";
    private static final String VERSION = "1";

    final String fingerprint;
    final int epoch;
    final String historyCsv;
    final double[][] theta;
    final double[][] best;
    final double bestScore;
    final int sinceBest;
    final OptimizerState optimizer;
    /** The run's divergence reference ({@link Observation.Reference#UNKNOWN} in files without one). */
    final Observation.Reference reference;
    /** The continuous dynamics' ODE state, or null (optimizer dynamics). */
    final double[] odeState;

    Checkpoint(String fingerprint, int epoch, String historyCsv, double[][] theta, double[][] best, double bestScore,
            int sinceBest, OptimizerState optimizer) {
        this(fingerprint, epoch, historyCsv, theta, best, bestScore, sinceBest, optimizer,
                Observation.Reference.UNKNOWN, null);
    }

    private Checkpoint(String fingerprint, int epoch, String historyCsv, double[][] theta, double[][] best,
            double bestScore, int sinceBest, OptimizerState optimizer, Observation.Reference reference,
            double[] odeState) {
        this.reference = reference;
        this.odeState = odeState;
        this.fingerprint = fingerprint;
        this.epoch = epoch;
        this.historyCsv = historyCsv;
        this.theta = theta;
        this.best = best;
        this.bestScore = bestScore;
        this.sinceBest = sinceBest;
        this.optimizer = optimizer;
    }

    /**
     * This checkpoint with the run's divergence reference and (continuous dynamics) its ODE state.
     *
     * @param ref the reference, not null
     * @param state the ODE state (kept, not copied), or null
     * @return the completed checkpoint
     */
    Checkpoint with(Observation.Reference ref, double[] state) {
        return new Checkpoint(fingerprint, epoch, historyCsv, theta, best, bestScore, sinceBest, optimizer, ref,
                state);
    }

    void write(Path file, List<DMatrixRMaj> shapes) throws IOException {
        ArrayArchive.Builder b = ArrayArchive.builder()
                .putText("format", FORMAT).putText("formatVersion", VERSION)
                .putText("fingerprint", fingerprint).putText("epoch", Integer.toString(epoch))
                .putText("history", historyCsv)
                .putText("optimizer", optimizer.optimizer())
                .putText("optimizerSteps", Integer.toString(optimizer.steps()))
                .putText("optimizerRate", Double.toString(optimizer.learningRate()))
                .putText("bestScore", Double.toString(bestScore))
                .putText("sinceBest", Integer.toString(sinceBest))
                .putText("bufferNames", String.join(",", optimizer.bufferNames()));
        if (reference.nonPositive() >= 0) {
            b.putText("referenceLoss", Double.toString(reference.loss()))
                    .putText("referenceNonPositive", Integer.toString(reference.nonPositive()));
        }
        if (odeState != null) {
            b.put("odeState", odeState);
        }
        for (int i = 0; i < theta.length; i++) {
            int[] shape = {shapes.get(i).numRows, shapes.get(i).numCols};
            b.put("theta/" + i, theta[i], shape);
            b.put("best/" + i, best[i], shape);
        }
        for (String name : optimizer.bufferNames()) {
            double[][] buf = optimizer.buffer(name);
            for (int i = 0; i < buf.length; i++) {
                b.put("buffer/" + name + "/" + i, buf[i]);
            }
        }
        b.build().write(file);
    }

    /** The fields of two "name=value; …" fingerprints that differ, e.g. "activation: GELU in the checkpoint, TANH here". */
    static String differences(String checkpoint, String run) {
        Map<String, String> a = fields(checkpoint);
        Map<String, String> b = fields(run);
        StringBuilder sb = new StringBuilder();
        java.util.Set<String> names = new java.util.LinkedHashSet<>(b.keySet());
        names.addAll(a.keySet());
        for (String name : names) {
            String x = a.get(name);
            String y = b.get(name);
            if (!java.util.Objects.equals(x, y)) {
                sb.append(sb.length() == 0 ? "" : "; ").append(name).append(": ")
                        .append(x == null ? "absent" : x).append(" in the checkpoint, ")
                        .append(y == null ? "absent" : y).append(" in this run");
            }
        }
        return sb.length() == 0 ? "(the fingerprints differ in their layout)" : sb.toString();
    }

    private static Map<String, String> fields(String fingerprint) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String part : fingerprint.split("; ")) {
            int eq = part.indexOf('=');
            m.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "" : part.substring(eq + 1));
        }
        return m;
    }

    static Checkpoint read(Path file, String expectedFingerprint, List<DMatrixRMaj> shapes) throws IOException {
        ArrayArchive a = ArrayArchive.read(file);
        if (!FORMAT.equals(textOrNull(a, "format"))) {
            throw new ArchiveFormatException(file + ": a metricflow archive, but not a checkpoint");
        }
        for (String key : new String[] {"formatVersion", "fingerprint", "epoch", "history", "optimizer",
            "optimizerSteps", "optimizerRate", "bestScore", "sinceBest", "bufferNames"}) {
            if (textOrNull(a, key) == null) {
                throw new ArchiveFormatException(file + ": inconsistent checkpoint (the text entry '" + key
                        + "' is missing)");
            }
        }
        if (!VERSION.equals(a.text("formatVersion"))) {
            throw new ArchiveFormatException(file + ": checkpoint format version " + a.text("formatVersion")
                    + " is not supported (this metricflow reads version " + VERSION + ")");
        }
        String fp = a.text("fingerprint");
        if (!fp.equals(expectedFingerprint)) {
            throw mismatch(file, fp, expectedFingerprint);
        }
        try {
            int n = shapes.size();
            double[][] theta = new double[n][];
            double[][] best = new double[n][];
            int[][] shapeArray = new int[n][];
            for (int i = 0; i < n; i++) {
                theta[i] = a.doubles("theta/" + i);
                best[i] = a.doubles("best/" + i);
                shapeArray[i] = new int[] {shapes.get(i).numRows, shapes.get(i).numCols};
                if (theta[i].length != shapes.get(i).getNumElements() || best[i].length != theta[i].length) {
                    throw new IllegalArgumentException("parameter " + i + " has " + theta[i].length + " values, the"
                            + " model needs " + shapes.get(i).getNumElements());
                }
                requireFinite(theta[i], "parameter " + i);
                requireFinite(best[i], "best parameter " + i);
            }
            Map<String, double[][]> buffers = new LinkedHashMap<>();
            String names = a.text("bufferNames");
            if (!names.isEmpty()) {
                for (String name : names.split(",")) {
                    List<double[]> list = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        double[] buffer = a.doubles("buffer/" + name + "/" + i);
                        requireFinite(buffer, "optimizer buffer " + name + "/" + i);
                        list.add(buffer);
                    }
                    buffers.put(name, list.toArray(new double[0][]));
                }
            }
            OptimizerState state = OptimizerState.of(a.text("optimizer"), Integer.parseInt(a.text("optimizerSteps")),
                    Double.parseDouble(a.text("optimizerRate")), shapeArray, buffers);
            int epoch = Integer.parseInt(a.text("epoch"));
            int sinceBest = Integer.parseInt(a.text("sinceBest"));
            if (epoch < 0 || sinceBest < 0) {
                throw new IllegalArgumentException("negative epoch " + epoch + " or sinceBest " + sinceBest);
            }
            Observation.Reference ref = Observation.Reference.UNKNOWN;
            if (textOrNull(a, "referenceNonPositive") != null && textOrNull(a, "referenceLoss") != null) {
                ref = new Observation.Reference(Double.parseDouble(a.text("referenceLoss")),
                        Integer.parseInt(a.text("referenceNonPositive")));
                if (ref.nonPositive() < 0) {
                    throw new IllegalArgumentException("negative referenceNonPositive " + ref.nonPositive());
                }
            }
            double[] ode = null;
            if (a.names().contains("odeState")) {
                ode = a.doubles("odeState");
                requireFinite(ode, "the ODE state");
            }
            return new Checkpoint(fp, epoch, a.text("history"), theta, best,
                    Double.parseDouble(a.text("bestScore")), sinceBest, state, ref, ode);
        } catch (RuntimeException e) {
            throw new ArchiveFormatException(file + ": inconsistent checkpoint (" + oneLine(e) + ")");
        }
    }

    /**
     * The fingerprint a checkpoint file was written with, or null when the file cannot be read as a checkpoint (then
     * {@link #read} reports why, when the run starts).
     *
     * @param file the checkpoint file
     * @return its fingerprint, or null
     */
    static String fingerprintOrNull(Path file) {
        try {
            ArrayArchive a = ArrayArchive.read(file);
            return FORMAT.equals(textOrNull(a, "format")) ? textOrNull(a, "fingerprint") : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The one-line refusal of a checkpoint written by another configuration, naming every differing field.
     *
     * @param file the checkpoint
     * @param checkpoint its fingerprint
     * @param run this run's fingerprint
     * @return the exception to throw
     */
    static IllegalArgumentException mismatch(Path file, String checkpoint, String run) {
        return new IllegalArgumentException("the checkpoint " + file + " was written by a different configuration and"
                + " cannot be resumed here: " + differences(checkpoint, run));
    }

    /** The text entry, or null if it is missing or not text. */
    static String textOrNull(ArrayArchive a, String name) {
        return a.isText(name) ? a.text(name) : null;
    }

    static void requireFinite(double[] values, String what) {
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                throw new IllegalArgumentException(what + " holds the non-finite value " + values[k] + " at index " + k);
            }
        }
    }

    /** An exception's message on one line, at most 200 characters (hand-edited files can hold anything). */
    static String oneLine(RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceAll("\\s*\\R\\s*", " ");
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }
}
