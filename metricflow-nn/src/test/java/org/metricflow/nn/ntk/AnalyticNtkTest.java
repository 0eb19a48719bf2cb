package org.metricflow.nn.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.internal.GaussianExpectation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Closed-form kernels vs quadrature, and quadrature vs independent analytic Gaussian integrals. */
class AnalyticNtkTest {

    static double[] randomCovariance(Rng rng) {
        double k11 = rng.uniform(0.05, 4.0);
        double k22 = rng.uniform(0.05, 4.0);
        double rho = rng.uniform(-0.999, 0.999);
        return new double[] {k11, rho * Math.sqrt(k11 * k22), k22};
    }

    /**
     * Closed forms vs quadrature for single expectations, to 1e-8 absolute (the quantities are O(1)): the
     * Gauss–Hermite rule (erf, entire integrand) and the kink-split Gauss–Legendre rule (relu) both converge
     * exponentially; with variances up to 4 the erf rule needs ≈ 150 nodes for 1e-12 (64 give only 1e-6,
     * measured), so 200 nodes are used.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void closedFormsAgreeWithQuadrature(long seed) {
        Rng rng = Seeds.rng(seed);
        GaussianExpectation quad = GaussianExpectation.withOrder(200);
        for (Activation act : new Activation[] {Activation.RELU, Activation.ERF, Activation.IDENTITY}) {
            double[] k = randomCovariance(rng);
            double[] exact = GaussianExpectation.closedForm(act, k[0], k[1], k[2]);
            double[] numeric = quad.quadrature(act, k[0], k[1], k[2]);
            Seeds.assertClose(exact[0], numeric[0], 0, 1e-8, seed, act + " E[σσ]");
            Seeds.assertClose(exact[1], numeric[1], 0, 1e-8, seed, act + " E[σ'σ']");
        }
    }

    /** The same on a diagonal (u = v, a degenerate covariance the rules special-case). */
    @Test
    void degenerateCovarianceMatchesOneDimensionalMoments() {
        GaussianExpectation quad = GaussianExpectation.withOrder(64);
        double k = 1.7;
        // E[relu(u)²] = k/2, E[step²] = 1/2
        double[] relu = quad.quadrature(Activation.RELU, k, k, k);
        assertEquals(k / 2, relu[0], 1e-10);
        assertEquals(0.5, relu[1], 1e-10);
        double[] reluClosed = GaussianExpectation.closedForm(Activation.RELU, k, k, k);
        assertEquals(k / 2, reluClosed[0], 1e-12);
        assertEquals(0.5, reluClosed[1], 1e-12);
    }

    /**
     * Quadrature for an activation without a closed form in this library, against an independent analytic
     * identity: for (u, v) ~ N(0, K), E[sin u sin v] = e^{−(k11+k22)/2} sinh k12 and
     * E[cos u cos v] = e^{−(k11+k22)/2} cosh k12.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void quadratureMatchesTrigonometricIdentities(long seed) {
        double[] k = randomCovariance(Seeds.rng(seed));
        double[] e = GaussianExpectation.withOrder(64).quadrature(Activation.SIN, k[0], k[1], k[2]);
        double damp = Math.exp(-0.5 * (k[0] + k[2]));
        Seeds.assertClose(damp * Math.sinh(k[1]), e[0], 0, 1e-10, seed, "E[sin u sin v]");
        Seeds.assertClose(damp * Math.cosh(k[1]), e[1], 0, 1e-10, seed, "E[cos u cos v]");
    }

    /** Four seeds: each case evaluates ≈ 100 two-dimensional quadratures of 200² nodes. */
    static LongStream fourSeeds() {
        return Seeds.seeds(4);
    }

    /**
     * Full multi-layer kernels: closed form vs quadrature to 1e-8 relative, both parametrizations (pre-activation
     * variances kept below ≈ 4, where 200 Gauss–Hermite nodes are accurate to ≈ 1e-12 per expectation).
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("fourSeeds")
    void closedFormKernelsAgreeWithQuadratureKernels(long seed) {
        Rng rng = Seeds.rng(seed);
        DMatrixRMaj x = new DMatrixRMaj(4, 3);
        rng.fillGaussian(x.data, 0.8);
        for (Activation act : new Activation[] {Activation.RELU, Activation.ERF}) {
            for (Parametrization p : Parametrization.values()) {
                AnalyticNtk closed = AnalyticNtk.of(act, p, 3, new int[] {50, 40}, rng.uniform(0.8, 1.3),
                        rng.uniform(0.0, 0.4));
                AnalyticNtk.Kernels a = closed.method(AnalyticNtk.Method.CLOSED_FORM).kernels(x);
                AnalyticNtk.Kernels b = closed.method(AnalyticNtk.Method.QUADRATURE).quadratureOrder(200).kernels(x);
                for (int i = 0; i < a.ntk().data.length; i++) {
                    Seeds.assertClose(a.nngp().data[i], b.nngp().data[i], 1e-8, 1e-12, seed, act + " " + p + " NNGP");
                    Seeds.assertClose(a.ntk().data[i], b.ntk().data[i], 1e-8, 1e-12, seed, act + " " + p + " NTK");
                }
            }
        }
    }

    /**
     * One hidden relu layer, NTK parametrization, σ_b = 0, unit inputs at angle θ: the published closed form
     * (Jacot et al.; Arora et al. 2019) Θ = σ_w²cosθ + σ_w⁴[sinθ + (π−θ)cosθ]/(2π)·(1/1)… written out here as
     * Σ¹ = σ_w² cos θ, Σ² = σ_w⁴ (sin θ + (π − θ) cos θ)/(2π), Σ̇² = σ_w² (π − θ)/(2π), Θ = Σ¹Σ̇² + Σ².
     */
    @Test
    void oneHiddenReluLayerMatchesHandFormula() {
        double theta = 1.1;
        double sw = 1.3;
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1, 0}, {Math.cos(theta), Math.sin(theta)}});
        // inputs have |x|² = 1 with n_0 = 2, so Σ¹ = σ_w² x·y / 2
        double s1 = sw * sw * Math.cos(theta) / 2;
        double v1 = sw * sw / 2;
        double s2 = sw * sw * v1 * (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta)) / (2 * Math.PI);
        double dot2 = sw * sw * (Math.PI - theta) / (2 * Math.PI);
        DMatrixRMaj k = AnalyticNtk.of(Activation.RELU, Parametrization.NTK, 2, new int[] {7}, sw, 0.0).ntk(x);
        assertEquals(s1 * dot2 + s2, k.get(0, 1), 1e-14);
        assertEquals(v1 * sw * sw / 2 + sw * sw * v1 / 2, k.get(0, 0), 1e-14);
    }

    @Test
    void validationMessagesNameTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AnalyticNtk.of(Activation.TANH, Parametrization.NTK, 2, new int[] {4}, 1, 0)
                        .method(AnalyticNtk.Method.CLOSED_FORM)).getMessage().contains("no closed form for TANH"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AnalyticNtk.of(Activation.TANH, Parametrization.NTK, 2, new int[] {4}, 1, 0)
                        .ntk(new DMatrixRMaj(3, 5))).getMessage().contains("N×2"));
    }
}
