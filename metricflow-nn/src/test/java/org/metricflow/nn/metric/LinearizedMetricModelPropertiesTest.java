package org.metricflow.nn.metric;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metricflow.core.testing.Seeds.assertClose;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerGeometry;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.ntk.NtkDiagnostics;
import org.metricflow.nn.ntk.ProbeMetricModel;
import org.metricflow.nn.phi.PhiModel;

/**
 * The linearized φ-model against independent references: at θ0 it is the base metric; it is affine in θ; its
 * θ-derivative is the base model's, checked by central finite differences of the base metric; and its metric-NTK is
 * the base model's at θ0 and does not change when θ moves (while the base model's kernel does).
 */
class LinearizedMetricModelPropertiesTest {

    private static PhiModel phi(long seed) {
        Mlp mlp = Mlp.builder().inputs(25).hidden(8).outputs(1).activation(Activation.GELU).seed(seed).build();
        return PhiModel.of(ProjectiveVariety.fermatQuintic(), mlp, FeatureMap.HERMITIAN_INVARIANTS, false);
    }

    private static double[] metricValues(KahlerMetricModel m, PointSet pts) {
        return Autodiff.noGrad(() -> {
            HermitianMetric g = m.metric(pts);
            DMatrixRMaj re = g.re().value();
            DMatrixRMaj im = g.im().value();
            double[] out = new double[re.data.length + im.data.length];
            System.arraycopy(re.data, 0, out, 0, re.data.length);
            System.arraycopy(im.data, 0, out, re.data.length, im.data.length);
            return out;
        });
    }

    private static double[] randomDirection(int n, Rng rng, double scale) {
        double[] v = new double[n];
        rng.fillGaussian(v, scale);
        return v;
    }

    private static double[] axpy(double a, double[] x, double[] y) {
        double[] out = y.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += a * x[i];
        }
        return out;
    }

    private static double[] flat(KahlerMetricModel m) {
        int n = 0;
        for (Tensor t : m.parameters()) {
            n += t.value().getNumElements();
        }
        double[] out = new double[n];
        int off = 0;
        for (Tensor t : m.parameters()) {
            double[] d = t.value().data;
            System.arraycopy(d, 0, out, off, d.length);
            off += d.length;
        }
        return out;
    }

    private static void setFlat(KahlerMetricModel m, double[] theta) {
        int off = 0;
        for (Tensor t : m.parameters()) {
            double[] d = t.value().data;
            System.arraycopy(theta, off, d, 0, d.length);
            off += d.length;
        }
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void metricIsAffineInThetaWithTheBaseModelsDerivative(long seed) {
        Rng rng = Seeds.rng(seed);
        PhiModel base = phi(seed);
        PointSet pts = base.variety().sample(6, seed);
        LinearizedMetricModel lin = LinearizedMetricModel.of(base);
        double[] theta0 = flat(lin);
        double[] g0 = metricValues(base, pts);
        double[] l0 = metricValues(lin, pts);
        double scale = maxAbs(g0);
        for (int i = 0; i < g0.length; i++) {
            // At θ = θ0 the linearization is the base metric; the jvp with a zero tangent adds exact zeros.
            assertClose(g0[i], l0[i], 0, 1e-14 * scale, seed, "g_lin(θ0) = g(θ0) at " + i);
        }
        double[] v = randomDirection(theta0.length, rng, 0.3);
        setFlat(lin, axpy(1, v, theta0));
        double[] l1 = metricValues(lin, pts);
        for (double a : new double[] {2.5, -0.7}) {
            setFlat(lin, axpy(a, v, theta0));
            double[] la = metricValues(lin, pts);
            for (int i = 0; i < la.length; i++) {
                // Affine: g_lin(θ0 + a v) − g_lin(θ0) = a (g_lin(θ0 + v) − g_lin(θ0)), up to rounding.
                assertClose(a * (l1[i] - l0[i]), la[i] - l0[i], 0, 1e-12 * scale, seed, "affine at " + i);
            }
        }
        // The slope J(θ0)v against central differences of the base metric: error O(ε²·g''') ≈ 1e-8·scale.
        double eps = 1e-4;
        PhiModel probe = PhiModel.of(base.variety(), base.network().copy(), base.features(), false);
        setFlat(probe, axpy(eps, v, theta0));
        double[] plus = metricValues(probe, pts);
        setFlat(probe, axpy(-eps, v, theta0));
        double[] minus = metricValues(probe, pts);
        double slopeScale = 0;
        for (int i = 0; i < l1.length; i++) {
            slopeScale = Math.max(slopeScale, Math.abs(l1[i] - l0[i]));
        }
        assertTrue(slopeScale > 1e-3 * scale, "the direction must move the metric: " + slopeScale);
        for (int i = 0; i < l1.length; i++) {
            double fd = (plus[i] - minus[i]) / (2 * eps);
            assertClose(fd, l1[i] - l0[i], 0, 1e-6 * slopeScale, seed, "J(θ0)v at " + i);
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void metricNtkIsTheBaseKernelAtInitAndStaysFrozen(long seed) {
        Rng rng = Seeds.rng(seed);
        PhiModel base = phi(seed + 100);
        PointSet probe = base.variety().sample(5, seed);
        Tensor idx = ProbeMetricModel.indices(probe.size());
        LinearizedMetricModel lin = LinearizedMetricModel.of(base);
        DMatrixRMaj baseKernel = ProbeMetricModel.of(base, probe).metricNtk().matrix(idx);
        DMatrixRMaj linKernel = ProbeMetricModel.of(lin, probe).metricNtk().matrix(idx);
        // Same Jacobian J(θ0), computed through a jvp graph instead of directly: equal to rounding.
        assertTrue(NtkDiagnostics.relativeChange(linKernel, baseKernel) < 1e-12,
                "linearized kernel at θ0 vs base kernel: " + NtkDiagnostics.relativeChange(linKernel, baseKernel));
        double[] theta0 = flat(lin);
        double[] moved = axpy(1, randomDirection(theta0.length, rng, 0.5), theta0);
        setFlat(lin, moved);
        DMatrixRMaj linMoved = ProbeMetricModel.of(lin, probe).metricNtk().matrix(idx);
        double frozen = NtkDiagnostics.relativeChange(linMoved, linKernel);
        assertTrue(frozen < 1e-12, "the linearized model's kernel moved by " + frozen);
        // The same step moves the nonlinear model's kernel by O(1): the check above can fail.
        PhiModel other = PhiModel.of(base.variety(), base.network().copy(), base.features(), false);
        setFlat(other, moved);
        double change = NtkDiagnostics.relativeChange(ProbeMetricModel.of(other, probe).metricNtk().matrix(idx),
                baseKernel);
        assertTrue(change > 1e-2, "the base model's kernel should move under the same step, moved by " + change);
    }

    /** One seed: the generic curvature path through a nested jvp graph takes about a second per point. */
    @Test
    void linearizedPotentialGivesTheLinearizedMetric() {
        long seed = 5;
        Rng rng = Seeds.rng(seed);
        // Start from Fubini–Study (zero last layer): a random φ of this size is not a metric (det g < 0).
        Mlp mlp = Mlp.builder().inputs(25).hidden(8).outputs(1).activation(Activation.GELU).seed(seed).build();
        PhiModel base = PhiModel.of(ProjectiveVariety.fermatQuintic(), mlp, FeatureMap.HERMITIAN_INVARIANTS, true);
        PointSet pts = base.variety().sample(2, seed);
        LinearizedMetricModel lin = LinearizedMetricModel.of(base);
        double[] theta0 = flat(lin);
        // A small step keeps the metric positive definite (KahlerGeometry checks it).
        setFlat(lin, axpy(1, randomDirection(theta0.length, rng, 0.05), theta0));
        double[] direct = metricValues(lin, pts);
        // ∂∂̄ of the linearized potential by nested autodiff (KahlerGeometry's generic path), an independent route.
        double[] viaPotential = KahlerGeometry.of(pts, lin.potential()).metric();
        int d = pts.dimension();
        int half = direct.length / 2;
        double scale = maxAbs(direct);
        for (int p = 0; p < pts.size(); p++) {
            for (int q = 0; q < d * d; q++) {
                int k = p * d * d + q;
                assertClose(direct[k], viaPotential[2 * k], 0, 1e-9 * scale, seed, "Re g at " + k);
                assertClose(direct[half + k], viaPotential[2 * k + 1], 0, 1e-9 * scale, seed, "Im g at " + k);
            }
        }
    }
}
