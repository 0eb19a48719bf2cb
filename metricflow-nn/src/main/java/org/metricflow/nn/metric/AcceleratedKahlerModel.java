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
         * Θ at the points, (N·d²)×(N·d²), symmetric positive semi-definite.
         *
         * @param points N points of the model's variety
         * @param blockSize points per block (bounds the working memory, O(blockSize²·d⁴))
         * @param threads worker threads (the result is bit-identical for any count)
         * @return the matrix Θ
         */
        DMatrixRMaj matrix(PointSet points, int blockSize, int threads);

        /**
         * Θ·v at the points without forming Θ.
         *
         * @param points N points of the model's variety
         * @param v a vector of N·d² entries
         * @param blockSize points per block
         * @param threads worker threads
         * @return Θ·v, N·d² entries
         */
        double[] apply(PointSet points, double[] v, int blockSize, int threads);

        /**
         * Θ at fixed points as a reusable product v ↦ Θv (for iterative eigensolvers): what depends only on the
         * points and the current parameters is prepared once, here; the default prepares nothing and calls
         * {@link #apply}. The product uses the parameters of this call and must not be used after they change.
         *
         * @param points N points of the model's variety
         * @param blockSize points per block
         * @param threads worker threads
         * @return v ↦ Θ·v on vectors of N·d² entries
         */
        default java.util.function.UnaryOperator<double[]> product(PointSet points, int blockSize, int threads) {
            return v -> apply(points, v, blockSize, threads);
        }
    }
}
