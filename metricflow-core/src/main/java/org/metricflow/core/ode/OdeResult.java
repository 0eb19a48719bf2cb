package org.metricflow.core.ode;

/**
 * The outcome of {@link OdeIntegrator#solve}: the state y(t1), the states at the requested output times
 * (interpolated with the method's own dense output, of the same order as the method), and work counters.
 * Immutable; accessors return copies.
 */
public final class OdeResult {
    private final double finalTime;
    private final double[] finalState;
    private final double[] outputTimes;
    private final double[][] outputStates;
    private final int steps;
    private final int evaluations;

    private OdeResult(double finalTime, double[] finalState, double[] outputTimes, double[][] outputStates, int steps,
            int evaluations) {
        this.finalTime = finalTime;
        this.finalState = finalState;
        this.outputTimes = outputTimes;
        this.outputStates = outputStates;
        this.steps = steps;
        this.evaluations = evaluations;
    }

    /**
     * A result value (arrays are copied).
     *
     * @param finalTime t1
     * @param finalState y(t1)
     * @param outputTimes the requested output times, in the direction of integration
     * @param outputStates y at each output time, one array per time
     * @param steps accepted steps, ≥ 0
     * @param evaluations evaluations of the right-hand side
     */
    public static OdeResult of(double finalTime, double[] finalState, double[] outputTimes, double[][] outputStates,
            int steps, int evaluations) {
        if (outputTimes.length != outputStates.length) {
            throw new IllegalArgumentException(outputTimes.length + " output times but " + outputStates.length
                    + " output states");
        }
        double[][] states = new double[outputStates.length][];
        for (int i = 0; i < states.length; i++) {
            states[i] = outputStates[i].clone();
        }
        return new OdeResult(finalTime, finalState.clone(), outputTimes.clone(), states, steps, evaluations);
    }

    /**
     * The time t1 the integration reached.
     */
    public double finalTime() {
        return finalTime;
    }

    /**
     * A copy of y(t1).
     */
    public double[] finalState() {
        return finalState.clone();
    }

    /**
     * The number of requested output times.
     */
    public int outputCount() {
        return outputTimes.length;
    }

    /**
     * A copy of the requested output times.
     */
    public double[] outputTimes() {
        return outputTimes.clone();
    }

    /**
     * A copy of y at the i-th requested output time.
     */
    public double[] outputState(int i) {
        return outputStates[i].clone();
    }

    /**
     * A copy of all output states, {@code [time index][component]}.
     */
    public double[][] outputStates() {
        double[][] copy = new double[outputStates.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = outputStates[i].clone();
        }
        return copy;
    }

    /**
     * The number of accepted steps.
     */
    public int steps() {
        return steps;
    }

    /**
     * The number of evaluations of the right-hand side.
     */
    public int evaluations() {
        return evaluations;
    }

    @Override
    public String toString() {
        return "OdeResult[t=" + finalTime + ", steps=" + steps + ", evaluations=" + evaluations + ", outputs="
                + outputTimes.length + "]";
    }
}
