package org.metricflow.nn;

import org.metricflow.core.autodiff.Tensor;

/**
 * A real scalar φ of d complex coordinates with its holomorphic first derivatives ∂_a φ and its complex
 * Hessian ∂_a∂̄_b φ per point of a batch of N, as real and imaginary parts: {@code value} N×1,
 * {@code firstRe}/{@code firstIm} N×d, {@code hessianRe}/{@code hessianIm} N×(d·d) with entry (a, b) in
 * column a·d + b. The Hessian is Hermitian: re symmetric, im antisymmetric. All parts are differentiable.
 */
public record KahlerJet(Tensor value, Tensor firstRe, Tensor firstIm, Tensor hessianRe, Tensor hessianIm) {
    /**
     * Validates that no part is null.
     */
    public KahlerJet {
        if (value == null || firstRe == null || firstIm == null || hessianRe == null || hessianIm == null) {
            throw new IllegalArgumentException("KahlerJet: all five parts must be given");
        }
    }

    /**
     * The number d of complex directions.
     */
    public int directions() {
        return firstRe.cols();
    }
}
