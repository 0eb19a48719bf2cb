package org.metricflow.bench;

import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.ntk.EmpiricalNtk;
import org.metricflow.nn.ntk.MetricNtk;
import org.metricflow.nn.ntk.ProbeMetricModel;
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
 * The metric-NTK of a 3×64 gelu MLP with 10 inputs and 9 outputs (read as the 9 real components of a Hermitian 3×3 metric; 9 673
 * parameters) at N points: the generic blockwise Jacobian path ({@link MetricNtk}, block 64 points) and the
 * exact per-layer MLP factorization ({@link EmpiricalNtk}), single shot.
 *
 * <p>And the metric-NTK of the φ-model on the Fermat quintic (g = g_FS + ∂∂̄φ, φ a 3×64 gelu MLP on the 25
 * Hermitian-invariant features, 10 049 parameters; d = 3, so 9 real components per point) at {@code phiPoints}
 * points: the factorized path {@link MetricNtk#of(KahlerMetricModel, PointSet)} (jets of δ_l and h_{l−1}, channel Grams)
 * against the Jacobian path ({@link MetricNtk#jacobianPath()}, at {@code phiJacobianPoints} points).
 *
 * <pre>
 * java -jar metricflow-bench/target/benchmarks.jar MetricNtkBenchmark -f 1 -wi 1 -i 3
 * java -jar metricflow-bench/target/benchmarks.jar 'MetricNtkBenchmark.phi' -f 1 -wi 1 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class MetricNtkBenchmark {
    /** Number of points of the kernel (9 components each). */
    @Param({"250"})
    public int points;

    private Mlp mlp;
    private Tensor x;

    /** Random network and points (seeded). */
    @Setup
    public void setUp() {
        mlp = Mlp.builder().inputs(10).hidden(64, 64, 64).outputs(9).activation(Activation.GELU).seed(3).build();
        DMatrixRMaj m = new DMatrixRMaj(points, 10);
        Rng.of(11).fillUniform(m.data, -1, 1);
        x = Tensor.constant(m);
    }

    /**
     * Blockwise Jacobians J_I J_Jᵀ, block 64 points.
     */
    @Benchmark
    public DMatrixRMaj blockwiseJacobians() {
        return MetricNtk.hermitian(mlp, 3).blockSize(64).matrix(x);
    }

    /**
     * Per-layer factorization (MLP only).
     */
    @Benchmark
    public DMatrixRMaj mlpFactorization() {
        return EmpiricalNtk.of(mlp).matrix(x);
    }

    /** The φ-model on the Fermat quintic at N sampled points (seeded). */
    @State(Scope.Thread)
    public static class PhiModelState {
        /** Points of the factorized kernel. */
        @Param({"1000"})
        public int phiPoints;

        /** Points of the Jacobian-path reference. */
        @Param({"100"})
        public int phiJacobianPoints;

        MetricNtk factorized;
        Tensor factorizedPoints;
        MetricNtk jacobians;
        Tensor jacobianPoints;

        /** Network, points and kernels. */
        @Setup
        public void setUp() {
            ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
            Mlp phi = Mlp.builder().inputs(25).hidden(64, 64, 64).outputs(1).activation(Activation.GELU).seed(3)
                    .build();
            PhiModel model = PhiModel.of(quintic, phi, FeatureMap.HERMITIAN_INVARIANTS, false);
            factorized = MetricNtk.of(model, quintic.sample(phiPoints, 5));
            factorizedPoints = ProbeMetricModel.indices(phiPoints);
            jacobians = MetricNtk.of(model, quintic.sample(phiJacobianPoints, 5)).jacobianPath().blockSize(64);
            jacobianPoints = ProbeMetricModel.indices(phiJacobianPoints);
        }
    }

    /**
     * φ-model, factorized per layer (the default path of {@link MetricNtk#of(KahlerMetricModel, PointSet)}).
     */
    @Benchmark
    public DMatrixRMaj phiModelFactorized(PhiModelState s) {
        return s.factorized.matrix(s.factorizedPoints);
    }

    /**
     * φ-model, blockwise parameter Jacobians (the path before the factorization).
     */
    @Benchmark
    public DMatrixRMaj phiModelJacobians(PhiModelState s) {
        return s.jacobians.matrix(s.jacobianPoints);
    }
}
