package org.metricflow.nn;

import java.util.List;
import org.metricflow.core.autodiff.Tensor;

/**
 * A differentiable parametric model f(x; θ): a batch of N points (N×{@link #inputs()}) to N×{@link #outputs()}
 * values, row i depending only on row i of the input. Kernels (empirical NTK, metric-NTK), linearization and
 * optimizers work through this interface.
 *
 * <p>The parameters θ are the variable Tensors of {@link #parameters()} in a fixed order; their live
 * {@code value()} matrices may be updated in place by optimizers. The flat parameter vector concatenates
 * them in that order, each row-major.
 */
public interface Model {
    /**
     * The input dimension d (columns of the input batch).
     */
    int inputs();

    /**
     * The output dimension m (columns of the result).
     */
    int outputs();

    /**
     * f(x; θ) for a batch x (N×d) as an N×m Tensor, differentiable in x and in the parameters.
     */
    Tensor apply(Tensor x);

    /**
     * The trainable parameters as variable Tensors (live: their values are the model's state).
     */
    List<Tensor> parameters();

    /**
     * The live value matrices of {@link #parameters()} (what optimizers update in place); not copies.
     */
    default List<org.ejml.data.DMatrixRMaj> parameterValues() {
        List<org.ejml.data.DMatrixRMaj> out = new java.util.ArrayList<>();
        for (Tensor t : parameters()) {
            out.add(t.value());
        }
        return java.util.Collections.unmodifiableList(out);
    }

    /**
     * The number P of scalar parameters, Σ rows·cols over {@link #parameters()}.
     */
    default int parameterCount() {
        long p = 0;
        for (Tensor t : parameters()) {
            p += (long) t.rows() * t.cols();
        }
        if (p > Integer.MAX_VALUE) {
            throw new IllegalStateException("model has " + p + " parameters, more than a flat array can hold");
        }
        return (int) p;
    }

    /**
     * A copy of θ as one flat vector (parameters in order, each row-major).
     */
    default double[] flatParameters() {
        double[] out = new double[parameterCount()];
        int offset = 0;
        for (Tensor t : parameters()) {
            double[] d = t.value().data;
            int n = t.rows() * t.cols();
            System.arraycopy(d, 0, out, offset, n);
            offset += n;
        }
        return out;
    }

    /**
     * Overwrites θ in place from a flat vector of length {@link #parameterCount()}.
     */
    default void setFlatParameters(double[] theta) {
        int p = parameterCount();
        if (theta == null || theta.length != p) {
            throw new IllegalArgumentException("setFlatParameters: need a vector of " + p + " parameters, got "
                    + (theta == null ? "null" : theta.length + " entries"));
        }
        int offset = 0;
        for (Tensor t : parameters()) {
            int n = t.rows() * t.cols();
            System.arraycopy(theta, offset, t.value().data, 0, n);
            offset += n;
        }
    }

    /**
     * The empirical NTK of this model computed without parameter Jacobians (for example an MLP's per-layer
     * factorization), if the model has such a form: the seam {@code EmpiricalNtk} asks instead of testing the model's
     * class. Same kernel as J J<sup>T</sup> to round-off (tested against the Jacobian path).
     *
     * @return the factorized NTK, or empty (the default): the NTK is formed from Jacobians
     */
    default java.util.Optional<FactorizedNtk> factorizedNtk() {
        return java.util.Optional.empty();
    }

    /** The empirical NTK Θ(x, y) = J(x) J(y)<sup>T</sup> of a model by a factorization; thread-safe. */
    interface FactorizedNtk {
        /**
         * Θ(x, x), (N·m)×(N·m), index point·m + output.
         *
         * @param x N×inputs points
         * @return the kernel matrix
         */
        org.ejml.data.DMatrixRMaj matrix(org.ejml.data.DMatrixRMaj x);

        /**
         * Θ(x, y), (N·m)×(M·m).
         *
         * @param x N×inputs points
         * @param y M×inputs points
         * @return the cross kernel
         */
        org.ejml.data.DMatrixRMaj cross(org.ejml.data.DMatrixRMaj x, org.ejml.data.DMatrixRMaj y);
    }
}
