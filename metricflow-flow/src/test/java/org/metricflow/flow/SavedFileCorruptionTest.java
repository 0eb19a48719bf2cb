package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.io.ArchiveFormatException;
import org.metricflow.core.io.ArrayArchive;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;

/**
 * Damaged and hand-edited checkpoints and model files are rejected with an {@link ArchiveFormatException} that
 * names the file and says what is wrong, in one line: seeded bit flips and truncations anywhere in the file
 * (caught by the archive checksum), and hand edits that keep a valid checksum but break the content (missing
 * entries, wrong format or version, non-numeric or negative counters, parameters of the wrong size or non-finite,
 * a network description that would allocate gigabytes, an unknown variety or feature map). Resuming a run from
 * such a file fails before any training with the file named.
 */
class SavedFileCorruptionTest {
    @TempDir
    static Path dir;
    static Path checkpoint;
    static Path model;
    static String fingerprint;
    static List<DMatrixRMaj> shapes;

    private static MetricFlow.Builder config() {
        return MetricFlow.builder().variety(ProjectiveVariety.fermatCubic()).points(120).seed(3)
                .phiModel(4, 1, Activation.GELU).batchSize(50).adam(1e-2);
    }

    @BeforeAll
    static void writeFiles() throws IOException {
        checkpoint = dir.resolve("good.ckpt");
        model = dir.resolve("good.mfa");
        FlowResult r = config().epochs(1).checkpoints(checkpoint, 1).build().run();
        ModelFiles.save(r.model(), model);
        fingerprint = ArrayArchive.read(checkpoint).text("fingerprint");
        shapes = new ArrayList<>();
        for (Tensor p : r.model().parameters()) {
            shapes.add(p.value());
        }
    }

    private static void requireRejected(Path file, String what, long seed) {
        for (int kind = 0; kind < 2; kind++) {
            try {
                if (kind == 0) {
                    Checkpoint.read(file, fingerprint, shapes);
                } else {
                    ModelFiles.load(file);
                }
                fail(what + " was accepted as a " + (kind == 0 ? "checkpoint" : "model") + " [seed=" + seed + "]");
            } catch (ArchiveFormatException e) {
                String m = e.getMessage();
                assertTrue(m.startsWith(file.toString()) && !m.contains("\n") && m.length() < 400,
                        what + ": not a one-line message naming the file: " + m + " [seed=" + seed + "]");
            } catch (IOException | RuntimeException | Error e) {
                throw new AssertionError(what + " threw " + e + " [seed=" + seed + "]", e);
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void bitFlipsAndTruncationsAreRejected(long seed) throws IOException {
        Rng rng = Seeds.rng(seed);
        for (Path original : new Path[] {checkpoint, model}) {
            byte[] good = Files.readAllBytes(original);
            byte[] flipped = good.clone();
            int at = rng.nextInt(good.length);
            flipped[at] ^= (byte) (1 << rng.nextInt(8));
            Path file = dir.resolve("flip-" + seed + ".bin");
            Files.write(file, flipped);
            requireRejected(file, original.getFileName() + " with a bit flipped at byte " + at, seed);
            int cut = rng.nextInt(good.length);
            Files.write(file, Arrays.copyOf(good, cut));
            requireRejected(file, original.getFileName() + " truncated to " + cut + " bytes", seed);
        }
    }

    /** Rewrites {@code source} with a valid checksum after {@code edit} changed or removed (null) entries. */
    private static Path handEdit(Path source, String name, UnaryOperator<Object> edit) throws IOException {
        ArrayArchive a = ArrayArchive.read(source);
        ArrayArchive.Builder b = ArrayArchive.builder();
        for (String n : a.names()) {
            Object v = a.isText(n) ? a.text(n) : a.doubles(n);
            if (n.equals(name)) {
                v = edit.apply(v);
            }
            if (v instanceof String s) {
                b.putText(n, s);
            } else if (v instanceof double[] d) {
                b.put(n, d);
            }
        }
        Path out = dir.resolve("edited-" + name.replace('/', '_') + "-" + System.nanoTime() + ".bin");
        b.build().write(out);
        return out;
    }

    @Test
    void handEditedCheckpointsAreRejectedWithTheProblem() throws IOException {
        Object[][] edits = {
            {"epoch", (UnaryOperator<Object>) v -> "-1", "negative epoch"},
            {"epoch", (UnaryOperator<Object>) v -> "three", "three"},
            {"optimizerSteps", (UnaryOperator<Object>) v -> "1e9", "1e9"},
            {"formatVersion", (UnaryOperator<Object>) v -> "2", "version 2"},
            {"format", (UnaryOperator<Object>) v -> "metricflow-model", "not a checkpoint"},
            {"history", (UnaryOperator<Object>) v -> null, "'history' is missing"},
            {"theta/0", (UnaryOperator<Object>) v -> nanAt((double[]) v, 0), "non-finite"},
            {"theta/0", (UnaryOperator<Object>) v -> Arrays.copyOf((double[]) v, 3), "values"},
            {"best/0", (UnaryOperator<Object>) v -> infAt((double[]) v), "non-finite"},
            {"theta/0", (UnaryOperator<Object>) v -> "text instead of numbers", "not a double array"},
            {"bufferNames", (UnaryOperator<Object>) v -> v + ",ghost", "ghost"},
        };
        for (Object[] e : edits) {
            @SuppressWarnings("unchecked")
            Path file = handEdit(checkpoint, (String) e[0], (UnaryOperator<Object>) e[1]);
            try {
                Checkpoint.read(file, fingerprint, shapes);
                fail("hand edit of " + e[0] + " was accepted");
            } catch (ArchiveFormatException ex) {
                assertTrue(ex.getMessage().startsWith(file.toString()) && ex.getMessage().contains((String) e[2])
                        && !ex.getMessage().contains("\n"), e[0] + ": " + ex.getMessage());
            }
        }
        // The same rejection reaches a user who resumes a run, before any training.
        Path bad = handEdit(checkpoint, "theta/0", v -> nanAt((double[]) v, 1));
        try {
            config().epochs(3).resumeFrom(bad).build().run();
            fail("resuming from a checkpoint with NaN parameters must fail");
        } catch (UncheckedIOException ex) {
            assertTrue(ex.getMessage().contains(bad.toString()) && ex.getMessage().contains("non-finite"),
                    ex.getMessage());
        }
    }

    @Test
    void handEditedModelsAreRejectedWithTheProblem() throws IOException {
        Object[][] edits = {
            {"network", (UnaryOperator<Object>) v -> ((String) v).replaceFirst("hidden=\\d+", "hidden=100000,100000"),
                "needs"},
            {"network", (UnaryOperator<Object>) v -> ((String) v).replaceFirst("activation=\\w+", "activation=SWISH"),
                "SWISH"},
            {"network", (UnaryOperator<Object>) v -> ((String) v).replaceFirst("seed=.*", ""), "'seed'"},
            {"variety", (UnaryOperator<Object>) v -> "z0^3+z1^3+(", "expected"},
            {"variety", (UnaryOperator<Object>) v -> "z0^2+z1^2+z2^2+z3^2", ""},
            {"features", (UnaryOperator<Object>) v -> "BOGUS", "BOGUS"},
            {"theta", (UnaryOperator<Object>) v -> nanAt((double[]) v, 2), "non-finite"},
            {"theta", (UnaryOperator<Object>) v -> Arrays.copyOf((double[]) v, 1), "theta holds 1"},
            {"formatVersion", (UnaryOperator<Object>) v -> "7", "version 7"},
            {"ansatz", (UnaryOperator<Object>) v -> null, "'ansatz' is missing"},
        };
        for (Object[] e : edits) {
            @SuppressWarnings("unchecked")
            Path file = handEdit(model, (String) e[0], (UnaryOperator<Object>) e[1]);
            try {
                ModelFiles.load(file);
                fail("hand edit of " + e[0] + " was accepted");
            } catch (ArchiveFormatException ex) {
                assertTrue(ex.getMessage().startsWith(file.toString()) && ex.getMessage().contains((String) e[2])
                        && !ex.getMessage().contains("\n"), e[0] + ": " + ex.getMessage());
            }
        }
    }

    private static double[] nanAt(double[] v, int i) {
        double[] c = v.clone();
        c[i] = Double.NaN;
        return c;
    }

    private static double[] infAt(double[] v) {
        double[] c = v.clone();
        c[c.length - 1] = Double.POSITIVE_INFINITY;
        return c;
    }
}
