package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.metric.LinearizedMetricModel;
import org.metricflow.nn.ntk.NtkFlow;
import org.metricflow.nn.ntk.ProbeMetricModel;
import org.metricflow.nn.phi.PhiModel;

/**
 * Consistency of the continuous dynamics on a small φ-model on the Fermat quartic K3 (d = 2, m = 4 components per
 * point) with the MSE loss to 1.1·g<sub>FS</sub>: gradient flow ≡ evolving-kernel metric ODE; linearized gradient
 * flow ≡ frozen-kernel metric ODE ≡ the closed form; full-batch SGD → gradient flow with error O(step).
 */
class ContinuousDynamicsTest {
    static final ProjectiveVariety K3 = ProjectiveVariety.fermatQuartic();
    static final PointSet ALL = K3.sample(16, 21);
    static final PointSet TRAIN = ALL.slice(0, 12);
    static final PointSet HELD_OUT = ALL.slice(12, 16);
    static final Loss MSE = Loss.mseTo(p -> {
        HermitianMetric fs = HermitianMetric.fubiniStudy(p);
        return new HermitianMetric(fs.dimension(), fs.re().times(1.1), fs.im().times(1.1));
    });
    static final ContinuousDynamics.MetricLoss LOSS = (m, p, g) -> MSE.evaluate(new LossContext(m, p, g, 4.0, 1.0));

    /** A φ-model 16 → 6 → 1 (tanh) whose output layer is scaled down so that g stays near FS (positive definite). */
    static PhiModel model() {
        PhiModel phi = PhiModel.of(K3, Mlp.builder().inputs(16).hidden(6).outputs(1).activation(Activation.TANH)
                .seed(17).build(), FeatureMap.HERMITIAN_INVARIANTS, false);
        List<Tensor> p = phi.parameters();
        for (Tensor t : p.subList(p.size() - 2, p.size())) {
            for (int i = 0; i < t.value().data.length; i++) {
                t.value().data[i] *= 0.1;
            }
        }
        return phi;
    }

    static double[] metricAt(KahlerMetricModel m, PointSet p) {
        return Autodiff.noGrad(() -> MetricComponents.components(m.metric(p)).value().data.clone());
    }

    static double maxAbs(double[] a) {
        double s = 0;
        for (double v : a) {
            s = Math.max(s, Math.abs(v));
        }
        return s;
    }

    static double maxDiff(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s = Math.max(s, Math.abs(a[i] - b[i]));
        }
        return s;
    }

    static ContinuousDynamics.Outcome run(Dynamics d, KahlerMetricModel m, int epochs) {
        return ContinuousDynamics.run(d, m, TRAIN, epochs, LOSS, (e, o, state) -> null);
    }

    /**
     * Gradient flow of θ and the evolving-kernel metric ODE are the same flow written in θ and in (θ, g): their
     * metric trajectories at the training points agree to the ODE tolerance. Both integrate with DP5(4) at 1e-10
     * (absolute and relative; g ~ 0.1, θ ~ 1), whose global error over 5 intervals is a small multiple of that;
     * 1e-7 of the metric scale leaves a wide margin while a wrong kernel or sign moves g by ~1e-2.
     */
    @Test
    void gradientFlowAndEvolvingKernelOdeAgree() {
        double eta = 1.0;
        double time = 20.0;
        ContinuousDynamics.Outcome gf = run(Dynamics.gradientFlow(eta, time, 1e-10, 1e-10), model(), 5);
        ContinuousDynamics.Outcome ode = run(Dynamics.metricOde(eta, time, NtkMode.EVOLVING, 1e-10, 1e-10),
                model(), 5);
        assertEquals(StopReason.COMPLETED, gf.reason());
        assertEquals(StopReason.COMPLETED, ode.reason());
        assertEquals(6, gf.trainingMetric().size());
        double scale = maxAbs(gf.trainingMetric().get(0));
        double moved = maxDiff(gf.trainingMetric().get(0), gf.trainingMetric().get(5));
        assertTrue(moved > 1e-2 * scale, "the flow moves the metric: " + moved);
        for (int e = 0; e <= 5; e++) {
            double diff = maxDiff(gf.trainingMetric().get(e), ode.trainingMetric().get(e));
            assertTrue(diff < 1e-7 * scale, "epoch " + e + ": |g_GF − g_ODE| = " + diff);
        }
        // the ODE's model (θ integrated jointly) carries the same metric off the training set
        double heldDiff = maxDiff(metricAt(gf.model(), HELD_OUT), metricAt(ode.model(), HELD_OUT));
        assertTrue(heldDiff < 1e-7 * scale, "held-out points: " + heldDiff);
    }

    /**
     * For MSE, L = ½ Σ μ_i (g_i − ĝ_i)² with μ = (2/N)·(1 for a diagonal g_{aā}, 2 for Re/Im g_{ab̄}, which appear
     * twice in Σ_ab|g − t|²). Gradient flow of the linearized model, the frozen-kernel metric ODE and
     * {@link NtkFlow}'s closed form are then the same linear flow: they agree at the training points and, via
     * Θ(x, X), at held-out points. Tolerance as above (ODE at 1e-10); the closed form itself is exact to rounding.
     */
    @Test
    void linearizedFlowFrozenKernelOdeAndClosedFormAgree() {
        double eta = 1.0;
        double time = 20.0;
        int epochs = 4;
        PhiModel base = model();
        ContinuousDynamics.Outcome lin = run(Dynamics.gradientFlow(eta, time, 1e-10, 1e-10),
                LinearizedMetricModel.of(model()), epochs);
        ContinuousDynamics.Outcome frozen = run(Dynamics.metricOde(eta, time, NtkMode.FROZEN, 1e-10, 1e-10),
                model(), epochs);

        int n = TRAIN.size();
        int d = TRAIN.dimension();
        int m = d * d;
        double[] mu = new double[n * m];
        for (int p = 0; p < n; p++) {
            for (int k = 0; k < m; k++) {
                mu[p * m + k] = (2.0 / n) * (k < d ? 1 : 2);
            }
        }
        ProbeMetricModel probe = ProbeMetricModel.of(base, ALL);
        int[] trainIdx = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        Tensor all = ProbeMetricModel.indices(ALL.size());
        Tensor xTrain = all.selectRows(trainIdx);
        Tensor xHeld = all.selectRows(12, 13, 14, 15);
        DMatrixRMaj theta = probe.metricNtk().matrix(xTrain);
        DMatrixRMaj cross = probe.metricNtk().cross(xHeld, xTrain);
        NtkFlow closed = NtkFlow.of(theta, mu, eta, NtkFlow.DEFAULT_CUTOFF);
        double[] g0 = metricAt(base, TRAIN);
        double[] g0Held = metricAt(base, HELD_OUT);
        HermitianMetric fs = HermitianMetric.fubiniStudy(TRAIN);
        double[] target = Autodiff.noGrad(() -> MetricComponents.components(new HermitianMetric(d,
                fs.re().times(1.1), fs.im().times(1.1))).value().data.clone());
        double scale = maxAbs(g0);
        for (int e = 0; e <= epochs; e++) {
            double t = time * e / epochs;
            double[] exact = closed.training(g0, target, t);
            double dl = maxDiff(exact, lin.trainingMetric().get(e));
            double df = maxDiff(exact, frozen.trainingMetric().get(e));
            assertTrue(dl < 1e-7 * scale, "t = " + t + ": linearized gradient flow vs closed form " + dl);
            assertTrue(df < 1e-7 * scale, "t = " + t + ": frozen-kernel ODE vs closed form " + df);
        }
        double moved = maxDiff(g0, frozen.trainingMetric().get(epochs));
        assertTrue(moved > 1e-2 * scale, "the flow moves the metric: " + moved);
        double[] predicted = closed.predict(cross, g0Held, g0, target, time);
        double dHeld = maxDiff(predicted, metricAt(frozen.model(), HELD_OUT));
        double dHeldLin = maxDiff(predicted, metricAt(lin.model(), HELD_OUT));
        assertTrue(dHeld < 1e-7 * scale, "held-out prediction of the frozen ODE vs Θ(x,X) closed form " + dHeld);
        assertTrue(dHeldLin < 1e-7 * scale, "held-out metric of the linearized flow vs closed form " + dHeldLin);
    }
}
