package org.metricflow.flow;

import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.ode.OdeIntegrationException;
import org.metricflow.core.ode.OdeIntegrator;
import org.metricflow.core.ode.OdeSystem;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.metric.LinearizedMetricModel;
import org.metricflow.nn.ntk.ProbeMetricModel;

/**
 * The continuous dynamics of {@link Dynamics}: gradient flow of θ and the function-space metric ODE, integrated
 * epoch by epoch (equal time intervals) with Dormand–Prince 5(4).
 *
 * <p>Metric components at the N training points are the m = d² independent reals of each g<sub>a b̄</sub> in the
 * metric-NTK order ({@link org.metricflow.nn.ntk.MetricNtk#hermitianLabels}), index point·m + α. ∂L/∂g is the
 * autodiff gradient of the loss with respect to these components (the loss sees a metric built linearly from
 * them).
 * <ul>
 *   <li>Gradient flow: state θ, θ̇ = −η ∇<sub>θ</sub>L(g(X; θ)).</li>
 *   <li>Frozen kernel: state α ∈ ℝ<sup>N·m</sup> with α̇ = −η ∂L/∂g(g<sub>0</sub>(X) + Θ<sub>0</sub>α); then
 *       g<sub>t</sub>(x) = g<sub>0</sub>(x) + Θ<sub>0</sub>(x, X)α(t) everywhere (the time integral of
 *       ∂<sub>t</sub>g(x) = −η Θ<sub>0</sub>(x, X)∂L/∂g), realized as the linearized model at θ<sub>0</sub> + J<sub>0</sub>(X)ᵀα
 *       since Θ<sub>0</sub>(x, X) = J<sub>0</sub>(x)J<sub>0</sub>(X)ᵀ.</li>
 *   <li>Evolving kernel: state (θ, g(X)), θ̇ = −η J(X; θ)ᵀ ∂L/∂g(g), ġ = J(X; θ) θ̇ = −η Θ<sub>θ</sub> ∂L/∂g; the
 *       metric elsewhere is the model at θ(t) (its Θ<sub>θ</sub>(x, X) prediction).</li>
 * </ul>
 */
final class ContinuousDynamics {

    /** The weighted loss of a metric at points (with the model for losses that need it). */
    @FunctionalInterface
    interface MetricLoss {
        Tensor evaluate(KahlerMetricModel model, PointSet points, HermitianMetric metric);
    }

    /** Receives the model whose metric is the flow's at the end of each epoch. */
    @FunctionalInterface
    interface EpochSink {
        /**
         * After epoch {@code epoch}.
         *
         * @param epoch the epoch (1-based)
         * @param observed the model carrying the metric at the epoch's end
         * @param state the ODE state at the epoch's end (a copy the sink may keep)
         * @return null to go on, or how the run ends; the flow then goes back to the previous epoch's state
         */
        OptimizerEpochs.Stop epoch(int epoch, KahlerMetricModel observed, double[] state);
    }

    /** Receives a stop request: writes what it must and returns the run's message. */
    @FunctionalInterface
    interface StopSink {
        /**
         * @param when where the run was, e.g. "in epoch 3 (t = 0.25 of 1)"
         * @return the run's message
         */
        String stopped(String when);
    }

    /**
     * The outcome.
     *
     * @param model the model carrying the final metric (the linearized model for a frozen kernel)
     * @param trainingMetric the metric components at the training points per recorded epoch (index 0 = the start)
     */
    record Outcome(KahlerMetricModel model, StopReason reason, String message, List<double[]> trainingMetric) {
    }

    /** Thrown out of the right-hand side when a stop was requested, to leave the integrator at once. */
    private static final class StopRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopRequested() {
            super(null, null, false, false);
        }
    }

    private ContinuousDynamics() {
    }

    /** A whole run from t = 0, never stopped: {@link #run(Dynamics, KahlerMetricModel, PointSet, int, MetricLoss,
     * EpochSink, int, double[], java.util.function.BooleanSupplier, StopSink)} from epoch 1. */
    static Outcome run(Dynamics dynamics, KahlerMetricModel model, PointSet train, int epochs, MetricLoss loss,
            EpochSink sink) {
        return run(dynamics, model, train, epochs, loss, sink, 1, null, () -> false, when -> "stopped " + when);
    }

    /**
     * Integrates epochs {@code first} … {@code epochs} (equal time intervals of [0, time]). Every epoch starts the
     * adaptive integrator afresh from the previous epoch's state, so a run resumed from a recorded state continues
     * bit-identically.
     *
     * @param first the first epoch to integrate (1 for a fresh run)
     * @param resumed the ODE state at t<sub>first−1</sub> (from a checkpoint), or null to start from the model
     * @param stop polled at every right-hand-side evaluation; when it answers true the flow goes back to the last
     *     completed epoch's state and {@code onStop} gives the message
     * @param onStop called once on a stop request
     * @return how the run ended
     */
    static Outcome run(Dynamics dynamics, KahlerMetricModel model, PointSet train, int epochs, MetricLoss loss,
            EpochSink sink, int first, double[] resumed, java.util.function.BooleanSupplier stop, StopSink onStop) {
        if (!dynamics.isContinuous()) {
            throw new IllegalArgumentException("not a continuous dynamics: " + dynamics);
        }
        OdeIntegrator ode = OdeIntegrator.dormandPrince54(dynamics.absoluteTolerance(), dynamics.relativeTolerance());
        Flow flow;
        if (dynamics.kind() == Dynamics.Kind.GRADIENT_FLOW) {
            flow = new GradientFlow(model, train, loss, dynamics.eta());
        } else if (dynamics.kernelMode() == NtkMode.FROZEN) {
            flow = new FrozenKernelOde(model, train, loss, dynamics.eta());
        } else {
            flow = new EvolvingKernelOde(model, train, loss, dynamics.eta());
        }
        flow.stop = stop;
        List<double[]> metrics = new java.util.ArrayList<>();
        double[] y = flow.initialState();
        if (resumed != null) {
            if (resumed.length != y.length) {
                throw new IllegalArgumentException("the resumed ODE state has " + resumed.length + " values, this"
                        + " flow needs " + y.length);
            }
            y = resumed.clone();
            flow.publish(y);
        }
        metrics.add(flow.trainingMetric(y));
        double dt = dynamics.time() / Math.max(1, epochs);
        for (int e = first; e <= epochs; e++) {
            double t0 = (e - 1) * dt;
            double t1 = e == epochs ? dynamics.time() : e * dt;
            double[] next;
            try {
                next = ode.integrate(flow, t0, y, t1);
            } catch (StopRequested ex) {
                flow.publish(y);
                return new Outcome(flow.observed(), StopReason.INTERRUPTED, onStop.stopped(String.format(Locale.ROOT,
                        "in epoch %d (t from %.6g to %.6g)", e, t0, t1)), metrics);
            } catch (OdeIntegrationException ex) {
                flow.publish(y);
                return new Outcome(flow.observed(), StopReason.NON_FINITE, String.format(Locale.ROOT,
                        "stopped in epoch %d (t from %.6g to %.6g): %s; kept the state at t = %.6g — lower η, the"
                        + " flow time or the tolerances", e, t0, t1, ex.getMessage(), t0), metrics);
            }
            flow.publish(next);
            OptimizerEpochs.Stop end = sink.epoch(e, flow.observed(), next.clone());
            if (end != null) {
                flow.publish(y);
                return new Outcome(flow.observed(), end.reason(), end.message(), metrics);
            }
            y = next;
            metrics.add(flow.trainingMetric(y));
        }
        return new Outcome(flow.observed(), StopReason.COMPLETED, String.format(Locale.ROOT,
                "completed %s to t = %s in %d intervals", dynamics, dynamics.time(), epochs), metrics);
    }

    // ------------------------------------------------------------------------------------------------
    // the three systems

    private abstract static class Flow implements OdeSystem {
        final KahlerMetricModel model;
        final PointSet train;
        final MetricLoss loss;
        final double eta;
        final int d;
        final int m;
        final int n;
        final Tensor[] params;
        final int parameterCount;
        java.util.function.BooleanSupplier stop = () -> false;

        Flow(KahlerMetricModel model, PointSet train, MetricLoss loss, double eta) {
            this.model = model;
            this.train = train;
            this.loss = loss;
            this.eta = eta;
            this.d = train.dimension();
            this.m = d * d;
            this.n = train.size();
            this.params = model.parameters().toArray(new Tensor[0]);
            int p = 0;
            for (Tensor t : params) {
                p += t.rows() * t.cols();
            }
            this.parameterCount = p;
        }

        abstract double[] initialState();

        /** Leaves the integration at once when a stop was requested (called by every right-hand side). */
        void pollStop() {
            if (stop.getAsBoolean()) {
                throw new StopRequested();
            }
        }

        abstract double[] trainingMetric(double[] y);

        /** Makes {@link #observed()} carry the metric of state y. */
        abstract void publish(double[] y);

        abstract KahlerMetricModel observed();

        double[] theta() {
            double[] out = new double[parameterCount];
            int off = 0;
            for (Tensor t : params) {
                double[] v = t.value().data;
                int len = t.rows() * t.cols();
                System.arraycopy(v, 0, out, off, len);
                off += len;
            }
            return out;
        }

        void setTheta(double[] y, int from) {
            int off = from;
            for (Tensor t : params) {
                int len = t.rows() * t.cols();
                System.arraycopy(y, off, t.value().data, 0, len);
                off += len;
            }
        }

        static void flatten(DMatrixRMaj[] parts, double scale, double[] out, int from) {
            int off = from;
            for (DMatrixRMaj g : parts) {
                int len = g.getNumElements();
                for (int i = 0; i < len; i++) {
                    out[off + i] = scale * g.data[i];
                }
                off += len;
            }
        }

        /** ∂L/∂g at the training points for metric components g (N·m), as N×m. */
        DMatrixRMaj metricGradient(double[] g, int from) {
            DMatrixRMaj c = new DMatrixRMaj(n, m);
            System.arraycopy(g, from, c.data, 0, n * m);
            Tensor comps = Tensor.variable(c);
            Tensor l = loss.evaluate(model, train, MetricComponents.metric(comps, d));
            return Autodiff.grad(l, comps)[0];
        }

        /** The model's metric components at the training points, N×m, differentiable in θ. */
        Tensor modelComponents() {
            return MetricComponents.components(model.metric(train));
        }
    }

    private static final class GradientFlow extends Flow {
        GradientFlow(KahlerMetricModel model, PointSet train, MetricLoss loss, double eta) {
            super(model, train, loss, eta);
        }

        @Override
        public int dimension() {
            return parameterCount;
        }

        @Override
        public void derivatives(double t, double[] y, double[] yDot) {
            pollStop();
            setTheta(y, 0);
            Tensor l = loss.evaluate(model, train, model.metric(train));
            flatten(Autodiff.grad(l, params), -eta, yDot, 0);
        }

        @Override
        double[] initialState() {
            return theta();
        }

        @Override
        double[] trainingMetric(double[] y) {
            setTheta(y, 0);
            return Autodiff.noGrad(() -> modelComponents().value().data.clone());
        }

        @Override
        void publish(double[] y) {
            setTheta(y, 0);
        }

        @Override
        KahlerMetricModel observed() {
            return model;
        }
    }

    private static final class FrozenKernelOde extends Flow {
        private final DMatrixRMaj kernel;
        private final double[] g0;
        private final double[] theta0;
        private final LinearizedMetricModel linear;
        private final Tensor[] linearParams;

        FrozenKernelOde(KahlerMetricModel model, PointSet train, MetricLoss loss, double eta) {
            super(model, train, loss, eta);
            this.kernel = ProbeMetricModel.of(model, train).metricNtk().matrix(ProbeMetricModel.indices(n));
            this.g0 = Autodiff.noGrad(() -> modelComponents().value().data.clone());
            this.linear = model.linearized();
            this.linearParams = linear.parameters().toArray(new Tensor[0]);
            this.theta0 = theta();
            // the linearized model's θ starts at θ(model) (a fresh linearization, or the given linear model's θ)
        }

        @Override
        public int dimension() {
            return n * m;
        }

        private double[] metricAt(double[] alpha) {
            int nm = n * m;
            double[] g = g0.clone();
            double[] k = kernel.data;
            for (int i = 0; i < nm; i++) {
                double s = 0;
                int row = i * nm;
                for (int j = 0; j < nm; j++) {
                    s += k[row + j] * alpha[j];
                }
                g[i] += s;
            }
            return g;
        }

        @Override
        public void derivatives(double t, double[] y, double[] yDot) {
            pollStop();
            DMatrixRMaj v = metricGradient(metricAt(y), 0);
            for (int i = 0; i < yDot.length; i++) {
                yDot[i] = -eta * v.data[i];
            }
        }

        @Override
        double[] initialState() {
            return new double[n * m];
        }

        @Override
        double[] trainingMetric(double[] y) {
            return metricAt(y);
        }

        @Override
        void publish(double[] alpha) {
            // θ_lin = θ0 + J0(X)ᵀα, J0 the Jacobian of the (unchanged) model at θ0
            setTheta(theta0, 0);
            DMatrixRMaj seed = new DMatrixRMaj(n, m);
            System.arraycopy(alpha, 0, seed.data, 0, n * m);
            DMatrixRMaj[] w = Autodiff.vjp(modelComponents(), seed, params);
            int off = 0;
            for (int k = 0; k < linearParams.length; k++) {
                double[] v = linearParams[k].value().data;
                for (int i = 0; i < v.length; i++) {
                    v[i] = theta0[off + i] + w[k].data[i];
                }
                off += v.length;
            }
        }

        @Override
        KahlerMetricModel observed() {
            return linear;
        }
    }

    private static final class EvolvingKernelOde extends Flow {
        EvolvingKernelOde(KahlerMetricModel model, PointSet train, MetricLoss loss, double eta) {
            super(model, train, loss, eta);
        }

        @Override
        public int dimension() {
            return parameterCount + n * m;
        }

        @Override
        public void derivatives(double t, double[] y, double[] yDot) {
            pollStop();
            setTheta(y, 0);
            DMatrixRMaj v = metricGradient(y, parameterCount);
            Tensor comps = modelComponents();
            DMatrixRMaj[] jt = Autodiff.vjp(comps, v, params);
            for (DMatrixRMaj g : jt) {
                for (int i = 0; i < g.data.length; i++) {
                    g.data[i] *= -eta;
                }
            }
            flatten(jt, 1.0, yDot, 0); // θ̇ = −η Jᵀ ∂L/∂g
            DMatrixRMaj gDot = Autodiff.jvp(comps, params, jt); // ġ = J θ̇
            System.arraycopy(gDot.data, 0, yDot, parameterCount, n * m);
        }

        @Override
        double[] initialState() {
            double[] y = new double[parameterCount + n * m];
            System.arraycopy(theta(), 0, y, 0, parameterCount);
            double[] g = Autodiff.noGrad(() -> modelComponents().value().data.clone());
            System.arraycopy(g, 0, y, parameterCount, n * m);
            return y;
        }

        @Override
        double[] trainingMetric(double[] y) {
            return java.util.Arrays.copyOfRange(y, parameterCount, parameterCount + n * m);
        }

        @Override
        void publish(double[] y) {
            setTheta(y, 0);
        }

        @Override
        KahlerMetricModel observed() {
            return model;
        }
    }
}
