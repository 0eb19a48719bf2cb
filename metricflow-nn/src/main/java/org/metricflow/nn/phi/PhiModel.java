package org.metricflow.nn.phi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import java.util.Objects;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.JetKahlerPotential;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.KahlerJet;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureJet;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.metric.AcceleratedKahlerModel;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.metric.SavedForm;
import org.metricflow.nn.phi.internal.PhiMetricNtkKernel;
import org.metricflow.nn.phi.internal.MlpCurvatureJets;

/**
 * The φ-model: the Kähler potential K = K<sub>FS</sub> + φ<sub>θ</sub> with a scalar network φ<sub>θ</sub> of real
 * features f(z) of the point, so that
 * <pre>
 *   g_{a b̄} = g^FS_{a b̄} + ∂_a∂̄_b φ_θ,   ∂_a∂̄_b φ = Σ_kl φ_kl ∂_a f_k conj(∂_b f_l) + Σ_k φ_k ∂_a∂̄_b f_k,
 * </pre>
 * computed by the network's forward-mode jet path ({@link Mlp#kahlerJet}) from the features' holomorphic jets
 * ({@link FeatureMap#jet(PointSet)}) along the local coordinates. The metric is Kähler by construction and stays
 * in the Kähler class of Fubini–Study (∂∂̄ of a global function when the features are functions on CP<sup>n</sup>,
 * as {@link FeatureMap#HERMITIAN_INVARIANTS} are). With {@code zeroInitialOutput} the network's last layer starts
 * at zero, so training starts exactly from Fubini–Study.
 */
public final class PhiModel implements KahlerMetricModel {
    private final ProjectiveVariety variety;
    private final Mlp network;
    private final FeatureMap features;

    private PhiModel(ProjectiveVariety variety, Mlp network, FeatureMap features) {
        this.variety = variety;
        this.network = network;
        this.features = features;
    }

    /**
     * A φ-model with the given scalar network on the given features.
     *
     * @param network a scalar MLP whose inputs match {@code features.featureCount(n + 1)}
     * @param zeroInitialOutput whether to set the last layer to zero (start from Fubini–Study)
     * @param features how homogeneous coordinates become network inputs (e.g. {@link FeatureMap#HERMITIAN_INVARIANTS});
     *     not null
     */
    public static PhiModel of(ProjectiveVariety variety, Mlp network, FeatureMap features, boolean zeroInitialOutput) {
        Objects.requireNonNull(variety, "variety");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(features, "features");
        int expected = features.featureCount(variety);
        if (network.inputs() != expected || network.outputs() != 1) {
            throw new IllegalArgumentException("the φ network must map " + expected + " " + features
                    + " features to 1 output, but it has " + network.inputs() + " inputs and " + network.outputs()
                    + " outputs");
        }
        if (zeroInitialOutput) {
            network.zeroOutputLayer();
        }
        return new PhiModel(variety, network, features);
    }

    @Override
    public ProjectiveVariety variety() {
        return variety;
    }

    /**
     * The network φ<sub>θ</sub>.
     */
    public Mlp network() {
        return network;
    }

    /**
     * The input features.
     */
    public FeatureMap features() {
        return features;
    }

    @Override
    public List<Tensor> parameters() {
        return network.parameters();
    }

    @Override
    public HermitianMetric metric(PointSet points) {
        if (points.variety() != variety && !points.variety().equals(variety)) {
            throw new IllegalArgumentException("points of " + points.variety().name() + " given to a metric on "
                    + variety.name());
        }
        int n = points.size();
        int d = points.dimension();
        FeatureJet jet = features.jet(points);
        int f = jet.features();
        Tensor x = Tensor.constant(n, f, jet.values());
        Tensor dRe = Tensor.constant(n, d * f, jet.firstRe());
        Tensor dIm = Tensor.constant(n, d * f, jet.firstIm());
        boolean linear = features == FeatureMap.PATCH_COORDINATES;
        Tensor ddRe = linear ? null : Tensor.constant(n, d * d * f, jet.mixedRe());
        Tensor ddIm = linear ? null : Tensor.constant(n, d * d * f, jet.mixedIm());
        KahlerJet k = network.kahlerJet(x, dRe, dIm, ddRe, ddIm);
        return HermitianMetric.fubiniStudy(points).plus(new HermitianMetric(d, k.hessianRe(), k.hessianIm()));
    }

    /**
     * The learned Kähler potential K = K<sub>FS</sub> + φ<sub>θ</sub>(f(z)) on homogeneous coordinates, for curvature,
     * Chern classes and the Euler characteristic of the learned metric ({@code KahlerGeometry}); differentiable in
     * θ through {@link KahlerPotential#value}. Its metric on X equals {@link #metric(PointSet)}. It is a
     * {@link JetKahlerPotential}, so {@code KahlerGeometry} and {@code CurvatureIntegrals} compute its curvature on the
     * fast values-only jet path ({@link MlpCurvatureJets}) with the parameters current at that time.
     */
    @Override
    public JetKahlerPotential potential() {
        return new Potential(variety, network, features);
    }

    /** K<sub>FS</sub> + φ(f(z)) with its own curvature jets. */
    private static final class Potential implements JetKahlerPotential {
        private final int m;
        private final int[] starts;
        private final KahlerPotential reference;
        private final Mlp network;
        private final FeatureMap features;

        Potential(ProjectiveVariety variety, Mlp network, FeatureMap features) {
            this.m = variety.coordinateCount();
            this.starts = variety.factorStarts();
            this.reference = variety.referencePotential();
            this.network = network;
            this.features = features;
        }

        @Override
        public Tensor value(Tensor re, Tensor im) {
            return reference.value(re, im).plus(correction(re, im));
        }

        /** The variety's reference potential (Σ t_i g_i on a product of projective spaces). */
        @Override
        public KahlerPotential reference() {
            return reference;
        }

        /** ψ = φ(features(z)). */
        private Tensor correction(Tensor re, Tensor im) {
            return network.forward(features.apply(Tensor.concatCols(re, im), starts));
        }

        @Override
        public CorrectionJets correctionJets(int coordinates, int d) {
            if (coordinates != m) {
                throw new IllegalArgumentException("this φ-model potential lives on C^" + m + " but the points have "
                        + coordinates + " homogeneous coordinates");
            }
            return new MlpCurvatureJets(network, features, starts, d);
        }

        @Override
        public String toString() {
            return reference + " + phi[" + network.inputs() + " " + features + " features, hidden "
                    + java.util.Arrays.toString(network.hiddenWidths()) + ", " + network.activation() + "]";
        }
    }

    /**
     * The fused Monge–Ampère training step of this model (loss L = Σ w<sub>p</sub>|c|det g<sub>p</sub>|/|Ω|²<sub>p</sub> − 1|<sup>q</sup>
     * / Σ w<sub>p</sub> and ∂L/∂θ in one hand-written pass, see {@link FusedMongeAmpere}); check
     * {@link FusedMongeAmpere#supports(PhiModel)} first.
     *
     * @param exponent q ≥ 1
     */
    public FusedMongeAmpere mongeAmpereStep(double exponent) {
        return FusedMongeAmpere.of(this, exponent);
    }

    /**
     * The φ-model's fast paths: the fused Monge–Ampère step ({@link FusedMongeAmpere}, complex dimension 1–3, at least
     * one hidden layer), the fused Ricci step ({@link FusedRicci}, at least one hidden layer) and the metric-NTK by
     * the per-layer factorization (every φ-model); its curvature jets come
     * with {@link #potential()}.
     *
     * @return the accelerated implementation (always present for a φ-model)
     */
    @Override
    public Optional<AcceleratedKahlerModel> accelerated() {
        return Optional.of(new Accelerated(this));
    }

    /** The fast paths of one φ-model (a view of its live parameters). */
    private static final class Accelerated implements AcceleratedKahlerModel {
        private final PhiModel model;

        Accelerated(PhiModel model) {
            this.model = model;
        }

        @Override
        public Optional<FusedLossStep> mongeAmpereStep(double exponent) {
            return FusedMongeAmpere.supports(model) ? Optional.of(model.mongeAmpereStep(exponent)) : Optional.empty();
        }

        @Override
        public Optional<FusedLossStep> ricciStep() {
            return FusedRicci.supports(model) ? Optional.of(FusedRicci.of(model)) : Optional.empty();
        }

        @Override
        public Optional<FactorizedMetricNtk> metricNtk() {
            // the jets of every layer, 64 points per task (per-point work: the task size changes no result)
            return Optional.of((points, threads) -> PhiMetricNtkKernel.of(model.network, model.features.jet(points),
                    64, threads));
        }
    }

    /**
     * The saved form of a φ-model: ansatz "phi", the variety's name, the feature map and the network's description
     * (inputs, hidden widths, outputs, activation, parametrization, σ<sub>w</sub>, σ<sub>b</sub>, seed), and θ.
     *
     * @return the saved form with the current parameters
     */
    @Override
    public Optional<SavedForm> savedForm() {
        StringBuilder cfg = new StringBuilder();
        cfg.append("inputs=").append(network.inputs()).append('\n');
        cfg.append("hidden=").append(java.util.Arrays.toString(network.hiddenWidths()).replaceAll("[\\[\\] ]", ""))
                .append('\n');
        cfg.append("outputs=").append(network.outputs()).append('\n');
        cfg.append("activation=").append(network.activation().name()).append('\n');
        cfg.append("parametrization=").append(network.parametrization().name()).append('\n');
        cfg.append("sigmaW=").append(network.sigmaW()).append('\n');
        cfg.append("sigmaB=").append(network.sigmaB()).append('\n');
        cfg.append("seed=").append(network.seed()).append('\n');
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("variety", variety.name());
        texts.put("features", features.name());
        texts.put("network", cfg.toString());
        return Optional.of(new SavedForm("phi", texts, network.flatParameters()));
    }

    @Override
    public boolean isKahlerByConstruction() {
        return true;
    }

    @Override
    public boolean preservesKahlerClass() {
        return true;
    }
}
