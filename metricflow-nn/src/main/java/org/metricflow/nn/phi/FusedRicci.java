package org.metricflow.nn.phi;

import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.metric.AcceleratedKahlerModel;
import org.metricflow.nn.phi.internal.PhiRicciKernel;

/**
 * The Ricci loss of a {@link PhiModel} and its full parameter gradient without an autodiff graph: for a batch with
 * Ω-measure weights w<sub>p</sub>,
 * <pre>
 *   L = Σ_p w_p |Ric|²_g(p) / Σ_p w_p,   |Ric|²_g = tr((g⁻¹Ric)²),   Ric_{ab̄} = −∂_a∂̄_b log det g,
 * </pre>
 * the value of the flow module's {@code Loss.ricci()}, whose general form differentiates the potential four times
 * by nested autodiff and then once more for ∂L/∂θ. Here the network's full jet to bidegree (2,2) is propagated
 * forward (Taylor rows, one GEMM per layer) and its adjoint backward; the formulas are in
 * {@code org.metricflow.nn.phi.internal.PhiRicciKernel}. Same loss and gradient as the general form to rounding
 * ({@code FusedRicciTest}).
 *
 * <p>Supported: every φ-model whose network has at least one hidden layer (any activation, parametrization, feature
 * map and complex dimension ≤ 6). The batch is split over {@link Parallel}'s pool in fixed chunks with an ordered
 * reduction: results are bit-identical for any thread count. Not thread-safe: one instance per training loop.
 */
public final class FusedRicci implements AcceleratedKahlerModel.FusedLossStep {
    private final PhiModel model;
    private final PhiRicciKernel kernel;
    private final int threads;

    private FusedRicci(PhiModel model, int threads) {
        this.model = model;
        this.threads = threads;
        this.kernel = new PhiRicciKernel(model.network(), model.features(), model.variety().factorStarts(),
                model.variety().dimension());
    }

    /**
     * Whether the fused Ricci step handles this model: a network with at least one hidden layer, complex dimension
     * at most 6.
     *
     * @param model the φ-model
     * @return true when {@link #of} accepts it
     */
    public static boolean supports(PhiModel model) {
        Objects.requireNonNull(model, "model");
        return model.network().hiddenWidths().length >= 1 && model.variety().dimension() <= 6;
    }

    /**
     * The fused Ricci step of a model on {@link Parallel#defaultThreads()} threads.
     *
     * @param model the φ-model
     * @return the step
     * @throws IllegalArgumentException if the model is not {@linkplain #supports supported}
     */
    public static FusedRicci of(PhiModel model) {
        if (!supports(model)) {
            throw new IllegalArgumentException("the fused Ricci step needs a hidden layer and complex dimension ≤ 6;"
                    + " this model has " + model.network().hiddenWidths().length + " hidden layers and dimension "
                    + model.variety().dimension() + " — use the autodiff path");
        }
        return new FusedRicci(model, Parallel.defaultThreads());
    }

    /**
     * The same step on a given number of worker threads (≥ 1); results do not depend on it.
     *
     * @param threadCount the worker threads
     * @return a new step
     */
    public FusedRicci withThreads(int threadCount) {
        if (threadCount < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threadCount);
        }
        return new FusedRicci(model, threadCount);
    }

    /**
     * L for the batch and {@code scale}·∂L/∂θ written into {@code gradients} (one matrix per parameter in the order of
     * {@link PhiModel#parameters()}, each of the parameter's shape; overwritten).
     *
     * @param batch the points (at least one, of the model's variety)
     * @param ratioConstant unused (the Ricci loss has no ratio constant); part of the step's interface
     * @param scale factor applied to the gradient (a loss weight); the returned loss is not scaled
     * @param gradients output, from {@link #newGradients()}
     * @return L (NaN if the metric is singular at a point)
     */
    @Override
    public double lossAndGradient(PointSet batch, double ratioConstant, double scale, List<DMatrixRMaj> gradients) {
        double[][] out = FusedSteps.gradientArrays(model, batch, gradients);
        return kernel.run(batch, model.variety().referencePotential(), scale, out, threads);
    }

    /**
     * Freshly allocated gradient matrices of the parameters' shapes, for {@link #lossAndGradient}.
     */
    @Override
    public List<DMatrixRMaj> newGradients() {
        return FusedSteps.newGradients(model);
    }
}
