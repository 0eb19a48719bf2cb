package org.metricflow.nn.features;

import java.util.Objects;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * Real feature maps of points z ∈ C<sup>m</sup> (homogeneous coordinates), the inputs of neural Kähler potentials,
 * with their holomorphic derivative jets ({@link FeatureJet}).
 * <ul>
 *   <li>{@link #HERMITIAN_INVARIANTS}: u<sub>ij</sub> = z<sub>i</sub>z̄<sub>j</sub>/|z|², as the m real diagonal
 *       values u<sub>ii</sub> followed by (Re u<sub>ij</sub>, Im u<sub>ij</sub>) for i &lt; j: m² features. They
 *       are invariant under z → λz, hence smooth functions on all of CP<sup>m−1</sup> (the recommended input).</li>
 *   <li>{@link #PATCH_COORDINATES}: (Re z<sub>j</sub>, Im z<sub>j</sub>) of the patch-normalized point (largest
 *       coordinate 1): 2m features. Holomorphic in the patch, but they jump where the patch changes, so a network
 *       on them is not a function on CP<sup>m−1</sup> — provided to compare with.</li>
 * </ul>
 * Derivative formulas, with S = |z|², directions v, w ∈ C<sup>m</sup>, v·z̄ = Σv<sub>k</sub>z̄<sub>k</sub>:
 * <pre>
 * ∂_v u_ij    = v_i z̄_j / S − u_ij (v·z̄)/S
 * ∂_v∂̄_w u_ij = v_i w̄_j/S − v_i z̄_j (z·w̄)/S² − z_i w̄_j (v·z̄)/S² − z_i z̄_j (v·w̄)/S² + 2 z_i z̄_j (v·z̄)(z·w̄)/S³
 * </pre>
 * and Re u = (u<sub>ij</sub> + u<sub>ji</sub>)/2, Im u = (u<sub>ij</sub> − u<sub>ji</sub>)/2i (the operators are complex-linear).
 * For patch coordinates ∂<sub>v</sub>z<sub>j</sub> = v<sub>j</sub> (holomorphic), so ∂<sub>v</sub>Re z<sub>j</sub> = v<sub>j</sub>/2,
 * ∂<sub>v</sub>Im z<sub>j</sub> = v<sub>j</sub>/2i and all mixed derivatives vanish.
 *
 * <p>Products CP<sup>n<sub>1</sub></sup>×…×CP<sup>n<sub>f</sub></sup> (points whose variety has several factors):
 * {@link #HERMITIAN_INVARIANTS} are taken per factor block, u<sup>(i)</sup><sub>ab</sub> = z<sup>(i)</sup><sub>a</sub>z̄<sup>(i)</sup><sub>b</sub>/|z<sup>(i)</sup>|²,
 * concatenated in factor order (Σm<sub>i</sub>² features): invariant under each factor's own rescaling, hence under
 * each factor's patch change; the formulas above hold block by block.
 */
public enum FeatureMap {
    /** u<sub>ij</sub> = z<sub>i</sub>z̄<sub>j</sub>/|z|²: m² real features. */
    HERMITIAN_INVARIANTS {
        @Override
        public int featureCount(int m) {
            return m * m;
        }
    },
    /** Re and Im of the patch-normalized coordinates: 2m real features. */
    PATCH_COORDINATES {
        @Override
        public int featureCount(int m) {
            return 2 * m;
        }
    };

    /**
     * The number of real features for m homogeneous coordinates.
     */
    public abstract int featureCount(int m);

    /**
     * The number of real features on a variety: {@link #featureCount(int)} of its m coordinates, or for
     * {@link #HERMITIAN_INVARIANTS} in a product of projective spaces Σ<sub>i</sub>(n<sub>i</sub>+1)² (per-factor invariants).
     *
     * @param variety a variety in CP^n or in a product of projective spaces (not null)
     * @return the number of features F
     */
    public int featureCount(ProjectiveVariety variety) {
        if (this != HERMITIAN_INVARIANTS || variety.factorCount() == 1) {
            return featureCount(variety.coordinateCount());
        }
        int f = 0;
        for (int n : variety.factorDimensions()) {
            f += (n + 1) * (n + 1);
        }
        return f;
    }

    /**
     * {@link #apply(Tensor, int)} for a product of projective spaces: {@link #HERMITIAN_INVARIANTS} per factor block
     * (blocks starts[i]..starts[i+1]−1 of the m = starts[f] coordinates), concatenated; any other map as for m
     * coordinates.
     *
     * @param realCoordinates N×2m (Re z, Im z)
     * @param starts f + 1 factor offsets
     * @return N×F features in the order of {@link #jet(PointSet)}
     */
    public Tensor apply(Tensor realCoordinates, int[] starts) {
        int f = starts.length - 1;
        int m = starts[f];
        if (this != HERMITIAN_INVARIANTS || f == 1) {
            return apply(realCoordinates, m);
        }
        Tensor[] parts = new Tensor[f];
        for (int i = 0; i < f; i++) {
            Tensor block = Tensor.concatCols(realCoordinates.cols(starts[i], starts[i + 1]),
                    realCoordinates.cols(m + starts[i], m + starts[i + 1]));
            parts[i] = apply(block, starts[i + 1] - starts[i]);
        }
        return Tensor.concatCols(parts);
    }

    /**
     * The features as a differentiable function of real coordinates: N×2m tensor (Re z<sub>0..m−1</sub>,
     * Im z<sub>0..m−1</sub>) to N×F, in the order of {@link #jet}. With automatic differentiation this gives the
     * same derivatives as the closed-form jets (it is the reference the jets are tested against) and lets a
     * network on features define an ambient Kähler potential.
     */
    public Tensor apply(Tensor realCoordinates, int m) {
        if (realCoordinates.cols() != 2 * m) {
            throw new IllegalArgumentException("features of " + m + " complex coordinates need N×" + 2 * m
                    + " real coordinates, got " + realCoordinates.rows() + "×" + realCoordinates.cols());
        }
        Tensor x = realCoordinates.cols(0, m);
        Tensor y = realCoordinates.cols(m, 2 * m);
        Tensor[] cols = new Tensor[featureCount(m)];
        if (this == PATCH_COORDINATES) {
            for (int j = 0; j < m; j++) {
                cols[2 * j] = x.col(j);
                cols[2 * j + 1] = y.col(j);
            }
            return Tensor.concatCols(cols);
        }
        Tensor inv = x.square().plus(y.square()).sumRows().pow(-1.0);
        int k = 0;
        for (int i = 0; i < m; i++) {
            cols[k++] = x.col(i).square().plus(y.col(i).square()).times(inv);
        }
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                cols[k++] = x.col(i).times(x.col(j)).plus(y.col(i).times(y.col(j))).times(inv);
                cols[k++] = y.col(i).times(x.col(j)).minus(x.col(i).times(y.col(j))).times(inv);
            }
        }
        return Tensor.concatCols(cols);
    }

    /**
     * The features of a point set and their derivatives along its local coordinates (directions = rows of the
     * pullback Jacobian P<sub>a j</sub> = ∂z<sub>j</sub>/∂x<sub>a</sub>).
     */
    public FeatureJet jet(PointSet points) {
        return jet(points, null);
    }

    /**
     * {@link #jet(PointSet)} written into the arrays of {@code reuse} when it has the same shape (N points, d
     * directions, F features), so that a training loop on batches of a fixed size allocates nothing per step; a new
     * jet otherwise (also when {@code reuse} is null). The contents of {@code reuse} are overwritten: a caller that
     * passes it must no longer use its old values.
     *
     * @param reuse a jet to refill (may be null)
     * @return {@code reuse} refilled, or a new jet
     */
    public FeatureJet jet(PointSet points, FeatureJet reuse) {
        Objects.requireNonNull(points, "points");
        int n = points.size();
        int m = points.coordinateCount();
        int d = points.dimension();
        double[] z = reuse != null && reuse.coordinateScratch != null
                && reuse.coordinateScratch.length == 2 * n * m ? reuse.coordinateScratch : new double[2 * n * m];
        double[] dir = reuse != null && reuse.jacobianScratch != null
                && reuse.jacobianScratch.length == 2 * n * d * m ? reuse.jacobianScratch : new double[2 * n * d * m];
        ProjectiveVariety variety = points.variety();
        FeatureJet out = this == HERMITIAN_INVARIANTS && variety.factorCount() > 1
                ? blockJet(points.coordinates(z), variety.factorStarts(), points.jacobians(dir), d, n, reuse)
                : jetInto(points.coordinates(z), m, points.jacobians(dir), d, n, reuse);
        out.coordinateScratch = z;
        out.jacobianScratch = dir;
        return out;
    }

    /**
     * The features of N points z (2·N·m doubles, interleaved) and their derivatives along d holomorphic directions
     * per point (2·N·d·m doubles, direction a of point p at {@code [2((p·d + a)·m + j)]}).
     */
    public FeatureJet jet(double[] z, int m, double[] directions, int d, int count) {
        return jetInto(z, m, directions, d, count, null);
    }

    private FeatureJet jetInto(double[] z, int m, double[] directions, int d, int count, FeatureJet reuse) {
        if (m < 1 || d < 1 || count < 0) {
            throw new IllegalArgumentException("feature jet: need m ≥ 1 coordinates, d ≥ 1 directions and count ≥ 0,"
                    + " got m=" + m + ", d=" + d + ", count=" + count);
        }
        if (z.length < 2L * count * m || directions.length < 2L * count * d * m) {
            throw new IllegalArgumentException("feature jet: arrays too short for " + count + " points (" + z.length
                    + " coordinate and " + directions.length + " direction doubles)");
        }
        int f = featureCount(m);
        FeatureJet out = reuse != null && reuse.points() == count && reuse.directions() == d && reuse.features() == f
                ? reuse
                : new FeatureJet(count, d, f, new double[count * f], new double[count * d * f],
                        new double[count * d * f], new double[count * d * d * f], new double[count * d * d * f]);
        if (this == PATCH_COORDINATES) {
            patchJet(z, m, directions, d, count, out.values(), out.firstRe(), out.firstIm());
            if (out == reuse) {
                // patch coordinates are holomorphic: their mixed derivatives vanish (fresh arrays are zero already)
                java.util.Arrays.fill(out.mixedRe(), 0.0);
                java.util.Arrays.fill(out.mixedIm(), 0.0);
            }
        } else {
            invariantJet(z, m, directions, d, count, out.values(), out.firstRe(), out.firstIm(), out.mixedRe(),
                    out.mixedIm());
        }
        return out;
    }

    /** Per-factor invariants: each block's jet by {@link #invariantJet}, scattered to its feature offset. */
    private FeatureJet blockJet(double[] z, int[] starts, double[] dir, int d, int count, FeatureJet reuse) {
        int nf = starts.length - 1;
        int m = starts[nf];
        int total = 0;
        for (int i = 0; i < nf; i++) {
            total += (starts[i + 1] - starts[i]) * (starts[i + 1] - starts[i]);
        }
        FeatureJet out = reuse != null && reuse.points() == count && reuse.directions() == d
                && reuse.features() == total ? reuse
                : new FeatureJet(count, d, total, new double[count * total], new double[count * d * total],
                        new double[count * d * total], new double[count * d * d * total],
                        new double[count * d * d * total]);
        int offset = 0;
        double[][] sc = out.blockScratch != null && out.blockScratch.length == 7 * nf ? out.blockScratch
                : new double[7 * nf][];
        out.blockScratch = sc;
        for (int i = 0; i < nf; i++) {
            int mi = starts[i + 1] - starts[i];
            int fi = mi * mi;
            double[] zi = scratch(sc, 7 * i, 2 * count * mi);
            double[] di = scratch(sc, 7 * i + 1, 2 * count * d * mi);
            for (int p = 0; p < count; p++) {
                System.arraycopy(z, 2 * (p * m + starts[i]), zi, 2 * p * mi, 2 * mi);
                for (int a = 0; a < d; a++) {
                    System.arraycopy(dir, 2 * ((p * d + a) * m + starts[i]), di, 2 * (p * d + a) * mi, 2 * mi);
                }
            }
            double[] v = scratch(sc, 7 * i + 2, count * fi);
            double[] fr = scratch(sc, 7 * i + 3, count * d * fi);
            double[] fim = scratch(sc, 7 * i + 4, count * d * fi);
            double[] mr = scratch(sc, 7 * i + 5, count * d * d * fi);
            double[] mim = scratch(sc, 7 * i + 6, count * d * d * fi);
            invariantJet(zi, mi, di, d, count, v, fr, fim, mr, mim);
            scatter(v, count, fi, out.values(), total, offset);
            scatter(fr, count * d, fi, out.firstRe(), total, offset);
            scatter(fim, count * d, fi, out.firstIm(), total, offset);
            scatter(mr, count * d * d, fi, out.mixedRe(), total, offset);
            scatter(mim, count * d * d, fi, out.mixedIm(), total, offset);
            offset += fi;
        }
        return out;
    }

    /** Slot k of the block workspace with exactly len doubles (reused when it has that length; overwritten). */
    private static double[] scratch(double[][] sc, int k, int len) {
        if (sc[k] == null || sc[k].length != len) {
            sc[k] = new double[len];
        }
        return sc[k];
    }

    private static void scatter(double[] src, int rows, int width, double[] dst, int dstWidth, int offset) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, r * width, dst, r * dstWidth + offset, width);
        }
    }

    private static void patchJet(double[] z, int m, double[] dir, int d, int count, double[] values, double[] re,
            double[] im) {
        int f = 2 * m;
        for (int p = 0; p < count; p++) {
            for (int j = 0; j < m; j++) {
                values[p * f + 2 * j] = z[2 * (p * m + j)];
                values[p * f + 2 * j + 1] = z[2 * (p * m + j) + 1];
            }
            for (int a = 0; a < d; a++) {
                for (int j = 0; j < m; j++) {
                    double vr = dir[2 * ((p * d + a) * m + j)];
                    double vi = dir[2 * ((p * d + a) * m + j) + 1];
                    int base = (p * d + a) * f + 2 * j;
                    re[base] = 0.5 * vr; // ∂ Re z_j = v_j / 2
                    im[base] = 0.5 * vi;
                    re[base + 1] = 0.5 * vi; // ∂ Im z_j = −i v_j / 2
                    im[base + 1] = -0.5 * vr;
                }
            }
        }
    }

    // Measured hot loop of every training step (FeatureJetsCpuTime, TrainingStepBenchmark): kept in one piece.
    private static void invariantJet(double[] z, int m, double[] dir, int d, int count, double[] values,
            double[] firstRe, double[] firstIm, double[] mixedRe, double[] mixedIm) {
        int f = m * m;
        double[] ur = new double[m * m];
        double[] ui = new double[m * m];
        double[] dr = new double[d * m * m];
        double[] di = new double[d * m * m];
        double[] vzr = new double[d];
        double[] vzi = new double[d];
        double[] mr = new double[m * m];
        double[] mi = new double[m * m];
        for (int p = 0; p < count; p++) {
            int zo = 2 * p * m;
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += z[zo + 2 * j] * z[zo + 2 * j] + z[zo + 2 * j + 1] * z[zo + 2 * j + 1];
            }
            double inv = 1 / s;
            // u_ij = z_i z̄_j / S
            for (int i = 0; i < m; i++) {
                double xr = z[zo + 2 * i];
                double xi = z[zo + 2 * i + 1];
                for (int j = 0; j < m; j++) {
                    double yr = z[zo + 2 * j];
                    double yi = -z[zo + 2 * j + 1];
                    ur[i * m + j] = (xr * yr - xi * yi) * inv;
                    ui[i * m + j] = (xr * yi + xi * yr) * inv;
                }
            }
            writeReal(ur, ui, m, values, p * f);
            // v·z̄ per direction, and ∂_a u_ij = (v_i z̄_j − u_ij (v·z̄)) / S
            for (int a = 0; a < d; a++) {
                int vo = 2 * (p * d + a) * m;
                double sr = 0;
                double si = 0;
                for (int k = 0; k < m; k++) {
                    double vr = dir[vo + 2 * k];
                    double vi = dir[vo + 2 * k + 1];
                    double cr = z[zo + 2 * k];
                    double ci = -z[zo + 2 * k + 1];
                    sr += vr * cr - vi * ci;
                    si += vr * ci + vi * cr;
                }
                vzr[a] = sr;
                vzi[a] = si;
                for (int i = 0; i < m; i++) {
                    double vr = dir[vo + 2 * i];
                    double vi = dir[vo + 2 * i + 1];
                    for (int j = 0; j < m; j++) {
                        double cr = z[zo + 2 * j];
                        double ci = -z[zo + 2 * j + 1];
                        double tr = vr * cr - vi * ci;
                        double ti = vr * ci + vi * cr;
                        int ij = i * m + j;
                        dr[a * m * m + ij] = (tr - (ur[ij] * sr - ui[ij] * si)) * inv;
                        di[a * m * m + ij] = (ti - (ur[ij] * si + ui[ij] * sr)) * inv;
                    }
                }
                writeComplexDerivative(dr, di, a * m * m, m, firstRe, firstIm, (p * d + a) * f);
            }
            // ∂_a∂̄_b u_ij
            for (int a = 0; a < d; a++) {
                int vo = 2 * (p * d + a) * m;
                for (int b = 0; b < d; b++) {
                    int wo = 2 * (p * d + b) * m;
                    // z·w̄ = conj(w·z̄); v·w̄
                    double zwr = vzr[b];
                    double zwi = -vzi[b];
                    double vwr = 0;
                    double vwi = 0;
                    for (int k = 0; k < m; k++) {
                        double vr = dir[vo + 2 * k];
                        double vi = dir[vo + 2 * k + 1];
                        double wr = dir[wo + 2 * k];
                        double wi = -dir[wo + 2 * k + 1];
                        vwr += vr * wr - vi * wi;
                        vwi += vr * wi + vi * wr;
                    }
                    double vzR = vzr[a];
                    double vzI = vzi[a];
                    // c = 2 (v·z̄)(z·w̄)/S − (v·w̄)   (multiplies u_ij / S)
                    double pr = vzR * zwr - vzI * zwi;
                    double pi = vzR * zwi + vzI * zwr;
                    double cr = 2 * pr * inv - vwr;
                    double ci = 2 * pi * inv - vwi;
                    for (int i = 0; i < m; i++) {
                        double vr = dir[vo + 2 * i];
                        double vi = dir[vo + 2 * i + 1];
                        double zr = z[zo + 2 * i];
                        double zi = z[zo + 2 * i + 1];
                        for (int j = 0; j < m; j++) {
                            double wr = dir[wo + 2 * j];
                            double wi = -dir[wo + 2 * j + 1]; // w̄_j
                            double zjr = z[zo + 2 * j];
                            double zji = -z[zo + 2 * j + 1]; // z̄_j
                            int ij = i * m + j;
                            // v_i w̄_j
                            double t1r = vr * wr - vi * wi;
                            double t1i = vr * wi + vi * wr;
                            // v_i z̄_j (z·w̄)/S
                            double ar = vr * zjr - vi * zji;
                            double ai = vr * zji + vi * zjr;
                            double t2r = (ar * zwr - ai * zwi) * inv;
                            double t2i = (ar * zwi + ai * zwr) * inv;
                            // z_i w̄_j (v·z̄)/S
                            double br = zr * wr - zi * wi;
                            double bi = zr * wi + zi * wr;
                            double t3r = (br * vzR - bi * vzI) * inv;
                            double t3i = (br * vzI + bi * vzR) * inv;
                            // u_ij · c
                            double t4r = ur[ij] * cr - ui[ij] * ci;
                            double t4i = ur[ij] * ci + ui[ij] * cr;
                            mr[ij] = (t1r - t2r - t3r + t4r) * inv;
                            mi[ij] = (t1i - t2i - t3i + t4i) * inv;
                        }
                    }
                    writeComplexDerivative(mr, mi, 0, m, mixedRe, mixedIm, ((p * d + a) * d + b) * f);
                }
            }
        }
    }

    /** Real features from the Hermitian matrix u: diagonal, then (Re, Im) for i &lt; j. */
    private static void writeReal(double[] ur, double[] ui, int m, double[] out, int offset) {
        int k = 0;
        for (int i = 0; i < m; i++) {
            out[offset + k++] = ur[i * m + i];
        }
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                out[offset + k++] = ur[i * m + j];
                out[offset + k++] = ui[i * m + j];
            }
        }
    }

    /**
     * Derivatives of the real features from the complex derivatives D_ij of u_ij: ∂u_ii for the diagonal,
     * ∂Re u_ij = (D_ij + D_ji)/2 and ∂Im u_ij = −i(D_ij − D_ji)/2, written as complex numbers.
     */
    private static void writeComplexDerivative(double[] dr, double[] di, int base, int m, double[] re, double[] im,
            int offset) {
        int k = 0;
        for (int i = 0; i < m; i++) {
            re[offset + k] = dr[base + i * m + i];
            im[offset + k] = di[base + i * m + i];
            k++;
        }
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                double ar = dr[base + i * m + j];
                double ai = di[base + i * m + j];
                double br = dr[base + j * m + i];
                double bi = di[base + j * m + i];
                re[offset + k] = 0.5 * (ar + br);
                im[offset + k] = 0.5 * (ai + bi);
                k++;
                // −i (A − B)/2 = ((ai − bi) − i (ar − br)) / 2
                re[offset + k] = 0.5 * (ai - bi);
                im[offset + k] = -0.5 * (ar - br);
                k++;
            }
        }
    }
}
