package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.complex.Complex;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.ComplexTensor;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.riemann.Curvature;
import org.metricflow.geometry.riemann.MetricField;

/**
 * Degenerate geometry is detected and reported, never a silent NaN or a silently wrong number:
 * <ul>
 *   <li>singular varieties (a cone, a cuspidal cubic): the singular point itself is refused with a message naming
 *       it; points ε away get the exact, finite |Ω|² = 1/(4ε²); sampling such varieties gives finite weights;</li>
 *   <li>Hermitian metrics that are indefinite, negative or singular: the real-form log det is the documented
 *       log|det g| (NaN when singular), and {@link KahlerTensors#firstNonPositiveDefinite} /
 *       {@link KahlerTensors#countNonPositiveDefinite} detect them (MetricFlow reports them in its message);
 *       nearly singular but positive definite metrics keep an accurate finite log det (checked against a complex
 *       LU determinant written here);</li>
 *   <li>a Riemannian metric that degenerates at a point (polar coordinates at r = 0): curvature refuses it, naming
 *       the point and the smallest eigenvalue.</li>
 * </ul>
 */
class DegenerateGeometryTest {
    /** A cone in CP^3 (vertex [0:0:0:1]), and a cuspidal cubic in CP^2 (cusp [0:0:1]). */
    private static final ProjectiveVariety CONE = ProjectiveVariety.hypersurface(3, Polynomial.parse("z0^2+z1^2+z2^2"));
    private static final ProjectiveVariety CUSP = ProjectiveVariety.parse("z0^2*z2-z1^3");

    @Test
    void singularPointsAreRefusedWithTheirCoordinates() {
        IllegalArgumentException vertex = assertThrows(IllegalArgumentException.class,
                () -> CONE.pointSet(new double[] {0, 0, 0, 0, 0, 0, 1, 0}, 1));
        assertTrue(vertex.getMessage().contains("singular") && vertex.getMessage().contains("1.00000+0.00000i"),
                vertex.getMessage());
        IllegalArgumentException cusp = assertThrows(IllegalArgumentException.class,
                () -> CUSP.pointSet(new double[] {0, 0, 0, 0, 1, 0}, 1));
        assertTrue(cusp.getMessage().contains("singular"), cusp.getMessage());
    }

    @Test
    void pointsNearTheSingularLocusHaveTheExactFiniteOmega() {
        // On the cone at z = (ε, iε, 0, 1): ∂Q = (2ε, 2iε, 0, 0), so |Ω|² = 1/|∂Q/∂z_e|² = 1/(4ε²) exactly.
        for (double eps : new double[] {1e-2, 1e-6, 1e-12}) {
            PointSet p = CONE.pointSet(new double[] {eps, 0, 0, eps, 0, 0, 1, 0}, 1);
            double expected = 1 / (4 * eps * eps);
            assertEquals(expected, p.omegaSquared(0), 1e-12 * expected, "ε = " + eps);
            assertTrue(Double.isFinite(p.weight(0)) && p.weight(0) > 0, "weight at ε = " + eps);
        }
        // Much closer, the Jacobian minor is below the sampler's relative threshold: refused as "nearly" singular
        // rather than returning |Ω|² ≈ 10^199.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CONE.pointSet(new double[] {1e-100, 0, 0, 1e-100, 0, 0, 1, 0}, 1));
        assertTrue(e.getMessage().contains("nearly so"), e.getMessage());
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void sampledSingularVarietiesHaveFiniteData(long seed) {
        for (ProjectiveVariety x : new ProjectiveVariety[] {CONE, CUSP}) {
            PointSet p = x.sample(300, seed);
            assertEquals(300, p.size());
            for (int i = 0; i < p.size(); i++) {
                assertTrue(Double.isFinite(p.weight(i)) && p.weight(i) > 0 && Double.isFinite(p.omegaSquared(i)),
                        x + " point " + i + " [seed=" + seed + "]");
            }
            assertTrue(Double.isFinite(KahlerIntegrals.sigmaFubiniStudy(p).value()));
        }
    }

    private static ComplexTensor hermitian(int d, double[][] re, double[][] im) {
        DMatrixRMaj a = new DMatrixRMaj(re.length, d * d);
        DMatrixRMaj b = new DMatrixRMaj(re.length, d * d);
        for (int p = 0; p < re.length; p++) {
            System.arraycopy(re[p], 0, a.data, p * d * d, d * d);
            System.arraycopy(im[p], 0, b.data, p * d * d, d * d);
        }
        return ComplexTensor.of(Tensor.constant(a), Tensor.constant(b));
    }

    @Test
    void metricsThatAreNotPositiveDefiniteAreDetected() {
        double[][] re = {
            {1, 0, 0, 1}, // identity: log det = 0
            {1, 0, 0, -1}, // indefinite, det = −1: the real-form formula gives log|det g| = 0
            {-1, 0, 0, -1}, // negative definite, det = +1: also 0
            {1, 0, 0, 0}, // singular: NaN
            {1, 0, 0, 1e-14}, // nearly singular but positive definite
            {2, 1, 1, 2}, // positive definite with an imaginary off-diagonal part below
            {1, 0, 0, Double.NaN}, // garbage in
        };
        double[][] im = {
            {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 1, -1, 0}, {0, 0, 0, 0},
        };
        ComplexTensor g = hermitian(2, re, im);
        double[] ld = KahlerTensors.logDeterminant(g).value().data;
        assertEquals(0.0, ld[0], 1e-15);
        // The documented behaviour: log|det g| where g is not positive definite — detected separately below.
        assertEquals(0.0, ld[1], 1e-15);
        assertEquals(0.0, ld[2], 1e-15);
        assertTrue(Double.isNaN(ld[3]), "singular: log of det 0 is NaN, not a number that looks valid");
        assertTrue(Double.isNaN(ld[6]));
        assertEquals(Math.log(1e-14), ld[4], 1e-12 * Math.abs(Math.log(1e-14)));
        // det [[2, 1+i], [1−i, 2]] = 4 − |1+i|² = 2
        assertEquals(Math.log(2), ld[5], 1e-14);
        assertEquals(1, KahlerTensors.firstNonPositiveDefinite(g));
        assertEquals(4, KahlerTensors.countNonPositiveDefinite(g), "rows 1, 2, 3 and 6");
        ComplexTensor good = hermitian(2, new double[][] {re[0], re[4], re[5]}, new double[][] {im[0], im[4], im[5]});
        assertEquals(-1, KahlerTensors.firstNonPositiveDefinite(good));
        assertEquals(0, KahlerTensors.countNonPositiveDefinite(good));
    }

    /** Seeded Hermitian g = M M* + δ I with δ down to 1e-10: log det agrees with a complex LU determinant. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void positiveDefiniteLogDetMatchesAComplexDeterminant(long seed) {
        Rng rng = Seeds.rng(seed);
        int d = 1 + rng.nextInt(4);
        double delta = Math.pow(10, -rng.nextInt(11));
        Complex[][] m = new Complex[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                m[i][j] = new Complex(rng.nextGaussian(), rng.nextGaussian());
            }
        }
        double[] re = new double[d * d];
        double[] im = new double[d * d];
        Complex[][] g = new Complex[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                Complex s = i == j ? new Complex(delta, 0) : Complex.ZERO;
                for (int k = 0; k < d; k++) {
                    s = s.add(m[i][k].multiply(m[j][k].conjugate()));
                }
                g[i][j] = s;
                re[i * d + j] = s.getReal();
                im[i * d + j] = s.getImaginary();
            }
        }
        // Hermitian symmetry exactly, as a metric has it.
        for (int i = 0; i < d; i++) {
            im[i * d + i] = 0;
            for (int j = 0; j < i; j++) {
                re[i * d + j] = re[j * d + i];
                im[i * d + j] = -im[j * d + i];
                g[i][j] = new Complex(re[i * d + j], im[i * d + j]);
            }
            g[i][i] = new Complex(re[i * d + i], 0);
        }
        double expected = Math.log(complexDeterminant(g).getReal());
        double actual = KahlerTensors.logDeterminant(hermitian(d, new double[][] {re}, new double[][] {im}))
                .value().get(0);
        // Both are backward stable; the condition number grows like 1/δ, so allow 1e-13·(1 + cond) absolute.
        Seeds.assertClose(expected, actual, 0, 1e-13 * (1 + 10 / delta), seed, "log det, d = " + d);
    }

    private static Complex complexDeterminant(Complex[][] a0) {
        int n = a0.length;
        Complex[][] a = new Complex[n][];
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
        }
        Complex det = Complex.ONE;
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (a[r][c].abs() > a[pivot][c].abs()) {
                    pivot = r;
                }
            }
            if (pivot != c) {
                Complex[] t = a[pivot];
                a[pivot] = a[c];
                a[c] = t;
                det = det.negate();
            }
            det = det.multiply(a[c][c]);
            for (int r = c + 1; r < n; r++) {
                Complex f = a[r][c].divide(a[c][c]);
                for (int k = c; k < n; k++) {
                    a[r][k] = a[r][k].subtract(f.multiply(a[c][k]));
                }
            }
        }
        return det;
    }

    @Test
    void aRiemannianMetricThatDegeneratesAtAPointIsRefusedThere() {
        // Polar coordinates (r, θ): g = diag(1, r²), singular at r = 0.
        MetricField polar = MetricField.of(2, x -> {
            Tensor r = x.selectCols(new int[] {0});
            Tensor one = r.times(0.0).plus(1.0);
            Tensor zero = r.times(0.0);
            return Tensor.concatCols(one, zero, zero, r.times(r));
        });
        assertTrue(Double.isFinite(Curvature.of(polar).at(new double[] {1.0, 0.3}).scalar()),
                "flat away from r = 0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Curvature.of(polar).at(new double[] {0.0, 0.3}));
        assertTrue(e.getMessage().contains("not positive definite") && e.getMessage().contains("smallest eigenvalue"),
                e.getMessage());
    }

    @Test
    void parametersMakingADworkQuinticSingularAreSampledOrRefusedNeverNaN() {
        // ψ = 1: the Dwork quintic is singular at the 125 points z_i = ω^{k_i}; generic lines miss them.
        PointSet p = ProjectiveVariety.dwork(1.0).sample(500, 3);
        for (int i = 0; i < p.size(); i++) {
            assertTrue(Double.isFinite(p.weight(i)) && p.weight(i) > 0, "point " + i);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProjectiveVariety.dwork(1.0).pointSet(new double[] {1, 0, 1, 0, 1, 0, 1, 0, 1, 0}, 1));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
    }
}
