package org.metricflow.nn.metric;

import java.util.List;
import java.util.Objects;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;

/**
 * Shared plumbing of the models whose network outputs an ambient (n+1)×(n+1) tensor from the point's features:
 * validation, the network and its inputs. Not Kähler by construction and not class-preserving.
 */
abstract class AmbientNetworkModel implements KahlerMetricModel {
    private final ProjectiveVariety variety;
    private final Mlp network;
    private final FeatureMap features;

    AmbientNetworkModel(ProjectiveVariety variety, Mlp network, FeatureMap features) {
        this.variety = variety;
        this.network = network;
        this.features = features;
    }

    /** Validates the network's shape: {@code features.featureCount(m)} inputs and {@code outputs} outputs. */
    static void validate(String model, ProjectiveVariety variety, Mlp network, FeatureMap features, int outputs,
            String outputsMeaning) {
        Objects.requireNonNull(variety, "variety");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(features, "features");
        if (variety.factorCount() > 1) {
            throw new IllegalArgumentException("the " + model + " model works on a variety in one CP^n; "
                    + variety.name() + " lives in a product of " + variety.factorCount() + " projective spaces: use"
                    + " the φ-model");
        }
        int expected = features.featureCount(variety.ambientDimension() + 1);
        if (network.inputs() != expected || network.outputs() != outputs) {
            throw new IllegalArgumentException("the " + model + " network must map " + expected + " " + features
                    + " features to " + outputs + " outputs (" + outputsMeaning + "), but it has " + network.inputs()
                    + " inputs and " + network.outputs() + " outputs");
        }
    }

    /** Sets the network's output layer (weights and biases) to zero, so that its output is 0 everywhere. */
    static void zeroOutputLayer(Mlp network) {
        SymmetricOutputs.zeroOutputLayer(network);
    }

    @Override
    public final ProjectiveVariety variety() {
        return variety;
    }

    /**
     * The network N<sub>θ</sub>.
     */
    public final Mlp network() {
        return network;
    }

    /**
     * The input features.
     */
    public final FeatureMap features() {
        return features;
    }

    @Override
    public final List<Tensor> parameters() {
        return network.parameters();
    }

    /** The network output at the points' features, N×outputs, differentiable in θ. */
    final Tensor networkOutput(PointSet points) {
        Objects.requireNonNull(points, "points");
        if (points.variety() != variety && !points.variety().equals(variety)) {
            throw new IllegalArgumentException("points of " + points.variety().name() + " given to a metric on "
                    + variety.name());
        }
        return network.forward(AmbientForms.features(points, features));
    }

    @Override
    public boolean isKahlerByConstruction() {
        return false;
    }

    @Override
    public boolean preservesKahlerClass() {
        return false;
    }
}
