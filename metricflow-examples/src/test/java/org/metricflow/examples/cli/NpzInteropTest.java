package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.io.Npz;
import org.metricflow.examples.ModelNpz;
import org.metricflow.flow.ModelFiles;
import org.metricflow.geometry.complex.CymetricDataset;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.phi.PhiModel;

/**
 * {@code sample --format npz}, {@code train --points-from} and {@code export --format npz} end to end: the sample
 * round-trips, training reads it, and the exported weights reproduce φ — evaluated by an independent forward pass
 * written here from the file's arrays and description, and by NumPy where python3 with NumPy is installed.
 */
class NpzInteropTest {

    @TempDir
    Path dir;

    @Test
    void sampleTrainAndExportThroughNpz() throws Exception {
        Path data = dir.resolve("dataset.npz");
        CliHarness.Run s = CliHarness.run("sample", "--variety", "fermat-quintic", "--points", "300", "--format",
                "npz", "--out", data.toString(), "--json");
        assertEquals(0, s.code(), s.err());
        Map<String, Object> sj = s.lastLineJson();
        assertEquals(270.0, ((Number) sj.get("train")).doubleValue());
        assertEquals(30.0, ((Number) sj.get("validation")).doubleValue());
        CymetricDataset.Read read = CymetricDataset.read(ProjectiveVariety.fermatQuintic(), data);
        assertEquals(0.75, read.weightRatio(), 1e-14);          // 3!/2^3: cymetric's weight convention
        assertArrayEquals(ProjectiveVariety.fermatQuintic().sample(300, 1).coordinates(),
                read.points().coordinates());                    // the same points as the CSV path (seed 1)

        Path run = dir.resolve("run");
        CliHarness.Run t = CliHarness.run("train", "--points-from", data.toString(), "--epochs", "1", "--width", "8",
                "--depth", "1", "--batch", "64", "--curvature-points", "0", "--out", run.toString(), "--json");
        assertEquals(0, t.code(), t.err());
        Map<String, Object> tj = t.lastLineJson();
        assertEquals(300.0, ((Number) tj.get("pointsRead")).doubleValue());
        assertEquals(0.75, ((Number) tj.get("fileWeightRatio")).doubleValue(), 1e-12);

        Path exported = dir.resolve("model.npz");
        CliHarness.Run e = CliHarness.run("export", "--model", run.resolve("model.mfa").toString(), "--out",
                exported.toString(), "--json");
        assertEquals(0, e.code(), e.err());
        assertEquals(2.0, ((Number) e.lastLineJson().get("layers")).doubleValue());

        PhiModel model = ModelFiles.load(run.resolve("model.mfa"));
        PointSet probe = ProjectiveVariety.fermatQuintic().sample(7, 9);
        double[] expected = phiOf(model, probe);
        Npz npz = Npz.read(exported);
        assertArrayEquals(expected, forwardFromFile(npz, probe), 1e-12);
        @SuppressWarnings("unchecked")
        Map<String, Object> desc = (Map<String, Object>) JsonReader.parse(npz.get("description").text());
        assertEquals(ModelNpz.FORMAT, desc.get("format"));
        assertEquals("gelu", desc.get("activation"));
        assertEquals(2, ((List<?>) desc.get("layers")).size());
        numpyAgrees(exported, probe, expected);
    }

    /** φ = K − K_FS of the model at the points (from the library's own potential). */
    private static double[] phiOf(PhiModel model, PointSet p) {
        int m = p.coordinateCount();
        double[] re = new double[p.size() * m];
        double[] im = new double[p.size() * m];
        for (int i = 0; i < p.size(); i++) {
            for (int j = 0; j < m; j++) {
                re[i * m + j] = p.re(i, j);
                im[i * m + j] = p.im(i, j);
            }
        }
        Tensor tr = Tensor.constant(p.size(), m, re);
        Tensor ti = Tensor.constant(p.size(), m, im);
        return model.potential().value(tr, ti).minus(KahlerPotential.fubiniStudy().value(tr, ti)).value().data;
    }

    /** The forward pass the file's description states, written independently of Mlp. */
    private static double[] forwardFromFile(Npz npz, PointSet p) throws IOException {
        int m = p.coordinateCount();
        double[] out = new double[p.size()];
        int layers = 0;
        while (npz.arrays().containsKey("W" + layers)) {
            layers++;
        }
        for (int q = 0; q < p.size(); q++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += p.re(q, j) * p.re(q, j) + p.im(q, j) * p.im(q, j);
            }
            double[] h = new double[m * m];
            int k = 0;
            for (int i = 0; i < m; i++) {
                h[k++] = (p.re(q, i) * p.re(q, i) + p.im(q, i) * p.im(q, i)) / s;
            }
            for (int i = 0; i < m; i++) {
                for (int j = i + 1; j < m; j++) {
                    h[k++] = (p.re(q, i) * p.re(q, j) + p.im(q, i) * p.im(q, j)) / s;   // Re z_i conj(z_j) / S
                    h[k++] = (p.im(q, i) * p.re(q, j) - p.re(q, i) * p.im(q, j)) / s;   // Im z_i conj(z_j) / S
                }
            }
            for (int l = 0; l < layers; l++) {
                Npz.Array w = npz.get("W" + l);
                double[] b = npz.get("b" + l).data();
                int rows = w.shape()[0];
                int cols = w.shape()[1];
                double[] next = new double[rows];
                for (int r = 0; r < rows; r++) {
                    double a = b[r];
                    for (int c = 0; c < cols; c++) {
                        a += w.data()[r * cols + c] * h[c];
                    }
                    next[r] = l + 1 < layers ? Activation.GELU.value(a) : a;
                }
                h = next;
            }
            out[q] = h[0];
        }
        return out;
    }

    /** NumPy, given only the file, computes the same φ (skipped without python3 + NumPy). */
    private static void numpyAgrees(Path file, PointSet p, double[] expected) throws Exception {
        assumeTrue(hasNumpy(), "python3 with NumPy is not installed");
        StringBuilder z = new StringBuilder("[");
        for (int q = 0; q < p.size(); q++) {
            z.append('[');
            for (int j = 0; j < p.coordinateCount(); j++) {
                z.append("complex(").append(p.re(q, j)).append(',').append(p.im(q, j)).append("),");
            }
            z.append("],");
        }
        z.append(']');
        String script = String.join("\n",
                "import json, math, sys, numpy as np",
                "f = np.load(sys.argv[1], allow_pickle=False)",
                "desc = json.loads(str(f['description']))",
                "assert desc['features'] == 'hermitian_invariants' and desc['activation'] == 'gelu'",
                "z = np.array(" + z + ")",
                "m = z.shape[1]",
                "u = z[:, :, None] * np.conj(z[:, None, :]) / np.sum(np.abs(z) ** 2, axis=1)[:, None, None]",
                "feats = [u[:, i, i].real for i in range(m)]",
                "for i in range(m):",
                "    for j in range(i + 1, m):",
                "        feats += [u[:, i, j].real, u[:, i, j].imag]",
                "h = np.stack(feats, axis=1)",
                "gelu = np.vectorize(lambda x: x * (1 + math.erf(x / math.sqrt(2))) / 2)",
                "layers = desc['layers']",
                "for l, layer in enumerate(layers):",
                "    h = h @ f[layer['weight']].T + f[layer['bias']]",
                "    if l + 1 < len(layers):",
                "        h = gelu(h)",
                "print(' '.join(repr(float(v)) for v in h[:, 0]))");
        Process proc = new ProcessBuilder("python3", "-c", script, file.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, proc.exitValue(), out);
        String[] parts = out.split(" ");
        assertEquals(expected.length, parts.length, out);
        for (int i = 0; i < parts.length; i++) {
            // erf in double precision on both sides: agreement to rounding (1e-12 leaves room for summation order).
            assertEquals(expected[i], Double.parseDouble(parts[i]), 1e-12, out);
        }
    }

    private static boolean hasNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
