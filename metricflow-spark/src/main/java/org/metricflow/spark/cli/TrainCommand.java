package org.metricflow.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.metricflow.core.io.AtomicFiles;
import org.metricflow.core.optim.Adam;
import org.metricflow.core.optim.Lbfgs;
import org.metricflow.core.optim.LbfgsResult;
import org.metricflow.flow.ModelFiles;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.phi.PhiModel;
import org.metricflow.spark.DistributedPoints;
import org.metricflow.spark.DistributedTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow-spark train --variety V --points N --steps S --out model.mfa}: data-parallel full-batch training
 * of a φ-model (Hermitian-invariant features, zero initial correction) on the Monge–Ampère loss with Adam or
 * L-BFGS on the driver. Writes the model and {@code --history} (CSV {@code step,loss}) atomically; with
 * {@code --checkpoint} (Adam) a rerun resumes from the last checkpoint. JSON keys: {@code variety}, {@code points},
 * {@code partitions}, {@code optimizer}, {@code steps}, {@code loss} (last full-batch loss), {@code firstLoss},
 * {@code parameters}, {@code out}, {@code seconds}, {@code secondsPerStep}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Data-parallel full-batch training of a phi-model (Adam or L-BFGS on the driver).")
final class TrainCommand extends SparkCommand {
    @Option(names = "--variety", required = true, description = "The variety: a family name or polynomial(s).")
    String variety;

    @Option(names = "--points", required = true, description = "Training points (>= 2).")
    long points;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of points and network (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--width", defaultValue = "64", description = "Hidden width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", defaultValue = "3", description = "Hidden layers (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--steps", defaultValue = "50", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or lbfgs (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--exponent", defaultValue = "2", description = "Monge-Ampere exponent q >= 1 (default: ${DEFAULT-VALUE}).")
    double exponent;

    @Option(names = "--out", required = true, description = "Model file to write (model.mfa).")
    Path out;

    @Option(names = "--history", description = "CSV file for the loss per step.")
    Path history;

    @Option(names = "--checkpoint", description = "Adam checkpoint file: written every --checkpoint-every steps, resumed from.")
    Path checkpoint;

    @Option(names = "--checkpoint-every", defaultValue = "10", description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Override
    void validate() {
        variety(variety);
        if (points < 2) {
            throw new UsageException("--points must be >= 2, got " + points);
        }
        if (width < 1 || depth < 1 || steps < 1 || checkpointEvery < 1) {
            throw new UsageException("--width, --depth, --steps and --checkpoint-every must be >= 1, got " + width
                    + ", " + depth + ", " + steps + ", " + checkpointEvery);
        }
        if (!optimizer.equals("adam") && !optimizer.equals("lbfgs")) {
            throw new UsageException("--optimizer must be adam or lbfgs, got " + optimizer);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new UsageException("--lr must be positive and finite, got " + lr);
        }
        if (!(exponent >= 1) || Double.isInfinite(exponent)) {
            throw new UsageException("--exponent must be >= 1 and finite, got " + exponent);
        }
        if (checkpoint != null && optimizer.equals("lbfgs")) {
            throw new UsageException("--checkpoint works with --optimizer adam only");
        }
        Outputs.probeFile("--out", out);
        Outputs.probeFile("--history", history);
        Outputs.probeFile("--checkpoint", checkpoint);
    }

    /** The φ-model trained by this command: Hermitian invariants → depth × width GELU → φ, zero initial output. */
    static PhiModel model(ProjectiveVariety x, int width, int depth, long seed) {
        FeatureMap f = FeatureMap.HERMITIAN_INVARIANTS;
        int[] hidden = new int[depth];
        Arrays.fill(hidden, width);
        Mlp net = Mlp.builder().inputs(f.featureCount(x.ambientDimension() + 1)).hidden(hidden).outputs(1)
                .activation(Activation.GELU).seed(seed).build();
        return PhiModel.of(x, net, f, true);
    }

    @Override
    void execute(SparkSession spark, JavaSparkContext sc, int p, PrintWriter text, Map<String, Object> results)
            throws IOException {
        ProjectiveVariety x = variety(variety);
        PhiModel model = model(x, width, depth, seed);
        DistributedPoints d = DistributedPoints.sample(sc, x.name(), points, p, seed);
        DistributedTraining training = DistributedTraining.of(sc, d, model, exponent);
        StringBuilder csv = new StringBuilder("step,loss\n");
        double[] first = {Double.NaN};
        double[] last = {Double.NaN};
        long t0 = System.nanoTime();
        DistributedTraining.StepListener listener = (step, loss) -> {
            csv.append(step).append(',').append(String.format(Locale.ROOT, "%.17g", loss)).append('\n');
            if (Double.isNaN(first[0])) {
                first[0] = loss;
            }
            last[0] = loss;
            System.err.printf("step %d/%d: loss %.6g%n", step, steps, loss);
        };
        int taken;
        if (optimizer.equals("adam")) {
            Adam adam = Adam.of(lr);
            taken = training.adam(model, adam, steps, checkpoint, checkpointEvery, listener).length;
        } else {
            LbfgsResult r = training.lbfgs(model, Lbfgs.of().withMaxIterations(steps), listener);
            taken = r.iterations();
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        ModelFiles.save(model, out);
        if (history != null) {
            AtomicFiles.write(history, csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        results.put("variety", x.name());
        results.put("points", points);
        results.put("partitions", p);
        results.put("optimizer", optimizer);
        results.put("steps", taken);
        results.put("firstLoss", first[0]);
        results.put("loss", last[0]);
        results.put("parameters", model.network().parameterCount());
        results.put("out", out.toString());
        results.put("seconds", seconds);
        results.put("secondsPerStep", taken == 0 ? Double.NaN : seconds / taken);
        text.printf("%s: %d points in %d partitions, %s, %d steps in %.1f s; loss %.6g -> %.6g; model written to %s%n",
                x.name(), points, p, optimizer, taken, seconds, first[0], last[0], out);
    }
}
