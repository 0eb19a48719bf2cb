package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metricflow.core.io.ArchiveFormatException;
import org.metricflow.core.io.Npz;

/**
 * {@link CymetricDataset}: the conversion constants against a file computed with NumPy alone in cymetric's
 * conventions ({@code cubic-dataset.npz}, made by {@code make_cymetric_dataset.py} beside it), and round trips.
 */
class CymetricDatasetTest {

    @TempDir
    Path dir;

    @Test
    void aFileInCymetricsConventionsHasWeightsDFactorialOver2ToTheDTimesOurs() throws IOException {
        Path file = dir.resolve("cubic-dataset.npz");
        try (InputStream in = getClass().getResourceAsStream("cubic-dataset.npz")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        CymetricDataset.Read r = CymetricDataset.read(ProjectiveVariety.parse("z0^3+z1^3+z2^3"), file);
        assertEquals(8, r.points().size());
        assertEquals(6, r.trainCount());
        // The same |Ω|² (same eliminated coordinate, same formula) to rounding; the NumPy script's weights are
        // |Ω|²/det g with g = (1/π)∂∂̄log|z|², ours |Ω|²/(d!·det g) with (1/2π): ratio d!/2^d = 1/2 for a curve.
        assertEquals(0, r.omegaMismatch(), 1e-12);
        assertEquals(0.5, r.weightRatio(), 1e-12);
        assertEquals(CymetricDataset.cymetricWeightFactor(1), r.weightRatio(), 1e-12);
        assertEquals(0, r.weightRatioSpread(), 1e-12);
        // The validation pullbacks NumPy computed are our Jacobians of the validation points.
        double[] ours = r.points().slice(6, 8).jacobians();
        double[] theirs = Npz.read(file).get("val_pullbacks").data();
        assertArrayEquals(theirs, ours, 1e-12);
    }

    @Test
    void theFactorIsDFactorialOver2ToTheD() {
        assertEquals(0.5, CymetricDataset.cymetricWeightFactor(1), 0);
        assertEquals(0.5, CymetricDataset.cymetricWeightFactor(2), 0);
        assertEquals(0.75, CymetricDataset.cymetricWeightFactor(3), 0);
        assertEquals(1.5, CymetricDataset.cymetricWeightFactor(4), 0);
        assertThrows(IllegalArgumentException.class, () -> CymetricDataset.cymetricWeightFactor(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fermat-quintic", "z0^3+z1^3+z2^3", "fermat-quartic"})
    void roundTripsBitForBit(String spec) throws IOException {
        ProjectiveVariety x = ProjectiveVariety.parse(spec);
        PointSet pts = x.sample(60, 4);
        Path file = dir.resolve("dataset.npz");
        CymetricDataset.write(pts, 50, file);
        Npz npz = Npz.read(file);
        int m = pts.coordinateCount();
        assertArrayEquals(new int[] {50, 2 * m}, npz.get("X_train").shape());
        assertArrayEquals(new int[] {10, 2}, npz.get("y_val").shape());
        assertArrayEquals(new int[] {10, pts.dimension(), m}, npz.get("val_pullbacks").shape());
        CymetricDataset.Read back = CymetricDataset.read(x, file);
        assertEquals(50, back.trainCount());
        assertArrayEquals(pts.coordinates(), back.points().coordinates());
        assertArrayEquals(pts.weights(), back.points().weights());
        assertArrayEquals(pts.omegaSquared(), back.points().omegaSquared());
        assertEquals(CymetricDataset.cymetricWeightFactor(pts.dimension()), back.weightRatio(), 1e-14);
        assertTrue(back.weightRatioSpread() < 1e-14, "spread " + back.weightRatioSpread());
        assertEquals(0, back.omegaMismatch(), 0);
    }

    @Test
    void aFileForAnotherAmbientSpaceIsRefusedWithItsShape() throws IOException {
        Path file = dir.resolve("quintic.npz");
        CymetricDataset.write(ProjectiveVariety.parse("fermat-quintic").sample(20, 1), 15, file);
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
                () -> CymetricDataset.read(ProjectiveVariety.parse("z0^3+z1^3+z2^3"), file));
        assertTrue(e.getMessage().contains("X_train") && e.getMessage().contains("10"), e.getMessage());
    }
}
