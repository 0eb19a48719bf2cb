package org.metricflow.nn.phi.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.KahlerMetrics;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureJet;
import org.metricflow.nn.features.FeatureMap;

/**
 * The fused step's groups of chunks: with a slot budget so small that every group holds as few chunks as there are
 * threads (down to one), the step adds the same slots in the same chunk order as with all chunks in one group, so
 * loss and gradient are the same bits, for one, two and three threads and batches that end in a partial chunk.
 */
class PhiStepKernelGroupsTest {
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void smallGroupsGiveTheBitsOfOneGroup(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        FeatureMap features = FeatureMap.values()[rng.nextInt(FeatureMap.values().length)];
        int width = 5 + rng.nextInt(20);
        Mlp net = Mlp.builder().inputs(features.featureCount(quintic)).hidden(width, width + 3).outputs(1)
                .activation(Activation.GELU).seed(seed).build();
        PointSet batch = quintic.sample(PhiStepKernel.CHUNK * (3 + rng.nextInt(4)) + rng.nextInt(PhiStepKernel.CHUNK),
                seed);
        boolean mixed = features != FeatureMap.PATCH_COORDINATES;
        double[] reference = null;
        double referenceLoss = 0;
        for (long budget : new long[] {PhiStepKernel.SLOT_BUDGET, 1}) {
            for (int threads = 1; threads <= 3; threads++) {
                PhiStepKernel kernel = new PhiStepKernel(net, quintic.dimension(), mixed, budget);
                double[][] gradients = newGradients(net);
                double loss = run(kernel, batch, features, gradients, threads);
                double[] flat = flatten(gradients);
                String what = "budget " + budget + ", " + threads + " threads, " + batch.size() + " points, "
                        + features + " [seed=" + seed + "]";
                if (reference == null) {
                    reference = flat;
                    referenceLoss = loss;
                } else {
                    assertEquals(referenceLoss, loss, 0.0, what + ": loss");
                    assertArrayEquals(reference, flat, what + ": gradient");
                }
            }
        }
    }

    private static double run(PhiStepKernel kernel, PointSet batch, FeatureMap features, double[][] gradients,
            int threads) {
        int count = batch.size();
        int d = batch.variety().dimension();
        FeatureJet jet = features.jet(batch, null);
        double[] fs = new double[2 * count * d * d];
        double[] omega = new double[count];
        double[] weights = new double[count];
        KahlerMetrics.fubiniStudy(batch, fs);
        batch.omegaSquared(omega);
        batch.weights(weights);
        return kernel.run(count, jet.values(), jet.firstRe(), jet.firstIm(), jet.mixedRe(), jet.mixedIm(), fs, omega,
                weights, 1.2, 1.0, 0.7, gradients, threads);
    }

    private static double[][] newGradients(Mlp net) {
        int layers = net.layers().size();
        double[][] g = new double[2 * layers][];
        for (int l = 0; l < layers; l++) {
            g[2 * l] = new double[net.layers().get(l).weight().value().data.length];
            g[2 * l + 1] = new double[net.layers().get(l).bias().value().data.length];
        }
        return g;
    }

    private static double[] flatten(double[][] g) {
        int length = 0;
        for (double[] x : g) {
            length += x.length;
        }
        double[] flat = new double[length];
        int o = 0;
        for (double[] x : g) {
            System.arraycopy(x, 0, flat, o, x.length);
            o += x.length;
        }
        return flat;
    }
}
