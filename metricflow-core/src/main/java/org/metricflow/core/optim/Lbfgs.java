package org.metricflow.core.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.optim.LbfgsResult.StopReason;
import org.metricflow.core.optim.internal.StrongWolfeLineSearch;
import org.metricflow.core.optim.internal.StrongWolfeLineSearch.Outcome;

/**
 * Limited-memory BFGS with a strong-Wolfe line search, minimising an {@link Objective} over a list of parameter
 * matrices viewed as one flat vector x ∈ ℝⁿ (the row-major entries of θ_0, θ_1, … concatenated).
 *
 * <p>Iteration k: the direction d_k = −H_k ∇f(x_k), where H_k is the L-BFGS inverse-Hessian approximation
 * built from the last m pairs s_i = x_{i+1} − x_i, y_i = ∇f_{i+1} − ∇f_i by the two-loop recursion with the
 * initial scaling H⁰ = (sᵀy / yᵀy)·I of the newest pair (Nocedal &amp; Wright, Algorithm 7.4); then
 * x_{k+1} = x_k + α_k d_k with α_k from a strong-Wolfe line search (c1 = 1e-4, c2 = 0.9; Algorithms 3.5/3.6,
 * first trial α = 1, or min(1, 1/|∇f|) on steepest-descent steps). A pair is stored only if sᵀy &gt; ε_mach·yᵀy,
 * which keeps H_k positive definite; if d_k is not a descent direction, or the line search fails, the memory is
 * cleared and a steepest-descent step is tried before giving up.
 *
 * <p>Stopping: |∇f|₂ ≤ gradient tolerance (default 1e-9); |f_k − f_{k+1}| ≤ function tolerance ·
 * max(|f_k|, |f_{k+1}|) (default 0, i.e. off: near a minimiser f changes at rounding level while ∇f still
 * carries information, so this criterion can stop early; set it, e.g. 1e-12, to stop on stagnation of f); the
 * iteration limit (default 1000) or the evaluation limit (default 10000); and a line search that finds no
 * acceptable step even along −∇f, which usually means f and ∇f are at rounding level. See
 * {@link LbfgsResult.StopReason}. The line search tolerates rounding in f (see
 * {@code StrongWolfeLineSearch}), so accuracy in x is limited by that of ∇f rather than of f.
 *
 * <p><b>Non-finite values.</b> The parameters never end up holding a point where the objective was NaN/∞: such
 * trial points make the line search back off towards the last good point; if that cannot produce a decrease the
 * parameters are restored to the last good point and the result reports {@link StopReason#NON_FINITE_VALUE}.
 *
 * <p>Configuration is immutable ({@code Lbfgs.of().withMemory(20)} returns a new instance) and
 * {@link #minimize} keeps all its working state local, so one instance may be shared between threads.
 */
public final class Lbfgs {

    /** Receives progress after every accepted iteration; the parameters hold the new iterate during the call. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param iteration the iteration just completed (1-based)
         * @param value f at the new iterate
         * @param gradientNorm |∇f|₂ at the new iterate
         * @return true to continue, false to stop with {@link StopReason#STOPPED_BY_LISTENER}
         */
        boolean onIteration(int iteration, double value, double gradientNorm);
    }

    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    /** Evaluations one line search may use (bracketing plus zoom); the safeguarded zoom shrinks by ≥ 10% each. */
    private static final int MAX_LINE_SEARCH_EVALUATIONS = 40;

    private final int memory;
    private final double gradientTolerance;
    private final double functionTolerance;
    private final int maxIterations;
    private final int maxEvaluations;

    private Lbfgs(int memory, double gradientTolerance, double functionTolerance, int maxIterations,
            int maxEvaluations) {
        if (memory < 1) {
            throw new IllegalArgumentException("L-BFGS memory must be >= 1 pair, got " + memory);
        }
        if (!(gradientTolerance >= 0)) {
            throw new IllegalArgumentException("gradient tolerance must be >= 0, got " + gradientTolerance);
        }
        if (!(functionTolerance >= 0)) {
            throw new IllegalArgumentException("function tolerance must be >= 0, got " + functionTolerance);
        }
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
        }
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("maxEvaluations must be >= 1, got " + maxEvaluations);
        }
        this.memory = memory;
        this.gradientTolerance = gradientTolerance;
        this.functionTolerance = functionTolerance;
        this.maxIterations = maxIterations;
        this.maxEvaluations = maxEvaluations;
    }

    /**
     * L-BFGS with memory 10 and the default tolerances and limits listed in the class documentation.
     *
     * @return the optimizer
     */
    public static Lbfgs of() {
        return new Lbfgs(10, 1e-9, 0, 1000, 10000);
    }

    /**
     * A copy keeping the last {@code m ≥ 1} (s, y) pairs.
     */
    public Lbfgs withMemory(int m) {
        return new Lbfgs(m, gradientTolerance, functionTolerance, maxIterations, maxEvaluations);
    }

    /**
     * A copy stopping when |∇f|₂ ≤ {@code tolerance} (≥ 0).
     */
    public Lbfgs withGradientTolerance(double tolerance) {
        return new Lbfgs(memory, tolerance, functionTolerance, maxIterations, maxEvaluations);
    }

    /**
     * A copy stopping when |f_k − f_{k+1}| ≤ {@code tolerance}·max(|f_k|, |f_{k+1}|).
     */
    public Lbfgs withFunctionTolerance(double tolerance) {
        return new Lbfgs(memory, gradientTolerance, tolerance, maxIterations, maxEvaluations);
    }

    /**
     * A copy performing at most {@code n ≥ 0} iterations.
     */
    public Lbfgs withMaxIterations(int n) {
        return new Lbfgs(memory, gradientTolerance, functionTolerance, n, maxEvaluations);
    }

    /**
     * A copy calling the objective at most {@code n ≥ 1} times.
     */
    public Lbfgs withMaxEvaluations(int n) {
        return new Lbfgs(memory, gradientTolerance, functionTolerance, maxIterations, n);
    }

    /**
     * The memory m.
     */
    public int memory() {
        return memory;
    }

    /**
     * The gradient-norm tolerance.
     */
    public double gradientTolerance() {
        return gradientTolerance;
    }

    /**
     * The relative function-change tolerance.
     */
    public double functionTolerance() {
        return functionTolerance;
    }

    /**
     * The iteration limit.
     */
    public int maxIterations() {
        return maxIterations;
    }

    /**
     * The evaluation limit.
     */
    public int maxEvaluations() {
        return maxEvaluations;
    }

    /**
     * Minimises {@code f} starting from the parameters' current values, which are updated in place and hold
     * the returned point afterwards.
     *
     * @return the result: final value, iterations, the reason for stopping
     */
    public LbfgsResult minimize(List<DMatrixRMaj> params, Objective f) {
        return minimize(params, f, null);
    }

    /**
     * As {@link #minimize(List, Objective)}, calling {@code listener} (if non-null) after every iteration.
     *
     * @return the result: final value, iterations, the reason for stopping
     * @throws IllegalArgumentException if the list is empty, holds null or the same matrix twice
     */
    public LbfgsResult minimize(List<DMatrixRMaj> params, Objective f, Listener listener) {
        Objects.requireNonNull(f, "objective");
        FlatView view = new FlatView(params);
        int n = view.size;
        double[] x = new double[n];
        double[] g = new double[n];
        view.read(x);

        int evaluations = 1;
        double value = view.evaluate(f, x, g);
        double gnorm = Math.sqrt(StrongWolfeLineSearch.dot(g, g));
        if (!isFinite(value, g) || gnorm <= gradientTolerance) {
            view.write(x);
            return isFinite(value, g)
                    ? new LbfgsResult(StopReason.GRADIENT_TOLERANCE, 0, evaluations, value, gnorm, 0)
                    : new LbfgsResult(StopReason.NON_FINITE_VALUE, 0, evaluations, Double.NaN, Double.NaN, 1);
        }
        StrongWolfeLineSearch lineSearch = new StrongWolfeLineSearch(C1, C2, n);
        StrongWolfeLineSearch.FlatFunction flat = (xt, gt) -> view.evaluate(f, xt, gt);
        PairMemory pairs = new PairMemory(memory, n);
        double[] direction = new double[n];
        int nonFinite = 0;
        int iterations = 0;
        StopReason reason = StopReason.MAX_ITERATIONS;

        while (iterations < maxIterations) {
            if (evaluations >= maxEvaluations) {
                reason = StopReason.MAX_EVALUATIONS;
                break;
            }
            boolean steepest = pairs.isEmpty();
            pairs.direction(g, direction);
            if (!(StrongWolfeLineSearch.dot(g, direction) < 0)) {
                steepest = true;
                pairs.clear();
                negate(g, direction);
            }
            pairs.start(x, g);
            double alpha0 = steepest ? Math.min(1.0, 1.0 / gnorm) : 1.0;
            Outcome outcome = lineSearch.search(flat, x, value, g, direction, alpha0,
                    Math.min(MAX_LINE_SEARCH_EVALUATIONS, maxEvaluations - evaluations));
            evaluations += lineSearch.evaluations();
            nonFinite += lineSearch.nonFiniteEvaluations();
            if (outcome == Outcome.FAILED) {
                if (evaluations >= maxEvaluations) {
                    reason = StopReason.MAX_EVALUATIONS;
                    break;
                }
                if (!steepest) {
                    pairs.clear(); // forget curvature information and retry along -g
                    continue;
                }
                reason = lineSearch.nonFiniteEvaluations() > 0 ? StopReason.NON_FINITE_VALUE
                        : StopReason.LINE_SEARCH_FAILED;
                break;
            }
            iterations++;
            double valueOld = value;
            value = lineSearch.value();
            gnorm = Math.sqrt(StrongWolfeLineSearch.dot(g, g));
            pairs.add(x, g);
            if (listener != null) {
                view.write(x);
                if (!listener.onIteration(iterations, value, gnorm)) {
                    reason = StopReason.STOPPED_BY_LISTENER;
                    break;
                }
            }
            reason = converged(valueOld, value, gnorm, evaluations);
            if (reason != null) {
                break;
            }
            reason = StopReason.MAX_ITERATIONS;
        }
        view.write(x);
        return new LbfgsResult(reason, iterations, evaluations, value, gnorm, nonFinite);
    }

    /** The reason to stop after an accepted iteration from f = {@code valueOld} to {@code value}, or null. */
    private StopReason converged(double valueOld, double value, double gnorm, int evaluations) {
        if (gnorm <= gradientTolerance) {
            return StopReason.GRADIENT_TOLERANCE;
        }
        if (functionTolerance > 0
                && Math.abs(valueOld - value) <= functionTolerance * Math.max(Math.abs(valueOld), Math.abs(value))) {
            return StopReason.FUNCTION_TOLERANCE;
        }
        return evaluations >= maxEvaluations ? StopReason.MAX_EVALUATIONS : null;
    }

    /**
     * The last m curvature pairs s_i = x_{i+1} − x_i, y_i = ∇f_{i+1} − ∇f_i in ring buffers, and the two-loop
     * recursion (Nocedal &amp; Wright Alg. 7.4) that applies the inverse-Hessian approximation they define.
     */
    private static final class PairMemory {
        private final int capacity;
        private final double[][] s;
        private final double[][] y;
        private final double[] rho;
        private final double[] alphaTmp;
        private final double[] xOld;
        private final double[] gOld;
        private int stored;
        private int newest = -1;

        PairMemory(int capacity, int n) {
            this.capacity = capacity;
            this.s = new double[capacity][n];
            this.y = new double[capacity][n];
            this.rho = new double[capacity];
            this.alphaTmp = new double[capacity];
            this.xOld = new double[n];
            this.gOld = new double[n];
        }

        boolean isEmpty() {
            return stored == 0;
        }

        void clear() {
            stored = 0;
        }

        /** Remembers the point and gradient a step starts from. */
        void start(double[] x, double[] g) {
            System.arraycopy(x, 0, xOld, 0, x.length);
            System.arraycopy(g, 0, gOld, 0, g.length);
        }

        /**
         * Stores the pair of the step from the {@link #start} point to x (gradient g) if sᵀy &gt; ε_mach·yᵀy, which
         * keeps the approximation positive definite; the oldest pair is overwritten when the memory is full.
         */
        void add(double[] x, double[] g) {
            int slot = (newest + 1) % capacity;
            double sy = 0;
            double yy = 0;
            for (int i = 0; i < x.length; i++) {
                double si = x[i] - xOld[i];
                double yi = g[i] - gOld[i];
                s[slot][i] = si;
                y[slot][i] = yi;
                sy += si * yi;
                yy += yi * yi;
            }
            if (sy > 2.220446049250313e-16 * yy && yy > 0) {
                rho[slot] = 1.0 / sy;
                newest = slot;
                stored = Math.min(stored + 1, capacity);
            }
        }

        /** d = −H g with H from the stored pairs and the initial scaling (sᵀy / yᵀy)·I of the newest. */
        void direction(double[] g, double[] d) {
            int n = g.length;
            System.arraycopy(g, 0, d, 0, n);
            for (int j = 0; j < stored; j++) {
                int idx = Math.floorMod(newest - j, capacity);
                double a = rho[idx] * StrongWolfeLineSearch.dot(s[idx], d);
                alphaTmp[idx] = a;
                double[] yi = y[idx];
                for (int i = 0; i < n; i++) {
                    d[i] -= a * yi[i];
                }
            }
            if (stored > 0) {
                double gamma = 1.0 / (rho[newest] * StrongWolfeLineSearch.dot(y[newest], y[newest]));
                for (int i = 0; i < n; i++) {
                    d[i] *= gamma;
                }
            }
            for (int j = stored - 1; j >= 0; j--) {
                int idx = Math.floorMod(newest - j, capacity);
                double b = rho[idx] * StrongWolfeLineSearch.dot(y[idx], d);
                double coef = alphaTmp[idx] - b;
                double[] si = s[idx];
                for (int i = 0; i < n; i++) {
                    d[i] += coef * si[i];
                }
            }
            for (int i = 0; i < n; i++) {
                d[i] = -d[i];
            }
        }
    }

    private static void negate(double[] g, double[] d) {
        for (int i = 0; i < g.length; i++) {
            d[i] = -g[i];
        }
    }

    private static boolean isFinite(double value, double[] g) {
        if (!Double.isFinite(value)) {
            return false;
        }
        for (double gi : g) {
            if (!Double.isFinite(gi)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Lbfgs[memory=" + memory + ", gradientTolerance=" + gradientTolerance + ", functionTolerance="
                + functionTolerance + ", maxIterations=" + maxIterations + ", maxEvaluations=" + maxEvaluations + "]";
    }

    /** The flat view x ∈ ℝⁿ of a parameter list, with gradient matrices of the same shapes. */
    private static final class FlatView {
        final List<DMatrixRMaj> params;
        final List<DMatrixRMaj> grads;
        final int size;

        FlatView(List<DMatrixRMaj> params) {
            if (params == null || params.isEmpty()) {
                throw new IllegalArgumentException("L-BFGS needs at least one parameter matrix");
            }
            this.params = params;
            this.grads = new ArrayList<>(params.size());
            int total = 0;
            for (int i = 0; i < params.size(); i++) {
                DMatrixRMaj p = params.get(i);
                if (p == null) {
                    throw new IllegalArgumentException("L-BFGS parameter " + i + " is null");
                }
                for (int j = 0; j < i; j++) {
                    if (params.get(j) == p) {
                        throw new IllegalArgumentException("L-BFGS parameters " + j + " and " + i
                                + " are the same matrix; list each parameter once");
                    }
                }
                grads.add(new DMatrixRMaj(p.numRows, p.numCols));
                total += p.getNumElements();
            }
            this.size = total;
        }

        void read(double[] x) {
            int off = 0;
            for (DMatrixRMaj p : params) {
                int len = p.getNumElements();
                System.arraycopy(p.data, 0, x, off, len);
                off += len;
            }
        }

        void write(double[] x) {
            int off = 0;
            for (DMatrixRMaj p : params) {
                int len = p.getNumElements();
                System.arraycopy(x, off, p.data, 0, len);
                off += len;
            }
        }

        double evaluate(Objective f, double[] x, double[] gOut) {
            write(x);
            for (DMatrixRMaj gm : grads) {
                Arrays.fill(gm.data, 0, gm.getNumElements(), 0.0);
            }
            double value = f.evaluate(grads);
            int off = 0;
            for (int i = 0; i < grads.size(); i++) {
                DMatrixRMaj gm = grads.get(i);
                DMatrixRMaj p = params.get(i);
                if (gm.numRows != p.numRows || gm.numCols != p.numCols) {
                    throw new IllegalStateException("the objective reshaped gradient " + i + " to " + gm.numRows + "x"
                            + gm.numCols + "; it must stay " + p.numRows + "x" + p.numCols);
                }
                int len = gm.getNumElements();
                System.arraycopy(gm.data, 0, gOut, off, len);
                off += len;
            }
            return value;
        }
    }
}
