package org.metricflow.nn.metric;

import java.util.List;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.nn.Model;

/**
 * A free Riemannian metric on a chart, positive definite by construction: a network with d(d+1)/2 outputs r
 * (the lower triangle of a d×d matrix, row-major) gives the Cholesky factor L with L_ij = r_ij (i &gt; j),
 * L_ii = softplus(r_ii), L_ij = 0 (i &lt; j), and
 * <pre>
 *   g(x) = L(x) L(x)ᵀ + ε I,   ε ≥ 0,
 * </pre>
 * symmetric positive definite for ε &gt; 0 (and for ε = 0, since L has a positive diagonal). As a {@link Model}
 * its outputs are the independent components g_ij, i ≤ j row-major (the layout of
 * {@link org.metricflow.nn.ntk.MetricNtk#symmetric}); {@link #metric} gives the full N×d² matrices.
 */
public final class CholeskyMetric implements Model {
    private final Model network;
    private final int dimension;
    private final double epsilon;
    private final int[] factorColumns;
    private final int[] diagonalColumns;
    private final int[] upperTriangle;

    private CholeskyMetric(Model network, int dimension, double epsilon) {
        this.network = network;
        this.dimension = dimension;
        this.epsilon = epsilon;
        int k = dimension * (dimension + 1) / 2;
        // columns of [r (k) | softplus(r_ii) (d) | 0 (1)] that fill L row-major
        factorColumns = new int[dimension * dimension];
        diagonalColumns = new int[dimension];
        int zero = k + dimension;
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j < dimension; j++) {
                int entry = i * (i + 1) / 2 + j;
                if (j < i) {
                    factorColumns[i * dimension + j] = entry;
                } else if (j == i) {
                    factorColumns[i * dimension + j] = k + i;
                    diagonalColumns[i] = entry;
                } else {
                    factorColumns[i * dimension + j] = zero;
                }
            }
        }
        upperTriangle = new int[k];
        int c = 0;
        for (int i = 0; i < dimension; i++) {
            for (int j = i; j < dimension; j++) {
                upperTriangle[c++] = i * dimension + j;
            }
        }
    }

    /**
     * A metric of dimension d from a network with d(d+1)/2 outputs, regularized by ε ≥ 0.
     */
    public static CholeskyMetric of(Model network, int dimension, double epsilon) {
        if (network == null) {
            throw new IllegalArgumentException("CholeskyMetric.of: network is null");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("CholeskyMetric.of: dimension must be ≥ 1, got " + dimension);
        }
        int k = dimension * (dimension + 1) / 2;
        if (network.outputs() != k) {
            throw new IllegalArgumentException("CholeskyMetric.of: a " + dimension + "×" + dimension
                    + " Cholesky factor needs a network with d(d+1)/2 = " + k + " outputs, this one has "
                    + network.outputs());
        }
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("CholeskyMetric.of: ε must be finite and ≥ 0, got " + epsilon);
        }
        return new CholeskyMetric(network, dimension, epsilon);
    }

    /**
     * The Cholesky factors L(x), N×d² row-major.
     */
    public Tensor factor(Tensor x) {
        Tensor raw = network.apply(x);
        Tensor diag = raw.selectCols(diagonalColumns).softplus();
        return Tensor.concatCols(raw, diag, Tensor.zeros(x.rows(), 1)).selectCols(factorColumns);
    }

    /**
     * g(x) = L Lᵀ + ε I, N×d² (each row a d×d matrix row-major), differentiable in x and θ.
     */
    public Tensor metric(Tensor x) {
        Tensor l = factor(x);
        Tensor g = l.batchMatmul(l.batchTranspose());
        return epsilon == 0 ? g : g.plus(Tensor.batchEye(1, dimension).times(epsilon));
    }

    /** The components g_ij, i ≤ j row-major: N×d(d+1)/2. */
    @Override
    public Tensor apply(Tensor x) {
        return metric(x).selectCols(upperTriangle);
    }

    /**
     * The chart dimension d.
     */
    public int dimension() {
        return dimension;
    }

    @Override
    public int inputs() {
        return network.inputs();
    }

    @Override
    public int outputs() {
        return upperTriangle.length;
    }

    /** The network's parameters. */
    @Override
    public List<Tensor> parameters() {
        return network.parameters();
    }
}
