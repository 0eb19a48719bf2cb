package org.metricflow.nn.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.metric.AcceleratedKahlerModel.KernelBlocks;
import org.metricflow.nn.phi.PhiModel;

/**
 * The φ-model's metric-NTK by the per-layer factorization (jets of δ_l and h_{l−1}, channel Grams) against the
 * independent reference: the Jacobian path of {@link MetricNtk}, J Jᵀ with J the parameter gradients of the metric
 * components computed by reverse-mode autodiff through the model's own jet path ({@code kahlerJet}); the latter was
 * itself checked against finite differences of φ's scalar NTK ({@code PhiModelNtkFiniteDifferenceTest}).
 */
class PhiMetricNtkFactorizationTest {

    /**
     * Relative agreement with the Jacobian path, max |ΔΘ| / max |Θ|. Both are exact formulas evaluated in double
     * precision with different summation orders over ~10³ terms of mixed sign: rounding ~ 10³ ε ≈ 2e-13 relative to
     * the largest entry; 1e-10 (the figure) leaves a wide margin, while any wrong product-rule term or sign
     * gives errors of order one.
     */
    private static final double TOLERANCE = 1e-10;

    private static ProjectiveVariety variety(int d) {
        switch (d) {
            case 1: return ProjectiveVariety.fermatCubic();
            case 2: return ProjectiveVariety.fermatQuartic();
            default: return ProjectiveVariety.fermatQuintic();
        }
    }

    /** A random φ-model (d, depth, widths, parametrization, features from the seed) with the given activation. */
    private static PhiModel randomModel(Rng rng, int d, Activation activation, long seed) {
        ProjectiveVariety variety = variety(d);
        int depth = rng.nextInt(4); // 0 hidden layers: φ linear in the features
        // a piecewise-linear (relu) or linear network (identity, or no hidden layer) of the linear patch coordinates
        // has ∂∂̄φ ≡ 0: a zero kernel
        boolean flat = activation == Activation.RELU || activation == Activation.IDENTITY || depth == 0;
        FeatureMap features = flat || rng.nextInt(2) == 0 ? FeatureMap.HERMITIAN_INVARIANTS
                : FeatureMap.PATCH_COORDINATES;
        int[] widths = new int[depth];
        for (int i = 0; i < depth; i++) {
            widths[i] = 2 + rng.nextInt(7);
        }
        Parametrization parametrization = rng.nextInt(2) == 0 ? Parametrization.STANDARD : Parametrization.NTK;
        Mlp mlp = Mlp.builder().inputs(features.featureCount(variety.ambientDimension() + 1)).hidden(widths).outputs(1)
                .activation(activation).parametrization(parametrization).sigmaW(0.8 + rng.nextDouble())
                .sigmaB(0.05 + 0.5 * rng.nextDouble()).seed(seed).build();
        return PhiModel.of(variety, mlp, features, false);
    }

    private static double maxAbs(DMatrixRMaj a) {
        double m = 0;
        for (double v : a.data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double relativeDifference(DMatrixRMaj expected, DMatrixRMaj actual) {
        assertEquals(expected.numRows, actual.numRows);
        assertEquals(expected.numCols, actual.numCols);
        double diff = 0;
        for (int i = 0; i < expected.data.length; i++) {
            diff = Math.max(diff, Math.abs(expected.data[i] - actual.data[i]));
        }
        return diff / maxAbs(expected);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void factorizationEqualsTheJacobianKernelForEveryActivation(long seed) {
        Rng rng = Seeds.rng(seed);
        int nonDegenerate = 0;
        for (Activation activation : Activation.values()) {
            int d = 1 + rng.nextInt(3);
            PhiModel phi = randomModel(rng, d, activation, rng.nextLong());
            PointSet probe = phi.variety().sample(4, rng.nextLong());
            MetricNtk ntk = MetricNtk.of(phi, probe);
            assertTrue(ntk.isFactorized());
            Tensor idx = ProbeMetricModel.indices(probe.size());
            DMatrixRMaj fast = ntk.matrix(idx);
            DMatrixRMaj reference = ntk.jacobianPath().dense(idx);
            assertEquals(probe.size() * d * d, fast.numRows);
            if (maxAbs(reference) < 1e-12) {
                // e.g. relu units all inactive at the probe points: then both must vanish
                assertTrue(maxAbs(fast) < 1e-12, "seed " + seed + " " + activation + ": Jacobian kernel vanishes, the"
                        + " factorized one is " + maxAbs(fast));
                continue;
            }
            nonDegenerate++;
            double err = relativeDifference(reference, fast);
            assertTrue(err <= TOLERANCE, "seed " + seed + ", " + activation + ", d=" + d + ", "
                    + phi.network().parametrization() + ", " + phi.features() + ", widths "
                    + java.util.Arrays.toString(phi.network().hiddenWidths()) + ": relative error " + err);
        }
        // the comparison must not be vacuous: most random models have a non-zero kernel
        assertTrue(nonDegenerate >= 6, "seed " + seed + ": only " + nonDegenerate + " non-degenerate cases");
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void blockwiseEqualsOneBlockAndIsSymmetricPsdAndThreadIndependent(long seed) {
        Rng rng = Seeds.rng(seed);
        Activation activation = Activation.values()[rng.nextInt(Activation.values().length)];
        PhiModel phi = randomModel(rng, 3, activation, rng.nextLong());
        PointSet probe = phi.variety().sample(7, rng.nextLong());
        Tensor idx = ProbeMetricModel.indices(probe.size());
        MetricNtk ntk = MetricNtk.of(phi, probe);
        DMatrixRMaj oneBlock = ntk.blockSize(100).threads(1).matrix(idx);
        DMatrixRMaj blocks = ntk.blockSize(2).threads(1).matrix(idx);
        // every entry (x ≤ y) is computed the same way in every block layout and on every thread: identical bits
        assertArrayEquals(oneBlock.data, blocks.data, 0.0, "seed " + seed + ": blockwise ≠ one block");
        for (int size : new int[] {1, 3, 5, 7}) {
            for (int threads : new int[] {1, 2, 3}) {
                assertArrayEquals(blocks.data, ntk.blockSize(size).threads(threads).matrix(idx).data, 0.0,
                        "seed " + seed + ", blocks of " + size + ", " + threads + " threads");
            }
        }
        // symmetric (exactly, by construction) and positive semi-definite up to rounding
        int size = blocks.numRows;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                assertEquals(blocks.get(i, j), blocks.get(j, i), 0.0);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(size, false, true);
        assertTrue(eig.decompose(blocks.copy()));
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            min = Math.min(min, eig.getEigenvalue(i).getReal());
        }
        // a Gram matrix: eigenvalues ≥ 0 up to rounding of order ε·‖Θ‖·size
        assertTrue(min >= -1e-11 * maxAbs(blocks) * size, "seed " + seed + ": eigenvalue " + min);
    }

    /**
     * Odd widths (1 and 7 units, not multiples of any blocking) and an odd number of points: the factorized kernel
     * against the Jacobian path at the tolerance of {@link #TOLERANCE}.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void oddWidthsAndPointCountsEqualTheJacobianKernel(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety variety = variety(3);
        Mlp mlp = Mlp.builder().inputs(FeatureMap.HERMITIAN_INVARIANTS.featureCount(variety.ambientDimension() + 1))
                .hidden(rng.nextInt(2) == 0 ? new int[] {7, 1} : new int[] {1, 7, 3}).outputs(1)
                .activation(Activation.GELU).seed(rng.nextLong()).build();
        PhiModel phi = PhiModel.of(variety, mlp, FeatureMap.HERMITIAN_INVARIANTS, false);
        PointSet probe = variety.sample(5, rng.nextLong());
        Tensor idx = ProbeMetricModel.indices(probe.size());
        MetricNtk ntk = MetricNtk.of(phi, probe).blockSize(2);
        DMatrixRMaj reference = ntk.jacobianPath().dense(idx);
        assertTrue(maxAbs(reference) > 1e-8, "seed " + seed + ": a vanishing kernel would make the test vacuous");
        double err = relativeDifference(reference, ntk.matrix(idx));
        assertTrue(err <= TOLERANCE, "seed " + seed + ", widths " + java.util.Arrays.toString(mlp.hiddenWidths())
                + ": relative error " + err);
    }

    /**
     * The streamed blocks: every block X ≤ Y of the partition exactly once, with the entries of the formed matrix
     * (bit for bit, the matrix is assembled from them), {@code block} giving the same numbers, and the streamed
     * Frobenius norm and kernel change equal to those of the formed matrices up to the summation order (1e-12).
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void streamedBlocksCoverTheUpperTriangleOnceAndMatchTheMatrix(long seed) {
        Rng rng = Seeds.rng(seed);
        int d = 1 + rng.nextInt(3);
        PhiModel phi = randomModel(rng, d, Activation.GELU, rng.nextLong());
        PointSet probe = phi.variety().sample(7, rng.nextLong());
        Tensor idx = ProbeMetricModel.indices(probe.size());
        MetricNtk ntk = MetricNtk.of(phi, probe).blockSize(3).threads(2);
        DMatrixRMaj full = ntk.matrix(idx);
        int m = d * d;
        int size = full.numRows;
        KernelBlocks blocks = ntk.blocks(idx);
        assertEquals(7, blocks.points());
        assertEquals(m, blocks.components());
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        blocks.forEachBlock(3, 2, (x0, x1, y0, y1, block) -> {
            assertTrue(x0 <= y0 && x0 % 3 == 0 && y0 % 3 == 0 && x1 == Math.min(7, x0 + 3) && y1 == Math.min(7, y0 + 3));
            assertTrue(seen.add(x0 + "," + y0), "block " + x0 + "," + y0 + " twice");
            int cols = (y1 - y0) * m;
            double[] fresh = blocks.block(x0, x1, y0, y1);
            for (int i = 0; i < (x1 - x0) * m; i++) {
                for (int j = 0; j < cols; j++) {
                    double v = block[i * cols + j];
                    assertEquals(full.data[(x0 * m + i) * size + y0 * m + j], v, 0.0);
                    assertEquals(v, fresh[i * cols + j], 0.0);
                }
            }
        });
        assertEquals(6, seen.size()); // blocks {0, 3, 6}: 3·4/2 pairs
        double norm = 0;
        for (double v : full.data) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        assertEquals(norm, ntk.frobeniusNorm(idx), 1e-12 * norm);
        // the kernel change against the kernel of another model on the same points
        Mlp otherMlp = Mlp.builder().inputs(phi.network().inputs()).hidden(phi.network().hiddenWidths()).outputs(1)
                .activation(Activation.GELU).seed(rng.nextLong()).build();
        MetricNtk otherNtk = MetricNtk.of(PhiModel.of(phi.variety(), otherMlp, phi.features(), false), probe);
        double expected = NtkDiagnostics.relativeChange(otherNtk.matrix(idx), full);
        // without hidden layers φ is linear in θ and Θ does not depend on θ: then both changes are rounding only
        assertTrue(expected > 1e-3 || phi.network().hiddenWidths().length == 0, "seed " + seed + ": no change");
        assertEquals(expected, NtkDiagnostics.relativeChange(otherNtk.blocks(idx), blocks, 2, 3),
                1e-12 * Math.max(expected, 1e-3));
        // the general path serves its formed matrix in the same blocks
        KernelBlocks general = ntk.jacobianPath().blocks(idx);
        double change = NtkDiagnostics.relativeChange(general, blocks, 3, 1);
        assertTrue(change <= TOLERANCE, "seed " + seed + ": Jacobian blocks differ by " + change);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void kernelVectorProductEqualsTheMatrixTimesTheVector(long seed) {
        Rng rng = Seeds.rng(seed);
        Activation activation = Activation.values()[rng.nextInt(Activation.values().length)];
        int d = 1 + rng.nextInt(3);
        PhiModel phi = randomModel(rng, d, activation, rng.nextLong());
        PointSet probe = phi.variety().sample(6, rng.nextLong());
        Tensor idx = ProbeMetricModel.indices(probe.size());
        MetricNtk ntk = MetricNtk.of(phi, probe).blockSize(4);
        DMatrixRMaj v = new DMatrixRMaj(probe.size(), d * d);
        rng.fillGaussian(v.data, 1.0);
        DMatrixRMaj flat = new DMatrixRMaj(v.getNumElements(), 1, true, v.data);
        DMatrixRMaj expected = new DMatrixRMaj(v.getNumElements(), 1);
        CommonOps_DDRM.mult(ntk.jacobianPath().dense(idx), flat, expected);
        DMatrixRMaj fast = ntk.apply(idx, v);
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < expected.data.length; i++) {
            scale = Math.max(scale, Math.abs(expected.data[i]));
            diff = Math.max(diff, Math.abs(expected.data[i] - fast.data[i]));
        }
        // exact identity evaluated in two summation orders: rounding only (see TOLERANCE)
        assertTrue(diff <= TOLERANCE * scale, "seed " + seed + ": Θv differs by " + diff / scale);
        assertArrayEquals(fast.data, ntk.threads(1).apply(idx, v).data, 0.0, "thread count changed Θv");
        assertArrayEquals(fast.data, ntk.threads(3).apply(idx, v).data, 0.0, "thread count changed Θv");
        assertFalse(ntk.jacobianPath().isFactorized());
    }
}
