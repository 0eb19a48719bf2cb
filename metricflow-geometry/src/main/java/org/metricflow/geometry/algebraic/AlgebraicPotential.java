package org.metricflow.geometry.algebraic;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.linalg.internal.SmallComplexMatrices;
import org.metricflow.geometry.complex.HermitianNormPotential;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.Polynomial;
import org.metricflow.geometry.complex.PointSet;

/**
 * The algebraic Kähler potential of a Hermitian form H on the sections of O(k) (the potential of a Donaldson
 * balanced metric when H is balanced):
 * <blockquote>K<sub>k</sub>(z) = (1/(2πk)) log S(z),   S(z) = s(z)<sup>†</sup> H s(z) = Σ<sub>α,β</sub> s̄<sub>α</sub>(z) H<sub>αβ</sub> s<sub>β</sub>(z),</blockquote>
 * with s = (s<sub>0</sub>, …, s<sub>N−1</sub>) a {@link SectionBasis} of degree k and H positive definite. The
 * normalization makes k = 1, s = z, H = I the Fubini–Study potential (1/2π) log|z|² (docs/ARCHITECTURE.md §4), and
 * K<sub>k</sub>(λz) = K<sub>k</sub>(z) + (1/2π) log|λ|², so ∂∂̄K<sub>k</sub> is a metric on CP<sup>n</sup> in the
 * class of ω<sub>FS</sub>. Multiplying H by a constant does not change the metric.
 *
 * <h2>The metric in closed form</h2>
 * With D<sub>βi</sub> = ∂s<sub>β</sub>/∂z<sub>i</sub> (holomorphic), y = Hs and E = HD:
 * ∂<sub>i</sub>S = a<sub>i</sub> = Σ<sub>β</sub> ȳ<sub>β</sub>D<sub>βi</sub>, ∂̄<sub>j</sub>S = ā<sub>j</sub>,
 * ∂<sub>i</sub>∂̄<sub>j</sub>S = Σ<sub>α,β</sub> D̄<sub>αj</sub>H<sub>αβ</sub>D<sub>βi</sub> =
 * Σ<sub>β</sub> D<sub>βi</sub> Ē<sub>βj</sub>, and ∂∂̄ log S = ∂∂̄S/S − ∂S ∂̄S/S²:
 * <blockquote>G<sub>i j̄</sub> = ∂<sub>i</sub>∂̄<sub>j</sub>K<sub>k</sub> = (1/(2πk)) [ (Σ<sub>β</sub> D<sub>βi</sub> Ē<sub>βj</sub>)/S − a<sub>i</sub> ā<sub>j</sub>/S² ].</blockquote>
 * On a point set the same formula is applied to the tangential derivatives D<sup>X</sup> = D Pᵀ
 * (D<sup>X</sup><sub>βa</sub> = ∂s<sub>β</sub>/∂x<sub>a</sub>), which equals P G P<sup>†</sup> exactly and costs
 * N²·d instead of N²·m complex multiply-adds per point.
 *
 * <p>For autodiff there is {@link #potential(Tensor)}: K<sub>k</sub> as a differentiable function of the real
 * coordinates (x<sub>0</sub>..x<sub>n</sub>, y<sub>0</sub>..y<sub>n</sub>) of each point, in the layout of
 * {@link org.metricflow.core.autodiff.Wirtinger} (so {@code Wirtinger.complexHessian(pot::potential, points)} gives
 * G by reverse mode), with S = aᵀAa + bᵀAb − 2aᵀBb for s = a + ib, H = A + iB. The ingredients are public too:
 * {@link #sections()} (the monomial exponents) and {@link #hermitianForm()}.
 */
public final class AlgebraicPotential implements AmbientKahlerPotential {
    private static final int BLOCK = 256;

    private final SectionBasis sections;
    private final HermitianMatrix h;

    private AlgebraicPotential(SectionBasis sections, HermitianMatrix h) {
        this.sections = sections;
        this.h = h;
    }

    /**
     * K = (1/(2πk)) log(s<sup>†</sup>Hs).
     *
     * @throws IllegalArgumentException if H is not N×N or not positive definite
     */
    public static AlgebraicPotential of(SectionBasis sections, HermitianMatrix h) {
        if (h.size() != sections.size()) {
            throw new IllegalArgumentException("the Hermitian form is " + h.size() + "×" + h.size() + " but there are "
                    + sections.size() + " sections");
        }
        h.inverse(); // positive definiteness check (Cholesky)
        return new AlgebraicPotential(sections, h);
    }

    /**
     * The sections s<sub>α</sub>.
     */
    public SectionBasis sections() {
        return sections;
    }

    /**
     * The Hermitian form H.
     */
    public HermitianMatrix hermitianForm() {
        return h;
    }

    /**
     * The line bundle degree k.
     */
    public int degree() {
        return sections.degree();
    }

    @Override
    public int coordinateCount() {
        return sections.coordinateCount();
    }

    private void check(double[] z, int count, double[] out, long perPoint) {
        int m = coordinateCount();
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (z.length < 2L * count * m) {
            throw new IllegalArgumentException("z holds " + z.length + " doubles but " + count + " points with " + m
                    + " complex coordinates need " + 2L * count * m);
        }
        if (out.length < perPoint * count) {
            throw new IllegalArgumentException("out holds " + out.length + " doubles but needs " + perPoint * count);
        }
    }

    /**
     * S(z) = s<sup>†</sup>Hs per point (positive off the base locus; the monomials have none).
     */
    public void hermitianNorm(double[] z, int count, double[] out) {
        check(z, count, out, 1);
        int n = sections.size();
        double[] s = new double[2 * n * count];
        sections.evaluate(z, count, s);
        double[] hv = h.view();
        for (int p = 0; p < count; p++) {
            out[p] = quadraticForm(hv, n, s, 2 * p * n);
        }
    }

    static double quadraticForm(double[] hv, int n, double[] s, int off) {
        double total = 0.0;
        for (int a = 0; a < n; a++) {
            double yr = 0.0;
            double yi = 0.0;
            int ho = 2 * a * n;
            for (int b = 0; b < n; b++) {
                double hr = hv[ho + 2 * b];
                double hi = hv[ho + 2 * b + 1];
                double sr = s[off + 2 * b];
                double si = s[off + 2 * b + 1];
                yr += hr * sr - hi * si;
                yi += hr * si + hi * sr;
            }
            total += s[off + 2 * a] * yr + s[off + 2 * a + 1] * yi; // Re(conj(s_a) y_a)
        }
        return total;
    }

    @Override
    public void potential(double[] z, int count, double[] out) {
        hermitianNorm(z, count, out);
        double c = 1.0 / (2.0 * Math.PI * sections.degree());
        for (int p = 0; p < count; p++) {
            out[p] = c * Math.log(out[p]);
        }
    }

    /**
     * K<sub>k</sub> = (1/(2πk)) log(s<sup>†</sup>Hs) as a differentiable Tensor: {@code points} is count×2m with
     * the real parts x<sub>0</sub>..x<sub>m−1</sub> then the imaginary parts y<sub>0</sub>..y<sub>m−1</sub> of the
     * homogeneous coordinates (the {@link org.metricflow.core.autodiff.Wirtinger} layout); the result is count×1.
     * Built from element-wise products (powers of z<sub>j</sub>, then monomials) and two matrix products with the
     * constant blocks of H, so gradients of any order exist.
     */
    public Tensor potential(Tensor points) {
        int m = coordinateCount();
        if (points.cols() != 2 * m) {
            throw new IllegalArgumentException("points must have 2m = " + 2 * m + " columns (x_0..x_" + (m - 1)
                    + ", y_0..y_" + (m - 1) + "), got " + points.cols());
        }
        int k = sections.degree();
        int rows = points.rows();
        Tensor[][] powRe = new Tensor[m][k + 1];
        Tensor[][] powIm = new Tensor[m][k + 1];
        for (int j = 0; j < m; j++) {
            Tensor x = points.col(j);
            Tensor y = points.col(m + j);
            powRe[j][1] = x;
            powIm[j][1] = y;
            for (int q = 2; q <= k; q++) {
                Tensor pr = powRe[j][q - 1];
                Tensor pi = powIm[j][q - 1];
                powRe[j][q] = pr.times(x).minus(pi.times(y));
                powIm[j][q] = pr.times(y).plus(pi.times(x));
            }
        }
        int n = sections.size();
        Tensor[] re = new Tensor[n];
        Tensor[] im = new Tensor[n];
        for (int a = 0; a < n; a++) {
            Tensor vr = null;
            Tensor vi = null;
            for (int j = 0; j < m; j++) {
                int e = sections.exponent(a, j);
                if (e == 0) {
                    continue;
                }
                if (vr == null) {
                    vr = powRe[j][e];
                    vi = powIm[j][e];
                } else {
                    Tensor tr = vr.times(powRe[j][e]).minus(vi.times(powIm[j][e]));
                    vi = vr.times(powIm[j][e]).plus(vi.times(powRe[j][e]));
                    vr = tr;
                }
            }
            re[a] = vr;
            im[a] = vi;
        }
        Tensor sa = Tensor.concatCols(re);
        Tensor sb = Tensor.concatCols(im);
        DMatrixRMaj aBlock = new DMatrixRMaj(n, n);
        DMatrixRMaj bTransposed = new DMatrixRMaj(n, n);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                aBlock.unsafe_set(a, b, h.re(a, b));
                bTransposed.unsafe_set(b, a, h.im(a, b));
            }
        }
        Tensor aT = Tensor.constant(aBlock);
        Tensor quad = sa.times(sa.matmul(aT)).plus(sb.times(sb.matmul(aT))).sumRows()
                .minus(sa.times(sb.matmul(Tensor.constant(bTransposed))).sumRows().times(2.0));
        if (quad.rows() != rows) {
            throw new IllegalStateException("internal: " + quad.rows() + " rows for " + rows + " points");
        }
        return quad.log().times(1.0 / (2.0 * Math.PI * k));
    }

    @Override
    public void metric(double[] z, int count, double[] out) {
        int m = coordinateCount();
        check(z, count, out, 2L * m * m);
        int n = sections.size();
        double[] s = new double[2 * n];
        double[] dv = new double[2 * n * m];
        double[] scratch = new double[2 * n * (m + 1) + 2 * m];
        double[] zp = new double[2 * m];
        for (int p = 0; p < count; p++) {
            System.arraycopy(z, 2 * p * m, zp, 0, 2 * m);
            sections.evaluateWithDerivatives(zp, 1, s, dv);
            hermitianHessianOfLog(s, dv, m, out, 2 * p * m * m, scratch);
        }
    }

    /**
     * (1/(2πk))[Σ<sub>β</sub>D<sub>βi</sub>Ē<sub>βj</sub>/S − a<sub>i</sub>ā<sub>j</sub>/S²] for one point, where D
     * (N×c) holds the derivatives of the sections along c directions.
     */
    private void hermitianHessianOfLog(double[] s, double[] dv, int c, double[] out, int off, double[] w) {
        int n = sections.size();
        double[] hv = h.view();
        // w: y (2n), E (2nc), a (2c)
        int eOff = 2 * n;
        int aOff = 2 * n + 2 * n * c;
        java.util.Arrays.fill(w, 0, aOff + 2 * c, 0.0);
        for (int a = 0; a < n; a++) {
            int ho = 2 * a * n;
            double yr = 0.0;
            double yi = 0.0;
            int ea = eOff + 2 * a * c;
            for (int b = 0; b < n; b++) {
                double hr = hv[ho + 2 * b];
                double hi = hv[ho + 2 * b + 1];
                double sr = s[2 * b];
                double si = s[2 * b + 1];
                yr += hr * sr - hi * si;
                yi += hr * si + hi * sr;
                int db = 2 * b * c;
                for (int i = 0; i < c; i++) {
                    double dr = dv[db + 2 * i];
                    double di = dv[db + 2 * i + 1];
                    w[ea + 2 * i] += hr * dr - hi * di;
                    w[ea + 2 * i + 1] += hr * di + hi * dr;
                }
            }
            w[2 * a] = yr;
            w[2 * a + 1] = yi;
        }
        double norm = 0.0;
        for (int a = 0; a < n; a++) {
            norm += s[2 * a] * w[2 * a] + s[2 * a + 1] * w[2 * a + 1];
        }
        for (int b = 0; b < n; b++) {
            double yr = w[2 * b];
            double yi = -w[2 * b + 1]; // conj(y_b)
            int db = 2 * b * c;
            for (int i = 0; i < c; i++) {
                double dr = dv[db + 2 * i];
                double di = dv[db + 2 * i + 1];
                w[aOff + 2 * i] += yr * dr - yi * di;
                w[aOff + 2 * i + 1] += yr * di + yi * dr;
            }
        }
        double scale = 1.0 / (2.0 * Math.PI * sections.degree());
        double i1 = scale / norm;
        double i2 = i1 / norm;
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                double gr = 0.0;
                double gi = 0.0;
                for (int b = 0; b < n; b++) {
                    double dr = dv[2 * (b * c + i)];
                    double di = dv[2 * (b * c + i) + 1];
                    double er = w[eOff + 2 * (b * c + j)];
                    double ei = -w[eOff + 2 * (b * c + j) + 1];
                    gr += dr * er - di * ei;
                    gi += dr * ei + di * er;
                }
                double ar = w[aOff + 2 * i];
                double ai = w[aOff + 2 * i + 1];
                double br = w[aOff + 2 * j];
                double bi = -w[aOff + 2 * j + 1];
                out[off + 2 * (i * c + j)] = gr * i1 - (ar * br - ai * bi) * i2;
                out[off + 2 * (i * c + j) + 1] = gi * i1 - (ar * bi + ai * br) * i2;
            }
        }
    }

    /**
     * g = P G P<sup>†</sup> on X computed directly from the tangential derivatives D<sup>X</sup> = D Pᵀ (see the
     * class comment); equal to the default pullback of {@link #metric} up to rounding. Blocks of points run in
     * parallel; the result does not depend on the number of threads.
     */
    @Override
    public double[] metricOn(PointSet points) {
        requireCompatible(points);
        int count = points.size();
        int m = coordinateCount();
        int d = points.dimension();
        int n = sections.size();
        double[] z = points.coordinates();
        double[] jac = points.jacobians();
        double[] out = new double[2 * count * d * d];
        int blocks = (count + BLOCK - 1) / BLOCK;
        IntStream.range(0, blocks).parallel().forEach(blk -> {
            double[] s = new double[2 * n];
            double[] dv = new double[2 * n * m];
            double[] dx = new double[2 * n * d];
            double[] zp = new double[2 * m];
            double[] scratch = new double[2 * n * (d + 1) + 2 * d];
            int end = Math.min(count, (blk + 1) * BLOCK);
            for (int p = blk * BLOCK; p < end; p++) {
                System.arraycopy(z, 2 * p * m, zp, 0, 2 * m);
                sections.evaluateWithDerivatives(zp, 1, s, dv);
                // dx = dv·Jᵀ: the sections' derivatives along the chart directions (n×d)
                SmallComplexMatrices.multiplyTranspose(n, m, d, dv, 0, jac, 2 * p * d * m, dx, 0);
                hermitianHessianOfLog(s, dx, d, out, 2 * p * d * d, scratch);
            }
        });
        return out;
    }

    /**
     * The same potential as a {@link KahlerPotential} for the curvature machinery ({@code KahlerGeometry},
     * {@code CurvatureIntegrals}): a {@link HermitianNormPotential} with the section monomials, κ = 1/(2πk) and the
     * transposed (= conjugated) form, since it writes Σ H<sub>αβ̄</sub>s<sub>α</sub>s̄<sub>β</sub> where this class
     * writes Σ s̄<sub>α</sub>H<sub>αβ</sub>s<sub>β</sub>. Curvature, Chern classes and χ of balanced metrics then use
     * the closed-form (analytic) path.
     */
    public KahlerPotential kahlerPotential() {
        int r = sections.size();
        int m = sections.coordinateCount();
        List<Polynomial> monomials = new ArrayList<>(r);
        for (int a = 0; a < r; a++) {
            monomials.add(Polynomial.of(m, new int[][] {sections.monomial(a)}, new double[] {1}, new double[] {0}));
        }
        double[] conj = new double[2 * r * r];
        for (int a = 0; a < r; a++) {
            for (int b = 0; b < r; b++) {
                conj[2 * (a * r + b)] = h.re(b, a);
                conj[2 * (a * r + b) + 1] = h.im(b, a);
            }
        }
        return HermitianNormPotential.of(monomials, conj, 1.0 / (2.0 * Math.PI * sections.degree()));
    }

    @Override
    public String toString() {
        return "AlgebraicPotential[k=" + sections.degree() + ", N=" + sections.size() + "]";
    }
}
