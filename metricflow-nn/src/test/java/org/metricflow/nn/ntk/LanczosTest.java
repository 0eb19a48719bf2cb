package org.metricflow.nn.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * {@link Lanczos} against independent references: the dense symmetric eigensolver ({@link
 * NtkDiagnostics#eigenvalues}) for the extremes, and exact traces tr A<sup>p</sup> of a diagonal matrix for the
 * quadrature (a Rademacher probe gives vᵀD<sup>p</sup>v = tr D<sup>p</sup> exactly, and k-point Gauss quadrature is
 * exact for degree ≤ 2k − 1, so every moment up to that degree must match to rounding).
 */
class LanczosTest {

    static java.util.stream.LongStream seeds() {
        return Seeds.few();
    }

    /** A random symmetric indefinite n×n matrix with entries N(0, 1). */
    static DMatrixRMaj randomSymmetric(int n, long seed) {
        Rng rng = Seeds.rng(seed);
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = rng.nextGaussian();
                a.set(i, j, v);
                a.set(j, i, v);
            }
        }
        return a;
    }

    static Lanczos.Operator operator(DMatrixRMaj a) {
        int n = a.numRows;
        return (in, out) -> {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += a.data[i * n + j] * in[j];
                }
                out[i] = s;
            }
        };
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void extremesMatchTheDenseEigensolver(long seed) {
        int n = 10 + (int) Math.floorMod(seed, 50L);
        DMatrixRMaj a = randomSymmetric(n, seed);
        double[] dense = NtkDiagnostics.eigenvalues(a); // descending
        double[] lz = Lanczos.extremes(operator(a), n, n, seed);
        // k = n spans the whole space: exact up to rounding of O(n) reorthogonalized products (|λ| ~ 2√n)
        Seeds.assertClose(dense[n - 1], lz[0], 1e-10, 1e-10, seed, "λmin");
        Seeds.assertClose(dense[0], lz[1], 1e-10, 1e-10, seed, "λmax");
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void extremesConvergeLongBeforeTheDimension(long seed) {
        // a spectrum with isolated ends (±10 beside a bulk in [−1, 1]): 30 steps of 400 find them to 1e-8
        int n = 400;
        Rng rng = Seeds.rng(seed);
        double[] diag = new double[n];
        for (int i = 0; i < n; i++) {
            diag[i] = rng.uniform(-1, 1);
        }
        diag[7] = 10;
        diag[300] = -10;
        Lanczos.Operator d = (in, out) -> {
            for (int i = 0; i < n; i++) {
                out[i] = diag[i] * in[i];
            }
        };
        double[] lz = Lanczos.extremes(d, n, 30, seed);
        Seeds.assertClose(-10, lz[0], 1e-8, 0, seed, "λmin");
        Seeds.assertClose(10, lz[1], 1e-8, 0, seed, "λmax");
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void quadratureReproducesTheMomentsOfTheSpectrum(long seed) {
        int n = 300;
        Rng rng = Seeds.rng(seed);
        double[] diag = new double[n];
        for (int i = 0; i < n; i++) {
            diag[i] = rng.uniform(-2, 3);
        }
        Lanczos.Operator d = (in, out) -> {
            for (int i = 0; i < n; i++) {
                out[i] = diag[i] * in[i];
            }
        };
        int steps = 8;
        Lanczos.Density density = Lanczos.density(d, n, steps, 3, seed);
        for (int p = 0; p <= 2 * steps - 1; p += 3) {
            double exact = 0;
            for (double x : diag) {
                exact += Math.pow(x, p);
            }
            double est = 0;
            for (int j = 0; j < density.nodes().length; j++) {
                est += density.weights()[j] * Math.pow(density.nodes()[j], p);
            }
            Seeds.assertClose(exact, est, 1e-9, 1e-9, seed, "tr D^" + p);
        }
    }

    static java.util.stream.LongStream fourSeeds() {
        return Seeds.seeds(4);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("fourSeeds")
    void matrixFreeKernelChangeMatchesTheDenseChangeSpectrum(long seed) {
        // a φ-model on 12 quintic points (108 kernel entries) and a copy whose parameters moved by 5% noise, as
        // after training; the dense reference forms both kernels, the operator only multiplies by them
        org.metricflow.geometry.complex.ProjectiveVariety quintic =
                org.metricflow.geometry.complex.ProjectiveVariety.fermatQuintic();
        org.metricflow.geometry.complex.PointSet probe = quintic.sample(12, seed);
        org.metricflow.nn.features.FeatureMap f = org.metricflow.nn.features.FeatureMap.HERMITIAN_INVARIANTS;
        org.metricflow.nn.Mlp net = org.metricflow.nn.Mlp.builder().inputs(f.featureCount(5)).hidden(6).outputs(1)
                .activation(org.metricflow.nn.Activation.GELU).seed(seed).build();
        org.metricflow.nn.phi.PhiModel initial = org.metricflow.nn.phi.PhiModel.of(quintic, net, f, false);
        org.metricflow.nn.phi.PhiModel moved = org.metricflow.nn.phi.PhiModel.of(quintic, net.copy(), f, false);
        Rng rng = Seeds.rng(seed);
        for (org.metricflow.core.autodiff.Tensor t : moved.parameters()) {
            for (int i = 0; i < t.value().data.length; i++) {
                t.value().data[i] *= 1 + 0.05 * rng.nextGaussian();
            }
        }
        org.metricflow.core.autodiff.Tensor idx = org.metricflow.nn.ntk.ProbeMetricModel.indices(12);
        MetricNtk kt = MetricNtk.of(moved, probe);
        MetricNtk k0 = MetricNtk.of(initial, probe);
        double[] dense = NtkDiagnostics.changeSpectrum(kt.matrix(idx), k0.matrix(idx));
        double[] lz = Lanczos.extremes(NtkDiagnostics.changeOperator(kt, k0, idx), 108, 108, seed);
        double scale = Math.max(Math.abs(dense[0]), Math.abs(dense[107]));
        // the Jacobian path's operator is the same Θ: one product against the dense matrix
        double[] v = new double[108];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        double[] jv = new double[108];
        kt.jacobianPath().operator(idx).apply(v, jv);
        DMatrixRMaj k = kt.matrix(idx);
        for (int i = 0; i < 108; i++) {
            double s = 0;
            for (int j = 0; j < 108; j++) {
                s += k.get(i, j) * v[j];
            }
            Seeds.assertClose(s, jv[i], 1e-9, 1e-12 * scale, seed, "Jacobian-path Θv");
        }
        // the same exact kernel by two summation orders: rounding ~1e-13 of the largest eigenvalue
        Seeds.assertClose(dense[107], lz[0], 0, 1e-9 * scale, seed, "λmin of Θt − Θ0");
        Seeds.assertClose(dense[0], lz[1], 0, 1e-9 * scale, seed, "λmax of Θt − Θ0");
    }

    @Test
    void badArgumentsAreRefused() {
        Lanczos.Operator id = (in, out) -> System.arraycopy(in, 0, out, 0, in.length);
        assertThrows(IllegalArgumentException.class, () -> Lanczos.extremes(id, 0, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> Lanczos.density(id, 5, 3, 0, 1));
        // the identity: one step spans an invariant subspace, the Ritz value is exact
        double[] e = Lanczos.extremes(id, 5, 3, 1);
        assertEquals(1, e[0], 1e-15);
        assertEquals(1, e[1], 1e-15);
    }
}
