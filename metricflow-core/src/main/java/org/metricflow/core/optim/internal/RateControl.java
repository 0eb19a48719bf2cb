package org.metricflow.core.optim.internal;

import org.metricflow.core.optim.LearningRateSchedule;

/**
 * The learning-rate part of an optimizer's state: either a {@link LearningRateSchedule} evaluated at the step
 * count (configuration) or a rate set by hand (state).
 */
public final class RateControl {
    private final String owner;
    private final LearningRateSchedule schedule;
    private double rate;

    /**
     * A control that follows {@code schedule} if non-null, else starts at {@code initialRate}.
     */
    public RateControl(String owner, LearningRateSchedule schedule, double initialRate) {
        this.owner = owner;
        this.schedule = schedule;
        this.rate = Schedules.checkRate("learning rate", initialRate);
    }

    /**
     * Whether a schedule owns the rate.
     */
    public boolean scheduled() {
        return schedule != null;
    }

    /**
     * The schedule, or null.
     */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /**
     * The rate for the step with index {@code steps} (validated when it comes from a schedule).
     */
    public double rateAt(int steps) {
        if (schedule == null) {
            return rate;
        }
        double r = schedule.rate(steps);
        if (!(r >= 0) || Double.isInfinite(r)) {
            throw new IllegalStateException(owner + ": the learning-rate schedule returned " + r + " at step "
                    + steps + "; a schedule must return finite rates >= 0");
        }
        return r;
    }

    /**
     * Sets the hand-driven rate.
     */
    public void set(double newRate) {
        if (schedule != null) {
            throw new IllegalStateException(owner + " follows a learning-rate schedule, which owns the rate; build"
                    + " it without withSchedule(...) to set the rate by hand");
        }
        rate = Schedules.checkRate("learning rate", newRate);
    }

    /**
     * Restores the hand-driven rate (ignored when a schedule owns it).
     */
    public void restore(double newRate) {
        if (schedule == null) {
            rate = Schedules.checkRate("learning rate", newRate);
        }
    }
}
