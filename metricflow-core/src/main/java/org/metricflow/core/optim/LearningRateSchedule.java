package org.metricflow.core.optim;

import org.metricflow.core.optim.internal.Schedules;

/**
 * A learning rate as a function of the step (or epoch) index k = 0, 1, 2, …
 *
 * <p>Factories, with η_0 the initial rate:
 * <ul>
 *   <li>{@link #constant}: η_k = η_0;</li>
 *   <li>{@link #exponentialDecay}: η_k = η_0 · γ^{k/K} (smooth; γ per K steps);</li>
 *   <li>{@link #stepDecay}: η_k = η_0 · γ^{⌊k/K⌋} (piecewise constant);</li>
 *   <li>{@link #cosineAnnealing}: η_k = η_min + (η_0 − η_min)(1 + cos(π·min(k, T)/T))/2, reaching η_min at
 *       k = T and staying there;</li>
 *   <li>{@link #withLinearWarmup}: for k &lt; W, η_k = base(0)·(k + 1)/W; afterwards η_k = base(k − W), so the
 *       wrapped schedule starts after the warm-up.</li>
 * </ul>
 * Implementations must be pure functions of k returning finite, non-negative rates.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The learning rate at step (or epoch) {@code k ≥ 0}.
     */
    double rate(int k);

    /**
     * η_k = η_0 for all k.
     */
    static LearningRateSchedule constant(double rate) {
        return new Schedules.Constant(Schedules.checkRate("rate", rate));
    }

    /**
     * η_k = η_0 · γ^{k/K}: the rate is multiplied by {@code decay} = γ ∈ (0, 1] every {@code decaySteps} = K
     * steps, continuously in between.
     */
    static LearningRateSchedule exponentialDecay(double initialRate, double decay, int decaySteps) {
        return new Schedules.Exponential(Schedules.checkRate("initialRate", initialRate),
                Schedules.checkFactor(decay), Schedules.checkPositive("decaySteps", decaySteps));
    }

    /**
     * η_k = η_0 · γ^{⌊k/K⌋}: the rate drops by the factor {@code decay} = γ every {@code everySteps} = K steps.
     */
    static LearningRateSchedule stepDecay(double initialRate, double decay, int everySteps) {
        return new Schedules.StepDecay(Schedules.checkRate("initialRate", initialRate),
                Schedules.checkFactor(decay), Schedules.checkPositive("everySteps", everySteps));
    }

    /**
     * Cosine annealing η_k = η_min + (η_0 − η_min)·(1 + cos(π·min(k, T)/T))/2 from η_0 at k = 0 to
     * η_min at k = T = {@code periodSteps} (and η_min afterwards).
     */
    static LearningRateSchedule cosineAnnealing(double initialRate, double minimumRate, int periodSteps) {
        Schedules.checkRate("initialRate", initialRate);
        Schedules.checkRate("minimumRate", minimumRate);
        return new Schedules.Cosine(initialRate, minimumRate, Schedules.checkPositive("periodSteps", periodSteps));
    }

    /**
     * This schedule preceded by a linear warm-up of W = {@code warmupSteps} steps: η_k = rate(0)·(k + 1)/W for
     * k &lt; W, then η_k = rate(k − W). With W = 0 the schedule is returned unchanged.
     */
    default LearningRateSchedule withLinearWarmup(int warmupSteps) {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
        }
        return warmupSteps == 0 ? this : new Schedules.Warmup(this, warmupSteps);
    }
}
