package org.metricflow.nn.phi;

import java.util.List;
import org.metricflow.nn.metric.AcceleratedKahlerModel;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.geometry.complex.KahlerMetrics;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.features.FeatureJet;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.phi.internal.PhiStepKernel;

/**
 * The Monge–Ampère loss of a {@link PhiModel} and its full parameter gradient in one fused, hand-written pass (no
 * autodiff graph): the training step's hot path. For a batch of N points with Ω-measure weights w<sub>p</sub>,
 * <pre>
 *   g_p = g^FS_p + ∂∂̄φ_θ(f(z_p)),   ρ_p = c |det g_p| / |Ω|²_p,   L = Σ_p w_p |ρ_p − 1|^q / Σ_p w_p,
 * </pre>
 * exactly the value of the general form {@link org.metricflow.nn.metric.MongeAmpere#loss} (the flow module's
 * {@code Loss.mongeAmpere(q)}) for the same ratio constant c = d!·Vol<sub>Ω</sub>
 * /Vol<sub>FS</sub> (that loss takes log det of the real 2d×2d embedding, ½ log det M = log |det g|; here det g is the
 * closed-form complex determinant). The gradient ∂L/∂θ comes from the forward jet of ∂∂̄φ (value plus the 2d real
 * tangent directions per point through each layer as batched products) and its reverse sweep; the formulas are in
 * {@code org.metricflow.nn.phi.internal.PhiStepKernel}. The subgradient of |x| at 0 is 0, as in the autodiff path.
 *
 * <p>Supported: complex dimension d = 1, 2, 3, scalar networks with at least one hidden layer, every
 * {@link org.metricflow.nn.Activation} (RELU with its one-sided derivatives), both parametrizations and both
 * {@link FeatureMap}s. {@link #supports(PhiModel)} tells; callers use the autodiff path otherwise.
 *
 * <p>The batch is split over {@link Parallel}'s pool in fixed chunks with an ordered reduction: results are
 * bit-identical for any thread count. Workspaces are kept between calls, including the batch's feature jet and its
 * copies of the point data while the batch size stays the same: steady-state steps allocate no arrays that grow
 * with the batch (only a few small objects). Not thread-safe: one instance per training loop.
 */
public final class FusedMongeAmpere implements AcceleratedKahlerModel.FusedLossStep {
    private final PhiModel model;
    private final double exponent;
    private final int threads;
    private final PhiStepKernel kernel;
    // per-batch workspaces, reused while the batch size stays the same (steady state: no per-step arrays)
    private FeatureJet jet;
    private double[] fubiniStudy = new double[0];
    private double[] omegaSquared = new double[0];
    private double[] weights = new double[0];

    private FusedMongeAmpere(PhiModel model, double exponent, int threads) {
        this.model = model;
        this.exponent = exponent;
        this.threads = threads;
        this.kernel = new PhiStepKernel(model.network(), model.variety().dimension(),
                model.features() != FeatureMap.PATCH_COORDINATES);
    }

    /**
     * Whether the fused step handles this model: complex dimension 1 to 3 and a network with at least one hidden
     * layer (the φ-model's network is always scalar).
     */
    public static boolean supports(PhiModel model) {
        Objects.requireNonNull(model, "model");
        int d = model.variety().dimension();
        return d >= 1 && d <= 3 && model.network().hiddenWidths().length >= 1 && model.network().outputs() == 1;
    }

    /**
     * The fused Monge–Ampère step for a model and an exponent q ≥ 1, on {@link Parallel#defaultThreads()} threads.
     *
     * @throws IllegalArgumentException if the model is not {@linkplain #supports supported} or q is not ≥ 1
     */
    public static FusedMongeAmpere of(PhiModel model, double exponent) {
        Objects.requireNonNull(model, "model");
        if (!(exponent >= 1) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException("Monge–Ampère exponent must be ≥ 1 and finite, got " + exponent);
        }
        if (!supports(model)) {
            throw new IllegalArgumentException("the fused Monge–Ampère step needs complex dimension 1–3 and at least"
                    + " one hidden layer; this model has dimension " + model.variety().dimension() + " and "
                    + model.network().hiddenWidths().length + " hidden layers — use the autodiff path");
        }
        return new FusedMongeAmpere(model, exponent, Parallel.defaultThreads());
    }

    /**
     * The same step on a given number of worker threads (≥ 1); results do not depend on it.
     */
    public FusedMongeAmpere withThreads(int threadCount) {
        if (threadCount < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threadCount);
        }
        return new FusedMongeAmpere(model, exponent, threadCount);
    }

    /**
     * The model.
     */
    public PhiModel model() {
        return model;
    }

    /**
     * The exponent q.
     */
    public double exponent() {
        return exponent;
    }

    /**
     * L for the batch and {@code scale}·∂L/∂θ written into {@code gradients} (one matrix per parameter in the order
     * of {@link PhiModel#parameters()}, each of the parameter's shape; overwritten).
     *
     * @param ratioConstant c = d!·Vol<sub>Ω</sub>/Vol<sub>FS</sub> (&gt; 0)
     * @param scale factor applied to the gradient (a loss weight); the returned loss is not scaled
     * @return L
     */
    @Override
    public double lossAndGradient(PointSet batch, double ratioConstant, double scale, List<DMatrixRMaj> gradients) {
        double[][] out = FusedSteps.gradientArrays(model, batch, gradients);
        if (!(ratioConstant > 0) || Double.isInfinite(ratioConstant)) {
            throw new IllegalArgumentException("the ratio constant must be positive and finite, got "
                    + ratioConstant);
        }
        int count = batch.size();
        int dd = 2 * count * model.variety().dimension() * model.variety().dimension();
        if (fubiniStudy.length != dd || omegaSquared.length != count) {
            fubiniStudy = new double[dd];
            omegaSquared = new double[count];
            weights = new double[count];
        }
        jet = model.features().jet(batch, jet);
        KahlerMetrics.fubiniStudy(batch, fubiniStudy);
        batch.omegaSquared(omegaSquared);
        batch.weights(weights);
        return kernel.run(count, jet.values(), jet.firstRe(), jet.firstIm(), jet.mixedRe(), jet.mixedIm(),
                fubiniStudy, omegaSquared, weights, ratioConstant, exponent, scale, out, threads);
    }

    /**
     * {@link #lossAndGradient(PointSet, double, double, List)} with scale 1.
     */
    public double lossAndGradient(PointSet batch, double ratioConstant, List<DMatrixRMaj> gradients) {
        return lossAndGradient(batch, ratioConstant, 1.0, gradients);
    }

    /**
     * Floating-point operations per point of one {@link #lossAndGradient} in its dense products and Gram contractions
     * (a multiply-add counts two; element-wise work not counted): the figure GFLOP/s rates of the step are quoted
     * with.
     *
     * @return FLOPs per point of the batch
     */
    public double denseFlopsPerPoint() {
        return kernel.denseFlopsPerPoint();
    }

    /**
     * Freshly allocated gradient matrices of the parameters' shapes, for {@link #lossAndGradient}.
     */
    @Override
    public List<DMatrixRMaj> newGradients() {
        return FusedSteps.newGradients(model);
    }
}
