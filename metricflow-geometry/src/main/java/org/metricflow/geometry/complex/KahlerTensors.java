package org.metricflow.geometry.complex;

import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.ComplexTensor;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.autodiff.Wirtinger;
import org.metricflow.geometry.complex.internal.EmbeddingJets;
import org.metricflow.geometry.complex.internal.TaylorAutodiffJets;

/**
 * Differentiable (Tensor) versions of the metric quantities of a {@link KahlerPotential} on a variety, for
 * losses: everything the potential captures (e.g. network parameters θ) stays in the graph, so
 * {@link Autodiff#grad} of a loss built from these gives ∂loss/∂θ.
 *
 * <p>Construction (generic route, any potential): per point the exact holomorphic 2-jet ι<sub>T</sub> of the
 * embedding is written as Tensor operations of the real local coordinates x (N×2d, a variable at x = 0), and
 * g<sub>ab̄</sub> = ∂<sub>a</sub>∂̄<sub>b</sub>(K∘ι<sub>T</sub>) is taken with graph-building reverse mode. The 2-jet
 * makes g exact at x = 0 and also every ∂<sub>c</sub>∂̄<sub>e</sub> of it, hence Ric (see
 * {@link KahlerGeometry}). Metric layout: re and im parts N×d², entry (a, b) in column a·d + b.
 * Cost grows with the order: the metric needs 1 + 2d backward sweeps, the Ricci form about 2d more on a
 * larger graph; use mini-batches.
 */
public final class KahlerTensors {
    private KahlerTensors() {
    }

    /** The local-coordinate variable x (N×2d zeros) and the potential K∘ι<sub>T</sub>(x) (N×1). */
    private static Tensor[] potentialOnChart(PointSet points, KahlerPotential potential) {
        if (potential == null) {
            throw new IllegalArgumentException("the Kähler potential is null");
        }
        int n = points.size();
        int m = points.coordinateCount();
        int d = points.dimension();
        if (n < 1) {
            throw new IllegalArgumentException("need at least one point, got an empty point set");
        }
        double[] z = new double[2 * n * m];
        double[] first = new double[2 * n * d * m];
        double[] second = new double[2 * n * d * d * m];
        EmbeddingJets.variety(points.variety().equations(), m, d, points.coordsView(), points.jacobianView(),
                points.eliminated(), 0, n, z, first, second);
        Tensor x = Tensor.variable(new DMatrixRMaj(n, 2 * d));
        Tensor[] emb = TaylorAutodiffJets.embedding(x, n, m, d, z, first, second);
        Tensor f = potential.value(emb[0], emb[1]);
        if (f.rows() != n || f.cols() != 1) {
            throw new IllegalArgumentException("the Kähler potential " + potential + " returned a " + f.rows() + "×"
                    + f.cols() + " tensor for " + n + " points; it must return N×1");
        }
        return new Tensor[] {x, f};
    }

    /**
     * g<sub>ab̄</sub> at every point of {@code points} as a differentiable ComplexTensor (N×d² parts).
     *
     * @param potential the Kähler potential K of the metric g = ∂∂̄K (Fubini–Study or a learned one), not null
     */
    public static ComplexTensor metric(PointSet points, KahlerPotential potential) {
        // derivatives in x by autodiff: recorded even under Autodiff.noGrad (see ricci)
        return Autodiff.enableGrad(() -> {
            Tensor[] xf = potentialOnChart(points, potential);
            Tensor[] g = TaylorAutodiffJets.metric(xf[1], xf[0], points.dimension());
            return ComplexTensor.of(g[0], g[1]);
        });
    }

    /**
     * log det g (N×1) of Hermitian positive definite matrices g = A + iB (N×d² parts), differentiable:
     * log det g = ½ log det [[A, −B], [B, A]] (the real 2d×2d form has determinant |det g|² = (det g)²).
     *
     * <p>Because (det g)² ≥ 0 this is log |det g| for any invertible Hermitian g: where g is not positive definite
     * (indefinite or negative, so that log det g is undefined or not what a metric's volume needs) the value is
     * finite but is not a metric's log det. Such points are detected by {@link #firstNonPositiveDefinite} and
     * counted by {@link #countNonPositiveDefinite}; MetricFlow reports them in its result message. A singular g
     * gives NaN.
     */
    public static Tensor logDeterminant(ComplexTensor g) {
        return realEmbedding(g).logDet().times(0.5);
    }

    /**
     * The number of points where the Hermitian matrix g (N×d² parts) is not positive definite (see
     * {@link #firstNonPositiveDefinite}).
     */
    public static int countNonPositiveDefinite(ComplexTensor g) {
        int d = g.re().matrixSide();
        double[] scratch = new double[4 * d * d];
        int count = 0;
        for (int p = 0; p < g.re().rows(); p++) {
            if (!positiveDefinite(g.re().value().data, g.im().value().data, p, d, scratch)) {
                count++;
            }
        }
        return count;
    }

    /**
     * The index of the first point where the Hermitian matrix g (N×d² parts) is not positive definite (a Cholesky
     * factorization of its real form meets a pivot ≤ 0 or NaN), or −1 if it is positive definite everywhere.
     */
    public static int firstNonPositiveDefinite(ComplexTensor g) {
        int d = g.re().matrixSide();
        double[] scratch = new double[4 * d * d];
        for (int p = 0; p < g.re().rows(); p++) {
            if (!positiveDefinite(g.re().value().data, g.im().value().data, p, d, scratch)) {
                return p;
            }
        }
        return -1;
    }

    /** Cholesky of the real 2d×2d form [[A, −B], [B, A]] of point p; false at the first pivot that is not > 0. */
    private static boolean positiveDefinite(double[] re, double[] im, int p, int d, double[] m) {
        int n = 2 * d;
        int o = p * d * d;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int a = i % d;
                int b = j % d;
                double v = (i < d) == (j < d) ? re[o + a * d + b] : im[o + a * d + b];
                m[i * n + j] = i < d && j >= d ? -v : v;
            }
        }
        for (int j = 0; j < n; j++) {
            double diag = m[j * n + j];
            for (int k = 0; k < j; k++) {
                diag -= m[j * n + k] * m[j * n + k];
            }
            if (!(diag > 0)) {
                return false;
            }
            double l = Math.sqrt(diag);
            m[j * n + j] = l;
            for (int i = j + 1; i < n; i++) {
                double v = m[i * n + j];
                for (int k = 0; k < j; k++) {
                    v -= m[i * n + k] * m[j * n + k];
                }
                m[i * n + j] = v / l;
            }
        }
        return true;
    }

    /**
     * The real 2d×2d form [[A, −B], [B, A]] of complex matrices g = A + iB (N×d² parts) as an N×4d² tensor,
     * differentiable: complex products, inverses and traces become real ones.
     */
    public static Tensor realEmbedding(ComplexTensor g) {
        int d = g.re().matrixSide();
        int n2 = 2 * d;
        Tensor both = Tensor.concatCols(g.re(), g.im().neg(), g.im()); // A | −B | B
        int[] idx = new int[n2 * n2];
        for (int i = 0; i < n2; i++) {
            for (int j = 0; j < n2; j++) {
                int a = i % d;
                int b = j % d;
                int block = i < d ? (j < d ? 0 : 1) : (j < d ? 2 : 0);
                idx[i * n2 + j] = block * d * d + a * d + b;
            }
        }
        return both.selectCols(idx);
    }

    /**
     * det g (N×1), = exp(log det g).
     */
    public static Tensor determinant(ComplexTensor g) {
        return logDeterminant(g).exp();
    }

    /**
     * The Ricci form Ric<sub>ab̄</sub> = −∂<sub>a</sub>∂̄<sub>b</sub> log det g (N×d² parts), differentiable (fourth
     * derivatives of K in the graph).
     *
     * @param potential the Kähler potential K of the metric g = ∂∂̄K (Fubini–Study or a learned one), not null
     */
    public static ComplexTensor ricci(PointSet points, KahlerPotential potential) {
        // The derivatives in x are taken by autodiff, so the graph is recorded even under Autodiff.noGrad
        // (there a Hessian of an unrecorded log det would silently be zero).
        return Autodiff.enableGrad(() -> {
            Tensor[] xf = potentialOnChart(points, potential);
            Tensor x = xf[0];
            Tensor[] g = TaylorAutodiffJets.metric(xf[1], x, points.dimension());
            Tensor logDet = logDeterminant(ComplexTensor.of(g[0], g[1]));
            ComplexTensor h = Wirtinger.complexHessian(Autodiff.hessianGraph(logDet, x));
            return ComplexTensor.of(h.re().neg(), h.im().neg());
        });
    }
}
