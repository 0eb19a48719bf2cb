package org.metricflow.nn.internal;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.metricflow.nn.Activation;
import org.metricflow.nn.DenseLayer;
import org.metricflow.nn.Mlp;

/**
 * Per-layer NTK features of an {@link Mlp} at a set of points (plain values, no graph): the layer inputs
 * H_{l} (N×n_{l}) and the back-propagated derivatives G_l = ∂f_a/∂a_l ((N·m)×n_l, row point·m + a), so that
 * the empirical NTK factorizes exactly as Θ = Σ_l (G_l G'_lᵀ) ⊙ (c_w,l² H_{l−1}H'_{l−1}ᵀ ⊗ 1_{m×m} + c_b,l²)
 * (∂f_a/∂W_l = c_w,l g_l h_{l−1}ᵀ and ∂f_a/∂b_l = c_b,l g_l).
 */
public final class MlpFeatures {
    private final int outputs;
    private final int points;
    private final DMatrixRMaj[] layerInputs;
    private final DMatrixRMaj[] backGradients;
    private final double[] weightMultipliers;
    private final double[] biasMultipliers;

    private MlpFeatures(int outputs, int points, DMatrixRMaj[] layerInputs, DMatrixRMaj[] backGradients,
            double[] weightMultipliers, double[] biasMultipliers) {
        this.outputs = outputs;
        this.points = points;
        this.layerInputs = layerInputs;
        this.backGradients = backGradients;
        this.weightMultipliers = weightMultipliers;
        this.biasMultipliers = biasMultipliers;
    }

    /**
     * Forward and backward sweep of {@code mlp} at the points x (N×d).
     */
    public static MlpFeatures of(Mlp mlp, DMatrixRMaj x) {
        List<DenseLayer> layers = mlp.layers();
        Activation act = mlp.activation();
        int count = layers.size();
        int n = x.numRows;
        int m = mlp.outputs();
        DMatrixRMaj[] inputs = new DMatrixRMaj[count];
        DMatrixRMaj[] slopes = new DMatrixRMaj[count - 1];
        double[] cw = new double[count];
        double[] cb = new double[count];
        DMatrixRMaj h = x;
        for (int l = 0; l < count; l++) {
            DenseLayer layer = layers.get(l);
            cw[l] = layer.weightMultiplier();
            cb[l] = layer.biasMultiplier();
            inputs[l] = h;
            if (l == count - 1) {
                break;
            }
            DMatrixRMaj a = new DMatrixRMaj(n, layer.outputs());
            CommonOps_DDRM.multTransB(cw[l], h, layer.weight().value(), a);
            double[] b = layer.bias().value().data;
            int w = layer.outputs();
            DMatrixRMaj next = new DMatrixRMaj(n, w);
            DMatrixRMaj slope = new DMatrixRMaj(n, w);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < w; k++) {
                    double z = a.data[i * w + k] + cb[l] * b[k];
                    next.data[i * w + k] = act.value(z);
                    slope.data[i * w + k] = act.derivative(z);
                }
            }
            slopes[l] = slope;
            h = next;
        }
        DMatrixRMaj[] grads = new DMatrixRMaj[count];
        DMatrixRMaj g = new DMatrixRMaj(n * m, m);
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < m; a++) {
                g.data[(i * m + a) * m + a] = 1.0;
            }
        }
        grads[count - 1] = g;
        for (int l = count - 2; l >= 0; l--) {
            DenseLayer above = layers.get(l + 1);
            int w = above.inputs();
            DMatrixRMaj next = new DMatrixRMaj(n * m, w);
            CommonOps_DDRM.mult(cw[l + 1], g, above.weight().value(), next);
            DMatrixRMaj slope = slopes[l];
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < m; a++) {
                    int row = (i * m + a) * w;
                    for (int k = 0; k < w; k++) {
                        next.data[row + k] *= slope.data[i * w + k];
                    }
                }
            }
            grads[l] = next;
            g = next;
        }
        return new MlpFeatures(m, n, inputs, grads, cw, cb);
    }

    /**
     * Θ(x, x), (N·m)×(N·m).
     */
    public DMatrixRMaj kernel() {
        return cross(this, this);
    }

    /**
     * Θ(x, y) of one network at two point sets.
     */
    public static DMatrixRMaj cross(Mlp mlp, DMatrixRMaj x, DMatrixRMaj y) {
        MlpFeatures fx = of(mlp, x);
        return cross(fx, x == y ? fx : of(mlp, y));
    }

    /**
     * Θ between the points of two feature sets of the same network, (N·m)×(M·m).
     */
    public static DMatrixRMaj cross(MlpFeatures fx, MlpFeatures fy) {
        int m = fx.outputs;
        int n = fx.points;
        int k = fy.points;
        DMatrixRMaj out = new DMatrixRMaj(n * m, k * m);
        DMatrixRMaj gg = new DMatrixRMaj(n * m, k * m);
        for (int l = 0; l < fx.layerInputs.length; l++) {
            DMatrixRMaj hh = new DMatrixRMaj(n, k);
            CommonOps_DDRM.multTransB(fx.layerInputs[l], fy.layerInputs[l], hh);
            CommonOps_DDRM.multTransB(fx.backGradients[l], fy.backGradients[l], gg);
            double cw2 = fx.weightMultipliers[l] * fx.weightMultipliers[l];
            double cb2 = fx.biasMultipliers[l] * fx.biasMultipliers[l];
            int cols = k * m;
            for (int r = 0; r < n * m; r++) {
                int p = r / m;
                for (int c = 0; c < cols; c++) {
                    int q = c / m;
                    out.data[r * cols + c] += gg.data[r * cols + c] * (cw2 * hh.data[p * k + q] + cb2);
                }
            }
        }
        return out;
    }
}
