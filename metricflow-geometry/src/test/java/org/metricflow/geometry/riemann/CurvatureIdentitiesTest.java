package org.metricflow.geometry.riemann;

import static org.metricflow.core.testing.Seeds.assertClose;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * Property-based tests of the curvature identities on seeded random metrics in dimensions 2 to 5. The
 * identities are exact, so the tolerance only covers rounding: curvature components here are O(1)–O(10), and
 * every quantity is a short sum of products of derivatives that are accurate to ~1e-14 relative, hence 1e-9
 * absolute.
 */
class CurvatureIdentitiesTest {
    private static final double TOL = 1e-9;

    private static int dimension(long seed) {
        return 2 + (int) Math.floorMod(seed, 4L);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void riemannSymmetriesAndFirstBianchi(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = dimension(seed);
        PointCurvature c = Curvature.of(RandomMetrics.metric(n, rng)).at(RandomMetrics.point(n, rng));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    for (int l = 0; l < n; l++) {
                        double r = c.riemannLower(i, j, k, l);
                        String at = "(" + i + j + k + l + ")";
                        assertClose(-c.riemannLower(j, i, k, l), r, 0, TOL, seed, "R_ijkl = -R_jikl " + at);
                        assertClose(-c.riemannLower(i, j, l, k), r, 0, TOL, seed, "R_ijkl = -R_ijlk " + at);
                        assertClose(c.riemannLower(k, l, i, j), r, 0, TOL, seed, "R_ijkl = R_klij " + at);
                        double bianchi = r + c.riemannLower(i, k, l, j) + c.riemannLower(i, l, j, k);
                        assertClose(0, bianchi, 0, TOL, seed, "first Bianchi " + at);
                    }
                }
                assertClose(c.ricci(j, i), c.ricci(i, j), 0, TOL, seed, "Ricci symmetric (" + i + j + ")");
            }
        }
    }

    /**
     * The lowered-index formula for R_abcd is checked against the definition
     * R^i_jkl = ∂_k Γ^i_lj − ∂_l Γ^i_kj + Γ^i_km Γ^m_lj − Γ^i_lm Γ^m_kj with ∂Γ from central differences of
     * Christoffel symbols (h = 1e-4: truncation ~h²·|∂³Γ| ≈ 1e-8, rounding ~1e-16/h ≈ 1e-12), and Γ against central
     * differences of the metric.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void riemannMatchesDefinitionWithFiniteDifferences(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = dimension(seed);
        MetricField g = RandomMetrics.metric(n, rng);
        Curvature curvature = Curvature.of(g);
        double[] x = RandomMetrics.point(n, rng);
        PointCurvature c = curvature.at(x);
        double h = 1e-4;
        double[][] dGamma = new double[n][];
        double[][] dMetric = new double[n][];
        for (int k = 0; k < n; k++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[k] += h;
            xm[k] -= h;
            double[] gp = curvature.christoffel(Tensor.constant(1, n, xp)).value().data;
            double[] gm = curvature.christoffel(Tensor.constant(1, n, xm)).value().data;
            double[] mp = g.components(Tensor.constant(1, n, xp)).value().data;
            double[] mm = g.components(Tensor.constant(1, n, xm)).value().data;
            dGamma[k] = new double[gp.length];
            dMetric[k] = new double[mp.length];
            for (int q = 0; q < gp.length; q++) {
                dGamma[k][q] = (gp[q] - gm[q]) / (2 * h);
            }
            for (int q = 0; q < mp.length; q++) {
                dMetric[k][q] = (mp[q] - mm[q]) / (2 * h);
            }
        }
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double gamma = 0;
                    for (int l = 0; l < n; l++) {
                        gamma += 0.5 * c.inverseMetric(k, l)
                                * (dMetric[i][j * n + l] + dMetric[j][i * n + l] - dMetric[l][i * n + j]);
                    }
                    assertClose(gamma, c.christoffel(k, i, j), 0, 1e-6, seed, "Γ^" + k + "_" + i + j);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    for (int l = 0; l < n; l++) {
                        double r = dGamma[k][(i * n + l) * n + j] - dGamma[l][(i * n + k) * n + j];
                        for (int m = 0; m < n; m++) {
                            r += c.christoffel(i, k, m) * c.christoffel(m, l, j)
                                    - c.christoffel(i, l, m) * c.christoffel(m, k, j);
                        }
                        assertClose(r, c.riemann(i, j, k, l), 0, 1e-6, seed, "R^" + i + "_" + j + k + l);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void scalingLeavesRicciAndDividesScalar(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = dimension(seed);
        MetricField g = RandomMetrics.metric(n, rng);
        double s = rng.uniform(0.2, 5);
        double[] x = RandomMetrics.point(n, rng);
        PointCurvature c = Curvature.of(g).at(x);
        PointCurvature cs = Curvature.of(g.scaled(s)).at(x);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertClose(c.ricci(i, j), cs.ricci(i, j), 0, TOL, seed, "Ric(c g) = Ric(g)");
            }
        }
        assertClose(c.scalar() / s, cs.scalar(), 0, TOL, seed, "R(c g) = R(g)/c");
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void twoDimensionalRiemannIsScalarTimesAreaForm(long seed) {
        Rng rng = Seeds.rng(seed);
        PointCurvature c = Curvature.of(RandomMetrics.metric(2, rng)).at(RandomMetrics.point(2, rng));
        double half = c.scalar() / 2;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 2; k++) {
                    for (int l = 0; l < 2; l++) {
                        double expected = half * (c.metric(i, k) * c.metric(j, l) - c.metric(i, l) * c.metric(j, k));
                        assertClose(expected, c.riemannLower(i, j, k, l), 0, TOL, seed, "2-D R_ijkl");
                    }
                }
            }
        }
    }

    /** In 3-D the Weyl tensor vanishes: R_abcd = g_ac Ric_bd − g_ad Ric_bc − g_bc Ric_ad + g_bd Ric_ac − (R/2)(g_ac g_bd − g_ad g_bc). */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void threeDimensionalRiemannIsDeterminedByRicci(long seed) {
        Rng rng = Seeds.rng(seed);
        PointCurvature c = Curvature.of(RandomMetrics.metric(3, rng)).at(RandomMetrics.point(3, rng));
        double r = c.scalar();
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                for (int cc = 0; cc < 3; cc++) {
                    for (int d = 0; d < 3; d++) {
                        double expected = c.metric(a, cc) * c.ricci(b, d) - c.metric(a, d) * c.ricci(b, cc)
                                - c.metric(b, cc) * c.ricci(a, d) + c.metric(b, d) * c.ricci(a, cc)
                                - 0.5 * r * (c.metric(a, cc) * c.metric(b, d) - c.metric(a, d) * c.metric(b, cc));
                        assertClose(expected, c.riemannLower(a, b, cc, d), 0, TOL, seed, "3-D R_abcd from Ricci");
                    }
                }
            }
        }
    }

    /** ∇^i G_ij = 0: needs third derivatives of the metric (autodiff through the whole curvature graph). */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void contractedSecondBianchiIdentity(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 2 + (int) Math.floorMod(seed, 3L);
        Curvature curvature = Curvature.of(RandomMetrics.metric(n, rng));
        DMatrixRMaj x = new DMatrixRMaj(3, n);
        for (int q = 0; q < x.data.length; q++) {
            x.data[q] = rng.uniform(-1, 1);
        }
        Tensor div = curvature.divergence(Tensor.constant(x), y -> curvature.tensors(y).einstein());
        for (int q = 0; q < div.value().data.length; q++) {
            assertClose(0, div.value().data[q], 0, 1e-8, seed, "(div G) entry " + q);
        }
    }

    /** R(φ*g)(y) = R(g)(φ(y)) for a diffeomorphism φ(y) = y + 0.2 sin(B y + b), ‖B‖ small (so dφ is invertible). */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void scalarCurvatureIsDiffeomorphismInvariant(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = dimension(seed);
        MetricField g = RandomMetrics.metric(n, rng);
        double[] b = new double[n * n];
        double[] shift = new double[n];
        rng.fillGaussian(b, 0.5 / n);
        rng.fillUniform(shift, 0, 2 * Math.PI);
        Tensor bt = Tensor.constant(n, n, b);
        Tensor st = Tensor.constant(1, n, shift);
        SmoothMap phi = SmoothMap.of(n, n, y -> y.plus(y.matmul(bt).plus(st).sin().times(0.2)));
        double[] y = RandomMetrics.point(n, rng);
        double[] image = phi.apply(Tensor.constant(1, n, y)).value().data;
        double expected = Curvature.of(g).at(image).scalar();
        double actual = Curvature.of(g.pullback(phi)).at(y).scalar();
        assertClose(expected, actual, 1e-9, 1e-9, seed, "R(φ*g)(y) vs R(g)(φ(y))");
    }

    /**
     * Conformal change g̃ = e^{2u} g: R̃ = e^{−2u}(R − 2(n−1)Δu − (n−2)(n−1)|∇u|²), with Δ and ∇ of g.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void conformalChangeOfScalarCurvature(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = dimension(seed);
        MetricField g = RandomMetrics.metric(n, rng);
        double[] a = new double[n];
        rng.fillGaussian(a, 0.7);
        Tensor at = Tensor.constant(n, 1, a);
        java.util.function.UnaryOperator<Tensor> u = x -> x.matmul(at).sin().times(0.5);
        double[] x = RandomMetrics.point(n, rng);
        Tensor xt = Tensor.constant(1, n, x);
        Curvature c = Curvature.of(g);
        double r = c.at(x).scalar();
        double lap = c.laplacian(xt, u).get(0, 0);
        double[] grad = c.gradient(xt, u).value().data; // (∇u)^i
        double[] gm = g.components(xt).value().data;
        double norm2 = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                norm2 += gm[i * n + j] * grad[i] * grad[j];
            }
        }
        double uval = u.apply(xt).get(0, 0);
        double expected = Math.exp(-2 * uval) * (r - 2 * (n - 1) * lap - (n - 2) * (n - 1) * norm2);
        double actual = Curvature.of(g.conformal(u)).at(x).scalar();
        assertClose(expected, actual, 1e-9, 1e-9, seed, "conformal scalar curvature");
    }

    /** Values-only and differentiable batched paths agree, and agree with the point-wise path. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void batchedPathsAgreeWithPointwise(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = dimension(seed);
        Curvature c = Curvature.of(RandomMetrics.metric(n, rng));
        DMatrixRMaj x = new DMatrixRMaj(5, n);
        for (int q = 0; q < x.data.length; q++) {
            x.data[q] = rng.uniform(-1, 1);
        }
        double[] fast = c.values(x).scalar().value().data;
        double[] graph = c.tensors(Tensor.constant(x)).scalar().value().data;
        for (int p = 0; p < 5; p++) {
            double[] point = new double[n];
            System.arraycopy(x.data, p * n, point, 0, n);
            double single = c.at(point).scalar();
            assertClose(single, fast[p], 0, 1e-12, seed, "values path, point " + p);
            assertClose(single, graph[p], 0, 1e-12, seed, "graph path, point " + p);
        }
    }
}
