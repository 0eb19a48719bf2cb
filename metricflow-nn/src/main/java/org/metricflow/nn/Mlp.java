package org.metricflow.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;

/**
 * A multilayer perceptron φ: R^{d} → R^{m}, h_0 = x, a_l = c_w,l h_{l−1} W_lᵀ + c_b,l b_l, h_l = σ(a_l) for
 * the hidden layers l = 1..L, and a linear output layer f = c_w h_L W_{L+1}ᵀ + c_b b_{L+1} (multipliers from
 * the {@link Parametrization}). Built with {@link #builder()}:
 * <pre>{@code
 * Mlp phi = Mlp.builder().inputs(10).hidden(64, 64, 64).outputs(1).activation(Activation.GELU)
 *         .parametrization(Parametrization.NTK).sigmaW(1.0).sigmaB(0.1).seed(7).build();
 * }</pre>
 * Initialization is seeded: layer l draws from {@code Rng.stream(seed, l)} (weights row-major, then biases),
 * so the same seed gives bit-identical parameters.
 *
 * <p><b>The jet path.</b> For a scalar network and r tangent directions per point, {@link #jet} computes φ,
 * ∂_uφ and ∂_u∂_vφ with batched matrix products instead of nested reverse mode: the tangents of all points
 * are stacked as (N·r)×n rows and pushed forward, A_l = c_w T_{l−1} W_lᵀ, T_l = A_l ⊙ σ'(a_l); one backward
 * sweep gives δ_l = ∂φ/∂h_l (δ_L = c_w w_{L+1}, δ_{l−1} = c_w (δ_l ⊙ σ'(a_l)) W_l); then
 * <pre>
 *   ∂_u∂_v φ = Σ_l Σ_k σ''(a_lk) δ_lk A_l[u,k] A_l[v,k] + Σ_i (∂φ/∂x_i) ∂_u∂_v x_i,
 * </pre>
 * the last term for input features that are nonlinear in the coordinates. Every step is an ordinary
 * Tensor operation, so the parameter gradient of a loss on the second derivatives is one first-order
 * backward pass. {@link #kahlerJet} is the complex form: with holomorphic input tangents ∂_a x (complex) and
 * real pre-activations (∂̄_b a = conj ∂_b a),
 * ∂_a∂̄_b φ = Σ_l Σ_k σ''(a_lk) δ_lk (∂_a a_lk) conj(∂_b a_lk) + Σ_i (∂φ/∂x_i) ∂_a∂̄_b x_i.
 */
public final class Mlp implements Model {
    private final int inputs;
    private final int[] hidden;
    private final int outputs;
    private final Activation activation;
    private final Parametrization parametrization;
    private final double sigmaW;
    private final double sigmaB;
    private final long seed;
    private final List<DenseLayer> layers;
    private final List<Tensor> parameters;

    private Mlp(Builder b, List<DenseLayer> layers) {
        this.inputs = b.inputs;
        this.hidden = b.hidden.clone();
        this.outputs = b.outputs;
        this.activation = b.activation;
        this.parametrization = b.parametrization;
        this.sigmaW = b.sigmaW;
        this.sigmaB = b.sigmaB;
        this.seed = b.seed;
        this.layers = Collections.unmodifiableList(layers);
        List<Tensor> p = new ArrayList<>();
        for (DenseLayer l : layers) {
            p.add(l.weight());
            p.add(l.bias());
        }
        this.parameters = Collections.unmodifiableList(p);
    }

    /**
     * A builder; {@link Builder#inputs(int)} is required, everything else has a documented default.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder of an {@link Mlp}. Defaults: no hidden layers, 1 output, {@link Activation#TANH},
     * {@link Parametrization#STANDARD}, σ_w = 1, σ_b = 0.1, seed 0.
     */
    public static final class Builder {
        private int inputs = -1;
        private int[] hidden = new int[0];
        private int outputs = 1;
        private Activation activation = Activation.TANH;
        private Parametrization parametrization = Parametrization.STANDARD;
        private double sigmaW = 1.0;
        private double sigmaB = 0.1;
        private long seed;

        private Builder() {
        }

        /**
         * The input dimension d ≥ 1 (required).
         *
         * @return this builder
         */
        public Builder inputs(int d) {
            if (d < 1) {
                throw new IllegalArgumentException("Mlp.builder(): inputs must be ≥ 1, got " + d);
            }
            this.inputs = d;
            return this;
        }

        /**
         * The hidden widths, first to last (each ≥ 1; none gives an affine model).
         *
         * @return this builder
         */
        public Builder hidden(int... widths) {
            if (widths == null) {
                throw new IllegalArgumentException("Mlp.builder().hidden: widths are null; pass none for an affine"
                        + " model");
            }
            this.hidden = widths.clone();
            return this;
        }

        /**
         * The output dimension m ≥ 1 (default 1).
         *
         * @return this builder
         */
        public Builder outputs(int m) {
            this.outputs = m;
            return this;
        }

        /**
         * The activation of the hidden layers (default TANH).
         *
         * @return this builder
         */
        public Builder activation(Activation a) {
            if (a == null) {
                throw new IllegalArgumentException("Mlp.builder(): activation is null");
            }
            this.activation = a;
            return this;
        }

        /**
         * STANDARD or NTK (default STANDARD).
         *
         * @return this builder
         */
        public Builder parametrization(Parametrization p) {
            if (p == null) {
                throw new IllegalArgumentException("Mlp.builder(): parametrization is null");
            }
            this.parametrization = p;
            return this;
        }

        /**
         * The weight scale σ_w &gt; 0 (default 1).
         *
         * @return this builder
         */
        public Builder sigmaW(double s) {
            this.sigmaW = s;
            return this;
        }

        /**
         * The bias scale σ_b ≥ 0 (default 0.1).
         *
         * @return this builder
         */
        public Builder sigmaB(double s) {
            this.sigmaB = s;
            return this;
        }

        /**
         * The initialization seed (default 0).
         *
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Validates and initializes the network.
         *
         * @return a new network with weights drawn from the seed (equal seeds give equal networks); its parameters
         *     are mutable and it is not thread-safe while being trained
         */
        public Mlp build() {
            if (inputs < 1) {
                throw new IllegalArgumentException(inputs == -1
                        ? "Mlp.builder(): the input dimension is not set; call inputs(d) with d ≥ 1"
                        : "Mlp.builder(): inputs must be ≥ 1, got " + inputs);
            }
            for (int i = 0; i < hidden.length; i++) {
                if (hidden[i] < 1) {
                    throw new IllegalArgumentException("Mlp.builder(): hidden width " + i + " is " + hidden[i]
                            + "; every hidden width must be ≥ 1");
                }
            }
            if (outputs < 1) {
                throw new IllegalArgumentException("Mlp.builder(): outputs must be ≥ 1, got " + outputs);
            }
            if (activation == null) {
                throw new IllegalArgumentException("Mlp.builder(): activation is null; choose one of "
                        + java.util.Arrays.toString(Activation.values()));
            }
            if (parametrization == null) {
                throw new IllegalArgumentException("Mlp.builder(): parametrization is null; choose STANDARD or NTK");
            }
            if (!(sigmaW > 0) || Double.isInfinite(sigmaW)) {
                throw new IllegalArgumentException("Mlp.builder(): sigmaW must be finite and > 0, got " + sigmaW);
            }
            if (!(sigmaB >= 0) || Double.isInfinite(sigmaB)) {
                throw new IllegalArgumentException("Mlp.builder(): sigmaB must be finite and ≥ 0, got " + sigmaB);
            }
            List<DenseLayer> ls = new ArrayList<>();
            int prev = inputs;
            for (int l = 0; l <= hidden.length; l++) {
                int next = l < hidden.length ? hidden[l] : outputs;
                ls.add(DenseLayer.of(prev, next, parametrization, sigmaW, sigmaB, Rng.stream(seed, l)));
                prev = next;
            }
            return new Mlp(this, ls);
        }
    }

    /**
     * A network with the same architecture and an independent copy of the current parameters.
     */
    public Mlp copy() {
        Builder b = new Builder().inputs(inputs).hidden(hidden).outputs(outputs).activation(activation)
                .parametrization(parametrization).sigmaW(sigmaW).sigmaB(sigmaB).seed(seed);
        List<DenseLayer> ls = new ArrayList<>();
        for (DenseLayer l : layers) {
            ls.add(l.copy());
        }
        return new Mlp(b, ls);
    }

    @Override
    public int inputs() {
        return inputs;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    /**
     * The hidden widths (a copy).
     */
    public int[] hiddenWidths() {
        return hidden.clone();
    }

    /**
     * The hidden-layer activation.
     */
    public Activation activation() {
        return activation;
    }

    /**
     * The parametrization.
     */
    public Parametrization parametrization() {
        return parametrization;
    }

    /**
     * σ_w.
     *
     * @return σ_w
     */
    public double sigmaW() {
        return sigmaW;
    }

    /**
     * σ_b.
     *
     * @return σ_b
     */
    public double sigmaB() {
        return sigmaB;
    }

    /**
     * The initialization seed.
     */
    public long seed() {
        return seed;
    }

    /**
     * The dense layers, hidden first, the linear output layer last.
     */
    public List<DenseLayer> layers() {
        return layers;
    }

    /**
     * Sets the weights and biases of the linear output layer to zero, so that the network is identically 0 while its
     * hidden layers keep their initialization (a model whose correction is this network then starts at its reference
     * metric). Changes the live parameters in place: not thread-safe with a concurrent use of the network.
     */
    public void zeroOutputLayer() {
        java.util.Arrays.fill(parameters.get(parameters.size() - 2).value().data, 0.0);
        java.util.Arrays.fill(parameters.get(parameters.size() - 1).value().data, 0.0);
    }

    /** W_1, b_1, W_2, b_2, …, W_{L+1}, b_{L+1}: live variables (optimizers update their values in place). */
    @Override
    public List<Tensor> parameters() {
        return parameters;
    }

    /**
     * f(x) for a batch x (N×d): N×m, differentiable in x and the parameters. Same as {@link #apply}.
     */
    public Tensor forward(Tensor x) {
        checkInput("forward", x);
        Tensor h = x;
        int last = layers.size() - 1;
        for (int l = 0; l < last; l++) {
            h = activation.apply(layers.get(l).apply(h));
        }
        return layers.get(last).apply(h);
    }

    @Override
    public Tensor apply(Tensor x) {
        return forward(x);
    }

    private void checkInput(String what, Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException(what + ": input batch is null");
        }
        if (x.cols() != inputs) {
            throw new IllegalArgumentException(what + ": input batch is " + x.rows() + "×" + x.cols()
                    + " but the network takes " + inputs + " inputs per point (N×" + inputs + ")");
        }
    }

    // ================================================================================================
    // jet path

    /**
     * φ, its first and its second derivatives along r tangent directions per point, for a scalar network
     * (outputs() = 1).
     *
     * @param x       N×d inputs
     * @param dx      N×(r·d) input tangents: column u·d + i holds ∂_u x_i
     * @param ddx     N×(r·r·d) input second derivatives, column (u·r + v)·d + i holds ∂_u∂_v x_i (symmetric in
     *                u, v); null when the inputs are linear in the coordinates
     * @return φ (N×1), ∂_uφ (N×r), ∂_u∂_vφ (N×r², column u·r + v)
     */
    public Jet jet(Tensor x, Tensor dx, Tensor ddx) {
        checkInput("jet", x);
        int r = directions("jet", x, dx);
        if (ddx != null && (ddx.rows() != x.rows() || ddx.cols() != r * r * inputs)) {
            throw new IllegalArgumentException("jet: input second derivatives are " + ddx.rows() + "×" + ddx.cols()
                    + " but need N×(r·r·d) = " + x.rows() + "×" + (r * r * inputs));
        }
        Core c = propagate(x, dx, r);
        Tensor second = c.gram;
        if (ddx != null) {
            Tensor input = ddx.batchMatmul(c.inputGradient, r * r, inputs, 1);
            second = second == null ? input : second.plus(input);
        }
        if (second == null) {
            second = Tensor.zeros(x.rows(), r * r);
        }
        return new Jet(c.value, c.first, second);
    }

    /**
     * {@link #jet(Tensor, Tensor, Tensor)} for inputs linear in the coordinates (no second derivative term).
     */
    public Jet jet(Tensor x, Tensor dx) {
        return jet(x, dx, null);
    }

    /**
     * φ, ∂_aφ and the complex Hessian ∂_a∂̄_bφ for d complex directions, for a scalar network whose real inputs
     * x are functions of complex coordinates.
     *
     * @param x      N×n real inputs
     * @param dxRe   N×(d·n): Re ∂_a x_i in column a·n + i (∂_a = ∂/∂z_a, so ∂̄_a x = conj ∂_a x)
     * @param dxIm   N×(d·n): Im ∂_a x_i
     * @param ddxRe  N×(d·d·n): Re ∂_a∂̄_b x_i in column (a·d + b)·n + i; null if the inputs are (anti)linear
     * @param ddxIm  N×(d·d·n): Im ∂_a∂̄_b x_i; null together with ddxRe
     * @return the {@link KahlerJet}
     */
    public KahlerJet kahlerJet(Tensor x, Tensor dxRe, Tensor dxIm, Tensor ddxRe, Tensor ddxIm) {
        checkInput("kahlerJet", x);
        if (dxRe == null || dxIm == null) {
            throw new IllegalArgumentException("kahlerJet: both real and imaginary input tangents are required");
        }
        if (dxRe.rows() != dxIm.rows() || dxRe.cols() != dxIm.cols()) {
            throw new IllegalArgumentException("kahlerJet: real and imaginary input tangents differ in shape ("
                    + dxRe.rows() + "×" + dxRe.cols() + " vs " + dxIm.rows() + "×" + dxIm.cols() + ")");
        }
        int d = directions("kahlerJet", x, dxRe);
        if ((ddxRe == null) != (ddxIm == null)) {
            throw new IllegalArgumentException("kahlerJet: give both or neither of the real and imaginary input"
                    + " second derivatives");
        }
        if (ddxRe != null) {
            for (Tensor t : new Tensor[] {ddxRe, ddxIm}) {
                if (t.rows() != x.rows() || t.cols() != d * d * inputs) {
                    throw new IllegalArgumentException("kahlerJet: input second derivatives are " + t.rows() + "×"
                            + t.cols() + " but need N×(d·d·n) = " + x.rows() + "×" + (d * d * inputs));
                }
            }
        }
        int r = 2 * d;
        Core c = propagate(x, Tensor.concatCols(dxRe, dxIm), r);
        int[] reRe = new int[d * d];
        int[] imIm = new int[d * d];
        int[] imRe = new int[d * d];
        int[] reIm = new int[d * d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                reRe[a * d + b] = a * r + b;
                imIm[a * d + b] = (d + a) * r + d + b;
                imRe[a * d + b] = (d + a) * r + b;
                reIm[a * d + b] = a * r + d + b;
            }
        }
        Tensor hre = null;
        Tensor him = null;
        if (c.gram != null) {
            hre = c.gram.selectCols(reRe).plus(c.gram.selectCols(imIm));
            him = c.gram.selectCols(imRe).minus(c.gram.selectCols(reIm));
        }
        if (ddxRe != null) {
            Tensor ire = ddxRe.batchMatmul(c.inputGradient, d * d, inputs, 1);
            Tensor iim = ddxIm.batchMatmul(c.inputGradient, d * d, inputs, 1);
            hre = hre == null ? ire : hre.plus(ire);
            him = him == null ? iim : him.plus(iim);
        }
        if (hre == null) {
            hre = Tensor.zeros(x.rows(), d * d);
            him = Tensor.zeros(x.rows(), d * d);
        }
        Tensor firstRe = c.first.cols(0, d);
        Tensor firstIm = c.first.cols(d, r);
        return new KahlerJet(c.value, firstRe, firstIm, hre, him);
    }

    private int directions(String what, Tensor x, Tensor dx) {
        if (outputs != 1) {
            throw new IllegalStateException(what + ": the jet path needs a scalar network (outputs = 1), this one has "
                    + outputs + " outputs");
        }
        if (dx == null) {
            throw new IllegalArgumentException(what + ": input tangents are null");
        }
        if (dx.rows() != x.rows() || dx.cols() == 0 || dx.cols() % inputs != 0) {
            throw new IllegalArgumentException(what + ": input tangents are " + dx.rows() + "×" + dx.cols()
                    + " but need N×(r·d) with N = " + x.rows() + " and d = " + inputs);
        }
        return dx.cols() / inputs;
    }

    /** Forward tangents, backward sweep and the Gram term Σ σ''δ A Aᵀ (null when σ'' ≡ 0 or no layer). */
    private static final class Core {
        Tensor value;
        Tensor first;
        Tensor gram;
        Tensor inputGradient;
    }

    private Core propagate(Tensor x, Tensor dx, int r) {
        int n = x.rows();
        int hiddenCount = layers.size() - 1;
        int[] repeat = new int[n * r];
        for (int p = 0; p < n; p++) {
            for (int u = 0; u < r; u++) {
                repeat[p * r + u] = p;
            }
        }
        boolean curved = activation.isSmooth() && activation != Activation.IDENTITY;
        Tensor[] tangentPre = new Tensor[hiddenCount];
        Tensor[] d1 = new Tensor[hiddenCount];
        Tensor[] d2 = new Tensor[hiddenCount];
        Tensor h = x;
        Tensor t = dx.reshape(n * r, inputs);
        for (int l = 0; l < hiddenCount; l++) {
            DenseLayer layer = layers.get(l);
            Tensor a = layer.apply(h);
            Tensor tp = layer.linear(t);
            Tensor[] ds = activation.derivatives(a);
            d1[l] = ds[0];
            d2[l] = ds[1];
            tangentPre[l] = tp;
            h = activation.apply(a);
            t = tp.times(ds[0].selectRows(repeat));
        }
        DenseLayer out = layers.get(hiddenCount);
        Core c = new Core();
        c.value = out.apply(h);
        c.first = out.linear(t).reshape(n, r);
        // δ_L = c_w w_{L+1} (1×n_L, broadcast over the batch)
        Tensor delta = out.weightMultiplier() == 1.0 ? out.weight() : out.weight().times(out.weightMultiplier());
        Tensor gram = null;
        for (int l = hiddenCount - 1; l >= 0; l--) {
            int width = layers.get(l).outputs();
            if (curved) {
                Tensor w2 = delta.times(d2[l]);
                Tensor m = tangentPre[l].times(w2.selectRows(repeat)).reshape(n, r * width);
                Tensor mt = m.selectCols(transposePermutation(r, width));
                Tensor gl = tangentPre[l].reshape(n, r * width).batchMatmul(mt, r, width, r);
                gram = gram == null ? gl : gram.plus(gl);
            }
            delta = layers.get(l).pullBack(delta.times(d1[l]));
        }
        if (delta.rows() != n) {
            delta = delta.broadcastTo(n, inputs);
        }
        c.gram = gram;
        c.inputGradient = delta;
        return c;
    }

    /** Column permutation taking r×w row-major blocks to their w×r transposes. */
    private static int[] transposePermutation(int r, int w) {
        int[] perm = new int[r * w];
        for (int k = 0; k < w; k++) {
            for (int v = 0; v < r; v++) {
                perm[k * r + v] = v * w + k;
            }
        }
        return perm;
    }

    /**
     * The MLP's NTK by the per-layer factorization Θ = Σ<sub>l</sub> (G<sub>l</sub>G<sub>l</sub><sup>T</sup>) ⊙
     * (c<sub>w,l</sub>² H<sub>l−1</sub>H<sub>l−1</sub><sup>T</sup> + c<sub>b,l</sub>²), linear in the width.
     *
     * @return the factorized NTK of this network (present for every MLP)
     */
    @Override
    public java.util.Optional<FactorizedNtk> factorizedNtk() {
        return java.util.Optional.of(new FactorizedNtk() {
            @Override
            public org.ejml.data.DMatrixRMaj matrix(org.ejml.data.DMatrixRMaj x) {
                return org.metricflow.nn.internal.MlpFeatures.of(Mlp.this, x).kernel();
            }

            @Override
            public org.ejml.data.DMatrixRMaj cross(org.ejml.data.DMatrixRMaj x, org.ejml.data.DMatrixRMaj y) {
                return org.metricflow.nn.internal.MlpFeatures.cross(Mlp.this, x, y);
            }
        });
    }
}
