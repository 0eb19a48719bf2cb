package org.metricflow.nn.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.ntk.ProbeMetricModel;
import org.metricflow.nn.phi.PhiModel;

/** The linearized metric model against central differences of the base model, and its frozen metric-NTK. */
class LinearizedMetricModelTest {
    private final ProjectiveVariety k3 = ProjectiveVariety.fermatQuartic();
    private final PointSet ps = k3.sample(6, 11);

    private PhiModel phi() {
        return PhiModel.of(k3, Mlp.builder().inputs(16).hidden(6).outputs(1).activation(Activation.TANH).seed(5)
                .build(), FeatureMap.HERMITIAN_INVARIANTS, false);
    }

    private static double[] flat(HermitianMetric g) {
        double[] re = g.re().value().data;
        double[] im = g.im().value().data;
        double[] out = new double[re.length + im.length];
        System.arraycopy(re, 0, out, 0, re.length);
        System.arraycopy(im, 0, out, re.length, im.length);
        return out;
    }

    private static void shift(List<Tensor> params, double[][] delta, double s) {
        for (int k = 0; k < delta.length; k++) {
            double[] v = params.get(k).value().data;
            for (int i = 0; i < v.length; i++) {
                v[i] += s * delta[k][i];
            }
        }
    }

    /**
     * g_lin(θ0 + εδ) − g(θ0) = εJδ exactly, and (g(θ0 + εδ) − g(θ0 − εδ))/2 = εJδ + O(ε³|δ|³): with ε = 2e-5 and
     * |δ| ≈ 10 (Gaussian over ~100 parameters) the truncation is ~1e-8 relative to εJδ (measured 7e-8 at ε = 1e-4,
     * scaling as ε²), the rounding ~1e-16·|g|/ε ≈ 1e-11 absolute; hence 1e-6 relative plus 1e-10 absolute.
     */
    @Test
    void linearizationIsTheFirstOrderTaylorExpansion() {
        PhiModel base = phi();
        PhiModel probe = phi(); // same seed: the same θ0, free to move
        LinearizedMetricModel lin = LinearizedMetricModel.of(base);
        double[] g0 = flat(base.metric(ps));
        Seeds0.assertArrayEquals(g0, flat(lin.metric(ps)), 0.0, "at θ0 the linearization is the model");
        Rng rng = Rng.of(2);
        List<Tensor> params = lin.parameters();
        double[][] delta = new double[params.size()][];
        for (int k = 0; k < delta.length; k++) {
            delta[k] = new double[params.get(k).value().data.length];
            rng.fillGaussian(delta[k], 1.0);
        }
        double eps = 2e-5;
        shift(params, delta, eps);
        double[] gl = flat(lin.metric(ps));
        shift(probe.parameters(), delta, eps);
        double[] gp = flat(probe.metric(ps));
        shift(probe.parameters(), delta, -2 * eps);
        double[] gm = flat(probe.metric(ps));
        double[] glNoGrad = org.metricflow.core.autodiff.Autodiff.noGrad(() -> flat(lin.metric(ps)));
        Seeds0.assertArrayEquals(gl, glNoGrad, 0.0, "the same values under Autodiff.noGrad");
        for (int i = 0; i < g0.length; i++) {
            assertEquals(0.5 * (gp[i] - gm[i]), gl[i] - g0[i], 1e-6 * Math.abs(gl[i] - g0[i]) + 1e-10, "component " + i);
        }
    }

    /** The metric-NTK of the linearized model is the base's at θ0 and does not change when θ moves. */
    @Test
    void kernelIsFrozen() {
        PhiModel base = phi();
        Tensor idx = ProbeMetricModel.indices(ps.size());
        DMatrixRMaj theta0 = ProbeMetricModel.of(base, ps).metricNtk().matrix(idx);
        LinearizedMetricModel lin = LinearizedMetricModel.of(base);
        Rng rng = Rng.of(9);
        for (Tensor p : lin.parameters()) {
            double[] v = p.value().data;
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.3 * rng.nextGaussian();
            }
        }
        DMatrixRMaj theta = ProbeMetricModel.of(lin, ps).metricNtk().matrix(idx);
        double scale = 0;
        for (double v : theta0.data) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < theta0.data.length; i++) {
            assertEquals(theta0.data[i], theta.data[i], 1e-12 * scale, "kernel entry " + i);
        }
    }

    /** ∂/∂θ of ⟨R, g_lin(θ)⟩ is J(θ0)ᵀR, the base model's vector-Jacobian product at θ0, for any θ. */
    @Test
    void gradientIsTheBaseJacobianTransposeProduct() {
        PhiModel base = phi();
        Rng rng = Rng.of(4);
        HermitianMetric g = base.metric(ps);
        DMatrixRMaj rRe = new DMatrixRMaj(g.re().rows(), g.re().cols());
        DMatrixRMaj rIm = new DMatrixRMaj(g.re().rows(), g.re().cols());
        rng.fillGaussian(rRe.data, 1.0);
        rng.fillGaussian(rIm.data, 1.0);
        Tensor[] bp = base.parameters().toArray(new Tensor[0]);
        DMatrixRMaj[] expected = org.metricflow.core.autodiff.Autodiff.grad(
                g.re().times(Tensor.constant(rRe)).sum().plus(g.im().times(Tensor.constant(rIm)).sum()), bp);
        LinearizedMetricModel lin = LinearizedMetricModel.of(base);
        for (Tensor p : lin.parameters()) {
            double[] v = p.value().data;
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.2 * rng.nextGaussian();
            }
        }
        HermitianMetric gl = lin.metric(ps);
        DMatrixRMaj[] actual = org.metricflow.core.autodiff.Autodiff.grad(
                gl.re().times(Tensor.constant(rRe)).sum().plus(gl.im().times(Tensor.constant(rIm)).sum()),
                lin.parameters().toArray(new Tensor[0]));
        for (int k = 0; k < bp.length; k++) {
            double scale = 0;
            for (double v : expected[k].data) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < expected[k].data.length; i++) {
                assertEquals(expected[k].data[i], actual[k].data[i], 1e-10 * (1 + scale), "param " + k + "[" + i + "]");
            }
        }
    }

    /** Minimal local helper (avoid a dependency on assertion libraries). */
    private static final class Seeds0 {
        static void assertArrayEquals(double[] a, double[] b, double tol, String what) {
            assertEquals(a.length, b.length, what);
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], tol, what + " [" + i + "]");
            }
        }
    }
}
