package org.metricflow.geometry.algebraic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * The monomial bases of H⁰(X, O(k)): counts against Riemann–Roch (independent of the Koszul/Gröbner counting used
 * to build them), linear independence on X (numerical rank of the evaluation matrix at sampled points), and
 * batched values and derivatives against direct evaluation and finite differences.
 */
class SectionBasisTest {

    // Riemann–Roch on the quintic threefold: χ(O(k)) = H³k³/6 + c₂·H k/12 = 5k³/6 + 50k/12 (higher cohomology
    // vanishes for k ≥ 1 by Kodaira); equals C(k+4,4) − C(k−1,4) (the formula).
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void quinticCountsMatchRiemannRochAndTheHilbertPolynomial(int k) {
        SectionBasis s = SectionBasis.of(ProjectiveVariety.fermatQuintic(), k);
        long rr = Math.round(5.0 * k * k * k / 6.0 + 50.0 * k / 12.0);
        long hilbert = binomial(k + 4, 4) - binomial(k - 1, 4);
        assertEquals(rr, s.size());
        assertEquals(hilbert, s.size());
        assertEquals(hilbert, SectionBasis.hilbertFunction(4, new int[] {5}, k));
        assertEquals(new int[] {5, 15, 35, 70, 125, 205}[k - 1], s.size());
    }

    // K3 with H² = 4: χ(O(k)) = 2 + H²k²/2 = 2 + 2k².
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void quarticK3CountsMatchRiemannRoch(int k) {
        assertEquals(2 + 2L * k * k, SectionBasis.of(ProjectiveVariety.fermatQuartic(), k).size());
    }

    // Elliptic curve with a degree-3 line bundle: h⁰(O(k)) = 3k (Riemann–Roch on a genus-1 curve).
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void planeCubicCountsMatchRiemannRoch(int k) {
        assertEquals(3L * k, SectionBasis.of(ProjectiveVariety.fermatCubic(), k).size());
        assertEquals(3L * k, SectionBasis.of(ProjectiveVariety.parse("z0*z1*z2 + z0^3 + 2*z1^3 + z2^3"), k).size());
    }

    @Test
    void projectiveSpaceHasAllMonomials() {
        for (int n = 1; n <= 4; n++) {
            for (int k = 1; k <= 5; k++) {
                assertEquals(binomial(n + k, n), SectionBasis.ofProjectiveSpace(n, k).size());
            }
        }
    }

    // Bicubic CY threefold in CP^5 (lex leading monomials z0³ and z3³ are coprime): χ(O(k)) = 9k³/6 + 54k/12 by
    // Riemann–Roch (H³ = 9, c₂·H = 54); h⁰ of a complete intersection depends only on the degrees.
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void completeIntersectionCountsMatchRiemannRoch(int k) {
        ProjectiveVariety x = ProjectiveVariety.parse("z0^3+z1^3+z2^3 - z3*z4*z5; z3^3+z4^3+z5^3 - z2*z4*z5");
        long rr = Math.round(9.0 * k * k * k / 6.0 + 54.0 * k / 12.0);
        assertEquals(rr, SectionBasis.of(x, k).size());
        assertEquals(rr, SectionBasis.hilbertFunction(5, new int[] {3, 3}, k));
    }

    @Test
    void sharedLeadingVariablesAreRejected() {
        ProjectiveVariety x = ProjectiveVariety.parse("z0^2+z1^2+z2^2+z3^2+z4^2; z0*z1+z2*z3+z4^2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SectionBasis.of(x, 2));
        assertTrue(e.getMessage().contains("share z0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SectionBasis.of(ProjectiveVariety.fermatQuintic(), 0));
    }

    @Test
    void basisIsDistinctMonomialsOfDegreeKNotDivisibleByTheLeadingTerm() {
        SectionBasis s = SectionBasis.of(ProjectiveVariety.dwork(0.3), 7);
        assertEquals(1, s.leadingMonomials().length);
        assertEquals("[5, 0, 0, 0, 0]", java.util.Arrays.toString(s.leadingMonomials()[0]));
        Set<String> seen = new HashSet<>();
        for (int a = 0; a < s.size(); a++) {
            int[] e = s.monomial(a);
            assertEquals(7, java.util.Arrays.stream(e).sum());
            assertTrue(e[0] < 5, s.monomialText(a));
            assertTrue(seen.add(java.util.Arrays.toString(e)));
        }
        // k = 1: the coordinates in order
        SectionBasis one = SectionBasis.of(ProjectiveVariety.fermatQuintic(), 1);
        for (int a = 0; a < 5; a++) {
            assertEquals("z" + a, one.monomialText(a));
        }
    }

    /**
     * Independence on X: the P×N matrix of s_α at P ≫ N points of X has full rank N (relative smallest singular
     * value far above rounding), while adding the dropped monomial z0⁵ = −(z1⁵ + … + z4⁵) on X makes the
     * (N+1)-column matrix rank deficient (relative smallest singular value at rounding level, ~1e-15; threshold
     * 1e-10 separates the two cases by many orders of magnitude).
     */
    @Test
    void sectionsAreIndependentOnTheQuinticAndTheDroppedMonomialIsNot() {
        ProjectiveVariety x = ProjectiveVariety.fermatQuintic();
        SectionBasis s = SectionBasis.of(x, 5);
        int n = s.size();
        PointSet pts = x.sample(600, 3);
        double[] v = new double[2 * pts.size() * n];
        s.evaluate(pts.coordinates(), pts.size(), v);
        double[] sv = singularValues(v, pts.size(), n, null);
        assertTrue(sv[sv.length - 1] / sv[0] > 1e-6, "smallest relative singular value " + sv[sv.length - 1] / sv[0]);
        double[] extra = new double[2 * pts.size()];
        double[] z = pts.coordinates();
        for (int p = 0; p < pts.size(); p++) {
            double re = z[2 * p * 5];
            double im = z[2 * p * 5 + 1];
            org.apache.commons.math3.complex.Complex c = new org.apache.commons.math3.complex.Complex(re, im).pow(5);
            extra[2 * p] = c.getReal();
            extra[2 * p + 1] = c.getImaginary();
        }
        double[] sv2 = singularValues(v, pts.size(), n, extra);
        assertTrue(sv2[sv2.length - 1] / sv2[0] < 1e-10, "with z0^5: " + sv2[sv2.length - 1] / sv2[0]);
    }

    // singular values of the real embedding [[Re, −Im], [Im, Re]] of the complex P×N(+1) matrix (each doubled)
    private static double[] singularValues(double[] v, int rows, int n, double[] extraColumn) {
        int cols = n + (extraColumn == null ? 0 : 1);
        DMatrixRMaj a = new DMatrixRMaj(2 * rows, 2 * cols);
        for (int p = 0; p < rows; p++) {
            for (int c = 0; c < cols; c++) {
                double re = c < n ? v[2 * (p * n + c)] : extraColumn[2 * p];
                double im = c < n ? v[2 * (p * n + c) + 1] : extraColumn[2 * p + 1];
                a.set(p, c, re);
                a.set(p + rows, c + cols, re);
                a.set(p, c + cols, -im);
                a.set(p + rows, c, im);
            }
        }
        double[] sv = SingularOps_DDRM.singularValues(a);
        java.util.Arrays.sort(sv);
        double[] desc = new double[sv.length];
        for (int i = 0; i < sv.length; i++) {
            desc[i] = sv[sv.length - 1 - i];
        }
        return desc;
    }

    /** Values against a direct product Π z_j^{e_j}; derivatives against central differences (holomorphic). */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void valuesAndDerivativesMatchDirectEvaluationAndFiniteDifferences(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 1 + rng.nextInt(4);
        int k = 1 + rng.nextInt(5);
        SectionBasis s = SectionBasis.ofProjectiveSpace(n, k);
        int m = n + 1;
        int count = 3;
        double[] z = new double[2 * count * m];
        rng.fillGaussian(z, 0.7);
        int len = s.size();
        double[] values = new double[2 * count * len];
        double[] ders = new double[2 * count * len * m];
        s.evaluateWithDerivatives(z, count, values, ders);
        double[] values2 = new double[2 * count * len];
        s.evaluate(z, count, values2);
        for (int p = 0; p < count; p++) {
            for (int a = 0; a < len; a++) {
                org.apache.commons.math3.complex.Complex direct = org.apache.commons.math3.complex.Complex.ONE;
                for (int j = 0; j < m; j++) {
                    org.apache.commons.math3.complex.Complex zj =
                            new org.apache.commons.math3.complex.Complex(z[2 * (p * m + j)], z[2 * (p * m + j) + 1]);
                    for (int e = 0; e < s.exponent(a, j); e++) {
                        direct = direct.multiply(zj);
                    }
                }
                // a product of ≤ 5 factors: a few ulps relative to the product of moduli
                double scale = 1e-14 * (1 + direct.abs());
                Seeds.assertClose(direct.getReal(), values[2 * (p * len + a)], 0, scale, seed, "Re s");
                Seeds.assertClose(direct.getImaginary(), values[2 * (p * len + a) + 1], 0, scale, seed, "Im s");
                assertEquals(values[2 * (p * len + a)], values2[2 * (p * len + a)]);
            }
        }
        // holomorphic: ∂s/∂z_j = lim (s(z + h e_j) − s(z − h e_j))/(2h) for real h; central differences with
        // h = 1e-5 have truncation error ~ h²·|s'''| ~ 1e-9 and rounding ~ 1e-16/h ~ 1e-11
        double h = 1e-5;
        for (int j = 0; j < m; j++) {
            double[] zp = z.clone();
            double[] zm = z.clone();
            for (int p = 0; p < count; p++) {
                zp[2 * (p * m + j)] += h;
                zm[2 * (p * m + j)] -= h;
            }
            double[] vp = new double[2 * count * len];
            double[] vm = new double[2 * count * len];
            s.evaluate(zp, count, vp);
            s.evaluate(zm, count, vm);
            for (int p = 0; p < count; p++) {
                for (int a = 0; a < len; a++) {
                    for (int c = 0; c < 2; c++) {
                        double fd = (vp[2 * (p * len + a) + c] - vm[2 * (p * len + a) + c]) / (2 * h);
                        Seeds.assertClose(fd, ders[2 * ((p * len + a) * m + j) + c], 1e-7, 1e-7, seed, "ds/dz");
                    }
                }
            }
        }
    }

    static long binomial(int a, int b) {
        if (a < b || b < 0) {
            return 0;
        }
        long c = 1;
        for (int i = 1; i <= b; i++) {
            c = c * (a - b + i) / i;
        }
        return c;
    }
}
