package org.metricflow.bench;

import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.random.Rng;
import org.metricflow.geometry.riemann.Curvature;
import org.metricflow.geometry.riemann.StandardMetrics;
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
 * Batched curvature (Christoffel symbols, Riemann, Ricci, scalar) of a 4-D metric, the Eguchi–Hanson metric,
 * at 10 000 points: second derivatives of the metric by nested reverse-mode autodiff, then the curvature
 * kernel as batched tensor operations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CurvatureBenchmark {
    @Param({"10000"})
    int points;

    private Curvature curvature;
    private DMatrixRMaj x;

    /** Samples the points and builds the Eguchi–Hanson curvature. */
    @Setup
    public void setup() {
        curvature = Curvature.of(StandardMetrics.eguchiHanson(1.0));
        Rng rng = Rng.of(1);
        x = new DMatrixRMaj(points, 4);
        for (int p = 0; p < points; p++) {
            x.set(p, 0, rng.uniform(1.2, 3));
            x.set(p, 1, rng.uniform(0.3, 2.8));
            x.set(p, 2, rng.uniform(0, 6));
            x.set(p, 3, rng.uniform(0, 12));
        }
    }

    /**
     * Batched scalar curvature (and everything it needs) of the 4-D metric at all points.
     *
     * @return one value, so that the work is not optimized away
     */
    @Benchmark
    public double scalarCurvature4d() {
        return curvature.values(x).scalar().value().data[0];
    }
}
