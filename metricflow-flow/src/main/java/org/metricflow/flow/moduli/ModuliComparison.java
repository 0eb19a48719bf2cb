package org.metricflow.flow.moduli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.core.random.Rng;
import org.metricflow.core.stats.Estimate;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.phi.ModuliPhiModel;
import org.metricflow.nn.phi.PhiModel;

/**
 * The held-out comparison: a conditioned φ-model ({@link ModuliPhiModel}) trained once on the union of point sets at
 * M training moduli, evaluated by σ on fresh points at H held-out moduli it never saw, against H unconditioned
 * φ-models of the same width and depth trained at each held-out modulus alone with the same settings and points per
 * member. Training CPU time is the calling thread's (everything runs on it: {@link Parallel} is set to one thread for
 * the run), sampling, evaluation and a short JIT warm-up on throwaway networks excluded. Seeded: the same configuration gives the same σ values.
 */
public final class ModuliComparison {
    private ModuliComparison() {
    }

    /**
     * What to compare.
     *
     * @param family the family (not null)
     * @param trainingModuli M ≥ 1 distinct moduli of smooth members the conditioned model is trained on
     * @param heldOut H ≥ 1 moduli of smooth members, none of them within 1e-9 of a training modulus
     * @param points training points per member (and per held-out network), ≥ 2
     * @param sigmaPoints fresh points per held-out modulus for σ, ≥ 2
     * @param width hidden width of every network, ≥ 1
     * @param depth hidden layers of every network, ≥ 1
     * @param activation the networks' activation (not null)
     * @param settings the optimizer settings of every run (not null)
     */
    public record Config(ModuliFamily family, double[] trainingModuli, double[] heldOut, int points, int sigmaPoints,
            int width, int depth, Activation activation, ModuliTraining.Settings settings) {
        /**
         * Validates the configuration.
         *
         * @throws IllegalArgumentException naming the first bad value (a singular member names its modulus)
         */
        public Config {
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(activation, "activation");
            Objects.requireNonNull(settings, "settings");
            trainingModuli = trainingModuli.clone();
            heldOut = heldOut.clone();
            if (trainingModuli.length < 1 || heldOut.length < 1) {
                throw new IllegalArgumentException("need at least one training and one held-out modulus, got "
                        + trainingModuli.length + " and " + heldOut.length);
            }
            for (int i = 0; i < trainingModuli.length; i++) {
                family.member(trainingModuli[i]);
                for (int j = 0; j < i; j++) {
                    if (trainingModuli[i] == trainingModuli[j]) {
                        throw new IllegalArgumentException("training modulus " + trainingModuli[i] + " given twice");
                    }
                }
            }
            for (double h : heldOut) {
                family.member(h);
                for (double t : trainingModuli) {
                    if (Math.abs(h - t) < 1e-9) {
                        throw new IllegalArgumentException("held-out modulus " + h + " is also a training modulus");
                    }
                }
            }
            if (points < 2 || sigmaPoints < 2) {
                throw new IllegalArgumentException("points and sigma points must be ≥ 2, got " + points + " and "
                        + sigmaPoints);
            }
            if (width < 1 || depth < 1) {
                throw new IllegalArgumentException("width and depth must be ≥ 1, got " + width + " and " + depth);
            }
        }

        /**
         * The training moduli.
         *
         * @return a copy, in the given order
         */
        @Override
        public double[] trainingModuli() {
            return trainingModuli.clone();
        }

        /**
         * The held-out moduli.
         *
         * @return a copy, in the given order
         */
        @Override
        public double[] heldOut() {
            return heldOut.clone();
        }
    }

    /**
     * One held-out modulus.
     *
     * @param modulus μ
     * @param sigmaFubiniStudy σ of the reference metric (the untrained start of every network)
     * @param sigmaConditioned σ of the conditioned model at μ (never trained there)
     * @param sigmaSingle σ of the network trained at μ alone
     * @param singleCpuSeconds that network's training CPU seconds
     */
    public record Row(double modulus, Estimate sigmaFubiniStudy, Estimate sigmaConditioned, Estimate sigmaSingle,
            double singleCpuSeconds) {
        /**
         * σ<sub>conditioned</sub>/σ<sub>single</sub>.
         *
         * @return the ratio (the target is ≤ 1.5)
         */
        public double ratio() {
            return sigmaConditioned.value() / sigmaSingle.value();
        }
    }

    /**
     * The comparison's outcome.
     *
     * @param rows one row per held-out modulus, in the given order
     * @param conditionedCpuSeconds the conditioned model's training CPU seconds
     * @param conditionedLoss its last epoch's mean family loss
     * @param model the trained conditioned model
     */
    public record Result(List<Row> rows, double conditionedCpuSeconds, double conditionedLoss, ModuliPhiModel model) {
        /**
         * The per-value networks' total training CPU seconds.
         *
         * @return Σ singleCpuSeconds
         */
        public double singlesCpuSeconds() {
            return rows.stream().mapToDouble(Row::singleCpuSeconds).sum();
        }

        /**
         * The largest σ<sub>conditioned</sub>/σ<sub>single</sub> over the held-out moduli.
         *
         * @return the worst ratio
         */
        public double worstRatio() {
            return rows.stream().mapToDouble(Row::ratio).max().orElse(Double.NaN);
        }
    }

    /**
     * Runs the comparison on one thread.
     *
     * @param config what to compare
     * @param progress receives one line per finished stage (may be null)
     * @return the rows and times
     */
    public static Result run(Config config, java.util.function.Consumer<String> progress) {
        Objects.requireNonNull(config, "config");
        return Parallel.withDefaultThreads(1, () -> compare(config, progress == null ? s -> { } : progress));
    }

    private static Result compare(Config c, java.util.function.Consumer<String> progress) {
        ModuliTraining.Settings s = c.settings();
        double[] train = c.trainingModuli();
        ProjectiveVariety first = c.family().member(train[0]);
        FeatureMap features = FeatureMap.HERMITIAN_INVARIANTS;
        int f = features.featureCount(first);
        ModuliPhiModel model = ModuliPhiModel.of(network(c, f + 1), features, 1, true);
        List<KahlerMetricModel> members = new ArrayList<>();
        List<PointSet> points = new ArrayList<>();
        for (int i = 0; i < train.length; i++) {
            ProjectiveVariety x = c.family().member(train[i]);
            members.add(model.member(x, train[i]));
            points.add(x.sample(c.points(), Rng.stream(s.seed(), i).nextLong()));
        }
        warmUp(c, features, f);
        double t0 = cpuSeconds();
        double loss = ModuliTraining.train(members, points, s, (e, l) -> progress.accept(
                "conditioned: epoch " + e + "/" + s.epochs() + ", loss " + l));
        double conditioned = cpuSeconds() - t0;
        List<Row> rows = new ArrayList<>();
        double[] held = c.heldOut();
        for (int h = 0; h < held.length; h++) {
            ProjectiveVariety x = c.family().member(held[h]);
            PointSet eval = x.sample(c.sigmaPoints(), Rng.stream(s.seed(), 1000 + h).nextLong());
            PhiModel single = PhiModel.of(x, network(c, f), features, true);
            PointSet own = x.sample(c.points(), Rng.stream(s.seed(), 2000 + h).nextLong());
            double t1 = cpuSeconds();
            ModuliTraining.train(List.of(single), List.of(own), s, null);
            double seconds = cpuSeconds() - t1;
            Row r = new Row(held[h], KahlerIntegrals.sigmaFubiniStudy(eval),
                    ModuliTraining.sigma(model.at(x, held[h]), eval), ModuliTraining.sigma(single, eval), seconds);
            rows.add(r);
            progress.accept(c.family().modulus() + "=" + held[h] + ": sigma conditioned " + r.sigmaConditioned().value()
                    + ", alone " + r.sigmaSingle().value());
        }
        return new Result(List.copyOf(rows), conditioned, loss, model);
    }

    /**
     * A few steps of both kinds of training on throwaway networks, so that neither timed run pays the JIT compilation
     * of the shared code.
     */
    private static void warmUp(Config c, FeatureMap features, int f) {
        ProjectiveVariety x = c.family().member(c.trainingModuli()[0]);
        PointSet few = x.sample(Math.min(c.points(), 4 * c.settings().batchSize()), Rng.stream(c.settings().seed(),
                3000).nextLong());
        ModuliTraining.Settings one = new ModuliTraining.Settings(1, c.settings().batchSize(),
                c.settings().learningRate(), c.settings().exponent(), c.settings().seed());
        ModuliPhiModel m = ModuliPhiModel.of(network(c, f + 1), features, 1, true);
        ModuliTraining.train(List.of(m.member(x, c.trainingModuli()[0])), List.of(few), one, null);
        ModuliTraining.train(List.of(PhiModel.of(x, network(c, f), features, true)), List.of(few), one, null);
    }

    private static Mlp network(Config c, int inputs) {
        int[] hidden = new int[c.depth()];
        java.util.Arrays.fill(hidden, c.width());
        return Mlp.builder().inputs(inputs).hidden(hidden).outputs(1).activation(c.activation())
                .seed(c.settings().seed()).build();
    }

    private static double cpuSeconds() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean.getCurrentThreadCpuTime() * 1e-9;
    }
}
