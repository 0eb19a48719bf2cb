package org.metricflow.core.autodiff;

import static org.metricflow.core.testing.FiniteDifferences.checkFirstAndSecondOrder;
import static org.metricflow.core.testing.FiniteDifferences.uniform;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * Batched small-matrix operations (rows hold n×n matrices row-major) for n = 1..6: values against EJML
 * applied row by row (an independent implementation), and first/second derivatives against central finite
 * differences.
 *
 * <p>Test matrices are well conditioned: A = 2·I + U/√n with U uniform in [−1, 1], so ‖U/√n‖₂ ≤ √n·1/√n·…
 * stays well below 2 in practice and cond(A) is O(1); the derivatives of det and inverse therefore stay
 * O(1) and the finite-difference error analysis of {@code FiniteDifferences} holds (tolerance 1e-6
 * relative to the scale). Values are compared to 1e-12 relative: cofactor/LU formulas and EJML differ only
 * by rounding, amplified at most by cond(A).
 */
class BatchedMatrixTest {
    private static final int BATCH = 3;

    static DMatrixRMaj wellConditioned(Rng rng, int rows, int n) {
        DMatrixRMaj m = uniform(rng, rows, n * n, -1, 1);
        double s = 1.0 / Math.sqrt(n);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < n * n; k++) {
                m.data[r * n * n + k] *= s;
            }
            for (int i = 0; i < n; i++) {
                m.data[r * n * n + i * n + i] += 2.0;
            }
        }
        return m;
    }

    private static DMatrixRMaj rowMatrix(DMatrixRMaj batch, int r, int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        System.arraycopy(batch.data, r * rows * cols, m.data, 0, rows * cols);
        return m;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void valuesMatchEjmlRowByRow(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int n = 1; n <= 6; n++) {
            DMatrixRMaj a = wellConditioned(rng, BATCH, n);
            // a general (not near-identity) matrix with pivoting needed: permute rows of a well-conditioned one
            DMatrixRMaj b = uniform(rng, BATCH, n * n, -1, 1);
            Tensor ta = Tensor.constant(a);
            Tensor det = ta.det();
            Tensor logDet = ta.logDet();
            Tensor inv = ta.inverse();
            Tensor tr = ta.trace();
            Tensor tt = ta.batchTranspose();
            Tensor prod = ta.batchMatmul(Tensor.constant(b));
            Tensor detB = Tensor.constant(b).det();
            for (int r = 0; r < BATCH; r++) {
                DMatrixRMaj m = rowMatrix(a, r, n, n);
                DMatrixRMaj mb = rowMatrix(b, r, n, n);
                double d = CommonOps_DDRM.det(m);
                String at = " n=" + n + " row " + r;
                Seeds.assertClose(d, det.get(r, 0), 1e-12, 0, seed, "det" + at);
                Seeds.assertClose(CommonOps_DDRM.det(mb), detB.get(r, 0), 1e-10, 1e-13, seed, "det of general" + at);
                Seeds.assertClose(Math.log(d), logDet.get(r, 0), 1e-12, 1e-13, seed, "logDet" + at);
                Seeds.assertClose(CommonOps_DDRM.trace(m), tr.get(r, 0), 1e-15, 1e-15, seed, "trace" + at);
                DMatrixRMaj mi = m.copy();
                CommonOps_DDRM.invert(mi);
                DMatrixRMaj mt = CommonOps_DDRM.transpose(m, null);
                DMatrixRMaj mp = new DMatrixRMaj(n, n);
                CommonOps_DDRM.mult(m, mb, mp);
                for (int k = 0; k < n * n; k++) {
                    Seeds.assertClose(mi.data[k], inv.get(r, k), 1e-12, 1e-13, seed, "inverse" + at);
                    Seeds.assertClose(mt.data[k], tt.get(r, k), 0, 0, seed, "batchTranspose" + at);
                    Seeds.assertClose(mp.data[k], prod.get(r, k), 1e-13, 1e-14, seed, "batchMatmul" + at);
                }
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void derivativesOfDetInverseLogDetTrace(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int n = 1; n <= 6; n++) {
            DMatrixRMaj a = wellConditioned(rng, BATCH, n);
            String at = " n=" + n;
            checkFirstAndSecondOrder("det" + at, seed, xs -> xs[0].det(), a);
            checkFirstAndSecondOrder("logDet" + at, seed, xs -> xs[0].logDet(), a);
            checkFirstAndSecondOrder("inverse" + at, seed, xs -> xs[0].inverse(), a);
            checkFirstAndSecondOrder("trace" + at, seed, xs -> xs[0].trace().square(), a);
            checkFirstAndSecondOrder("batchTranspose" + at, seed, xs -> xs[0].batchTranspose().times(xs[0]), a);
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void derivativesOfBatchMatmul(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int n = 1; n <= 4; n++) {
            DMatrixRMaj a = uniform(rng, BATCH, n * n, -1, 1);
            DMatrixRMaj b = uniform(rng, BATCH, n * n, -1, 1);
            checkFirstAndSecondOrder("batchMatmul n=" + n, seed, xs -> xs[0].batchMatmul(xs[1]).square(), a, b);
        }
        // rectangular n×k times k×m, and a shared (single-row) operand on either side
        DMatrixRMaj a = uniform(rng, BATCH, 2 * 3, -1, 1);
        DMatrixRMaj b = uniform(rng, BATCH, 3 * 4, -1, 1);
        DMatrixRMaj shared = uniform(rng, 1, 3 * 4, -1, 1);
        DMatrixRMaj sharedA = uniform(rng, 1, 2 * 3, -1, 1);
        checkFirstAndSecondOrder("batchMatmul 2×3·3×4", seed, xs -> xs[0].batchMatmul(xs[1], 2, 3, 4).sin(), a, b);
        checkFirstAndSecondOrder("batchMatmul shared right", seed, xs -> xs[0].batchMatmul(xs[1], 2, 3, 4).sin(), a,
                shared);
        checkFirstAndSecondOrder("batchMatmul shared left", seed, xs -> xs[0].batchMatmul(xs[1], 2, 3, 4).sin(),
                sharedA, b);
        // values of the rectangular product against EJML
        Tensor p = Tensor.constant(a).batchMatmul(Tensor.constant(shared), 2, 3, 4);
        for (int r = 0; r < BATCH; r++) {
            DMatrixRMaj e = new DMatrixRMaj(2, 4);
            CommonOps_DDRM.mult(rowMatrix(a, r, 2, 3), rowMatrix(shared, 0, 3, 4), e);
            for (int k = 0; k < 8; k++) {
                Seeds.assertClose(e.data[k], p.get(r, k), 1e-13, 1e-14, seed, "rectangular batchMatmul");
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void compositesUsedByGeometry(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int n = 2; n <= 4; n++) {
            DMatrixRMaj a = wellConditioned(rng, BATCH, n);
            DMatrixRMaj b = uniform(rng, BATCH, n * n, -1, 1);
            // tr(A⁻¹B): the contraction g^{ij} h_ij used for scalar curvature
            checkFirstAndSecondOrder("tr(A⁻¹B) n=" + n, seed, xs -> xs[0].inverse().batchMatmul(xs[1]).trace(), a, b);
            // log det(AᵀA) (positive definite)
            checkFirstAndSecondOrder("logDet(AᵀA) n=" + n, seed,
                    xs -> xs[0].batchTranspose().batchMatmul(xs[0]).logDet(), a);
        }
    }
}
