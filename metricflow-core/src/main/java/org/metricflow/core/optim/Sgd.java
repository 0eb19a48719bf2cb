package org.metricflow.core.optim;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.optim.internal.ParameterSlots;
import org.metricflow.core.optim.internal.RateControl;

/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum and L2 weight decay.
 *
 * <p>With learning rate η, momentum μ ∈ [0, 1), weight decay λ ≥ 0 and the gradient g_k of step k:
 * <pre>
 *   g'  = g_k + λ θ_k                       (L2 penalty λ|θ|²/2 folded into the gradient)
 *   μ = 0:        θ_{k+1} = θ_k − η g'
 *   heavy ball:   v_{k+1} = μ v_k + g',     θ_{k+1} = θ_k − η v_{k+1}
 *   Nesterov:     v_{k+1} = μ v_k + g',     θ_{k+1} = θ_k − η (g' + μ v_{k+1})
 * </pre>
 * with v_0 = 0 (the convention of PyTorch's {@code SGD} without dampening). On the quadratic ½aθ² the
 * heavy-ball iteration is the linear recurrence θ_{k+1} = (1 + μ − ηa) θ_k − μ θ_{k−1}.
 *
 * <p>Configuration is immutable: {@code Sgd.of(0.1).withMomentum(0.9).withNesterov(true)} builds new
 * instances, each with fresh state. The state (step count, hand-set rate, velocity buffer "v") lives in the
 * instance; see {@link Optimizer} for the contract.
 */
public final class Sgd implements Optimizer {
    /** The kind name used in {@link OptimizerState}. */
    public static final String KIND = "sgd";

    private final double initialRate;
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final RateControl rate;
    private final ParameterSlots slots;
    private int steps;

    private Sgd(double initialRate, double momentum, boolean nesterov, double weightDecay,
            LearningRateSchedule schedule) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must lie in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0; call withMomentum(mu) first");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
        }
        this.initialRate = initialRate;
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.rate = new RateControl(KIND, schedule, initialRate);
        this.slots = new ParameterSlots("Sgd", momentum > 0 ? 1 : 0);
    }

    /**
     * Plain gradient descent θ ← θ − η g with learning rate η = {@code learningRate} (finite, ≥ 0).
     */
    public static Sgd of(double learningRate) {
        return new Sgd(learningRate, 0, false, 0, null);
    }

    /**
     * A copy (fresh state) with heavy-ball momentum μ ∈ [0, 1).
     */
    public Sgd withMomentum(double mu) {
        return new Sgd(initialRate, mu, nesterov && mu > 0, weightDecay, rate.schedule());
    }

    /**
     * A copy (fresh state) with Nesterov momentum on or off; Nesterov needs momentum &gt; 0.
     */
    public Sgd withNesterov(boolean on) {
        return new Sgd(initialRate, momentum, on, weightDecay, rate.schedule());
    }

    /**
     * A copy (fresh state) with L2 weight decay λ ≥ 0 added to the gradient: g ← g + λθ.
     */
    public Sgd withWeightDecay(double lambda) {
        return new Sgd(initialRate, momentum, nesterov, lambda, rate.schedule());
    }

    /**
     * A copy (fresh state) whose step k uses the rate {@code schedule.rate(k)}.
     */
    public Sgd withSchedule(LearningRateSchedule schedule) {
        return new Sgd(initialRate, momentum, nesterov, weightDecay, Objects.requireNonNull(schedule, "schedule"));
    }

    /**
     * The momentum μ.
     */
    public double momentum() {
        return momentum;
    }

    /**
     * Whether Nesterov momentum is used.
     */
    public boolean nesterov() {
        return nesterov;
    }

    /**
     * The L2 weight decay λ.
     */
    public double weightDecay() {
        return weightDecay;
    }

    @Override
    public void step(List<DMatrixRMaj> params, List<DMatrixRMaj> grads) {
        slots.validateAndBind(params, grads);
        double eta = rate.rateAt(steps);
        for (int i = 0; i < params.size(); i++) {
            DMatrixRMaj p = params.get(i);
            double[] theta = p.data;
            double[] g = grads.get(i).data;
            int len = p.getNumElements();
            if (momentum == 0) {
                for (int k = 0; k < len; k++) {
                    theta[k] -= eta * (g[k] + weightDecay * theta[k]);
                }
            } else {
                double[] v = slots.buffer(0, i);
                for (int k = 0; k < len; k++) {
                    double gk = g[k] + weightDecay * theta[k];
                    double vk = momentum * v[k] + gk;
                    v[k] = vk;
                    theta[k] -= eta * (nesterov ? gk + momentum * vk : vk);
                }
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
        Map<String, double[][]> buffers = momentum > 0 && slots.initialized()
                ? Map.of("v", slots.copyOfBuffer(0)) : Map.of();
        return OptimizerState.of(KIND, steps, learningRate(), slots.shapes(), buffers);
    }

    @Override
    public void restore(OptimizerState state) {
        Objects.requireNonNull(state, "state");
        if (!KIND.equals(state.optimizer())) {
            throw new IllegalArgumentException("cannot restore a '" + state.optimizer() + "' state into Sgd");
        }
        boolean hasV = state.bufferNames().contains("v");
        if (momentum > 0 && state.parameterCount() > 0 && !hasV) {
            throw new IllegalArgumentException("this Sgd uses momentum but the state has no velocity buffer 'v'");
        }
        if (momentum == 0 && hasV) {
            throw new IllegalArgumentException("the state has a velocity buffer but this Sgd has no momentum;"
                    + " configure withMomentum(...) as when the state was saved");
        }
        if (momentum > 0) {
            slots.restore(state.shapes(), state.parameterCount() > 0 ? state.buffer("v") : new double[0][]);
        } else {
            slots.restore(state.shapes());
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
        return "Sgd[lr=" + learningRate() + ", momentum=" + momentum + ", nesterov=" + nesterov + ", weightDecay="
                + weightDecay + (rate.scheduled() ? ", scheduled" : "") + "]";
    }
}
