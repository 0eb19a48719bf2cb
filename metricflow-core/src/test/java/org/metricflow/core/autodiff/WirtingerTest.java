package org.metricflow.core.autodiff;

import static org.metricflow.core.testing.FiniteDifferences.uniform;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * Wirtinger derivatives against analytic cases: ∂_z|z|² = z̄, ∂_z Re(z²) = z, ∂_a∂̄_b|z|² = δ_ab and the
 * Fubini–Study metric ∂_a∂̄_b log(1+|z|²) = δ_ab/(1+|z|²) − z̄_a z_b/(1+|z|²)², for the plain-array and the
 * batched Tensor versions. Both sides are exact up to rounding of O(1) quantities: tolerance 1e-13.
 */
class WirtingerTest {
    private static final int N = 4;
    private static final int DIM = 3;
    private static final double TOL = 1e-13;

    private static double[] row(DMatrixRMaj m, int i) {
        double[] r = new double[m.numCols];
        System.arraycopy(m.data, i * m.numCols, r, 0, m.numCols);
        return r;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void firstOrderWirtingerDerivatives(long seed) {
        Rng rng = Seeds.rng(seed);
        Tensor xy = Tensor.variable(uniform(rng, N, 2 * DIM, -1, 1));
        // f = |z|² = Σ x² + y²: ∂_a f = z̄_a, ∂̄_a f = z_a
        DMatrixRMaj g = Autodiff.grad(xy.square().sum(), xy)[0];
        // f = Re Σ z_a² = Σ x² − y²: ∂_a f = z_a
        Tensor sign = Tensor.constant(1, 2 * DIM, 1, 1, 1, -1, -1, -1);
        DMatrixRMaj h = Autodiff.grad(xy.square().times(sign).sum(), xy)[0];
        ComplexTensor dzT = Wirtinger.dz(Tensor.constant(g));
        ComplexTensor dzbarT = Wirtinger.dzbar(Tensor.constant(g));
        ComplexTensor dzReT = Wirtinger.dz(Tensor.constant(h));
        for (int i = 0; i < N; i++) {
            double[][] dz = Wirtinger.dz(row(g, i));
            double[][] dzbar = Wirtinger.dzbar(row(g, i));
            double[][] dzRe = Wirtinger.dz(row(h, i));
            for (int a = 0; a < DIM; a++) {
                double x = xy.get(i, a);
                double y = xy.get(i, DIM + a);
                Seeds.assertClose(x, dz[0][a], 0, TOL, seed, "Re ∂|z|²");
                Seeds.assertClose(-y, dz[1][a], 0, TOL, seed, "Im ∂|z|²");
                Seeds.assertClose(x, dzbar[0][a], 0, TOL, seed, "Re ∂̄|z|²");
                Seeds.assertClose(y, dzbar[1][a], 0, TOL, seed, "Im ∂̄|z|²");
                Seeds.assertClose(x, dzRe[0][a], 0, TOL, seed, "Re ∂ Re z²");
                Seeds.assertClose(y, dzRe[1][a], 0, TOL, seed, "Im ∂ Re z²");
                Seeds.assertClose(dz[0][a], dzT.re().get(i, a), 0, 0, seed, "Tensor dz re");
                Seeds.assertClose(dz[1][a], dzT.im().get(i, a), 0, 0, seed, "Tensor dz im");
                Seeds.assertClose(dzbar[1][a], dzbarT.im().get(i, a), 0, 0, seed, "Tensor dzbar im");
                Seeds.assertClose(dzRe[1][a], dzReT.im().get(i, a), 0, 0, seed, "Tensor dz Re z² im");
            }
        }
    }

    /** log(1 + |z|²) per point, from N×2n real coordinates. */
    private static Tensor fubiniStudyPotential(Tensor xy) {
        return xy.square().sumRows().plus(1.0).log();
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void complexHessiansOfFlatAndFubiniStudyPotentials(long seed) {
        Rng rng = Seeds.rng(seed);
        Tensor xy = Tensor.variable(uniform(rng, N, 2 * DIM, -1, 1));

        ComplexTensor flat = Wirtinger.complexHessian(p -> p.square().sumRows(), xy);
        DMatrixRMaj realFs = Autodiff.hessian(WirtingerTest::fubiniStudyPotential, xy);
        ComplexTensor fs = Wirtinger.complexHessian(WirtingerTest::fubiniStudyPotential, xy);
        DMatrixRMaj[] fsPlain = Wirtinger.complexHessian(realFs);
        for (int i = 0; i < N; i++) {
            double[][] fsRow = Wirtinger.complexHessian(row(realFs, i));
            double r2 = 0;
            for (int k = 0; k < 2 * DIM; k++) {
                r2 += xy.get(i, k) * xy.get(i, k);
            }
            double q = 1 + r2;
            for (int a = 0; a < DIM; a++) {
                for (int b = 0; b < DIM; b++) {
                    String at = "(" + a + "," + b + ") point " + i;
                    int ab = a * DIM + b;
                    Seeds.assertClose(a == b ? 1 : 0, flat.re().get(i, ab), 0, TOL, seed, "Re ∂∂̄|z|² " + at);
                    Seeds.assertClose(0, flat.im().get(i, ab), 0, TOL, seed, "Im ∂∂̄|z|² " + at);
                    double xa = xy.get(i, a);
                    double ya = xy.get(i, DIM + a);
                    double xb = xy.get(i, b);
                    double yb = xy.get(i, DIM + b);
                    // z̄_a z_b = (x_a x_b + y_a y_b) + i (x_a y_b − y_a x_b)
                    double re = (a == b ? 1 / q : 0) - (xa * xb + ya * yb) / (q * q);
                    double im = -(xa * yb - ya * xb) / (q * q);
                    Seeds.assertClose(re, fs.re().get(i, ab), 0, TOL, seed, "Re FS " + at);
                    Seeds.assertClose(im, fs.im().get(i, ab), 0, TOL, seed, "Im FS " + at);
                    Seeds.assertClose(re, fsRow[0][ab], 0, TOL, seed, "Re FS plain " + at);
                    Seeds.assertClose(im, fsRow[1][ab], 0, TOL, seed, "Im FS plain " + at);
                    Seeds.assertClose(re, fsPlain[0].get(i, ab), 0, TOL, seed, "Re FS batched plain " + at);
                    Seeds.assertClose(im, fsPlain[1].get(i, ab), 0, TOL, seed, "Im FS batched plain " + at);
                    // Hermitian: g_{b ā} = conj(g_{a b̄})
                    Seeds.assertClose(fs.re().get(i, ab), fs.re().get(i, b * DIM + a), 0, TOL, seed, "Hermitian re");
                    Seeds.assertClose(fs.im().get(i, ab), -fs.im().get(i, b * DIM + a), 0, TOL, seed, "Hermitian im");
                }
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void complexHessianIsDifferentiableInParameters(long seed) {
        Rng rng = Seeds.rng(seed);
        Tensor xy = Tensor.variable(uniform(rng, N, 2 * DIM, -1, 1));
        Tensor c = Tensor.variable(1, 1, rng.uniform(0.5, 2));
        // g = ∂∂̄(c·K_FS) = c·g_FS, so d/dc Σ Re g = Σ Re g_FS and d/dc Σ Im g = Σ Im g_FS
        ComplexTensor g = Wirtinger.complexHessian(p -> fubiniStudyPotential(p).times(c), xy);
        ComplexTensor fs = Wirtinger.complexHessian(WirtingerTest::fubiniStudyPotential, xy);
        Seeds.assertClose(fs.re().sum().item(), Autodiff.grad(g.re().sum(), c)[0].get(0, 0), 1e-13, 1e-13, seed,
                "d/dc Σ Re g");
        Seeds.assertClose(fs.im().square().sum().item() * 2 * c.item(),
                Autodiff.grad(g.im().square().sum(), c)[0].get(0, 0), 1e-12, 1e-13, seed, "d/dc Σ (Im g)²");
        // abs2 and conj of the pair
        Seeds.assertClose(fs.re().square().plus(fs.im().square()).sum().item(), fs.conj().abs2().sum().item(), 0, 0,
                seed, "abs2");
    }
}
