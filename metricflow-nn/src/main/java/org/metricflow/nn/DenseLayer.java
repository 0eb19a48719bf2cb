package org.metricflow.nn;

import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.resources.MemoryBudget;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;

/**
 * An affine layer a = c_w · h Wᵀ + c_b · b on a batch h (N×n_in), with W (n_out×n_in) and b (1×n_out)
 * variable Tensors. The multipliers come from the {@link Parametrization}: c_w = 1, c_b = 1 (standard) or
 * c_w = σ_w/√n_in, c_b = σ_b (NTK). The activation is applied by the network, not by the layer.
 */
public final class DenseLayer {
    private final int inputs;
    private final int outputs;
    private final Tensor weight;
    private final Tensor bias;
    private final double weightMultiplier;
    private final double biasMultiplier;

    private DenseLayer(int inputs, int outputs, Tensor weight, Tensor bias, double weightMultiplier,
            double biasMultiplier) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.weight = weight;
        this.bias = bias;
        this.weightMultiplier = weightMultiplier;
        this.biasMultiplier = biasMultiplier;
    }

    /**
     * A freshly initialized layer: stored weights ~ N(0, {@link Parametrization#weightInitStd}²) drawn
     * row-major first, then biases ~ N(0, {@link Parametrization#biasInitStd}²), all from {@code rng}.
     */
    public static DenseLayer of(int inputs, int outputs, Parametrization parametrization, double sigmaW,
            double sigmaB, Rng rng) {
        if (inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("DenseLayer: sizes must be positive, got " + inputs + " inputs and "
                    + outputs + " outputs");
        }
        MemoryBudget.requireDoubles("DenseLayer: the " + outputs + "×" + inputs + " weight matrix",
                "use smaller widths", outputs, inputs);
        DMatrixRMaj w = new DMatrixRMaj(outputs, inputs);
        rng.fillGaussian(w.data, parametrization.weightInitStd(sigmaW, inputs));
        DMatrixRMaj b = new DMatrixRMaj(1, outputs);
        rng.fillGaussian(b.data, parametrization.biasInitStd(sigmaB));
        return new DenseLayer(inputs, outputs, Tensor.variable(w), Tensor.variable(b),
                parametrization.weightMultiplier(sigmaW, inputs), parametrization.biasMultiplier(sigmaB));
    }

    /**
     * A layer with the same sizes and multipliers and a copy of the current weights and biases.
     */
    public DenseLayer copy() {
        return new DenseLayer(inputs, outputs, Tensor.variable(weight.value().copy()),
                Tensor.variable(bias.value().copy()), weightMultiplier, biasMultiplier);
    }

    /**
     * a = c_w · h Wᵀ + c_b · b for a batch h (N×n_in), differentiable in h, W and b.
     */
    public Tensor apply(Tensor h) {
        if (h.cols() != inputs) {
            throw new IllegalArgumentException("DenseLayer: input has " + h.cols() + " columns but the layer takes "
                    + inputs + " inputs");
        }
        return linear(h).plus(scaledBias());
    }

    /**
     * The linear part c_w · h Wᵀ (no bias): how tangent vectors propagate.
     */
    public Tensor linear(Tensor h) {
        Tensor z = h.matmulTransB(weight);
        return weightMultiplier == 1.0 ? z : z.times(weightMultiplier);
    }

    /**
     * The pull-back of a gradient g = ∂φ/∂a (N×n_out) to ∂φ/∂h = c_w · g W (N×n_in).
     */
    public Tensor pullBack(Tensor g) {
        Tensor z = g.matmul(weight);
        return weightMultiplier == 1.0 ? z : z.times(weightMultiplier);
    }

    Tensor scaledBias() {
        return biasMultiplier == 1.0 ? bias : bias.times(biasMultiplier);
    }

    /**
     * n_in.
     *
     * @return n_in
     */
    public int inputs() {
        return inputs;
    }

    /**
     * n_out.
     */
    public int outputs() {
        return outputs;
    }

    /**
     * The stored weight matrix W (n_out×n_in), a live variable.
     */
    public Tensor weight() {
        return weight;
    }

    /**
     * The stored bias row b (1×n_out), a live variable.
     */
    public Tensor bias() {
        return bias;
    }

    /**
     * c_w: 1 (standard) or σ_w/√n_in (NTK).
     */
    public double weightMultiplier() {
        return weightMultiplier;
    }

    /**
     * c_b: 1 (standard) or σ_b (NTK).
     */
    public double biasMultiplier() {
        return biasMultiplier;
    }
}
