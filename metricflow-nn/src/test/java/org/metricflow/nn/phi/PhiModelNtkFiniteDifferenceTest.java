package org.metricflow.nn.phi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.ntk.EmpiricalNtk;
import org.metricflow.nn.ntk.ProbeMetricModel;

/**
 * Issue 9: for the Kähler-potential model the metric-NTK is the fourth mixed derivative of the scalar NTK of φ.
 * With g<sub>a b̄</sub>(x) = g<sup>FS</sup> + Σ<sub>ij</sub> P<sub>ai</sub> conj(P<sub>bj</sub>) ∂<sub>i</sub>∂̄<sub>j</sub>φ(z)
 * and the scalar kernel k(z, w) = Θ<sub>φ</sub>(f(z), f(w)) = ∇<sub>θ</sub>φ(f(z))·∇<sub>θ</sub>φ(f(w)) on ambient
 * coordinates, the metric-NTK entry of the components (p, a b̄) and (q, c d̄) is
 * <pre>
 *   Θ = Σ P_pa,i conj(P_pb,j) P_qc,k conj(P_qd,l) ∂_i∂̄_j ∂'_k∂̄'_l k(z, w)   (Re/Im parts taken on each side).
 * </pre>
 * The contracted derivative is computed here independently of the model's forward-mode jet path, by central finite
 * differences of k in real directions of R<sup>2m</sup>: with D<sub>v</sub> the real directional derivative and iv
 * the direction multiplied by i,
 * <pre>
 *   Re ∂_v∂̄_u F = ¼(D_v D_u + D_{iv} D_{iu}) F,   Im ∂_v∂̄_u F = ¼(D_v D_{iu} − D_{iv} D_u) F,
 * </pre>
 * each D<sub>α</sub>D<sub>β</sub> by the 4-point stencil [F(+α+β) − F(+α−β) − F(−α+β) + F(−α−β)]/(4h²), applied in
 * z and in w. Since k is a sum of products of a function of z and a function of w, the Re/Im parts act on each
 * side separately (Re A·Re B etc. over θ), which is exactly what the probe metric-NTK's real components multiply.
 * Numerically: the kernel k(z_r, z_s) = (J Jᵀ)_rs on all 8 stencil points per component and side comes from the
 * parameter Jacobian J of φ∘f by {@link EmpiricalNtk#jacobian}, and the FD entries are C K Cᵀ = (CJ)(CJ)ᵀ with C the
 * stencil coefficients. Independent of the model's forward-mode {@code kahlerJet} path and of the probe adapter.
 */
class PhiModelNtkFiniteDifferenceTest {

    /** Step of the finite differences; see the tolerance below. */
    private static final double H = 1e-3;

    /**
     * Relative tolerance, against the Cauchy–Schwarz scale √(Θ_ii Θ_jj) of each entry. The error is truncation of
     * the 4-point stencils, O(h²): measured maximum over the 16 seeds 4.9e-6 at h = 1e-3 (1.96e-5 at 2e-3,
     * 1.2e-6 at 5e-4: clean h² scaling, so rounding, ≈ ε/h² relative on the gradients, is negligible). 5e-5 leaves
     * a margin of 10; a sign or conjugation error in any component gives errors of order one.
     */
    private static final double TOLERANCE = 5e-5;

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void metricNtkIsTheContractedFourthDerivativeOfTheScalarNtk(long seed) {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        // points 0 and 5 lie on different sampled lines; (p, p) blocks test the same-point case as well
        PointSet probe = quintic.sample(6, seed).subset(new int[] {0, 5});
        Mlp mlp = Mlp.builder().inputs(25).hidden(8, 8).outputs(1).activation(Activation.GELU).seed(seed ^ 0x5A5AL)
                .build();
        PhiModel phi = PhiModel.of(quintic, mlp, FeatureMap.HERMITIAN_INVARIANTS, false);
        int points = probe.size();
        int d = probe.dimension();
        int m = probe.coordinateCount();
        int comps = d * d;

        DMatrixRMaj theta = ProbeMetricModel.of(phi, probe).metricNtk().matrix(ProbeMetricModel.indices(points));

        // stencil points (rows of real ambient coordinates, layout [Re z_0..Re z_{m-1}, Im z_0..Im z_{m-1}]) and
        // the coefficient matrix C: row (p·comps + component), one column per stencil point
        int perComponent = 8;
        int rows = points * comps * perComponent;
        DMatrixRMaj coords = new DMatrixRMaj(rows, 2 * m);
        DMatrixRMaj coefficients = new DMatrixRMaj(points * comps, rows);
        double[] jac = probe.jacobians();
        int row = 0;
        for (int p = 0; p < points; p++) {
            double[] z = new double[2 * m];
            for (int j = 0; j < m; j++) {
                z[j] = probe.re(p, j);
                z[m + j] = probe.im(p, j);
            }
            int c = 0;
            for (int a = 0; a < d; a++) {
                row = addComponent(coords, coefficients, p * comps + c++, row, z, jac, p, a, a, true, d, m);
            }
            for (int a = 0; a < d; a++) {
                for (int b = a + 1; b < d; b++) {
                    row = addComponent(coords, coefficients, p * comps + c++, row, z, jac, p, a, b, true, d, m);
                    row = addComponent(coords, coefficients, p * comps + c++, row, z, jac, p, a, b, false, d, m);
                }
            }
        }

        Tensor features = FeatureMap.HERMITIAN_INVARIANTS.apply(Tensor.constant(coords), m);
        // rows ∇_θφ(f(z_r)) at the stencil points, so that K = J Jᵀ holds the kernel values k(z_r, z_s)
        DMatrixRMaj gradients = EmpiricalNtk.of(mlp).jacobian(Tensor.constant(features.value()));
        DMatrixRMaj fd = finiteDifferenceKernel(coefficients, gradients);

        double maxError = 0;
        String worst = "";
        for (int i = 0; i < points * comps; i++) {
            for (int j = 0; j < points * comps; j++) {
                double scale = Math.sqrt(theta.get(i, i) * theta.get(j, j));
                double err = Math.abs(fd.get(i, j) - theta.get(i, j)) / scale;
                if (err > maxError) {
                    maxError = err;
                    worst = "Θ[" + i + "," + j + "] = " + theta.get(i, j) + " vs finite differences " + fd.get(i, j);
                }
            }
        }
        // a vanishing kernel would make the relative comparison meaningless
        assertTrue(theta.get(0, 0) > 1e-8, "seed " + seed + ": degenerate kernel Θ[0,0] = " + theta.get(0, 0));
        assertTrue(maxError <= TOLERANCE, "seed " + seed + ": relative error " + maxError + " at " + worst);
    }

    /**
     * Adds the 8 stencil points of Re (or Im) ∂_v∂̄_u at point p with v = P_pa, u = P_pb, and their coefficients
     * ¼·(±1/(4h²)) in coefficient row {@code target}; returns the next free stencil row.
     */
    private static int addComponent(DMatrixRMaj coords, DMatrixRMaj coefficients, int target, int row, double[] z,
            double[] jac, int p, int a, int b, boolean real, int d, int m) {
        double[] v = direction(jac, p, a, d, m, false);
        double[] iv = direction(jac, p, a, d, m, true);
        double[] u = direction(jac, p, b, d, m, false);
        double[] iu = direction(jac, p, b, d, m, true);
        // Re: ¼(D_v D_u + D_iv D_iu);  Im: ¼(D_v D_iu − D_iv D_u)
        double[][] first = {v, iv};
        double[][] second = real ? new double[][] {u, iu} : new double[][] {iu, u};
        double[] sign = real ? new double[] {1, 1} : new double[] {1, -1};
        for (int t = 0; t < 2; t++) {
            for (int s1 = -1; s1 <= 1; s1 += 2) {
                for (int s2 = -1; s2 <= 1; s2 += 2) {
                    for (int r = 0; r < 2 * m; r++) {
                        coords.set(row, r, z[r] + H * (s1 * first[t][r] + s2 * second[t][r]));
                    }
                    coefficients.set(target, row, 0.25 * sign[t] * s1 * s2 / (4 * H * H));
                    row++;
                }
            }
        }
        return row;
    }

    /** Row a of P at point p as a real direction in R^{2m} ([Re..., Im...]), or i times it. */
    private static double[] direction(double[] jac, int p, int a, int d, int m, boolean timesI) {
        double[] out = new double[2 * m];
        for (int j = 0; j < m; j++) {
            double re = jac[2 * ((p * d + a) * m + j)];
            double im = jac[2 * ((p * d + a) * m + j) + 1];
            out[j] = timesI ? -im : re;
            out[m + j] = timesI ? re : im;
        }
        return out;
    }

    /**
     * C K Cᵀ with K = J Jᵀ, evaluated as (CJ)(CJ)ᵀ: the same stencil sum of kernel values, but the cancellation of
     * the stencils happens on the gradients (rounding ε/h²) rather than on the kernel values (ε/h⁴).
     */
    private static DMatrixRMaj finiteDifferenceKernel(DMatrixRMaj c, DMatrixRMaj j) {
        DMatrixRMaj cj = new DMatrixRMaj(c.numRows, j.numCols);
        CommonOps_DDRM.mult(c, j, cj);
        DMatrixRMaj out = new DMatrixRMaj(c.numRows, c.numRows);
        CommonOps_DDRM.multTransB(cj, cj, out);
        return out;
    }
}
