package org.metricflow.geometry.complex;

import java.util.List;
import org.metricflow.geometry.complex.internal.EmbeddingJets;
import org.metricflow.geometry.complex.internal.HermitianNormJets;
import org.metricflow.geometry.complex.internal.KahlerCurvatureKernel;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.geometry.complex.internal.PointGeometry;
import org.metricflow.geometry.complex.internal.SectionJets;
import org.metricflow.geometry.complex.internal.TaylorAutodiffJets;

/**
 * Kähler geometry of the metric g<sub>ab̄</sub> = ∂<sub>a</sub>∂̄<sub>b</sub>(K∘ι)(x) of a {@link KahlerPotential}
 * K on a variety X (or on CP<sup>n</sup> itself), at a batch of points, in the local holomorphic coordinates x of
 * each point (the d coordinates other than the patch and the eliminated ones; ι is the embedding given by the
 * implicit function theorem). Immutable; all arrays are computed on construction, accessors return copies.
 *
 * <h2>Quantities (conventions in the package documentation)</h2>
 * <pre>
 *   g_{ab̄},  det g,  M = g^{−1} (Σ_b g_{ab̄} M_{bc} = δ_ac),  ∂_c g_{ab̄},  ∂_c∂̄_e g_{ab̄}
 *   R_{ab̄cē} = ∂_c∂̄_e g_{ab̄} − Σ_{f,q} ∂_c g_{af̄} M_{fq} ∂̄_e g_{qb̄}
 *   Ric_{ab̄} = −∂_a∂̄_b log det g = −Σ_{c,e} M_{ec} R_{ab̄cē}
 *   s = Σ_{a,b} M_{ba} Ric_{ab̄}               (Riemannian scalar curvature = 2s)
 *   χ_k = [c_k ∧ ω^{d−k}] / Π_a(i dx^a∧dx̄^a),  c = det(1 + (i/2π)𝓡),  χ_0 = ω^d density = d!·det g
 * </pre>
 * Layouts (interleaved complex, point-major): g, M, Ric {@code [2((p·d + a)·d + b)]}; ∂g
 * {@code [2(((p·d + c)·d + a)·d + b)]} = ∂<sub>c</sub>g<sub>ab̄</sub>; ∂∂̄g and R
 * {@code [2((((p·d + a)·d + b)·d + c)·d + e)]}; det g, s one double per point; Chern densities
 * {@code [p·(d+1) + k]}.
 *
 * <h2>Two computational paths</h2>
 * <ul>
 *   <li><b>Analytic</b> ({@link KahlerPotential#fubiniStudy()} and {@link HermitianNormPotential}, e.g. Donaldson
 *       metrics): K∘ι = κ log|v|² with v = ι or v = C<sup>†</sup>s∘ι holomorphic; all jets are exact inner products
 *       of v, v<sub>a</sub>, v<sub>ac</sub> (O(d⁴r) per point after the 2-jet of v).</li>
 *   <li><b>Jet</b> ({@link JetKahlerPotential}, e.g. K<sub>FS</sub> + φ<sub>θ</sub> of a network): the Fubini–Study jets
 *       as above plus the correction's exact jets, which it computes itself from the embedding's 2-jet
 *       (values only, batched).</li>
 *   <li><b>Generic</b> (any other potential, e.g. a network): nested reverse-mode autodiff of K∘ι<sub>T</sub> at
 *       x = 0 where ι<sub>T</sub> is the exact holomorphic 2-jet of ι (sufficient, see
 *       {@code internal.TaylorAutodiffJets}); slower, meant for moderate batches.</li>
 * </ul>
 * For differentiable (Tensor) metrics to be used in losses see {@link KahlerTensors}. Memory: all tensors are kept,
 * about 2.7 kB per point for d = 3; for integrals over large samples use
 * {@link CurvatureIntegrals#chernNumbers}, which works in chunks. The analytic and jet paths run on all
 * processors (results do not depend on the thread count); the generic path runs on the calling thread.
 */
public final class KahlerGeometry {
    private static final int CHUNK = 512;

    private final int count;
    private final int d;
    private final boolean analytic;
    private final double[] metric;
    private final double[] det;
    private final double[] inverse;
    private final double[] dg;
    private final double[] ddg;
    private final double[] riemann;
    private final double[] ricci;
    private final double[] scalar;
    private final double[] chern;

    private interface JetSource {
        void jets(int from, int to, double[] z, double[] first, double[] second);
    }

    private KahlerGeometry(int count, int m, int d, KahlerPotential potential, JetSource source) {
        if (potential == null) {
            throw new IllegalArgumentException("the Kähler potential is null; use KahlerPotential.fubiniStudy()"
                    + " or an implementation of KahlerPotential");
        }
        this.count = count;
        this.d = d;
        // the seam: a potential with closed-form jets offers a worker, anything else is differentiated generically
        this.analytic = potential.jets(m, d).isPresent();
        int d2 = d * d;
        this.metric = new double[2 * count * d2];
        this.det = new double[count];
        this.inverse = new double[2 * count * d2];
        this.dg = new double[2 * count * d2 * d];
        this.ddg = new double[2 * count * d2 * d2];
        this.riemann = new double[2 * count * d2 * d2];
        this.ricci = new double[2 * count * d2];
        this.scalar = new double[count];
        this.chern = new double[count * (d + 1)];
        int chunk = analytic ? CHUNK : 64;
        int tasks = (count + chunk - 1) / chunk;
        Parallel.run(tasks, analytic ? Parallel.defaultThreads() : 1, t -> {
            int from = t * chunk;
            int to = Math.min(count, from + chunk);
            int n = to - from;
            double[] z = new double[2 * n * m];
            double[] first = new double[2 * n * d * m];
            double[] second = new double[2 * n * d2 * m];
            source.jets(from, to, z, first, second);
            java.util.Optional<KahlerPotential.Jets> jets = analytic ? potential.jets(m, d) : java.util.Optional.empty();
            if (jets.isPresent()) {
                jets.get().compute(n, z, first, second, metric, 2 * from * d2, dg, 2 * from * d2 * d, ddg,
                        2 * from * d2 * d2);
            } else {
                double[] gl = new double[2 * n * d2];
                double[] dgl = new double[2 * n * d2 * d];
                double[] ddgl = new double[2 * n * d2 * d2];
                TaylorAutodiffJets.compute(potential, n, m, d, z, first, second, gl, dgl, ddgl);
                System.arraycopy(gl, 0, metric, 2 * from * d2, gl.length);
                System.arraycopy(dgl, 0, dg, 2 * from * d2 * d, dgl.length);
                System.arraycopy(ddgl, 0, ddg, 2 * from * d2 * d2, ddgl.length);
            }
            KahlerCurvatureKernel kernel = new KahlerCurvatureKernel(d);
            double[] scratch = new double[2 * d2];
            for (int p = from; p < to; p++) {
                int go = 2 * p * d2;
                det[p] = org.metricflow.geometry.complex.internal.SmallComplexMatrices.hermitianDeterminant(d,
                        metric, go, scratch);
                if (!(det[p] > 0.0) || !kernel.inverse(metric, go, inverse, go)) {
                    throw new IllegalStateException("the metric of " + potential + " is not positive definite at"
                            + " point " + p + " (det g = " + det[p] + ")");
                }
                kernel.riemann(inverse, go, dg, 2 * p * d2 * d, ddg, 2 * p * d2 * d2, riemann, 2 * p * d2 * d2);
                kernel.ricci(inverse, go, riemann, 2 * p * d2 * d2, ricci, go);
                scalar[p] = kernel.scalar(inverse, go, ricci, go);
                kernel.chern(metric, go, inverse, go, riemann, 2 * p * d2 * d2, chern, p * (d + 1));
            }
        });
    }

    /**
     * The geometry of the metric of {@code potential} on the variety of {@code points}, at every point. The path is
     * the potential's own: its closed-form jets when it offers them ({@link KahlerPotential#jets}: Fubini–Study and
     * {@link HermitianNormPotential} analytic, a {@link JetKahlerPotential} such as a φ-model's potential Fubini–Study
     * plus its correction jets), generic nested autodiff otherwise.
     *
     * @param potential the Kähler potential K of the metric g = ∂∂̄K (Fubini–Study or a learned one), not null
     * @throws IllegalArgumentException if potential is null
     * @throws IllegalStateException if the metric is not positive definite at a point
     */
    public static KahlerGeometry of(PointSet points, KahlerPotential potential) {
        List<Polynomial> eqs = points.variety().equations();
        int m = points.coordinateCount();
        int d = points.dimension();
        double[] coords = points.coordsView();
        double[] jac = points.jacobianView();
        int[] elim = points.eliminated();
        // Fubini–Study on a product of projective spaces (or with Kähler moduli) means its reference metric Σ t_i g_i
        KahlerPotential k = potential == KahlerPotential.fubiniStudy() ? points.variety().referencePotential()
                : potential;
        return new KahlerGeometry(points.size(), m, d, k,
                (from, to, z, first, second) -> EmbeddingJets.variety(eqs, m, d, coords, jac, elim, from, to, z,
                        first, second));
    }

    /**
     * The geometry of the metric of {@code potential} on CP<sup>n</sup> at the given points (2·count·(n+1)
     * doubles, any scaling): each point is normalized to the patch of its largest coordinate and the local
     * coordinates are the other n coordinates in increasing order (affine coordinates w).
     *
     * @param potential the Kähler potential K of the metric g = ∂∂̄K (Fubini–Study or a learned one), not null
     */
    public static KahlerGeometry ofProjectiveSpace(int n, double[] homogeneous, int count,
            KahlerPotential potential) {
        if (n < 1) {
            throw new IllegalArgumentException("CP^n needs n >= 1, got n = " + n);
        }
        int m = n + 1;
        if (count < 0 || homogeneous == null || homogeneous.length != 2L * count * m) {
            throw new IllegalArgumentException("expected " + 2L * Math.max(count, 0) * m + " doubles for " + count
                    + " points of CP^" + n + ", got " + (homogeneous == null ? "null" : homogeneous.length));
        }
        double[] coords = homogeneous.clone();
        int[] patch = new int[count];
        for (int p = 0; p < count; p++) {
            double s = 0.0;
            for (int j = 0; j < 2 * m; j++) {
                double x = coords[2 * p * m + j];
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("point " + p + " has a non-finite coordinate " + x);
                }
                s += x * x;
            }
            if (s == 0.0) {
                throw new IllegalArgumentException("point " + p + " is the zero vector, which is no point of CP^" + n);
            }
            patch[p] = PointGeometry.normalize(coords, p, m);
        }
        return new KahlerGeometry(count, m, n, potential,
                (from, to, z, first, second) -> EmbeddingJets.projectiveSpace(m, coords, patch, from, to, z, first,
                        second));
    }

    /**
     * Number of points N.
     */
    public int size() {
        return count;
    }

    /**
     * Complex dimension d.
     */
    public int dimension() {
        return d;
    }

    /**
     * True if an exact values-only path was used (closed forms for Fubini–Study and {@link HermitianNormPotential},
     * Fubini–Study plus the correction's own jets for a {@link JetKahlerPotential}), false for the generic autodiff
     * path.
     */
    public boolean isAnalytic() {
        return analytic;
    }

    /**
     * g<sub>ab̄</sub> (2·N·d² doubles).
     */
    public double[] metric() {
        return metric.clone();
    }

    /**
     * det g per point.
     */
    public double[] metricDeterminants() {
        return det.clone();
    }

    /**
     * The matrix inverse M = g<sup>−1</sup> (2·N·d²), Σ<sub>b</sub> g<sub>ab̄</sub>M<sub>bc</sub> = δ<sub>ac</sub>.
     */
    public double[] inverseMetric() {
        return inverse.clone();
    }

    /**
     * ∂<sub>c</sub>g<sub>ab̄</sub> (2·N·d³), layout in the class comment.
     */
    public double[] metricDerivatives() {
        return dg.clone();
    }

    /**
     * The Christoffel symbols of the Chern (= Levi-Civita, the metric being Kähler) connection,
     * Γ<sup>f</sup><sub>ca</sub> = Σ<sub>b</sub> ∂<sub>c</sub>g<sub>ab̄</sub> M<sub>bf</sub> = g<sup>f b̄</sup>∂<sub>c</sub>g<sub>ab̄</sub>
     * (the only non-zero ones besides their conjugates Γ<sup>f̄</sup><sub>c̄ā</sub>), symmetric in (c, a):
     * 2·N·d³ doubles, Γ<sup>f</sup><sub>ca</sub> at {@code [2(((p·d + c)·d + a)·d + f)]}.
     */
    public double[] christoffel() {
        double[] out = new double[dg.length];
        int d2 = d * d;
        for (int p = 0; p < count; p++) {
            for (int c = 0; c < d; c++) {
                for (int a = 0; a < d; a++) {
                    for (int f = 0; f < d; f++) {
                        double re = 0;
                        double im = 0;
                        for (int b = 0; b < d; b++) {
                            int gi = 2 * (((p * d + c) * d + a) * d + b);
                            int mi = 2 * (p * d2 + b * d + f);
                            re += dg[gi] * inverse[mi] - dg[gi + 1] * inverse[mi + 1];
                            im += dg[gi] * inverse[mi + 1] + dg[gi + 1] * inverse[mi];
                        }
                        int o = 2 * (((p * d + c) * d + a) * d + f);
                        out[o] = re;
                        out[o + 1] = im;
                    }
                }
            }
        }
        return out;
    }

    /**
     * ∂<sub>c</sub>∂̄<sub>e</sub>g<sub>ab̄</sub> (2·N·d⁴).
     */
    public double[] metricSecondDerivatives() {
        return ddg.clone();
    }

    /**
     * R<sub>ab̄cē</sub> (2·N·d⁴).
     */
    public double[] riemann() {
        return riemann.clone();
    }

    /**
     * Ric<sub>ab̄</sub> = −∂<sub>a</sub>∂̄<sub>b</sub> log det g (2·N·d²).
     */
    public double[] ricci() {
        return ricci.clone();
    }

    /**
     * s = g<sup>ab̄</sup>Ric<sub>ab̄</sub> per point (the Riemannian scalar curvature is 2s).
     *
     * @return s per point
     */
    public double[] scalarCurvature() {
        return scalar.clone();
    }

    /**
     * All Chern densities, N·(d+1) doubles, χ<sub>k</sub> of point p at {@code [p·(d+1) + k]}.
     */
    public double[] chernDensities() {
        return chern.clone();
    }

    /**
     * χ<sub>k</sub> per point: the density of c<sub>k</sub>∧ω<sup>d−k</sup> relative to Π<sub>a</sub>(i dx<sup>a</sup>∧
     * dx̄<sup>a</sup>), 0 ≤ k ≤ d (k = 0: ω<sup>d</sup> = d!·det g; k = d: the Euler density c<sub>d</sub>).
     */
    public double[] chernDensity(int k) {
        if (k < 0 || k > d) {
            throw new IllegalArgumentException("Chern class index k must be in 0.." + d + ", got " + k);
        }
        double[] out = new double[count];
        for (int p = 0; p < count; p++) {
            out[p] = chern[p * (d + 1) + k];
        }
        return out;
    }

    // package-private views
    double[] inverseView() {
        return inverse;
    }

    double[] riemannView() {
        return riemann;
    }

    double[] chernView() {
        return chern;
    }

    double[] detView() {
        return det;
    }

    double[] scalarView() {
        return scalar;
    }

    @Override
    public String toString() {
        return "KahlerGeometry[" + count + " points, d = " + d + ", " + (analytic ? "analytic" : "autodiff") + "]";
    }
}
