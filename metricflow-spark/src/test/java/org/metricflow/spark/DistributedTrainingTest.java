package org.metricflow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.optim.Adam;
import org.metricflow.core.optim.Lbfgs;
import org.metricflow.core.optim.LbfgsResult;
import org.metricflow.flow.LossContext;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.phi.FusedMongeAmpere;
import org.metricflow.nn.phi.PhiModel;

/**
 * A distributed full-batch loss, gradient and Adam/L-BFGS step equal the single-JVM full-batch ones (the library's
 * fused step on all points at once) to 1e-12 relative: the only difference is the order in which per-batch sums are
 * added (≈ 1e-16 each). L-BFGS is compared after 3 iterations to 1e-9: its line search branches on comparisons of
 * losses, which rounding could in principle flip, so the tolerance is looser though the runs coincide in practice.
 * A resumed run (driver restarted from the checkpoint) ends where an uninterrupted run ends.
 */
class DistributedTrainingTest {
    private static final ProjectiveVariety QUARTIC = ProjectiveVariety.fermatQuartic();

    private static double ratioConstant(PhiModel model, PointSet all) {
        return new LossContext(model, all, null, all.fubiniStudyVolume(), KahlerIntegrals.omegaVolume(all).value())
                .ratioConstant();
    }

    private static double[] flat(List<DMatrixRMaj> g) {
        List<Double> out = new ArrayList<>();
        for (DMatrixRMaj m : g) {
            for (double v : m.data) {
                out.add(v);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void assertVectorsClose(double[] expected, double[] actual, double rel, String what) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= rel * scale,
                    what + "[" + i + "]: " + expected[i] + " vs " + actual[i] + " (scale " + scale + ")");
        }
    }

    private static List<DMatrixRMaj> values(PhiModel m) {
        List<DMatrixRMaj> out = new ArrayList<>();
        for (Tensor t : m.parameters()) {
            out.add(t.value());
        }
        return out;
    }

    @Test
    void lossGradientAndAdamStepsEqualTheSingleJvm() throws Exception {
        DistributedPoints d = DistributedPoints.sample(LocalSpark.context(), "fermat-quartic", 900, 3, 21);
        PointSet all = d.collect();
        PhiModel single = TestModels.phi(QUARTIC, 8, 12);
        PhiModel dist = TestModels.phi(QUARTIC, 8, 12);
        DistributedTraining training = DistributedTraining.of(LocalSpark.context(), d, dist, 2.0);
        double c = ratioConstant(single, all);
        assertEquals(c, training.ratioConstant(), 1e-14 * c);

        FusedMongeAmpere fused = FusedMongeAmpere.of(single, 2.0);
        List<DMatrixRMaj> g = fused.newGradients();
        double loss = fused.lossAndGradient(all, c, g);
        double[] gd = new double[dist.network().parameterCount()];
        double lossD = training.lossAndGradient(dist.network().flatParameters(), gd);
        assertEquals(loss, lossD, 1e-12 * loss);
        assertVectorsClose(flat(g), gd, 1e-12, "∂L/∂θ");

        Adam adamS = Adam.of(1e-3);
        for (int s = 0; s < 3; s++) {
            fused.lossAndGradient(all, c, g);
            adamS.step(values(single), g);
        }
        training.adam(dist, Adam.of(1e-3), 3, null, 1, null);
        assertVectorsClose(single.network().flatParameters(), dist.network().flatParameters(), 1e-12, "θ_3");
    }

    @Test
    void lbfgsEqualsTheSingleJvm() {
        DistributedPoints d = DistributedPoints.sample(LocalSpark.context(), "fermat-quartic", 600, 2, 22);
        PointSet all = d.collect();
        PhiModel single = TestModels.phi(QUARTIC, 9, 6);
        PhiModel dist = TestModels.phi(QUARTIC, 9, 6);
        double c = ratioConstant(single, all);
        FusedMongeAmpere fused = FusedMongeAmpere.of(single, 2.0);
        Lbfgs lbfgs = Lbfgs.of().withMaxIterations(3);
        LbfgsResult rs = lbfgs.minimize(values(single), grads -> fused.lossAndGradient(all, c, grads));
        LbfgsResult rd = DistributedTraining.of(LocalSpark.context(), d, dist, 2.0).lbfgs(dist, lbfgs, null);
        assertEquals(rs.iterations(), rd.iterations());
        assertEquals(rs.value(), rd.value(), 1e-9 * rs.value());
        assertVectorsClose(single.network().flatParameters(), dist.network().flatParameters(), 1e-9, "θ");
        assertTrue(rd.value() < FusedMongeAmpere.of(TestModels.phi(QUARTIC, 9, 6), 2.0)
                .lossAndGradient(all, c, fused.newGradients()), "L-BFGS lowered the loss");
    }

    @Test
    void aResumedRunEndsWhereAnUninterruptedRunEnds(@TempDir Path dir) throws Exception {
        DistributedPoints d = DistributedPoints.sample(LocalSpark.context(), "fermat-quartic", 500, 2, 23);
        PhiModel straight = TestModels.phi(QUARTIC, 10, 6);
        DistributedTraining training = DistributedTraining.of(LocalSpark.context(), d, straight, 2.0);
        training.adam(straight, Adam.of(2e-3), 4, null, 1, null);

        Path ckpt = dir.resolve("train.ckpt");
        PhiModel first = TestModels.phi(QUARTIC, 10, 6);
        training.adam(first, Adam.of(2e-3), 2, ckpt, 2, null); // the driver "dies" after step 2
        assertTrue(Files.exists(ckpt));
        PhiModel resumed = TestModels.phi(QUARTIC, 10, 6); // a new driver: fresh model and optimizer
        Adam adam = Adam.of(2e-3);
        double[] losses = training.adam(resumed, adam, 4, ckpt, 2, null);
        assertEquals(2, losses.length, "only the two missing steps are taken");
        assertEquals(4, adam.steps());
        assertVectorsClose(straight.network().flatParameters(), resumed.network().flatParameters(), 1e-12, "θ_4");
    }
}
