package org.metricflow.nn.metric;

import java.util.List;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.geometry.complex.PointSet;

/**
 * The seam for fast paths: what a {@link KahlerMetricModel} can compute faster than the general autodiff path, offered
 * through {@link KahlerMetricModel#accelerated()}. Callers (training loops, NTKs, file formats) ask the model for a
 * capability and fall back to the general path when it is absent; they never test the model's class. Every
 * capability returns the same numbers as its general twin to the tolerance its implementation states and tests.
 *
 * <p>Curvature jets are the third capability, offered by the model's potential instead (a
 * {@link org.metricflow.geometry.complex.KahlerPotential} whose {@code jets} are present), because curvature is
 * computed by the geometry module, which knows no models.
 *
 * <p>Implementations are immutable views of a model's current parameters and thread-safe; the objects they hand out
 * document their own thread safety.
 */
public interface AcceleratedKahlerModel {
    /**
     * A fused loss-and-gradient step for the Monge–Ampère loss
     * L = Σ<sub>p</sub> w<sub>p</sub>|c det g<sub>p</sub>/|Ω|²<sub>p</sub> − 1|<sup>q</sup> / Σ<sub>p</sub> w<sub>p</sub>
     * (the loss {@code Loss.mongeAmpere(q)} of the flow module), if this model has one for exponent q.
     *
     * @param exponent q ≥ 1
     * @return the fused step, or empty when the model has none for this exponent (or this complex dimension)
     */
    default Optional<FusedLossStep> mongeAmpereStep(double exponent) {
        return Optional.empty();
    }

    /**
     * A fused loss-and-gradient step for the Ricci loss L = Σ<sub>p</sub> w<sub>p</sub> tr((g<sup>−1</sup>Ric)²)<sub>p</sub> /
     * Σ<sub>p</sub> w<sub>p</sub> (the loss {@code Loss.ricci()} of the flow module), if this model has one; its
     * {@code ratioConstant} argument is ignored.
     *
     * @return the fused step, or empty when the model has none
     */
    default Optional<FusedLossStep> ricciStep() {
        return Optional.empty();
    }

    /**
     * The metric-NTK of the model computed without parameter Jacobians (for example by a per-layer factorization),
     * if the model has such a form.
     *
     * @return the factorized metric-NTK, or empty (then Jacobians are used)
     */
    default Optional<FactorizedMetricNtk> metricNtk() {
        return Optional.empty();
    }

    /**
     * A loss-and-gradient step computed without an autodiff graph. Not thread-safe: one instance per training loop
     * (it keeps workspaces between calls).
     */
    interface FusedLossStep {
        /**
         * Fresh arrays, shaped like the model's parameters, for {@link #lossAndGradient}.
         *
         * @return one zero matrix per parameter tensor, in {@link KahlerMetricModel#parameters()} order
         */
        List<DMatrixRMaj> newGradients();

        /**
         * The loss of a batch and its parameter gradient times {@code scale}, written into {@code gradients}
         * (overwritten, not accumulated).
         *
         * @param batch the points of the batch (with their weights and |Ω|²)
         * @param ratioConstant c = d!·Vol<sub>Ω</sub>/Vol<sub>FS</sub>, so that c det g/|Ω|² = 1 for a Ricci-flat metric
         *     of the same volume
         * @param scale the factor applied to the gradient (the loss weight), not to the returned loss
         * @param gradients output, from {@link #newGradients()}
         * @return the unscaled loss of the batch (NaN or infinite if the metric degenerates)
         */
        double lossAndGradient(PointSet batch, double ratioConstant, double scale,
                List<DMatrixRMaj> gradients);
    }

    /**
     * The metric-NTK Θ<sub>αβ</sub>(x, y) of a model at a set of points, index point·d² + α with α over the d²
     * independent real components of g<sub>a b̄</sub> (real diagonal, then Re and Im of each a &lt; b pair).
     * Thread-safe; each call allocates its result.
     */
    interface FactorizedMetricNtk {
        /**
         * Θ at fixed points, prepared once (for the φ-model: the jets of every layer, O(N·(1 + 2d + d²)·Σn<sub>l</sub>)
         * doubles), to be streamed in blocks or multiplied by vectors. It holds the parameters of this call.
         *
         * @param points N points of the model's variety
         * @param threads worker threads for the preparation (the result is bit-identical for any count)
         * @return the prepared kernel
         */
        KernelBlocks blocks(PointSet points, int threads);

        /**
         * Θ at the points, (N·d²)×(N·d²), symmetric positive semi-definite: {@link KernelBlocks#matrix} of
         * {@link #blocks}.
         *
         * @param points N points of the model's variety
         * @param blockSize points per block (bounds the working memory besides the result)
         * @param threads worker threads (the result is bit-identical for any count)
         * @return the matrix Θ
         */
        default DMatrixRMaj matrix(PointSet points, int blockSize, int threads) {
            return blocks(points, threads).matrix(blockSize, threads);
        }

        /**
         * Θ·v at the points without forming Θ.
         *
         * @param points N points of the model's variety
         * @param v a vector of N·d² entries
         * @param blockSize points per block, ≥ 1 (memory grows linearly with it)
         * @param threads worker threads, ≥ 1
         * @return Θ·v, N·d² entries
         */
        default double[] apply(PointSet points, double[] v, int blockSize, int threads) {
            return blocks(points, threads).apply(v, blockSize, threads);
        }

        /**
         * Θ at fixed points as a reusable product v ↦ Θv (for iterative eigensolvers): {@link #blocks} prepared once,
         * here. The product uses the parameters of this call.
         *
         * @param points N points of the model's variety
         * @param blockSize points per block, ≥ 1 (memory grows linearly with it)
         * @param threads worker threads, ≥ 1
         * @return v ↦ Θ·v on vectors of N·d² entries
         */
        default java.util.function.UnaryOperator<double[]> product(PointSet points, int blockSize, int threads) {
            KernelBlocks k = blocks(points, threads);
            return v -> k.apply(v, blockSize, threads);
        }
    }

    /**
     * A metric-NTK Θ at N fixed points, (N·m)×(N·m) with index point·m + α, that can be streamed block by block so
     * that the working memory is bounded by the block size, not by (N·m)². Immutable (it holds the parameters at its
     * creation) and thread-safe.
     */
    interface KernelBlocks {
        /**
         * The number N of points.
         *
         * @return N ≥ 1
         */
        int points();

        /**
         * The number m of metric components per point.
         *
         * @return m ≥ 1
         */
        int components();

        /**
         * Hands every block Θ(X, Y) with X ≤ Y of the partition of the points into consecutive blocks of
         * {@code blockSize} (the last one shorter) to the consumer, exactly once each, in no particular order and
         * from up to {@code threads} threads at once. A block's entries are computed the same way for every block size
         * and thread count (bit-identical). The block array belongs to the calling worker and is overwritten after
         * {@code accept} returns; the consumer must copy what it keeps and be thread-safe.
         *
         * @param blockSize points per block, ≥ 1
         * @param threads worker threads, ≥ 1
         * @param consumer receives each block
         */
        void forEachBlock(int blockSize, int threads, BlockConsumer consumer);

        /**
         * One block Θ(X, Y) for X = [x0, x1), Y = [y0, y1), fresh, row-major ((x1−x0)·m)×((y1−y0)·m): the same numbers
         * as {@link #forEachBlock} gives for the blocks of a partition (and their mirror images).
         *
         * @param x0 first point of X
         * @param x1 end of X (exclusive), ≤ N
         * @param y0 first point of Y
         * @param y1 end of Y (exclusive), ≤ N
         * @return the block
         */
        double[] block(int x0, int x1, int y0, int y1);

        /**
         * Θ·v without forming Θ, bit-identical for any thread count.
         *
         * @param v N·m entries, index point·m + α
         * @param blockSize points per task
         * @param threads worker threads
         * @return Θ·v, N·m entries
         */
        double[] apply(double[] v, int blockSize, int threads);

        /**
         * The whole (N·m)×(N·m) matrix from {@link #forEachBlock}, each block placed and mirrored (exactly symmetric).
         *
         * @param blockSize points per block
         * @param threads worker threads (bit-identical results for any count)
         * @return Θ
         */
        default DMatrixRMaj matrix(int blockSize, int threads) {
            int m = components();
            int size = points() * m;
            DMatrixRMaj out = new DMatrixRMaj(size, size);
            double[] o = out.data;
            forEachBlock(blockSize, threads, (x0, x1, y0, y1, block) -> {
                int rows = (x1 - x0) * m;
                int cols = (y1 - y0) * m;
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(block, i * cols, o, (x0 * m + i) * size + y0 * m, cols);
                    if (x0 != y0) {
                        for (int j = 0; j < cols; j++) {
                            o[(y0 * m + j) * size + x0 * m + i] = block[i * cols + j];
                        }
                    }
                }
            });
            return out;
        }
    }

    /** Receives one block of a {@link KernelBlocks}. */
    @FunctionalInterface
    interface BlockConsumer {
        /**
         * One block Θ(X, Y), X = [x0, x1) and Y = [y0, y1) with x0 ≤ y0 (x0 = y0 only for a diagonal block, which is
         * then complete and symmetric), row-major ((x1−x0)·m)×((y1−y0)·m) from index 0 of {@code block} (the array may
         * be longer; it is reused after this call returns).
         *
         * @param x0 first point of X
         * @param x1 end of X (exclusive)
         * @param y0 first point of Y
         * @param y1 end of Y (exclusive)
         * @param block the entries Θ<sub>(x,α),(y,β)</sub> at ((x−x0)·m + α)·(y1−y0)·m + (y−y0)·m + β
         */
        void accept(int x0, int x1, int y0, int y1, double[] block);
    }
}
