package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.math3.complex.Complex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class SamplingTest {

    static Stream<Arguments> varieties() {
        return Stream.of(
                Arguments.of(ProjectiveVariety.fermatQuintic()),
                Arguments.of(ProjectiveVariety.dwork(0.5)),
                Arguments.of(ProjectiveVariety.dwork(-3.0)),
                Arguments.of(ProjectiveVariety.dwork(0.99)),
                Arguments.of(ProjectiveVariety.dwork(new Complex(0.3, -0.8))),
                Arguments.of(ProjectiveVariety.fermatQuartic()),
                Arguments.of(ProjectiveVariety.fermatCubic()),
                Arguments.of(ProjectiveVariety.fermat(3, 3)),
                Arguments.of(ProjectiveVariety.parse("z0^3 + 2*z1^3 - z2^3 + 0.7*i*z3^3 + z0*z1*z2 - (1+2*i)*z1*z2*z3")),
                Arguments.of(ProjectiveVariety.parse(
                        "z0^3+z1^3+z2^3+z3^3+z4^3+z5^3; z0^3+2*z1^3+3*z2^3+4*z3^3+5*z4^3+6*z5^3")),
                Arguments.of(ProjectiveVariety.parse("z0^2+z1^2+z2^2+z3^2+z4^2; z0*z1 + 2*z2*z3 - z4^2 + i*z0^2")));
    }

    /** |Q_r(z)|/(|z|^deg·‖c‖) with ‖c‖ the Euclidean coefficient norm (scale invariant residual). */
    static double maxRelativeResidual(PointSet ps) {
        int m = ps.coordinateCount();
        double[] z = ps.coordinates();
        double worst = 0;
        for (Polynomial q : ps.variety().equations()) {
            double[] v = new double[2 * ps.size()];
            q.evaluate(z, ps.size(), v);
            for (int p = 0; p < ps.size(); p++) {
                double norm2 = 0;
                for (int j = 0; j < 2 * m; j++) {
                    norm2 += z[2 * p * m + j] * z[2 * p * m + j];
                }
                double scale = Math.pow(Math.sqrt(norm2), q.degree()) * q.coefficientNorm();
                worst = Math.max(worst, Math.hypot(v[2 * p], v[2 * p + 1]) / scale);
            }
        }
        assertEquals(z.length, 2 * ps.size() * m);
        return worst;
    }

    @ParameterizedTest
    @MethodSource("varieties")
    void pointsLieOnXInTheirPatchWithTheStandardElimination(ProjectiveVariety x) {
        PointSet ps = x.sample(x.isHypersurface() ? 3000 : 300, 11);
        assertEquals(x.isHypersurface() ? 3000 : 300, ps.size());
        // Newton-polished roots: residual at rounding level (we see ≲ 3e-15 on hypersurfaces)
        double res = maxRelativeResidual(ps);
        assertTrue(res < 1e-13, "max relative residual " + res + " on " + x);
        int m = ps.coordinateCount();
        int k = ps.codimension();
        int d = ps.dimension();
        double[] z = ps.coordinates();
        double[][] grads = new double[k][];
        for (int r = 0; r < k; r++) {
            grads[r] = new double[2 * ps.size() * m];
            x.equations().get(r).gradient(z, ps.size(), grads[r]);
        }
        for (int p = 0; p < ps.size(); p++) {
            int patch = ps.patch(p);
            assertEquals(1.0, ps.re(p, patch));
            assertEquals(0.0, ps.im(p, patch));
            for (int j = 0; j < m; j++) {
                assertTrue(Math.hypot(ps.re(p, j), ps.im(p, j)) <= 1.0, "|z_j| <= 1");
            }
            // local coordinates = the complement of patch and eliminated, increasing
            boolean[] used = new boolean[m];
            used[patch] = true;
            for (int r = 0; r < k; r++) {
                assertTrue(!used[ps.eliminated(p, r)], "eliminated coordinate differs from patch and each other");
                used[ps.eliminated(p, r)] = true;
            }
            int prev = -1;
            for (int a = 0; a < d; a++) {
                int l = ps.localCoordinate(p, a);
                assertTrue(!used[l] && l > prev);
                prev = l;
            }
            if (k == 1) {
                int e = ps.eliminated(p, 0);
                double ge = Math.hypot(grads[0][2 * (p * m + e)], grads[0][2 * (p * m + e) + 1]);
                for (int j = 0; j < m; j++) {
                    if (j != patch) {
                        assertTrue(Math.hypot(grads[0][2 * (p * m + j)], grads[0][2 * (p * m + j) + 1]) <= ge,
                                "eliminated coordinate has the largest |dQ/dz_j|");
                    }
                }
                Seeds.assertClose(1.0 / (ge * ge), ps.omegaSquared(p), 1e-13, 0, 0, "|Omega|^2 = 1/|dQ/dz_e|^2");
            } else {
                // |det J_E| is maximal among all pairs of non-patch coordinates (k = 2 here)
                double best = detAbs2(grads, p, m, ps.eliminated(p, 0), ps.eliminated(p, 1));
                for (int i = 0; i < m; i++) {
                    for (int j = i + 1; j < m; j++) {
                        if (i != patch && j != patch) {
                            assertTrue(detAbs2(grads, p, m, i, j) <= best * (1 + 1e-12), "best minor");
                        }
                    }
                }
                Seeds.assertClose(1.0 / best, ps.omegaSquared(p), 1e-12, 0, 0, "|Omega|^2 = 1/|det J_E|^2");
            }
            Seeds.assertClose(ps.omegaSquared(p) / (factorial(d) * ps.fubiniStudyDeterminant(p)), ps.weight(p), 1e-15, 0,
                    0, "weight = |Omega|^2/(d! det g_FS)");
        }
    }

    static double detAbs2(double[][] g, int p, int m, int i, int j) {
        Complex a = new Complex(g[0][2 * (p * m + i)], g[0][2 * (p * m + i) + 1]);
        Complex b = new Complex(g[0][2 * (p * m + j)], g[0][2 * (p * m + j) + 1]);
        Complex c = new Complex(g[1][2 * (p * m + i)], g[1][2 * (p * m + i) + 1]);
        Complex e = new Complex(g[1][2 * (p * m + j)], g[1][2 * (p * m + j) + 1]);
        double v = a.multiply(e).subtract(b.multiply(c)).abs();
        return v * v;
    }

    static double factorial(int d) {
        double f = 1;
        for (int i = 2; i <= d; i++) {
            f *= i;
        }
        return f;
    }

    @ParameterizedTest
    @MethodSource("varieties")
    void jacobianIsTangentAndPullbackOfFubiniStudyIsConsistent(ProjectiveVariety x) {
        PointSet ps = x.sample(200, 5);
        int m = ps.coordinateCount();
        int d = ps.dimension();
        double[] z = ps.coordinates();
        double[] jac = ps.jacobians();
        for (Polynomial q : x.equations()) {
            double[] g = new double[2 * ps.size() * m];
            q.gradient(z, ps.size(), g);
            for (int p = 0; p < ps.size(); p++) {
                double gn = 0;
                for (int j = 0; j < m; j++) {
                    gn = Math.max(gn, Math.hypot(g[2 * (p * m + j)], g[2 * (p * m + j) + 1]));
                }
                for (int a = 0; a < d; a++) {
                    Complex s = Complex.ZERO;
                    for (int j = 0; j < m; j++) {
                        s = s.add(new Complex(g[2 * (p * m + j)], g[2 * (p * m + j) + 1]).multiply(
                                new Complex(jac[2 * ((p * d + a) * m + j)], jac[2 * ((p * d + a) * m + j) + 1])));
                    }
                    // |∂z_e/∂x_a| ≤ 1 for hypersurfaces (elimination rule), so the sum is rounding of size ~ m·ε·|∇Q|
                    assertTrue(s.abs() <= 1e-13 * gn * (x.isHypersurface() ? 1 : 100), "dQ . P^T = 0, got " + s.abs());
                }
            }
        }
        // the general pullback of the ambient FS metric equals the specialised one, and its det is stored
        double[] ambient = new double[2 * ps.size() * m * m];
        ProjectiveSpace.of(m - 1).metric(z, ps.size(), ambient);
        double[] general = KahlerMetrics.pullback(ps, ambient);
        double[] special = KahlerMetrics.fubiniStudy(ps);
        double scale = 0;
        for (double v : special) {
            scale = Math.max(scale, Math.abs(v));
        }
        Seeds.assertAllClose(special, general, 0, 1e-13 * scale, 0, "pullback(FS) vs fubiniStudy");
        Seeds.assertAllClose(ps.fubiniStudyDeterminants(), KahlerMetrics.determinants(d, special, ps.size()), 1e-11, 0,
                0, "stored det g_FS vs determinant of the pulled-back metric");
    }

    /**
     * On a hypersurface, the eliminated coordinate as a function of the local ones is recomputed by Newton's method
     * after perturbing one local coordinate by ±h and ±ih: central differences must reproduce the Jacobian (both
     * directions, since z_e is holomorphic). h = 1e-5: truncation h²|z_e'''| ≲ 1e-9, rounding 1e-16/h ≈ 1e-11.
     * The FS metric is checked against second differences of K = (1/2π)log|z(x)|² in the 2d real local coordinates.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void jacobianAndMetricMatchFiniteDifferencesOfTheImplicitFunction(long seed) {
        ProjectiveVariety[] choices = {ProjectiveVariety.fermatQuintic(), ProjectiveVariety.dwork(new Complex(0.4, 0.2)),
            ProjectiveVariety.fermatQuartic(), ProjectiveVariety.fermatCubic(), ProjectiveVariety.fermat(3, 3)};
        ProjectiveVariety x = choices[(int) (seed % choices.length)];
        PointSet ps = x.sample(3, seed);
        Polynomial q = x.equations().get(0);
        int m = ps.coordinateCount();
        int d = ps.dimension();
        double[] jac = ps.jacobians();
        double[] metric = KahlerMetrics.fubiniStudy(ps);
        for (int p = 0; p < ps.size(); p++) {
            double[] z0 = new double[2 * m];
            System.arraycopy(ps.coordinates(), 2 * p * m, z0, 0, 2 * m);
            int e = ps.eliminated(p, 0);
            int[] local = new int[d];
            for (int a = 0; a < d; a++) {
                local[a] = ps.localCoordinate(p, a);
            }
            double h = 1e-5;
            for (int a = 0; a < d; a++) {
                for (int dir = 0; dir < 2; dir++) {
                    double[] zp = z0.clone();
                    double[] zm = z0.clone();
                    zp[2 * local[a] + dir] += h;
                    zm[2 * local[a] + dir] -= h;
                    solveEliminated(q, zp, e);
                    solveEliminated(q, zm, e);
                    Complex diff = new Complex(zp[2 * e] - zm[2 * e], zp[2 * e + 1] - zm[2 * e + 1])
                            .divide(new Complex(dir == 0 ? 2 * h : 0, dir == 1 ? 2 * h : 0));
                    int at = 2 * ((p * d + a) * m + e);
                    Seeds.assertClose(diff.getReal(), jac[at], 0, 1e-7, seed, "Re dz_e/dx_a dir " + dir);
                    Seeds.assertClose(diff.getImaginary(), jac[at + 1], 0, 1e-7, seed, "Im dz_e/dx_a dir " + dir);
                }
            }
            double[] x0 = new double[2 * d];
            for (int a = 0; a < d; a++) {
                x0[2 * a] = z0[2 * local[a]];
                x0[2 * a + 1] = z0[2 * local[a] + 1];
            }
            double[] fd = ProjectiveSpaceTest.wirtingerHessian(xv -> {
                double[] zz = z0.clone();
                for (int a = 0; a < d; a++) {
                    zz[2 * local[a]] = xv[2 * a];
                    zz[2 * local[a] + 1] = xv[2 * a + 1];
                }
                solveEliminated(q, zz, e);
                double s = 0;
                for (double v : zz) {
                    s += v * v;
                }
                return Math.log(s) / (2 * Math.PI);
            }, x0, d);
            double[] g = new double[2 * d * d];
            System.arraycopy(metric, 2 * p * d * d, g, 0, 2 * d * d);
            Seeds.assertAllClose(fd, g, 0, 2e-6, seed, "FS metric on X vs FD of the potential");
            Seeds.assertClose(KahlerMetrics.determinants(d, fd, 1)[0], ps.fubiniStudyDeterminant(p), 1e-4, 0, seed,
                    "det g_FS vs FD");
        }
    }

    /** Newton's method for Q(z) = 0 in the coordinate z_e, others fixed. */
    static void solveEliminated(Polynomial q, double[] z, int e) {
        int m = q.variables();
        double[] v = new double[2];
        double[] g = new double[2 * m];
        for (int it = 0; it < 30; it++) {
            q.evaluateWithGradient(z, 1, v, g);
            Complex step = new Complex(v[0], v[1]).divide(new Complex(g[2 * e], g[2 * e + 1]));
            z[2 * e] -= step.getReal();
            z[2 * e + 1] -= step.getImaginary();
            if (step.abs() < 1e-17) {
                break;
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalArraysForAnyThreadCount() {
        ProjectiveVariety x = ProjectiveVariety.dwork(0.3);
        // 5 points per line, 256 lines per chunk: 7003 points span 6 chunks, the last line only partly used
        PointSet one = x.sample(7003, 99, 1);
        PointSet two = x.sample(7003, 99, 2);
        PointSet five = x.sample(7003, 99, 5);
        assertEquals(one, two);
        assertEquals(one, five);
        assertArrayEquals(one.coordinates(), two.coordinates());
        assertArrayEquals(one.weights(), five.weights());
        assertNotEquals(one, x.sample(7003, 100, 2));
        // a prefix of a larger sample is the smaller sample (chunks are fixed by line index)
        assertEquals(one.slice(0, 5000), x.sample(5000, 99, 2));
        assertEquals(0, x.sample(0, 1).size());
        ProjectiveVariety ci = ProjectiveVariety.parse("z0^2+z1^2+z2^2+z3^2+z4^2; z0*z1 + 2*z2*z3 - z4^2");
        assertEquals(ci.sample(150, 3, 1), ci.sample(150, 3, 2));
    }

    @Test
    void subsetAndSliceCopyThePoints() {
        PointSet ps = ProjectiveVariety.fermatQuartic().sample(100, 1);
        PointSet sub = ps.subset(new int[] {7, 3, 3});
        assertEquals(3, sub.size());
        assertEquals(ps.weight(7), sub.weight(0));
        assertEquals(ps.re(3, 2), sub.re(2, 2));
        assertEquals(ps.localCoordinate(3, 1), sub.localCoordinate(1, 1));
        assertEquals(ps.subset(new int[] {10, 11, 12}), ps.slice(10, 13));
        assertThrows(IllegalArgumentException.class, () -> ps.subset(new int[] {100}));
        assertThrows(IllegalArgumentException.class, () -> ps.slice(5, 4));
    }

    /**
     * Permutation symmetry of the Fermat quintic: E[|z_i|²/|z|²] = 1/5 for every i, and each patch is used with
     * probability 1/5. Standard errors come from sums over the 5 points of a line (lines are independent); we
     * allow 4 standard errors per coordinate (10 checks, so a false alarm has probability ~1e-3).
     */
    @Test
    void fermatSamplingIsSymmetricUnderPermutations() {
        int lines = 8000;
        PointSet ps = ProjectiveVariety.fermatQuintic().sample(5 * lines, 2024);
        for (int i = 0; i < 5; i++) {
            double[] perLineShare = new double[lines];
            double[] perLinePatch = new double[lines];
            for (int p = 0; p < ps.size(); p++) {
                double s = 0;
                for (int j = 0; j < 5; j++) {
                    s += ps.re(p, j) * ps.re(p, j) + ps.im(p, j) * ps.im(p, j);
                }
                perLineShare[p / 5] += (ps.re(p, i) * ps.re(p, i) + ps.im(p, i) * ps.im(p, i)) / s / 5;
                perLinePatch[p / 5] += ps.patch(p) == i ? 0.2 : 0.0;
            }
            assertMean(0.2, perLineShare, 4, "mean |z_" + i + "|^2/|z|^2");
            assertMean(0.2, perLinePatch, 4, "frequency of patch " + i);
        }
    }

    /**
     * A variety without symmetry and its image under a coordinate permutation π: the sampled distributions must
     * correspond, i.e. E[|z_{π(i)}|²/|z|²] on X' = π(X) equals E[|z_i|²/|z|²] on X within 4 combined errors.
     */
    @Test
    void samplingCommutesWithPermutingCoordinates() {
        String text = "z0^3 + 2*z1^3 - z2^3 + 0.7*i*z3^3 + z0*z1*z2 - (1+2*i)*z1*z2*z3 + 0.3*z0^2*z3";
        int[] pi = {2, 0, 3, 1}; // z_i ↦ z_{π(i)}
        String permuted = text;
        for (int i = 0; i < 4; i++) {
            permuted = permuted.replace("z" + i, "w" + pi[i]);
        }
        permuted = permuted.replace('w', 'z');
        ProjectiveVariety x = ProjectiveVariety.parse(text);
        ProjectiveVariety y = ProjectiveVariety.parse(permuted);
        int lines = 10000;
        PointSet a = x.sample(3 * lines, 5);
        PointSet b = y.sample(3 * lines, 6);
        for (int i = 0; i < 4; i++) {
            double[] sa = lineMeans(a, i, lines);
            double[] sb = lineMeans(b, pi[i], lines);
            double ma = mean(sa);
            double mb = mean(sb);
            double se = Math.sqrt(variance(sa) / lines + variance(sb) / lines);
            assertTrue(Math.abs(ma - mb) < 4 * se, "coordinate " + i + ": " + ma + " vs " + mb + " (se " + se + ")");
        }
    }

    static double[] lineMeans(PointSet ps, int i, int lines) {
        int per = ps.size() / lines;
        int m = ps.coordinateCount();
        double[] out = new double[lines];
        for (int p = 0; p < ps.size(); p++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += ps.re(p, j) * ps.re(p, j) + ps.im(p, j) * ps.im(p, j);
            }
            out[p / per] += (ps.re(p, i) * ps.re(p, i) + ps.im(p, i) * ps.im(p, i)) / s / per;
        }
        return out;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double variance(double[] x) {
        double mu = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - mu) * (v - mu);
        }
        return s / (x.length - 1);
    }

    static void assertMean(double expected, double[] x, double sigmas, String what) {
        double mu = mean(x);
        double se = Math.sqrt(variance(x) / x.length);
        assertTrue(Math.abs(mu - expected) < sigmas * se, what + ": " + mu + " vs " + expected + " (se " + se + ")");
    }

    @Test
    void singularPointsAreReportedWithThePoint() {
        // Dwork at psi = 1 is singular at (1:1:1:1:1), where all partial derivatives 5 z_i^4 − 5 Π_{j≠i} z_j vanish
        ProjectiveVariety x = ProjectiveVariety.dwork(1.0);
        double[] z = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.pointSet(z, 1));
        assertTrue(e.getMessage().contains("singular") && e.getMessage().contains("(1.00000+0.00000i, "),
                e.getMessage());
    }

    @Test
    void pointSetOfGivenPointsNormalizesAndMatchesTheSampler() {
        ProjectiveVariety x = ProjectiveVariety.fermatQuintic();
        PointSet ps = x.sample(50, 8);
        double[] z = ps.coordinates();
        // rescale every point by a random complex factor: same points of CP^4
        Rng rng = Rng.of(3);
        for (int p = 0; p < 50; p++) {
            Complex lambda = new Complex(rng.nextGaussian(), rng.nextGaussian());
            for (int j = 0; j < 5; j++) {
                Complex c = new Complex(z[2 * (p * 5 + j)], z[2 * (p * 5 + j) + 1]).multiply(lambda);
                z[2 * (p * 5 + j)] = c.getReal();
                z[2 * (p * 5 + j) + 1] = c.getImaginary();
            }
        }
        PointSet again = x.pointSet(z, 50);
        Seeds.assertAllClose(ps.coordinates(), again.coordinates(), 0, 1e-15, 0, "normalized coordinates");
        Seeds.assertAllClose(ps.weights(), again.weights(), 1e-12, 0, 0, "weights");
        assertArrayEquals(ps.patches(), again.patches());
        assertArrayEquals(ps.eliminated(), again.eliminated());
    }

    @Test
    void completeIntersectionPointsCountAndDegree() {
        ProjectiveVariety x = ProjectiveVariety.parse(
                "z0^3+z1^3+z2^3+z3^3+z4^3+z5^3; z0^3+2*z1^3+3*z2^3+4*z3^3+5*z4^3+6*z5^3");
        assertEquals(2, x.codimension());
        assertEquals(3, x.dimension());
        assertEquals(9.0, x.fubiniStudyVolume());
        assertTrue(x.isCalabiYau());
        PointSet ps = x.sample(18, 1);
        // 9 distinct points per 3-plane: no two points of the first plane coincide
        for (int a = 0; a < 9; a++) {
            for (int b = a + 1; b < 9; b++) {
                double dist = 0;
                for (int j = 0; j < 6; j++) {
                    dist += Math.hypot(ps.re(a, j) - ps.re(b, j), ps.im(a, j) - ps.im(b, j));
                }
                assertTrue(dist > 1e-6, "points " + a + " and " + b + " of one plane coincide");
            }
        }
    }

    @Test
    void namedFamiliesAndSpecs() {
        assertEquals(ProjectiveVariety.fermatQuintic().equations(), ProjectiveVariety.parse("fermat-quintic").equations());
        assertEquals(ProjectiveVariety.fermat(4, 5).equations(), ProjectiveVariety.parse("fermat:4:5").equations());
        assertEquals(ProjectiveVariety.fermatQuartic().equations(), ProjectiveVariety.parse("fermat-quartic").equations());
        assertEquals(ProjectiveVariety.fermatCubic().equations(), ProjectiveVariety.parse("fermat-cubic").equations());
        assertEquals(ProjectiveVariety.dwork(0.5).equations(), ProjectiveVariety.parse("dwork:0.5").equations());
        assertEquals(ProjectiveVariety.dwork(new Complex(0.1, -0.2)).equations(),
                ProjectiveVariety.parse("dwork:0.1-0.2*i").equations());
        assertEquals(ProjectiveVariety.dwork(0.5).equations(),
                ProjectiveVariety.parse("z0^5+z1^5+z2^5+z3^5+z4^5 - 2.5*z0*z1*z2*z3*z4").equations());
        assertEquals("fermat-quintic", ProjectiveVariety.fermatQuintic().name());
        ProjectiveVariety q = ProjectiveVariety.fermatQuintic();
        assertEquals(3, q.dimension());
        assertEquals(4, q.ambientDimension());
        assertEquals(5.0, q.fubiniStudyVolume());
        assertTrue(q.isCalabiYau());
        assertTrue(ProjectiveVariety.fermatQuartic().isCalabiYau());
        assertTrue(ProjectiveVariety.fermatCubic().isCalabiYau());
        assertTrue(!ProjectiveVariety.fermat(3, 3).isCalabiYau());
        assertTrue(!ProjectiveVariety.parse("z0^2+z1^2+z2^2+z3^2").isCalabiYau());
        assertEquals(List.of(5), List.of(ProjectiveVariety.dwork(2).degrees()[0]));
        // a polynomial that does not use the last coordinate still lives in the given CP^n
        ProjectiveVariety cone = ProjectiveVariety.hypersurface(3, Polynomial.parse("z0^2+z1^2+z2^2"));
        assertEquals(3, cone.ambientDimension());
    }

    @Test
    void constructionErrorsExplainTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProjectiveVariety.parse("z0^3+z1^3+z2^2"));
        assertTrue(e.getMessage().contains("monomial z2^2 has degree 2 but the polynomial has degree 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ProjectiveVariety.hypersurface(2, Polynomial.parse("z0^2+z3^2")));
        assertTrue(e.getMessage().contains("uses z3 but CP^2 has only the coordinates z0..z2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProjectiveVariety.parse("fermat:4"));
        assertTrue(e.getMessage().contains("fermat:<n>:<degree>"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProjectiveVariety.parse("dwork:x"));
        assertTrue(e.getMessage().contains("psi"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProjectiveVariety.parse("quintic"));
        assertTrue(e.getMessage().contains("column 1: unknown name 'quintic'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProjectiveVariety.parse("z0+z1+z2; z0-z1+z2"));
        assertTrue(e.getMessage().contains("dimension 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProjectiveVariety.fermatQuintic().sample(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> Polynomial.parse("z0", Map.of("psi", Double.NaN)));
    }
}
