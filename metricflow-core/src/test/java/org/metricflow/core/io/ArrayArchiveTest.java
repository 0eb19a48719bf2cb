package org.metricflow.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class ArrayArchiveTest {

    private static ArrayArchive randomArchive(Rng rng) {
        ArrayArchive.Builder b = ArrayArchive.builder();
        int entries = 1 + rng.nextInt(5);
        for (int k = 0; k < entries; k++) {
            int rows = rng.nextInt(7);
            int cols = 1 + rng.nextInt(5);
            double[] data = new double[rows * cols];
            rng.fillGaussian(data, 10);
            if (data.length > 0) {
                data[0] = k == 0 ? Double.NaN : -0.0; // special values survive bit for bit
            }
            b.put("w" + k, data, rows, cols);
        }
        b.putText("config", "{\"width\": 64, \"name\": \"σ-run ✓\"}");
        return b.build();
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void roundTripIsBitExact(long seed, @TempDir Path dir) throws IOException {
        ArrayArchive a = randomArchive(Seeds.rng(seed));
        Path file = dir.resolve("model.mfa");
        a.write(file);
        ArrayArchive b = ArrayArchive.read(file);
        assertEquals(List.copyOf(a.names()), List.copyOf(b.names()));
        for (String name : a.names()) {
            if (name.equals("config")) {
                assertEquals(a.text(name), b.text(name));
                continue;
            }
            assertArrayEquals(a.shape(name), b.shape(name));
            double[] x = a.doubles(name);
            double[] y = b.doubles(name);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Double.doubleToRawLongBits(x[i]), Double.doubleToRawLongBits(y[i]), "seed=" + seed);
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void everyTruncationAndBitFlipIsRejected(long seed) {
        Rng rng = Seeds.rng(seed);
        byte[] bytes = randomArchive(rng).toBytes();
        int cut = rng.nextInt(bytes.length);
        ArchiveFormatException truncated = assertThrows(ArchiveFormatException.class,
                () -> ArrayArchive.fromBytes(java.util.Arrays.copyOf(bytes, cut)), "seed=" + seed);
        assertTrue(truncated.getMessage().matches(".*(truncated|corrupted|not a metricflow archive|version).*"),
                truncated.getMessage());
        byte[] flipped = bytes.clone();
        int at = rng.nextInt(flipped.length);
        flipped[at] ^= (byte) (1 << rng.nextInt(8));
        assertThrows(ArchiveFormatException.class, () -> ArrayArchive.fromBytes(flipped), "seed=" + seed + " at " + at);
    }

    @Test
    void newerVersionAndForeignFilesAreExplained() {
        byte[] bytes = ArrayArchive.builder().putText("a", "b").build().toBytes();
        ByteBuffer.wrap(bytes).putInt("metricflow-archive\n".length(), 2);
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> ArrayArchive.fromBytes(bytes));
        assertTrue(e.getMessage().contains("version 2 is not supported"), e.getMessage());
        ArchiveFormatException foreign = assertThrows(ArchiveFormatException.class,
                () -> ArrayArchive.fromBytes("PK\u0003\u0004 a zip file".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(foreign.getMessage().contains("not a metricflow archive"), foreign.getMessage());
    }

    @Test
    void failedWriteLeavesThePreviousFileIntactAndNoTemporaryFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("checkpoint.mfa");
        ArrayArchive first = ArrayArchive.builder().put("theta", new double[] {1, 2, 3}).build();
        first.write(file);
        // Make the target a non-empty directory: the final rename must fail, after the temporary file was written.
        Path blocked = dir.resolve("blocked");
        Files.createDirectories(blocked.resolve("inside"));
        assertThrows(IOException.class, () -> first.write(blocked));
        ArrayArchive second = ArrayArchive.builder().put("theta", new double[] {4, 5, 6}).build();
        second.write(file);
        assertArrayEquals(new double[] {4, 5, 6}, ArrayArchive.read(file).doubles("theta"));
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            assertEquals(List.of("blocked", "checkpoint.mfa"), names, "temporary files must be cleaned up");
        }
    }

    @Test
    void builderAndAccessorsValidate() {
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> ArrayArchive.builder().put("w", new double[5], 2, 3));
        assertEquals("entry 'w': shape [2, 3] holds 6 values but 5 were given", shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArrayArchive.builder().putText("a", "x").putText("a", "y"));
        ArrayArchive a = ArrayArchive.builder().putText("note", "x").build();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> a.doubles("theta"));
        assertTrue(missing.getMessage().contains("no entry 'theta'"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.doubles("note"));
    }
}
