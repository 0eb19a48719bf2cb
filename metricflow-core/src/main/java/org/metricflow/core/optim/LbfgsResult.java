package org.metricflow.core.optim;

import java.util.Objects;

/**
 * The outcome of {@link Lbfgs#minimize}: why it stopped, how much work it did, and f and |∇f|₂ at the returned
 * point (which is also left in the parameters).
 *
 * @param reason why the iteration stopped
 * @param iterations accepted L-BFGS iterations (line searches that moved the point)
 * @param evaluations calls of the objective, including the initial one and line-search trials
 * @param value f at the returned point (NaN only if the starting point itself was invalid)
 * @param gradientNorm the Euclidean norm of ∇f at the returned point
 * @param nonFiniteEvaluations objective calls that returned a non-finite value or gradient and were backed off
 */
public record LbfgsResult(StopReason reason, int iterations, int evaluations, double value, double gradientNorm,
        int nonFiniteEvaluations) {

    /** Why {@link Lbfgs#minimize} stopped. */
    public enum StopReason {
        /** |∇f|₂ ≤ gradient tolerance: converged. */
        GRADIENT_TOLERANCE,
        /** |f_k − f_{k+1}| ≤ function tolerance · max(|f_k|, |f_{k+1}|): converged (f stopped changing). */
        FUNCTION_TOLERANCE,
        /** The iteration limit was reached. */
        MAX_ITERATIONS,
        /** The evaluation limit was reached. */
        MAX_EVALUATIONS,
        /**
         * Not even a steepest-descent step satisfied the line search: typically f and ∇f are at rounding level
         * (converged as far as the arithmetic allows), or ∇f is inconsistent with f.
         */
        LINE_SEARCH_FAILED,
        /**
         * The objective returned NaN/∞ (or a non-finite gradient) and backing off did not find a valid lower
         * point; the parameters were restored to the last good point. Also reported when the starting point is
         * invalid (then the parameters are unchanged).
         */
        NON_FINITE_VALUE,
        /** The iteration listener asked to stop. */
        STOPPED_BY_LISTENER
    }

    /**
     * Validates the components.
     */
    public LbfgsResult {
        Objects.requireNonNull(reason, "reason");
        if (iterations < 0 || evaluations < 0 || nonFiniteEvaluations < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }

    /**
     * Whether a convergence criterion (gradient or function tolerance) was met.
     */
    public boolean converged() {
        return reason == StopReason.GRADIENT_TOLERANCE || reason == StopReason.FUNCTION_TOLERANCE;
    }
}
