package org.metricflow.nn.features;

import static org.metricflow.core.testing.Seeds.assertClose;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.autodiff.Wirtinger;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.KahlerMetrics;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * The closed-form feature jets against reverse-mode autodiff of the same features written as real functions of
 * (Re z, Im z) with Tensor operations ({@link FeatureMap#apply}): ∂_v f = Σ v_i ∂_i f and ∂_v∂̄_w f = Σ v_i w̄_j ∂_i∂̄_j f with the Wirtinger derivatives from the real
 * gradient and Hessian. Both sides are exact up to rounding on O(1) quantities: 1e-12.
 */
class FeatureMapTest {

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void jetsMatchAutodiffWirtingerDerivatives(long seed) {
        Rng rng = Seeds.rng(seed);
        int m = 2 + rng.nextInt(4);
        int d = 1 + rng.nextInt(3);
        int count = 3;
        double[] z = new double[2 * count * m];
        double[] dirs = new double[2 * count * d * m];
        rng.fillGaussian(z, 1);
        rng.fillGaussian(dirs, 1);
        for (FeatureMap map : FeatureMap.values()) {
            FeatureJet jet = map.jet(z, m, dirs, d, count);
            int f = map.featureCount(m);
            for (int p = 0; p < count; p++) {
                double[] xy = new double[2 * m];
                for (int j = 0; j < m; j++) {
                    xy[j] = z[2 * (p * m + j)];
                    xy[m + j] = z[2 * (p * m + j) + 1];
                }
                for (int k = 0; k < f; k++) {
                    int feature = k;
                    java.util.function.Function<Tensor, Tensor> fk = t -> map.apply(t, m).col(feature);
                    Tensor point = Tensor.constant(1, 2 * m, xy);
                    assertClose(fk.apply(point).item(), jet.values()[p * f + k], 0, 1e-12, seed, map + " value " + k);
                    double[] grad = Autodiff.jacobian(fk, point).data;
                    DMatrixRMaj hess = Autodiff.hessian(fk, point);
                    double[][] dz = Wirtinger.dz(grad);
                    double[][] h = Wirtinger.complexHessian(hess.data);
                    for (int a = 0; a < d; a++) {
                        double er = 0;
                        double ei = 0;
                        for (int i = 0; i < m; i++) {
                            double vr = dirs[2 * ((p * d + a) * m + i)];
                            double vi = dirs[2 * ((p * d + a) * m + i) + 1];
                            er += vr * dz[0][i] - vi * dz[1][i];
                            ei += vr * dz[1][i] + vi * dz[0][i];
                        }
                        int o = (p * d + a) * f + k;
                        assertClose(er, jet.firstRe()[o], 0, 1e-12, seed, map + " Re ∂_" + a + " f_" + k);
                        assertClose(ei, jet.firstIm()[o], 0, 1e-12, seed, map + " Im ∂_" + a + " f_" + k);
                        for (int b = 0; b < d; b++) {
                            double mr = 0;
                            double mi = 0;
                            for (int i = 0; i < m; i++) {
                                double vr = dirs[2 * ((p * d + a) * m + i)];
                                double vi = dirs[2 * ((p * d + a) * m + i) + 1];
                                for (int j = 0; j < m; j++) {
                                    double wr = dirs[2 * ((p * d + b) * m + j)];
                                    double wi = -dirs[2 * ((p * d + b) * m + j) + 1];
                                    double cr = vr * wr - vi * wi;
                                    double ci = vr * wi + vi * wr;
                                    double hr = h[0][i * m + j];
                                    double hi = h[1][i * m + j];
                                    mr += cr * hr - ci * hi;
                                    mi += cr * hi + ci * hr;
                                }
                            }
                            int q = ((p * d + a) * d + b) * f + k;
                            assertClose(mr, jet.mixedRe()[q], 0, 1e-12, seed, map + " Re ∂_" + a + "∂̄_" + b + " f_" + k);
                            assertClose(mi, jet.mixedIm()[q], 0, 1e-12, seed, map + " Im ∂_" + a + "∂̄_" + b + " f_" + k);
                        }
                    }
                }
            }
        }
    }

    /** The invariant features are functions on CP^n: the same on every representative λz of a point. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void invariantFeaturesAreScaleInvariantOnSampledPoints(long seed) {
        PointSet ps = ProjectiveVariety.fermatQuintic().sample(20, seed);
        double[] z = ps.coordinates();
        double[] scaled = z.clone();
        double lr = 0.3;
        double li = -1.7;
        for (int q = 0; q < z.length; q += 2) {
            scaled[q] = lr * z[q] - li * z[q + 1];
            scaled[q + 1] = lr * z[q + 1] + li * z[q];
        }
        double[] dirs = ps.jacobians();
        double[] a = FeatureMap.HERMITIAN_INVARIANTS.jet(z, 5, dirs, 3, 20).values();
        double[] b = FeatureMap.HERMITIAN_INVARIANTS.jet(scaled, 5, dirs, 3, 20).values();
        Seeds.assertAllClose(a, b, 0, 1e-14, seed, "u(λz) = u(z)");
        FeatureJet jet = FeatureMap.HERMITIAN_INVARIANTS.jet(ps);
        Seeds.assertAllClose(FeatureMap.HERMITIAN_INVARIANTS.jet(z, 5, dirs, 3, 20).mixedRe(), jet.mixedRe(), 0, 0, seed,
                "jet(PointSet) uses the local coordinates");
    }

    /**
     * The workspace-reusing jet equals a fresh one bit for bit (same arithmetic), refills the given jet when the
     * shape matches — also after it held another batch, so stale values cannot survive (for patch coordinates the
     * mixed derivatives are re-zeroed) — and allocates a new one when it does not match; on a product (the bicubic)
     * the per-factor block jets refill their workspace in the same way.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void reusedJetEqualsFreshJet(long seed) {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        PointSet first = quintic.sample(12, seed);
        PointSet second = quintic.sample(12, seed + 1);
        for (FeatureMap map : FeatureMap.values()) {
            FeatureJet reuse = map.jet(first);
            java.util.Arrays.fill(reuse.mixedRe(), 7.0);
            java.util.Arrays.fill(reuse.mixedIm(), -7.0);
            FeatureJet refilled = map.jet(second, reuse);
            org.junit.jupiter.api.Assertions.assertSame(reuse, refilled, "same shape: the workspace is reused");
            FeatureJet fresh = map.jet(second);
            Seeds.assertAllClose(fresh.values(), refilled.values(), 0, 0, seed, map + " values");
            Seeds.assertAllClose(fresh.firstRe(), refilled.firstRe(), 0, 0, seed, map + " Re ∂f");
            Seeds.assertAllClose(fresh.firstIm(), refilled.firstIm(), 0, 0, seed, map + " Im ∂f");
            Seeds.assertAllClose(fresh.mixedRe(), refilled.mixedRe(), 0, 0, seed, map + " Re ∂∂̄f");
            Seeds.assertAllClose(fresh.mixedIm(), refilled.mixedIm(), 0, 0, seed, map + " Im ∂∂̄f");
            FeatureJet other = map.jet(quintic.sample(5, seed), reuse);
            org.junit.jupiter.api.Assertions.assertNotSame(reuse, other, "another batch size: a new jet");
            org.junit.jupiter.api.Assertions.assertEquals(5, other.points());
        }
        // products: the per-factor block jets refill their workspace too
        ProjectiveVariety bicubic = ProjectiveVariety.parse("bicubic&t=1,2");
        FeatureJet reuse = FeatureMap.HERMITIAN_INVARIANTS.jet(bicubic.sample(12, seed));
        java.util.Arrays.fill(reuse.mixedRe(), 7.0);
        PointSet next = bicubic.sample(12, seed + 1);
        FeatureJet refilled = FeatureMap.HERMITIAN_INVARIANTS.jet(next, reuse);
        org.junit.jupiter.api.Assertions.assertSame(reuse, refilled, "bicubic: the workspace is reused");
        FeatureJet fresh = FeatureMap.HERMITIAN_INVARIANTS.jet(next);
        Seeds.assertAllClose(fresh.values(), refilled.values(), 0, 0, seed, "bicubic values");
        Seeds.assertAllClose(fresh.firstRe(), refilled.firstRe(), 0, 0, seed, "bicubic Re ∂f");
        Seeds.assertAllClose(fresh.firstIm(), refilled.firstIm(), 0, 0, seed, "bicubic Im ∂f");
        Seeds.assertAllClose(fresh.mixedRe(), refilled.mixedRe(), 0, 0, seed, "bicubic Re ∂∂̄f");
        Seeds.assertAllClose(fresh.mixedIm(), refilled.mixedIm(), 0, 0, seed, "bicubic Im ∂∂̄f");
        double[] fs = new double[2 * 12 * 9];
        java.util.Arrays.fill(fs, 3.0);
        Seeds.assertAllClose(KahlerMetrics.fubiniStudy(second), KahlerMetrics.fubiniStudy(second, fs), 0, 0, seed,
                "Fubini–Study into a workspace");
        Seeds.assertAllClose(second.weights(), second.weights(new double[12]), 0, 0, seed, "weights into a workspace");
        Seeds.assertAllClose(second.omegaSquared(), second.omegaSquared(new double[12]), 0, 0, seed,
                "|Ω|² into a workspace");
    }
}
