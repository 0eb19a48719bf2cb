package org.metricflow.examples;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.metricflow.core.random.Rng;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.ntk.AnalyticNtk;

/**
 * Kernel locality (the paper's "loss gain against geodesic distance"): how far from its training points does a
 * kernel gradient flow learn a metric?
 *
 * <p>Setting: the flat torus T² = (ℝ/2πℤ)², geodesic distance d(x, y) = |x − y| taken periodically in each
 * coordinate. Target: the smooth Riemannian metric ĝ = [[e<sup>a</sup>, c], [c, e<sup>b</sup>]] with
 * a = 0.4 sin x<sub>1</sub> cos x<sub>2</sub>, b = 0.4 cos(x<sub>1</sub> − x<sub>2</sub>), c = 0.2 sin(x<sub>1</sub> +
 * x<sub>2</sub>) (positive definite: e<sup>(a+b)/2</sup> ≥ e<sup>−0.4</sup> &gt; 0.2); initial model g<sub>0</sub> = δ
 * (the flat metric). The three independent components are learned with the same scalar kernel K (the metric-NTK of a
 * network with independent outputs is K ⊗ I<sub>3</sub>) by the gradient flow of the MSE loss
 * L = ½ Σ<sub>a</sub> |g(x<sub>a</sub>) − ĝ(x<sub>a</sub>)|² over n sparse training points, whose solution in closed
 * form is, with K(X, X) = V Λ Vᵀ and r<sub>0</sub> = g<sub>0</sub>(X) − ĝ(X),
 * <pre>  g_t(x) = g_0(x) − K(x, X) V diag((1 − e^{−ηλ_k t})/λ_k) Vᵀ r_0,</pre>
 * where (1 − e<sup>−ηλt</sup>)/λ → ηt for λ → 0 (no division by a vanishing eigenvalue). η = 1/mean K(x, x) makes
 * the kernels' time scales comparable; t = {@value #FLOW_TIME}.
 *
 * <p>Kernels:
 * <ul>
 *   <li>Gaussian: K = exp(−Σ<sub>i</sub>(1 − cos(x<sub>i</sub> − y<sub>i</sub>))/ℓ²), the periodic Gaussian (the
 *       infinite-width kernel of a random-Fourier-feature network; ≈ exp(−d²/2ℓ²) for d ≪ 1), ℓ = 0.4;</li>
 *   <li>delta (grid/local): K(x, y) = 1 if x = y else 0;</li>
 *   <li>relu NTK: the analytic infinite-width NTK ({@link AnalyticNtk}) of a 2-hidden-layer relu MLP in NTK
 *       parametrization (σ<sub>w</sub> = √2, σ<sub>b</sub> = 0.1) on the periodic features (cos x<sub>1</sub>,
 *       sin x<sub>1</sub>, cos x<sub>2</sub>, sin x<sub>2</sub>).</li>
 * </ul>
 * Test points: a regular grid; each is binned by its geodesic distance to the nearest training point, and per bin
 * the gain Σ L<sub>0</sub>(x) / Σ L<sub>t</sub>(x) (initial over final squared error, summed over the bin) is
 * reported. A gain of 1 means nothing was learned there.
 */
public final class NtkLocality {
    /** The flow time t in units of 1/(η mean K(x, x)). */
    public static final double FLOW_TIME = 1000;
    /** The Gaussian length scale ℓ. */
    public static final double LENGTH_SCALE = 0.4;
    /** The kernel names, in report order. */
    public static final java.util.List<String> KERNELS = java.util.List.of("gaussian", "delta", "reluNtk");

    private NtkLocality() {
    }

    /**
     * Runs the full-size experiment (40 training points, a 60×60 test grid, bins of width 0.1).
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        run(out, 40, 60, 0.1, 1);
        out.flush();
    }

    /**
     * Runs the experiment.
     *
     * @param trainPoints the number of uniformly random training points (2 … 2000)
     * @param gridSide the test grid is gridSide × gridSide (2 … 400)
     * @param binWidth the width of the distance bins (&gt; 0)
     * @param seed the seed of the training points
     * @return {@code bins} (the bins' lower edges), {@code counts} (test points per bin), {@code ratios}
     *     (kernel name → gain per bin; NaN for an empty bin), {@code trainingGain} (kernel name → gain at the
     *     training points)
     */
    public static Map<String, Object> run(PrintWriter out, int trainPoints, int gridSide, double binWidth, long seed) {
        if (trainPoints < 2 || trainPoints > 2000) {
            throw new IllegalArgumentException("trainPoints must lie in [2, 2000], got " + trainPoints);
        }
        if (gridSide < 2 || gridSide > 400) {
            throw new IllegalArgumentException("gridSide must lie in [2, 400], got " + gridSide);
        }
        if (!(binWidth > 0) || Double.isInfinite(binWidth)) {
            throw new IllegalArgumentException("binWidth must be positive and finite, got " + binWidth);
        }
        Rng rng = Rng.of(seed);
        double[][] train = new double[trainPoints][2];
        for (double[] p : train) {
            p[0] = rng.uniform(0, 2 * Math.PI);
            p[1] = rng.uniform(0, 2 * Math.PI);
        }
        int m = gridSide * gridSide;
        double[][] test = new double[m][2];
        for (int i = 0; i < gridSide; i++) {
            for (int j = 0; j < gridSide; j++) {
                test[i * gridSide + j][0] = 2 * Math.PI * (i + 0.5) / gridSide;
                test[i * gridSide + j][1] = 2 * Math.PI * (j + 0.5) / gridSide;
            }
        }
        double[] nearest = new double[m];
        double maxDistance = 0;
        for (int k = 0; k < m; k++) {
            nearest[k] = Double.POSITIVE_INFINITY;
            for (double[] p : train) {
                nearest[k] = Math.min(nearest[k], torusDistance(test[k], p));
            }
            maxDistance = Math.max(maxDistance, nearest[k]);
        }
        int bins = (int) Math.floor(maxDistance / binWidth) + 1;
        int[] counts = new int[bins];
        for (int k = 0; k < m; k++) {
            counts[(int) Math.floor(nearest[k] / binWidth)]++;
        }
        double[] edges = new double[bins];
        for (int b = 0; b < bins; b++) {
            edges[b] = b * binWidth;
        }
        Map<String, double[]> ratios = new LinkedHashMap<>();
        Map<String, Double> trainingGain = new LinkedHashMap<>();
        for (String kernel : KERNELS) {
            double[][] gains = gains(kernel, train, test, nearest, binWidth, bins);
            ratios.put(kernel, gains[0]);
            trainingGain.put(kernel, gains[1][0]);
        }
        out.printf("Kernel locality on the flat torus: %d training points, %d test points, flow time %.0f%n",
                trainPoints, m, FLOW_TIME);
        out.printf("gain = initial / final squared error of the metric, by geodesic distance to the nearest"
                + " training point%n");
        out.printf("%-13s %6s", "distance", "count");
        for (String kernel : KERNELS) {
            out.printf(" %12s", kernel);
        }
        out.println();
        out.printf("%-13s %6d", "training pts", trainPoints);
        for (String kernel : KERNELS) {
            out.printf(" %12.4g", trainingGain.get(kernel));
        }
        out.println();
        for (int b = 0; b < bins; b++) {
            out.printf("[%4.2f, %4.2f) %6d", edges[b], edges[b] + binWidth, counts[b]);
            for (String kernel : KERNELS) {
                out.printf(" %12.4g", ratios.get(kernel)[b]);
            }
            out.println();
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("bins", edges);
        results.put("binWidth", binWidth);
        results.put("counts", counts);
        results.put("ratios", ratios);
        results.put("trainingGain", trainingGain);
        return results;
    }

    /** {gain per bin, {gain at the training points}}. */
    private static double[][] gains(String kernel, double[][] train, double[][] test, double[] nearest,
            double binWidth, int bins) {
        int n = train.length;
        int m = test.length;
        DMatrixRMaj kxx = kernel(kernel, train, train);
        DMatrixRMaj ktx = kernel(kernel, test, train);
        double meanDiagonal = 0;
        for (int a = 0; a < n; a++) {
            meanDiagonal += kxx.get(a, a) / n;
        }
        double eta = 1 / meanDiagonal;
        DMatrixRMaj r0 = new DMatrixRMaj(n, 3);
        for (int a = 0; a < n; a++) {
            double[] target = target(train[a]);
            r0.set(a, 0, 1 - target[0]);
            r0.set(a, 1, -target[1]);
            r0.set(a, 2, 1 - target[2]);
        }
        DMatrixRMaj coefficients = flowCoefficients(kxx, r0, eta, FLOW_TIME);
        // the training points' own gain: residual r_t = r0 − K C
        DMatrixRMaj change = new DMatrixRMaj(n, 3);
        CommonOps_DDRM.mult(kxx, coefficients, change);
        double before = 0;
        double after = 0;
        for (int a = 0; a < n; a++) {
            for (int c = 0; c < 3; c++) {
                double w = c == 1 ? 2 : 1; // the off-diagonal component counts twice in |g − ĝ|²
                before += w * r0.get(a, c) * r0.get(a, c);
                double rt = r0.get(a, c) - change.get(a, c);
                after += w * rt * rt;
            }
        }
        double trainingGain = before / after;
        DMatrixRMaj testChange = new DMatrixRMaj(m, 3);
        CommonOps_DDRM.mult(ktx, coefficients, testChange);
        double[] sumBefore = new double[bins];
        double[] sumAfter = new double[bins];
        for (int k = 0; k < m; k++) {
            double[] target = target(test[k]);
            double[] r = {1 - target[0], -target[1], 1 - target[2]};
            int b = (int) Math.floor(nearest[k] / binWidth);
            for (int c = 0; c < 3; c++) {
                double w = c == 1 ? 2 : 1;
                sumBefore[b] += w * r[c] * r[c];
                double rt = r[c] - testChange.get(k, c);
                sumAfter[b] += w * rt * rt;
            }
        }
        double[] gain = new double[bins];
        for (int b = 0; b < bins; b++) {
            gain[b] = sumAfter[b] > 0 ? sumBefore[b] / sumAfter[b] : Double.NaN;
        }
        return new double[][] {gain, {trainingGain}};
    }

    /**
     * The coefficients C = V diag((1 − e<sup>−ηλ<sub>k</sub>t</sup>)/λ<sub>k</sub>) Vᵀ r<sub>0</sub> of the kernel
     * gradient flow dr/dt = −ηK r at the training points (K = VΛVᵀ): r<sub>t</sub> = r<sub>0</sub> − K C and
     * g<sub>t</sub>(x) = g<sub>0</sub>(x) − K(x, X) C. Eigenvalues are clipped at 0 and the filter tends to ηt as λ → 0,
     * so a singular kernel gives finite coefficients.
     *
     * @param kxx the n×n kernel at the training points (symmetric PSD)
     * @param r0 n×c initial residuals
     */
    static DMatrixRMaj flowCoefficients(DMatrixRMaj kxx, DMatrixRMaj r0, double eta, double time) {
        int n = kxx.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(kxx.copy())) {
            throw new IllegalStateException("eigen-decomposition of the kernel failed");
        }
        DMatrixRMaj v = new DMatrixRMaj(n, n);
        double[] filter = new double[n];
        for (int k = 0; k < n; k++) {
            DMatrixRMaj vk = eig.getEigenVector(k);
            for (int a = 0; a < n; a++) {
                v.set(a, k, vk.get(a));
            }
            double lambda = Math.max(eig.getEigenvalue(k).real, 0);
            double x = eta * lambda * time;
            // (1 − e^{−ηλt})/λ, = ηt (1 − x/2 + …) for small x = ηλt
            filter[k] = x < 1e-8 ? eta * time : -Math.expm1(-x) / lambda;
        }
        int c = r0.numCols;
        DMatrixRMaj vtr = new DMatrixRMaj(n, c);
        CommonOps_DDRM.multTransA(v, r0, vtr);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < c; j++) {
                vtr.set(k, j, vtr.get(k, j) * filter[k]);
            }
        }
        DMatrixRMaj coefficients = new DMatrixRMaj(n, c);
        CommonOps_DDRM.mult(v, vtr, coefficients);
        return coefficients;
    }

    /** The kernel matrix K(a_i, b_j). */
    static DMatrixRMaj kernel(String name, double[][] a, double[][] b) {
        switch (name) {
            case "gaussian":
                return periodicGaussian(a, b, LENGTH_SCALE);
            case "delta": {
                DMatrixRMaj k = new DMatrixRMaj(a.length, b.length);
                for (int i = 0; i < a.length; i++) {
                    for (int j = 0; j < b.length; j++) {
                        k.set(i, j, a[i][0] == b[j][0] && a[i][1] == b[j][1] ? 1 : 0);
                    }
                }
                return k;
            }
            case "reluNtk":
                return reluNtk(torusFeatures(a), torusFeatures(b));
            default:
                throw new IllegalArgumentException("unknown kernel '" + name + "'");
        }
    }

    /**
     * The periodic Gaussian kernel on the flat torus (ℝ/2πℤ)<sup>2</sup>, K(x, y) = exp(−Σ<sub>i</sub>(1 −
     * cos(x<sub>i</sub> − y<sub>i</sub>))/ℓ²) ≈ exp(−d²/2ℓ²) for d ≪ 1 (positive definite: a product of
     * exponentials of the positive definite kernels cos(x<sub>i</sub> − y<sub>i</sub>)).
     *
     * @param a points as (x<sub>1</sub>, x<sub>2</sub>) rows
     * @param b points as (x<sub>1</sub>, x<sub>2</sub>) rows
     * @param lengthScale ℓ &gt; 0 (radians)
     * @return K(a<sub>i</sub>, b<sub>j</sub>), |a|×|b|
     */
    public static DMatrixRMaj periodicGaussian(double[][] a, double[][] b, double lengthScale) {
        DMatrixRMaj k = new DMatrixRMaj(a.length, b.length);
        double inv = 1 / (lengthScale * lengthScale);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                double s = 2 - Math.cos(a[i][0] - b[j][0]) - Math.cos(a[i][1] - b[j][1]);
                k.set(i, j, Math.exp(-s * inv));
            }
        }
        return k;
    }

    /**
     * The periodic input features (cos x<sub>1</sub>, sin x<sub>1</sub>, cos x<sub>2</sub>, sin x<sub>2</sub>) of
     * torus points, |x|×4.
     *
     * @param x points as (x<sub>1</sub>, x<sub>2</sub>) rows
     * @return the features
     */
    public static DMatrixRMaj torusFeatures(double[][] x) {
        DMatrixRMaj f = new DMatrixRMaj(x.length, 4);
        for (int i = 0; i < x.length; i++) {
            f.set(i, 0, Math.cos(x[i][0]));
            f.set(i, 1, Math.sin(x[i][0]));
            f.set(i, 2, Math.cos(x[i][1]));
            f.set(i, 3, Math.sin(x[i][1]));
        }
        return f;
    }

    /**
     * The analytic infinite-width NTK ({@link AnalyticNtk}) of a 2-hidden-layer relu MLP in NTK parametrization
     * (σ<sub>w</sub> = √2, σ<sub>b</sub> = 0.1) between two sets of input features: the cross block is taken from
     * the kernel of [a-batch; b] in batches of 100 rows of a, so the cost stays O(|a|·|b|).
     *
     * @param a input features, |a|×f
     * @param b input features, |b|×f
     * @return K(a<sub>i</sub>, b<sub>j</sub>), |a|×|b|
     */
    public static DMatrixRMaj reluNtk(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numCols != b.numCols) {
            throw new IllegalArgumentException("reluNtk: feature counts differ, " + a.numCols + " vs " + b.numCols);
        }
        int f = a.numCols;
        AnalyticNtk ntk = AnalyticNtk.of(Activation.RELU, Parametrization.NTK, f, new int[] {512, 512},
                Math.sqrt(2), 0.1);
        DMatrixRMaj k = new DMatrixRMaj(a.numRows, b.numRows);
        for (int start = 0; start < a.numRows; start += 100) {
            int na = Math.min(100, a.numRows - start);
            DMatrixRMaj features = new DMatrixRMaj(na + b.numRows, f);
            System.arraycopy(a.data, start * f, features.data, 0, na * f);
            System.arraycopy(b.data, 0, features.data, na * f, b.numRows * f);
            DMatrixRMaj full = ntk.ntk(features);
            for (int i = 0; i < na; i++) {
                for (int j = 0; j < b.numRows; j++) {
                    k.set(start + i, j, full.get(i, na + j));
                }
            }
        }
        return k;
    }

    /**
     * The target metric ĝ(x) of the torus experiment as (g<sub>11</sub>, g<sub>12</sub>, g<sub>22</sub>).
     *
     * @param x a torus point (x<sub>1</sub>, x<sub>2</sub>)
     * @return the three independent components
     */
    public static double[] target(double[] x) {
        double a = 0.4 * Math.sin(x[0]) * Math.cos(x[1]);
        double b = 0.4 * Math.cos(x[0] - x[1]);
        double c = 0.2 * Math.sin(x[0] + x[1]);
        return new double[] {Math.exp(a), c, Math.exp(b)};
    }

    /** The geodesic distance on the flat torus (ℝ/2πℤ)². */
    static double torusDistance(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < 2; i++) {
            double d = Math.abs(x[i] - y[i]) % (2 * Math.PI);
            d = Math.min(d, 2 * Math.PI - d);
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
