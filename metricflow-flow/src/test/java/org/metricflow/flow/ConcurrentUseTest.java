package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.phi.PhiModel;

/**
 * Immutable public objects are safe to share across threads, and flows are independent of each other: several
 * {@link MetricFlow} runs in parallel threads each end bit for bit where the same configuration ends when run
 * alone, and shared {@link ProjectiveVariety}, {@link PointSet}, {@link Mlp} and {@link PhiModel} objects give the
 * same values under concurrent read-only use as sequentially. A latch releases all threads at once to maximise
 * interleaving.
 */
class ConcurrentUseTest {
    static final int THREADS = 4;

    private static MetricFlow.Builder config(int k) {
        ProjectiveVariety x = k % 2 == 0 ? ProjectiveVariety.fermatCubic() : ProjectiveVariety.parse("dwork:0.5");
        return MetricFlow.builder().variety(x).points(k % 2 == 0 ? 200 : 120).seed(100 + k)
                .phiModel(6, 1, Activation.GELU).batchSize(40).adam(5e-3).epochs(2);
    }

    private static <T> List<T> inParallel(int count, java.util.function.IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                int id = k;
                futures.add(pool.submit((Callable<T>) () -> {
                    start.await();
                    return task.apply(id);
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void parallelFlowsEqualTheirSingleThreadedRuns() throws Exception {
        List<FlowResult> alone = new ArrayList<>();
        for (int k = 0; k < THREADS; k++) {
            alone.add(config(k).build().run());
        }
        List<FlowResult> together = inParallel(THREADS, k -> config(k).build().run());
        for (int k = 0; k < THREADS; k++) {
            assertEquals(alone.get(k).history().toCsv(), together.get(k).history().toCsv(), "flow " + k);
            assertArrayEquals(((PhiModel) alone.get(k).model()).network().flatParameters(),
                    ((PhiModel) together.get(k).model()).network().flatParameters(), 0.0, "flow " + k);
        }
    }

    @Test
    void sharedObjectsGiveTheSameValuesUnderConcurrentReads() throws Exception {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        PointSet shared = quintic.sample(300, 5);
        FeatureMap f = FeatureMap.HERMITIAN_INVARIANTS;
        Mlp mlp = Mlp.builder().inputs(f.featureCount(5)).hidden(16, 16).outputs(1).activation(Activation.GELU)
                .seed(9).build();
        PhiModel model = PhiModel.of(quintic, mlp, f, false);
        org.metricflow.core.random.Rng rng = org.metricflow.core.random.Rng.of(6);
        org.ejml.data.DMatrixRMaj inputs = new org.ejml.data.DMatrixRMaj(64, mlp.inputs());
        for (int i = 0; i < inputs.data.length; i++) {
            inputs.data[i] = rng.nextGaussian();
        }
        Tensor x = Tensor.constant(inputs);

        double[] samplingAlone = quintic.sample(200, 11).weights();
        double[] mlpAlone = mlp.forward(x).value().data.clone();
        HermitianMetric gAlone = model.metric(shared);
        double[] detAlone = gAlone.detValues();
        double sigmaAlone = KahlerIntegrals.sigma(shared, detAlone).value();

        List<Object[]> results = inParallel(THREADS, k -> {
            Object[] r = new Object[4];
            for (int rep = 0; rep < 3; rep++) {
                r[0] = quintic.sample(200, 11).weights();
                r[1] = mlp.forward(x).value().data.clone();
                double[] det = model.metric(shared).detValues();
                r[2] = det;
                r[3] = KahlerIntegrals.sigma(shared, det).value();
            }
            return r;
        });
        for (Object[] r : results) {
            assertArrayEquals(samplingAlone, (double[]) r[0], 0.0, "shared variety sampling");
            assertArrayEquals(mlpAlone, (double[]) r[1], 0.0, "shared Mlp forward");
            assertArrayEquals(detAlone, (double[]) r[2], 0.0, "shared φ-model metric on a shared PointSet");
            assertEquals(sigmaAlone, (double) r[3], 0.0, "σ on a shared PointSet");
        }
    }
}
