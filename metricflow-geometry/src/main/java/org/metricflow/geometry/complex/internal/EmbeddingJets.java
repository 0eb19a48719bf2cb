package org.metricflow.geometry.complex.internal;

import java.util.Arrays;
import java.util.List;
import org.metricflow.core.linalg.internal.SmallComplexMatrices;
import org.metricflow.geometry.complex.Polynomial;

/**
 * The holomorphic 2-jet of the embedding ι: x ↦ z(x) of X (or CP<sup>n</sup>) in the local coordinates x of a
 * point: value z = ι(0) (the patch-normalized point), first derivatives ι<sub>a</sub> = ∂z/∂x<sub>a</sub> (the
 * pullback Jacobian P) and second derivatives ι<sub>ac</sub> = ∂²z/∂x<sub>a</sub>∂x<sub>c</sub>.
 *
 * <p>On X = {Q<sub>r</sub> = 0}, z<sub>patch</sub> ≡ 1, the local coordinates enter linearly, and only the
 * eliminated coordinates z<sub>E</sub> have second derivatives. Differentiating Q<sub>r</sub>(ι(x)) ≡ 0 twice,
 * Σ<sub>ij</sub> ∂<sub>i</sub>∂<sub>j</sub>Q<sub>r</sub> ι<sup>i</sup><sub>a</sub>ι<sup>j</sup><sub>c</sub> +
 * Σ<sub>e∈E</sub> ∂<sub>e</sub>Q<sub>r</sub> ι<sup>e</sup><sub>ac</sub> = 0, so
 * ι<sup>E</sup><sub>ac</sub> = −J<sub>E</sub><sup>−1</sup>(ι<sub>a</sub><sup>T</sup> Hess Q<sub>r</sub>
 * ι<sub>c</sub>)<sub>r</sub> with J<sub>E</sub> = (∂Q<sub>r</sub>/∂z<sub>e</sub>). On CP<sup>n</sup> ι is affine:
 * ι<sub>a</sub> is a unit vector and ι<sub>ac</sub> = 0.
 *
 * <p>Output layouts (chunk-local point q = p − from): z {@code [2(q·m + j)]}, first {@code [2((q·d + a)·m + j)]},
 * second {@code [2(((q·d + a)·d + c)·m + j)]}.
 */
public final class EmbeddingJets {
    private EmbeddingJets() {
    }

    /**
     * Jets of points from..to−1 of a sampled variety.
     *
     * @param coords     patch-normalized coordinates (2·N·m)
     * @param jacobian   pullback Jacobians (2·N·d·m)
     * @param eliminated eliminated indices (N·k)
     * @throws IllegalStateException if J<sub>E</sub> is singular at a point
     */
    public static void variety(List<Polynomial> equations, int m, int d, double[] coords, double[] jacobian,
            int[] eliminated, int from, int to, double[] z, double[] first, double[] second) {
        int k = equations.size();
        int n = to - from;
        System.arraycopy(coords, 2 * from * m, z, 0, 2 * n * m);
        System.arraycopy(jacobian, 2 * from * d * m, first, 0, 2 * n * d * m);
        Arrays.fill(second, 0, 2 * n * d * d * m, 0.0);
        double[][] hess = new double[k][2 * n * m * m];
        double[][] grad = new double[k][2 * n * m];
        for (int r = 0; r < k; r++) {
            equations.get(r).hessian(z, n, hess[r]);
            equations.get(r).gradient(z, n, grad[r]);
        }
        double[] je = new double[2 * k * k];
        double[] rhs = new double[2 * k * d * d];
        double[] hp = new double[2 * m];
        double[] ihp = new double[2 * d];
        for (int q = 0; q < n; q++) {
            int p = from + q;
            int pOff = 2 * q * d * m;
            for (int r = 0; r < k; r++) {
                double[] h = hess[r];
                int hOff = 2 * q * m * m;
                for (int c = 0; c < d; c++) {
                    // hp = Hess · ι_c = ι_cᵀ Hess (Hess symmetric), then rhs[a][c] = −ι_a · hp
                    SmallComplexMatrices.multiply(1, m, m, first, pOff + 2 * c * m, h, hOff, hp, 0);
                    SmallComplexMatrices.multiply(d, m, 1, first, pOff, hp, 0, ihp, 0);
                    for (int a = 0; a < d; a++) {
                        rhs[2 * (r * d * d + a * d + c)] = -ihp[2 * a];
                        rhs[2 * (r * d * d + a * d + c) + 1] = -ihp[2 * a + 1];
                    }
                }
                for (int e = 0; e < k; e++) {
                    int col = eliminated[p * k + e];
                    je[2 * (r * k + e)] = grad[r][2 * (q * m + col)];
                    je[2 * (r * k + e) + 1] = grad[r][2 * (q * m + col) + 1];
                }
            }
            if (!SmallComplexMatrices.solveInPlace(k, je, 0, d * d, rhs, 0)) {
                throw new IllegalStateException("the Jacobian of the equations with respect to the eliminated"
                        + " coordinates is singular at point " + p + ": X is singular there");
            }
            int sOff = 2 * q * d * d * m;
            for (int e = 0; e < k; e++) {
                int col = eliminated[p * k + e];
                for (int ac = 0; ac < d * d; ac++) {
                    second[sOff + 2 * (ac * m + col)] = rhs[2 * (e * d * d + ac)];
                    second[sOff + 2 * (ac * m + col) + 1] = rhs[2 * (e * d * d + ac) + 1];
                }
            }
        }
    }

    /**
     * Jets of points from..to−1 of CP<sup>n</sup> (m = n + 1, d = n): z copied, ι<sub>a</sub> = unit vector of
     * the a-th non-patch coordinate, ι<sub>ac</sub> = 0.
     */
    public static void projectiveSpace(int m, double[] coords, int[] patch, int from, int to, double[] z,
            double[] first, double[] second) {
        int d = m - 1;
        int n = to - from;
        System.arraycopy(coords, 2 * from * m, z, 0, 2 * n * m);
        Arrays.fill(first, 0, 2 * n * d * m, 0.0);
        Arrays.fill(second, 0, 2 * n * d * d * m, 0.0);
        for (int q = 0; q < n; q++) {
            int a = 0;
            for (int j = 0; j < m; j++) {
                if (j != patch[from + q]) {
                    first[2 * ((q * d + a) * m + j)] = 1.0;
                    a++;
                }
            }
        }
    }
}
