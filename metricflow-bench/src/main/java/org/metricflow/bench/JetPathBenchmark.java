package org.metricflow.bench;

import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.nn.Activation;
import org.metricflow.nn.KahlerJet;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;
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
 * The Kähler jet path of {@link Mlp}: batch 1024, 10 real inputs, 3 complex directions (complex input
 * tangents and input second derivatives, as for nonlinear invariant features), 3 hidden gelu layers of width
 * 64 (NTK parametrization), scalar φ. {@link #jetForwardBackward} computes ∂∂̄φ (re/im), a loss
 * Σ(Re ∂∂̄φ)² + Σ(Im ∂∂̄φ)² and its values-only gradient with respect to all parameters; {@link #jetForward}
 * the jet alone; {@link #mlpForwardBackward} a plain forward + backward of the same network (loss mean φ²)
 * for comparison.
 *
 * <pre>
 * java -jar metricflow-bench/target/benchmarks.jar JetPathBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JetPathBenchmark {
    static final int BATCH = 1024;
    static final int INPUTS = 10;
    static final int DIRECTIONS = 3;

    private Mlp mlp;
    private Tensor x;
    private Tensor dxRe;
    private Tensor dxIm;
    private Tensor ddxRe;
    private Tensor ddxIm;
    private Tensor[] parameters;

    /** Random network, inputs and input derivatives (seeded). */
    @Setup
    public void setUp() {
        mlp = Mlp.builder().inputs(INPUTS).hidden(64, 64, 64).outputs(1).activation(Activation.GELU)
                .parametrization(Parametrization.NTK).seed(20231019L).build();
        Rng rng = Rng.of(7);
        x = random(rng, INPUTS);
        dxRe = random(rng, DIRECTIONS * INPUTS);
        dxIm = random(rng, DIRECTIONS * INPUTS);
        ddxRe = random(rng, DIRECTIONS * DIRECTIONS * INPUTS);
        ddxIm = random(rng, DIRECTIONS * DIRECTIONS * INPUTS);
        parameters = mlp.parameters().toArray(new Tensor[0]);
    }

    private static Tensor random(Rng rng, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(BATCH, cols);
        rng.fillUniform(m.data, -1, 1);
        return Tensor.constant(m);
    }

    /**
     * ∂∂̄φ by the jet path, a loss on it, and the values-only parameter gradient.
     */
    @Benchmark
    public DMatrixRMaj[] jetForwardBackward() {
        KahlerJet jet = mlp.kahlerJet(x, dxRe, dxIm, ddxRe, ddxIm);
        Tensor loss = jet.hessianRe().square().sum().plus(jet.hessianIm().square().sum());
        return Autodiff.grad(loss, parameters);
    }

    /**
     * The jet alone (graph recorded).
     */
    @Benchmark
    public KahlerJet jetForward() {
        return mlp.kahlerJet(x, dxRe, dxIm, ddxRe, ddxIm);
    }

    /**
     * A plain forward + backward of the same network.
     */
    @Benchmark
    public DMatrixRMaj[] mlpForwardBackward() {
        return Autodiff.grad(mlp.forward(x).square().mean(), parameters);
    }
}
