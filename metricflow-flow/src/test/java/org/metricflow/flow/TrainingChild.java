package org.metricflow.flow;

import java.nio.file.Path;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;

/**
 * The training run that {@link InterruptedRunTest} starts in a child JVM and kills: {@code TrainingChild <checkpoint>}.
 * Prints {@code STEP epoch step} after every optimizer step (and sleeps briefly, so that the parent can kill it in
 * the middle of an epoch; sleeping changes no result) and {@code DONE} at the end.
 */
public final class TrainingChild {
    static final int EPOCHS = 8;

    private TrainingChild() {
    }

    /** The configuration shared by the child and the in-process runs of the test. */
    static MetricFlow.Builder config() {
        return MetricFlow.builder().variety(ProjectiveVariety.fermatCubic()).points(300).seed(21)
                .phiModel(8, 2, Activation.GELU).batchSize(30).adam(5e-3).epochs(EPOCHS)
                .earlyStopping("sigma", 100);
    }

    /** Runs the configuration with checkpoints after every epoch to {@code args[0]}. */
    public static void main(String[] args) throws InterruptedException {
        config().checkpoints(Path.of(args[0]), 1).listener(new FlowListener() {
            @Override
            public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
                System.out.println("STEP " + epoch + " " + step + " " + stepsPerEpoch);
                System.out.flush();
                try {
                    Thread.sleep(15);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }).build().run();
        System.out.println("DONE");
    }
}
