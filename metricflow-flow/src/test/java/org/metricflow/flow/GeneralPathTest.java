package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.ntk.MetricNtk;
import org.metricflow.nn.ntk.ProbeMetricModel;
import org.metricflow.nn.phi.PhiModel;

/**
 * The seam's fallback: a model that offers no fast path ({@link KahlerMetricModel#accelerated()} empty — here a
 * φ-model behind a plain delegating model, so its metric is the same function of the same parameters) trains through
 * the general autodiff path to the same result as the φ-model through its fused step, and its metric-NTK comes from
 * Jacobians and equals the factorized one. Tolerances: the fused and autodiff loss/gradient differ by rounding
 * (~1e-14 relative); six Adam steps with the normalized ratio m/√v keep that level, so parameters agree to 1e-9
 * relative to their size and the validation losses to 1e-9 (the same bound as {@code FusedTrainingStepTest}); the two
 * metric-NTK paths sum the same products in different orders, 1e-10 relative to the largest entry.
 */
class GeneralPathTest {

    /** A φ-model seen only through the general {@link KahlerMetricModel} methods: no accelerated implementation. */
    private static KahlerMetricModel plain(PhiModel phi) {
        return new KahlerMetricModel() {
            @Override
            public ProjectiveVariety variety() {
                return phi.variety();
            }

            @Override
            public List<Tensor> parameters() {
                return phi.parameters();
            }

            @Override
            public HermitianMetric metric(PointSet points) {
                return phi.metric(points);
            }

            @Override
            public KahlerPotential potential() {
                return phi.potential()::value; // a potential without jets: the generic curvature path
            }

            @Override
            public boolean isKahlerByConstruction() {
                return true;
            }

            @Override
            public boolean preservesKahlerClass() {
                return true;
            }
        };
    }

    private static PhiModel phi(ProjectiveVariety x, long seed, Activation act, FeatureMap features) {
        Mlp net = Mlp.builder().inputs(features.featureCount(x.ambientDimension() + 1)).hidden(10, 8).outputs(1)
                .activation(act).parametrization(Parametrization.STANDARD).seed(seed).build();
        return PhiModel.of(x, net, features, false);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void aModelWithoutFastPathTrainsToTheSameResult(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety x = rng.nextInt(2) == 0 ? ProjectiveVariety.fermatCubic() : ProjectiveVariety.fermatQuartic();
        Activation act = rng.nextInt(2) == 0 ? Activation.GELU : Activation.TANH;
        FeatureMap features = FeatureMap.values()[rng.nextInt(2)];
        PointSet points = x.sample(150, seed);

        PhiModel fast = phi(x, seed, act, features);
        PhiModel behind = phi(x, seed, act, features);
        KahlerMetricModel general = plain(behind);
        assertTrue(fast.accelerated().isPresent(), "a φ-model offers its fast paths");
        assertFalse(general.accelerated().isPresent(), "the plain model offers none");

        MetricFlow fastFlow = MetricFlow.builder().pointSet(points).seed(seed).model(fast)
                .loss(Loss.mongeAmpere(), 1).epochs(2).batchSize(50).adam(2e-3).build();
        MetricFlow generalFlow = MetricFlow.builder().pointSet(points).seed(seed).model(general)
                .loss(Loss.mongeAmpere(), 1).epochs(2).batchSize(50).adam(2e-3).build();
        assertNotNull(fastFlow.fusedStep(fast), "the φ-model takes its fused step");
        assertNull(generalFlow.fusedStep(general), "the plain model falls back to autodiff");

        FlowResult a = fastFlow.run();
        FlowResult b = generalFlow.run();
        String what = x.name() + " " + act + " " + features;
        assertEquals(StopReason.COMPLETED, b.stopReason(), b.message());
        Seeds.assertAllClose(a.history().series("loss"), b.history().series("loss"), 1e-9, 0, seed,
                what + ": validation loss per epoch");
        Seeds.assertAllClose(a.history().series("sigma"), b.history().series("sigma"), 1e-9, 0, seed,
                what + ": σ per epoch");
        List<Tensor> pa = fast.parameters();
        List<Tensor> pb = behind.parameters();
        for (int i = 0; i < pa.size(); i++) {
            double[] expected = pa.get(i).value().data;
            double big = 0;
            for (double v : expected) {
                big = Math.max(big, Math.abs(v));
            }
            Seeds.assertAllClose(expected, pb.get(i).value().data, 0, 1e-9 * big, seed,
                    what + ": parameter " + i + " after 6 Adam steps");
        }
    }

    @Test
    void aModelWithoutFastPathHasTheSameMetricNtkFromJacobians() {
        ProjectiveVariety quartic = ProjectiveVariety.fermatQuartic();
        PhiModel fast = phi(quartic, 4, Activation.GELU, FeatureMap.HERMITIAN_INVARIANTS);
        PointSet probe = quartic.sample(6, 4);
        MetricNtk factorized = MetricNtk.of(fast, probe);
        MetricNtk jacobians = MetricNtk.of(plain(fast), probe);
        assertTrue(factorized.isFactorized(), "the φ-model's metric-NTK is factorized");
        assertFalse(jacobians.isFactorized(), "the plain model's comes from Jacobians");
        DMatrixRMaj a = factorized.matrix(ProbeMetricModel.indices(6));
        DMatrixRMaj b = jacobians.matrix(ProbeMetricModel.indices(6));
        double big = 0;
        for (double v : a.data) {
            big = Math.max(big, Math.abs(v));
        }
        Seeds.assertAllClose(a.data, b.data, 0, 1e-10 * big, 4, "metric-NTK, factorized vs Jacobians");
    }

    @Test
    void aModelWithoutSavedFormIsNotSaved(@TempDir Path dir) {
        KahlerMetricModel general = plain(phi(ProjectiveVariety.fermatCubic(), 1, Activation.TANH,
                FeatureMap.PATCH_COORDINATES));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFiles.save(general, dir.resolve("model.mfa")));
        assertTrue(e.getMessage().contains("saved form"), e.getMessage());
    }
}
