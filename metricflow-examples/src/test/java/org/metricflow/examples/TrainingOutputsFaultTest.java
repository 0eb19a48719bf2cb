package org.metricflow.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metricflow.flow.FlowResult;
import org.metricflow.flow.MetricFlow;
import org.metricflow.flow.ModelFiles;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * A training run's outputs are written as a unit: when any one of the four files cannot be written (a simulated full
 * disk), none of the previous run's files is replaced, no staging folder is left, the trained model is kept (in the
 * output folder as model-unsaved-*.mfa, or in the temporary folder if the model itself failed) and the message names
 * the file that failed and where the model is. 4 failure points + 1 success.
 */
class TrainingOutputsFaultTest {
    private static final String[] NAMES = {"model.mfa", "history.csv", "sigma.png", "losses.png"};
    private static FlowResult result;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        result = MetricFlow.builder().variety(ProjectiveVariety.fermatCubic()).points(60).phiModel(4, 1,
                org.metricflow.nn.Activation.TANH).epochs(1).batchSize(32).seed(3).build().run();
    }

    private void oldOutputs() throws IOException {
        for (String n : NAMES) {
            Files.writeString(dir.resolve(n), "old " + n);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.mfa", "history.csv", "sigma.png", "losses.png"})
    void aFailingFileReplacesNothingAndKeepsTheModel(String failing) throws IOException {
        oldOutputs();
        IOException e = assertThrows(IOException.class, () -> TrainingOutputs.write(result, dir, Set.of(failing)));
        String m = e.getMessage();
        assertTrue(m.contains(dir.resolve(failing).toString()), "names the failing file: " + m);
        for (String n : NAMES) {
            assertEquals("old " + n, Files.readString(dir.resolve(n)), n + " was replaced: " + m);
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> left = files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
            assertEquals(List.of(), left, "no staging folder or temporary file is left");
        }
        assertTrue(m.contains("saved as "), m);
        Path rescued = Path.of(m.substring(m.indexOf("saved as ") + 9).strip());
        assertTrue(Files.isRegularFile(rescued), "the model is at " + rescued);
        if (!failing.equals("model.mfa")) {
            assertEquals(dir.toAbsolutePath(), rescued.getParent(), "kept beside the outputs: " + m);
        }
        List<org.metricflow.core.autodiff.Tensor> loaded = ModelFiles.load(rescued).parameters();
        List<org.metricflow.core.autodiff.Tensor> trained = result.model().parameters();
        assertEquals(trained.size(), loaded.size());
        for (int i = 0; i < trained.size(); i++) {
            assertArrayEquals(trained.get(i).value().data, loaded.get(i).value().data, 0.0, "parameter block " + i);
        }
        Files.delete(rescued);
    }

    @Test
    void success() throws IOException {
        oldOutputs();
        assertTrue(TrainingOutputs.write(result, dir));
        for (String n : NAMES) {
            assertTrue(Files.size(dir.resolve(n)) > 20, n);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(4, files.count(), "the four outputs and nothing else");
        }
    }
}
