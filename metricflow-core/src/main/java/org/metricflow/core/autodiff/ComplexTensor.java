package org.metricflow.core.autodiff;

/**
 * A complex-valued batched quantity held as its real and imaginary parts, two {@link Tensor}s of equal
 * shape: w = re + i·im. Everything stays differentiable because only real operations are used.
 *
 * @param re the real part
 * @param im the imaginary part, same shape as {@code re}
 */
public record ComplexTensor(Tensor re, Tensor im) {
    /**
     * Validates that both parts are present and have equal shapes.
     */
    public ComplexTensor {
        if (re == null || im == null) {
            throw new IllegalArgumentException("ComplexTensor: real and imaginary parts must not be null");
        }
        if (re.rows() != im.rows() || re.cols() != im.cols()) {
            throw new IllegalArgumentException("ComplexTensor: shapes " + Tensor.shape(re) + " and "
                    + Tensor.shape(im) + " of the real and imaginary parts differ");
        }
    }

    /**
     * w = re + i·im.
     */
    public static ComplexTensor of(Tensor re, Tensor im) {
        return new ComplexTensor(re, im);
    }

    /**
     * The complex conjugate re − i·im.
     */
    public ComplexTensor conj() {
        return new ComplexTensor(re, im.neg());
    }

    /**
     * |w|² = re² + im², element-wise (real).
     */
    public Tensor abs2() {
        return re.square().plus(im.square());
    }
}
