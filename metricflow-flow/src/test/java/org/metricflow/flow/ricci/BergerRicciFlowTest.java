package org.metricflow.flow.ricci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.riemann.Curvature;
import org.metricflow.geometry.riemann.MetricField;
import org.metricflow.geometry.riemann.PointCurvature;
import org.metricflow.geometry.riemann.StandardMetrics;

class BergerRicciFlowTest {

    /**
     * g = (1/4) Σ I_i σ_i² in Euler angles (θ, φ, ψ), with the left-invariant forms σ1 = sinψ dθ − cosψ sinθ dφ,
     * σ2 = cosψ dθ + sinψ sinθ dφ, σ3 = dψ + cosθ dφ (I = (1,1,1) is the unit round S³): an independent
     * coordinate expression of the left-invariant metric, differentiated by autodiff in {@link Curvature}.
     */
    private static MetricField eulerAngleMetric(double i1, double i2, double i3) {
        return MetricField.fromEntries(3, (x, i, j) -> {
            Tensor sinT = x.col(0).sin();
            Tensor cosT = x.col(0).cos();
            Tensor sinP = x.col(2).sin();
            Tensor cosP = x.col(2).cos();
            // rows of S: sigma_k = S_k0 dθ + S_k1 dφ + S_k2 dψ
            Tensor[][] s = {
                {sinP, cosP.times(sinT).times(-1.0), null},
                {cosP, sinP.times(sinT), null},
                {null, cosT, Tensor.ones(x.rows(), 1)}};
            double[] weights = {i1, i2, i3};
            Tensor sum = null;
            for (int k = 0; k < 3; k++) {
                if (s[k][i] == null || s[k][j] == null) {
                    continue;
                }
                Tensor term = s[k][i].times(s[k][j]).times(0.25 * weights[k]);
                sum = sum == null ? term : sum.plus(term);
            }
            return sum;
        });
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void milnorRicciMatchesAutodiffCurvatureInEulerAngles(long seed) {
        Rng rng = Rng.of(seed);
        double a = rng.uniform(0.3, 3);
        double b = rng.uniform(0.3, 3);
        double c = rng.uniform(0.3, 3);
        double[] point = {rng.uniform(0.4, 2.7), rng.uniform(-3, 3), rng.uniform(-3, 3)};
        PointCurvature pc = Curvature.of(eulerAngleMetric(a, b, c)).at(point);
        // Coframe matrix C (θ_k = σ_k/2 = C_k· dx); the dual frame X_k are the columns of C^{-1}, and
        // Ric(X_k, X_l) = (C^{-T} Ric C^{-1})_kl must equal diag(a_k Ric(e_k, e_k)) (X_k = √a_k e_k).
        double st = Math.sin(point[0]);
        double ct = Math.cos(point[0]);
        double sp = Math.sin(point[2]);
        double cp = Math.cos(point[2]);
        double[][] cof = {{0.5 * sp, -0.5 * cp * st, 0}, {0.5 * cp, 0.5 * sp * st, 0}, {0, 0.5 * ct, 0.5}};
        double[][] inv = invert3(cof);
        double[][] ric = pc.ricciMatrix();
        double[] expected = BergerMetric.of(a, b, c).principalRicci();
        double[] values = {a, b, c};
        for (int k = 0; k < 3; k++) {
            for (int l = 0; l < 3; l++) {
                double frame = 0;
                for (int p = 0; p < 3; p++) {
                    for (int q = 0; q < 3; q++) {
                        frame += inv[p][k] * ric[p][q] * inv[q][l];
                    }
                }
                double want = k == l ? values[k] * expected[k] : 0;
                // autodiff curvature is exact up to rounding; 1e-9 allows cancellation in the frame change
                assertEquals(want, frame, 1e-9 * (1 + Math.abs(want)), "Ric(X" + k + ",X" + l + ")");
            }
        }
        assertEquals(BergerMetric.of(a, b, c).scalarCurvature(), pc.scalar(), 1e-9);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void scalarCurvatureMatchesStandardBergerSphere(long seed) {
        Rng rng = Rng.of(seed);
        double eps = rng.uniform(0.2, 2.5);
        double[] point = {rng.uniform(0.2, 1.3), rng.uniform(-3, 3), rng.uniform(-3, 3)};
        PointCurvature pc = Curvature.of(StandardMetrics.bergerSphere(eps)).at(point);
        assertEquals(pc.scalar(), BergerMetric.berger(1, eps).scalarCurvature(), 1e-9);
        // the fibre direction: Ric eigenvalue 2ε² relative to g; horizontal: 4 − 2ε²
        double[] ric = BergerMetric.berger(1, eps).principalRicci();
        assertEquals(4 - 2 * eps * eps, ric[0], 1e-12);
        assertEquals(2 * eps * eps, ric[2], 1e-12);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void roundSphereShrinksByTheExactLaw(long seed) {
        double r0 = Rng.of(seed).uniform(0.5, 2);
        double extinction = r0 * r0 / 4;
        RicciFlowTrajectory tr = BergerRicciFlow.run(BergerMetric.round(r0), 0.9 * extinction, 30);
        assertTrue(tr.completed(), tr.stopReason());
        double[] t = tr.times();
        double[] radius = tr.series("radius");
        double[] f = tr.perelmanLambda();
        for (int i = 0; i < t.length; i++) {
            double r2 = r0 * r0 - 4 * t[i];
            // DP54 at rtol 1e-12 on a = r0² − 4t (a polynomial of degree 1: integrated exactly up to rounding)
            assertEquals(Math.sqrt(r2), radius[i], 1e-9 * Math.sqrt(r2));
            assertEquals(6 / r2, f[i], 1e-8 * 6 / r2);
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void squashedMetricsBecomeRoundAndLambdaIncreases(long seed) {
        Rng rng = Rng.of(seed);
        BergerMetric g = BergerMetric.of(rng.uniform(0.5, 1.5), rng.uniform(0.5, 1.5), rng.uniform(0.5, 1.5));
        RicciFlowTrajectory tr = BergerRicciFlow.run(g, 10, 400);
        assertFalse(tr.completed(), "the flow must become extinct before t = 10");
        double[] f = tr.perelmanLambda();
        for (int i = 1; i < f.length; i++) {
            assertTrue(f[i] >= f[i - 1] - 1e-9 * Math.abs(f[i]), "λ decreased at step " + i);
        }
        int last = f.length - 1;
        double a = tr.series("a")[last];
        double b = tr.series("b")[last];
        double c = tr.series("c")[last];
        double a0 = g.principalValues()[0];
        // near extinction the metric is round (Hamilton: 3-manifolds with Ric > 0 become round)
        double spread = (Math.max(a, Math.max(b, c)) - Math.min(a, Math.min(b, c))) / Math.max(a, Math.max(b, c));
        assertTrue(spread < 0.1, "ratio spread " + spread + " at a=" + a + " (a0=" + a0 + ")");
    }

    @Test
    void invalidInputsAreRejectedWithMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BergerMetric.of(1, -2, 1));
        assertTrue(e.getMessage().contains("b must be positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BergerRicciFlow.run(BergerMetric.round(1), -1, 3));
        assertTrue(e.getMessage().contains("time must be positive"), e.getMessage());
    }

    private static double[][] invert3(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int i1 = (j + 1) % 3;
                int i2 = (j + 2) % 3;
                int j1 = (i + 1) % 3;
                int j2 = (i + 2) % 3;
                r[i][j] = (m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1]) / det;
            }
        }
        return r;
    }
}
