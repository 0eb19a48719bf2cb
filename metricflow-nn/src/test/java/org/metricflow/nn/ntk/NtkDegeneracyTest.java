package org.metricflow.nn.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;

/**
 * Kernels with eigenvalues at or near zero: an empirical NTK over point sets with k repeated points is singular with
 * exactly (at least) k zero eigenvalues — independent reference: the repetition count — and stays positive
 * semi-definite up to round-off; diagnostics that would divide by a vanishing kernel norm refuse with a message
 * instead of returning NaN.
 */
class NtkDegeneracyTest {
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void repeatedPointsGiveExactlyThatManyZeroEigenvalues(long seed) {
        Rng rng = Seeds.rng(seed);
        int distinct = 4 + rng.nextInt(5);
        int repeats = 1 + rng.nextInt(4);
        Mlp net = Mlp.builder().inputs(3).hidden(64).outputs(1).activation(Activation.TANH).seed(seed).build();
        DMatrixRMaj x = new DMatrixRMaj(distinct + repeats, 3);
        for (int i = 0; i < distinct * 3; i++) {
            x.data[i] = rng.nextGaussian();
        }
        for (int r = 0; r < repeats; r++) {
            int source = rng.nextInt(distinct);
            System.arraycopy(x.data, source * 3, x.data, (distinct + r) * 3, 3);
        }
        double[] ev = NtkDiagnostics.eigenvalues(EmpiricalNtk.of(net).matrix(Tensor.constant(x)));
        double largest = ev[0];
        int zeros = 0;
        for (double v : ev) {
            // PSD up to round-off: the symmetric eigensolver is backward stable, errors ~ n·ε·λ_max.
            assertTrue(v > -1e-12 * largest, "negative eigenvalue " + v + " [seed=" + seed + "]");
            if (Math.abs(v) <= 1e-10 * largest) {
                zeros++;
            }
        }
        // A width-64 tanh network's features separate distinct points: exactly one zero per repetition.
        assertEquals(repeats, zeros, "zero eigenvalues of " + java.util.Arrays.toString(ev) + " [seed=" + seed + "]");
    }

    @Test
    void diagnosticsOfVanishingKernelsRefuseInsteadOfNaN() {
        DMatrixRMaj constant = new DMatrixRMaj(3, 3);
        java.util.Arrays.fill(constant.data, 2.0);
        DMatrixRMaj other = DMatrixRMaj.wrap(3, 3, new double[] {2, 1, 0, 1, 2, 1, 0, 1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NtkDiagnostics.centeredAlignment(constant, other));
        assertTrue(e.getMessage().contains("constant after centering"), e.getMessage());
        DMatrixRMaj nan = other.copy();
        nan.data[4] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> NtkDiagnostics.centeredAlignment(nan, other));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> NtkDiagnostics.relativeChange(other, new DMatrixRMaj(3, 3)));
        assertTrue(zero.getMessage().contains("reference kernel is zero"), zero.getMessage());
        assertEquals(1.0, NtkDiagnostics.centeredAlignment(other, other), 1e-15);
    }
}
