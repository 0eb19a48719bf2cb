package org.metricflow.flow.moduli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.optim.Adam;
import org.metricflow.core.random.Rng;
import org.metricflow.core.stats.Estimate;
import org.metricflow.flow.LossContext;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.metric.AcceleratedKahlerModel.FusedLossStep;
import org.metricflow.nn.metric.KahlerMetricModel;

/**
 * Adam on the family loss L = (1/M) Σ<sub>m</sub> L<sub>m</sub> of M members that share their parameters (see the
 * package comment): each step takes a batch of one member, through that member's fused Monge–Ampère step
 * ({@link KahlerMetricModel#accelerated()}), with the member's own ratio constant c<sub>m</sub>. With one member this
 * is ordinary training of one network, the baseline the conditioned model is compared with. Not thread-safe; the
 * members' parameters are trained in place.
 */
public final class ModuliTraining {
    private ModuliTraining() {
    }

    /**
     * The optimizer settings of a run.
     *
     * @param epochs passes over every member's points, ≥ 1
     * @param batchSize points per step, ≥ 1
     * @param learningRate Adam's learning rate, finite and &gt; 0
     * @param exponent the Monge–Ampère exponent q ≥ 1
     * @param seed the seed of the shuffles
     */
    public record Settings(int epochs, int batchSize, double learningRate, double exponent, long seed) {
        /**
         * Validates the settings.
         *
         * @throws IllegalArgumentException naming the first bad value
         */
        public Settings {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
            }
            if (!(exponent >= 1) || Double.isInfinite(exponent)) {
                throw new IllegalArgumentException("Monge–Ampère exponent must be ≥ 1 and finite, got " + exponent);
            }
        }
    }

    /** Receives the mean batch loss of every finished epoch (for progress reports). */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * One finished epoch.
         *
         * @param epoch 1-based epoch number
         * @param meanLoss the mean of the epoch's batch losses
         */
        void epoch(int epoch, double meanLoss);
    }

    /**
     * The ratio constant c = d!·Vol<sub>Ω</sub>/Vol<sub>FS</sub> of a member, Vol<sub>Ω</sub> estimated on its points.
     *
     * @param points the member's training points
     * @return c &gt; 0
     */
    public static double ratioConstant(PointSet points) {
        return new LossContext(null, points, null, points.fubiniStudyVolume(),
                KahlerIntegrals.omegaVolume(points).value()).ratioConstant();
    }

    /**
     * The family loss L = (1/M) Σ<sub>m</sub> L<sub>m</sub> at the current parameters, each L<sub>m</sub> on all of the
     * member's points by its fused step (the quantity the training steps descend on).
     *
     * @param members the members (sharing parameters)
     * @param points each member's points
     * @param exponent q ≥ 1
     * @return L
     */
    public static double familyLoss(List<KahlerMetricModel> members, List<PointSet> points, double exponent) {
        check(members, points);
        double sum = 0;
        for (int m = 0; m < members.size(); m++) {
            FusedLossStep step = fusedStep(members.get(m), exponent);
            sum += step.lossAndGradient(points.get(m), ratioConstant(points.get(m)), 1.0, step.newGradients());
        }
        return sum / members.size();
    }

    /**
     * Trains the shared parameters of the members on their points.
     *
     * @param members M ≥ 1 members whose {@code parameters()} are the same tensors, each with a fused Monge–Ampère step
     * @param points each member's training points (at least one point each)
     * @param settings the optimizer settings
     * @param listener receives every epoch's mean loss (may be null)
     * @return the mean batch loss of the last epoch
     * @throws IllegalArgumentException on mismatched lists or a member without a fused step
     * @throws IllegalStateException naming the epoch and member when a loss or gradient is not finite
     */
    public static double train(List<KahlerMetricModel> members, List<PointSet> points, Settings settings,
            EpochListener listener) {
        check(members, points);
        Objects.requireNonNull(settings, "settings");
        int count = members.size();
        FusedLossStep[] steps = new FusedLossStep[count];
        double[] ratio = new double[count];
        for (int m = 0; m < count; m++) {
            steps[m] = fusedStep(members.get(m), settings.exponent());
            ratio[m] = ratioConstant(points.get(m));
        }
        List<DMatrixRMaj> values = new ArrayList<>();
        for (Tensor t : members.get(0).parameters()) {
            values.add(t.value());
        }
        List<DMatrixRMaj> gradients = steps[0].newGradients();
        Adam adam = Adam.of(settings.learningRate());
        Rng rng = Rng.stream(settings.seed(), 7);
        double last = Double.NaN;
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            int[][] orders = new int[count][];
            List<int[]> schedule = new ArrayList<>();
            for (int m = 0; m < count; m++) {
                orders[m] = rng.permutation(points.get(m).size());
                for (int from = 0; from < orders[m].length; from += settings.batchSize()) {
                    schedule.add(new int[] {m, from});
                }
            }
            int[] perm = rng.permutation(schedule.size());
            double sum = 0;
            for (int s : perm) {
                int m = schedule.get(s)[0];
                int from = schedule.get(s)[1];
                int to = Math.min(orders[m].length, from + settings.batchSize());
                PointSet batch = points.get(m).subset(Arrays.copyOfRange(orders[m], from, to));
                double loss = steps[m].lossAndGradient(batch, ratio[m], 1.0, gradients);
                if (!Double.isFinite(loss) || !finite(gradients)) {
                    throw new IllegalStateException("non-finite loss or gradient in epoch " + epoch + " on "
                            + members.get(m) + " (loss " + loss + "); lower the learning rate");
                }
                adam.step(values, gradients);
                sum += loss;
            }
            last = sum / schedule.size();
            if (listener != null) {
                listener.epoch(epoch, last);
            }
        }
        return last;
    }

    /**
     * σ = Σw|1 − c det g/|Ω|²| / Σw of a model on points of its variety, with its Monte-Carlo error
     * ({@link KahlerIntegrals#sigma}).
     *
     * @param model a Kähler metric model of one member (e.g. {@code ModuliPhiModel.at(ψ)} or a per-value φ-model); its
     *     metric is evaluated without gradients
     * @param points fresh points of the model's variety
     * @return σ ± its standard error
     */
    public static Estimate sigma(KahlerMetricModel model, PointSet points) {
        return Autodiff.noGrad(() -> KahlerIntegrals.sigma(points, model.metric(points).detValues()));
    }

    private static FusedLossStep fusedStep(KahlerMetricModel member, double exponent) {
        return member.accelerated().flatMap(a -> a.mongeAmpereStep(exponent)).orElseThrow(() ->
                new IllegalArgumentException(member + " has no fused Monge–Ampère step (q=" + exponent + ")"));
    }

    private static void check(List<KahlerMetricModel> members, List<PointSet> points) {
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(points, "points");
        if (members.isEmpty() || members.size() != points.size()) {
            throw new IllegalArgumentException("need one point set per member and at least one member, got "
                    + members.size() + " members and " + points.size() + " point sets");
        }
        List<Tensor> shared = members.get(0).parameters();
        for (int m = 0; m < members.size(); m++) {
            if (!members.get(m).parameters().equals(shared)) {
                throw new IllegalArgumentException("member " + m + " does not share the parameters of member 0");
            }
            if (points.get(m).size() < 1 || !points.get(m).variety().equals(members.get(m).variety())) {
                throw new IllegalArgumentException("point set " + m + " (" + points.get(m).size() + " points of "
                        + points.get(m).variety().name() + ") does not belong to member " + members.get(m));
            }
        }
    }

    private static boolean finite(List<DMatrixRMaj> gradients) {
        for (DMatrixRMaj g : gradients) {
            for (double v : g.data) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
