package org.metricflow.nn.metric;

import java.util.List;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.riemann.MetricField;
import org.metricflow.nn.Mlp;

/**
 * A free symmetric positive-definite metric network on a chart U ⊂ R<sup>n</sup> (Cholesky form):
 * <pre>
 *   g(x) = L(x) L(x)ᵀ + ε I,   L_ii = softplus(N_θ(x)_{ii}) &gt; 0,   L_ij = N_θ(x)_{ij} (i &gt; j),   L_ij = 0 (i &lt; j),
 * </pre>
 * where the MLP N<sub>θ</sub> maps the coordinates to the n(n+1)/2 entries of the lower triangle, row-major
 * ((0,0), (1,0), (1,1), (2,0), …). vᵀgv = |Lᵀv|² + ε|v|² &gt; 0, so g is positive definite for every θ and x.
 * Differentiable in x to any order (the activation must be smooth, as {@link org.metricflow.geometry.riemann.Curvature}
 * needs ∂³g) and in θ ({@link #parameters()}).
 */
public final class SpdNetworkMetric implements MetricField {
    /** The default ε of {@link #of(Mlp)}. */
    public static final double DEFAULT_EPSILON = 1e-6;

    private final Mlp network;
    private final int n;
    private final double epsilon;

    private SpdNetworkMetric(Mlp network, double epsilon) {
        this.network = network;
        this.n = network.inputs();
        this.epsilon = epsilon;
    }

    /**
     * With ε = {@link #DEFAULT_EPSILON}.
     *
     * @return the metric L Lᵀ + εI of the network with ε = {@link #DEFAULT_EPSILON}
     */
    public static SpdNetworkMetric of(Mlp network) {
        return of(network, DEFAULT_EPSILON);
    }

    /**
     * A Cholesky metric network.
     *
     * @param network a smooth MLP with n inputs (the chart coordinates) and n(n+1)/2 outputs
     * @param epsilon ε &gt; 0
     */
    public static SpdNetworkMetric of(Mlp network, double epsilon) {
        int n = network == null ? 0 : network.inputs();
        SymmetricOutputs.validate("SPD metric network", network, n, SymmetricOutputs.triangle(n),
                "the lower triangle of a Cholesky factor");
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("SPD metric network: ε must be positive and finite (e.g. "
                    + DEFAULT_EPSILON + "), got " + epsilon);
        }
        return new SpdNetworkMetric(network, epsilon);
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
     * ε.
     *
     * @return ε
     */
    public double epsilon() {
        return epsilon;
    }

    /**
     * The trainable parameters θ (those of the network).
     */
    public List<Tensor> parameters() {
        return network.parameters();
    }

    /**
     * The Cholesky factors L(x), N×n² row-major (lower triangular), differentiable in x and θ.
     */
    public Tensor choleskyFactor(Tensor x) {
        SymmetricOutputs.requirePoints(x, n, "SPD metric network");
        return SymmetricOutputs.lowerCholesky(network.forward(x), n);
    }

    @Override
    public Tensor components(Tensor x) {
        Tensor l = choleskyFactor(x);
        return l.batchMatmul(l.batchTranspose()).plus(AmbientForms.identityRow(n).times(epsilon));
    }
}
