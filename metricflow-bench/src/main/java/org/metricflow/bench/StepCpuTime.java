package org.metricflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.flow.Loss;
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
 * Thread CPU time of one loss-and-gradient evaluation of the φ-model's Monge–Ampère step (batch 1024, 3 gelu layers
 * on the quintic), on one thread: a measure that stays meaningful on a shared, oversubscribed machine where JMH's
 * wall-clock times are dominated by scheduling. Usage:
 * {@code java -Dmetricflow.threads=1 -cp benchmarks.jar org.metricflow.bench.StepCpuTime WIDTH FEATURES REPS [autodiff]}
 * (FEATURES = HERMITIAN_INVARIANTS or PATCH_COORDINATES); prints the CPU and wall milliseconds per step of four
 * rounds (the first includes JIT warm-up).
 */
public final class StepCpuTime {
    private StepCpuTime() {
    }

    /**
     * Runs the measurement; see the class comment for the arguments.
     */
    public static void main(String[] args) {
        int width = Integer.parseInt(args[0]);
        FeatureMap map = FeatureMap.valueOf(args[1]);
        int reps = Integer.parseInt(args[2]);
        boolean autodiff = args.length > 3 && args[3].equals("autodiff");
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        PointSet points = quintic.sample(1024, 1);
        Mlp mlp = Mlp.builder().inputs(map.featureCount(5)).hidden(width, width, width).outputs(1)
                .activation(Activation.GELU).seed(1).build();
        PhiModel model = PhiModel.of(quintic, mlp, map, false);
        double omegaVolume = KahlerIntegrals.omegaVolume(points).value();
        double c = new LossContext(model, points, null, 5.0, omegaVolume).ratioConstant();
        FusedMongeAmpere fused = model.mongeAmpereStep(1.0).withThreads(1);
        List<DMatrixRMaj> g = fused.newGradients();
        Tensor[] params = model.parameters().toArray(new Tensor[0]);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 4; round++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            double sum = 0;
            for (int i = 0; i < reps; i++) {
                if (autodiff) {
                    Tensor loss = Loss.mongeAmpere().evaluate(new LossContext(model, points, model.metric(points),
                            5.0, omegaVolume));
                    Autodiff.grad(loss, params);
                    sum += loss.item();
                } else {
                    sum += fused.lossAndGradient(points, c, g);
                }
            }
            long c1 = mx.getCurrentThreadCpuTime();
            long w1 = System.nanoTime();
            System.out.printf(java.util.Locale.ROOT, "round %d: cpu %.2f ms/step, wall %.2f ms/step (mean loss %.6f)%n",
                    round, (c1 - c0) / 1e6 / reps, (w1 - w0) / 1e6 / reps, sum / reps);
        }
    }
}
