package org.metricflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.geometry.complex.internal.EmbeddingJets;
import org.metricflow.nn.features.FeatureCurvatureJets;
import org.metricflow.nn.features.FeatureMap;

/**
 * Points per CPU-second of {@link FeatureCurvatureJets#compute} alone (the (≤2,≤2) jets of the network's input
 * features, the first stage of the φ-model's curvature jets) on 8000 Fermat-quintic points in batches of 32 (the
 * block size of the φ-model's jet path), for both feature maps, timed with the calling thread's CPU clock after
 * the embedding 2-jets of all points have been computed once. The checksum (sum of every output entry over the
 * last batch) guards against dead-code elimination and lets two builds be compared.
 *
 * <pre>
 * java -cp metricflow-bench/target/benchmarks.jar org.metricflow.bench.FeatureJetsCpuTime
 * </pre>
 */
public final class FeatureJetsCpuTime {
    private static final int BATCH = 32;

    private FeatureJetsCpuTime() {
    }

    /**
     * Prints twelve rounds per feature map (the first ones are JIT warm-up), or as many as the first argument says,
     * and the best of the second half (the steadiest figure on a shared machine).
     *
     * @param args optionally the number of rounds
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        PointSet points = quintic.sample(8000, 1);
        int n = points.size();
        int m = points.coordinateCount();
        int d = points.dimension();
        double[] z = new double[2 * n * m];
        double[] first = new double[2 * n * d * m];
        double[] second = new double[2 * n * d * d * m];
        EmbeddingJets.variety(quintic.equations(), m, d, points.coordinates(), points.jacobians(),
                points.eliminated(), 0, n, z, first, second);
        ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        for (FeatureMap map : new FeatureMap[] {FeatureMap.HERMITIAN_INVARIANTS, FeatureMap.PATCH_COORDINATES}) {
            FeatureCurvatureJets jets = FeatureCurvatureJets.workspace(map, m, d, BATCH);
            double best = Double.MAX_VALUE;
            for (int round = 0; round < rounds; round++) {
                long c0 = clock.getCurrentThreadCpuTime();
                for (int b0 = 0; b0 < n; b0 += BATCH) {
                    int nb = Math.min(BATCH, n - b0);
                    jets.compute(nb, z, 2 * b0 * m, first, 2 * b0 * d * m, second, 2 * b0 * d * d * m);
                }
                long c1 = clock.getCurrentThreadCpuTime();
                double sum = 0;
                for (double[] a : new double[][] {jets.streams(), jets.third(), jets.fourth()}) {
                    for (double v : a) {
                        sum += v;
                    }
                }
                System.out.printf("%s round %d: %.0f points/CPU-s (%.2f µs/point), checksum %.15e%n", map, round,
                        n / ((c1 - c0) * 1e-9), (c1 - c0) * 1e-3 / n, sum);
                if (round >= rounds / 2) {
                    best = Math.min(best, (c1 - c0) * 1e-3 / n);
                }
            }
            System.out.printf("%s best of rounds %d-%d: %.0f points/CPU-s (%.2f µs/point)%n", map, rounds / 2,
                    rounds - 1, 1e6 / best, best);
        }
    }
}
