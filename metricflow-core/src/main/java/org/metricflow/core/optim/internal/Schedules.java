package org.metricflow.core.optim.internal;

import org.metricflow.core.optim.LearningRateSchedule;

/** Implementations of the {@link LearningRateSchedule} factories (formulas documented there). */
public final class Schedules {
    private Schedules() {
    }

    /**
     * Checks a learning rate is finite and ≥ 0.
     *
     * @return the rate, unchanged
     */
    public static double checkRate(String name, double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(name + " must be a finite learning rate >= 0, got " + rate);
        }
        return rate;
    }

    /**
     * Checks a decay factor lies in (0, 1].
     *
     * @return the factor, unchanged
     */
    public static double checkFactor(double decay) {
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("decay factor must lie in (0, 1], got " + decay);
        }
        return decay;
    }

    /**
     * Checks a step count is ≥ 1.
     *
     * @return the step count, unchanged
     */
    public static int checkPositive(String name, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + steps);
        }
        return steps;
    }

    private static int checkStep(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("schedule step must be >= 0, got " + k);
        }
        return k;
    }

    /** η_k = η_0. */
    public record Constant(double rate) implements LearningRateSchedule {
        @Override
        public double rate(int k) {
            checkStep(k);
            return rate;
        }
    }

    /** η_k = η_0 γ^{k/K}. */
    public record Exponential(double initialRate, double decay, int decaySteps) implements LearningRateSchedule {
        @Override
        public double rate(int k) {
            return initialRate * Math.pow(decay, (double) checkStep(k) / decaySteps);
        }
    }

    /** η_k = η_0 γ^{⌊k/K⌋}. */
    public record StepDecay(double initialRate, double decay, int everySteps) implements LearningRateSchedule {
        @Override
        public double rate(int k) {
            return initialRate * Math.pow(decay, checkStep(k) / everySteps);
        }
    }

    /** η_k = η_min + (η_0 − η_min)(1 + cos(π min(k,T)/T))/2. */
    public record Cosine(double initialRate, double minimumRate, int periodSteps) implements LearningRateSchedule {
        @Override
        public double rate(int k) {
            double phase = Math.PI * Math.min(checkStep(k), periodSteps) / periodSteps;
            return minimumRate + (initialRate - minimumRate) * 0.5 * (1 + Math.cos(phase));
        }
    }

    /** Linear warm-up to base(0) over W steps, then base(k − W). */
    public record Warmup(LearningRateSchedule base, int warmupSteps) implements LearningRateSchedule {
        @Override
        public double rate(int k) {
            checkStep(k);
            return k < warmupSteps ? base.rate(0) * (k + 1) / warmupSteps : base.rate(k - warmupSteps);
        }
    }
}
