package org.metricflow.core.autodiff.internal;

import org.ejml.data.DMatrixRMaj;

/**
 * Allocation-free numerical kernels behind the {@code Tensor} operations. Every kernel reads its inputs
 * and writes a caller-supplied output; loops run directly over {@link DMatrixRMaj#data} (row-major).
 *
 * <p>Broadcasting is done by index arithmetic: an operand with one row (or one column) is read with row
 * (or column) stride 0, so no expanded copy is ever materialised.
 */
public final class Kernels {
    /** Binary operation codes. */
    public static final int PLUS = 0;
    /** a − b. */
    public static final int MINUS = 1;
    /** a · b. */
    public static final int TIMES = 2;
    /** a / b. */
    public static final int DIV = 3;

    /** Unary operation codes. */
    public static final int NEG = 0;
    /** x². */
    public static final int SQUARE = 1;
    /** √x. */
    public static final int SQRT = 2;
    /** eˣ. */
    public static final int EXP = 3;
    /** ln x. */
    public static final int LOG = 4;
    /** sin x. */
    public static final int SIN = 5;
    /** cos x. */
    public static final int COS = 6;
    /** tanh x. */
    public static final int TANH = 7;
    /** 1/(1+e^{−x}). */
    public static final int SIGMOID = 8;
    /** ln(1+eˣ). */
    public static final int SOFTPLUS = 9;
    /** x·Φ(x). */
    public static final int GELU = 10;
    /** erf x. */
    public static final int ERF = 11;
    /** max(x, 0). */
    public static final int RELU = 12;
    /** |x|. */
    public static final int ABS = 13;
    /** 1 if x &gt; 0 else 0. */
    public static final int STEP = 14;
    /** sign(x) ∈ {−1, 0, 1}. */
    public static final int SIGN = 15;
    /** Φ(x) + x·φ(x), the derivative of GELU. */
    public static final int GELU_PRIME = 16;

    private static final double INV_SQRT2 = 0.70710678118654752440;
    private static final double INV_SQRT_2PI = 0.39894228040143267794;

    private Kernels() {
    }

    // ------------------------------------------------------------------------------------------------
    // element-wise

    /**
     * out = a ∘ b with broadcasting (out has the broadcast shape).
     */
    public static void binary(int op, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj out) {
        double[] ad = a.data;
        double[] bd = b.data;
        double[] od = out.data;
        int rows = out.numRows;
        int cols = out.numCols;
        if (a.numRows == b.numRows && a.numCols == b.numCols) {
            rowOp(op, ad, 0, 1, bd, 0, 1, od, 0, rows * cols);
            return;
        }
        int aRowStride = a.numRows == 1 ? 0 : a.numCols;
        int bRowStride = b.numRows == 1 ? 0 : b.numCols;
        int aColStride = a.numCols == 1 ? 0 : 1;
        int bColStride = b.numCols == 1 ? 0 : 1;
        for (int i = 0; i < rows; i++) {
            rowOp(op, ad, i * aRowStride, aColStride, bd, i * bRowStride, bColStride, od, i * cols, cols);
        }
    }

    private static void rowOp(int op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo,
            int n) {
        switch (op) {
            case PLUS:
                for (int j = 0; j < n; j++) {
                    o[oo + j] = a[ao + j * as] + b[bo + j * bs];
                }
                break;
            case MINUS:
                for (int j = 0; j < n; j++) {
                    o[oo + j] = a[ao + j * as] - b[bo + j * bs];
                }
                break;
            case TIMES:
                for (int j = 0; j < n; j++) {
                    o[oo + j] = a[ao + j * as] * b[bo + j * bs];
                }
                break;
            case DIV:
                for (int j = 0; j < n; j++) {
                    o[oo + j] = a[ao + j * as] / b[bo + j * bs];
                }
                break;
            default:
                throw new IllegalArgumentException("unknown binary op " + op);
        }
    }

    /**
     * out = a ∘ c for a scalar c (same shapes).
     */
    public static void binaryScalar(int op, DMatrixRMaj a, double c, DMatrixRMaj out) {
        double[] ad = a.data;
        double[] od = out.data;
        int n = a.getNumElements();
        switch (op) {
            case PLUS:
                for (int i = 0; i < n; i++) {
                    od[i] = ad[i] + c;
                }
                break;
            case MINUS:
                for (int i = 0; i < n; i++) {
                    od[i] = ad[i] - c;
                }
                break;
            case TIMES:
                for (int i = 0; i < n; i++) {
                    od[i] = ad[i] * c;
                }
                break;
            case DIV:
                for (int i = 0; i < n; i++) {
                    od[i] = ad[i] / c;
                }
                break;
            default:
                throw new IllegalArgumentException("unknown binary op " + op);
        }
    }

    /**
     * out = f(a) element-wise (same shapes; out may be a).
     */
    // Hot loop of every element-wise Tensor op: one switch, one tight loop per op.
    public static void unary(int op, DMatrixRMaj a, DMatrixRMaj out) {
        double[] x = a.data;
        double[] o = out.data;
        int n = a.getNumElements();
        switch (op) {
            case NEG:
                for (int i = 0; i < n; i++) {
                    o[i] = -x[i];
                }
                break;
            case SQUARE:
                for (int i = 0; i < n; i++) {
                    o[i] = x[i] * x[i];
                }
                break;
            case SQRT:
                for (int i = 0; i < n; i++) {
                    o[i] = Math.sqrt(x[i]);
                }
                break;
            case EXP:
                for (int i = 0; i < n; i++) {
                    o[i] = Math.exp(x[i]);
                }
                break;
            case LOG:
                for (int i = 0; i < n; i++) {
                    o[i] = Math.log(x[i]);
                }
                break;
            case SIN:
                for (int i = 0; i < n; i++) {
                    o[i] = Math.sin(x[i]);
                }
                break;
            case COS:
                for (int i = 0; i < n; i++) {
                    o[i] = Math.cos(x[i]);
                }
                break;
            case TANH:
                for (int i = 0; i < n; i++) {
                    o[i] = Math.tanh(x[i]);
                }
                break;
            case SIGMOID:
                for (int i = 0; i < n; i++) {
                    o[i] = sigmoid(x[i]);
                }
                break;
            case SOFTPLUS:
                for (int i = 0; i < n; i++) {
                    double v = x[i];
                    o[i] = Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v)));
                }
                break;
            case GELU:
                for (int i = 0; i < n; i++) {
                    double v = x[i];
                    o[i] = v * normalCdf(v);
                }
                break;
            case GELU_PRIME:
                for (int i = 0; i < n; i++) {
                    double v = x[i];
                    o[i] = normalCdf(v) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v);
                }
                break;
            case ERF:
                for (int i = 0; i < n; i++) {
                    o[i] = SpecialFunctions.erf(x[i]);
                }
                break;
            case RELU:
                for (int i = 0; i < n; i++) {
                    o[i] = x[i] > 0.0 ? x[i] : 0.0;
                }
                break;
            case ABS:
                for (int i = 0; i < n; i++) {
                    o[i] = Math.abs(x[i]);
                }
                break;
            case STEP:
                for (int i = 0; i < n; i++) {
                    o[i] = x[i] > 0.0 ? 1.0 : 0.0;
                }
                break;
            case SIGN:
                for (int i = 0; i < n; i++) {
                    o[i] = x[i] > 0.0 ? 1.0 : (x[i] < 0.0 ? -1.0 : 0.0);
                }
                break;
            default:
                throw new IllegalArgumentException("unknown unary op " + op);
        }
    }

    private static double sigmoid(double v) {
        if (v >= 0) {
            return 1.0 / (1.0 + Math.exp(-v));
        }
        double e = Math.exp(v);
        return e / (1.0 + e);
    }

    /**
     * Φ(x) = (1 + erf(x/√2))/2 through {@link SpecialFunctions#erf}, the composition by which the Tensor forms of the
     * gelu derivatives (in {@code org.metricflow.nn.Activation}) compute Φ, so that a gelu value and its derivatives
     * in one graph use the same rounding.
     */
    private static double normalCdf(double v) {
        return 0.5 * (1.0 + SpecialFunctions.erf(v * INV_SQRT2));
    }

    /**
     * out = xᵖ element-wise.
     */
    public static void pow(DMatrixRMaj a, double p, DMatrixRMaj out) {
        double[] x = a.data;
        double[] o = out.data;
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            o[i] = Math.pow(x[i], p);
        }
    }

    /**
     * out = P(x)·exp(−c·x²) element-wise, with P(x) = Σ_k coeffs[k]·xᵏ (Horner).
     */
    public static void gaussPoly(DMatrixRMaj a, double[] coeffs, double c, DMatrixRMaj out) {
        double[] x = a.data;
        double[] o = out.data;
        int n = a.getNumElements();
        int deg = coeffs.length - 1;
        for (int i = 0; i < n; i++) {
            double v = x[i];
            double p = coeffs[deg];
            for (int k = deg - 1; k >= 0; k--) {
                p = p * v + coeffs[k];
            }
            o[i] = p * Math.exp(-c * v * v);
        }
    }

    /**
     * out = g·(1 − t²) (backward of tanh, t = tanh x).
     */
    public static void tanhBackward(DMatrixRMaj g, DMatrixRMaj t, DMatrixRMaj out) {
        double[] gd = g.data;
        double[] td = t.data;
        double[] o = out.data;
        int n = g.getNumElements();
        for (int i = 0; i < n; i++) {
            o[i] = gd[i] * (1.0 - td[i] * td[i]);
        }
    }

    /**
     * out = g·s·(1 − s) (backward of the sigmoid, s = σ(x)).
     */
    public static void sigmoidBackward(DMatrixRMaj g, DMatrixRMaj s, DMatrixRMaj out) {
        double[] gd = g.data;
        double[] sd = s.data;
        double[] o = out.data;
        int n = g.getNumElements();
        for (int i = 0; i < n; i++) {
            o[i] = gd[i] * (sd[i] * (1.0 - sd[i]));
        }
    }

    /**
     * a += b (same shapes).
     */
    public static void addInPlace(DMatrixRMaj a, DMatrixRMaj b) {
        double[] ad = a.data;
        double[] bd = b.data;
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            ad[i] += bd[i];
        }
    }

    // ------------------------------------------------------------------------------------------------
    // broadcasting and reductions

    /**
     * out (rows×cols) = a broadcast (a has 1 or rows rows, 1 or cols cols).
     */
    public static void broadcastTo(DMatrixRMaj a, DMatrixRMaj out) {
        int rows = out.numRows;
        int cols = out.numCols;
        double[] ad = a.data;
        double[] od = out.data;
        int rowStride = a.numRows == 1 ? 0 : a.numCols;
        boolean colBroadcast = a.numCols == 1 && cols != 1;
        for (int i = 0; i < rows; i++) {
            int ao = i * rowStride;
            int oo = i * cols;
            if (colBroadcast) {
                double v = ad[ao];
                for (int j = 0; j < cols; j++) {
                    od[oo + j] = v;
                }
            } else {
                System.arraycopy(ad, ao, od, oo, cols);
            }
        }
    }

    /**
     * Σ of all entries.
     */
    public static double sum(DMatrixRMaj a) {
        double s = 0;
        double[] d = a.data;
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            s += d[i];
        }
        return s;
    }

    /**
     * out (rows×1) = Σ_j a_ij.
     */
    public static void sumRows(DMatrixRMaj a, DMatrixRMaj out) {
        int rows = a.numRows;
        int cols = a.numCols;
        double[] d = a.data;
        for (int i = 0; i < rows; i++) {
            double s = 0;
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                s += d[o + j];
            }
            out.data[i] = s;
        }
    }

    /**
     * out (1×cols) = Σ_i a_ij.
     */
    public static void sumCols(DMatrixRMaj a, DMatrixRMaj out) {
        int rows = a.numRows;
        int cols = a.numCols;
        double[] d = a.data;
        double[] o = out.data;
        java.util.Arrays.fill(o, 0, cols, 0.0);
        for (int i = 0; i < rows; i++) {
            int off = i * cols;
            for (int j = 0; j < cols; j++) {
                o[j] += d[off + j];
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // gathers and scatters

    /**
     * out[i, j] = a[i, idx[j]].
     */
    public static void gatherCols(DMatrixRMaj a, int[] idx, DMatrixRMaj out) {
        int rows = a.numRows;
        int cols = a.numCols;
        int k = idx.length;
        double[] ad = a.data;
        double[] od = out.data;
        if (isContiguous(idx)) {
            int from = idx[0];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(ad, i * cols + from, od, i * k, k);
            }
            return;
        }
        for (int i = 0; i < rows; i++) {
            int ao = i * cols;
            int oo = i * k;
            for (int j = 0; j < k; j++) {
                od[oo + j] = ad[ao + idx[j]];
            }
        }
    }

    /**
     * out (rows×total) = 0, then out[i, idx[j]] += g[i, j].
     */
    public static void scatterAddCols(DMatrixRMaj g, int[] idx, DMatrixRMaj out) {
        int rows = g.numRows;
        int k = idx.length;
        int cols = out.numCols;
        double[] gd = g.data;
        double[] od = out.data;
        java.util.Arrays.fill(od, 0, rows * cols, 0.0);
        for (int i = 0; i < rows; i++) {
            int go = i * k;
            int oo = i * cols;
            for (int j = 0; j < k; j++) {
                od[oo + idx[j]] += gd[go + j];
            }
        }
    }

    /**
     * out[i, :] = a[idx[i], :].
     */
    public static void gatherRows(DMatrixRMaj a, int[] idx, DMatrixRMaj out) {
        int cols = a.numCols;
        double[] ad = a.data;
        double[] od = out.data;
        if (isContiguous(idx)) {
            System.arraycopy(ad, idx[0] * cols, od, 0, idx.length * cols);
            return;
        }
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(ad, idx[i] * cols, od, i * cols, cols);
        }
    }

    /**
     * out (total×cols) = 0, then out[idx[i], :] += g[i, :].
     */
    public static void scatterAddRows(DMatrixRMaj g, int[] idx, DMatrixRMaj out) {
        int cols = g.numCols;
        double[] gd = g.data;
        double[] od = out.data;
        java.util.Arrays.fill(od, 0, out.numRows * cols, 0.0);
        for (int i = 0; i < idx.length; i++) {
            int go = i * cols;
            int oo = idx[i] * cols;
            for (int j = 0; j < cols; j++) {
                od[oo + j] += gd[go + j];
            }
        }
    }

    private static boolean isContiguous(int[] idx) {
        if (idx.length == 0) {
            return false;
        }
        for (int j = 1; j < idx.length; j++) {
            if (idx[j] != idx[0] + j) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------
    // batched small matrices: each row holds a matrix row-major

    /**
     * Row-wise C_r = op(A_r)·op(B_r) with op(A) n×k and op(B) k×m. A row stores A_r row-major as n×k, or
     * k×n when {@code transA}; B likewise k×m or m×k. An operand with a single row is shared by all rows.
     */
    public static void batchMatmul(DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB, int n, int k,
            int m, DMatrixRMaj out) {
        double[] ad = a.data;
        double[] bd = b.data;
        double[] od = out.data;
        int rows = out.numRows;
        int aStride = a.numRows == 1 ? 0 : n * k;
        int bStride = b.numRows == 1 ? 0 : k * m;
        // A(i,p) = ad[ao + i*ai + p*ap], B(p,j) = bd[bo + p*bp + j*bj]
        int ai = transA ? 1 : k;
        int ap = transA ? n : 1;
        int bp = transB ? 1 : m;
        int bj = transB ? k : 1;
        for (int r = 0; r < rows; r++) {
            int ao = r * aStride;
            int bo = r * bStride;
            int oo = r * n * m;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    int aIdx = ao + i * ai;
                    int bIdx = bo + j * bj;
                    for (int p = 0; p < k; p++) {
                        s += ad[aIdx + p * ap] * bd[bIdx + p * bp];
                    }
                    od[oo + i * m + j] = s;
                }
            }
        }
    }

    /**
     * out (rows×1) = det of each row's n×n matrix: closed forms for n ≤ 3, LU with partial pivoting above.
     */
    public static void det(DMatrixRMaj a, int n, DMatrixRMaj out) {
        double[] d = a.data;
        int rows = a.numRows;
        int nn = n * n;
        double[] scratch = n > 3 ? new double[nn] : null;
        for (int r = 0; r < rows; r++) {
            int o = r * nn;
            double v;
            switch (n) {
                case 1:
                    v = d[o];
                    break;
                case 2:
                    v = d[o] * d[o + 3] - d[o + 1] * d[o + 2];
                    break;
                case 3:
                    v = det3(d, o);
                    break;
                default:
                    System.arraycopy(d, o, scratch, 0, nn);
                    v = luDet(scratch, n, false);
                    break;
            }
            out.data[r] = v;
        }
    }

    /**
     * out (rows×1) = ln det of each row's n×n matrix; NaN where det ≤ 0 (the op is meant for matrices with
     * positive determinant, e.g. metrics). Uses Σ ln|u_ii| of the LU factors for n &gt; 3.
     */
    public static void logDet(DMatrixRMaj a, int n, DMatrixRMaj out) {
        double[] d = a.data;
        int rows = a.numRows;
        int nn = n * n;
        double[] scratch = n > 3 ? new double[nn] : null;
        for (int r = 0; r < rows; r++) {
            int o = r * nn;
            double v;
            switch (n) {
                case 1:
                    v = Math.log(d[o]);
                    break;
                case 2:
                    v = Math.log(d[o] * d[o + 3] - d[o + 1] * d[o + 2]);
                    break;
                case 3:
                    v = Math.log(det3(d, o));
                    break;
                default:
                    System.arraycopy(d, o, scratch, 0, nn);
                    v = luDet(scratch, n, true);
                    break;
            }
            out.data[r] = v;
        }
    }

    private static double det3(double[] d, int o) {
        return d[o] * (d[o + 4] * d[o + 8] - d[o + 5] * d[o + 7])
                - d[o + 1] * (d[o + 3] * d[o + 8] - d[o + 5] * d[o + 6])
                + d[o + 2] * (d[o + 3] * d[o + 7] - d[o + 4] * d[o + 6]);
    }

    /**
     * Determinant (or, when {@code log}, ln det with NaN for det ≤ 0) of the n×n matrix in {@code m}
     * (destroyed) by Gaussian elimination with partial pivoting.
     */
    private static double luDet(double[] m, int n, boolean log) {
        double det = 1.0;
        double logAbs = 0.0;
        int sign = 1;
        for (int k = 0; k < n; k++) {
            int p = k;
            double best = Math.abs(m[k * n + k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(m[i * n + k]);
                if (v > best) {
                    best = v;
                    p = i;
                }
            }
            if (best == 0.0) {
                return log ? Double.NaN : 0.0;
            }
            if (p != k) {
                for (int j = 0; j < n; j++) {
                    double t = m[k * n + j];
                    m[k * n + j] = m[p * n + j];
                    m[p * n + j] = t;
                }
                sign = -sign;
                det = -det;
            }
            double pivot = m[k * n + k];
            det *= pivot;
            if (pivot < 0) {
                sign = -sign;
            }
            logAbs += Math.log(Math.abs(pivot));
            for (int i = k + 1; i < n; i++) {
                double f = m[i * n + k] / pivot;
                if (f != 0.0) {
                    for (int j = k + 1; j < n; j++) {
                        m[i * n + j] -= f * m[k * n + j];
                    }
                }
            }
        }
        if (log) {
            return sign > 0 ? logAbs : Double.NaN;
        }
        return det;
    }

    /**
     * out = inverse of each row's n×n matrix: adjugate formulas for n ≤ 3, Gauss–Jordan elimination with
     * partial pivoting above. Singular rows give non-finite entries.
     */
    public static void inverse(DMatrixRMaj a, int n, DMatrixRMaj out) {
        double[] d = a.data;
        double[] od = out.data;
        int rows = a.numRows;
        int nn = n * n;
        double[] work = n > 3 ? new double[nn] : null;
        for (int r = 0; r < rows; r++) {
            int o = r * nn;
            switch (n) {
                case 1:
                    od[o] = 1.0 / d[o];
                    break;
                case 2: {
                    double inv = 1.0 / (d[o] * d[o + 3] - d[o + 1] * d[o + 2]);
                    od[o] = d[o + 3] * inv;
                    od[o + 1] = -d[o + 1] * inv;
                    od[o + 2] = -d[o + 2] * inv;
                    od[o + 3] = d[o] * inv;
                    break;
                }
                case 3:
                    inverse3(d, o, od);
                    break;
                default:
                    System.arraycopy(d, o, work, 0, nn);
                    gaussJordanInverse(work, n, od, o);
                    break;
            }
        }
    }

    private static void inverse3(double[] d, int o, double[] od) {
        double a = d[o];
        double b = d[o + 1];
        double c = d[o + 2];
        double e = d[o + 3];
        double f = d[o + 4];
        double g = d[o + 5];
        double h = d[o + 6];
        double i = d[o + 7];
        double j = d[o + 8];
        // cofactors of [[a b c][e f g][h i j]]
        double c00 = f * j - g * i;
        double c01 = -(e * j - g * h);
        double c02 = e * i - f * h;
        double inv = 1.0 / (a * c00 + b * c01 + c * c02);
        od[o] = c00 * inv;
        od[o + 1] = -(b * j - c * i) * inv;
        od[o + 2] = (b * g - c * f) * inv;
        od[o + 3] = c01 * inv;
        od[o + 4] = (a * j - c * h) * inv;
        od[o + 5] = -(a * g - c * e) * inv;
        od[o + 6] = c02 * inv;
        od[o + 7] = -(a * i - b * h) * inv;
        od[o + 8] = (a * f - b * e) * inv;
    }

    /** Inverts the n×n matrix in {@code m} (destroyed) into out[o .. o+n²). */
    private static void gaussJordanInverse(double[] m, int n, double[] out, int o) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[o + i * n + j] = i == j ? 1.0 : 0.0;
            }
        }
        for (int k = 0; k < n; k++) {
            int p = k;
            double best = Math.abs(m[k * n + k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(m[i * n + k]);
                if (v > best) {
                    best = v;
                    p = i;
                }
            }
            if (p != k) {
                for (int j = 0; j < n; j++) {
                    double t = m[k * n + j];
                    m[k * n + j] = m[p * n + j];
                    m[p * n + j] = t;
                    t = out[o + k * n + j];
                    out[o + k * n + j] = out[o + p * n + j];
                    out[o + p * n + j] = t;
                }
            }
            double inv = 1.0 / m[k * n + k];
            for (int j = 0; j < n; j++) {
                m[k * n + j] *= inv;
                out[o + k * n + j] *= inv;
            }
            for (int i = 0; i < n; i++) {
                if (i == k) {
                    continue;
                }
                double f = m[i * n + k];
                if (f != 0.0) {
                    for (int j = 0; j < n; j++) {
                        m[i * n + j] -= f * m[k * n + j];
                        out[o + i * n + j] -= f * out[o + k * n + j];
                    }
                }
            }
        }
    }

    /**
     * Index of the first non-finite entry, or −1.
     */
    public static int firstNonFinite(DMatrixRMaj a) {
        double[] d = a.data;
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(d[i])) {
                return i;
            }
        }
        return -1;
    }
}
