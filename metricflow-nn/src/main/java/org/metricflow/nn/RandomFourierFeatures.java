package org.metricflow.nn;

import java.util.Collections;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;

/**
 * A random Fourier feature network (Rahimi and Recht 2007) in NTK parametrization:
 * <pre>
 *   f(x) = φ(x) c,   φ_k(x) = √(2/K) cos(ω_k·x + β_k),
 *   ω_k = s ν_k,  ν_k ~ N(0, I_d),  β_k ~ U[0, 2π),  c_k ~ N(0, 1) (∈ R^m),
 * </pre>
 * so the frequencies are ω_k ~ N(0, s² I) with s the <em>bandwidth</em>. The coefficients c (K×m)
 * are trainable; with {@link #trainFrequencies} the stored ν (K×d) are too. With c alone the tangent kernel
 * is Θ(x, y) = φ(x)·φ(y) = (2/K) Σ_k cos(ω_k·x + β_k) cos(ω_k·y + β_k) → exp(−s²|x − y|²/2) as K → ∞
 * (the Gaussian kernel, Θ(x,x) → 1): it becomes local, δ-like on the scale 1/s, as the bandwidth grows — the local-kernel
 * limit of the metric flow.
 *
 * <p>The {@link #periodic(int, int, int, double, long) periodic} variant rounds the frequencies to integer vectors,
 * ω_k = round(s ν_k) ∈ Z<sup>d</sup>, so that f is 2π-periodic in every input (a network on the torus
 * T<sup>d</sup>); its kernel tends to E cos(ω·(x − y)), which on a grid of N points per axis tends to
 * δ<sub>xy</sub> once s is well past the Nyquist frequency N/2.
 *
 * <p>Immutable apart from the parameter values (live variables); not thread-safe while training.
 */
public final class RandomFourierFeatures implements Model {
    private final int inputs;
    private final int features;
    private final int outputs;
    private final double bandwidth;
    private final boolean periodic;
    private final boolean trainFrequencies;
    private final Tensor frequencies;
    private final Tensor phases;
    private final Tensor coefficients;
    private final List<Tensor> parameters;

    private RandomFourierFeatures(int inputs, int features, int outputs, double bandwidth, boolean periodic,
            boolean trainFrequencies, Tensor frequencies, Tensor phases, Tensor coefficients) {
        this.inputs = inputs;
        this.features = features;
        this.outputs = outputs;
        this.bandwidth = bandwidth;
        this.periodic = periodic;
        this.trainFrequencies = trainFrequencies;
        this.frequencies = frequencies;
        this.phases = phases;
        this.coefficients = coefficients;
        this.parameters = trainFrequencies ? List.of(coefficients, frequencies) : List.of(coefficients);
    }

    /**
     * A network with K = {@code features} random features of bandwidth s, drawn from {@code Rng.of(seed)}
     * (for each feature k: ν<sub>k</sub>, then β<sub>k</sub>; then c row-major).
     *
     * @param inputs the input dimension d ≥ 1
     * @param features the number K ≥ 1 of random features
     * @param outputs the output dimension m ≥ 1
     * @param bandwidth s, finite and &gt; 0
     * @param seed the seed of the draw; equal seeds give equal networks
     * @return the network
     */
    public static RandomFourierFeatures of(int inputs, int features, int outputs, double bandwidth, long seed) {
        return draw(inputs, features, outputs, bandwidth, seed, false);
    }

    /**
     * The periodic variant: the same draws as {@link #of} with the frequencies rounded to integer vectors,
     * ω<sub>k</sub> = round(s ν<sub>k</sub>), so that the network is 2π-periodic in every input. Its frequencies
     * stay fixed ({@link #trainFrequencies} refuses to train them).
     *
     * @param inputs the input dimension d ≥ 1 (the torus T<sup>d</sup>)
     * @param features the number K ≥ 1 of random features
     * @param outputs the output dimension m ≥ 1
     * @param bandwidth s, finite and &gt; 0 (the standard deviation of the frequencies before rounding)
     * @param seed the random seed
     * @return the network
     */
    public static RandomFourierFeatures periodic(int inputs, int features, int outputs, double bandwidth, long seed) {
        return draw(inputs, features, outputs, bandwidth, seed, true);
    }

    private static RandomFourierFeatures draw(int inputs, int features, int outputs, double bandwidth, long seed,
            boolean periodic) {
        if (inputs < 1 || features < 1 || outputs < 1) {
            throw new IllegalArgumentException("RandomFourierFeatures: inputs, features and outputs must be ≥ 1, got "
                    + inputs + ", " + features + ", " + outputs);
        }
        if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
            throw new IllegalArgumentException("RandomFourierFeatures: bandwidth must be finite and > 0, got "
                    + bandwidth);
        }
        Rng rng = Rng.of(seed);
        DMatrixRMaj nu = new DMatrixRMaj(features, inputs); // periodic: the integer frequencies ω themselves
        DMatrixRMaj beta = new DMatrixRMaj(1, features);
        for (int k = 0; k < features; k++) {
            for (int a = 0; a < inputs; a++) {
                double v = rng.nextGaussian();
                nu.set(k, a, periodic ? Math.rint(bandwidth * v) : v);
            }
            beta.set(0, k, rng.uniform(0.0, 2.0 * Math.PI));
        }
        DMatrixRMaj c = new DMatrixRMaj(features, outputs);
        rng.fillGaussian(c.data, 1.0);
        return new RandomFourierFeatures(inputs, features, outputs, bandwidth, periodic, false, Tensor.variable(nu),
                Tensor.constant(beta), Tensor.variable(c));
    }

    /**
     * The same network (sharing its parameter values) with the frequencies ν also trainable or not.
     *
     * @param train whether ν is a parameter
     * @return the network
     * @throws IllegalStateException if {@code train} and the network is {@link #isPeriodic() periodic} (its
     *     frequencies must stay integer)
     */
    public RandomFourierFeatures trainFrequencies(boolean train) {
        if (train && periodic) {
            throw new IllegalStateException("RandomFourierFeatures: a periodic network keeps its integer frequencies"
                    + " fixed; use RandomFourierFeatures.of(...) to train frequencies");
        }
        return new RandomFourierFeatures(inputs, features, outputs, bandwidth, periodic, train, frequencies, phases,
                coefficients);
    }

    /**
     * The feature map φ(x) = √(2/K) cos(ω x + β) for a batch x (N×d): N×K, differentiable in x (and in ν when the
     * frequencies are trained).
     *
     * @param x the points, N×d
     * @return φ(x), N×K
     */
    public Tensor features(Tensor x) {
        if (x == null || x.cols() != inputs) {
            throw new IllegalArgumentException("RandomFourierFeatures: points must be N×" + inputs + ", got "
                    + (x == null ? "null" : x.rows() + "×" + x.cols()));
        }
        Tensor z = x.matmulTransB(frequencies);
        if (!periodic) {
            z = z.times(bandwidth);
        }
        return z.plus(phases).cos().times(Math.sqrt(2.0 / features));
    }

    /** f(x) = φ(x) c for a batch x (N×d): N×m. */
    @Override
    public Tensor apply(Tensor x) {
        return features(x).matmul(coefficients);
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
     * Whether the frequencies are integer vectors ({@link #periodic(int, int, int, double, long) periodic}).
     */
    public boolean isPeriodic() {
        return periodic;
    }

    /**
     * Whether ν is trainable.
     */
    public boolean trainsFrequencies() {
        return trainFrequencies;
    }
}
