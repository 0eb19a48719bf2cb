package org.metricflow.core.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.optim.internal.ParameterSlots;
import org.metricflow.core.optim.internal.RateControl;

/**
 * Adam (Kingma &amp; Ba 2015) with bias correction, optional decoupled weight decay (AdamW, Loshchilov &amp;
 * Hutter 2019) and optional AMSGrad (Reddi et al. 2018).
 *
 * <p>At step t = 1, 2, … with gradient g, learning rate η, decay rates β1, β2, ε and weight decay λ:
 * <pre>
 *   θ ← θ (1 − ηλ)                                  (decoupled weight decay, AdamW; skipped if λ = 0)
 *   m ← β1 m + (1 − β1) g,     v ← β2 v + (1 − β2) g²
 *   m̂ = m / (1 − β1^t),       v̂ = v̄ / (1 − β2^t)   with v̄ = v, or v̄ = v_max ← max(v_max, v) (AMSGrad)
 *   θ ← θ − η m̂ / (√v̂ + ε)
 * </pre>
 * with m = v = v_max = 0 initially, all operations element-wise. On the first step m̂ = g and v̂ = g², so
 * every component moves by −η g/(|g| + ε) ≈ −η·sign(g).
 *
 * <p>Defaults: β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0, AMSGrad off. Configuration is immutable
 * ({@code Adam.of(1e-3).withWeightDecay(1e-2)} returns a new instance with fresh state); the state (step
 * count, hand-set rate, buffers "m", "v" and, with AMSGrad, "vmax") lives in the instance.
 */
public final class Adam implements Optimizer {
    /** The kind name used in {@link OptimizerState}. */
    public static final String KIND = "adam";

    private final double initialRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final boolean amsgrad;
    private final RateControl rate;
    private final ParameterSlots slots;
    private int steps;

    private Adam(double initialRate, double beta1, double beta2, double epsilon, double weightDecay, boolean amsgrad,
            LearningRateSchedule schedule) {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must lie in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must lie in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
        }
        this.initialRate = initialRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
        this.rate = new RateControl(KIND, schedule, initialRate);
        this.slots = new ParameterSlots("Adam", amsgrad ? 3 : 2);
    }

    /**
     * Adam with learning rate η = {@code learningRate} (finite, ≥ 0) and the default β1, β2, ε.
     */
    public static Adam of(double learningRate) {
        return new Adam(learningRate, 0.9, 0.999, 1e-8, 0, false, null);
    }

    /**
     * A copy (fresh state) with the moment decay rates β1, β2 ∈ [0, 1).
     */
    public Adam withBetas(double newBeta1, double newBeta2) {
        return new Adam(initialRate, newBeta1, newBeta2, epsilon, weightDecay, amsgrad, rate.schedule());
    }

    /**
     * A copy (fresh state) with ε &gt; 0 in the denominator √v̂ + ε.
     */
    public Adam withEpsilon(double newEpsilon) {
        return new Adam(initialRate, beta1, beta2, newEpsilon, weightDecay, amsgrad, rate.schedule());
    }

    /**
     * A copy (fresh state) with decoupled weight decay λ ≥ 0 (AdamW): θ ← θ(1 − ηλ) before each update.
     */
    public Adam withWeightDecay(double lambda) {
        return new Adam(initialRate, beta1, beta2, epsilon, lambda, amsgrad, rate.schedule());
    }

    /**
     * A copy (fresh state) with AMSGrad (the running maximum of v in the denominator) on or off.
     */
    public Adam withAmsgrad(boolean on) {
        return new Adam(initialRate, beta1, beta2, epsilon, weightDecay, on, rate.schedule());
    }

    /**
     * A copy (fresh state) whose step k (0-based) uses the rate {@code schedule.rate(k)}.
     */
    public Adam withSchedule(LearningRateSchedule schedule) {
        return new Adam(initialRate, beta1, beta2, epsilon, weightDecay, amsgrad,
                Objects.requireNonNull(schedule, "schedule"));
    }

    /**
     * β1.
     *
     * @return β1
     */
    public double beta1() {
        return beta1;
    }

    /**
     * β2.
     *
     * @return β2
     */
    public double beta2() {
        return beta2;
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
     * The decoupled weight decay λ.
     */
    public double weightDecay() {
        return weightDecay;
    }

    /**
     * Whether AMSGrad is on.
     */
    public boolean amsgrad() {
        return amsgrad;
    }

    @Override
    public void step(List<DMatrixRMaj> params, List<DMatrixRMaj> grads) {
        slots.validateAndBind(params, grads);
        double eta = rate.rateAt(steps);
        int t = steps + 1;
        double bias1 = 1 - Math.pow(beta1, t);
        double bias2 = 1 - Math.pow(beta2, t);
        double stepScale = eta / bias1;
        double invSqrtBias2 = 1 / Math.sqrt(bias2);
        double shrink = 1 - eta * weightDecay;
        for (int i = 0; i < params.size(); i++) {
            DMatrixRMaj p = params.get(i);
            double[] theta = p.data;
            double[] g = grads.get(i).data;
            double[] m = slots.buffer(0, i);
            double[] v = slots.buffer(1, i);
            double[] vmax = amsgrad ? slots.buffer(2, i) : null;
            int len = p.getNumElements();
            for (int k = 0; k < len; k++) {
                double gk = g[k];
                double mk = beta1 * m[k] + (1 - beta1) * gk;
                double vk = beta2 * v[k] + (1 - beta2) * gk * gk;
                m[k] = mk;
                v[k] = vk;
                if (vmax != null) {
                    vk = Math.max(vmax[k], vk);
                    vmax[k] = vk;
                }
                double th = weightDecay == 0 ? theta[k] : theta[k] * shrink;
                theta[k] = th - stepScale * mk / (Math.sqrt(vk) * invSqrtBias2 + epsilon);
            }
        }
        steps++;
    }

    @Override
    public double learningRate() {
        return rate.rateAt(steps);
    }

    @Override
    public void setLearningRate(double newRate) {
        rate.set(newRate);
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public OptimizerState state() {
        Map<String, double[][]> buffers = new LinkedHashMap<>();
        if (slots.initialized()) {
            buffers.put("m", slots.copyOfBuffer(0));
            buffers.put("v", slots.copyOfBuffer(1));
            if (amsgrad) {
                buffers.put("vmax", slots.copyOfBuffer(2));
            }
        }
        return OptimizerState.of(KIND, steps, learningRate(), slots.shapes(), buffers);
    }

    @Override
    public void restore(OptimizerState state) {
        Objects.requireNonNull(state, "state");
        if (!KIND.equals(state.optimizer())) {
            throw new IllegalArgumentException("cannot restore a '" + state.optimizer() + "' state into Adam");
        }
        boolean hasMax = state.bufferNames().contains("vmax");
        if (hasMax != (amsgrad && state.parameterCount() > 0)) {
            throw new IllegalArgumentException("the state " + (hasMax ? "has" : "lacks") + " the AMSGrad buffer"
                    + " 'vmax' but this Adam has AMSGrad " + (amsgrad ? "on" : "off")
                    + "; configure withAmsgrad(...) as when the state was saved");
        }
        if (state.parameterCount() == 0) {
            slots.clear();
        } else if (amsgrad) {
            slots.restore(state.shapes(), state.buffer("m"), state.buffer("v"), state.buffer("vmax"));
        } else {
            slots.restore(state.shapes(), state.buffer("m"), state.buffer("v"));
        }
        rate.restore(state.learningRate());
        steps = state.steps();
    }

    @Override
    public void reset() {
        slots.clear();
        steps = 0;
        rate.restore(initialRate);
    }

    @Override
    public String toString() {
        return "Adam[lr=" + learningRate() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon
                + ", weightDecay=" + weightDecay + ", amsgrad=" + amsgrad + (rate.scheduled() ? ", scheduled" : "")
                + "]";
    }
}
