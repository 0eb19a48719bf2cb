package org.metricflow.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.io.ArrayArchive;
import org.metricflow.core.optim.Adam;
import org.metricflow.core.optim.Lbfgs;
import org.metricflow.core.optim.LbfgsResult;
import org.metricflow.core.optim.OptimizerState;
import org.metricflow.core.stats.Moments;
import org.metricflow.flow.LossContext;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.phi.FusedMongeAmpere;
import org.metricflow.nn.phi.PhiModel;

/**
 * Synchronous data-parallel full-batch training of a φ-model on the Monge–Ampère loss over a
 * {@link DistributedPoints} set (MLlib's pattern): per step the driver broadcasts θ, every partition computes the
 * loss and gradient of its batches with the fused step ({@link FusedMongeAmpere}, one thread per task), the driver
 * sums the partitions' results, and Adam or L-BFGS updates θ on the driver. The model's architecture is broadcast once
 * per trainer, so a step ships θ and nothing else of size; its fixed cost is measured in docs/BENCHMARKS.md.
 *
 * <h2>Sums</h2>
 * The full-batch loss is L = Σ<sub>p</sub> w<sub>p</sub>|ρ<sub>p</sub> − 1|<sup>q</sup>/W with W = Σ w over all
 * points. A batch b with weight W<sub>b</sub> returns its own L<sub>b</sub> and gradient, so the partition sums
 * (W<sub>b</sub>/W)·L<sub>b</sub> and (W<sub>b</sub>/W)·∇L<sub>b</sub>; their total is L and ∇L, the single-JVM
 * full-batch values up to the order of additions. The ratio constant c = d!·Vol<sub>Ω</sub>/Vol<sub>FS</sub> uses
 * Vol<sub>Ω</sub> = Vol<sub>FS</sub>·mean(w) over all points, as the single-JVM flow does. W and mean(w) cost one
 * aggregation when the trainer is made.
 *
 * <p>Not thread-safe (one driver loop); executors keep one model per task thread between steps.
 */
public final class DistributedTraining {
    /** Per executor thread: the model of each training run, reused between steps (θ overwritten). */
    private static final ThreadLocal<Map<String, FusedMongeAmpere>> STEPS = ThreadLocal.withInitial(HashMap::new);

    private final JavaSparkContext sc;
    private final DistributedPoints points;
    /** The model file's bytes, broadcast once per trainer (Spark's context cleaner drops them with the trainer). */
    private final Broadcast<byte[]> architecture;
    private final double exponent;
    private final double ratioConstant;
    private final double totalWeight;
    private final String runId = UUID.randomUUID().toString();

    private DistributedTraining(JavaSparkContext sc, DistributedPoints points, Broadcast<byte[]> architecture,
            double exponent, double ratioConstant, double totalWeight) {
        this.sc = sc;
        this.points = points;
        this.architecture = architecture;
        this.exponent = exponent;
        this.ratioConstant = ratioConstant;
        this.totalWeight = totalWeight;
    }

    /**
     * A trainer for models of {@code model}'s architecture on the given points (one aggregation for Σw).
     *
     * @param sc the Spark context
     * @param points the training points (at least 2)
     * @param model the model; its architecture is shipped once, θ every step
     * @param exponent the Monge–Ampère exponent q ≥ 1
     * @return the trainer
     * @throws IllegalArgumentException if the fused step does not support the model or the variety differs
     */
    public static DistributedTraining of(JavaSparkContext sc, DistributedPoints points, PhiModel model,
            double exponent) {
        FusedMongeAmpere.of(model, exponent); // validates model and q with the library's messages
        if (!model.variety().equals(points.variety())) {
            throw new IllegalArgumentException("the model lives on " + model.variety().name() + " but the points on "
                    + points.varietySpec());
        }
        Moments w = Moments.fromArray(Sums.overPartitions(points, Moments.empty(1).toArray(), it -> {
            Moments s = Moments.empty(1);
            while (it.hasNext()) {
                s = s.merge(Moments.of(it.next().points().weights()));
            }
            return s.toArray();
        }, Moments::merge));
        if (w.count() < 2) {
            throw new IllegalArgumentException("need at least 2 training points, got " + w.count());
        }
        double volFs = points.variety().fubiniStudyVolume();
        double volOmega = w.meanEstimate(0).times(volFs).value();
        PointSet none = points.variety().sample(0, 0, 1);
        double c = new LossContext(model, none, null, volFs, volOmega).ratioConstant();
        return new DistributedTraining(sc, points, sc.broadcast(MetricSource.of(model).bytes()), exponent, c,
                w.mean(0) * w.count());
    }

    /**
     * The ratio constant c = d!·Vol<sub>Ω</sub>/Vol<sub>FS</sub> of the training points.
     *
     * @return c &gt; 0
     */
    public double ratioConstant() {
        return ratioConstant;
    }

    /**
     * The full-batch loss and its gradient at θ: one broadcast of θ and one job (the model's architecture was
     * broadcast when the trainer was made; the executors keep one model per task thread and run).
     *
     * @param theta the flat parameter vector (as {@code PhiModel.flatParameters()})
     * @param gradient receives ∂L/∂θ (same length as θ)
     * @return L(θ)
     */
    public double lossAndGradient(double[] theta, double[] gradient) {
        if (gradient.length != theta.length) {
            throw new IllegalArgumentException("gradient has " + gradient.length + " entries but θ has "
                    + theta.length);
        }
        Broadcast<double[]> tb = sc.broadcast(theta);
        try {
            Broadcast<byte[]> arch = architecture;
            String id = runId;
            double q = exponent;
            double c = ratioConstant;
            double total = totalWeight;
            int len = theta.length + 1;
            double[] sums = Sums.overPartitions(points, new double[len], it -> {
                FusedMongeAmpere step = STEPS.get().computeIfAbsent(id,
                        k -> FusedMongeAmpere.of(MetricSource.ofBytes(arch.value()).load(), q).withThreads(1));
                step.model().network().setFlatParameters(tb.value());
                List<DMatrixRMaj> g = step.newGradients();
                Sums.Compensated s = new Sums.Compensated(len);
                while (it.hasNext()) {
                    PointSet b = it.next().points();
                    if (b.size() == 0) {
                        continue;
                    }
                    double share = sumOf(b.weights()) / total;
                    s.addAt(0, share * step.lossAndGradient(b, c, share, g));
                    int o = 1;
                    for (DMatrixRMaj m : g) {
                        for (int i = 0; i < m.data.length; i++) {
                            s.addAt(o + i, m.data[i]);
                        }
                        o += m.data.length;
                    }
                }
                return s.total();
            }, Sums::add);
            System.arraycopy(sums, 1, gradient, 0, gradient.length);
            return sums[0];
        } finally {
            tb.destroy();
        }
    }

    /**
     * Full-batch Adam steps on the driver's model (θ updated in place), resuming from and writing a checkpoint.
     *
     * @param model the model (its θ is the start unless a checkpoint exists)
     * @param adam the optimizer (its state is restored from the checkpoint)
     * @param steps the total number of steps of the run (a resumed run continues to this number)
     * @param checkpoint a file for θ and the optimizer state, written atomically every {@code every} steps and at the
     *         end; null for none
     * @param every steps between checkpoints (≥ 1)
     * @param listener told the loss of every step; may be null
     * @return the losses of the steps taken by this call (before each update)
     * @throws IOException if the checkpoint cannot be read or written
     */
    public double[] adam(PhiModel model, Adam adam, int steps, Path checkpoint, int every, StepListener listener)
            throws IOException {
        if (steps < 0 || every < 1) {
            throw new IllegalArgumentException("need steps >= 0 and checkpoint interval >= 1, got " + steps + " and "
                    + every);
        }
        List<DMatrixRMaj> params = values(model);
        if (checkpoint != null && Files.exists(checkpoint)) {
            restore(ArrayArchive.read(checkpoint), model, adam);
        }
        List<DMatrixRMaj> grads = new ArrayList<>();
        for (DMatrixRMaj p : params) {
            grads.add(new DMatrixRMaj(p.numRows, p.numCols));
        }
        double[] g = new double[model.network().parameterCount()];
        double[] losses = new double[Math.max(0, steps - adam.steps())];
        int done = 0;
        while (adam.steps() < steps) {
            double loss = lossAndGradient(model.network().flatParameters(), g);
            unflatten(g, grads);
            adam.step(params, grads);
            losses[done++] = loss;
            if (listener != null) {
                listener.onStep(adam.steps(), loss);
            }
            if (checkpoint != null && (adam.steps() % every == 0 || adam.steps() == steps)) {
                save(model, adam, checkpoint);
            }
        }
        return losses;
    }

    /**
     * Full-batch L-BFGS on the driver's model (θ updated in place to the minimizer found).
     *
     * @param model the φ-model on the driver, whose θ is read at the start and overwritten with the minimizer
     * @param lbfgs the optimizer settings
     * @param listener told the loss after every iteration; may be null
     * @return the L-BFGS result
     */
    public LbfgsResult lbfgs(PhiModel model, Lbfgs lbfgs, StepListener listener) {
        double[] g = new double[model.network().parameterCount()];
        List<DMatrixRMaj> params = values(model);
        return lbfgs.minimize(params, grads -> {
            double loss = lossAndGradient(model.network().flatParameters(), g);
            unflatten(g, grads);
            return loss;
        }, (iteration, value, norm) -> {
            if (listener != null) {
                listener.onStep(iteration, value);
            }
            return true;
        });
    }

    /** Progress of a distributed training run, on the driver. */
    @FunctionalInterface
    public interface StepListener {
        /**
         * Called after every step.
         *
         * @param step the number of steps taken so far (1-based)
         * @param loss the full-batch loss of that step
         */
        void onStep(int step, double loss);
    }

    private static List<DMatrixRMaj> values(PhiModel model) {
        List<DMatrixRMaj> out = new ArrayList<>();
        for (org.metricflow.core.autodiff.Tensor t : model.parameters()) {
            out.add(t.value());
        }
        return out;
    }

    private static void unflatten(double[] flat, List<DMatrixRMaj> out) {
        int o = 0;
        for (DMatrixRMaj m : out) {
            System.arraycopy(flat, o, m.data, 0, m.data.length);
            o += m.data.length;
        }
    }

    private static void save(PhiModel model, Adam adam, Path file) throws IOException {
        OptimizerState s = adam.state();
        ArrayArchive.Builder b = ArrayArchive.builder()
                .putText("format", "metricflow-spark-training-checkpoint")
                .put("theta", model.network().flatParameters())
                .put("steps", new double[] {s.steps()})
                .put("learningRate", new double[] {s.learningRate()})
                .putText("buffers", String.join(",", s.bufferNames()));
        int[][] shapes = s.shapes();
        double[] flatShapes = new double[2 * shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            flatShapes[2 * i] = shapes[i][0];
            flatShapes[2 * i + 1] = shapes[i][1];
        }
        b.put("shapes", flatShapes);
        for (String name : s.bufferNames()) {
            double[][] buf = s.buffer(name);
            for (int i = 0; i < buf.length; i++) {
                b.put("buffer." + name + "." + i, buf[i]);
            }
        }
        b.build().write(file);
    }

    private static void restore(ArrayArchive a, PhiModel model, Adam adam) {
        if (!a.contains("format") || !"metricflow-spark-training-checkpoint".equals(a.text("format"))) {
            throw new IllegalArgumentException("not a metricflow-spark training checkpoint");
        }
        model.network().setFlatParameters(a.doubles("theta"));
        double[] flatShapes = a.doubles("shapes");
        int[][] shapes = new int[flatShapes.length / 2][];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = new int[] {(int) flatShapes[2 * i], (int) flatShapes[2 * i + 1]};
        }
        Map<String, double[][]> buffers = new LinkedHashMap<>();
        String names = a.text("buffers");
        for (String name : names.isEmpty() ? new String[0] : names.split(",")) {
            double[][] buf = new double[shapes.length][];
            for (int i = 0; i < shapes.length; i++) {
                buf[i] = a.doubles("buffer." + name + "." + i);
            }
            buffers.put(name, buf);
        }
        adam.restore(OptimizerState.of(Adam.KIND, (int) a.doubles("steps")[0], a.doubles("learningRate")[0], shapes,
                buffers));
    }

    private static double sumOf(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s;
    }
}
