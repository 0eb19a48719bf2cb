package org.metricflow.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * {@link Npz} against files NumPy wrote (the committed fixture {@code numpy-written.npz}, made by
 * {@code make_numpy_npz.py} beside it) and, where python3 with NumPy is installed, against NumPy reading what
 * {@link Npz} wrote; plus seeded round trips of random shapes.
 */
class NpzTest {

    @TempDir
    Path dir;

    private static Npz fixture() throws IOException {
        Path tmp = Files.createTempFile("numpy-written", ".npz");
        try (InputStream in = NpzTest.class.getResourceAsStream("numpy-written.npz")) {
            Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            return Npz.read(tmp);
        } finally {
            Files.delete(tmp);
        }
    }

    @Test
    void readsEveryTypeNumpyWrote() throws IOException {
        Npz npz = fixture();
        Npz.Array matrix = npz.get("matrix");
        assertEquals("<f8", matrix.dtype());
        assertArrayEquals(new int[] {2, 3}, matrix.shape());
        assertArrayEquals(new double[] {1.0, -2.5, 3.25, 0.5, 0.0, -1e-3}, matrix.data());
        // np.asfortranarray(arange(6).reshape(3, 2)) is stored column by column; read back in C order.
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, npz.get("fortran").data());
        assertTrue(npz.get("cplx").isComplex());
        assertArrayEquals(new double[] {1, 2, -0.5, -0.25}, npz.get("cplx").data());
        assertArrayEquals(new double[] {1, -2, 3, 4}, npz.get("ints").data());
        assertArrayEquals(new double[] {0.5, 1.5}, npz.get("floats").data());
        assertEquals(0, npz.get("scalar").shape().length);
        assertArrayEquals(new double[] {42.0}, npz.get("scalar").data());
        assertEquals("{\"model\": \"phi\", \"σ\": 0.5}", npz.get("text").text());
    }

    @Test
    void aMissingArrayIsNamed() throws IOException {
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> fixture().get("X_train"));
        assertTrue(e.getMessage().contains("X_train") && e.getMessage().contains("matrix"), e.getMessage());
    }

    @Test
    void foreignFilesAreRefusedWithTheirName() throws IOException {
        Path csv = dir.resolve("points.csv");
        Files.writeString(csv, "re_z0,im_z0\n1,0\n");
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> Npz.read(csv));
        assertTrue(e.getMessage().startsWith(csv.toString()), e.getMessage());
    }

    static java.util.stream.LongStream seeds() {
        return Seeds.seeds(20);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void roundTripsRandomArraysBitForBit(long seed) throws IOException {
        Rng rng = Rng.of(seed);
        int rank = rng.nextInt(4);
        int[] shape = new int[rank];
        int n = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = rng.nextInt(5);
            n *= shape[i];
        }
        double[] real = new double[n];
        double[] complex = new double[2 * n];
        for (int i = 0; i < n; i++) {
            real[i] = rng.nextGaussian() * Math.exp(20 * rng.nextGaussian());
            complex[2 * i] = rng.nextGaussian();
            complex[2 * i + 1] = -rng.nextGaussian();
        }
        Path file = dir.resolve("a.npz");
        Npz.builder().putDoubles("real", real, shape).putComplex("complex", complex, shape)
                .putText("text", "seed " + seed + " ∂∂̄φ").build().write(file);
        Npz back = Npz.read(file);
        assertArrayEquals(shape, back.get("real").shape());
        assertArrayEquals(real, back.get("real").data());
        assertArrayEquals(complex, back.get("complex").data());
        assertEquals("seed " + seed + " ∂∂̄φ", back.get("text").text());
    }

    @Test
    void equalArraysGiveEqualBytes() throws IOException {
        Npz npz = Npz.builder().putDoubles("x", new double[] {1, 2, 3}, 3).build();
        npz.write(dir.resolve("a.npz"));
        npz.write(dir.resolve("b.npz"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.npz")), Files.readAllBytes(dir.resolve("b.npz")));
    }

    @Test
    void badShapesAndNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Npz.builder().putDoubles("x", new double[3], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Npz.builder().putDoubles("a/b", new double[1], 1));
        assertThrows(IllegalArgumentException.class,
                () -> Npz.builder().putDoubles("x", new double[1], 1).putDoubles("x", new double[1], 1));
    }

    /** NumPy itself reads what {@link Npz} wrote (skipped where python3 with NumPy is not installed). */
    @Test
    void numpyReadsWhatWeWrite() throws Exception {
        assumeTrue(hasNumpy(), "python3 with NumPy is not installed");
        Path file = dir.resolve("ours.npz");
        Npz.builder().putDoubles("m", new double[] {1, 2, 3, 4, 5, 6}, 2, 3)
                .putComplex("c", new double[] {1, -1, 0.5, 2}, 2).putText("d", "{\"ok\": true}")
                .putDoubles("s", new double[] {7}).build().write(file);
        String script = "import numpy as np, json, sys\n"
                + "f = np.load(sys.argv[1], allow_pickle=False)\n"
                + "m, c = f['m'], f['c']\n"
                + "assert m.shape == (2, 3) and m[1, 0] == 4.0, m\n"
                + "assert c.dtype == np.complex128 and c[1] == 0.5 + 2j, c\n"
                + "assert json.loads(str(f['d'])) == {'ok': True}\n"
                + "assert f['s'].shape == () and float(f['s']) == 7.0\n"
                + "print('numpy ok')\n";
        Process p = new ProcessBuilder("python3", "-c", script, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("numpy ok", out.strip());
    }

    static boolean hasNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
