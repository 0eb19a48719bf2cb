package org.metricflow.nn.metric;

import java.util.List;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.riemann.MetricField;
import org.metricflow.nn.Mlp;

/**
 * A free symmetric positive-definite metric network on a chart U ⊂ R<sup>n</sup> in exponential form: the MLP
 * N<sub>θ</sub> maps the coordinates to the n(n+1)/2 entries of a symmetric matrix S(x) (S<sub>ij</sub> =
 * S<sub>ji</sub> = N<sub>θ</sub>(x)<sub>k</sub>, k the packed lower-triangle index i(i+1)/2 + j for i ≥ j) and
 * <pre>
 *   g(x) = exp(S(x)) = Σ_k S^k / k!,
 * </pre>
 * positive definite for every S (eigenvalues e<sup>λ</sup> &gt; 0). Unlike the Cholesky form every SPD matrix has
 * exactly one preimage, and S = 0 gives the Euclidean metric.
 *
 * <p>Evaluation by scaling and squaring in Tensor operations (so derivatives in x and θ of any order come from
 * automatic differentiation): with s = max(0, ⌈log<sub>2</sub>(‖S‖<sub>∞</sub>/½)⌉) over the batch (a constant
 * for the derivatives), A = S/2<sup>s</sup> has ‖A‖<sub>∞</sub> ≤ ½, exp(A) is summed by Horner's rule to degree
 * {@value #TAYLOR_DEGREE} (truncation ≤ ½<sup>19</sup>/19! ≈ 2·10<sup>−23</sup> relative) and squared s times;
 * the result is symmetrized, (E + Eᵀ)/2, to remove round-off asymmetry. Cost: 17 + s batched n×n products per
 * evaluation.
 */
public final class MatrixExponentialMetric implements MetricField {
    /** The degree of the Taylor polynomial of exp(A), ‖A‖<sub>∞</sub> ≤ ½. */
    public static final int TAYLOR_DEGREE = 18;

    private final Mlp network;
    private final int n;

    private MatrixExponentialMetric(Mlp network) {
        this.network = network;
        this.n = network.inputs();
    }

    /**
     * An exponential metric network.
     *
     * @param network a smooth MLP with n inputs and n(n+1)/2 outputs
     * @param zeroInitialOutput whether to set the last layer to zero (start from the Euclidean metric)
     */
    public static MatrixExponentialMetric of(Mlp network, boolean zeroInitialOutput) {
        int n = network == null ? 0 : network.inputs();
        SymmetricOutputs.validate("matrix-exponential metric network", network, n, SymmetricOutputs.triangle(n),
                "the lower triangle of a symmetric matrix");
        if (zeroInitialOutput) {
            SymmetricOutputs.zeroOutputLayer(network);
        }
        return new MatrixExponentialMetric(network);
    }

    @Override
    public int dimension() {
        return n;
    }

    /**
     * The network N<sub>θ</sub>.
     */
    public Mlp network() {
        return network;
    }

    /**
     * The trainable parameters θ (those of the network).
     */
    public List<Tensor> parameters() {
        return network.parameters();
    }

    /**
     * The symmetric logarithms S(x) = log g(x), N×n², differentiable in x and θ.
     */
    public Tensor logarithm(Tensor x) {
        SymmetricOutputs.requirePoints(x, n, "matrix-exponential metric network");
        return SymmetricOutputs.symmetric(network.forward(x), n);
    }

    @Override
    public Tensor components(Tensor x) {
        return exp(logarithm(x), n);
    }

    /**
     * exp of the row matrices of S (N×n², any square matrices), by scaling and squaring as described in the class
     * comment; differentiable to any order.
     *
     * @throws IllegalArgumentException if S has non-finite entries
     */
    public static Tensor exp(Tensor s, int n) {
        double norm = 0;
        double[] v = s.value().data;
        int rows = s.rows();
        for (int p = 0; p < rows; p++) {
            for (int i = 0; i < n; i++) {
                double row = 0;
                for (int j = 0; j < n; j++) {
                    row += Math.abs(v[p * n * n + i * n + j]);
                }
                norm = Math.max(norm, row);
            }
        }
        if (!Double.isFinite(norm)) {
            throw new IllegalArgumentException("matrix exponential of non-finite matrices (max row sum " + norm
                    + "); check the network parameters");
        }
        int squarings = norm > 0.5 ? (int) Math.ceil(Math.log(norm / 0.5) / Math.log(2)) : 0;
        Tensor a = s.times(Math.scalb(1.0, -squarings));
        Tensor eye = AmbientForms.identityRow(n);
        Tensor e = eye.plus(a.times(1.0 / TAYLOR_DEGREE));
        for (int k = TAYLOR_DEGREE - 1; k >= 1; k--) {
            e = eye.plus(a.batchMatmul(e).times(1.0 / k)); // I + A (…)/k
        }
        for (int q = 0; q < squarings; q++) {
            e = e.batchMatmul(e);
        }
        return SymmetricOutputs.symmetrize(e);
    }
}
