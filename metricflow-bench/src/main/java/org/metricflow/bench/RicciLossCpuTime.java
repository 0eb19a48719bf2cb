package org.metricflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.metricflow.flow.FlowResult;
import org.metricflow.flow.Loss;
import org.metricflow.flow.MetricFlow;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;

/**
 * Thread CPU seconds per epoch of training the default φ-model (3×64 gelu on the Hermitian invariants) with the Ricci
 * loss alone on Fermat-quintic points (batch 512, Adam), on the calling thread: the figure of the Ricci loss's fused
 * step against the nested-autodiff path. Usage:
 * {@code java -Dmetricflow.threads=1 -cp benchmarks.jar org.metricflow.bench.RicciLossCpuTime [POINTS [EPOCHS
 * [PATH]]]} (default {@code 600 3 fused}; PATH {@code fused} trains through the model's fused Ricci step, PATH
 * {@code autodiff} hides the fast path so every step is nested autodiff). Prints the CPU seconds of the whole run
 * divided by the epochs (the per-epoch observation of the loss included) and the final recorded Ricci loss.
 * Run with {@code -Dmetricflow.threads=1} so that all work is on the timed thread.
 */
public final class RicciLossCpuTime {
    private RicciLossCpuTime() {
    }

    /**
     * Runs the measurement; see the class comment for the arguments.
     *
     * @param args [POINTS [EPOCHS [PATH]]]
     */
    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String path = args.length > 2 ? args[2] : "fused";
        if (!path.equals("fused") && !path.equals("autodiff")) {
            throw new IllegalArgumentException("PATH must be fused or autodiff, got " + path);
        }
        PointSet points = ProjectiveVariety.fermatQuintic().sample(count, 1);
        Loss ricci = path.equals("fused") ? Loss.ricci() : withoutFusedStep(Loss.ricci());
        ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        long c0 = clock.getCurrentThreadCpuTime();
        FlowResult r = MetricFlow.builder().pointSet(points).seed(1).phiModel(64, 3, Activation.GELU)
                .loss(ricci, 1).epochs(epochs).batchSize(512).adam(1e-3).build().run();
        double seconds = (clock.getCurrentThreadCpuTime() - c0) * 1e-9;
        System.out.printf(Locale.ROOT, "%s path, %d points, %d epochs: %.2f CPU s per epoch (%.1f s in all);"
                + " recorded ricci loss %.6g -> %.6g%n", path, count, epochs, seconds / epochs, seconds,
                r.history().series("ricci")[0], r.history().last("ricci"));
    }

    /** The same loss without its fused step: every training step differentiates {@link Loss#evaluate}. */
    private static Loss withoutFusedStep(Loss loss) {
        return new Loss() {
            @Override
            public String name() {
                return loss.name();
            }

            @Override
            public org.metricflow.core.autodiff.Tensor evaluate(org.metricflow.flow.LossContext context) {
                return loss.evaluate(context);
            }

            @Override
            public double value(org.metricflow.flow.LossContext context) {
                return loss.value(context);
            }
        };
    }
}
