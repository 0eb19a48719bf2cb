package org.metricflow.examples.cli;

import java.util.Map;

/**
 * The default values of the options that several {@code metricflow} subcommands share, in one place: every command
 * that has such an option takes its default from here ({@code defaultValue = Defaults.SEED}), so {@code --help} shows
 * the same default everywhere. The few commands whose option of the same name is deliberately different are listed in
 * {@link #EXCEPTIONS} with the reason, and option names that mean different things in different commands in
 * {@link #COMMAND_SPECIFIC}; docs/cli.md repeats both lists and a test checks every command's help against them.
 */
public final class Defaults {
    private Defaults() {
    }

    /** {@code --seed}: the seed of every random draw of a run (points, splits, shuffles, initializations). */
    public static final String SEED = "1";
    /** {@code --batch}: points per optimizer step. */
    public static final String BATCH = "256";
    /** {@code --epochs}: passes over the training points. */
    public static final String EPOCHS = "20";
    /** {@code --points}: points sampled for training (validation points included). */
    public static final String POINTS = "20000";
    /** {@code --curvature-points}: points at which the learned metric's curvature is integrated after training. */
    public static final String CURVATURE_POINTS = "300";
    /** {@code --width}: hidden width of the φ-network. */
    public static final String WIDTH = "64";
    /** {@code --depth}: hidden layers of the φ-network. */
    public static final String DEPTH = "3";
    /** {@code --activation}: the φ-network's activation. */
    public static final String ACTIVATION = "gelu";
    /** {@code --param}: the φ-network's parametrization. */
    public static final String PARAMETRIZATION = "standard";

    /** Option → its shared default. */
    public static final Map<String, String> SHARED = Map.of("--seed", SEED, "--batch", BATCH, "--epochs", EPOCHS,
            "--points", POINTS, "--curvature-points", CURVATURE_POINTS, "--width", WIDTH, "--depth", DEPTH,
            "--activation", ACTIVATION, "--param", PARAMETRIZATION);

    /** "command --option" → why that command's default differs from {@link #SHARED}. */
    public static final Map<String, String> EXCEPTIONS = Map.of(
            "bench --batch", "1024: the batch of the training-throughput figures in docs/BENCHMARKS.md",
            "quickstart --points", "100000: the sample size of the README's σ values",
            "example-elliptic --points", "4000: a curve, sampled as densely by 4000 points as a threefold by 20000",
            "ntk --width", "1024: a wide network, compared with its infinite-width limit",
            "ntk --depth", "2: the analytic kernel's cost grows with depth",
            "ntk --activation", "relu: the analytic kernel has a closed form (arc-cosine)",
            "ntk --param", "ntk: the parametrization in which the kernel has an infinite-width limit");

    /** Options whose meaning depends on the command (so their defaults may differ), with what they mean. */
    public static final Map<String, String> COMMAND_SPECIFIC = Map.of(
            "--grid", "grid points of the command's own discretization (a torus, a sphere profile, a kernel plot)",
            "--sigma-points", "validation points of the command's σ estimate (0 in donaldson: the --points)",
            "--inputs", "input points of the kernel (ntk: 50; example-ntk: 20 at each of several widths)",
            "--format", "the file format written (sample: csv or npz; export: npz)",
            "--widths", "the widths an example sweeps",
            "--out", "the output folder or file",
            "--time", "the flow time of the command's own flow (a torus, a sphere, a training run)");
}
