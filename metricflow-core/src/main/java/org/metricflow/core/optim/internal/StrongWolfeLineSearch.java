package org.metricflow.core.optim.internal;

/**
 * A line search for a step length α along a descent direction d that satisfies the strong Wolfe conditions
 * <pre>
 *   φ(α) ≤ φ(0) + c1 α φ'(0)          (sufficient decrease)
 *   |φ'(α)| ≤ c2 |φ'(0)|               (curvature)
 * </pre>
 * for φ(α) = f(x0 + α d), following Nocedal &amp; Wright, <i>Numerical Optimization</i> (2nd ed.), Algorithm 3.5
 * (bracketing, with the trial step growing until it brackets an acceptable point) and Algorithm 3.6 (zoom, with
 * the safeguarded cubic interpolation minimiser of their eq. (3.59)).
 *
 * <p><b>Rounding in f.</b> Near a minimiser with f* ≠ 0, differences of f drown in rounding (relative 1e-16)
 * long before ∇f does, and a purely f-based test would stall at |x − x*| ~ √ε_mach. As in Hager &amp; Zhang's
 * <i>approximate Wolfe</i> conditions (SIAM J. Optim. 16, 2005), a step is also accepted when
 * φ(α) ≤ φ(0) + ε_f with ε_f = 1e-12·|φ(0)| and φ'(α) ≤ (1 − 2c1)|φ'(0)| (for a quadratic this is equivalent to
 * sufficient decrease, but it is computed from derivatives), and comparisons between trial values use the same
 * cushion ε_f, so the search keeps making progress on ∇f at rounding level.
 *
 * <p>Non-finite values are handled by backtracking: a trial point where f or ∇f is NaN or infinite is treated as
 * "too far", the interval is shrunk towards the last good point, and the search never extrapolates past it. If
 * the strong Wolfe conditions cannot be met (evaluation budget, interval collapsed to rounding level) the best
 * trial point that satisfies sufficient decrease with φ(α) &lt; φ(0) is accepted as a weaker step; if there
 * is none, the search fails and the caller keeps x0. Instances are mutable scratch space and not thread-safe.
 */
public final class StrongWolfeLineSearch {

    /** f and ∇f at a flat point; returns f (may be NaN/∞ to signal failure) and writes ∇f into {@code gOut}. */
    @FunctionalInterface
    public interface FlatFunction {
        /**
         * The value at {@code x}, with the gradient written into {@code gOut}.
         */
        double evaluate(double[] x, double[] gOut);
    }

    /** How a search ended. */
    public enum Outcome {
        /** Both strong Wolfe conditions hold at the accepted step. */
        STRONG_WOLFE,
        /** Only sufficient decrease (with a strict decrease of f) holds at the accepted step. */
        SUFFICIENT_DECREASE,
        /** No acceptable step was found; the point was not moved. */
        FAILED
    }

    private final double c1;
    private final double c2;
    private final int n;
    private final double[] xTrial;
    private final double[] gTrial;
    private final double[] gBest;
    private final double[] x0;
    private final double[] d;

    // results of the last search
    private Outcome outcome;
    private double alpha;
    private double value;
    private int evaluations;
    private int nonFiniteEvaluations;
    private boolean budgetExhausted;
    private int budget;
    private double epsF;

    /** ε_f / |φ(0)|: how much rounding in f the comparisons tolerate. */
    private static final double ROUNDING_CUSHION = 1e-12;

    // best point satisfying sufficient decrease with a strict decrease
    private double alphaBest;
    private double fBest;

    /**
     * @param c1 sufficient-decrease constant, 0 &lt; c1 &lt; c2
     * @param c2 curvature constant, c1 &lt; c2 &lt; 1
     * @param dimension the length n of the flat vectors
     */
    public StrongWolfeLineSearch(double c1, double c2, int dimension) {
        if (!(c1 > 0 && c1 < c2 && c2 < 1)) {
            throw new IllegalArgumentException("line search constants need 0 < c1 < c2 < 1, got c1=" + c1 + ", c2="
                    + c2);
        }
        this.c1 = c1;
        this.c2 = c2;
        this.n = dimension;
        this.xTrial = new double[dimension];
        this.gTrial = new double[dimension];
        this.gBest = new double[dimension];
        this.x0 = new double[dimension];
        this.d = new double[dimension];
    }

    /**
     * Searches along {@code direction} from {@code x} (value {@code f}, gradient {@code g}, with g·d &lt; 0).
     * On success {@code x}, {@code g} are overwritten with the accepted point and its gradient; on failure they
     * are left as they were.
     *
     * @param alphaInitial the first trial step (&gt; 0)
     * @param budget the maximum number of evaluations of {@code fun}
     * @return the outcome; details via {@link #alpha()}, {@link #value()}, {@link #evaluations()}
     */
    public Outcome search(FlatFunction fun, double[] x, double f, double[] g, double[] direction, double alphaInitial,
            int budget) {
        System.arraycopy(x, 0, x0, 0, n);
        System.arraycopy(direction, 0, d, 0, n);
        double dphi0 = dot(g, d);
        if (!(dphi0 < 0)) {
            throw new IllegalArgumentException("line search needs a descent direction, got g·d = " + dphi0);
        }
        if (budget < 1) {
            throw new IllegalArgumentException("line search needs a budget of at least 1 evaluation, got " + budget);
        }
        this.budget = budget;
        evaluations = 0;
        nonFiniteEvaluations = 0;
        budgetExhausted = false;
        alphaBest = 0;
        fBest = f;
        epsF = ROUNDING_CUSHION * Math.abs(f);

        double aPrev = 0;
        double fPrev = f;
        double dPrev = dphi0;
        double a = alphaInitial;
        double aCap = Double.POSITIVE_INFINITY; // smallest step known to give a non-finite value
        boolean first = true;
        while (true) {
            if (evaluations >= budget) {
                budgetExhausted = true;
                return finish(x, g);
            }
            double fa = evaluateAt(fun, a);
            double da = dot(gTrial, d);
            if (!Double.isFinite(fa) || !Double.isFinite(da)) {
                nonFiniteEvaluations++;
                aCap = a;
                double next = aPrev + 0.5 * (a - aPrev);
                if (!(next > aPrev) || next - aPrev <= 1e-16 * Math.max(1.0, aPrev)) {
                    return finish(x, g);
                }
                a = next;
                continue;
            }
            if (!decreaseOk(f, dphi0, a, fa, da) || (!first && fa > fPrev + epsF)) {
                return zoom(fun, x, f, g, dphi0, aPrev, fPrev, dPrev, a, fa, da);
            }
            noteBest(a, fa);
            if (Math.abs(da) <= -c2 * dphi0) {
                return accept(x, g, a, fa, Outcome.STRONG_WOLFE);
            }
            if (da >= 0) {
                return zoom(fun, x, f, g, dphi0, a, fa, da, aPrev, fPrev, dPrev);
            }
            first = false;
            aPrev = a;
            fPrev = fa;
            dPrev = da;
            a = Double.isInfinite(aCap) ? 4 * a : 0.5 * (a + aCap);
            if (!(a < 1e20)) {
                return finish(x, g); // f decreases without bound along d
            }
        }
    }

    private Outcome zoom(FlatFunction fun, double[] x, double f0, double[] g, double dphi0, double aLo, double fLo,
            double dLo, double aHi, double fHi, double dHi) {
        boolean hiFinite = true;
        while (true) {
            double width = Math.abs(aHi - aLo);
            if (width <= 1e-16 * Math.max(1.0, Math.max(Math.abs(aLo), Math.abs(aHi)))) {
                return finish(x, g);
            }
            if (evaluations >= budget) {
                budgetExhausted = true;
                return finish(x, g);
            }
            double lo = Math.min(aLo, aHi);
            double hi = Math.max(aLo, aHi);
            double a = hiFinite ? cubicMinimizer(aLo, fLo, dLo, aHi, fHi, dHi) : Double.NaN;
            if (!(a >= lo + 0.1 * width && a <= hi - 0.1 * width)) {
                a = 0.5 * (aLo + aHi);
            }
            double fa = evaluateAt(fun, a);
            double da = dot(gTrial, d);
            if (!Double.isFinite(fa) || !Double.isFinite(da)) {
                nonFiniteEvaluations++;
                aHi = a;
                hiFinite = false;
                continue;
            }
            if (!decreaseOk(f0, dphi0, a, fa, da) || fa > fLo + epsF) {
                aHi = a;
                fHi = fa;
                dHi = da;
                hiFinite = true;
            } else {
                noteBest(a, fa);
                if (Math.abs(da) <= -c2 * dphi0) {
                    return accept(x, g, a, fa, Outcome.STRONG_WOLFE);
                }
                if (da * (aHi - aLo) >= 0) {
                    aHi = aLo;
                    fHi = fLo;
                    dHi = dLo;
                    hiFinite = true;
                }
                aLo = a;
                fLo = fa;
                dLo = da;
            }
        }
    }

    /**
     * The minimiser of the cubic interpolating φ and φ' at a and b (Nocedal &amp; Wright eq. 3.59), or NaN if the
     * cubic has no minimiser.
     */
    static double cubicMinimizer(double a, double fa, double da, double b, double fb, double db) {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        if (!(disc >= 0)) {
            return Double.NaN;
        }
        double d2 = Math.copySign(Math.sqrt(disc), b - a);
        return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
    }

    /** Sufficient decrease, or its approximate (derivative) form when φ(α) is within rounding of φ(0). */
    private boolean decreaseOk(double f0, double dphi0, double a, double fa, double da) {
        return fa <= f0 + c1 * a * dphi0 || (fa <= f0 + epsF && da <= (2 * c1 - 1) * dphi0);
    }

    private double evaluateAt(FlatFunction fun, double a) {
        for (int i = 0; i < n; i++) {
            xTrial[i] = x0[i] + a * d[i];
        }
        evaluations++;
        return fun.evaluate(xTrial, gTrial);
    }

    private void noteBest(double a, double fa) {
        if (fa < fBest) {
            alphaBest = a;
            fBest = fa;
            System.arraycopy(gTrial, 0, gBest, 0, n);
        }
    }

    private Outcome accept(double[] x, double[] g, double a, double fa, Outcome how) {
        System.arraycopy(xTrial, 0, x, 0, n);
        System.arraycopy(gTrial, 0, g, 0, n);
        alpha = a;
        value = fa;
        outcome = how;
        return how;
    }

    private Outcome finish(double[] x, double[] g) {
        if (alphaBest > 0) {
            for (int i = 0; i < n; i++) {
                x[i] = x0[i] + alphaBest * d[i];
            }
            System.arraycopy(gBest, 0, g, 0, n);
            alpha = alphaBest;
            value = fBest;
            outcome = Outcome.SUFFICIENT_DECREASE;
        } else {
            alpha = 0;
            value = Double.NaN;
            outcome = Outcome.FAILED;
        }
        return outcome;
    }

    /**
     * The outcome of the last search.
     */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * The accepted step length of the last search (0 if it failed).
     */
    public double alpha() {
        return alpha;
    }

    /**
     * f at the accepted step of the last search (NaN if it failed).
     */
    public double value() {
        return value;
    }

    /**
     * Evaluations used by the last search.
     *
     * @return the number of evaluations
     */
    public int evaluations() {
        return evaluations;
    }

    /**
     * Evaluations of the last search that returned a non-finite value or gradient.
     *
     * @return the number of non-finite evaluations
     */
    public int nonFiniteEvaluations() {
        return nonFiniteEvaluations;
    }

    /**
     * Whether the last search stopped because its evaluation budget ran out.
     */
    public boolean budgetExhausted() {
        return budgetExhausted;
    }

    /**
     * g·d.
     *
     * @return the directional derivative g·d
     */
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
