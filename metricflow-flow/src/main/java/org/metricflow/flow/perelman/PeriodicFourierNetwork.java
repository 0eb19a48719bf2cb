package org.metricflow.flow.perelman;

import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.ode.OdeIntegrator;
import org.metricflow.core.ode.OdeSystem;
import org.metricflow.nn.RandomFourierFeatures;
import org.metricflow.nn.metric.MatrixExponentialMetric;

/**
 * A random-Fourier-feature network on T<sup>n</sup> in NTK parametrization that outputs a metric on a
 * {@link TorusGrid}, and its continuous gradient flow on −F.
 *
 * <p><b>Features.</b> The periodic random Fourier features of the library's network
 * ({@link RandomFourierFeatures#periodic}, inputs x ∈ T<sup>n</sup>): φ<sub>w</sub>(x) = √(2/W) cos(k<sub>w</sub>·x +
 * b<sub>w</sub>), w = 1…W, with integer frequency vectors k<sub>w</sub> = round(B ν<sub>w</sub>), ν<sub>w</sub> ~ N(0,
 * I<sub>n</sub>) (so the features are 2π-periodic; B is the bandwidth) and phases b<sub>w</sub> ~ U[0, 2π).
 *
 * <p><b>Metric.</b> The trainable readout θ (W × n(n+1)/2, initialised to 0; it replaces the network's own
 * coefficients) gives per point u<sub>c</sub>(x) = s(x) Σ<sub>w</sub> θ<sub>wc</sub> φ<sub>w</sub>(x) with
 * s(x) = (m(x) ΔV)<sup>−1/2</sup>, the symmetric
 * matrix H with H<sub>ii</sub> = √2 u<sub>ii</sub>, H<sub>ij</sub> = H<sub>ji</sub> = u<sub>ij</sub>, and
 * <blockquote>   g(x) = L(x) exp(H(x)) L(x)ᵀ,   g<sub>0</sub> = L Lᵀ (Cholesky),</blockquote>
 * positive definite by construction and equal to g<sub>0</sub> at θ = 0 (exp by the library's scaling and squaring,
 * {@link MatrixExponentialMetric#exp}).
 *
 * <p><b>Kernel.</b> With J = ∂c/∂θ, the metric-NTK is Θ = JJᵀ. Since d exp<sub>H</sub>[δH] = e<sup>H/2</sup> δH e<sup>H/2</sup> +
 * O(|H|²|δH|) and the readout makes E[δH<sub>ab</sub>δH<sub>cd</sub>] ∝ δ<sub>ac</sub>δ<sub>bd</sub> + δ<sub>ad</sub>δ<sub>bc</sub>, with
 * Q = L e<sup>H/2</sup> (QQᵀ = g):
 * <blockquote>   Θ<sub>ij,kl</sub>(x,y) = (g<sub>ik</sub>g<sub>jl</sub> + g<sub>il</sub>g<sub>jk</sub>) κ(x,y) s(x)s(y) + O(|H|²),  κ(x,y) = W<sup>−1</sup> Σ<sub>w</sub> φ<sub>w</sub>(x)φ<sub>w</sub>(y).</blockquote>
 * As W → ∞, κ → E cos(k·(x − y)); as B grows past the grid's Nyquist frequency, k mod N becomes uniform
 * and on grid points this tends to δ<sub>xy</sub>: Θ tends to the local kernel (g<sub>ik</sub>g<sub>jl</sub> + g<sub>il</sub>g<sub>jk</sub>)
 * δ<sub>xy</sub>/(m ΔV), whose flow of −F is Perelman's flow ({@link TorusMetricFlow}).
 *
 * <p><b>Training.</b> Continuous gradient flow dθ/dt = −∇<sub>θ</sub>L = ∇<sub>θ</sub>F<sub>h</sub> (η = 1), integrated with
 * the core ODE facade; then dc/dt = −Θ ∂L/∂c.
 */
public final class PeriodicFourierNetwork {
    private final TorusGrid grid;
    private final int width;
    private final double bandwidth;
    private final Tensor features;
    private final Tensor rowScale;
    private final Tensor columnScale;
    private final Tensor cholesky;
    private final Tensor choleskyTransposed;

    private PeriodicFourierNetwork(TorusGrid grid, int width, double bandwidth, Tensor features, Tensor rowScale,
            Tensor columnScale, Tensor cholesky, Tensor choleskyTransposed) {
        this.grid = grid;
        this.width = width;
        this.bandwidth = bandwidth;
        this.features = features;
        this.rowScale = rowScale;
        this.columnScale = columnScale;
        this.cholesky = cholesky;
        this.choleskyTransposed = choleskyTransposed;
    }

    /**
     * The network around the initial metric g<sub>0</sub> with the fixed measure m of {@code functional}.
     *
     * @param width     W ≥ 1 features
     * @param bandwidth B &gt; 0, the standard deviation of the (rounded) frequencies
     * @param seed      seeds the frequencies and phases ({@link RandomFourierFeatures#periodic})
     */
    public static PeriodicFourierNetwork of(GridMetric initial, PerelmanFunctional functional, int width,
            double bandwidth, long seed) {
        if (width < 1) {
            throw new IllegalArgumentException("PeriodicFourierNetwork: width must be ≥ 1, got " + width);
        }
        if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
            throw new IllegalArgumentException("PeriodicFourierNetwork: bandwidth must be finite and > 0, got "
                    + bandwidth);
        }
        TorusGrid grid = functional.grid();
        int n = grid.dimension();
        int p = grid.pointCount();
        int c = GridCurvature.componentCount(n);
        RandomFourierFeatures rff = RandomFourierFeatures.periodic(n, width, c, bandwidth, seed);
        DMatrixRMaj phi = Autodiff.noGrad(() -> rff.features(Tensor.constant(grid.coordinates())).value().copy());
        double[] m = functional.measure();
        double[] rows = new double[p];
        for (int q = 0; q < p; q++) {
            rows[q] = 1.0 / Math.sqrt(m[q] * grid.cellVolume());
        }
        double[] cols = new double[c];
        for (int q = 0; q < c; q++) {
            cols[q] = GridMetric.isDiagonal(q, n) ? Math.sqrt(2.0) : 1.0;
        }
        double[] g = initial.components();
        double[] l = new double[p * n * n];
        double[] lt = new double[p * n * n];
        for (int q = 0; q < p; q++) {
            double[] a = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i * n + j] = g[q * c + GridCurvature.componentIndex(i, j, n)];
                }
            }
            double[] chol = cholesky(a, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    l[q * n * n + i * n + j] = chol[i * n + j];
                    lt[q * n * n + j * n + i] = chol[i * n + j];
                }
            }
        }
        return new PeriodicFourierNetwork(grid, width, bandwidth, Tensor.constant(phi), Tensor.constant(p, 1, rows),
                Tensor.constant(1, c, cols), Tensor.constant(p, n * n, l), Tensor.constant(p, n * n, lt));
    }

    private static double[] cholesky(double[] a, int n) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = i == j ? Math.sqrt(s) : s / l[j * n + j];
            }
        }
        return l;
    }

    /**
     * The width W.
     */
    public int width() {
        return width;
    }

    /**
     * The bandwidth B.
     */
    public double bandwidth() {
        return bandwidth;
    }

    /**
     * The number of trainable parameters W·n(n+1)/2.
     */
    public int parameterCount() {
        return width * GridCurvature.componentCount(grid.dimension());
    }

    /**
     * The metric components at the grid points, differentiable in θ (W × n(n+1)/2).
     */
    public Tensor components(Tensor theta) {
        int n = grid.dimension();
        Tensor u = features.matmul(theta).times(rowScale).times(columnScale);
        Tensor h = u.selectCols(GridCurvature.fullIndex(n));
        Tensor e = MatrixExponentialMetric.exp(h, n);
        return cholesky.batchMatmul(e).batchMatmul(choleskyTransposed).selectCols(GridCurvature.upperIndex(n));
    }

    /**
     * The metric at parameters θ (row-major W × n(n+1)/2).
     */
    public GridMetric metric(double[] theta) {
        int c = GridCurvature.componentCount(grid.dimension());
        return GridMetric.of(grid, Autodiff.noGrad(
                () -> components(Tensor.constant(width, c, theta)).value().data.clone()));
    }

    /**
     * Trains by the continuous gradient flow dθ/dt = ∇<sub>θ</sub>F<sub>h</sub> from θ = 0 for the given time and
     * returns the final parameters.
     *
     * @return the parameters θ at {@code time}
     */
    public double[] train(PerelmanFunctional functional, double time, OdeIntegrator integrator) {
        int c = GridCurvature.componentCount(grid.dimension());
        int dim = width * c;
        OdeSystem system = new OdeSystem() {
            @Override
            public int dimension() {
                return dim;
            }

            @Override
            public void derivatives(double t, double[] y, double[] yDot) {
                Tensor theta = Tensor.variable(width, c, y);
                DMatrixRMaj g = Autodiff.grad(functional.value(components(theta)), theta)[0];
                System.arraycopy(g.data, 0, yDot, 0, dim);
            }
        };
        return integrator.integrate(system, 0.0, new double[dim], time);
    }
}
