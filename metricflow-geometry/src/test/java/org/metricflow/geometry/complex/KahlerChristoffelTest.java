package org.metricflow.geometry.complex;

import static org.metricflow.core.testing.Seeds.assertClose;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * Christoffel symbols of Kähler metrics: on CP^1 with FS in the affine coordinate w, g = 1/(2π(1+|w|²)²) and
 * Γ = ∂_w log g = −2w̄/(1+|w|²) (closed form); on the quintic they are symmetric in the lower indices (the Kähler
 * condition ∂_c g_{ab̄} = ∂_a g_{cb̄}). Exact up to rounding: 1e-12.
 */
class KahlerChristoffelTest {

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void fubiniStudyOnTheProjectiveLine(long seed) {
        Rng rng = Seeds.rng(seed);
        int count = 5;
        double[] z = new double[4 * count];
        rng.fillGaussian(z, 1);
        KahlerGeometry geo = KahlerGeometry.ofProjectiveSpace(1, z, count, KahlerPotential.fubiniStudy());
        double[] gamma = geo.christoffel();
        for (int p = 0; p < count; p++) {
            double a2 = z[4 * p] * z[4 * p] + z[4 * p + 1] * z[4 * p + 1];
            double b2 = z[4 * p + 2] * z[4 * p + 2] + z[4 * p + 3] * z[4 * p + 3];
            // w = z_other / z_patch, with the patch the larger coordinate.
            double pr = a2 >= b2 ? z[4 * p] : z[4 * p + 2];
            double pi = a2 >= b2 ? z[4 * p + 1] : z[4 * p + 3];
            double or = a2 >= b2 ? z[4 * p + 2] : z[4 * p];
            double oi = a2 >= b2 ? z[4 * p + 3] : z[4 * p + 1];
            double den = pr * pr + pi * pi;
            double wr = (or * pr + oi * pi) / den;
            double wi = (oi * pr - or * pi) / den;
            double scale = -2 / (1 + wr * wr + wi * wi);
            assertClose(scale * wr, gamma[2 * p], 0, 1e-12, seed, "Re Γ");
            assertClose(-scale * wi, gamma[2 * p + 1], 0, 1e-12, seed, "Im Γ");
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void symmetricInTheLowerIndicesOnTheQuintic(long seed) {
        PointSet ps = ProjectiveVariety.fermatQuintic().sample(10, seed);
        double[] gamma = KahlerGeometry.of(ps, KahlerPotential.fubiniStudy()).christoffel();
        int d = 3;
        for (int p = 0; p < ps.size(); p++) {
            for (int c = 0; c < d; c++) {
                for (int a = 0; a < d; a++) {
                    for (int f = 0; f < d; f++) {
                        int ca = 2 * (((p * d + c) * d + a) * d + f);
                        int ac = 2 * (((p * d + a) * d + c) * d + f);
                        assertClose(gamma[ca], gamma[ac], 1e-12, 1e-12, seed, "Re Γ^" + f + "_" + c + a);
                        assertClose(gamma[ca + 1], gamma[ac + 1], 1e-12, 1e-12, seed, "Im Γ^" + f + "_" + c + a);
                    }
                }
            }
        }
    }
}
