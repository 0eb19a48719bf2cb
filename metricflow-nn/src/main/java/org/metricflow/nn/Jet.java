package org.metricflow.nn;

import org.metricflow.core.autodiff.Tensor;

/**
 * A scalar network output with its first and second derivatives along r tangent directions, per point of a
 * batch of N: {@code value} N×1 = φ, {@code first} N×r with column u = ∂_u φ, {@code second} N×(r·r) with
 * column u·r + v = ∂_u∂_v φ (symmetric). All three are differentiable Tensors (in the network parameters
 * and in the inputs and tangents given).
 */
public record Jet(Tensor value, Tensor first, Tensor second) {
    /**
     * Validates that no part is null.
     */
    public Jet {
        if (value == null || first == null || second == null) {
            throw new IllegalArgumentException("Jet: value, first and second derivatives must all be given");
        }
    }

    /**
     * The number r of tangent directions.
     */
    public int directions() {
        return first.cols();
    }
}
