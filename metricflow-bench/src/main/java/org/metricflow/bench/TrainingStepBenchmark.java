package org.metricflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.optim.Adam;
import org.metricflow.flow.Loss;
import org.metricflow.flow.LossContext;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.phi.FusedMongeAmpere;
import org.metricflow.nn.phi.PhiModel;
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
 * One full training step of the φ-model on the Fermat quintic (docs/ARCHITECTURE.md §8): feature jets of a batch,
 * g = g_FS + ∂∂̄φ by the jet path of a gelu MLP, the Monge–Ampère loss, its parameter gradient by one backward pass
 * and an Adam update. Points/s = batch / time per op. {@code adamStep} goes through the autodiff graph,
 * {@code fusedAdamStep} through the fused kernel {@link FusedMongeAmpere} (same loss and gradient).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainingStepBenchmark {
    @Param({"1024"})
    int batch;

    @Param({"64"})
    int width;

    /** The φ network's inputs: 25 Hermitian invariants z_i z̄_j/|z|² or the 10 real patch coordinates. */
    @Param({"HERMITIAN_INVARIANTS", "PATCH_COORDINATES"})
    String features;

    private PointSet points;
    private PhiModel model;
    private Adam adam;
    private List<DMatrixRMaj> values;
    private Tensor[] params;
    private double omegaVolume;
    private double ratioConstant;
    private FusedMongeAmpere fused;
    private List<DMatrixRMaj> fusedGradients;

    /** Samples the batch and builds the φ-model and its optimizer. */
    @Setup
    public void setup() {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        points = quintic.sample(batch, 1);
        FeatureMap map = FeatureMap.valueOf(features);
        Mlp mlp = Mlp.builder().inputs(map.featureCount(5)).hidden(width, width, width).outputs(1)
                .activation(Activation.GELU).seed(1).build();
        model = PhiModel.of(quintic, mlp, map, true);
        adam = Adam.of(1e-3);
        values = new ArrayList<>();
        for (Tensor t : model.parameters()) {
            values.add(t.value());
        }
        params = model.parameters().toArray(new Tensor[0]);
        omegaVolume = KahlerIntegrals.omegaVolume(points).value();
        ratioConstant = new LossContext(model, points, null, 5.0, omegaVolume).ratioConstant();
        fused = model.mongeAmpereStep(1.0);
        fusedGradients = fused.newGradients();
    }

    /**
     * The same step through the fused hand-written kernel ({@link FusedMongeAmpere}), then Adam.
     */
    @Benchmark
    public double fusedAdamStep() {
        double loss = fused.lossAndGradient(points, ratioConstant, fusedGradients);
        adam.step(values, fusedGradients);
        return loss;
    }

    /**
     * One Adam step: loss, its parameter gradient, the update.
     *
     * @return the loss, so that the work is not optimized away
     */
    @Benchmark
    public double adamStep() {
        Tensor loss = Loss.mongeAmpere().evaluate(new LossContext(model, points, model.metric(points), 5.0, omegaVolume));
        DMatrixRMaj[] grads = Autodiff.grad(loss, params);
        adam.step(values, java.util.Arrays.asList(grads));
        return loss.item();
    }

    /**
     * The loss alone, without recording a graph.
     *
     * @return the loss
     */
    @Benchmark
    public double forwardOnly() {
        return Autodiff.noGrad(() -> Loss.mongeAmpere()
                .evaluate(new LossContext(model, points, model.metric(points), 5.0, omegaVolume)).item());
    }
}
