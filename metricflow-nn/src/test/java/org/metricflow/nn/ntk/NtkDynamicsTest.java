package org.metricflow.nn.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.nn.Activation;
import org.metricflow.nn.LinearizedModel;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Model;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.RandomFourierFeatures;

/** Linearized models (frozen kernel), lazy vs. moving kernels, and the locality of random-feature kernels. */
class NtkDynamicsTest {

    private static Tensor points(Rng rng, int n, int d) {
        double[] x = new double[n * d];
        rng.fillGaussian(x, 1.0);
        return Tensor.constant(n, d, x);
    }

    /** Full-batch gradient descent on L = (1/2N) Σ (f − y)². */
    private static void train(Model model, Tensor x, Tensor y, double eta, int steps) {
        Tensor[] params = model.parameters().toArray(new Tensor[0]);
        for (int s = 0; s < steps; s++) {
            Tensor loss = model.apply(x).minus(y).square().sum().times(0.5 / x.rows());
            DMatrixRMaj[] g = Autodiff.grad(loss, params);
            for (int k = 0; k < params.length; k++) {
                CommonOps_DDRM.addEquals(params[k].value(), -eta, g[k]);
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void linearizedModelIsExactlyLinearAndItsKernelStaysFrozen(long seed) {
        Rng rng = Seeds.rng(seed);
        Mlp mlp = Mlp.builder().inputs(2).hidden(6, 5).outputs(2).activation(Activation.TANH)
                .parametrization(Parametrization.NTK).seed(rng.nextLong()).build();
        LinearizedModel lin = LinearizedModel.of(mlp);
        Tensor x = points(rng, 6, 2);
        Tensor y = points(rng, 6, 2);
        // at θ0 the linearization equals the model, and its kernel is the model's NTK
        Seeds.assertAllClose(mlp.forward(x).value().data, lin.apply(x).value().data, 1e-13, 1e-13, seed, "f_lin(θ0)");
        DMatrixRMaj theta0 = EmpiricalNtk.of(mlp).matrix(x);
        DMatrixRMaj linTheta0 = EmpiricalNtk.of(lin).matrix(x);
        Seeds.assertAllClose(theta0.data, linTheta0.data, 1e-11, 1e-11, seed, "Θ_lin(θ0) = Θ(θ0)");
        // exact linearity in θ: f_lin(θ0 + 2δ) − f_lin(θ0) = 2 (f_lin(θ0 + δ) − f_lin(θ0))
        double[] t0 = lin.flatParameters();
        double[] delta = new double[t0.length];
        rng.fillGaussian(delta, 0.1);
        double[] f0 = lin.apply(x).value().data.clone();
        double[] t1 = t0.clone();
        double[] t2 = t0.clone();
        for (int i = 0; i < t0.length; i++) {
            t1[i] += delta[i];
            t2[i] += 2 * delta[i];
        }
        lin.setFlatParameters(t1);
        double[] f1 = lin.apply(x).value().data.clone();
        lin.setFlatParameters(t2);
        double[] f2 = lin.apply(x).value().data.clone();
        for (int i = 0; i < f0.length; i++) {
            assertEquals(2 * (f1[i] - f0[i]), f2[i] - f0[i], 1e-12, "linearity");
        }
        lin.setFlatParameters(t0);
        // train: the kernel does not move (to rounding), while the network's own kernel does
        train(lin, x, y, 0.3, 20);
        train(mlp, x, y, 0.3, 20);
        double linChange = NtkDiagnostics.relativeChange(EmpiricalNtk.of(lin).matrix(x), theta0);
        double mlpChange = NtkDiagnostics.relativeChange(EmpiricalNtk.of(mlp).matrix(x), theta0);
        assertTrue(linChange < 1e-12, "linearized kernel moved by " + linChange);
        assertTrue(mlpChange > 1e-4, "the width-6 network's kernel should move, moved by " + mlpChange);
    }

    /**
     * Lazy vs. moving kernels: a width-4096 NTK-parametrized MLP's kernel moves by &lt; 5 % over a training run
     * in which a width-64 standard-parametrized one moves by &gt; 20 %. Both use the same learning rate (not
     * rescaled with width), 100 full-batch steps of gradient descent on L = (1/2N)Σ(f − y)², 1 hidden tanh layer,
     * 16 points in R². The rate η = 2.6/λ_max(Θ_std/N) lies in the catapult window 2/λ &lt; η &lt; 4/λ of the
     * standard network (Lewkowycz et al. 2020), whose kernel is ~width times larger than the NTK one: it first
     * grows the loss, then its kernel shrinks until training is stable and converges (measured: 44 % change,
     * final loss 0.029); the wide NTK network sees a tiny rate relative to its O(1) kernel (measured change
     * 0.05 %). (With a kernel-normalized rate η = 1/λ_max for each network instead, the width-64 standard
     * kernel moves only ≈ 2 % and the width-64 NTK one ≈ 20 %: the inputs' layer dominates the motion.)
     */
    @Test
    void wideNtkKernelIsLazyWhileNarrowStandardKernelMoves() {
        Rng rng = Rng.of(31);
        Tensor x = points(rng, 16, 2);
        double[] yd = new double[16];
        for (int i = 0; i < 16; i++) {
            yd[i] = Math.sin(3 * x.get(i, 0)) * Math.cos(2 * x.get(i, 1));
        }
        Tensor y = Tensor.constant(16, 1, yd);
        Mlp wide = Mlp.builder().inputs(2).hidden(4096).activation(Activation.TANH)
                .parametrization(Parametrization.NTK).sigmaW(1.5).sigmaB(0.1).seed(1).build();
        Mlp narrow = Mlp.builder().inputs(2).hidden(64).activation(Activation.TANH)
                .parametrization(Parametrization.STANDARD).sigmaW(1.5).sigmaB(0.1).seed(1).build();
        DMatrixRMaj narrow0 = EmpiricalNtk.of(narrow).matrix(x);
        DMatrixRMaj scaled = narrow0.copy();
        CommonOps_DDRM.scale(1.0 / x.rows(), scaled);
        double eta = 2.6 / NtkDiagnostics.eigenvalues(scaled)[0];
        double wideChange = kernelChange(wide, x, y, eta);
        double narrowChange = kernelChange(narrow, x, y, eta);
        assertTrue(wideChange < 0.05, "NTK width 4096 kernel moved by " + wideChange);
        assertTrue(narrowChange > 0.20, "standard width 64 kernel moved by only " + narrowChange);
        double loss = narrow.forward(x).minus(y).square().sum().item() / 32;
        assertTrue(loss < 0.1, "the standard network must still converge (not diverge), loss " + loss);
    }

    private static double kernelChange(Mlp mlp, Tensor x, Tensor y, double eta) {
        DMatrixRMaj theta0 = EmpiricalNtk.of(mlp).matrix(x);
        train(mlp, x, y, eta, 100);
        return NtkDiagnostics.relativeChange(EmpiricalNtk.of(mlp).matrix(x), theta0);
    }

    /**
     * The random-feature kernel (c trainable) tends to the Gaussian kernel exp(−s²|x−y|²/2): with K = 20 000
     * features each entry has standard deviation ≤ 1/√K ≈ 0.007, so 0.04 is ≈ 5σ. As the bandwidth grows the
     * kernel becomes local: at s = 8 pairs at distance ≥ 0.5 have |Θ| &lt; 0.04 (Gaussian value ≤ e^{−8}).
     */
    @Test
    void randomFourierKernelIsGaussianAndBecomesLocal() {
        Rng rng = Rng.of(5);
        Tensor x = points(rng, 12, 2);
        DMatrixRMaj dist = NtkDiagnostics.euclideanDistances(x.value());
        for (double s : new double[] {0.5, 2.0, 8.0}) {
            RandomFourierFeatures rff = RandomFourierFeatures.of(2, 20_000, 1, s, 17);
            DMatrixRMaj k = EmpiricalNtk.of(rff).matrix(x);
            for (int i = 0; i < 12; i++) {
                for (int j = 0; j < 12; j++) {
                    double d = dist.get(i, j);
                    double gauss = Math.exp(-0.5 * s * s * d * d);
                    assertEquals(gauss, k.get(i, j) / Math.sqrt(k.get(i, i) * k.get(j, j)), 0.04,
                            "s=" + s + " d=" + d);
                }
            }
            NtkDiagnostics.LocalityProfile profile = NtkDiagnostics.localityProfile(k, dist, 4);
            if (s == 8.0) {
                for (int b = 0; b < 4; b++) {
                    if (profile.counts()[b] > 0 && profile.distances()[b] > 0.5) {
                        assertTrue(Math.abs(profile.meanRatio()[b]) < 0.04, "not local at s=8: " + profile.meanRatio()[b]);
                    }
                }
            }
        }
        RandomFourierFeatures both = RandomFourierFeatures.of(2, 50, 1, 1.0, 3).trainFrequencies(true);
        assertEquals(50 + 100, both.parameterCount());
    }
}
