package org.metricflow.bench;

import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A batched MLP forward and backward pass through the autodiff engine: batch 1024, 10 inputs, three
 * hidden tanh layers of width 64, one output, loss L = mean(y²); values-only gradients of L with respect to
 * all weights and biases ({@link Autodiff#grad}). {@link #forward} times the forward pass alone.
 *
 * <pre>
 * java -jar metricflow-bench/target/benchmarks.jar MlpBackwardBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MlpBackwardBenchmark {
    static final int BATCH = 1024;
    static final int INPUTS = 10;
    static final int WIDTH = 64;
    static final int HIDDEN_LAYERS = 3;

    private Tensor x;
    private Tensor[] weights;
    private Tensor[] biases;
    private Tensor[] parameters;

    /** Standard-parametrized random weights W ~ N(0, 1/n_in), small random biases, uniform inputs. */
    @Setup
    public void setUp() {
        Rng rng = Rng.of(20231019L);
        DMatrixRMaj in = new DMatrixRMaj(BATCH, INPUTS);
        rng.fillUniform(in.data, -1, 1);
        x = Tensor.constant(in);
        weights = new Tensor[HIDDEN_LAYERS + 1];
        biases = new Tensor[HIDDEN_LAYERS + 1];
        parameters = new Tensor[2 * (HIDDEN_LAYERS + 1)];
        int fanIn = INPUTS;
        for (int l = 0; l <= HIDDEN_LAYERS; l++) {
            int fanOut = l == HIDDEN_LAYERS ? 1 : WIDTH;
            DMatrixRMaj w = new DMatrixRMaj(fanIn, fanOut);
            rng.fillGaussian(w.data, 1.0 / Math.sqrt(fanIn));
            DMatrixRMaj b = new DMatrixRMaj(1, fanOut);
            rng.fillGaussian(b.data, 0.1);
            weights[l] = Tensor.variable(w);
            biases[l] = Tensor.variable(b);
            parameters[2 * l] = weights[l];
            parameters[2 * l + 1] = biases[l];
            fanIn = fanOut;
        }
    }

    private Tensor loss() {
        Tensor h = x;
        for (int l = 0; l < HIDDEN_LAYERS; l++) {
            h = h.matmul(weights[l]).plus(biases[l]).tanh();
        }
        Tensor y = h.matmul(weights[HIDDEN_LAYERS]).plus(biases[HIDDEN_LAYERS]);
        return y.square().mean();
    }

    /**
     * Forward pass and values-only gradients w.r.t. all 8 parameter tensors.
     *
     * @return a value of the forward pass and gradients, so that the work is not optimized away
     */
    @Benchmark
    public DMatrixRMaj[] forwardBackward() {
        return Autodiff.grad(loss(), parameters);
    }

    /**
     * The forward pass alone (graph recorded, as for training).
     */
    @Benchmark
    public Tensor forward() {
        return loss();
    }
}
