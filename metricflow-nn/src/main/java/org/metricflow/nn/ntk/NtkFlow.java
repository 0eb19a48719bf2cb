package org.metricflow.nn.ntk;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The closed-form gradient flow of a frozen kernel for a quadratic loss: kernel regression in continuous time.
 *
 * <p>With training outputs g ∈ ℝ<sup>n</sup> (n = N·m: N points, m components each), a target ĝ, the loss
 * L = ½ (g − ĝ)ᵀ M (g − ĝ) with M = diag(μ) &gt; 0 (μ = 1: L = ½|g − ĝ|²) and a frozen kernel Θ = Θ(X,X)
 * (symmetric positive semi-definite), the flow ∂<sub>t</sub>g = −η Θ ∂L/∂g = −η Θ M (g − ĝ) and its prediction at
 * other points ∂<sub>t</sub>g(x) = −η Θ(x,X) M (g − ĝ) are solved exactly. With K = M<sup>½</sup> Θ M<sup>½</sup>
 * = U Λ Uᵀ:
 * <pre>
 *   g_t(X) = g_0(X) + M^{−½} U (1 − e^{−ηΛt}) Uᵀ M^{½} (ĝ − g_0(X)),
 *   g_t(x) = g_0(x) + Θ(x,X) M^{½} U φ_t(Λ) Uᵀ M^{½} (ĝ − g_0(X)),   φ_t(λ) = (1 − e^{−ηλt})/λ,
 * </pre>
 * which for μ = 1 is g<sub>t</sub> = g<sub>0</sub> + Θ(x,X)Θ(X,X)<sup>−1</sup>(1 − e<sup>−ηΘ(X,X)t</sup>)(ĝ − g<sub>0</sub>).
 *
 * <p><b>Regularization.</b> Eigenvalues λ ≤ cutoff·λ<sub>max</sub> (including the slightly negative ones of a
 * numerically singular kernel) are treated as exact zero modes: they do not move the training outputs, and
 * φ<sub>t</sub> takes its limit ηt (for a PSD Θ such a mode is also (nearly) annihilated by Θ(x,X)). Above the
 * cutoff φ<sub>t</sub>(λ) = −expm1(−ηλt)/λ, accurate for small ηλt. No division by a small eigenvalue ever
 * happens, so ill-conditioned and singular kernels give finite results.
 */
public final class NtkFlow {
    /** The default relative eigenvalue cutoff. */
    public static final double DEFAULT_CUTOFF = 1e-12;

    private final int n;
    private final double eta;
    private final double[] sqrtMu;
    private final double[] lambda; // eigenvalues, zero modes set to exactly 0
    private final DMatrixRMaj u; // eigenvectors as columns
    private final boolean[] zeroMode;

    private NtkFlow(int n, double eta, double[] sqrtMu, double[] lambda, DMatrixRMaj u, boolean[] zeroMode) {
        this.n = n;
        this.eta = eta;
        this.sqrtMu = sqrtMu;
        this.lambda = lambda;
        this.u = u;
        this.zeroMode = zeroMode;
    }

    /**
     * The flow of L = ½|g − ĝ|² (μ = 1) with the default cutoff.
     */
    public static NtkFlow of(DMatrixRMaj trainingKernel, double eta) {
        Objects.requireNonNull(trainingKernel, "trainingKernel");
        double[] mu = new double[trainingKernel.numRows];
        java.util.Arrays.fill(mu, 1.0);
        return of(trainingKernel, mu, eta, DEFAULT_CUTOFF);
    }

    /**
     * The flow of L = ½ Σ<sub>i</sub> μ<sub>i</sub>(g<sub>i</sub> − ĝ<sub>i</sub>)².
     *
     * @param trainingKernel Θ(X,X), n×n, symmetric PSD (symmetrized here)
     * @param lossWeights μ, n positive finite weights (∂L/∂g = μ ⊙ (g − ĝ))
     * @param eta the learning rate η &gt; 0
     * @param relativeCutoff eigenvalues at most this fraction of the largest count as zero, in [0, 1)
     */
    public static NtkFlow of(DMatrixRMaj trainingKernel, double[] lossWeights, double eta, double relativeCutoff) {
        Objects.requireNonNull(trainingKernel, "trainingKernel");
        Objects.requireNonNull(lossWeights, "lossWeights");
        int n = trainingKernel.numRows;
        if (n < 1 || trainingKernel.numCols != n) {
            throw new IllegalArgumentException("the training kernel must be square and non-empty, got "
                    + trainingKernel.numRows + "×" + trainingKernel.numCols);
        }
        if (lossWeights.length != n) {
            throw new IllegalArgumentException("need one loss weight per training output (" + n + "), got "
                    + lossWeights.length);
        }
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("the learning rate η must be positive and finite, got " + eta);
        }
        if (!(relativeCutoff >= 0 && relativeCutoff < 1)) {
            throw new IllegalArgumentException("the relative eigenvalue cutoff must lie in [0, 1), got "
                    + relativeCutoff);
        }
        double[] sq = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(lossWeights[i] > 0) || Double.isInfinite(lossWeights[i])) {
                throw new IllegalArgumentException("loss weight " + i + " must be positive and finite, got "
                        + lossWeights[i]);
            }
            sq[i] = Math.sqrt(lossWeights[i]);
        }
        DMatrixRMaj k = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = 0.5 * (trainingKernel.get(i, j) + trainingKernel.get(j, i));
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("the training kernel has a non-finite entry at (" + i + ", "
                            + j + "): " + v);
                }
                k.set(i, j, sq[i] * v * sq[j]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(k)) {
            throw new IllegalStateException("the symmetric eigen-decomposition of the " + n + "×" + n
                    + " kernel failed");
        }
        double[] lambda = new double[n];
        DMatrixRMaj u = new DMatrixRMaj(n, n);
        double max = 0;
        for (int e = 0; e < n; e++) {
            lambda[e] = eig.getEigenvalue(e).real;
            max = Math.max(max, lambda[e]);
            DMatrixRMaj v = eig.getEigenVector(e);
            for (int i = 0; i < n; i++) {
                u.set(i, e, v.get(i, 0));
            }
        }
        boolean[] zero = new boolean[n];
        for (int e = 0; e < n; e++) {
            if (!(lambda[e] > relativeCutoff * max) || max == 0) {
                zero[e] = true;
                lambda[e] = 0;
            }
        }
        return new NtkFlow(n, eta, sq, lambda, u, zero);
    }

    /**
     * The eigenvalues of M<sup>½</sup>ΘM<sup>½</sup> (zero modes reported as 0), in decomposition order.
     */
    public double[] eigenvalues() {
        return lambda.clone();
    }

    /**
     * The number of zero modes (eigenvalues at or below the cutoff).
     */
    public int zeroModes() {
        int c = 0;
        for (boolean z : zeroMode) {
            c += z ? 1 : 0;
        }
        return c;
    }

    /**
     * g<sub>t</sub>(X) from g<sub>0</sub>(X) and the target ĝ (both length n), t ≥ 0.
     */
    public double[] training(double[] g0, double[] target, double t) {
        double[] c = coefficients(g0, target, t, false);
        // g_t = g_0 + M^{-1/2} U c with c = (1 − e^{−ηλt}) Uᵀ M^{1/2}(ĝ − g_0)
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int e = 0; e < n; e++) {
                s += u.get(i, e) * c[e];
            }
            out[i] = g0[i] + s / sqrtMu[i];
        }
        return out;
    }

    /**
     * g<sub>t</sub>(x) at other points from the cross kernel Θ(x,X) (n'×n), their initial outputs g<sub>0</sub>(x)
     * (length n'), and g<sub>0</sub>(X), ĝ at the training points.
     */
    public double[] predict(DMatrixRMaj crossKernel, double[] g0x, double[] g0, double[] target, double t) {
        Objects.requireNonNull(crossKernel, "crossKernel");
        Objects.requireNonNull(g0x, "g0x");
        if (crossKernel.numCols != n || crossKernel.numRows != g0x.length) {
            throw new IllegalArgumentException("the cross kernel must be " + g0x.length + "×" + n
                    + " (prediction outputs × training outputs), got " + crossKernel.numRows + "×"
                    + crossKernel.numCols);
        }
        double[] c = coefficients(g0, target, t, true);
        // a = M^{1/2} U c, then g_t(x) = g_0(x) + Θ(x,X) a
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int e = 0; e < n; e++) {
                s += u.get(i, e) * c[e];
            }
            a[i] = sqrtMu[i] * s;
        }
        double[] out = new double[g0x.length];
        for (int r = 0; r < out.length; r++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += crossKernel.get(r, i) * a[i];
            }
            out[r] = g0x[r] + s;
        }
        return out;
    }

    /** c_e = f(λ_e) (Uᵀ M^{1/2} (ĝ − g_0))_e with f = 1 − e^{−ηλt} (training) or φ_t (prediction). */
    private double[] coefficients(double[] g0, double[] target, double t, boolean prediction) {
        Objects.requireNonNull(g0, "g0");
        Objects.requireNonNull(target, "target");
        if (g0.length != n || target.length != n) {
            throw new IllegalArgumentException("g0 and target need " + n + " training outputs, got " + g0.length
                    + " and " + target.length);
        }
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("time must be finite and ≥ 0, got " + t);
        }
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = sqrtMu[i] * (target[i] - g0[i]);
        }
        double[] c = new double[n];
        for (int e = 0; e < n; e++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += u.get(i, e) * r[i];
            }
            double f;
            if (zeroMode[e]) {
                f = prediction ? eta * t : 0.0;
            } else {
                double decay = -Math.expm1(-eta * lambda[e] * t);
                f = prediction ? decay / lambda[e] : decay;
            }
            c[e] = f * s;
        }
        return c;
    }
}
