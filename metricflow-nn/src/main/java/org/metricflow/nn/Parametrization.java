package org.metricflow.nn;

/**
 * How a dense layer's weights are scaled (Jacot, Gabriel and Hongler 2018; Lee et al. 2019).
 *
 * <ul>
 * <li>{@link #STANDARD}: W ~ N(0, σ_w²/n_in), b ~ N(0, σ_b²), z = W x + b.</li>
 * <li>{@link #NTK}: W ~ N(0, 1), b ~ N(0, 1), z = (σ_w/√n_in) W x + σ_b b.</li>
 * </ul>
 * Both give the same distribution of functions at initialization; they differ in the gradients, hence in
 * the tangent kernel and in training dynamics: in the NTK parametrization the kernel has a finite
 * infinite-width limit and stays constant during training, in the standard one the weight gradients carry
 * an extra factor n_in/σ_w² per layer. Learning rates are never rescaled with the width.
 */
public enum Parametrization {
    /** W ~ N(0, σ_w²/n_in), b ~ N(0, σ_b²), z = W x + b. */
    STANDARD,
    /** W ~ N(0, 1), b ~ N(0, 1), z = (σ_w/√n_in) W x + σ_b b. */
    NTK;

    /**
     * The factor multiplying W x in the forward pass: 1 (standard) or σ_w/√n_in (NTK).
     */
    public double weightMultiplier(double sigmaW, int inputs) {
        return this == NTK ? sigmaW / Math.sqrt(inputs) : 1.0;
    }

    /**
     * The factor multiplying b in the forward pass: 1 (standard) or σ_b (NTK).
     */
    public double biasMultiplier(double sigmaB) {
        return this == NTK ? sigmaB : 1.0;
    }

    /**
     * The standard deviation of the stored weights at initialization: σ_w/√n_in (standard) or 1 (NTK).
     */
    public double weightInitStd(double sigmaW, int inputs) {
        return this == NTK ? 1.0 : sigmaW / Math.sqrt(inputs);
    }

    /**
     * The standard deviation of the stored biases at initialization: σ_b (standard) or 1 (NTK).
     */
    public double biasInitStd(double sigmaB) {
        return this == NTK ? 1.0 : sigmaB;
    }
}
