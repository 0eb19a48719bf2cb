package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.metricflow.core.stats.Estimate;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerGeometry;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.phi.PhiModel;

/** Loss values against independent computations at the Fubini–Study metric (a φ-model with zero output). */
class LossTest {
    private final ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
    private final PointSet ps = quintic.sample(200, 4);
    private final PhiModel fs = PhiModel.of(quintic,
            Mlp.builder().inputs(25).hidden(8).outputs(1).activation(Activation.GELU).seed(1).build(),
            FeatureMap.HERMITIAN_INVARIANTS, true);

    private LossContext context() {
        return new LossContext(fs, ps, fs.metric(ps), 5.0, KahlerIntegrals.omegaVolume(ps).value());
    }

    /** At FS with κ from the same points, the Monge–Ampère loss is the σ estimator of KahlerIntegrals. */
    @Test
    void mongeAmpereAtFubiniStudyIsSigma() {
        Estimate sigma = KahlerIntegrals.sigmaFubiniStudy(ps);
        assertEquals(sigma.value(), Loss.mongeAmpere().evaluate(context()).item(), 1e-12);
    }

    @Test
    void volumeLossVanishesAtFubiniStudyAndMseToItselfIsZero() {
        assertEquals(0.0, Loss.volume().evaluate(context()).item(), 1e-24);
        assertEquals(0.0, Loss.mseTo(HermitianMetric::fubiniStudy).evaluate(context()).item(), 0.0);
    }

    /** The Ricci loss against the analytic FS curvature: Ω-weighted mean of tr((g⁻¹Ric)²) by plain complex algebra. */
    @Test
    void ricciLossMatchesTheAnalyticCurvature() {
        KahlerGeometry geo = KahlerGeometry.of(ps, KahlerPotential.fubiniStudy());
        double[] ginv = geo.inverseMetric();
        double[] ric = geo.ricci();
        double[] w = ps.weights();
        int d = 3;
        double num = 0;
        double den = 0;
        for (int p = 0; p < ps.size(); p++) {
            // M = g^{-1} Ric with M_{fb} = Σ_a ginv[f][a]·... in the KahlerGeometry convention Σ_b g_{ab̄} M_{bc} = δ:
            // (G⁻¹ as the matrix M) times the matrix Ric, then tr(M·M).
            double[] mr = new double[d * d];
            double[] mi = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    for (int k = 0; k < d; k++) {
                        int a = 2 * (p * d * d + i * d + k);
                        int b = 2 * (p * d * d + k * d + j);
                        mr[i * d + j] += ginv[a] * ric[b] - ginv[a + 1] * ric[b + 1];
                        mi[i * d + j] += ginv[a] * ric[b + 1] + ginv[a + 1] * ric[b];
                    }
                }
            }
            double tr = 0;
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < d; k++) {
                    tr += mr[i * d + k] * mr[k * d + i] - mi[i * d + k] * mi[k * d + i];
                }
            }
            num += w[p] * tr;
            den += w[p];
        }
        assertEquals(num / den, Loss.ricci().evaluate(context()).item(), 1e-9 * Math.abs(num / den));
    }
}
