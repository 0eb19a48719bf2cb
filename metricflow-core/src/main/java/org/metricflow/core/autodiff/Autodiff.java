package org.metricflow.core.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.internal.BackwardRule;
import org.metricflow.core.autodiff.internal.GradMode;
import org.metricflow.core.autodiff.internal.Kernels;

/**
 * Reverse-mode differentiation of {@link Tensor} graphs.
 *
 * <p>For an output y and targets x_1, …, x_k, a backward sweep propagates ∂L/∂(node) from y to every node
 * on a path between a target and y, applying each node's backward rule (a vector-Jacobian product) and
 * summing the contributions of all paths. Nodes that lie on no such path are pruned. The traversal is
 * iterative (a topological order found with an explicit stack), so graphs of any depth are fine.
 *
 * <p><b>Two modes, one set of rules.</b> {@link #grad} (and the other methods returning
 * {@link DMatrixRMaj}) run the backward rules with recording switched off: no graph nodes are built and
 * gradients are accumulated in place. {@link #gradGraph} (and the methods returning {@link Tensor}) run the
 * same rules with recording on, so the gradients are graph nodes that can be differentiated again, to any
 * order. Both modes perform the same floating-point operations in the same order, so their values agree
 * bit for bit.
 *
 * <p><b>Targets.</b> A target may be any node (variables, constants, intermediate results); the result is
 * the total derivative through all paths from that node to the output. A target the output does not
 * depend on gets zeros.
 *
 * <p><b>Batched per-point derivatives.</b> For a row-wise function (row i of f(x) depends only on row i of
 * x), the derivative of Σ_i f_i with respect to x has the per-point derivatives ∂f_i/∂x_i as its rows;
 * {@link #jacobian} and {@link #hessian} use this with one backward sweep per output column (or input
 * coordinate), which is efficient for small input dimensions.
 *
 * <p>All methods are thread-safe for graphs built in the calling thread.
 */
public final class Autodiff {
    private Autodiff() {
    }

    // ================================================================================================
    // gradients and vector-Jacobian products

    /**
     * Values-only gradients ∂output/∂wrt_k of a 1×1 output, one matrix per target (shaped like it), newly
     * allocated and owned by the caller. Builds no graph nodes.
     *
     * @throws IllegalArgumentException if the output is not 1×1 (reduce it with sum()/mean() or use
     *                                  {@link #vjp(Tensor, DMatrixRMaj, Tensor...)})
     */
    public static DMatrixRMaj[] grad(Tensor output, Tensor... wrt) {
        requireScalarOutput("grad", output);
        DMatrixRMaj seed = new DMatrixRMaj(1, 1);
        seed.data[0] = 1.0;
        return backwardValues(output, seed, checkTargets("grad", wrt));
    }

    /**
     * Create-graph gradients of a 1×1 output: the results are graph nodes (shaped like the targets) that
     * can be differentiated again, to any order.
     *
     * @throws IllegalArgumentException if the output is not 1×1
     */
    public static Tensor[] gradGraph(Tensor output, Tensor... wrt) {
        requireScalarOutput("gradGraph", output);
        return backwardGraph(output, Tensor.scalar(1.0), checkTargets("gradGraph", wrt));
    }

    /**
     * Values-only vector-Jacobian product: for every target x_k, Σ_ij seed_ij ∂output_ij/∂x_k, i.e.
     * seedᵀ·J_k with the output and targets flattened.
     *
     * @param seed same shape as the output
     * @return for every target x_k, seedᵀ·J_k (values only)
     */
    public static DMatrixRMaj[] vjp(Tensor output, DMatrixRMaj seed, Tensor... wrt) {
        requireNotNull("vjp", output, "output");
        requireNotNull("vjp", seed, "seed");
        requireSameShape("vjp", "seed", seed.numRows, seed.numCols, output);
        return backwardValues(output, seed, checkTargets("vjp", wrt));
    }

    /**
     * Create-graph vector-Jacobian product Σ_ij seed_ij ∂output_ij/∂x_k; the result is differentiable in
     * the targets' ancestors and in the seed.
     *
     * @param seed the cotangent: a tensor of the output's shape (a 1×1 one for a scalar output)
     */
    public static Tensor[] vjp(Tensor output, Tensor seed, Tensor... wrt) {
        requireNotNull("vjp", output, "output");
        requireNotNull("vjp", seed, "seed");
        requireSameShape("vjp", "seed", seed.rows(), seed.cols(), output);
        return backwardGraph(output, seed, checkTargets("vjp", wrt));
    }

    // ================================================================================================
    // Jacobian-vector and Hessian-vector products

    /**
     * Values-only Jacobian-vector product (forward directional derivative) J·v = Σ_k ∂output/∂x_k · v_k,
     * shaped like the output. Computed with the double-vjp trick: u ↦ Σ_k ⟨Jᵀ_k u, v_k⟩ is linear in u with
     * gradient J·v.
     *
     * @param tangents one direction per target, shaped like it
     */
    public static DMatrixRMaj jvp(Tensor output, Tensor[] wrt, DMatrixRMaj[] tangents) {
        Tensor[] v = constants("jvp", wrt, tangents);
        Tensor u = Tensor.zeros(output.rows(), output.cols());
        Tensor s = pairing(vjp(output, u, wrt), v);
        return grad(s, u)[0];
    }

    /**
     * {@link #jvp(Tensor, Tensor[], DMatrixRMaj[])} for one target.
     */
    public static DMatrixRMaj jvp(Tensor output, Tensor wrt, DMatrixRMaj tangent) {
        return jvp(output, new Tensor[] {wrt}, new DMatrixRMaj[] {tangent});
    }

    /**
     * Create-graph Jacobian-vector product J·v (differentiable in the tangents and the targets' ancestors).
     */
    public static Tensor jvpGraph(Tensor output, Tensor[] wrt, Tensor[] tangents) {
        checkTangents("jvpGraph", wrt, tangents);
        Tensor u = Tensor.zeros(output.rows(), output.cols());
        Tensor s = pairing(vjp(output, u, wrt), tangents);
        return gradGraph(s, u)[0];
    }

    /**
     * Values-only Hessian-vector products H·v of a 1×1 output: for every target x_k,
     * Σ_l ∂²output/∂x_k∂x_l · v_l, computed as the gradient of ⟨∇output, v⟩.
     */
    public static DMatrixRMaj[] hvp(Tensor output, Tensor[] wrt, DMatrixRMaj[] vectors) {
        requireScalarOutput("hvp", output);
        Tensor[] v = constants("hvp", wrt, vectors);
        Tensor s = pairing(gradGraph(output, wrt), v);
        return grad(s, wrt);
    }

    /**
     * {@link #hvp(Tensor, Tensor[], DMatrixRMaj[])} for one target.
     */
    public static DMatrixRMaj hvp(Tensor output, Tensor wrt, DMatrixRMaj vector) {
        return hvp(output, new Tensor[] {wrt}, new DMatrixRMaj[] {vector})[0];
    }

    /**
     * H·v of the scalar function f at x: ∇²f(x)·v, with f(x) required to be 1×1.
     *
     * @return H·v = ∇²f(x)·v, shaped like x
     */
    public static DMatrixRMaj hvp(Function<Tensor, Tensor> f, Tensor x, DMatrixRMaj vector) {
        requireNotNull("hvp", f, "function");
        return hvp(f.apply(x), x, vector);
    }

    /**
     * Create-graph Hessian-vector products of a 1×1 output.
     */
    public static Tensor[] hvpGraph(Tensor output, Tensor[] wrt, Tensor[] vectors) {
        requireScalarOutput("hvpGraph", output);
        checkTangents("hvpGraph", wrt, vectors);
        Tensor s = pairing(gradGraph(output, wrt), vectors);
        return gradGraph(s, wrt);
    }

    /** s = Σ_k sum(a_k ∘ b_k), the pairing used by the double-vjp and Hessian-vector tricks. */
    private static Tensor pairing(Tensor[] a, Tensor[] b) {
        Tensor s = null;
        for (int k = 0; k < a.length; k++) {
            Tensor term = a[k].times(b[k]).sum();
            s = s == null ? term : s.plus(term);
        }
        return s;
    }

    private static Tensor[] constants(String what, Tensor[] wrt, DMatrixRMaj[] vectors) {
        checkTargets(what, wrt);
        if (vectors == null || vectors.length != wrt.length) {
            throw new IllegalArgumentException(what + ": need one direction per target (" + wrt.length
                    + " targets, " + (vectors == null ? "null" : vectors.length + " directions") + ")");
        }
        Tensor[] v = new Tensor[vectors.length];
        for (int k = 0; k < vectors.length; k++) {
            requireNotNull(what, vectors[k], "direction " + k);
            requireSameShape(what, "direction " + k, vectors[k].numRows, vectors[k].numCols, wrt[k]);
            v[k] = Tensor.wrap(vectors[k]);
        }
        return v;
    }

    private static void checkTangents(String what, Tensor[] wrt, Tensor[] tangents) {
        checkTargets(what, wrt);
        if (tangents == null || tangents.length != wrt.length) {
            throw new IllegalArgumentException(what + ": need one direction per target (" + wrt.length
                    + " targets, " + (tangents == null ? "null" : tangents.length + " directions") + ")");
        }
        for (int k = 0; k < tangents.length; k++) {
            requireNotNull(what, tangents[k], "direction " + k);
            requireSameShape(what, "direction " + k, tangents[k].rows(), tangents[k].cols(), wrt[k]);
        }
    }

    // ================================================================================================
    // batched per-point Jacobians and Hessians

    /**
     * Per-point Jacobians of a row-wise function: x is N×d, y = f(x) is N×m with row i depending only on
     * row i of x; the result is N×(m·d) with J[i, a·d + k] = ∂y_ia/∂x_ik (each row an m×d matrix
     * row-major). Values only; uses m backward sweeps over one forward graph.
     */
    public static DMatrixRMaj jacobian(Function<Tensor, Tensor> f, Tensor x) {
        requireNotNull("jacobian", f, "function");
        return jacobian(f.apply(x), x);
    }

    /**
     * {@link #jacobian(Function, Tensor)} for an already computed row-wise output y of x.
     */
    public static DMatrixRMaj jacobian(Tensor y, Tensor x) {
        checkRowWise("jacobian", y, x);
        int n = x.rows();
        int d = x.cols();
        int m = y.cols();
        DMatrixRMaj out = new DMatrixRMaj(n, m * d);
        for (int a = 0; a < m; a++) {
            DMatrixRMaj g = vjp(y, columnSeed(n, m, a), x)[0];
            for (int i = 0; i < n; i++) {
                System.arraycopy(g.data, i * d, out.data, i * m * d + a * d, d);
            }
        }
        return out;
    }

    /**
     * Create-graph version of {@link #jacobian(Function, Tensor)}: the N×(m·d) per-point Jacobians as a
     * graph node, differentiable in x and in everything f captures (e.g. network parameters).
     *
     * @return the N×(m·d) per-point Jacobians as a graph node, differentiable in x and in everything f captures
     */
    public static Tensor jacobianGraph(Function<Tensor, Tensor> f, Tensor x) {
        requireNotNull("jacobianGraph", f, "function");
        return jacobianGraph(f.apply(x), x);
    }

    /**
     * {@link #jacobianGraph(Function, Tensor)} for an already computed row-wise output y of x.
     */
    public static Tensor jacobianGraph(Tensor y, Tensor x) {
        checkRowWise("jacobianGraph", y, x);
        int n = x.rows();
        int m = y.cols();
        Tensor[] blocks = new Tensor[m];
        for (int a = 0; a < m; a++) {
            blocks[a] = vjp(y, Tensor.wrap(columnSeed(n, m, a)), x)[0];
        }
        return m == 1 ? blocks[0] : Tensor.concatCols(blocks);
    }

    /**
     * Per-point Hessians of a row-wise scalar function: x is N×d, f(x) is N×1; the result is N×(d·d) with
     * H[i, k·d + l] = ∂²f_i/∂x_ik∂x_il. Values only (one create-graph sweep, then d values-only sweeps).
     */
    public static DMatrixRMaj hessian(Function<Tensor, Tensor> f, Tensor x) {
        requireNotNull("hessian", f, "function");
        return hessian(f.apply(x), x);
    }

    /**
     * {@link #hessian(Function, Tensor)} for an already computed row-wise N×1 output.
     */
    public static DMatrixRMaj hessian(Tensor y, Tensor x) {
        checkRowWise("hessian", y, x);
        requireColumn("hessian", y);
        return jacobian(vjp(y, Tensor.ones(y.rows(), 1), x)[0], x);
    }

    /**
     * Create-graph version of {@link #hessian(Function, Tensor)}, differentiable to any further order.
     */
    public static Tensor hessianGraph(Function<Tensor, Tensor> f, Tensor x) {
        requireNotNull("hessianGraph", f, "function");
        return hessianGraph(f.apply(x), x);
    }

    /**
     * {@link #hessianGraph(Function, Tensor)} for an already computed row-wise N×1 output.
     */
    public static Tensor hessianGraph(Tensor y, Tensor x) {
        checkRowWise("hessianGraph", y, x);
        requireColumn("hessianGraph", y);
        return jacobianGraph(vjp(y, Tensor.ones(y.rows(), 1), x)[0], x);
    }

    private static DMatrixRMaj columnSeed(int n, int m, int a) {
        DMatrixRMaj seed = new DMatrixRMaj(n, m);
        for (int i = 0; i < n; i++) {
            seed.data[i * m + a] = 1.0;
        }
        return seed;
    }

    private static void checkRowWise(String what, Tensor y, Tensor x) {
        requireNotNull(what, y, "output");
        requireNotNull(what, x, "input");
        if (y.rows() != x.rows()) {
            throw new IllegalArgumentException(what + ": a row-wise function must map the N×d input to N rows, but"
                    + " the input is " + Tensor.shape(x) + " and the output " + Tensor.shape(y));
        }
    }

    private static void requireColumn(String what, Tensor y) {
        if (y.cols() != 1) {
            throw new IllegalArgumentException(what + ": needs a scalar function per point (N×1 output) but the"
                    + " output is " + Tensor.shape(y) + "; use jacobian for vector-valued functions");
        }
    }

    // ================================================================================================
    // no-grad

    /**
     * Evaluates {@code body} with graph recording switched off on this thread: tensors computed inside are
     * plain values without parents (cheaper, and gradients do not flow through them).
     *
     * @param <T> the type of the value
     * @return what {@code body} returns
     */
    public static <T> T noGrad(Supplier<T> body) {
        boolean previous = GradMode.setRecording(false);
        try {
            return body.get();
        } finally {
            GradMode.setRecording(previous);
        }
    }

    /**
     * Whether graph recording is on for this thread (it is off inside {@link #noGrad}).
     */
    public static boolean isRecording() {
        return GradMode.isRecording();
    }

    /**
     * Evaluates {@code body} with graph recording switched on on this thread, also inside {@link #noGrad}: for
     * computations whose values themselves need a gradient (e.g. a Jacobian-vector product in a linearized model).
     *
     * @param <T> the type of the value
     * @return the value of {@code body}, evaluated with graph recording on
     */
    public static <T> T enableGrad(Supplier<T> body) {
        boolean previous = GradMode.setRecording(true);
        try {
            return body.get();
        } finally {
            GradMode.setRecording(previous);
        }
    }

    // ================================================================================================
    // the engine

    /** Nodes reachable from the output in topological order (parents first) and which lie on a target path. */
    private static final class Plan {
        final Tensor[] order;
        final IdentityHashMap<Tensor, Integer> index;
        final boolean[] relevant;
        final boolean[] isTarget;

        Plan(Tensor output, Tensor[] wrt) {
            index = new IdentityHashMap<>();
            ArrayList<Tensor> list = new ArrayList<>();
            Tensor[] stack = new Tensor[64];
            int[] next = new int[64];
            int sp = 0;
            stack[sp] = output;
            next[sp] = 0;
            sp++;
            index.put(output, -1);
            while (sp > 0) {
                Tensor t = stack[sp - 1];
                Tensor[] ps = t.parents();
                if (next[sp - 1] < ps.length) {
                    Tensor p = ps[next[sp - 1]++];
                    if (!index.containsKey(p)) {
                        index.put(p, -1);
                        if (sp == stack.length) {
                            stack = Arrays.copyOf(stack, sp * 2);
                            next = Arrays.copyOf(next, sp * 2);
                        }
                        stack[sp] = p;
                        next[sp] = 0;
                        sp++;
                    }
                } else {
                    index.put(t, list.size());
                    list.add(t);
                    stack[--sp] = null;
                }
            }
            order = list.toArray(new Tensor[0]);
            relevant = new boolean[order.length];
            isTarget = new boolean[order.length];
            for (Tensor w : wrt) {
                Integer i = index.get(w);
                if (i != null) {
                    isTarget[i] = true;
                }
            }
            for (int i = 0; i < order.length; i++) {
                boolean r = isTarget[i];
                for (Tensor p : order[i].parents()) {
                    r |= relevant[index.get(p)];
                }
                relevant[i] = r;
            }
        }

        /** Which parents of node i lie on a target path, or null if none does. */
        boolean[] needed(int i) {
            Tensor[] ps = order[i].parents();
            boolean[] need = new boolean[ps.length];
            boolean any = false;
            for (int k = 0; k < ps.length; k++) {
                need[k] = relevant[index.get(ps[k])];
                any |= need[k];
            }
            return any ? need : null;
        }
    }

    private static DMatrixRMaj[] backwardValues(Tensor output, DMatrixRMaj seed, Tensor[] wrt) {
        Plan plan = new Plan(output, wrt);
        int n = plan.order.length;
        DMatrixRMaj[] acc = new DMatrixRMaj[n];
        boolean[] owned = new boolean[n];
        acc[n - 1] = seed;
        boolean previous = GradMode.setRecording(false);
        try {
            for (int i = n - 1; i >= 0; i--) {
                if (acc[i] == null || !plan.relevant[i]) {
                    continue;
                }
                Tensor node = plan.order[i];
                BackwardRule rule = node.rule();
                boolean[] need = rule == null ? null : plan.needed(i);
                if (need != null) {
                    Tensor[] contributions = rule.apply(node, Tensor.wrap(acc[i]), need);
                    Tensor[] ps = node.parents();
                    for (int k = 0; k < ps.length; k++) {
                        if (!need[k]) {
                            continue;
                        }
                        Tensor c = checkContribution(node, k, contributions[k]);
                        int p = plan.index.get(ps[k]);
                        if (acc[p] == null) {
                            acc[p] = c.value();
                            owned[p] = false;
                        } else if (owned[p]) {
                            Kernels.addInPlace(acc[p], c.value());
                        } else {
                            DMatrixRMaj sum = new DMatrixRMaj(acc[p].numRows, acc[p].numCols);
                            Kernels.binary(Kernels.PLUS, acc[p], c.value(), sum);
                            acc[p] = sum;
                            owned[p] = true;
                        }
                    }
                }
                if (!plan.isTarget[i]) {
                    acc[i] = null;
                }
            }
        } finally {
            GradMode.setRecording(previous);
        }
        DMatrixRMaj[] result = new DMatrixRMaj[wrt.length];
        for (int k = 0; k < wrt.length; k++) {
            Integer i = plan.index.get(wrt[k]);
            if (i == null || acc[i] == null) {
                result[k] = new DMatrixRMaj(wrt[k].rows(), wrt[k].cols());
            } else {
                result[k] = owned[i] ? acc[i] : acc[i].copy();
                // a target listed twice must not share one matrix
                owned[i] = false;
            }
        }
        return result;
    }

    private static Tensor[] backwardGraph(Tensor output, Tensor seed, Tensor[] wrt) {
        Plan plan = new Plan(output, wrt);
        int n = plan.order.length;
        Tensor[] acc = new Tensor[n];
        acc[n - 1] = seed;
        boolean previous = GradMode.setRecording(true);
        try {
            for (int i = n - 1; i >= 0; i--) {
                if (acc[i] == null || !plan.relevant[i]) {
                    continue;
                }
                Tensor node = plan.order[i];
                BackwardRule rule = node.rule();
                boolean[] need = rule == null ? null : plan.needed(i);
                if (need != null) {
                    Tensor[] contributions = rule.apply(node, acc[i], need);
                    Tensor[] ps = node.parents();
                    for (int k = 0; k < ps.length; k++) {
                        if (!need[k]) {
                            continue;
                        }
                        Tensor c = checkContribution(node, k, contributions[k]);
                        int p = plan.index.get(ps[k]);
                        acc[p] = acc[p] == null ? c : acc[p].plus(c);
                    }
                }
                if (!plan.isTarget[i]) {
                    acc[i] = null;
                }
            }
        } finally {
            GradMode.setRecording(previous);
        }
        Tensor[] result = new Tensor[wrt.length];
        for (int k = 0; k < wrt.length; k++) {
            Integer i = plan.index.get(wrt[k]);
            result[k] = i == null || acc[i] == null ? Tensor.zeros(wrt[k].rows(), wrt[k].cols()) : acc[i];
        }
        return result;
    }

    private static Tensor checkContribution(Tensor node, int k, Tensor c) {
        Tensor p = node.parents()[k];
        if (c == null || c.rows() != p.rows() || c.cols() != p.cols()) {
            throw new IllegalStateException("internal error: backward rule of '" + node.op() + "' gave "
                    + (c == null ? "null" : Tensor.shape(c)) + " for parent " + k + " of shape " + Tensor.shape(p));
        }
        return c;
    }

    // ================================================================================================
    // validation

    private static void requireScalarOutput(String what, Tensor output) {
        requireNotNull(what, output, "output");
        if (output.rows() != 1 || output.cols() != 1) {
            throw new IllegalArgumentException(what + ": the output must be 1×1 but is " + Tensor.shape(output)
                    + "; reduce it first (sum(), mean()) or use vjp with a seed of that shape");
        }
    }

    private static Tensor[] checkTargets(String what, Tensor[] wrt) {
        if (wrt == null || wrt.length == 0) {
            throw new IllegalArgumentException(what + ": no tensors to differentiate with respect to");
        }
        for (int k = 0; k < wrt.length; k++) {
            requireNotNull(what, wrt[k], "target " + k);
        }
        return wrt;
    }

    private static void requireSameShape(String what, String name, int rows, int cols, Tensor like) {
        if (rows != like.rows() || cols != like.cols()) {
            throw new IllegalArgumentException(what + ": " + name + " is " + rows + "×" + cols + " but must match "
                    + Tensor.shape(like));
        }
    }

    private static void requireNotNull(String what, Object o, String name) {
        if (o == null) {
            throw new IllegalArgumentException(what + ": " + name + " is null");
        }
    }
}
