package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.metric.LinearizedMetricModel;
import org.metricflow.nn.phi.PhiModel;

/**
 * {@link FlowEquation}: one gradient-descent step against −ηΘ∂L/∂g on the Fermat quintic (d = 3, 9 components per
 * point), Monge–Ampère loss with exponent 2 (smooth in g). References: for a model linear in θ (the linearization)
 * Taylor's theorem is exact, so the residual is rounding; for a network it is of order exactly 2.
 */
class FlowEquationTest {
    static final ProjectiveVariety QUINTIC = ProjectiveVariety.fermatQuintic();
    static final PointSet POINTS = QUINTIC.sample(24, 5);

    /** A small random φ-model whose output layer is scaled by 0.1 so that g stays positive definite. */
    static PhiModel network() {
        PhiModel phi = PhiModel.of(QUINTIC, Mlp.builder().inputs(FeatureMap.HERMITIAN_INVARIANTS.featureCount(5))
                .hidden(8).outputs(1).activation(Activation.GELU).seed(3).build(), FeatureMap.HERMITIAN_INVARIANTS,
                false);
        List<Tensor> p = phi.parameters();
        for (Tensor t : p.subList(p.size() - 2, p.size())) {
            for (int i = 0; i < t.value().data.length; i++) {
                t.value().data[i] *= 0.1;
            }
        }
        return phi;
    }

    @Test
    void aNetworkStepDeviatesFromTheKernelFlowAtSecondOrder() {
        PhiModel phi = network();
        double[] before = phi.parameters().get(0).value().data.clone();
        FlowEquation.Result r = FlowEquation.check(phi, Loss.mongeAmpere(2), POINTS, 0.05, 4, 2);
        assertEquals(9, r.learningRates().length);
        // Taylor: R(η) = c η² + O(η³); over four decades with the largest step moving g by 5% the fitted slope is
        // 2 to within the O(η³) bend at the top (measured 1.9997).
        assertEquals(2.0, r.order(), 0.1, "fitted order");
        // first order agrees: at the smallest step the residual is a tiny part of the step's motion (measured 4.4e-7)
        assertTrue(r.relativeResiduals()[0] < 1e-4, "relative residual " + r.relativeResiduals()[0]);
        // the chain rule ∇θL = Jᵀ∂L/∂g holds to rounding for a values-only loss
        assertTrue(r.chainRuleError() < 1e-10, "chain rule " + r.chainRuleError());
        assertArrayEquals(before, phi.parameters().get(0).value().data, 0.0, "parameters restored");
    }

    @Test
    void aModelLinearInItsParametersFollowsTheKernelFlowExactly() {
        LinearizedMetricModel lin = LinearizedMetricModel.of(network());
        // θ ≠ θ0, so that the step is not at the linearization point's special value
        FlowEquation.Result r = FlowEquation.check(lin, Loss.mongeAmpere(2), POINTS, 0.05, 4, 1);
        for (double rel : r.relativeResiduals()) {
            // g is exactly linear in θ and Θ = J0 J0ᵀ: only rounding of the Jacobian and kernel paths remains
            // (measured ≤ 8.4e-12, largest at the smallest step where rounding is divided by η)
            assertTrue(rel < 1e-9, "relative residual " + rel);
        }
    }

    @Test
    void aLossThatNeedsMoreThanMetricValuesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlowEquation.check(network(), Loss.kahler(), POINTS, 0.05, 4, 1));
        assertTrue(e.getMessage().contains("kahler"), e.getMessage());
    }

    @Test
    void logLogSlopeRecoversAPowerLaw() {
        double[] x = {1e-3, 1e-2, 1e-1, 1};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 7 * Math.pow(x[i], -0.5);
        }
        assertEquals(-0.5, FlowEquation.logLogSlope(x, y), 1e-12);
        assertTrue(Double.isNaN(FlowEquation.logLogSlope(new double[] {1}, new double[] {1})));
    }
}
