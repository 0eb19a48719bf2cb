package org.metricflow.nn.phi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.KahlerJet;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureJet;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.metric.AcceleratedKahlerModel;
import org.metricflow.nn.metric.KahlerMetricModel;

/**
 * A φ-model conditioned on k real moduli μ = (μ<sub>1</sub>, …, μ<sub>k</sub>) of a family of varieties X<sub>μ</sub>
 * (for example the Dwork quintics, μ = ψ): one network φ<sub>θ</sub>(f(z), μ) whose inputs are the F features f(z)
 * of the point followed by the k moduli, so that on the member X<sub>μ</sub>
 * <pre>
 *   g_{a b̄}(z; μ) = g^FS_{a b̄} + ∂_a∂̄_b φ_θ(f(z), μ).
 * </pre>
 * The moduli are constant on each member: their holomorphic jets ∂<sub>a</sub>μ and ∂<sub>a</sub>∂̄<sub>b</sub>μ vanish.
 * With first layer a = c<sub>w</sub>(W<sub>f</sub> f + W<sub>μ</sub> μ) + c<sub>b</sub> b (c<sub>w</sub>, c<sub>b</sub> the
 * parametrization's multipliers for F + k inputs), the network at fixed μ is therefore exactly an unconditioned
 * network on F inputs (its <i>slice</i>, {@link #at}) whose first layer is
 * <pre>
 *   W' = (c_w / c'_w) W_f,   b' = b + (c_w / c_b) W_μ μ        (c'_w the weight multiplier for F inputs),
 * </pre>
 * every other layer unchanged. Every fast path of the φ-model (the fused Monge–Ampère step, curvature jets) serves the
 * conditioned model through its slice, with the parameter gradient mapped back by the chain rule
 * <pre>
 *   ∂L/∂W_f = (c_w / c'_w) ∂L/∂W',   ∂L/∂b = ∂L/∂b',   ∂L/∂W_μ[o, j] = (c_w / c_b) μ_j ∂L/∂b'[o],
 * </pre>
 * so no kernel is copied. The general path ({@link #member}'s {@code metric}) runs the full network on the features
 * with k constant columns of zero jets; the two agree to rounding (tested).
 *
 * <p>Training on a family ({@code org.metricflow.flow.moduli.ModuliTraining}) takes steps on batches of one member at
 * a time through {@link #member}, a {@link KahlerMetricModel} view of that member with this model's live parameters.
 * The network is shared and updated in place: not thread-safe while training.
 */
public final class ModuliPhiModel {
    private final Mlp network;
    private final FeatureMap features;
    private final int moduliCount;

    private ModuliPhiModel(Mlp network, FeatureMap features, int moduliCount) {
        this.network = network;
        this.features = features;
        this.moduliCount = moduliCount;
    }

    /**
     * A conditioned φ-model.
     *
     * @param network a scalar MLP with F + k inputs (F features of the family's members, then the k moduli) and at
     *     least one hidden layer; under the NTK parametrization its σ<sub>b</sub> must be &gt; 0 (the moduli fold into
     *     the first bias)
     * @param features the features of the points (not null)
     * @param moduliCount k ≥ 1, the number of real moduli
     * @param zeroInitialOutput whether to set the last layer to zero (every member starts from Fubini–Study)
     * @return the model, training {@code network} in place
     * @throws IllegalArgumentException naming the first mismatch
     */
    public static ModuliPhiModel of(Mlp network, FeatureMap features, int moduliCount, boolean zeroInitialOutput) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(features, "features");
        if (moduliCount < 1 || moduliCount >= network.inputs()) {
            throw new IllegalArgumentException("a conditioned φ-model needs 1 ≤ k < " + network.inputs()
                    + " moduli inputs, got k=" + moduliCount);
        }
        if (network.outputs() != 1 || network.hiddenWidths().length < 1) {
            throw new IllegalArgumentException("the conditioned φ network must be scalar with at least one hidden"
                    + " layer, got " + network.outputs() + " outputs and " + network.hiddenWidths().length
                    + " hidden layers");
        }
        if (network.parametrization().biasMultiplier(network.sigmaB()) == 0) {
            throw new IllegalArgumentException("the moduli fold into the first bias, so under the "
                    + network.parametrization() + " parametrization sigmaB must be > 0, got " + network.sigmaB());
        }
        if (zeroInitialOutput) {
            network.zeroOutputLayer();
        }
        return new ModuliPhiModel(network, features, moduliCount);
    }

    /**
     * The network φ<sub>θ</sub>(f, μ), F + k inputs.
     *
     * @return the live network
     */
    public Mlp network() {
        return network;
    }

    /**
     * The point features f.
     *
     * @return the feature map
     */
    public FeatureMap features() {
        return features;
    }

    /**
     * k, the number of moduli inputs.
     *
     * @return k ≥ 1
     */
    public int moduliCount() {
        return moduliCount;
    }

    /**
     * The trainable parameters (those of {@link #network()}).
     *
     * @return live variable tensors, updated in place by optimizers
     */
    public List<Tensor> parameters() {
        return network.parameters();
    }

    /**
     * The slice at fixed moduli: an unconditioned {@link PhiModel} on the member X<sub>μ</sub> with the moduli folded
     * into its first bias (see the class comment), a snapshot of the current parameters. It has every fast path of a
     * φ-model (fused steps, metric-NTK, curvature jets, saving) and the same metric as {@link #member} to rounding.
     *
     * @param variety the member X<sub>μ</sub> (its feature count plus k must be the network's input count)
     * @param moduli μ, k finite values
     * @return a new φ-model with its own copy of the folded parameters
     */
    public PhiModel at(ProjectiveVariety variety, double... moduli) {
        Slice s = new Slice(variety, moduli);
        s.fold();
        return s.model;
    }

    /**
     * The member X<sub>μ</sub> as a trainable {@link KahlerMetricModel} sharing this model's live parameters: its
     * {@code metric} runs the full network on the features with the moduli as constant columns (zero jets), its
     * {@code potential} is that of {@link #at} (a snapshot of the parameters at the time of the call) and its
     * accelerated implementation offers the fused Monge–Ampère step of the slice with the gradient mapped back to the
     * full parameters (no Ricci step, no factorized metric-NTK: callers fall back to autodiff and Jacobians).
     *
     * @param variety the member X<sub>μ</sub> (its feature count plus k must be the network's input count)
     * @param moduli μ, k finite values
     * @return the view
     */
    public KahlerMetricModel member(ProjectiveVariety variety, double... moduli) {
        checkMember(variety, moduli);
        return new Member(variety, moduli.clone());
    }

    private void checkMember(ProjectiveVariety variety, double[] moduli) {
        Objects.requireNonNull(variety, "variety");
        Objects.requireNonNull(moduli, "moduli");
        if (moduli.length != moduliCount) {
            throw new IllegalArgumentException("this model takes " + moduliCount + " moduli, got " + moduli.length);
        }
        for (double v : moduli) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("moduli must be finite, got " + v);
            }
        }
        int f = features.featureCount(variety);
        if (f + moduliCount != network.inputs()) {
            throw new IllegalArgumentException(variety.name() + " has " + f + " " + features + " features; with "
                    + moduliCount + " moduli that is " + (f + moduliCount) + " inputs, but the network has "
                    + network.inputs());
        }
    }

    /** The slice network at fixed moduli and the maps between its parameters and the full ones. */
    private final class Slice {
        private final double[] moduli;
        private final Mlp sliceNetwork;
        private final PhiModel model;
        /** c_w/c'_w and c_w/c_b of the first layer. */
        private final double weightRatio;
        private final double moduliScale;

        Slice(ProjectiveVariety variety, double[] moduli) {
            checkMember(variety, moduli);
            this.moduli = moduli.clone();
            int f = network.inputs() - moduliCount;
            this.sliceNetwork = Mlp.builder().inputs(f).hidden(network.hiddenWidths()).outputs(1)
                    .activation(network.activation()).parametrization(network.parametrization())
                    .sigmaW(network.sigmaW()).sigmaB(network.sigmaB()).seed(network.seed()).build();
            this.model = PhiModel.of(variety, sliceNetwork, features, false);
            double cw = network.layers().get(0).weightMultiplier();
            this.weightRatio = cw / sliceNetwork.layers().get(0).weightMultiplier();
            this.moduliScale = cw / network.layers().get(0).biasMultiplier();
        }

        /** The conditioned model's live parameters. */
        List<Tensor> fullParameters() {
            return network.parameters();
        }

        /** Writes W' = (c_w/c'_w) W_f, b' = b + (c_w/c_b) W_μ μ and the other layers into the slice network. */
        void fold() {
            List<Tensor> full = network.parameters();
            List<Tensor> slice = sliceNetwork.parameters();
            double[] w = full.get(0).value().data;
            double[] b = full.get(1).value().data;
            double[] ws = slice.get(0).value().data;
            double[] bs = slice.get(1).value().data;
            int in = network.inputs();
            int f = in - moduliCount;
            for (int o = 0; o < bs.length; o++) {
                double shift = 0;
                for (int j = 0; j < moduliCount; j++) {
                    shift += w[o * in + f + j] * moduli[j];
                }
                bs[o] = b[o] + moduliScale * shift;
                for (int i = 0; i < f; i++) {
                    ws[o * f + i] = weightRatio * w[o * in + i];
                }
            }
            for (int l = 2; l < full.size(); l++) {
                double[] src = full.get(l).value().data;
                System.arraycopy(src, 0, slice.get(l).value().data, 0, src.length);
            }
        }

        /** The full gradient from the slice's by the chain rule of {@link #fold} (overwrites {@code out}). */
        void unfold(List<DMatrixRMaj> sliceGradients, List<DMatrixRMaj> out) {
            double[] gws = sliceGradients.get(0).data;
            double[] gbs = sliceGradients.get(1).data;
            double[] gw = out.get(0).data;
            int in = network.inputs();
            int f = in - moduliCount;
            for (int o = 0; o < gbs.length; o++) {
                for (int i = 0; i < f; i++) {
                    gw[o * in + i] = weightRatio * gws[o * f + i];
                }
                for (int j = 0; j < moduliCount; j++) {
                    gw[o * in + f + j] = moduliScale * moduli[j] * gbs[o];
                }
            }
            for (int l = 1; l < out.size(); l++) {
                double[] src = sliceGradients.get(l).data;
                System.arraycopy(src, 0, out.get(l).data, 0, src.length);
            }
        }
    }

    /** One member as a trainable model on the full parameters. */
    private final class Member implements KahlerMetricModel {
        private final ProjectiveVariety variety;
        private final double[] moduli;

        Member(ProjectiveVariety variety, double[] moduli) {
            this.variety = variety;
            this.moduli = moduli;
        }

        @Override
        public ProjectiveVariety variety() {
            return variety;
        }

        @Override
        public List<Tensor> parameters() {
            return network.parameters();
        }

        /** The general path: the full network on (f(z), μ) with zero jets in the moduli columns. */
        @Override
        public HermitianMetric metric(PointSet points) {
            if (!points.variety().equals(variety)) {
                throw new IllegalArgumentException("points of " + points.variety().name() + " given to the member "
                        + variety.name());
            }
            int n = points.size();
            int d = points.dimension();
            FeatureJet jet = features.jet(points);
            int f = jet.features();
            int k = moduliCount;
            double[] x = new double[n * (f + k)];
            for (int p = 0; p < n; p++) {
                System.arraycopy(jet.values(), p * f, x, p * (f + k), f);
                System.arraycopy(moduli, 0, x, p * (f + k) + f, k);
            }
            Tensor dRe = Tensor.constant(n, d * (f + k), padded(jet.firstRe(), n * d, f, k));
            Tensor dIm = Tensor.constant(n, d * (f + k), padded(jet.firstIm(), n * d, f, k));
            Tensor ddRe = Tensor.constant(n, d * d * (f + k), padded(jet.mixedRe(), n * d * d, f, k));
            Tensor ddIm = Tensor.constant(n, d * d * (f + k), padded(jet.mixedIm(), n * d * d, f, k));
            KahlerJet kj = network.kahlerJet(Tensor.constant(n, f + k, x), dRe, dIm, ddRe, ddIm);
            return HermitianMetric.fubiniStudy(points).plus(new HermitianMetric(d, kj.hessianRe(), kj.hessianIm()));
        }

        @Override
        public KahlerPotential potential() {
            return at(variety, moduli).potential();
        }

        @Override
        public boolean isKahlerByConstruction() {
            return true;
        }

        @Override
        public boolean preservesKahlerClass() {
            return true;
        }

        @Override
        public Optional<AcceleratedKahlerModel> accelerated() {
            return Optional.of(new AcceleratedKahlerModel() {
                @Override
                public Optional<FusedLossStep> mongeAmpereStep(double exponent) {
                    Slice s = new Slice(variety, moduli);
                    return FusedMongeAmpere.supports(s.model)
                            ? Optional.of(new FoldedStep(s, FusedMongeAmpere.of(s.model, exponent)))
                            : Optional.empty();
                }
            });
        }

        @Override
        public String toString() {
            return "member " + java.util.Arrays.toString(moduli) + " of a conditioned φ-model on " + variety.name();
        }
    }

    /** Rows of f jet entries followed by k zeros (the moduli's vanishing jets). */
    private static double[] padded(double[] src, int rows, int f, int k) {
        double[] out = new double[rows * (f + k)];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, r * f, out, r * (f + k), f);
        }
        return out;
    }

    /** The slice's fused step with the parameters folded before and the gradient unfolded after. */
    private static final class FoldedStep implements AcceleratedKahlerModel.FusedLossStep {
        private final Slice slice;
        private final FusedMongeAmpere inner;
        private final List<DMatrixRMaj> sliceGradients;

        FoldedStep(Slice slice, FusedMongeAmpere inner) {
            this.slice = slice;
            this.inner = inner;
            this.sliceGradients = inner.newGradients();
        }

        @Override
        public List<DMatrixRMaj> newGradients() {
            List<DMatrixRMaj> g = new java.util.ArrayList<>();
            for (Tensor t : slice.fullParameters()) {
                g.add(new DMatrixRMaj(t.rows(), t.cols()));
            }
            return g;
        }

        @Override
        public double lossAndGradient(PointSet batch, double ratioConstant, double scale,
                List<DMatrixRMaj> gradients) {
            List<Tensor> full = slice.fullParameters();
            if (gradients.size() != full.size()) {
                throw new IllegalArgumentException("expected " + full.size() + " gradient matrices, got "
                        + gradients.size());
            }
            for (int i = 0; i < full.size(); i++) {
                DMatrixRMaj g = gradients.get(i);
                if (g.numRows != full.get(i).rows() || g.numCols != full.get(i).cols()) {
                    throw new IllegalArgumentException("gradient " + i + " is " + g.numRows + "×" + g.numCols
                            + " but parameter " + i + " is " + full.get(i).rows() + "×" + full.get(i).cols());
                }
            }
            slice.fold();
            double loss = inner.lossAndGradient(batch, ratioConstant, scale, sliceGradients);
            slice.unfold(sliceGradients, gradients);
            return loss;
        }
    }
}
