package org.metricflow.core.autodiff;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.metricflow.core.autodiff.internal.BackwardRule;
import org.metricflow.core.autodiff.internal.GradMode;
import org.metricflow.core.autodiff.internal.Kernels;
import org.metricflow.core.autodiff.internal.ParallelMatmul;

/**
 * A node of a reverse-mode autodiff graph holding a rows×cols matrix of doubles (rows = a batch of points).
 *
 * <p><b>Kinds of nodes.</b> A <em>constant</em> is a leaf holding a private copy of its data. A
 * <em>variable</em> is a leaf whose value matrix optimizers may update in place: {@link #value()} returns
 * the live matrix, and every result computed from a variable before such an update is stale (its value and
 * its backward rules see the old and the new numbers mixed); recompute the forward pass after each update.
 * Every other node is the result of an operation: it keeps its value, its parents and a backward rule. The
 * structure of the graph never changes after construction.
 *
 * <p><b>Recording.</b> Operations always record their parents, so {@link Autodiff} can differentiate with
 * respect to any node (variables, constants or intermediate results). Inside {@link Autodiff#noGrad} or on
 * a {@link #detach() detached} tensor nothing is recorded. Recording is per thread: graphs built in
 * different threads never interfere; a single graph must not be differentiated while another thread is
 * updating the variables it reads.
 *
 * <p><b>Broadcasting.</b> The element-wise binary operations accept operands whose row counts and column
 * counts are each either equal or 1 (r×c with 1×1, 1×c, r×1, and r×1 with 1×c); the result has the larger
 * dimension. The gradient of a broadcast operand is summed back to its shape.
 *
 * <p><b>Batched small matrices.</b> {@link #det()}, {@link #inverse()}, {@link #logDet()}, {@link #trace()},
 * {@link #batchTranspose()} and {@link #batchMatmul(Tensor)} treat each row of an r×(n·n) tensor as an n×n
 * matrix stored row-major: entry (i, j) of the matrix of point p is {@code get(p, i*n + j)}.
 *
 * <p>Every operation documents its value y and its derivative; the backward rules are written with Tensor
 * operations, so gradients obtained with {@link Autodiff#gradGraph} can be differentiated again to any
 * order. Non-smooth operations ({@link #relu()}, {@link #abs()}) use the one-sided derivative documented
 * on them.
 *
 * <p>{@link #value()} returns the node's matrix without copying; only variables may be modified through
 * it.
 */
public final class Tensor {
    private static final Tensor[] NO_PARENTS = new Tensor[0];
    private static final double INV_SQRT2 = 0.70710678118654752440;
    private static final double INV_SQRT_2PI = 0.39894228040143267794;
    private static final double TWO_OVER_SQRT_PI = 1.12837916709551257390;

    private final DMatrixRMaj value;
    private final Tensor[] parents;
    private final BackwardRule rule;
    private final String op;
    private final boolean variable;
    private final boolean requiresGrad;

    private Tensor(DMatrixRMaj value, String op, Tensor[] parents, BackwardRule rule, boolean variable) {
        this.value = value;
        this.op = op;
        this.parents = parents;
        this.rule = rule;
        this.variable = variable;
        boolean depends = variable;
        for (Tensor p : parents) {
            depends |= p.requiresGrad;
        }
        this.requiresGrad = depends;
    }

    /** A graph node for the result {@code value} of {@code op}, or a plain value holder when not recording. */
    private static Tensor node(DMatrixRMaj value, String op, BackwardRule rule, Tensor... parents) {
        if (!GradMode.isRecording()) {
            return new Tensor(value, op, NO_PARENTS, null, false);
        }
        return new Tensor(value, op, parents, rule, false);
    }

    /** A constant leaf that takes ownership of {@code m} (no copy). */
    static Tensor wrap(DMatrixRMaj m) {
        return new Tensor(m, "constant", NO_PARENTS, null, false);
    }

    Tensor[] parents() {
        return parents;
    }

    BackwardRule rule() {
        return rule;
    }

    /**
     * The name of the operation that produced this node ("constant" or "variable" for leaves).
     */
    public String op() {
        return op;
    }

    // ================================================================================================
    // factories

    /**
     * A constant holding a copy of {@code m}.
     */
    public static Tensor constant(DMatrixRMaj m) {
        requireNonNull(m, "constant", "matrix");
        return wrap(m.copy());
    }

    /**
     * A rows×cols constant from row-major data (copied).
     *
     * @param rows the number of rows, ≥ 1 (in a batch: one row per point)
     * @param cols the number of columns, ≥ 1
     * @param rowMajor rows·cols entries, row-major (copied; the array may be reused)
     * @throws IllegalArgumentException if {@code rowMajor.length != rows*cols}
     */
    public static Tensor constant(int rows, int cols, double... rowMajor) {
        return wrap(matrix("constant", rows, cols, rowMajor));
    }

    /**
     * A constant from a rectangular array {@code data[row][col]} (copied).
     */
    public static Tensor constant(double[][] data) {
        requireNonNull(data, "constant", "data");
        if (data.length == 0) {
            throw new IllegalArgumentException("constant: data has no rows; pass at least one row");
        }
        int cols = data[0].length;
        DMatrixRMaj m = new DMatrixRMaj(data.length, cols);
        for (int i = 0; i < data.length; i++) {
            if (data[i].length != cols) {
                throw new IllegalArgumentException("constant: row " + i + " has " + data[i].length
                        + " entries but row 0 has " + cols + "; rows must have equal length");
            }
            System.arraycopy(data[i], 0, m.data, i * cols, cols);
        }
        return wrap(m);
    }

    /**
     * A variable leaf holding a copy of {@code m}; {@link #value()} then returns the live matrix.
     */
    public static Tensor variable(DMatrixRMaj m) {
        requireNonNull(m, "variable", "matrix");
        return new Tensor(m.copy(), "variable", NO_PARENTS, null, true);
    }

    /**
     * A rows×cols variable from row-major data (copied).
     *
     * @param rows the number of rows, ≥ 1 (in a batch: one row per point)
     * @param cols the number of columns, ≥ 1
     * @param rowMajor rows·cols entries, row-major (copied; the array may be reused)
     */
    public static Tensor variable(int rows, int cols, double... rowMajor) {
        return new Tensor(matrix("variable", rows, cols, rowMajor), "variable", NO_PARENTS, null, true);
    }

    /**
     * A 1×1 constant.
     */
    public static Tensor scalar(double v) {
        DMatrixRMaj m = new DMatrixRMaj(1, 1);
        m.data[0] = v;
        return wrap(m);
    }

    /**
     * A rows×cols constant of zeros.
     *
     * @param rows the number of rows, ≥ 1 (in a batch: one row per point)
     * @param cols the number of columns, ≥ 1
     */
    public static Tensor zeros(int rows, int cols) {
        checkShape("zeros", rows, cols);
        return wrap(new DMatrixRMaj(rows, cols));
    }

    /**
     * A rows×cols constant of ones.
     *
     * @param rows the number of rows, ≥ 1 (in a batch: one row per point)
     * @param cols the number of columns, ≥ 1
     */
    public static Tensor ones(int rows, int cols) {
        return full(rows, cols, 1.0);
    }

    /**
     * A rows×cols constant with every entry {@code v}.
     *
     * @param rows the number of rows, ≥ 1 (in a batch: one row per point)
     * @param cols the number of columns, ≥ 1
     */
    public static Tensor full(int rows, int cols, double v) {
        checkShape("full", rows, cols);
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        Arrays.fill(m.data, 0, rows * cols, v);
        return wrap(m);
    }

    /**
     * The n×n identity as a constant.
     */
    public static Tensor eye(int n) {
        checkShape("eye", n, n);
        return wrap(CommonOps_DDRM.identity(n));
    }

    /**
     * A rows×(n·n) constant whose every row is the n×n identity (row-major): the batched identity.
     *
     * @param rows the number of rows, ≥ 1 (in a batch: one row per point)
     */
    public static Tensor batchEye(int rows, int n) {
        checkShape("batchEye", rows, n * n);
        DMatrixRMaj m = new DMatrixRMaj(rows, n * n);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                m.data[r * n * n + i * n + i] = 1.0;
            }
        }
        return wrap(m);
    }

    private static DMatrixRMaj matrix(String what, int rows, int cols, double[] rowMajor) {
        checkShape(what, rows, cols);
        requireNonNull(rowMajor, what, "data");
        if (rowMajor.length != rows * cols) {
            throw new IllegalArgumentException(what + ": a " + rows + "×" + cols + " tensor needs " + rows * cols
                    + " row-major values but got " + rowMajor.length);
        }
        return new DMatrixRMaj(rows, cols, true, rowMajor);
    }

    private static void checkShape(String what, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(what + ": shape " + rows + "×" + cols
                    + " is empty or negative; rows and cols must be ≥ 1");
        }
    }

    private static void requireNonNull(Object o, String what, String name) {
        if (o == null) {
            throw new IllegalArgumentException(what + ": " + name + " is null");
        }
    }

    // ================================================================================================
    // accessors

    /**
     * The value matrix, not copied. For a variable this is the live matrix an optimizer may update in place
     * (results computed before such an update are stale); for every other node it must not be modified.
     */
    public DMatrixRMaj value() {
        return value;
    }

    /**
     * Number of rows (points in the batch).
     */
    public int rows() {
        return value.numRows;
    }

    /**
     * Number of columns.
     */
    public int cols() {
        return value.numCols;
    }

    /**
     * Entry (r, c) of the value.
     */
    public double get(int r, int c) {
        if (r < 0 || r >= rows() || c < 0 || c >= cols()) {
            throw new IndexOutOfBoundsException("get: index (" + r + ", " + c + ") outside a " + shape(this)
                    + " tensor");
        }
        return value.data[r * value.numCols + c];
    }

    /**
     * The value of a 1×1 tensor.
     */
    public double item() {
        if (rows() != 1 || cols() != 1) {
            throw new IllegalArgumentException("item: needs a 1×1 tensor but this one is " + shape(this)
                    + "; reduce it first (sum(), mean()) or use get(r, c)");
        }
        return value.data[0];
    }

    /**
     * Whether this is a variable leaf.
     */
    public boolean isVariable() {
        return variable;
    }

    /**
     * Whether this is a variable or was computed (with recording on) from one.
     */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Whether this node has no recorded parents (constant, variable, or a value computed without recording).
     */
    public boolean isLeaf() {
        return parents.length == 0;
    }

    /**
     * A constant with a copy of this value and no connection to the graph (gradients do not flow through).
     */
    public Tensor detach() {
        return wrap(value.copy());
    }

    /**
     * A copy of the value as {@code double[rows][cols]}.
     */
    public double[][] toArray() {
        double[][] a = new double[rows()][cols()];
        for (int i = 0; i < rows(); i++) {
            System.arraycopy(value.data, i * cols(), a[i], 0, cols());
        }
        return a;
    }

    /**
     * Whether every entry is finite (no NaN, no ±∞): one cheap scan.
     */
    public boolean isFinite() {
        return Kernels.firstNonFinite(value) < 0;
    }

    /**
     * Returns this tensor if every entry is finite.
     *
     * @param what names the quantity in the error message
     * @throws ArithmeticException naming {@code what}, the first offending entry and its value
     */
    public Tensor requireFinite(String what) {
        int i = Kernels.firstNonFinite(value);
        if (i >= 0) {
            throw new ArithmeticException(what + ": non-finite value " + value.data[i] + " at (" + i / cols() + ", "
                    + i % cols() + ") of a " + shape(this) + " tensor (op " + op + ")");
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor[").append(op).append(", ").append(shape(this));
        if (rows() * cols() <= 16) {
            sb.append(", ").append(Arrays.deepToString(toArray()));
        }
        return sb.append(']').toString();
    }

    static String shape(Tensor t) {
        return t.rows() + "×" + t.cols();
    }

    // ================================================================================================
    // element-wise binary operations with broadcasting

    private static int[] broadcastShape(String what, Tensor a, Tensor b) {
        requireNonNull(b, what, "operand");
        int ra = a.rows();
        int ca = a.cols();
        int rb = b.rows();
        int cb = b.cols();
        if ((ra != rb && ra != 1 && rb != 1) || (ca != cb && ca != 1 && cb != 1)) {
            throw new IllegalArgumentException(what + ": shapes " + shape(a) + " and " + shape(b)
                    + " do not broadcast (need equal dims or 1)");
        }
        return new int[] {Math.max(ra, rb), Math.max(ca, cb)};
    }

    private Tensor binary(String what, int code, Tensor other, BackwardRule rule) {
        int[] s = broadcastShape(what, this, other);
        DMatrixRMaj out = new DMatrixRMaj(s[0], s[1]);
        Kernels.binary(code, value, other.value, out);
        return node(out, what, rule, this, other);
    }

    /**
     * Element-wise sum y = a + b (broadcasting). ∂y/∂a = ∂y/∂b = 1; broadcast gradients are summed back.
     */
    public Tensor plus(Tensor other) {
        Tensor a = this;
        return binary("plus", Kernels.PLUS, other, (self, g, need) -> new Tensor[] {
            need[0] ? g.sumToShape(a.rows(), a.cols()) : null,
            need[1] ? g.sumToShape(other.rows(), other.cols()) : null});
    }

    /**
     * Element-wise difference y = a − b (broadcasting). ∂y/∂a = 1, ∂y/∂b = −1.
     */
    public Tensor minus(Tensor other) {
        Tensor a = this;
        return binary("minus", Kernels.MINUS, other, (self, g, need) -> new Tensor[] {
            need[0] ? g.sumToShape(a.rows(), a.cols()) : null,
            need[1] ? g.neg().sumToShape(other.rows(), other.cols()) : null});
    }

    /**
     * Element-wise (Hadamard) product y = a·b (broadcasting). ∂y/∂a = b, ∂y/∂b = a.
     */
    public Tensor times(Tensor other) {
        Tensor a = this;
        return binary("times", Kernels.TIMES, other, (self, g, need) -> new Tensor[] {
            need[0] ? g.times(other).sumToShape(a.rows(), a.cols()) : null,
            need[1] ? g.times(a).sumToShape(other.rows(), other.cols()) : null});
    }

    /**
     * Element-wise quotient y = a/b (broadcasting). ∂y/∂a = 1/b, ∂y/∂b = −a/b² = −y/b.
     */
    public Tensor div(Tensor other) {
        Tensor a = this;
        return binary("div", Kernels.DIV, other, (self, g, need) -> new Tensor[] {
            need[0] ? g.div(other).sumToShape(a.rows(), a.cols()) : null,
            need[1] ? g.times(self).div(other).neg().sumToShape(other.rows(), other.cols()) : null});
    }

    private Tensor scalarOp(String what, int code, double c, BackwardRule rule) {
        DMatrixRMaj out = new DMatrixRMaj(rows(), cols());
        Kernels.binaryScalar(code, value, c, out);
        return node(out, what, rule, this);
    }

    /**
     * y = a + c. ∂y/∂a = 1.
     *
     * @return y = a + c
     */
    public Tensor plus(double c) {
        return scalarOp("plus", Kernels.PLUS, c, (self, g, need) -> new Tensor[] {g});
    }

    /**
     * y = a − c. ∂y/∂a = 1.
     *
     * @return y = a − c
     */
    public Tensor minus(double c) {
        return scalarOp("minus", Kernels.MINUS, c, (self, g, need) -> new Tensor[] {g});
    }

    /**
     * y = a·c. ∂y/∂a = c.
     *
     * @return y = a·c
     */
    public Tensor times(double c) {
        return scalarOp("times", Kernels.TIMES, c, (self, g, need) -> new Tensor[] {g.times(c)});
    }

    /**
     * y = a/c. ∂y/∂a = 1/c.
     *
     * @return y = a/c
     */
    public Tensor div(double c) {
        return scalarOp("div", Kernels.DIV, c, (self, g, need) -> new Tensor[] {g.div(c)});
    }

    // ================================================================================================
    // element-wise unary operations

    private Tensor unary(String what, int code, BackwardRule rule) {
        DMatrixRMaj out = new DMatrixRMaj(rows(), cols());
        Kernels.unary(code, value, out);
        return node(out, what, rule, this);
    }

    /** A constant (no parents) holding f(x): used for derivative masks of non-smooth operations. */
    private Tensor mask(int code) {
        DMatrixRMaj out = new DMatrixRMaj(rows(), cols());
        Kernels.unary(code, value, out);
        return wrap(out);
    }

    /**
     * y = −x. y' = −1.
     *
     * @return y = −x
     */
    public Tensor neg() {
        return unary("neg", Kernels.NEG, (self, g, need) -> new Tensor[] {g.neg()});
    }

    /**
     * y = x². y' = 2x.
     *
     * @return y = x²
     */
    public Tensor square() {
        Tensor x = this;
        return unary("square", Kernels.SQUARE, (self, g, need) -> new Tensor[] {g.times(x).times(2.0)});
    }

    /**
     * y = xᵖ (Math.pow semantics: NaN for negative x and non-integer p). y' = p·x^{p−1}; p = 0 gives the
     * constant 1.
     */
    public Tensor pow(double p) {
        if (p == 0.0) {
            return ones(rows(), cols());
        }
        Tensor x = this;
        DMatrixRMaj out = new DMatrixRMaj(rows(), cols());
        Kernels.pow(value, p, out);
        return node(out, "pow", (self, g, need) -> new Tensor[] {
            p == 1.0 ? g : g.times(x.pow(p - 1.0)).times(p)}, this);
    }

    /**
     * y = √x. y' = 1/(2√x) = 0.5/y.
     *
     * @return y = √x
     */
    public Tensor sqrt() {
        return unary("sqrt", Kernels.SQRT, (self, g, need) -> new Tensor[] {g.div(self).times(0.5)});
    }

    /**
     * y = eˣ. y' = y.
     *
     * @return y = eˣ
     */
    public Tensor exp() {
        return unary("exp", Kernels.EXP, (self, g, need) -> new Tensor[] {g.times(self)});
    }

    /**
     * y = ln x (NaN for x &lt; 0). y' = 1/x.
     */
    public Tensor log() {
        Tensor x = this;
        return unary("log", Kernels.LOG, (self, g, need) -> new Tensor[] {g.div(x)});
    }

    /**
     * y = sin x. y' = cos x.
     */
    public Tensor sin() {
        Tensor x = this;
        return unary("sin", Kernels.SIN, (self, g, need) -> new Tensor[] {g.times(x.cos())});
    }

    /**
     * y = cos x. y' = −sin x.
     */
    public Tensor cos() {
        Tensor x = this;
        return unary("cos", Kernels.COS, (self, g, need) -> new Tensor[] {g.times(x.sin()).neg()});
    }

    /**
     * y = tanh x. y' = 1 − y².
     */
    public Tensor tanh() {
        return unary("tanh", Kernels.TANH, (self, g, need) -> new Tensor[] {tanhBackward(g, self)});
    }

    /** Fused G·(1 − t²); partial derivatives 1 − t² (w.r.t. G) and −2·G·t (w.r.t. t). */
    private static Tensor tanhBackward(Tensor g, Tensor t) {
        DMatrixRMaj out = new DMatrixRMaj(g.rows(), g.cols());
        Kernels.tanhBackward(g.value, t.value, out);
        return node(out, "tanhBackward", (self, gg, need) -> new Tensor[] {
            need[0] ? tanhBackward(gg, t) : null,
            need[1] ? gg.times(g).times(t).times(-2.0) : null}, g, t);
    }

    /**
     * y = σ(x) = 1/(1 + e^{−x}) (evaluated without overflow). y' = y(1 − y).
     */
    public Tensor sigmoid() {
        return unary("sigmoid", Kernels.SIGMOID, (self, g, need) -> new Tensor[] {sigmoidBackward(g, self)});
    }

    /** Fused G·s(1 − s); partial derivatives s(1 − s) (w.r.t. G) and G(1 − 2s) (w.r.t. s). */
    private static Tensor sigmoidBackward(Tensor g, Tensor s) {
        DMatrixRMaj out = new DMatrixRMaj(g.rows(), g.cols());
        Kernels.sigmoidBackward(g.value, s.value, out);
        return node(out, "sigmoidBackward", (self, gg, need) -> new Tensor[] {
            need[0] ? sigmoidBackward(gg, s) : null,
            need[1] ? gg.times(g).times(s.times(-2.0).plus(1.0)) : null}, g, s);
    }

    /**
     * y = ln(1 + eˣ), evaluated as max(x,0) + ln(1 + e^{−|x|}). y' = σ(x).
     */
    public Tensor softplus() {
        Tensor x = this;
        return unary("softplus", Kernels.SOFTPLUS, (self, g, need) -> new Tensor[] {g.times(x.sigmoid())});
    }

    /**
     * Exact GELU y = x·Φ(x) with Φ(x) = (1 + erf(x/√2))/2 the standard normal CDF.
     * y' = Φ(x) + x·φ(x), y'' = φ(x)(2 − x²), with φ(x) = e^{−x²/2}/√(2π); every higher derivative is
     * a polynomial times φ, computed in closed form.
     */
    public Tensor gelu() {
        Tensor x = this;
        return unary("gelu", Kernels.GELU, (self, g, need) -> new Tensor[] {g.times(x.geluPrime())});
    }

    private Tensor geluPrime() {
        Tensor x = this;
        return unary("geluPrime", Kernels.GELU_PRIME, (self, g, need) -> new Tensor[] {
            g.times(x.gaussPoly(new double[] {2 * INV_SQRT_2PI, 0.0, -INV_SQRT_2PI}, 0.5))});
    }

    /**
     * y = P(x)·exp(−c x²) with P(x) = Σ p_k xᵏ; y' = (P'(x) − 2c·x·P(x))·exp(−c x²), again of this form, so
     * the family is closed under differentiation.
     */
    private Tensor gaussPoly(double[] p, double c) {
        Tensor x = this;
        DMatrixRMaj out = new DMatrixRMaj(rows(), cols());
        Kernels.gaussPoly(value, p, c, out);
        return node(out, "gaussPoly", (self, g, need) -> {
            double[] d = new double[p.length + 1];
            for (int k = 1; k < p.length; k++) {
                d[k - 1] += k * p[k];
            }
            for (int k = 0; k < p.length; k++) {
                d[k + 1] -= 2.0 * c * p[k];
            }
            return new Tensor[] {g.times(x.gaussPoly(d, c))};
        }, this);
    }

    /**
     * y = erf x = (2/√π)∫₀ˣ e^{−t²}dt. y' = (2/√π) e^{−x²}.
     */
    public Tensor erf() {
        Tensor x = this;
        return unary("erf", Kernels.ERF, (self, g, need) -> new Tensor[] {
            g.times(x.gaussPoly(new double[] {TWO_OVER_SQRT_PI}, 1.0))});
    }

    /**
     * y = max(x, 0). Kink at 0: the derivative used is 1 for x &gt; 0 and 0 for x ≤ 0; second and higher
     * derivatives are 0 (the distributional δ at 0 is ignored).
     */
    public Tensor relu() {
        Tensor x = this;
        return unary("relu", Kernels.RELU, (self, g, need) -> new Tensor[] {g.times(x.mask(Kernels.STEP))});
    }

    /**
     * y = |x|. Kink at 0: the derivative used is sign(x), i.e. 0 at x = 0; higher derivatives are 0.
     *
     * @return y = |x|
     */
    public Tensor abs() {
        Tensor x = this;
        return unary("abs", Kernels.ABS, (self, g, need) -> new Tensor[] {g.times(x.mask(Kernels.SIGN))});
    }

    // ================================================================================================
    // linear algebra

    /**
     * Matrix product y = A·B (A r×k, B k×c). ∂L/∂A = G·Bᵀ, ∂L/∂B = Aᵀ·G.
     */
    public Tensor matmul(Tensor other) {
        return matmul(this, false, other, false, "matmul");
    }

    /**
     * y = Aᵀ·B without materialising Aᵀ (A k×r, B k×c). ∂L/∂A = B·Gᵀ, ∂L/∂B = A·G.
     */
    public Tensor matmulTransA(Tensor other) {
        return matmul(this, true, other, false, "matmulTransA");
    }

    /**
     * y = A·Bᵀ without materialising Bᵀ (A r×k, B c×k). ∂L/∂A = G·B, ∂L/∂B = Gᵀ·A.
     */
    public Tensor matmulTransB(Tensor other) {
        return matmul(this, false, other, true, "matmulTransB");
    }

    private static Tensor matmul(Tensor a, boolean ta, Tensor b, boolean tb, String what) {
        requireNonNull(b, what, "operand");
        int ar = ta ? a.cols() : a.rows();
        int ak = ta ? a.rows() : a.cols();
        int bk = tb ? b.cols() : b.rows();
        int bc = tb ? b.rows() : b.cols();
        if (ak != bk) {
            throw new IllegalArgumentException(what + ": shapes " + shape(a) + " and " + shape(b)
                    + " do not match (inner dimensions " + ak + " and " + bk + " differ)");
        }
        DMatrixRMaj out = new DMatrixRMaj(ar, bc);
        ParallelMatmul.mult(a.value, ta, b.value, tb, out);
        return node(out, what, (self, g, need) -> {
            Tensor ga = null;
            Tensor gb = null;
            if (!ta && !tb) {
                ga = need[0] ? matmul(g, false, b, true, "matmulTransB") : null;
                gb = need[1] ? matmul(a, true, g, false, "matmulTransA") : null;
            } else if (ta && !tb) {
                ga = need[0] ? matmul(b, false, g, true, "matmulTransB") : null;
                gb = need[1] ? matmul(a, false, g, false, "matmul") : null;
            } else if (!ta) {
                ga = need[0] ? matmul(g, false, b, false, "matmul") : null;
                gb = need[1] ? matmul(g, true, a, false, "matmulTransA") : null;
            } else {
                ga = need[0] ? matmul(b, true, g, true, "matmulTransAB") : null;
                gb = need[1] ? matmul(g, true, a, true, "matmulTransAB") : null;
            }
            return new Tensor[] {ga, gb};
        }, a, b);
    }

    /**
     * y = Aᵀ. ∂L/∂A = Gᵀ.
     *
     * @return y = Aᵀ
     */
    public Tensor transpose() {
        DMatrixRMaj out = new DMatrixRMaj(cols(), rows());
        CommonOps_DDRM.transpose(value, out);
        return node(out, "transpose", (self, g, need) -> new Tensor[] {g.transpose()}, this);
    }

    // ================================================================================================
    // reductions and broadcasting

    /**
     * y = Σ_ij x_ij (1×1). ∂y/∂x_ij = 1.
     */
    public Tensor sum() {
        DMatrixRMaj out = new DMatrixRMaj(1, 1);
        out.data[0] = Kernels.sum(value);
        int r = rows();
        int c = cols();
        return node(out, "sum", (self, g, need) -> new Tensor[] {g.broadcastTo(r, c)}, this);
    }

    /**
     * y = (1/(rows·cols)) Σ_ij x_ij (1×1), computed as sum()·(1/(rows·cols)).
     */
    public Tensor mean() {
        return sum().times(1.0 / ((double) rows() * cols()));
    }

    /**
     * y_i = Σ_j x_ij (rows×1: one sum per row, i.e. per point). ∂y_i/∂x_ij = 1.
     */
    public Tensor sumRows() {
        DMatrixRMaj out = new DMatrixRMaj(rows(), 1);
        Kernels.sumRows(value, out);
        int r = rows();
        int c = cols();
        return node(out, "sumRows", (self, g, need) -> new Tensor[] {g.broadcastTo(r, c)}, this);
    }

    /**
     * y_j = Σ_i x_ij (1×cols: one sum per column, over the batch). ∂y_j/∂x_ij = 1.
     */
    public Tensor sumCols() {
        DMatrixRMaj out = new DMatrixRMaj(1, cols());
        Kernels.sumCols(value, out);
        int r = rows();
        int c = cols();
        return node(out, "sumCols", (self, g, need) -> new Tensor[] {g.broadcastTo(r, c)}, this);
    }

    /**
     * y_i = (1/cols) Σ_j x_ij (rows×1).
     */
    public Tensor meanRows() {
        return sumRows().times(1.0 / cols());
    }

    /**
     * y_j = (1/rows) Σ_i x_ij (1×cols).
     */
    public Tensor meanCols() {
        return sumCols().times(1.0 / rows());
    }

    /**
     * Broadcasts this tensor (rows 1 or {@code rows}, cols 1 or {@code cols}) to rows×cols by repetition.
     * The backward rule sums the gradient back ({@link #sumToShape}).
     *
     * @param rows the number of rows, ≥ 1 (in a batch: one row per point)
     * @param cols the number of columns, ≥ 1
     * @return the broadcast tensor, rows×cols
     */
    public Tensor broadcastTo(int rows, int cols) {
        if ((rows() != rows && rows() != 1) || (cols() != cols && cols() != 1)) {
            throw new IllegalArgumentException("broadcastTo: shape " + shape(this) + " does not broadcast to "
                    + rows + "×" + cols + " (need equal dims or 1)");
        }
        if (rows() == rows && cols() == cols) {
            return this;
        }
        DMatrixRMaj out = new DMatrixRMaj(rows, cols);
        Kernels.broadcastTo(value, out);
        int r = rows();
        int c = cols();
        return node(out, "broadcastTo", (self, g, need) -> new Tensor[] {g.sumToShape(r, c)}, this);
    }

    /**
     * Sums this tensor down to rows×cols, the inverse of broadcasting: target 1×1 sums everything, r×1 sums
     * each row, 1×c sums each column; an equal shape returns this tensor.
     *
     * @param rows the number of rows, ≥ 1 (in a batch: one row per point)
     * @param cols the number of columns, ≥ 1
     * @return the summed tensor, rows×cols
     */
    public Tensor sumToShape(int rows, int cols) {
        if (rows == rows() && cols == cols()) {
            return this;
        }
        if ((rows != 1 && rows != rows()) || (cols != 1 && cols != cols())) {
            throw new IllegalArgumentException("sumToShape: cannot reduce " + shape(this) + " to " + rows + "×"
                    + cols + " (each target dim must equal the source dim or be 1)");
        }
        if (rows == 1 && cols == 1) {
            return sum();
        }
        return rows == 1 ? sumCols() : sumRows();
    }

    // ================================================================================================
    // slicing and concatenation

    /**
     * Columns from (inclusive) to to (exclusive): y = x[:, from:to]. Backward scatters into zeros.
     *
     * @return the columns [from, to)
     */
    public Tensor cols(int from, int to) {
        if (from < 0 || to > cols() || from >= to) {
            throw new IllegalArgumentException("cols: column range [" + from + ", " + to + ") is not a non-empty"
                    + " range inside 0.." + cols() + " of a " + shape(this) + " tensor");
        }
        int[] idx = new int[to - from];
        for (int j = 0; j < idx.length; j++) {
            idx[j] = from + j;
        }
        return gatherCols(idx, "cols");
    }

    /**
     * Column j as a rows×1 tensor.
     */
    public Tensor col(int j) {
        if (j < 0 || j >= cols()) {
            throw new IllegalArgumentException("col: column " + j + " outside 0.." + (cols() - 1) + " of a "
                    + shape(this) + " tensor");
        }
        return cols(j, j + 1);
    }

    /**
     * Gathers columns: y[:, j] = x[:, idx[j]] (indices may repeat). Backward: scatter-add
     * ∂L/∂x[:, idx[j]] += G[:, j].
     *
     * @return the gathered columns
     */
    public Tensor selectCols(int... idx) {
        requireNonNull(idx, "selectCols", "indices");
        if (idx.length == 0) {
            throw new IllegalArgumentException("selectCols: no column indices given");
        }
        for (int v : idx) {
            if (v < 0 || v >= cols()) {
                throw new IllegalArgumentException("selectCols: column index " + v + " outside 0.." + (cols() - 1)
                        + " of a " + shape(this) + " tensor");
            }
        }
        return gatherCols(idx.clone(), "selectCols");
    }

    private Tensor gatherCols(int[] idx, String what) {
        DMatrixRMaj out = new DMatrixRMaj(rows(), idx.length);
        Kernels.gatherCols(value, idx, out);
        int total = cols();
        return node(out, what, (self, g, need) -> new Tensor[] {g.scatterAddCols(idx, total)}, this);
    }

    private Tensor scatterAddCols(int[] idx, int total) {
        DMatrixRMaj out = new DMatrixRMaj(rows(), total);
        Kernels.scatterAddCols(value, idx, out);
        return node(out, "scatterAddCols", (self, g, need) -> new Tensor[] {g.gatherCols(idx, "selectCols")},
                this);
    }

    /**
     * Rows from (inclusive) to to (exclusive): y = x[from:to, :].
     *
     * @return the rows [from, to)
     */
    public Tensor rows(int from, int to) {
        if (from < 0 || to > rows() || from >= to) {
            throw new IllegalArgumentException("rows: row range [" + from + ", " + to + ") is not a non-empty"
                    + " range inside 0.." + rows() + " of a " + shape(this) + " tensor");
        }
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return gatherRows(idx, "rows");
    }

    /**
     * Gathers rows (e.g. a mini-batch): y[i, :] = x[idx[i], :] (indices may repeat). Backward: scatter-add.
     *
     * @return the gathered rows
     */
    public Tensor selectRows(int... idx) {
        requireNonNull(idx, "selectRows", "indices");
        if (idx.length == 0) {
            throw new IllegalArgumentException("selectRows: no row indices given");
        }
        for (int v : idx) {
            if (v < 0 || v >= rows()) {
                throw new IllegalArgumentException("selectRows: row index " + v + " outside 0.." + (rows() - 1)
                        + " of a " + shape(this) + " tensor");
            }
        }
        return gatherRows(idx.clone(), "selectRows");
    }

    private Tensor gatherRows(int[] idx, String what) {
        DMatrixRMaj out = new DMatrixRMaj(idx.length, cols());
        Kernels.gatherRows(value, idx, out);
        int total = rows();
        return node(out, what, (self, g, need) -> new Tensor[] {g.scatterAddRows(idx, total)}, this);
    }

    private Tensor scatterAddRows(int[] idx, int total) {
        DMatrixRMaj out = new DMatrixRMaj(total, cols());
        Kernels.scatterAddRows(value, idx, out);
        return node(out, "scatterAddRows", (self, g, need) -> new Tensor[] {g.gatherRows(idx, "selectRows")},
                this);
    }

    /**
     * Side-by-side concatenation [t_0 | t_1 | …] of tensors with equal row counts.
     */
    public static Tensor concatCols(Tensor... parts) {
        requireParts("concatCols", parts);
        int rows = parts[0].rows();
        int total = 0;
        for (Tensor p : parts) {
            if (p.rows() != rows) {
                throw new IllegalArgumentException("concatCols: shapes " + shape(parts[0]) + " and " + shape(p)
                        + " have different row counts");
            }
            total += p.cols();
        }
        DMatrixRMaj out = new DMatrixRMaj(rows, total);
        int offset = 0;
        int[] offsets = new int[parts.length + 1];
        for (int k = 0; k < parts.length; k++) {
            Tensor p = parts[k];
            int c = p.cols();
            for (int i = 0; i < rows; i++) {
                System.arraycopy(p.value.data, i * c, out.data, i * total + offset, c);
            }
            offsets[k] = offset;
            offset += c;
        }
        offsets[parts.length] = total;
        return node(out, "concatCols", (self, g, need) -> {
            Tensor[] grads = new Tensor[parts.length];
            for (int k = 0; k < parts.length; k++) {
                grads[k] = need[k] ? g.cols(offsets[k], offsets[k + 1]) : null;
            }
            return grads;
        }, parts.clone());
    }

    /**
     * Stacked concatenation of tensors with equal column counts (t_0 on top).
     */
    public static Tensor concatRows(Tensor... parts) {
        requireParts("concatRows", parts);
        int cols = parts[0].cols();
        int total = 0;
        for (Tensor p : parts) {
            if (p.cols() != cols) {
                throw new IllegalArgumentException("concatRows: shapes " + shape(parts[0]) + " and " + shape(p)
                        + " have different column counts");
            }
            total += p.rows();
        }
        DMatrixRMaj out = new DMatrixRMaj(total, cols);
        int[] offsets = new int[parts.length + 1];
        int offset = 0;
        for (int k = 0; k < parts.length; k++) {
            Tensor p = parts[k];
            System.arraycopy(p.value.data, 0, out.data, offset * cols, p.rows() * cols);
            offsets[k] = offset;
            offset += p.rows();
        }
        offsets[parts.length] = total;
        return node(out, "concatRows", (self, g, need) -> {
            Tensor[] grads = new Tensor[parts.length];
            for (int k = 0; k < parts.length; k++) {
                grads[k] = need[k] ? g.rows(offsets[k], offsets[k + 1]) : null;
            }
            return grads;
        }, parts.clone());
    }

    private static void requireParts(String what, Tensor[] parts) {
        if (parts == null || parts.length == 0) {
            throw new IllegalArgumentException(what + ": no tensors given");
        }
        for (int k = 0; k < parts.length; k++) {
            if (parts[k] == null) {
                throw new IllegalArgumentException(what + ": tensor " + k + " is null");
            }
        }
    }

    /**
     * The same row-major data viewed as rows×cols (copied); rows·cols must equal this size.
     *
     * @param rows the number of rows, ≥ 1 (in a batch: one row per point)
     * @param cols the number of columns, ≥ 1
     */
    public Tensor reshape(int rows, int cols) {
        checkShape("reshape", rows, cols);
        if ((long) rows * cols != (long) rows() * cols()) {
            throw new IllegalArgumentException("reshape: cannot view " + shape(this) + " as " + rows + "×" + cols
                    + " (sizes differ)");
        }
        DMatrixRMaj out = new DMatrixRMaj(rows, cols);
        System.arraycopy(value.data, 0, out.data, 0, rows * cols);
        int r = rows();
        int c = cols();
        return node(out, "reshape", (self, g, need) -> new Tensor[] {g.reshape(r, c)}, this);
    }

    // ================================================================================================
    // batched small matrices (each row holds an n×n matrix row-major)

    private static int side(String what, int cols) {
        int n = (int) Math.round(Math.sqrt(cols));
        if (n * n != cols) {
            throw new IllegalArgumentException(what + ": " + cols + " columns is not a square number n·n (each row"
                    + " must hold an n×n matrix row-major)");
        }
        return n;
    }

    /**
     * The matrix size n of a batched r×(n·n) tensor.
     */
    public int matrixSide() {
        return side("matrixSide", cols());
    }

    /**
     * Determinants of the row matrices: r×(n·n) → r×1. Closed forms for n ≤ 3, LU with partial pivoting
     * above. ∂det A/∂A = det A · A^{−T} (the backward rule therefore needs invertible matrices).
     *
     * @return the determinants, r×1
     */
    public Tensor det() {
        int n = side("det", cols());
        DMatrixRMaj out = new DMatrixRMaj(rows(), 1);
        Kernels.det(value, n, out);
        Tensor a = this;
        return node(out, "det", (self, g, need) -> new Tensor[] {
            g.times(self).times(a.inverse().batchTranspose())}, this);
    }

    /**
     * ln det of the row matrices (r×1), for matrices with positive determinant (e.g. metrics); rows with
     * det ≤ 0 give NaN. ∂ ln det A/∂A = A^{−T}.
     *
     * @return ln det of the row matrices (r×1); NaN for rows with det ≤ 0
     */
    public Tensor logDet() {
        int n = side("logDet", cols());
        DMatrixRMaj out = new DMatrixRMaj(rows(), 1);
        Kernels.logDet(value, n, out);
        Tensor a = this;
        return node(out, "logDet", (self, g, need) -> new Tensor[] {g.times(a.inverse().batchTranspose())}, this);
    }

    /**
     * Inverses of the row matrices: r×(n·n) → r×(n·n). Adjugate formulas for n ≤ 3, Gauss–Jordan with
     * partial pivoting above; singular rows give non-finite entries. With B = A^{−1}: ∂L/∂A = −Bᵀ·G·Bᵀ.
     *
     * @return the inverses, r×(n·n)
     */
    public Tensor inverse() {
        int n = side("inverse", cols());
        DMatrixRMaj out = new DMatrixRMaj(rows(), cols());
        Kernels.inverse(value, n, out);
        return node(out, "inverse", (self, g, need) -> new Tensor[] {
            batchMatmul(batchMatmul(self, true, g, false, n, n, n), false, self, true, n, n, n).neg()}, this);
    }

    /**
     * Traces of the row matrices: r×(n·n) → r×1, y = Σ_i A_ii. ∂y/∂A = I.
     *
     * @return the traces, r×1
     */
    public Tensor trace() {
        int n = side("trace", cols());
        int[] diag = new int[n];
        for (int i = 0; i < n; i++) {
            diag[i] = i * n + i;
        }
        return gatherCols(diag, "selectCols").sumRows();
    }

    /**
     * Transposes of the row matrices: y[p, i·n+j] = x[p, j·n+i]. Backward: the same permutation.
     *
     * @return the transposes, r×(n·n)
     */
    public Tensor batchTranspose() {
        int n = side("batchTranspose", cols());
        int[] perm = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                perm[i * n + j] = j * n + i;
            }
        }
        return gatherCols(perm, "selectCols");
    }

    /**
     * Row-wise product of n×n matrices C_p = A_p·B_p (both r×(n·n); a single-row operand is shared by all
     * rows). ∂L/∂A_p = G_p·B_pᵀ, ∂L/∂B_p = A_pᵀ·G_p.
     */
    public Tensor batchMatmul(Tensor other) {
        requireNonNull(other, "batchMatmul", "operand");
        int n = side("batchMatmul", cols());
        if (other.cols() != cols()) {
            throw new IllegalArgumentException("batchMatmul: shapes " + shape(this) + " and " + shape(other)
                    + " hold matrices of different sizes");
        }
        return batchMatmul(other, n, n, n);
    }

    /**
     * Row-wise product C_p = A_p·B_p of an n×k matrix A_p (row-major in r×(n·k)) and a k×m matrix B_p
     * (r×(k·m)), giving r×(n·m). A single-row operand is shared by all rows (its gradient is summed over
     * the batch). ∂L/∂A_p = G_p·B_pᵀ, ∂L/∂B_p = A_pᵀ·G_p.
     */
    public Tensor batchMatmul(Tensor other, int n, int k, int m) {
        requireNonNull(other, "batchMatmul", "operand");
        if (n <= 0 || k <= 0 || m <= 0) {
            throw new IllegalArgumentException("batchMatmul: dimensions n=" + n + ", k=" + k + ", m=" + m
                    + " must be positive");
        }
        if (cols() != n * k || other.cols() != k * m) {
            throw new IllegalArgumentException("batchMatmul: shapes " + shape(this) + " and " + shape(other)
                    + " do not hold " + n + "×" + k + " and " + k + "×" + m + " matrices (need " + n * k + " and "
                    + k * m + " columns)");
        }
        if (rows() != other.rows() && rows() != 1 && other.rows() != 1) {
            throw new IllegalArgumentException("batchMatmul: shapes " + shape(this) + " and " + shape(other)
                    + " have different batch sizes (need equal rows or 1)");
        }
        return batchMatmul(this, false, other, false, n, k, m);
    }

    /** C = op(A)·op(B) row-wise, op(A) n×k, op(B) k×m; stored A is k×n when ta, stored B is m×k when tb. */
    private static Tensor batchMatmul(Tensor a, boolean ta, Tensor b, boolean tb, int n, int k, int m) {
        DMatrixRMaj out = new DMatrixRMaj(Math.max(a.rows(), b.rows()), n * m);
        Kernels.batchMatmul(a.value, ta, b.value, tb, n, k, m, out);
        return node(out, "batchMatmul", (self, g, need) -> {
            Tensor ga = null;
            Tensor gb = null;
            if (!ta && !tb) {
                ga = need[0] ? batchMatmul(g, false, b, true, n, m, k) : null;
                gb = need[1] ? batchMatmul(a, true, g, false, k, n, m) : null;
            } else if (ta && !tb) {
                ga = need[0] ? batchMatmul(b, false, g, true, k, m, n) : null;
                gb = need[1] ? batchMatmul(a, false, g, false, k, n, m) : null;
            } else if (!ta) {
                ga = need[0] ? batchMatmul(g, false, b, false, n, m, k) : null;
                gb = need[1] ? batchMatmul(g, true, a, false, m, n, k) : null;
            } else {
                ga = need[0] ? batchMatmul(b, true, g, true, k, m, n) : null;
                gb = need[1] ? batchMatmul(g, true, a, true, m, n, k) : null;
            }
            return new Tensor[] {
                ga == null ? null : ga.sumToShape(a.rows(), a.cols()),
                gb == null ? null : gb.sumToShape(b.rows(), b.cols())};
        }, a, b);
    }
    // ================================================================================================
    // linear maps along one axis of a grid of points

    /**
     * Applies a fixed real m×m matrix M along one axis of a grid of points. The rows of this tensor are the
     * points of a grid of shape d_0×d_1×…×d_{k−1} in row-major order (the last axis varies fastest), so row
     * r = (a, i, b) with i the index along {@code axis}, a the multi-index of the axes before it and b of
     * those after it; the columns are independent fields. The result is
     * <pre>
     *   y[(a, i, b), c] = Σ_j M[i, j] · x[(a, j, b), c],   i.e. y = (I ⊗ M ⊗ I) x,
     * </pre>
     * e.g. a spectral (Fourier) differentiation matrix along one coordinate of a periodic grid. Cost
     * O(rows · m · cols), never forming the rows×rows Kronecker matrix. The map is linear, so
     * ∂L/∂x = (I ⊗ Mᵀ ⊗ I) G: the backward rule is the same operation with the transposed matrix (and is
     * therefore differentiable again, to any order).
     *
     * @param matrix    the m×m matrix M (copied), with m = {@code gridShape[axis]}
     * @param gridShape the grid's shape d_0, …, d_{k−1}, each ≥ 1, with Π d_i = rows()
     * @param axis      the axis along which M acts, 0 ≤ axis &lt; k
     * @return a fixed real m×m matrix M along one axis of a grid of points
     */
    public Tensor alongGridAxis(DMatrixRMaj matrix, int[] gridShape, int axis) {
        requireNonNull(matrix, "alongGridAxis", "matrix");
        requireNonNull(gridShape, "alongGridAxis", "grid shape");
        if (gridShape.length == 0) {
            throw new IllegalArgumentException("alongGridAxis: the grid shape is empty (give at least one axis)");
        }
        long points = 1;
        for (int d : gridShape) {
            if (d < 1) {
                throw new IllegalArgumentException("alongGridAxis: grid shape " + Arrays.toString(gridShape)
                        + " has a non-positive extent " + d);
            }
            points *= d;
        }
        if (points != rows()) {
            throw new IllegalArgumentException("alongGridAxis: grid shape " + Arrays.toString(gridShape) + " has "
                    + points + " points but the tensor has " + rows() + " rows (one row per grid point)");
        }
        if (axis < 0 || axis >= gridShape.length) {
            throw new IllegalArgumentException("alongGridAxis: axis " + axis + " outside 0.." + (gridShape.length - 1)
                    + " of grid shape " + Arrays.toString(gridShape));
        }
        int m = gridShape[axis];
        if (matrix.numRows != m || matrix.numCols != m) {
            throw new IllegalArgumentException("alongGridAxis: matrix is " + matrix.numRows + "×" + matrix.numCols
                    + " but axis " + axis + " of grid shape " + Arrays.toString(gridShape) + " has " + m
                    + " points (need " + m + "×" + m + ")");
        }
        int before = 1;
        for (int d = 0; d < axis; d++) {
            before *= gridShape[d];
        }
        int block = cols();
        for (int d = axis + 1; d < gridShape.length; d++) {
            block *= gridShape[d];
        }
        DMatrixRMaj forward = matrix.copy();
        DMatrixRMaj backward = new DMatrixRMaj(m, m);
        CommonOps_DDRM.transpose(forward, backward);
        return alongGridAxis(this, forward, backward, before, m, block);
    }

    /** y = (I_before ⊗ M ⊗ I_block) x with contiguous blocks of {@code block} doubles per (a, i). */
    private static Tensor alongGridAxis(Tensor x, DMatrixRMaj matrix, DMatrixRMaj transposed, int before, int m,
            int block) {
        DMatrixRMaj out = new DMatrixRMaj(x.rows(), x.cols());
        double[] in = x.value.data;
        double[] y = out.data;
        double[] a = matrix.data;
        int stride = m * block;
        for (int p = 0; p < before; p++) {
            int base = p * stride;
            for (int i = 0; i < m; i++) {
                int yo = base + i * block;
                for (int j = 0; j < m; j++) {
                    double mij = a[i * m + j];
                    if (mij == 0.0) {
                        continue;
                    }
                    int xo = base + j * block;
                    for (int c = 0; c < block; c++) {
                        y[yo + c] += mij * in[xo + c];
                    }
                }
            }
        }
        return node(out, "alongGridAxis", (self, g, need) -> new Tensor[] {
            alongGridAxis(g, transposed, matrix, before, m, block)}, x);
    }
}
