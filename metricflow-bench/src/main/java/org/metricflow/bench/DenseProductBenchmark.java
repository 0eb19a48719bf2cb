package org.metricflow.bench;

import java.util.concurrent.TimeUnit;
import org.metricflow.core.linalg.internal.FmaPeak;
import org.metricflow.core.linalg.internal.PanelProducts;
import org.metricflow.core.random.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dense product C = A·B of the training step's kernels on one thread: {@code panel} ({@link PanelProducts}, the
 * panel-blocked FMA kernel) and {@code fmaPeak} (one call
 * of {@link FmaPeak#gflops} with 200 ms: its result, in GFLOP/s, is printed by the benchmark's setup). GFLOP/s of a
 * product = 2·M·K·N / time. Default shape 1024×512 by 512×512 (the reference), and 224×64 by 64×64 (one
 * chunk of the width-64 step).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class DenseProductBenchmark {
    /** M×K·K×N. */
    @Param({"1024x512x512", "224x64x64"})
    String shape;

    private int m;
    private int k;
    private int n;
    private double[] a;
    private double[] b;
    private double[] c;
    private final PanelProducts.Workspace ws = new PanelProducts.Workspace();

    /** Random operands of the chosen shape. */
    @Setup
    public void setUp() {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        k = Integer.parseInt(s[1]);
        n = Integer.parseInt(s[2]);
        Rng rng = Rng.of(1);
        a = new double[m * k];
        b = new double[k * n];
        c = new double[m * n];
        rng.fillUniform(a, -1, 1);
        rng.fillUniform(b, -1, 1);
    }

    /**
     * The panel-blocked product.
     *
     * @return C (so that the JIT keeps the work)
     */
    @Benchmark
    public double[] panel() {
        PanelProducts.multiply(m, k, n, a, 0, k, 1, b, 0, n, c, 0, n, false, ws);
        return c;
    }

    /**
     * The FMA peak loop for 200 ms of CPU time.
     *
     * @return the measured peak in GFLOP/s
     */
    @Benchmark
    public double fmaPeak() {
        return FmaPeak.gflops(200);
    }
}
