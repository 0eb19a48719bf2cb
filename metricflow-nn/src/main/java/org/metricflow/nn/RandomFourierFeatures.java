package org.metricflow.nn;

import java.util.Collections;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;

/**
 * A random Fourier feature network (Rahimi and Recht 2007) in NTK parametrization:
 * <pre>
 *   f(x) = √(2/K) Σ_k c_k cos(s · ν_k·x + β_k),   ν_k ~ N(0, I_d),  β_k ~ U[0, 2π),  c_k ~ N(0, 1) (∈ R^m),
 * </pre>
 * so the frequencies are ω_k = s ν_k ~ N(0, s² I) with s the <em>bandwidth</em>. The coefficients c (K×m)
 * are trainable; with {@link #trainFrequencies} the stored ν (K×d) are too. With c alone the tangent kernel
 * is Θ(x, y) = (2/K) Σ_k cos(ω_k·x + β_k) cos(ω_k·y + β_k) → exp(−s²|x − y|²/2) as K → ∞ (the Gaussian
 * kernel, Θ(x,x) → 1): it becomes local, δ-like on the scale 1/s, as the bandwidth grows — the local-kernel
 * limit of the metric flow.
 */
public final class RandomFourierFeatures implements Model {
    private final int inputs;
    private final int features;
    private final int outputs;
    private final double bandwidth;
    private final boolean trainFrequencies;
    private final Tensor frequencies;
    private final Tensor phases;
    private final Tensor coefficients;
    private final List<Tensor> parameters;

    private RandomFourierFeatures(int inputs, int features, int outputs, double bandwidth, boolean trainFrequencies,
            Tensor frequencies, Tensor phases, Tensor coefficients) {
        this.inputs = inputs;
        this.features = features;
        this.outputs = outputs;
        this.bandwidth = bandwidth;
        this.trainFrequencies = trainFrequencies;
        this.frequencies = frequencies;
        this.phases = phases;
        this.coefficients = coefficients;
        this.parameters = trainFrequencies ? List.of(coefficients, frequencies) : List.of(coefficients);
    }

    /**
     * A network with K = {@code features} random features of bandwidth s, drawn from {@code Rng.of(seed)}
     * (ν row-major, then β, then c).
     *
     * @param features the number K of random features (≥ 1)
     * @param seed the seed of the draw; equal seeds give equal networks
     */
    public static RandomFourierFeatures of(int inputs, int features, int outputs, double bandwidth, long seed) {
        if (inputs < 1 || features < 1 || outputs < 1) {
            throw new IllegalArgumentException("RandomFourierFeatures: inputs, features and outputs must be ≥ 1, got "
                    + inputs + ", " + features + ", " + outputs);
        }
        if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
            throw new IllegalArgumentException("RandomFourierFeatures: bandwidth must be finite and > 0, got "
                    + bandwidth);
        }
        Rng rng = Rng.of(seed);
        DMatrixRMaj nu = new DMatrixRMaj(features, inputs);
        rng.fillGaussian(nu.data, 1.0);
        DMatrixRMaj beta = new DMatrixRMaj(1, features);
        rng.fillUniform(beta.data, 0.0, 2.0 * Math.PI);
        DMatrixRMaj c = new DMatrixRMaj(features, outputs);
        rng.fillGaussian(c.data, 1.0);
        return new RandomFourierFeatures(inputs, features, outputs, bandwidth, false, Tensor.variable(nu),
                Tensor.constant(beta), Tensor.variable(c));
    }

    /**
     * The same network (sharing its parameter values) with the frequencies ν also trainable or not.
     */
    public RandomFourierFeatures trainFrequencies(boolean train) {
        return new RandomFourierFeatures(inputs, features, outputs, bandwidth, train, frequencies, phases,
                coefficients);
    }

    /** f(x) = √(2/K) cos(s x νᵀ + β) c for a batch x (N×d): N×m. */
    @Override
    public Tensor apply(Tensor x) {
        if (x == null || x.cols() != inputs) {
            throw new IllegalArgumentException("RandomFourierFeatures: points must be N×" + inputs + ", got "
                    + (x == null ? "null" : x.rows() + "×" + x.cols()));
        }
        Tensor z = x.matmulTransB(frequencies).times(bandwidth).plus(phases);
        return z.cos().matmul(coefficients).times(Math.sqrt(2.0 / features));
    }

    @Override
    public int inputs() {
        return inputs;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    /** c (and ν when frequencies are trained): live variables. */
    @Override
    public List<Tensor> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    /**
     * The number K of features.
     */
    public int features() {
        return features;
    }

    /**
     * The bandwidth s (frequencies ω = s ν).
     */
    public double bandwidth() {
        return bandwidth;
    }

    /**
     * Whether ν is trainable.
     */
    public boolean trainsFrequencies() {
        return trainFrequencies;
    }
}
