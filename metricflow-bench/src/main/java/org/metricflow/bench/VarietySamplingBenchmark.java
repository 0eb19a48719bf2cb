package org.metricflow.bench;

import java.util.concurrent.TimeUnit;
import org.metricflow.core.stats.Estimate;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
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
 * Sampling the Fermat quintic by random lines (points with patch data, |Ω|², Jacobians, det g_FS and weights)
 * and σ of the Fubini–Study metric over the sample; also homotopy-continuation sampling of a complete intersection. Time per call for {@code points} points; points/s =
 * points / time.
 *
 * <pre>
 * mvn -B -q -pl metricflow-bench -am package -DskipTests
 * java -jar metricflow-bench/target/benchmarks.jar VarietySamplingBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VarietySamplingBenchmark {
    /** Number of points per call. */
    @Param({"100000"})
    public int points;

    /** Worker threads (0 = available processors). */
    @Param({"0", "1"})
    public int threads;

    private ProjectiveVariety quintic;
    private ProjectiveVariety cubicCubicP5;
    private PointSet sample;
    private long seed;

    /** Builds the variety and one sample for the σ benchmark. */
    @Setup(Level.Trial)
    public void setUp() {
        quintic = ProjectiveVariety.fermatQuintic();
        cubicCubicP5 = ProjectiveVariety.cubicCubicP5();
        sample = quintic.sample(points, 1);
    }

    /**
     * Samples {@code points} weighted points (a new seed per call).
     *
     * @return {@code points} weighted points (a new seed per call)
     */
    @Benchmark
    public PointSet sampleQuintic() {
        int t = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        return quintic.sample(points, seed++, t);
    }

    /**
     * 9 000 points (1 000 random 3-planes, 9 homotopy paths each) on the cubic-cubic complete intersection in CP^5,
     * independent of {@code points}.
     */
    @Benchmark
    public PointSet sampleCubicCubicP5() {
        int t = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        return cubicCubicP5.sample(9000, seed++, t);
    }

    /**
     * σ of the Fubini–Study metric over {@code points} points.
     */
    @Benchmark
    public Estimate sigmaFubiniStudy() {
        return KahlerIntegrals.sigmaFubiniStudy(sample);
    }
}
