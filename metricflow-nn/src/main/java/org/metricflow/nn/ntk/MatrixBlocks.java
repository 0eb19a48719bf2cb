package org.metricflow.nn.ntk;

import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.nn.metric.AcceleratedKahlerModel.BlockConsumer;
import org.metricflow.nn.metric.AcceleratedKahlerModel.KernelBlocks;

/**
 * A formed kernel matrix served as {@link KernelBlocks} (the general path of {@link MetricNtk#blocks}): blocks are
 * copies of its entries. Immutable and thread-safe (the matrix is not modified).
 */
final class MatrixBlocks implements KernelBlocks {
    private final DMatrixRMaj matrix;
    private final int components;

    MatrixBlocks(DMatrixRMaj matrix, int components) {
        this.matrix = matrix;
        this.components = components;
    }

    @Override
    public int points() {
        return matrix.numRows / components;
    }

    @Override
    public int components() {
        return components;
    }

    @Override
    public void forEachBlock(int blockSize, int threads, BlockConsumer consumer) {
        if (blockSize < 1 || threads < 1 || consumer == null) {
            throw new IllegalArgumentException("forEachBlock: need blockSize ≥ 1, threads ≥ 1 and a consumer, got "
                    + blockSize + ", " + threads + ", " + consumer);
        }
        int n = points();
        int blocks = (n + blockSize - 1) / blockSize;
        Parallel.run(blocks, threads, i -> {
            for (int j = i; j < blocks; j++) {
                int x0 = i * blockSize;
                int y0 = j * blockSize;
                int x1 = Math.min(n, x0 + blockSize);
                int y1 = Math.min(n, y0 + blockSize);
                consumer.accept(x0, x1, y0, y1, block(x0, x1, y0, y1));
            }
        });
    }

    @Override
    public double[] block(int x0, int x1, int y0, int y1) {
        int n = points();
        if (x0 < 0 || x0 >= x1 || x1 > n || y0 < 0 || y0 >= y1 || y1 > n) {
            throw new IllegalArgumentException("block: need 0 ≤ x0 < x1 ≤ " + n + " and 0 ≤ y0 < y1 ≤ " + n
                    + ", got [" + x0 + ", " + x1 + ") × [" + y0 + ", " + y1 + ")");
        }
        int m = components;
        int rows = (x1 - x0) * m;
        int cols = (y1 - y0) * m;
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(matrix.data, (x0 * m + i) * matrix.numCols + y0 * m, out, i * cols, cols);
        }
        return out;
    }

    @Override
    public double[] apply(double[] v, int blockSize, int threads) {
        if (v == null || v.length != matrix.numCols) {
            throw new IllegalArgumentException("apply: need a vector of N·m = " + matrix.numCols + " entries, got "
                    + (v == null ? "null" : v.length));
        }
        int size = matrix.numRows;
        double[] out = new double[size];
        Parallel.run(size, threads, i -> {
            double s = 0;
            for (int j = 0; j < size; j++) {
                s += matrix.data[i * size + j] * v[j];
            }
            out[i] = s;
        });
        return out;
    }
}
