package org.metricflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.HermitianNormPotential;
import org.metricflow.geometry.complex.KahlerGeometry;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.Polynomial;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.phi.PhiModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Curvature and Chern integrands of the Fubini–Study metric on the Fermat quintic: the full
 * {@link KahlerGeometry} (g, g<sup>−1</sup>, ∂g, ∂∂̄g, R, Ric, s, all Chern densities) on the analytic path,
 * the bounded-memory {@link CurvatureIntegrals#chernNumbers} (the same plus the Monte-Carlo sums), and the generic
 * nested-autodiff path (the FS potential hidden behind a lambda) on a small batch; and the jet path of a φ-model
 * potential K<sub>FS</sub> + φ (3×64 gelu on the 25 invariant features, random non-zero weights): the full geometry
 * and the Chern numbers (Euler integrand) with FS jets plus the network's values-only curvature jets.
 * Points/s = points / time.
 *
 * <pre>
 * mvn -B -q -pl metricflow-bench -am package -DskipTests
 * java -jar metricflow-bench/target/benchmarks.jar KahlerCurvatureBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KahlerCurvatureBenchmark {
    /** Points for the analytic path. */
    @Param({"20000"})
    public int points;

    /** Points for the generic autodiff path. */
    @Param({"256"})
    public int genericPoints;

    /** Points for the φ-model jet path. */
    @Param({"8000"})
    public int phiPoints;

    private PointSet sample;
    private PointSet small;
    private PointSet phiSample;
    private PointSet phiSmall;
    private KahlerPotential phi;
    private KahlerPotential phiHidden;
    private KahlerPotential hidden;
    private KahlerPotential cubicSections;

    /**
     * The φ-model potential of the curvature benchmarks: K<sub>FS</sub> + φ with φ a 3×64 gelu MLP (seed 7) on the 25
     * Hermitian invariants of the quintic, its output weights scaled by 0.05 (a modest correction, so that the
     * metric stays positive definite). Shared with {@link PhiCurvatureCpuTime} so that their figures compare.
     *
     * @return the potential
     */
    static KahlerPotential benchmarkPhiPotential() {
        Mlp net = Mlp.builder().inputs(25).hidden(64, 64, 64).outputs(1).activation(Activation.GELU).seed(7).build();
        List<Tensor> p = net.parameters();
        double[] w = p.get(p.size() - 2).value().data;
        for (int k = 0; k < w.length; k++) {
            w[k] *= 0.05;
        }
        return PhiModel.of(ProjectiveVariety.fermatQuintic(), net, FeatureMap.HERMITIAN_INVARIANTS, false).potential();
    }

    /** Samples the quintic once. */
    @Setup(Level.Trial)
    public void setUp() {
        sample = ProjectiveVariety.fermatQuintic().sample(points, 1);
        small = sample.slice(0, Math.min(genericPoints, points));
        phiSample = sample.slice(0, Math.min(phiPoints, points));
        phi = benchmarkPhiPotential();
        phiHidden = phi::value; // the same potential on the generic nested-autodiff path (the "before")
        phiSmall = sample.slice(0, 16);
        hidden = (re, im) -> KahlerPotential.fubiniStudy().value(re, im);
        // the 35 cubic monomials with a diagonal H (a Donaldson-type k = 3 potential, κ = 1/(6π))
        List<Polynomial> monomials = new ArrayList<>();
        double[] h = new double[2 * 35 * 35];
        int r = 0;
        for (int a = 0; a <= 3; a++) {
            for (int b = 0; a + b <= 3; b++) {
                for (int c = 0; a + b + c <= 3; c++) {
                    for (int e = 0; a + b + c + e <= 3; e++) {
                        int[] ex = {a, b, c, e, 3 - a - b - c - e};
                        monomials.add(Polynomial.of(5, new int[][] {ex}, new double[] {1}, new double[] {0}));
                        h[2 * (r * 35 + r)] = 1.0 + 0.1 * r;
                        r++;
                    }
                }
            }
        }
        cubicSections = HermitianNormPotential.of(monomials, h, 1.0 / (6.0 * Math.PI));
    }

    /**
     * Full curvature tensors and Chern densities, analytic FS path.
     */
    @Benchmark
    public KahlerGeometry analyticGeometry() {
        return KahlerGeometry.of(sample, KahlerPotential.fubiniStudy());
    }

    /**
     * χ, c2·J, ∫c1∧ω², volume, Ricci measure with errors (chunks of 16 384 points).
     */
    @Benchmark
    public CurvatureIntegrals.ChernNumbers chernNumbers() {
        return CurvatureIntegrals.chernNumbers(sample, KahlerPotential.fubiniStudy(), 16384);
    }

    /**
     * Full geometry of a k = 3 Hermitian-norm potential (35 sections), analytic path.
     */
    @Benchmark
    public KahlerGeometry hermitianNormCubicSections() {
        return KahlerGeometry.of(sample, cubicSections);
    }

    /**
     * The generic nested-autodiff path (what a network potential uses) on {@code genericPoints} points.
     */
    @Benchmark
    public KahlerGeometry genericGeometry() {
        return KahlerGeometry.of(small, hidden);
    }

    /**
     * Full geometry of a 3×64 gelu φ-model potential on {@code phiPoints} points, jet path.
     */
    @Benchmark
    public KahlerGeometry phiModelGeometry() {
        return KahlerGeometry.of(phiSample, phi);
    }

    /**
     * Chern numbers (χ and the other Euler-type integrands) of the φ-model potential, jet path.
     */
    @Benchmark
    public CurvatureIntegrals.ChernNumbers phiModelChernNumbers() {
        return CurvatureIntegrals.chernNumbers(phiSample, phi, 16384);
    }

    /**
     * The same φ-model potential on the generic nested-autodiff path, 16 points (what the jet path replaces).
     */
    @Benchmark
    public KahlerGeometry phiModelGenericGeometry() {
        return KahlerGeometry.of(phiSmall, phiHidden);
    }
}
