package org.metricflow.core.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of an {@link Optimizer}'s mutable state as plain arrays, for checkpoints: the kind of
 * optimizer ({@code "sgd"}, {@code "adam"}), the step count, the current learning rate, the shape (rows, cols)
 * of every parameter seen so far, and named per-parameter buffers such as Adam's first and second moments
 * {@code "m"} and {@code "v"}. A buffer is a {@code double[P][]} with one row-major array of rows·cols
 * values per parameter. All arrays are copied on the way in and on the way out.
 */
public final class OptimizerState {
    private final String optimizer;
    private final int steps;
    private final double learningRate;
    private final int[][] shapes;
    private final Map<String, double[][]> buffers;

    private OptimizerState(String optimizer, int steps, double learningRate, int[][] shapes,
            Map<String, double[][]> buffers) {
        this.optimizer = optimizer;
        this.steps = steps;
        this.learningRate = learningRate;
        this.shapes = shapes;
        this.buffers = buffers;
    }

    /**
     * A state value.
     *
     * @param optimizer the kind of optimizer that can restore it (non-empty)
     * @param steps the number of steps taken (≥ 0)
     * @param learningRate the learning rate of the next step (finite, ≥ 0)
     * @param shapes one {rows, cols} pair per parameter; empty before the first step
     * @param buffers named buffers, each with one array of rows·cols values per parameter (in shape order)
     * @throws IllegalArgumentException if any of these conditions is violated (the message says which)
     */
    public static OptimizerState of(String optimizer, int steps, double learningRate, int[][] shapes,
            Map<String, double[][]> buffers) {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(shapes, "shapes");
        Objects.requireNonNull(buffers, "buffers");
        if (optimizer.isEmpty()) {
            throw new IllegalArgumentException("optimizer kind must be a non-empty name");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and >= 0, got " + learningRate);
        }
        int[][] shapeCopy = new int[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            if (shapes[i] == null || shapes[i].length != 2 || shapes[i][0] < 0 || shapes[i][1] < 0) {
                throw new IllegalArgumentException("shape of parameter " + i + " must be {rows, cols} with"
                        + " non-negative entries, got " + Arrays.toString(shapes[i]));
            }
            shapeCopy[i] = shapes[i].clone();
        }
        Map<String, double[][]> bufferCopy = new LinkedHashMap<>();
        for (Map.Entry<String, double[][]> e : buffers.entrySet()) {
            double[][] b = Objects.requireNonNull(e.getValue(), "buffer " + e.getKey());
            if (b.length != shapes.length) {
                throw new IllegalArgumentException("buffer '" + e.getKey() + "' has " + b.length
                        + " arrays but there are " + shapes.length + " parameters");
            }
            double[][] copy = new double[b.length][];
            for (int i = 0; i < b.length; i++) {
                int expected = shapeCopy[i][0] * shapeCopy[i][1];
                if (b[i] == null || b[i].length != expected) {
                    throw new IllegalArgumentException("buffer '" + e.getKey() + "' for parameter " + i + " has "
                            + (b[i] == null ? "no array" : b[i].length + " values") + " but the parameter is "
                            + shapeCopy[i][0] + "x" + shapeCopy[i][1] + " (" + expected + " values)");
                }
                copy[i] = b[i].clone();
            }
            bufferCopy.put(Objects.requireNonNull(e.getKey(), "buffer name"), copy);
        }
        return new OptimizerState(optimizer, steps, learningRate, shapeCopy, Collections.unmodifiableMap(bufferCopy));
    }

    /**
     * The kind of optimizer this state belongs to, e.g. {@code "adam"}.
     */
    public String optimizer() {
        return optimizer;
    }

    /**
     * The number of steps taken.
     */
    public int steps() {
        return steps;
    }

    /**
     * The learning rate the next step would use.
     */
    public double learningRate() {
        return learningRate;
    }

    /**
     * The number of parameters whose shapes are recorded (0 before the first step).
     */
    public int parameterCount() {
        return shapes.length;
    }

    /**
     * A copy of the {rows, cols} shape of every parameter.
     */
    public int[][] shapes() {
        int[][] copy = new int[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            copy[i] = shapes[i].clone();
        }
        return copy;
    }

    /**
     * The buffer names, in insertion order.
     */
    public List<String> bufferNames() {
        return List.copyOf(buffers.keySet());
    }

    /**
     * A copy of the named buffer, one row-major array per parameter.
     *
     * @throws IllegalArgumentException if there is no such buffer (the message lists the names)
     */
    public double[][] buffer(String name) {
        double[][] b = buffers.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no buffer '" + name + "' in " + optimizer + " state; buffers are "
                    + buffers.keySet());
        }
        double[][] copy = new double[b.length][];
        for (int i = 0; i < b.length; i++) {
            copy[i] = b[i].clone();
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OptimizerState)) {
            return false;
        }
        OptimizerState other = (OptimizerState) o;
        if (!optimizer.equals(other.optimizer) || steps != other.steps
                || Double.doubleToLongBits(learningRate) != Double.doubleToLongBits(other.learningRate)
                || !Arrays.deepEquals(shapes, other.shapes) || !buffers.keySet().equals(other.buffers.keySet())) {
            return false;
        }
        for (Map.Entry<String, double[][]> e : buffers.entrySet()) {
            if (!Arrays.deepEquals(e.getValue(), other.buffers.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(optimizer, steps, learningRate, buffers.keySet());
        return 31 * h + Arrays.deepHashCode(shapes);
    }

    @Override
    public String toString() {
        return "OptimizerState[" + optimizer + ", steps=" + steps + ", learningRate=" + learningRate + ", parameters="
                + shapes.length + ", buffers=" + buffers.keySet() + "]";
    }
}
