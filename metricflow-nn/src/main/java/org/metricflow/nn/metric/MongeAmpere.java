package org.metricflow.nn.metric;

import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.PointSet;

/**
 * The Monge–Ampère loss, the one general form in the library (the flow's {@code Loss.mongeAmpere(q)} is an adapter;
 * the φ-model's fused step is its one fused form, tested against it):
 * <pre>
 *   ρ_p = c det g_p / |Ω|²_p,   L = Σ_p w_p |ρ_p − 1|^q / Σ_p w_p,
 * </pre>
 * with the points' Monte-Carlo weights w<sub>p</sub> and c = d!·Vol<sub>Ω</sub>/Vol<sub>FS</sub>, so that ρ = 1 for
 * the Ricci-flat metric in the Fubini–Study class. det g is taken as exp(log det g − log(|Ω|²/c)) with
 * log det g = ½ log det of the real 2d×2d embedding (= log |det g|). The subgradient of |x| at 0 is 0.
 */
public final class MongeAmpere {
    private MongeAmpere() {
    }

    /**
     * L on a batch, differentiable in whatever {@code g} depends on.
     *
     * @param g the metrics at the points (N of them)
     * @param points the N points, with their weights and |Ω|²
     * @param ratioConstant c &gt; 0
     * @param exponent q ≥ 1
     * @return the 1×1 loss
     */
    public static Tensor loss(HermitianMetric g, PointSet points, double ratioConstant, double exponent) {
        int n = points.size();
        double[] w = points.weights();
        double[] logOmega = points.omegaSquared();
        double logC = Math.log(ratioConstant);
        double wsum = 0;
        for (int p = 0; p < n; p++) {
            wsum += w[p];
            logOmega[p] = Math.log(logOmega[p]) - logC;
        }
        Tensor ratio = g.logDet().minus(Tensor.constant(new DMatrixRMaj(n, 1, true, logOmega))).exp();
        Tensor dev = ratio.minus(1.0).abs();
        if (exponent != 1.0) {
            dev = dev.pow(exponent);
        }
        Tensor weights = Tensor.constant(new DMatrixRMaj(n, 1, true, w));
        return dev.times(weights).sum().times(1.0 / wsum);
    }
}
