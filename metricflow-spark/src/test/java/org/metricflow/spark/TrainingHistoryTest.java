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
import org.metricflow.flow.LossContext;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.phi.FusedMongeAmpere;
import org.metricflow.nn.phi.PhiModel;

/**
 * A training run's {@code history.csv} ({@code metricflow-spark train}) equals the single-JVM run's history: the
 * full-batch loss of every step of the same Adam run done on one JVM with the library's fused step on all points at
 * once. Full-batch training has no data order beyond the order of floating-point additions (the partitions' sums are
 * merged in the order their tasks finish, so even two runs with the same partitioning need not be bit-identical), so
 * the statistical noise of the data order is rounding here: every loss agrees to 1e-12 relative (≈ 1e-16 per addition;
 * 8 Adam steps at lr 1e-2 do not amplify it measurably). Checked for 2 and 3 partitions (each with its own points:
 * the sampled points depend on the seed, N and the partition count).
 */
class TrainingHistoryTest {
    private static final int STEPS = 8;

    private static double[] history(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        assertEquals("step,loss", lines.get(0));
        double[] loss = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            assertEquals(i, Integer.parseInt(f[0]), "step of line " + i);
            loss[i - 1] = Double.parseDouble(f[1]);
        }
        return loss;
    }

    /** The run of the train command on one JVM: the same model (seed 4, zero initial φ), points and Adam. */
    private static double[] singleJvmHistory(PointSet all) {
        ProjectiveVariety x = all.variety();
        FeatureMap f = FeatureMap.HERMITIAN_INVARIANTS;
        Mlp net = Mlp.builder().inputs(f.featureCount(x.ambientDimension() + 1)).hidden(8, 8).outputs(1)
                .activation(Activation.GELU).seed(4).build();
        PhiModel model = PhiModel.of(x, net, f, true);
        double c = new LossContext(model, all, null, all.fubiniStudyVolume(), KahlerIntegrals.omegaVolume(all).value())
                .ratioConstant();
        FusedMongeAmpere step = FusedMongeAmpere.of(model, 2.0);
        List<DMatrixRMaj> g = step.newGradients();
        List<DMatrixRMaj> params = new ArrayList<>();
        for (Tensor t : model.parameters()) {
            params.add(t.value());
        }
        Adam adam = Adam.of(1e-2);
        double[] loss = new double[STEPS];
        for (int s = 0; s < STEPS; s++) {
            loss[s] = step.lossAndGradient(all, c, g);
            adam.step(params, g);
        }
        return loss;
    }

    @Test
    void historyEqualsTheSingleJvmRunsHistory(@TempDir Path dir) throws Exception {
        for (int partitions = 2; partitions <= 3; partitions++) {
            Path csv = dir.resolve("history" + partitions + ".csv");
            CliTest.Run r = CliTest.run("train", "--variety", "fermat-quartic", "--points", "400", "--seed", "4",
                    "--partitions", String.valueOf(partitions), "--width", "8", "--depth", "2", "--lr", "1e-2",
                    "--steps", String.valueOf(STEPS), "--out", dir.resolve("m" + partitions + ".mfa").toString(),
                    "--history", csv.toString(), "--json");
            assertEquals(0, r.code(), r.err());
            double[] run = history(csv);
            // the train command's points (they depend on seed, N and P only), on the driver
            PointSet all = DistributedPoints.sample(LocalSpark.context(), "fermat-quartic", 400, partitions, 4)
                    .collect();
            double[] single = singleJvmHistory(all);
            assertTrue(single[STEPS - 1] < single[0], "the run trains: " + single[0] + " -> " + single[STEPS - 1]);
            assertEquals(STEPS, run.length);
            for (int s = 0; s < STEPS; s++) {
                assertEquals(single[s], run[s], 1e-12 * single[s], partitions + " partitions, loss of step "
                        + (s + 1));
            }
        }
    }
}
