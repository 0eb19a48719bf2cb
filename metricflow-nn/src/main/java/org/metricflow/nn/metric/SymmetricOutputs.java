package org.metricflow.nn.metric;

import java.util.Objects;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.nn.Mlp;

/** Assembly of symmetric and triangular n×n matrices (N×n² tensors) from n(n+1)/2 network outputs. */
final class SymmetricOutputs {

    private SymmetricOutputs() {
    }

    /** n(n+1)/2. */
    static int triangle(int n) {
        return n * (n + 1) / 2;
    }

    /**
     * Column of entry (i, j), i ≥ j, in the row-major lower triangle (0,0), (1,0), (1,1), (2,0), …; equivalently
     * of (j, i) in the column-major upper triangle. Symmetric in its arguments.
     */
    static int packed(int i, int j) {
        int hi = Math.max(i, j);
        int lo = Math.min(i, j);
        return hi * (hi + 1) / 2 + lo;
    }

    /** The symmetric matrix S<sub>ij</sub> = S<sub>ji</sub> = raw[packed(i, j)], N×n². */
    static Tensor symmetric(Tensor raw, int n) {
        int[] idx = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                idx[i * n + j] = packed(i, j);
            }
        }
        return raw.selectCols(idx);
    }

    /**
     * The lower-triangular L with L<sub>ii</sub> = softplus(raw[packed(i, i)]) &gt; 0 and L<sub>ij</sub> =
     * raw[packed(i, j)] for i &gt; j, zero above the diagonal, N×n².
     */
    static Tensor lowerCholesky(Tensor raw, int n) {
        int[] diag = new int[n];
        for (int i = 0; i < n; i++) {
            diag[i] = packed(i, i);
        }
        int t = triangle(n);
        Tensor extended = Tensor.concatCols(raw, raw.selectCols(diag).softplus(), Tensor.zeros(raw.rows(), 1));
        int[] idx = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                idx[i * n + j] = i > j ? packed(i, j) : i == j ? t + i : t + n;
            }
        }
        return extended.selectCols(idx);
    }

    /** Validates a chart network: n inputs, the given outputs, a smooth activation (curvature needs ∂³). */
    static void validate(String what, Mlp network, int n, int outputs, String meaning) {
        Objects.requireNonNull(network, "network");
        if (n < 1) {
            throw new IllegalArgumentException(what + ": the chart dimension must be at least 1, got " + n);
        }
        if (network.inputs() != n || network.outputs() != outputs) {
            throw new IllegalArgumentException(what + ": the network must map the " + n + " coordinates to "
                    + outputs + " outputs (" + meaning + "), but it has " + network.inputs() + " inputs and "
                    + network.outputs() + " outputs");
        }
        if (!network.activation().isSmooth()) {
            throw new IllegalArgumentException(what + ": curvature needs up to third derivatives in x, so the "
                    + "activation must be smooth; " + network.activation() + " is not (use TANH, GELU, SOFTPLUS, …)");
        }
    }

    /** Sets the output layer of the network to zero ({@link Mlp#zeroOutputLayer}). */
    static void zeroOutputLayer(Mlp network) {
        network.zeroOutputLayer();
    }

    /** Checks that x is N×n. */
    static void requirePoints(Tensor x, int n, String what) {
        Objects.requireNonNull(x, "x");
        if (x.cols() != n) {
            throw new IllegalArgumentException(what + ": expected N×" + n + " coordinates, got " + x.rows() + "×"
                    + x.cols());
        }
    }

    /** (A + Aᵀ)/2 row-wise. */
    static Tensor symmetrize(Tensor a) {
        return a.plus(a.batchTranspose()).times(0.5);
    }
}
