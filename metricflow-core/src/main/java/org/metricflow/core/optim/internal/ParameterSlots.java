package org.metricflow.core.optim.internal;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Shape bookkeeping shared by the first-order optimizers: validates a (params, grads) pair against each other
 * and against the shapes recorded on the first step, and owns the per-parameter buffers, one
 * {@code double[rows·cols]} per parameter and buffer name index, allocated lazily.
 */
public final class ParameterSlots {
    private final String owner;
    private final int bufferCount;
    private int[] rows;
    private int[] cols;
    private double[][][] buffers;

    /**
     * @param owner the optimizer's name for messages
     * @param bufferCount how many per-parameter buffers to keep (e.g. 2 for Adam's m and v)
     */
    public ParameterSlots(String owner, int bufferCount) {
        this.owner = owner;
        this.bufferCount = bufferCount;
    }

    /**
     * Whether shapes have been recorded (a step was taken or a state restored).
     */
    public boolean initialized() {
        return rows != null;
    }

    /**
     * The number of parameters, 0 before the first step.
     */
    public int size() {
        return rows == null ? 0 : rows.length;
    }

    /**
     * Buffer {@code b} of parameter {@code i}.
     */
    public double[] buffer(int b, int i) {
        return buffers[b][i];
    }

    /** Drops shapes and buffers. */
    public void clear() {
        rows = null;
        cols = null;
        buffers = null;
    }

    /**
     * Validates the arguments of a step (see {@code Optimizer.step}) without modifying anything, then, on the
     * first step, records the shapes and allocates zeroed buffers.
     */
    public void validateAndBind(List<DMatrixRMaj> params, List<DMatrixRMaj> grads) {
        if (params == null || grads == null) {
            throw new IllegalArgumentException(owner + ".step needs non-null params and grads lists");
        }
        int n = params.size();
        if (grads.size() != n) {
            throw new IllegalArgumentException(owner + ".step got " + n + " parameters but " + grads.size()
                    + " gradients; pass one gradient per parameter, in the same order");
        }
        if (rows != null && rows.length != n) {
            throw new IllegalArgumentException(owner + ".step got " + n + " parameters but previous steps had "
                    + rows.length + "; state is kept per position, so use one optimizer per parameter list"
                    + " (or reset() it)");
        }
        for (int i = 0; i < n; i++) {
            DMatrixRMaj p = params.get(i);
            DMatrixRMaj g = grads.get(i);
            if (p == null || g == null) {
                throw new IllegalArgumentException(owner + ".step: " + (p == null ? "parameter " : "gradient ") + i
                        + " is null");
            }
            if (p.numRows != g.numRows || p.numCols != g.numCols) {
                throw new IllegalArgumentException(owner + ".step: gradient " + i + " has shape " + shape(g)
                        + " but parameter " + i + " has shape " + shape(p));
            }
            if (rows != null && (rows[i] != p.numRows || cols[i] != p.numCols)) {
                throw new IllegalArgumentException(owner + ".step: parameter " + i + " has shape " + shape(p)
                        + " but had shape " + rows[i] + "x" + cols[i] + " on previous steps; use one optimizer per"
                        + " parameter list (or reset() it)");
            }
            for (int j = 0; j < i; j++) {
                if (params.get(j) == p) {
                    throw new IllegalArgumentException(owner + ".step: parameters " + j + " and " + i
                            + " are the same matrix; list each parameter once");
                }
            }
            double[] gd = g.data;
            int len = g.getNumElements();
            for (int k = 0; k < len; k++) {
                if (!Double.isFinite(gd[k])) {
                    throw new IllegalArgumentException(owner + ".step: gradient " + i + " (shape " + shape(g)
                            + ") has the non-finite value " + gd[k] + " at row " + (k / g.numCols) + ", column "
                            + (k % g.numCols) + "; no parameter was changed");
                }
            }
        }
        if (rows == null) {
            int[] r = new int[n];
            int[] c = new int[n];
            for (int i = 0; i < n; i++) {
                r[i] = params.get(i).numRows;
                c[i] = params.get(i).numCols;
            }
            bind(r, c);
        }
    }

    private void bind(int[] r, int[] c) {
        rows = r;
        cols = c;
        buffers = new double[bufferCount][r.length][];
        for (int b = 0; b < bufferCount; b++) {
            for (int i = 0; i < r.length; i++) {
                buffers[b][i] = new double[r[i] * c[i]];
            }
        }
    }

    /**
     * The recorded shapes as {rows, cols} pairs (empty if none).
     */
    public int[][] shapes() {
        int n = size();
        int[][] s = new int[n][];
        for (int i = 0; i < n; i++) {
            s[i] = new int[] {rows[i], cols[i]};
        }
        return s;
    }

    /**
     * A copy of buffer {@code b} for all parameters.
     */
    public double[][] copyOfBuffer(int b) {
        int n = size();
        double[][] copy = new double[n][];
        for (int i = 0; i < n; i++) {
            copy[i] = buffers[b][i].clone();
        }
        return copy;
    }

    /**
     * Replaces shapes and buffers; {@code values[b]} holds buffer b for all parameters (already validated
     * against {@code shapes} by {@code OptimizerState.of}).
     */
    public void restore(int[][] shapes, double[][]... values) {
        if (values.length != bufferCount) {
            throw new IllegalArgumentException(owner + " state needs " + bufferCount + " buffers, got " + values.length);
        }
        if (shapes.length == 0) {
            clear();
            return;
        }
        int[] r = new int[shapes.length];
        int[] c = new int[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            r[i] = shapes[i][0];
            c[i] = shapes[i][1];
        }
        bind(r, c);
        for (int b = 0; b < bufferCount; b++) {
            for (int i = 0; i < shapes.length; i++) {
                System.arraycopy(values[b][i], 0, buffers[b][i], 0, buffers[b][i].length);
            }
        }
    }

    private static String shape(DMatrixRMaj m) {
        return m.numRows + "x" + m.numCols;
    }
}
