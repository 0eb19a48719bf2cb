package org.metricflow.geometry.complex;

/**
 * Complex projective space CP<sup>n</sup> with the Fubini–Study Kähler potential and metric, batched.
 *
 * <p>Normalization (docs/ARCHITECTURE.md §4): K = (1/2π) log Σ<sub>i</sub>|z<sub>i</sub>|² on homogeneous coordinates
 * z ∈ C<sup>n+1</sup>, g<sub>a b̄</sub> = ∂<sub>a</sub>∂̄<sub>b</sub>K, ω = i g<sub>a b̄</sub> dz<sup>a</sup>∧dz̄<sup>b</sup>,
 * so ∫<sub>CP<sup>1</sup></sub> ω = 1 and ∫<sub>CP<sup>n</sup></sub> ω<sup>n</sup> = 1.
 * <ul>
 *   <li>Homogeneous coordinates: g<sub>i j̄</sub> = (1/2π)(δ<sub>ij</sub>/|z|² − z̄<sub>i</sub>z<sub>j</sub>/|z|⁴), an
 *       (n+1)×(n+1) Hermitian matrix of rank n (the radial direction is null: Σ<sub>i</sub> z<sub>i</sub> g<sub>i j̄</sub> = 0).</li>
 *   <li>Affine coordinates w ∈ C<sup>n</sup> of any patch (w<sub>a</sub> = z<sub>j</sub>/z<sub>patch</sub> for the
 *       other coordinates in order): K = (1/2π) log(1 + |w|²) and
 *       g<sub>a b̄</sub> = (1/2π)(δ<sub>ab</sub>/(1+|w|²) − w̄<sub>a</sub>w<sub>b</sub>/(1+|w|²)²), det g =
 *       (2π)<sup>−n</sup>(1+|w|²)<sup>−(n+1)</sup>.</li>
 * </ul>
 * Arrays are flat and interleaved: point p's coordinates at {@code [2(p·c + j)]} (re), {@code +1} (im), with
 * c = n+1 (homogeneous) or n (affine); metrics row-major {@code [2((p·c + a)·c + b)]}.
 */
public final class ProjectiveSpace {
    private final int n;

    private ProjectiveSpace(int n) {
        this.n = n;
    }

    /**
     * CP<sup>n</sup>, n ≥ 1.
     */
    public static ProjectiveSpace of(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("CP^n needs n >= 1, got n = " + n);
        }
        return new ProjectiveSpace(n);
    }

    /**
     * The complex dimension n.
     */
    public int dimension() {
        return n;
    }

    /**
     * ∫<sub>CP<sup>n</sup></sub> ω<sub>FS</sub><sup>n</sup> = 1 in this normalization.
     */
    public double volume() {
        return 1.0;
    }

    private void check(double[] z, int count, int coords, double[] out, int perPoint) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (z.length < 2L * count * coords) {
            throw new IllegalArgumentException("coordinate array holds " + z.length + " doubles but " + count
                    + " points with " + coords + " complex coordinates need " + 2L * count * coords);
        }
        if (out.length < (long) perPoint * count) {
            throw new IllegalArgumentException("output array holds " + out.length + " doubles but needs "
                    + (long) perPoint * count);
        }
    }

    /**
     * K(z<sub>p</sub>) = (1/2π) log Σ|z<sub>i</sub>|² for homogeneous z (n+1 coordinates per point).
     */
    public void kahlerPotential(double[] z, int count, double[] out) {
        int c = n + 1;
        check(z, count, c, out, 1);
        for (int p = 0; p < count; p++) {
            out[p] = Math.log(norm2(z, 2 * p * c, c, 0.0)) / (2.0 * Math.PI);
        }
    }

    /**
     * The (n+1)×(n+1) metric g<sub>i j̄</sub> in homogeneous coordinates at each point.
     */
    public void metric(double[] z, int count, double[] out) {
        int c = n + 1;
        check(z, count, c, out, 2 * c * c);
        for (int p = 0; p < count; p++) {
            fubiniStudyForm(z, 2 * p * c, c, 0.0, out, 2 * p * c * c);
        }
    }

    /**
     * K = (1/2π) log(1 + |w|²) in affine coordinates (n per point).
     */
    public void affineKahlerPotential(double[] w, int count, double[] out) {
        check(w, count, n, out, 1);
        for (int p = 0; p < count; p++) {
            out[p] = Math.log(norm2(w, 2 * p * n, n, 1.0)) / (2.0 * Math.PI);
        }
    }

    /**
     * The n×n metric g<sub>a b̄</sub> in affine coordinates at each point.
     */
    public void affineMetric(double[] w, int count, double[] out) {
        check(w, count, n, out, 2 * n * n);
        for (int p = 0; p < count; p++) {
            fubiniStudyForm(w, 2 * p * n, n, 1.0, out, 2 * p * n * n);
        }
    }

    /**
     * det g<sub>a b̄</sub> in affine coordinates: (2π)<sup>−n</sup>(1+|w|²)<sup>−(n+1)</sup>.
     */
    public void affineMetricDeterminant(double[] w, int count, double[] out) {
        check(w, count, n, out, 1);
        double c = Math.pow(2.0 * Math.PI, -n);
        for (int p = 0; p < count; p++) {
            out[p] = c * Math.pow(norm2(w, 2 * p * n, n, 1.0), -(n + 1));
        }
    }

    /** base + Σ|v<sub>j</sub>|² over {@code len} interleaved complex entries starting at {@code off}. */
    private static double norm2(double[] v, int off, int len, double base) {
        double s = base;
        for (int j = 0; j < 2 * len; j++) {
            s += v[off + j] * v[off + j];
        }
        return s;
    }

    /**
     * (1/2π)(δ<sub>ab</sub>/S − v̄<sub>a</sub>v<sub>b</sub>/S²) with S = base + |v|²: the homogeneous metric (base 0) and
     * the affine metric (base 1, v = w) are the same form.
     */
    private static void fubiniStudyForm(double[] v, int off, int len, double base, double[] out, int o) {
        double s = norm2(v, off, len, base);
        double i1 = 1.0 / (2.0 * Math.PI * s);
        double i2 = i1 / s;
        for (int a = 0; a < len; a++) {
            double ar = v[off + 2 * a];
            double ai = -v[off + 2 * a + 1]; // conj v_a
            for (int b = 0; b < len; b++) {
                double br = v[off + 2 * b];
                double bi = v[off + 2 * b + 1];
                out[o + 2 * (a * len + b)] = (a == b ? i1 : 0.0) - (ar * br - ai * bi) * i2;
                out[o + 2 * (a * len + b) + 1] = -(ar * bi + ai * br) * i2;
            }
        }
    }

    @Override
    public String toString() {
        return "CP^" + n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProjectiveSpace && ((ProjectiveSpace) o).n == n;
    }

    @Override
    public int hashCode() {
        return n;
    }
}
