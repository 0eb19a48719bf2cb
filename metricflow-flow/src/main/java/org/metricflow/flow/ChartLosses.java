package org.metricflow.flow;

import java.util.List;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.Polynomial;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.metric.KahlerMetricModel;

/**
 * The losses that compare the metric across charts: the Kähler loss (dω = 0) and the transition loss (agreement
 * on patch overlaps). Plain complex arithmetic on the points' chart data; the metrics stay differentiable Tensors.
 *
 * <p><b>Chart changes.</b> A chart of X at a point is a patch index p (z<sub>p</sub> = 1) with local coordinates
 * x<sub>a</sub> = z<sub>l<sub>a</sub></sub>/z<sub>p</sub>. For a representative z(u) of the point as a function of
 * other local coordinates u with ∂z/∂u<sub>a</sub> = P<sub>a j</sub>, the quotient rule gives
 * <pre>  ∂x_b/∂u_a = (P_{a l_b} z_p − z_{l_b} P_{a p}) / z_p²,</pre>
 * and a Hermitian metric transforms as g<sup>(u)</sup> = M g<sup>(x)</sup> M<sup>†</sup> with M<sub>ab</sub> = ∂x<sub>b</sub>/∂u<sub>a</sub>.
 */
final class ChartLosses {
    /** The finite-difference step in the local coordinates (|x| ≤ 1 in the standard charts). */
    static final double STEP = 1e-4;

    private ChartLosses() {
    }

    // ------------------------------------------------------------------------------------------------
    // transition loss

    /**
     * Mean over the points of ‖g<sup>B</sup> − T g<sup>A</sup> T<sup>†</sup>‖²<sub>F</sub>/‖g<sup>B</sup><sub>FS</sub>‖²<sub>F</sub>:
     * A the points' standard charts, B the patch of their second-largest |z<sub>j</sub>|, T<sub>a'a</sub> =
     * ∂x<sub>a</sub>/∂y<sub>a'</sub>.
     */
    static Tensor transition(LossContext c) {
        PointSet a = c.points();
        int n = a.size();
        int m = a.coordinateCount();
        int d = a.dimension();
        double[] za = a.coordinates();
        int[] patchB = new int[n];
        for (int p = 0; p < n; p++) {
            int best = -1;
            double bestAbs = -1;
            for (int j = 0; j < m; j++) {
                if (j == a.patch(p)) {
                    continue;
                }
                double v = za[2 * (p * m + j)] * za[2 * (p * m + j)] + za[2 * (p * m + j) + 1] * za[2 * (p * m + j) + 1];
                if (v > bestAbs) {
                    bestAbs = v;
                    best = j;
                }
            }
            patchB[p] = best;
        }
        PointSet b = a.inPatches(patchB);
        double[] t = chartChange(b.coordinates(), b.jacobians(), a.patches(), a.localCoordinates(), n, m, d);
        HermitianMetric predicted = congruence(t, c.metric(), d);
        HermitianMetric gb = c.model().metric(b);
        HermitianMetric fsB = HermitianMetric.fubiniStudy(b);
        Tensor norm = fsB.re().square().plus(fsB.im().square()).sumRows();
        Tensor diff = gb.re().minus(predicted.re()).square().plus(gb.im().minus(predicted.im()).square()).sumRows();
        return diff.div(norm).mean();
    }

    // ------------------------------------------------------------------------------------------------
    // Kähler loss

    /**
     * Mean over the points of Σ<sub>a&lt;c</sub> Σ<sub>b</sub> |∂<sub>c</sub>g<sub>a b̄</sub> − ∂<sub>a</sub>g<sub>c b̄</sub>|²
     * in the points' standard charts, with ∂<sub>c</sub> = ½(∂/∂Re x<sub>c</sub> − i ∂/∂Im x<sub>c</sub>) by
     * central differences of step {@link #STEP} along X (displaced points projected onto X by Newton's method).
     */
    static Tensor kahler(LossContext c) {
        int n = c.points().size();
        int d = c.points().dimension();
        if (d < 2) {
            return c.metric().re().sum().times(0.0); // every (1,1)-form on a curve is closed
        }
        HermitianMetric gA = displacedMetrics(c);
        Tensor[] dRe = new Tensor[d]; // ∂_c g, real part, N×d²
        Tensor[] dIm = new Tensor[d];
        double inv = 1.0 / (2 * STEP);
        for (int dir = 0; dir < d; dir++) {
            int base = 4 * dir * n;
            Tensor duR = gA.re().rows(base, base + n).minus(gA.re().rows(base + n, base + 2 * n)).times(inv);
            Tensor duI = gA.im().rows(base, base + n).minus(gA.im().rows(base + n, base + 2 * n)).times(inv);
            Tensor dvR = gA.re().rows(base + 2 * n, base + 3 * n).minus(gA.re().rows(base + 3 * n, base + 4 * n))
                    .times(inv);
            Tensor dvI = gA.im().rows(base + 2 * n, base + 3 * n).minus(gA.im().rows(base + 3 * n, base + 4 * n))
                    .times(inv);
            // ∂_c g = ½(D_u g − i D_v g)
            dRe[dir] = duR.plus(dvI).times(0.5);
            dIm[dir] = duI.minus(dvR).times(0.5);
        }
        Tensor total = null;
        for (int aa = 0; aa < d; aa++) {
            for (int cc = aa + 1; cc < d; cc++) {
                int[] colsA = new int[d]; // g_{a b̄}, b = 0..d−1
                int[] colsC = new int[d];
                for (int bb = 0; bb < d; bb++) {
                    colsA[bb] = aa * d + bb;
                    colsC[bb] = cc * d + bb;
                }
                // ∂_c g_{a b̄} − ∂_a g_{c b̄}
                Tensor r = dRe[cc].selectCols(colsA).minus(dRe[aa].selectCols(colsC));
                Tensor i = dIm[cc].selectCols(colsA).minus(dIm[aa].selectCols(colsC));
                Tensor term = r.square().plus(i.square()).sumRows();
                total = total == null ? term : total.plus(term);
            }
        }
        return total.mean();
    }

    /**
     * The model's metric at the 4d displaced copies z ± δ e<sub>c</sub>, z ± iδ e<sub>c</sub> (δ = {@link #STEP},
     * c = 0 … d−1) of every point, projected onto X and expressed in the unshifted point's chart: rows
     * (4c + 2·imaginary + minus)·N + p.
     */
    private static HermitianMetric displacedMetrics(LossContext c) {
        PointSet a = c.points();
        int n = a.size();
        int d = a.dimension();
        int m = a.coordinateCount();
        int k = a.codimension();
        ProjectiveVariety x = a.variety();
        List<Polynomial> eqs = x.equations();
        double[] z0 = a.coordinates();
        int[] local = a.localCoordinates();
        int[] elim = a.eliminated();
        double[] jac0 = a.jacobians();
        int shifts = 4 * d;
        double[] z = new double[2 * shifts * n * m];
        int[] localAll = new int[shifts * n * d];
        int[] elimAll = new int[shifts * n * k];
        for (int s = 0; s < shifts; s++) {
            int dir = s / 4;
            boolean imag = (s / 2) % 2 == 1;
            double sign = s % 2 == 0 ? 1 : -1;
            double hr = imag ? 0 : sign * STEP;
            double hi = imag ? sign * STEP : 0;
            for (int p = 0; p < n; p++) {
                int q = s * n + p;
                System.arraycopy(z0, 2 * p * m, z, 2 * q * m, 2 * m);
                // first-order start on X: z + δ·P_dir (P has the unit vector at the local coordinate)
                int row = 2 * (p * d + dir) * m;
                for (int j = 0; j < m; j++) {
                    double pr = jac0[row + 2 * j];
                    double pi = jac0[row + 2 * j + 1];
                    z[2 * (q * m + j)] += hr * pr - hi * pi;
                    z[2 * (q * m + j) + 1] += hr * pi + hi * pr;
                }
                System.arraycopy(local, p * d, localAll, q * d, d);
                System.arraycopy(elim, p * k, elimAll, q * k, k);
            }
        }
        project(eqs, z, elimAll, shifts * n, m, k);
        double[] jacA = jacobian(eqs, z, localAll, elimAll, shifts * n, m, d, k);
        PointSet displaced = x.pointSet(z.clone(), shifts * n); // the standard charts of the displaced points
        // S = ∂y/∂x from chart A (patch, local of the unshifted point) to the displaced points' own charts
        double[] s = chartChange(z, jacA, displaced.patches(), displaced.localCoordinates(), shifts * n, m, d);
        return congruence(s, c.model().metric(displaced), d);
    }

    // ------------------------------------------------------------------------------------------------
    // chart geometry

    /**
     * M<sub>p</sub>[a][b] = ∂x<sub>b</sub>/∂u<sub>a</sub> (interleaved complex, N·d·d) with x the local coordinates of
     * the target chart (patch, local indices) and u those of the representative z with Jacobian jac (2·N·d·m).
     */
    static double[] chartChange(double[] z, double[] jac, int[] targetPatch, int[] targetLocal, int n, int m, int d) {
        double[] out = new double[2 * n * d * d];
        for (int p = 0; p < n; p++) {
            int tp = targetPatch[p];
            double zpr = z[2 * (p * m + tp)];
            double zpi = z[2 * (p * m + tp) + 1];
            // 1/z_p²
            double sqr = zpr * zpr - zpi * zpi;
            double sqi = 2 * zpr * zpi;
            double den = sqr * sqr + sqi * sqi;
            double ir = sqr / den;
            double ii = -sqi / den;
            for (int a = 0; a < d; a++) {
                int row = 2 * (p * d + a) * m;
                double ppr = jac[row + 2 * tp];
                double ppi = jac[row + 2 * tp + 1];
                for (int b = 0; b < d; b++) {
                    int l = targetLocal[p * d + b];
                    double plr = jac[row + 2 * l];
                    double pli = jac[row + 2 * l + 1];
                    double zlr = z[2 * (p * m + l)];
                    double zli = z[2 * (p * m + l) + 1];
                    // P_{a l} z_p − z_l P_{a p}
                    double nr = (plr * zpr - pli * zpi) - (zlr * ppr - zli * ppi);
                    double ni = (plr * zpi + pli * zpr) - (zlr * ppi + zli * ppr);
                    int o = 2 * ((p * d + a) * d + b);
                    out[o] = nr * ir - ni * ii;
                    out[o + 1] = nr * ii + ni * ir;
                }
            }
        }
        return out;
    }

    /** M g M<sup>†</sup> per point for a constant complex M (interleaved, N·d·d) and a differentiable metric g. */
    static HermitianMetric congruence(double[] mat, HermitianMetric g, int d) {
        int n = g.points();
        int dd = d * d;
        double[] mr = new double[n * dd];
        double[] mi = new double[n * dd];
        double[] htr = new double[n * dd]; // Re M†
        double[] hti = new double[n * dd]; // Im M†
        for (int p = 0; p < n; p++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    int o = 2 * ((p * d + a) * d + b);
                    mr[p * dd + a * d + b] = mat[o];
                    mi[p * dd + a * d + b] = mat[o + 1];
                    htr[p * dd + b * d + a] = mat[o];
                    hti[p * dd + b * d + a] = -mat[o + 1];
                }
            }
        }
        Tensor ar = Tensor.constant(n, dd, mr);
        Tensor ai = Tensor.constant(n, dd, mi);
        Tensor br = Tensor.constant(n, dd, htr);
        Tensor bi = Tensor.constant(n, dd, hti);
        // (M g): (Mr + iMi)(Gr + iGi)
        Tensor xr = ar.batchMatmul(g.re()).minus(ai.batchMatmul(g.im()));
        Tensor xi = ar.batchMatmul(g.im()).plus(ai.batchMatmul(g.re()));
        // (M g) M†
        Tensor yr = xr.batchMatmul(br).minus(xi.batchMatmul(bi));
        Tensor yi = xr.batchMatmul(bi).plus(xi.batchMatmul(br));
        return new HermitianMetric(d, yr, yi);
    }

    /** Newton's method on the eliminated coordinates so that Q<sub>r</sub>(z) = 0 (the other coordinates fixed). */
    static void project(List<Polynomial> eqs, double[] z, int[] elim, int n, int m, int k) {
        double[] val = new double[2 * n];
        double[] grad = new double[2 * n * m];
        double[][] vals = new double[k][];
        double[][] grads = new double[k][];
        double[] je = new double[2 * k * k];
        double[] rhs = new double[2 * k];
        for (int it = 0; it < 6; it++) {
            for (int r = 0; r < k; r++) {
                eqs.get(r).evaluateWithGradient(z, n, val, grad);
                vals[r] = val.clone();
                grads[r] = grad.clone();
            }
            for (int p = 0; p < n; p++) {
                for (int r = 0; r < k; r++) {
                    for (int e = 0; e < k; e++) {
                        int col = elim[p * k + e];
                        je[2 * (r * k + e)] = grads[r][2 * (p * m + col)];
                        je[2 * (r * k + e) + 1] = grads[r][2 * (p * m + col) + 1];
                    }
                    rhs[2 * r] = vals[r][2 * p];
                    rhs[2 * r + 1] = vals[r][2 * p + 1];
                }
                solve(k, je, rhs, 1);
                for (int e = 0; e < k; e++) {
                    int col = elim[p * k + e];
                    z[2 * (p * m + col)] -= rhs[2 * e];
                    z[2 * (p * m + col) + 1] -= rhs[2 * e + 1];
                }
            }
        }
    }

    /**
     * The pullback Jacobian P<sub>a j</sub> = ∂z<sub>j</sub>/∂x<sub>a</sub> (2·N·d·m) of the charts (patch fixed at 1,
     * local coordinates, eliminated coordinates by the implicit function theorem) at points z on X.
     */
    static double[] jacobian(List<Polynomial> eqs, double[] z, int[] local, int[] elim, int n, int m, int d, int k) {
        double[] out = new double[2 * n * d * m];
        double[][] grads = new double[k][2 * n * m];
        for (int r = 0; r < k; r++) {
            eqs.get(r).gradient(z, n, grads[r]);
        }
        double[] je = new double[2 * k * k];
        double[] rhs = new double[2 * k * d];
        for (int p = 0; p < n; p++) {
            for (int r = 0; r < k; r++) {
                for (int e = 0; e < k; e++) {
                    int col = elim[p * k + e];
                    je[2 * (r * k + e)] = grads[r][2 * (p * m + col)];
                    je[2 * (r * k + e) + 1] = grads[r][2 * (p * m + col) + 1];
                }
                for (int a = 0; a < d; a++) {
                    int col = local[p * d + a];
                    rhs[2 * (r * d + a)] = grads[r][2 * (p * m + col)];
                    rhs[2 * (r * d + a) + 1] = grads[r][2 * (p * m + col) + 1];
                }
            }
            solve(k, je, rhs, d);
            for (int a = 0; a < d; a++) {
                int row = 2 * (p * d + a) * m;
                out[row + 2 * local[p * d + a]] = 1.0;
                for (int e = 0; e < k; e++) {
                    int col = elim[p * k + e];
                    out[row + 2 * col] = -rhs[2 * (e * d + a)];
                    out[row + 2 * col + 1] = -rhs[2 * (e * d + a) + 1];
                }
            }
        }
        return out;
    }

    /** Solves A X = B in place (A k×k, B k×cols, interleaved complex) by Gaussian elimination with pivoting. */
    static void solve(int k, double[] a, double[] b, int cols) {
        for (int c = 0; c < k; c++) {
            int piv = c;
            double best = -1;
            for (int r = c; r < k; r++) {
                double v = a[2 * (r * k + c)] * a[2 * (r * k + c)] + a[2 * (r * k + c) + 1] * a[2 * (r * k + c) + 1];
                if (v > best) {
                    best = v;
                    piv = r;
                }
            }
            if (piv != c) {
                for (int j = 0; j < 2 * k; j++) {
                    double t = a[2 * c * k + j];
                    a[2 * c * k + j] = a[2 * piv * k + j];
                    a[2 * piv * k + j] = t;
                }
                for (int j = 0; j < 2 * cols; j++) {
                    double t = b[2 * c * cols + j];
                    b[2 * c * cols + j] = b[2 * piv * cols + j];
                    b[2 * piv * cols + j] = t;
                }
            }
            double pr = a[2 * (c * k + c)];
            double pi = a[2 * (c * k + c) + 1];
            double den = pr * pr + pi * pi;
            double ir = pr / den;
            double ii = -pi / den;
            for (int r = 0; r < k; r++) {
                if (r == c) {
                    continue;
                }
                double fr0 = a[2 * (r * k + c)];
                double fi0 = a[2 * (r * k + c) + 1];
                double fr = fr0 * ir - fi0 * ii;
                double fi = fr0 * ii + fi0 * ir;
                for (int j = 0; j < k; j++) {
                    double xr = a[2 * (c * k + j)];
                    double xi = a[2 * (c * k + j) + 1];
                    a[2 * (r * k + j)] -= fr * xr - fi * xi;
                    a[2 * (r * k + j) + 1] -= fr * xi + fi * xr;
                }
                for (int j = 0; j < cols; j++) {
                    double xr = b[2 * (c * cols + j)];
                    double xi = b[2 * (c * cols + j) + 1];
                    b[2 * (r * cols + j)] -= fr * xr - fi * xi;
                    b[2 * (r * cols + j) + 1] -= fr * xi + fi * xr;
                }
            }
        }
        for (int c = 0; c < k; c++) {
            double pr = a[2 * (c * k + c)];
            double pi = a[2 * (c * k + c) + 1];
            double den = pr * pr + pi * pi;
            double ir = pr / den;
            double ii = -pi / den;
            for (int j = 0; j < cols; j++) {
                double xr = b[2 * (c * cols + j)];
                double xi = b[2 * (c * cols + j) + 1];
                b[2 * (c * cols + j)] = xr * ir - xi * ii;
                b[2 * (c * cols + j) + 1] = xr * ii + xi * ir;
            }
        }
    }
}
