package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;
import org.apache.commons.math3.complex.Complex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.io.ArrayArchive;
import org.metricflow.core.io.AtomicFiles;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.Polynomial;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.geometry.riemann.Curvature;
import org.metricflow.geometry.riemann.MetricField;
import org.metricflow.geometry.riemann.StandardMetrics;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;

/**
 * Public entry points misused as a careless caller would: null for every reference parameter and NaN, ±∞ and
 * out-of-range numbers (fixed ones and seeded random negatives) for numeric ones. Each call must throw
 * {@link IllegalArgumentException} or {@link NullPointerException} whose message names the parameter — never a
 * NullPointerException from deep inside, never silent acceptance. Also: a non-symmetric {@link MetricField} and σ of
 * negative determinants are refused.
 */
class ApiMisuseTest {
    private static final AtomicInteger CASES = new AtomicInteger();
    private static final PointSet CUBIC = ProjectiveVariety.fermatCubic().sample(20, 1);

    /** One misuse: what is called, the parameter its message must name, the call. */
    record Misuse(String call, String parameter, Runnable body) {
        @Override
        public String toString() {
            return call;
        }
    }

    private static void numeric(List<Misuse> out, String call, String parameter, DoubleConsumer body,
            double... bad) {
        for (double v : bad) {
            out.add(new Misuse(call + "(" + v + ")", parameter, () -> body.accept(v)));
        }
    }

    static Stream<Arguments> misuses() {
        List<Misuse> m = new ArrayList<>();
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        double ninf = Double.NEGATIVE_INFINITY;
        m.add(new Misuse("Polynomial.parse(null)", "text", () -> Polynomial.parse(null)));
        m.add(new Misuse("Polynomial.of(exponents null)", "exponents",
                () -> Polynomial.of(2, null, new double[1], new double[1])));
        m.add(new Misuse("Polynomial.of(coefRe null)", "coefRe",
                () -> Polynomial.of(2, new int[][] {{1, 0}}, null, new double[1])));
        m.add(new Misuse("Polynomial.of(coefIm null)", "coefIm",
                () -> Polynomial.of(2, new int[][] {{1, 0}}, new double[1], null)));
        numeric(m, "Polynomial.of(coefRe)", "coefficient 0 is not finite",
                v -> Polynomial.of(2, new int[][] {{1, 0}}, new double[] {v}, new double[1]), nan, inf, ninf);
        numeric(m, "Polynomial.of(coefIm)", "coefficient 0 is not finite",
                v -> Polynomial.of(2, new int[][] {{1, 0}}, new double[] {1}, new double[] {v}), nan, inf);
        m.add(new Misuse("ProjectiveVariety.hypersurface(null)", "q",
                () -> ProjectiveVariety.hypersurface((Polynomial) null)));
        m.add(new Misuse("ProjectiveVariety.hypersurface(4, null)", "q", () -> ProjectiveVariety.hypersurface(4, null)));
        m.add(new Misuse("completeIntersection(null array)", "equations",
                () -> ProjectiveVariety.completeIntersection((Polynomial[]) null)));
        m.add(new Misuse("completeIntersection(null element)", "equations",
                () -> ProjectiveVariety.completeIntersection(Polynomial.parse("z0+z1+z2"), null)));
        m.add(new Misuse("completeIntersection(5, null)", "equations",
                () -> ProjectiveVariety.completeIntersection(5, null)));
        m.add(new Misuse("ProjectiveVariety.parse(null)", "spec", () -> ProjectiveVariety.parse(null)));
        numeric(m, "ProjectiveVariety.dwork", "psi", ProjectiveVariety::dwork, nan, inf, ninf);
        m.add(new Misuse("ProjectiveVariety.dwork(null)", "psi", () -> ProjectiveVariety.dwork((Complex) null)));
        m.add(new Misuse("ProjectiveVariety.dwork(NaN+i)", "psi",
                () -> ProjectiveVariety.dwork(new Complex(nan, 1))));
        numeric(m, "variety.sample(count)", "count", v -> ProjectiveVariety.fermatCubic().sample((int) v, 1), -1, -1000);
        m.add(new Misuse("ModelFiles.load(null)", "file", () -> load(null)));
        m.add(new Misuse("ModelFiles.save(null, f)", "model", () -> save(true)));
        m.add(new Misuse("ModelFiles.save(m, null)", "file", () -> save(false)));
        m.add(new Misuse("ArrayArchive.read(null)", "file", () -> read()));
        m.add(new Misuse("AtomicFiles.write(null, bytes)", "target", () -> atomic()));
        m.add(new Misuse("Curvature.of(null)", "metric", () -> Curvature.of(null)));
        m.add(new Misuse("Curvature.at(null)", "x", () -> Curvature.of(StandardMetrics.euclidean(2)).at(null)));
        numeric(m, "Curvature.at(x)", "x", v -> Curvature.of(StandardMetrics.sphereStereographic(2, 1)).at(v, 0.1),
                nan, inf, ninf);
        numeric(m, "StandardMetrics.sphereStereographic(radius)", "radius",
                v -> StandardMetrics.sphereStereographic(2, v), nan, inf, 0, -1);
        m.add(new Misuse("KahlerIntegrals.sigma(null, det)", "points",
                () -> KahlerIntegrals.sigma(null, new double[2])));
        m.add(new Misuse("KahlerIntegrals.sigma(pts, null)", "detG", () -> KahlerIntegrals.sigma(CUBIC, null)));
        numeric(m, "KahlerIntegrals.sigma(negative det)", "detG", v -> {
            double[] det = CUBIC.fubiniStudyDeterminants();
            det[3] = v;
            KahlerIntegrals.sigma(CUBIC, det);
        }, -1, -1e-300, ninf);
        numeric(m, "KahlerIntegrals.kappa(negative det)", "detG", v -> {
            double[] det = CUBIC.fubiniStudyDeterminants();
            det[0] = v;
            KahlerIntegrals.kappa(CUBIC, det);
        }, -1, ninf);
        m.add(new Misuse("KahlerIntegrals.integral(pts, null)", "f", () -> KahlerIntegrals.integral(CUBIC, null)));
        m.add(new Misuse("Builder.variety(null)", "variety", () -> MetricFlow.builder().variety(null)));
        m.add(new Misuse("Builder.pointSet(null)", "pointSet", () -> MetricFlow.builder().pointSet(null)));
        m.add(new Misuse("Builder.model(null)", "model", () -> MetricFlow.builder().model(null)));
        numeric(m, "Builder.points", "points", v -> MetricFlow.builder().points((int) v), 0, -1);
        numeric(m, "Builder.epochs", "epochs", v -> MetricFlow.builder().epochs((int) v), -1);
        numeric(m, "Builder.batchSize", "batch", v -> MetricFlow.builder().batchSize((int) v), 0, -1);
        numeric(m, "Builder.adam", "learning rate", v -> MetricFlow.builder().adam(v), nan, inf, 0, -1);
        numeric(m, "Builder.sgd(lr)", "learning rate", v -> MetricFlow.builder().sgd(v, 0.9), nan, inf, -1);
        numeric(m, "Builder.sgd(momentum)", "momentum", v -> MetricFlow.builder().sgd(0.1, v), nan, inf, -1, 1.5);
        numeric(m, "Builder.validationFraction", "validation", v -> MetricFlow.builder().validationFraction(v), nan,
                0, 1, -0.5);
        m.add(new Misuse("Builder.loss(null, 1)", "loss", () -> MetricFlow.builder().loss(null, 1)));
        numeric(m, "Builder.loss(weight)", "weight", v -> MetricFlow.builder().loss(Loss.volume(), v), nan, inf, -1);
        numeric(m, "Builder.phiModel(width)", "width", v -> MetricFlow.builder().phiModel((int) v, 2,
                Activation.TANH), 0, -3);
        numeric(m, "Builder.phiModel(depth)", "depth", v -> MetricFlow.builder().phiModel(8, (int) v,
                Activation.TANH), -1);
        m.add(new Misuse("Builder.phiModel(activation null)", "activation",
                () -> MetricFlow.builder().phiModel(8, 2, null)));
        m.add(new Misuse("Builder.parametrization(null)", "parametrization",
                () -> MetricFlow.builder().parametrization(null)));
        m.add(new Misuse("Builder.features(null)", "features", () -> MetricFlow.builder().features(null)));
        m.add(new Misuse("Builder.schedule(null)", "schedule", () -> MetricFlow.builder().schedule(null)));
        m.add(new Misuse("Builder.dynamics(null)", "dynamics", () -> MetricFlow.builder().dynamics(null)));
        m.add(new Misuse("Builder.listener(null)", "listener", () -> MetricFlow.builder().listener(null)));
        m.add(new Misuse("Builder.checkpoints(null, 1)", "file", () -> MetricFlow.builder().checkpoints(null, 1)));
        m.add(new Misuse("Builder.resumeFrom(null)", "checkpoint", () -> MetricFlow.builder().resumeFrom(null)));
        m.add(new Misuse("Builder.earlyStopping(null, 3)", "observable",
                () -> MetricFlow.builder().earlyStopping(null, 3)));
        numeric(m, "Builder.kernelProbe", "points", v -> MetricFlow.builder().kernelProbe((int) v), -1);
        numeric(m, "Dynamics.gradientFlow(eta)", "η", v -> Dynamics.gradientFlow(v, 1), nan, inf, 0, -1);
        numeric(m, "Dynamics.gradientFlow(time)", "time", v -> Dynamics.gradientFlow(1, v), nan, inf, 0, -1);
        m.add(new Misuse("Mlp.builder().hidden(null)", "widths", () -> Mlp.builder().hidden((int[]) null)));
        m.add(new Misuse("Mlp.builder().activation(null)", "activation", () -> Mlp.builder().activation(null)));
        m.add(new Misuse("Mlp.builder().parametrization(null)", "parametrization",
                () -> Mlp.builder().parametrization(null)));
        numeric(m, "Mlp.builder().inputs", "inputs", v -> Mlp.builder().inputs((int) v), 0, -1);
        numeric(m, "Parallel.setDefaultThreads", "threads", v -> Parallel.setDefaultThreads((int) v), 0, -1, 1e6);
        m.add(new Misuse("Tensor.constant(null)", "matrix", () -> Tensor.constant((org.ejml.data.DMatrixRMaj) null)));
        return m.stream().map(Arguments::of);
    }

    private static void load(Path p) {
        try {
            ModelFiles.load(p);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void save(boolean nullModel) {
        try {
            ModelFiles.save(nullModel ? null : org.metricflow.nn.phi.PhiModel.of(ProjectiveVariety.fermatCubic(),
                    Mlp.builder().inputs(9).hidden(4).outputs(1).activation(Activation.TANH).seed(1).build(),
                    org.metricflow.nn.features.FeatureMap.HERMITIAN_INVARIANTS, true),
                    nullModel ? Path.of("unused.mfa") : null);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void read() {
        try {
            ArrayArchive.read(null);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void atomic() {
        try {
            AtomicFiles.write(null, new byte[1]);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misuses")
    void misuseIsRefusedNamingTheParameter(Misuse m) {
        requireRefused(m);
    }

    static void requireRefused(Misuse m) {
        CASES.incrementAndGet();
        try {
            m.body().run();
        } catch (IllegalArgumentException | NullPointerException e) {
            String msg = String.valueOf(e.getMessage());
            assertTrue(msg.contains(m.parameter()), m.call() + ": the message must name '" + m.parameter() + "': "
                    + e);
            StackTraceElement top = e.getStackTrace()[0];
            assertTrue(top.getClassName().startsWith("org.metricflow") || top.getClassName().startsWith("java.util"),
                    m.call() + ": thrown from " + top);
            return;
        } catch (RuntimeException e) {
            fail(m.call() + ": " + e);
        }
        fail(m.call() + ": accepted");
    }

    /** Seeded random out-of-range numbers for the numeric entry points. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void randomNegativeNumbersAreRefused(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int i = 0; i < 8; i++) {
            double v = -Math.exp(rng.nextDouble() * 40 - 20);
            int n = -1 - rng.nextInt(Integer.MAX_VALUE - 1);
            List<Misuse> cases = List.of(
                    new Misuse("adam(" + v + ")", "learning rate", () -> MetricFlow.builder().adam(v)),
                    new Misuse("loss weight " + v, "weight", () -> MetricFlow.builder().loss(Loss.volume(), v)),
                    new Misuse("gradientFlow time " + v, "time", () -> Dynamics.gradientFlow(1, v)),
                    new Misuse("points " + n, "points", () -> MetricFlow.builder().points(n)),
                    new Misuse("sample " + n, "count", () -> ProjectiveVariety.fermatCubic().sample(n, 1)),
                    new Misuse("sigma det " + v, "detG", () -> {
                        double[] det = CUBIC.fubiniStudyDeterminants();
                        det[rng.nextInt(det.length)] = v;
                        KahlerIntegrals.sigma(CUBIC, det);
                    }));
            for (Misuse m : cases) {
                requireRefused(m);
            }
        }
    }

    @Test
    void nonSymmetricMetricFieldIsRefused() {
        MetricField skew = new MetricField() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public Tensor components(Tensor x) {
                // g = [[1, 0.3], [0, 1]] + x-dependence: not symmetric
                Tensor one = x.col(0).times(0).plus(1);
                return Tensor.concatCols(one, one.times(0.3), one.times(0), one.plus(x.col(1).times(0.1)));
            }
        };
        requireRefused(new Misuse("Curvature.at(non-symmetric)", "symmetric",
                () -> Curvature.of(skew).at(0.2, 0.1)));
    }

    @AfterAll
    static void report() {
        System.out.println("ApiMisuseTest: " + CASES.get() + " misuses, all refused naming the parameter");
    }
}
