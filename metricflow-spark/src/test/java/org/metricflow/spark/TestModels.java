package org.metricflow.spark;

import org.metricflow.nn.features.FeatureMap;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.phi.PhiModel;

/** Small φ-models with a non-zero correction, so that a learned metric differs from Fubini–Study. */
final class TestModels {
    private TestModels() {
    }

    static PhiModel phi(ProjectiveVariety x, long seed, int width) {
        FeatureMap f = FeatureMap.values()[0];
        Mlp net = Mlp.builder().inputs(f.featureCount(x.ambientDimension() + 1)).hidden(width, width).outputs(1)
                .activation(Activation.GELU).sigmaW(0.4).seed(seed).build();
        return PhiModel.of(x, net, f, false);
    }
}
