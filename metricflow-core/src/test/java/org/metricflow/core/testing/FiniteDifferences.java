package org.metricflow.core.testing;

import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;

/**
 * Central finite differences, the independent reference for every derivative in metricflow's tests.
 *
 * <p>Functions are given as suppliers that re-read their inputs, and inputs are perturbed in place (and
 * restored exactly afterwards), so the same helpers check plain functions of arrays and Tensor graphs built
 * over {@link Tensor#variable variables} (whose {@link Tensor#value()} is the live matrix).
 *
 * <p><b>Error model.</b> The central difference (f(x+h) − f(x−h))/(2h) differs from f'(x) by
 * h²f'''(ξ)/6 (truncation) plus about ε·|f|/h from rounding (ε ≈ 1.1·10⁻¹⁶). With the default
 * h = 10⁻⁵ and quantities of order 1 both terms are ~10⁻¹¹, so a tolerance of ~10⁻⁶ relative to the scale
 * of the derivatives leaves a wide safety margin while any wrong derivative rule (an error of order 1)
 * fails.
 *
 * <pre>{@code
 * FiniteDifferences.checkFirstAndSecondOrder("tanh", seed, xs -> xs[0].tanh(), x);
 * }</pre>
 */
public final class FiniteDifferences {
    /** The default step h. */
    public static final double STEP = 1e-5;
    /** The default tolerance, applied relative to max(1, largest finite-difference magnitude). */
    public static final double TOLERANCE = 1e-6;

    private FiniteDifferences() {
    }

    /**
     * ∂f/∂x_ij for every entry of x by central differences; x is perturbed in place and restored.
     */
    public static DMatrixRMaj gradient(DoubleSupplier f, DMatrixRMaj x, double h) {
        DMatrixRMaj g = new DMatrixRMaj(x.numRows, x.numCols);
        for (int i = 0; i < x.getNumElements(); i++) {
            double x0 = x.data[i];
            x.data[i] = x0 + h;
            double plus = f.getAsDouble();
            x.data[i] = x0 - h;
            double minus = f.getAsDouble();
            x.data[i] = x0;
            g.data[i] = (plus - minus) / (2 * h);
        }
        return g;
    }

    /**
     * The directional derivative d/dt f(x + t·v) at t = 0 of a matrix-valued function of several inputs,
     * by central differences; the inputs are moved in place and restored.
     */
    public static DMatrixRMaj directional(Supplier<DMatrixRMaj> f, DMatrixRMaj[] xs, DMatrixRMaj[] vs, double h) {
        DMatrixRMaj[] saved = new DMatrixRMaj[xs.length];
        for (int k = 0; k < xs.length; k++) {
            saved[k] = xs[k].copy();
        }
        move(xs, saved, vs, h);
        DMatrixRMaj plus = f.get().copy();
        move(xs, saved, vs, -h);
        DMatrixRMaj minus = f.get().copy();
        for (int k = 0; k < xs.length; k++) {
            xs[k].setTo(saved[k]);
        }
        DMatrixRMaj d = new DMatrixRMaj(plus.numRows, plus.numCols);
        for (int i = 0; i < d.getNumElements(); i++) {
            d.data[i] = (plus.data[i] - minus.data[i]) / (2 * h);
        }
        return d;
    }

    private static void move(DMatrixRMaj[] xs, DMatrixRMaj[] saved, DMatrixRMaj[] vs, double t) {
        for (int k = 0; k < xs.length; k++) {
            for (int i = 0; i < xs[k].getNumElements(); i++) {
                xs[k].data[i] = saved[k].data[i] + t * vs[k].data[i];
            }
        }
    }

    /**
     * Checks reverse-mode derivatives of a Tensor function against central differences, at first and
     * second order, and that the values-only and create-graph paths agree bit for bit.
     *
     * <p>The inputs become variables x_k; the scalar test loss is L = Σ f(x) ∘ W with a random weight
     * matrix W (so every output entry is tested with a distinct weight). Checked:
     * <ol>
     * <li>{@code Autodiff.grad(L)} equals the finite-difference gradient of L, entry by entry;</li>
     * <li>{@code Autodiff.gradGraph(L)} has exactly the same values as {@code Autodiff.grad(L)};</li>
     * <li>the Hessian-vector product (gradGraph, then grad of ⟨∇L, v⟩) along a random direction v equals
     * the finite-difference derivative of the values-only gradient along v.</li>
     * </ol>
     *
     * @param inputs the point x (copied; not modified)
     */
    public static void checkFirstAndSecondOrder(String what, long seed, Function<Tensor[], Tensor> f,
            DMatrixRMaj... inputs) {
        checkFirstAndSecondOrder(what, seed, TOLERANCE, f, inputs);
    }

    /** {@link #checkFirstAndSecondOrder(String, long, Function, DMatrixRMaj...)} with a given tolerance. */
    public static void checkFirstAndSecondOrder(String what, long seed, double tolerance, Function<Tensor[], Tensor> f,
            DMatrixRMaj... inputs) {
        Rng rng = Rng.stream(seed, 0x5EEDL);
        Tensor[] x = new Tensor[inputs.length];
        DMatrixRMaj[] xv = new DMatrixRMaj[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            x[k] = Tensor.variable(inputs[k]);
            xv[k] = x[k].value();
        }
        Tensor y = f.apply(x);
        DMatrixRMaj w = new DMatrixRMaj(y.rows(), y.cols());
        rng.fillUniform(w.data, -1.0, 1.0);
        Tensor weights = Tensor.constant(w);
        Supplier<Tensor> loss = () -> f.apply(x).times(weights).sum();

        // 1. first order against finite differences
        DMatrixRMaj[] g = Autodiff.grad(loss.get(), x);
        for (int k = 0; k < x.length; k++) {
            DMatrixRMaj fd = gradient(() -> loss.get().item(), xv[k], STEP);
            assertClose(fd, g[k], tolerance, seed, what + ": gradient w.r.t. input " + k);
        }

        // 2. create-graph gradients carry exactly the values-only numbers
        Tensor[] gg = Autodiff.gradGraph(loss.get(), x);
        for (int k = 0; k < x.length; k++) {
            assertBitwiseEqual(g[k], gg[k].value(), seed, what + ": gradGraph vs grad, input " + k);
        }

        // 3. second order: Hessian-vector product against differences of the values-only gradient
        DMatrixRMaj[] v = new DMatrixRMaj[x.length];
        for (int k = 0; k < x.length; k++) {
            v[k] = new DMatrixRMaj(xv[k].numRows, xv[k].numCols);
            rng.fillUniform(v[k].data, -1.0, 1.0);
        }
        DMatrixRMaj[] hv = Autodiff.hvp(loss.get(), x, v);
        for (int k = 0; k < x.length; k++) {
            int kk = k;
            DMatrixRMaj fd = directional(() -> Autodiff.grad(loss.get(), x)[kk], xv, v, STEP);
            assertClose(fd, hv[k], tolerance, seed, what + ": Hessian-vector product w.r.t. input " + k);
        }
    }

    /**
     * Asserts |expected − actual| ≤ tolerance·max(1, max|expected|) entry-wise, naming the seed, the entry
     * and what was compared.
     */
    public static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, double tolerance, long seed,
            String what) {
        if (expected.numRows != actual.numRows || expected.numCols != actual.numCols) {
            throw new AssertionError(what + ": shapes differ, expected " + expected.numRows + "×" + expected.numCols
                    + " but got " + actual.numRows + "×" + actual.numCols + " [seed=" + seed + "]");
        }
        double scale = 1.0;
        for (int i = 0; i < expected.getNumElements(); i++) {
            scale = Math.max(scale, Math.abs(expected.data[i]));
        }
        for (int i = 0; i < expected.getNumElements(); i++) {
            Seeds.assertClose(expected.data[i], actual.data[i], 0.0, tolerance * scale, seed,
                    what + " at (" + i / expected.numCols + ", " + i % expected.numCols + ")");
        }
    }

    /** Asserts the two matrices hold exactly the same doubles (bit for bit). */
    public static void assertBitwiseEqual(DMatrixRMaj expected, DMatrixRMaj actual, long seed, String what) {
        if (expected.numRows != actual.numRows || expected.numCols != actual.numCols) {
            throw new AssertionError(what + ": shapes differ [seed=" + seed + "]");
        }
        for (int i = 0; i < expected.getNumElements(); i++) {
            if (Double.doubleToLongBits(expected.data[i]) != Double.doubleToLongBits(actual.data[i])) {
                throw new AssertionError(String.format("%s: entry %d differs: %.17g vs %.17g [seed=%d]", what, i,
                        expected.data[i], actual.data[i], seed));
            }
        }
    }

    /** A rows×cols matrix of uniform deviates in [lo, hi). */
    public static DMatrixRMaj uniform(Rng rng, int rows, int cols, double lo, double hi) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        rng.fillUniform(m.data, lo, hi);
        return m;
    }

    /**
     * A rows×cols matrix of uniform deviates with lo ≤ |x| &lt; hi and random signs: for functions with a kink
     * or singularity at 0.
     */
    public static DMatrixRMaj awayFromZero(Rng rng, int rows, int cols, double lo, double hi) {
        DMatrixRMaj m = uniform(rng, rows, cols, lo, hi);
        for (int i = 0; i < m.getNumElements(); i++) {
            if (rng.nextDouble() < 0.5) {
                m.data[i] = -m.data[i];
            }
        }
        return m;
    }
}
