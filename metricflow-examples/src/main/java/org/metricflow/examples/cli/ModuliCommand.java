package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metricflow.flow.moduli.ModuliComparison;
import org.metricflow.flow.moduli.ModuliFamily;
import org.metricflow.flow.moduli.ModuliTraining;
import org.metricflow.nn.Activation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow moduli [--family dwork] [--moduli-range lo,hi] [--members M] [--held-out μ1,μ2,…] [--json]}: one
 * φ-model conditioned on the modulus, trained on points of M members equally spaced over the range, evaluated by σ at
 * held-out moduli it never saw, against networks of the same width and depth trained at each held-out modulus alone
 * ({@link ModuliComparison}). Training CPU seconds are those of the one thread everything runs on. JSON keys:
 * {@code family}, {@code trainingModuli}, {@code rows} (per held-out modulus: {@code modulus}, {@code sigmaFubiniStudy},
 * {@code sigmaConditioned}, {@code sigmaConditionedError}, {@code sigmaSingle}, {@code sigmaSingleError},
 * {@code ratio}, {@code singleCpuSeconds}), {@code conditionedCpuSeconds}, {@code singlesCpuSeconds},
 * {@code worstRatio}, {@code targetMet} (worst ratio ≤ 1.5 and conditioned CPU time below the singles' total).
 */
@Command(name = "moduli", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "A phi-model conditioned on the complex-structure modulus, trained across a family in one run"
                + " and evaluated at held-out moduli against networks trained at each value alone.")
public final class ModuliCommand extends CliCommand {
    /** The target: σ at held-out moduli within this factor of the per-value networks' σ. */
    static final double TARGET_RATIO = 1.5;

    @Option(names = "--family", defaultValue = "dwork", description = "The family: dwork (Σz_i^5 − 5ψΠz_i, real ψ)"
            + " (default: ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--moduli-range", defaultValue = "0,0.6", description = "The training range lo,hi of the modulus,"
            + " free of singular members (default: ${DEFAULT-VALUE}).")
    String range;

    @Option(names = "--members", defaultValue = "4", description = "Training members, equally spaced over the range"
            + " including its ends, in [1, 64] (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--held-out", defaultValue = "0.05,0.15,0.25,0.35,0.45,0.55", description = "Moduli to evaluate at,"
            + " none a training member, at most 64 (default: ${DEFAULT-VALUE}).")
    String heldOut;

    @Option(names = "--points", defaultValue = Defaults.POINTS, description = "Training points per member and per"
            + " held-out network (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--sigma-points", defaultValue = "5000", description = "Fresh points per held-out modulus for σ"
            + " (default: ${DEFAULT-VALUE}).")
    int sigmaPoints;

    @Option(names = "--epochs", defaultValue = Defaults.EPOCHS, description = "Epochs of every network (default:"
            + " ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = Defaults.BATCH, description = "Points per step (default:"
            + " ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--width", defaultValue = Defaults.WIDTH, description = "Hidden width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", defaultValue = Defaults.DEPTH, description = "Hidden layers (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--activation", defaultValue = Defaults.ACTIVATION, description = "Activation (default:"
            + " ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--lr", defaultValue = "0.002", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", defaultValue = Defaults.SEED, description = "Seed of points, shuffles and"
            + " initializations (default: ${DEFAULT-VALUE}).")
    long seed;

    private ModuliComparison.Config config;

    @Override
    protected void validate() {
        range("--members", members, 1, 64);
        range("--points", points, 2, 10_000_000);
        range("--sigma-points", sigmaPoints, 2, 10_000_000);
        range("--epochs", epochs, 1, 100_000);
        range("--batch", batch, 1, 10_000_000);
        range("--width", width, 1, 4096);
        range("--depth", depth, 1, 16);
        positive("--lr", lr, 10);
        Activation act;
        try {
            act = Activation.valueOf(activation.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliUsageException("--activation '" + shown(activation) + "' is not one of "
                    + java.util.Arrays.toString(Activation.values()).toLowerCase(Locale.ROOT));
        }
        ModuliFamily f = usage("--family", () -> ModuliFamily.named(family));
        double[] lohi = usage("--moduli-range", () -> parseModuli(range));
        if (lohi.length != 2) {
            throw new CliUsageException("--moduli-range needs two numbers lo,hi, got " + shown(range));
        }
        usage("--moduli-range", () -> {
            f.requireSmoothRange(lohi[0], lohi[1]);
            return null;
        });
        if (members > 1 && lohi[0] == lohi[1]) {
            throw new CliUsageException("--moduli-range " + shown(range) + " is a single value; give lo < hi for "
                    + members + " members");
        }
        double[] train = new double[members];
        for (int i = 0; i < members; i++) {
            double t = members == 1 ? lohi[0] : lohi[0] + (lohi[1] - lohi[0]) * i / (members - 1);
            train[i] = Math.round(t * 1e12) / 1e12; // 0.2, not 0.19999999999999998
            train[i] = Math.min(lohi[1], Math.max(lohi[0], train[i]));
        }
        double[] held = usage("--held-out", () -> parseModuli(heldOut));
        if (held.length > 64) {
            throw new CliUsageException("--held-out takes at most 64 moduli, got " + held.length);
        }
        ModuliTraining.Settings s = usage(null, () -> new ModuliTraining.Settings(epochs, batch, lr, 1.0, seed));
        config = usage("--held-out", () -> new ModuliComparison.Config(f, train, held, points, sigmaPoints, width,
                depth, act, s));
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) {
        PrintWriter err = spec.root().commandLine().getErr();
        long start = System.nanoTime();
        ModuliComparison.Result r = ModuliComparison.run(config, line -> {
            err.printf("moduli: %s (%ds elapsed)%n", line, (System.nanoTime() - start) / 1_000_000_000L);
            err.flush();
        });
        String mod = config.family().modulus();
        results.put("family", config.family().name());
        List<Object> train = new ArrayList<>();
        for (double t : config.trainingModuli()) {
            train.add(t);
        }
        results.put("trainingModuli", train);
        text.printf("%s family, conditioned on %s, trained at %s = %s%n", config.family().name(), mod, mod, train);
        text.printf("%8s %12s %18s %18s %7s %10s%n", mod, "sigma FS", "sigma conditioned", "sigma alone", "ratio",
                "cpu alone");
        List<Object> rows = new ArrayList<>();
        for (ModuliComparison.Row row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("modulus", row.modulus());
            m.put("sigmaFubiniStudy", row.sigmaFubiniStudy().value());
            m.put("sigmaConditioned", row.sigmaConditioned().value());
            m.put("sigmaConditionedError", row.sigmaConditioned().standardError());
            m.put("sigmaSingle", row.sigmaSingle().value());
            m.put("sigmaSingleError", row.sigmaSingle().standardError());
            m.put("ratio", row.ratio());
            m.put("singleCpuSeconds", row.singleCpuSeconds());
            rows.add(m);
            text.printf("%8.3f %12s %18s %18s %7.2f %9.1fs%n", row.modulus(), row.sigmaFubiniStudy().toString(),
                    row.sigmaConditioned().toString(), row.sigmaSingle().toString(), row.ratio(), row.singleCpuSeconds());
        }
        results.put("rows", rows);
        results.put("conditionedCpuSeconds", r.conditionedCpuSeconds());
        results.put("singlesCpuSeconds", r.singlesCpuSeconds());
        results.put("worstRatio", r.worstRatio());
        boolean met = r.worstRatio() <= TARGET_RATIO && r.conditionedCpuSeconds() < r.singlesCpuSeconds();
        results.put("targetMet", met);
        text.printf("training CPU seconds (one thread): conditioned %.1f, per-value networks %.1f in total%n",
                r.conditionedCpuSeconds(), r.singlesCpuSeconds());
        text.printf("worst sigma ratio %.2f (target <= %.1f at less CPU time): %s%n", r.worstRatio(), TARGET_RATIO,
                met ? "met" : "missed");
        return 0;
    }
}
