package org.metricflow.flow;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.ntk.ProbeMetricModel;

/**
 * The metric flow equation of one gradient-descent step, measured (Halverson &amp; Ruehle, arXiv:2310.19870, claim
 * (a)): a step θ' = θ − η∇<sub>θ</sub>L of a loss that sees the metric only through its values g(X) at the points
 * X moves the metric by
 * <pre>
 *   Δg = g(X; θ') − g(X; θ) = −η Θ ∂L/∂g + O(η²),
 * </pre>
 * with Θ the metric-NTK at X ({@link org.metricflow.nn.ntk.MetricNtk}, N·m × N·m, m = d² real components per
 * point) and ∂L/∂g the gradient of the loss in the metric components: the chain rule gives ∇<sub>θ</sub>L =
 * Jᵀ∂L/∂g and Taylor's theorem Δg = −ηJJᵀ∂L/∂g + ½η²·(second derivatives of g along ∇<sub>θ</sub>L). The residual
 * R(η) = ‖Δg + ηΘ∂L/∂g‖<sub>F</sub> is therefore of order 2 in η for a network, and zero (to rounding) for a model
 * linear in θ. {@link #check} measures R over a range of η and fits the order as the least-squares slope of
 * log R against log η.
 *
 * <p>Θ∂L/∂g is computed by the metric-NTK's kernel-vector product (for the φ-model the per-layer factorization,
 * never the Jacobian), Δg by evaluating the model after an actual parameter update, so the check compares two
 * independent code paths. The model's parameters are restored afterwards. Not thread-safe: the model is updated in
 * place during the check.
 */
public final class FlowEquation {

    /**
     * What {@link #check} measured.
     *
     * @param learningRates the step sizes η, ascending
     * @param residuals R(η) = ‖Δg + ηΘ∂L/∂g‖<sub>F</sub> per step size (metric-component units)
     * @param relativeResiduals R(η)/‖ηΘ∂L/∂g‖<sub>F</sub> per step size (dimensionless; O(η) for a network)
     * @param order the least-squares slope of log R against log η over the step sizes with R &gt; 0 (≈ 2 for
     *     a network; NaN when fewer than two residuals are positive)
     * @param kernelGradientNorm ‖Θ∂L/∂g‖<sub>F</sub>, the metric's speed per unit η
     * @param metricNorm ‖g(X)‖<sub>F</sub> of the metric components at the points
     * @param chainRuleError ‖Jᵀ∂L/∂g − ∇<sub>θ</sub>L‖/‖∇<sub>θ</sub>L‖ (rounding when the loss depends on the metric
     *     values only, as required)
     */
    public record Result(double[] learningRates, double[] residuals, double[] relativeResiduals, double order,
            double kernelGradientNorm, double metricNorm, double chainRuleError) {
    }

    private FlowEquation() {
    }

    /**
     * Measures the residual of one gradient-descent step at {@code decades·perDecade + 1} log-spaced step sizes from
     * η<sub>max</sub>·10<sup>−decades</sup> to η<sub>max</sub>, where η<sub>max</sub> moves the metric by
     * {@code maxRelativeMotion}·‖g(X)‖ to first order.
     *
     * @param model the metric model (its parameters are restored on return)
     * @param loss a loss that depends on the metric values only ({@link Loss#dependsOnMetricValuesOnly()})
     * @param points the points X, both the loss's batch and the kernel's probe set
     * @param maxRelativeMotion the largest first-order metric motion ‖ηΘ∂L/∂g‖/‖g‖, in (0, 1]
     * @param decades the number of decades of η, ≥ 1
     * @param perDecade the step sizes per decade, ≥ 1
     * @return the residuals and the fitted order
     * @throws IllegalArgumentException if the loss depends on more than the metric values, or a size is invalid
     */
    public static Result check(KahlerMetricModel model, Loss loss, PointSet points, double maxRelativeMotion,
            int decades, int perDecade) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(points, "points");
        requireCheckable(loss, maxRelativeMotion, decades, perDecade);
        int n = points.size();
        int d = points.dimension();
        double volFs = points.fubiniStudyVolume();
        double volOmega = KahlerIntegrals.omegaVolume(points).value();
        Tensor[] params = model.parameters().toArray(new Tensor[0]);
        double[][] theta0 = new double[params.length][];
        for (int k = 0; k < params.length; k++) {
            theta0[k] = params[k].value().data.clone();
        }
        // g(X), ∂L/∂g at g(X) and ∇θL
        double[] g0 = components(model, points);
        DMatrixRMaj comps = new DMatrixRMaj(n, d * d);
        System.arraycopy(g0, 0, comps.data, 0, g0.length);
        Tensor c = Tensor.variable(comps);
        DMatrixRMaj dLdg = Autodiff.grad(loss.evaluate(new LossContext(model, points, MetricComponents.metric(c, d),
                volFs, volOmega)), c)[0];
        DMatrixRMaj[] gradTheta = Autodiff.grad(loss.evaluate(new LossContext(model, points, model.metric(points),
                volFs, volOmega)), params);
        DMatrixRMaj[] chain = Autodiff.vjp(MetricComponents.components(model.metric(points)), dLdg, params);
        double[] thetaV = ProbeMetricModel.of(model, points).metricNtk()
                .apply(ProbeMetricModel.indices(n), dLdg).data;
        double speed = norm(thetaV);
        double gNorm = norm(g0);
        if (!(speed > 0)) {
            throw new IllegalStateException("FlowEquation.check: Θ∂L/∂g vanishes (‖Θ∂L/∂g‖ = " + speed + "): the loss"
                    + " is stationary at these parameters");
        }
        double etaMax = maxRelativeMotion * gNorm / speed;
        int count = decades * perDecade + 1;
        double[] etas = new double[count];
        double[] residual = new double[count];
        double[] relative = new double[count];
        try {
            for (int s = 0; s < count; s++) {
                double eta = etaMax * Math.pow(10, -decades + (double) s / perDecade);
                etas[s] = eta;
                for (int k = 0; k < params.length; k++) {
                    double[] v = params[k].value().data;
                    for (int i = 0; i < v.length; i++) {
                        v[i] = theta0[k][i] - eta * gradTheta[k].data[i];
                    }
                }
                double[] g1 = components(model, points);
                double r = 0;
                for (int i = 0; i < g1.length; i++) {
                    double e = g1[i] - g0[i] + eta * thetaV[i];
                    r += e * e;
                }
                residual[s] = Math.sqrt(r);
                relative[s] = residual[s] / (eta * speed);
            }
        } finally {
            for (int k = 0; k < params.length; k++) {
                System.arraycopy(theta0[k], 0, params[k].value().data, 0, theta0[k].length);
            }
        }
        return new Result(etas, residual, relative, logLogSlope(etas, residual), speed, gNorm,
                relativeError(chain, gradTheta));
    }

    private static void requireCheckable(Loss loss, double maxRelativeMotion, int decades, int perDecade) {
        if (!loss.dependsOnMetricValuesOnly()) {
            throw new IllegalArgumentException("FlowEquation.check: the loss '" + loss.name() + "' depends on more"
                    + " than the metric values at the points, so ∂L/∂g is not defined");
        }
        if (!(maxRelativeMotion > 0 && maxRelativeMotion <= 1) || decades < 1 || perDecade < 1) {
            throw new IllegalArgumentException("FlowEquation.check: need a relative motion in (0, 1], decades ≥ 1"
                    + " and perDecade ≥ 1, got " + maxRelativeMotion + ", " + decades + ", " + perDecade);
        }
    }

    /** ‖a − b‖/‖b‖ over all the matrices' entries. */
    private static double relativeError(DMatrixRMaj[] a, DMatrixRMaj[] b) {
        double err = 0;
        double norm = 0;
        for (int k = 0; k < b.length; k++) {
            for (int i = 0; i < b[k].data.length; i++) {
                double e = a[k].data[i] - b[k].data[i];
                err += e * e;
                norm += b[k].data[i] * b[k].data[i];
            }
        }
        return Math.sqrt(err / norm);
    }

    /**
     * The least-squares slope of log y against log x over the pairs with x, y &gt; 0 and finite (NaN with fewer
     * than two such pairs).
     *
     * @param x abscissae
     * @param y ordinates, same length
     * @return the fitted power-law exponent
     */
    public static double logLogSlope(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("logLogSlope: " + x.length + " x values but " + y.length + " y values");
        }
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] > 0 && y[i] > 0 && Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                double lx = Math.log(x[i]);
                double ly = Math.log(y[i]);
                sx += lx;
                sy += ly;
                sxx += lx * lx;
                sxy += lx * ly;
                k++;
            }
        }
        if (k < 2) {
            return Double.NaN;
        }
        double den = k * sxx - sx * sx;
        return den == 0 ? Double.NaN : (k * sxy - sx * sy) / den;
    }

    private static double[] components(KahlerMetricModel model, PointSet points) {
        return Autodiff.noGrad(() -> MetricComponents.components(model.metric(points)).value().data.clone());
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
