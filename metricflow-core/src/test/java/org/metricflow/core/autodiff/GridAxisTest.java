package org.metricflow.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metricflow.core.testing.FiniteDifferences.uniform;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.FiniteDifferences;
import org.metricflow.core.testing.Seeds;

/**
 * {@link Tensor#alongGridAxis}: values against the explicit Kronecker product I ⊗ M ⊗ I (exact up to rounding,
 * 1e-13), and first/second-order derivatives (composed with a nonlinearity so the second order is non-trivial)
 * against central finite differences at the shared tolerance.
 */
class GridAxisTest {

    /** The dense (Π d)×(Π d) matrix I ⊗ M ⊗ I acting on the row index. */
    private static DMatrixRMaj kronecker(DMatrixRMaj m, int[] shape, int axis) {
        int before = 1;
        int after = 1;
        for (int d = 0; d < axis; d++) {
            before *= shape[d];
        }
        for (int d = axis + 1; d < shape.length; d++) {
            after *= shape[d];
        }
        DMatrixRMaj left = CommonOps_DDRM.identity(before);
        DMatrixRMaj right = CommonOps_DDRM.identity(after);
        DMatrixRMaj lm = new DMatrixRMaj(1, 1);
        CommonOps_DDRM.kron(left, m, lm);
        DMatrixRMaj all = new DMatrixRMaj(1, 1);
        CommonOps_DDRM.kron(lm, right, all);
        return all;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void equalsTheKroneckerProductOnEveryAxis(long seed) {
        Rng rng = Seeds.rng(seed);
        int[] shape = {3, 4, 2};
        DMatrixRMaj x = uniform(rng, 24, 3, -1, 1);
        for (int axis = 0; axis < 3; axis++) {
            DMatrixRMaj m = uniform(rng, shape[axis], shape[axis], -1, 1);
            DMatrixRMaj expected = new DMatrixRMaj(24, 3);
            CommonOps_DDRM.mult(kronecker(m, shape, axis), x, expected);
            DMatrixRMaj actual = Tensor.constant(x).alongGridAxis(m, shape, axis).value();
            FiniteDifferences.assertClose(expected, actual, 1e-13, seed, "axis " + axis);
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void derivativesMatchFiniteDifferences(long seed) {
        Rng rng = Seeds.rng(seed);
        int[] shape = {3, 2, 3};
        for (int axis = 0; axis < 3; axis++) {
            DMatrixRMaj m = uniform(rng, shape[axis], shape[axis], -1, 1);
            int ax = axis;
            FiniteDifferences.checkFirstAndSecondOrder("alongGridAxis " + axis, seed,
                    in -> in[0].alongGridAxis(m, shape, ax).sin().alongGridAxis(m, shape, ax).times(in[0]),
                    uniform(rng, 18, 2, -1, 1));
        }
    }

    @Test
    void rejectsMismatchedShapesWithAMessage() {
        Tensor x = Tensor.zeros(6, 1);
        DMatrixRMaj m2 = new DMatrixRMaj(2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.alongGridAxis(m2, new int[] {2, 2}, 0));
        assertTrue(e.getMessage().contains("4 points but the tensor has 6 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.alongGridAxis(m2, new int[] {2, 3}, 1));
        assertTrue(e.getMessage().contains("need 3×3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.alongGridAxis(m2, new int[] {2, 3}, 2));
        assertTrue(e.getMessage().contains("axis 2 outside"), e.getMessage());
    }
}
