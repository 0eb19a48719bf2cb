package org.metricflow.geometry.riemann;

import java.util.Arrays;

/**
 * The curvature of a metric at one point, as plain arrays (for users and tests). Conventions as in
 * {@link CurvatureTensors}: R<sup>i</sup><sub>jkl</sub> = ∂<sub>k</sub>Γ<sup>i</sup><sub>lj</sub> − ∂<sub>l</sub>Γ<sup>i</sup><sub>kj</sub>
 * + Γ<sup>i</sup><sub>km</sub>Γ<sup>m</sup><sub>lj</sub> − Γ<sup>i</sup><sub>lm</sub>Γ<sup>m</sup><sub>kj</sub>,
 * Ric<sub>jl</sub> = R<sup>i</sup><sub>jil</sub>, R = g<sup>jl</sup>Ric<sub>jl</sub>; the unit round S² has R = 2.
 */
public final class PointCurvature {
    private final int n;
    private final double[] point;
    private final double[] metric;
    private final double[] inverse;
    private final double[] christoffel;
    private final double[] riemann;
    private final double[] riemannLower;
    private final double[] ricci;
    private final double scalar;
    private final double kretschmann;

    PointCurvature(int n, double[] point, double[] metric, double[] inverse, double[] christoffel, double[] riemann,
            double[] riemannLower, double[] ricci, double scalar, double kretschmann) {
        this.n = n;
        this.point = point;
        this.metric = metric;
        this.inverse = inverse;
        this.christoffel = christoffel;
        this.riemann = riemann;
        this.riemannLower = riemannLower;
        this.ricci = ricci;
        this.scalar = scalar;
        this.kretschmann = kretschmann;
    }

    /**
     * The dimension n.
     */
    public int dimension() {
        return n;
    }

    /**
     * The point's coordinates (a copy).
     */
    public double[] point() {
        return point.clone();
    }

    /**
     * g<sub>ij</sub>.
     *
     * @return g<sub>ij</sub>
     */
    public double metric(int i, int j) {
        return metric[i * n + j];
    }

    /**
     * g<sup>ij</sup>.
     *
     * @return g<sup>ij</sup>
     */
    public double inverseMetric(int i, int j) {
        return inverse[i * n + j];
    }

    /**
     * Γ<sup>k</sup><sub>ij</sub>.
     *
     * @return Γ<sup>k</sup><sub>ij</sub>
     */
    public double christoffel(int k, int i, int j) {
        return christoffel[(k * n + i) * n + j];
    }

    /**
     * R<sup>i</sup><sub>jkl</sub>.
     */
    public double riemann(int i, int j, int k, int l) {
        return riemann[((i * n + j) * n + k) * n + l];
    }

    /**
     * R<sub>ijkl</sub> = g<sub>im</sub>R<sup>m</sup><sub>jkl</sub>.
     */
    public double riemannLower(int i, int j, int k, int l) {
        return riemannLower[((i * n + j) * n + k) * n + l];
    }

    /**
     * Ric<sub>ij</sub>.
     */
    public double ricci(int i, int j) {
        return ricci[i * n + j];
    }

    /**
     * The Ricci tensor as an n×n array.
     */
    public double[][] ricciMatrix() {
        double[][] r = new double[n][];
        for (int i = 0; i < n; i++) {
            r[i] = Arrays.copyOfRange(ricci, i * n, (i + 1) * n);
        }
        return r;
    }

    /**
     * The metric as an n×n array.
     */
    public double[][] metricMatrix() {
        double[][] g = new double[n][];
        for (int i = 0; i < n; i++) {
            g[i] = Arrays.copyOfRange(metric, i * n, (i + 1) * n);
        }
        return g;
    }

    /**
     * The scalar curvature R.
     */
    public double scalar() {
        return scalar;
    }

    /**
     * G<sub>ij</sub> = Ric<sub>ij</sub> − ½ R g<sub>ij</sub>.
     */
    public double einstein(int i, int j) {
        return ricci[i * n + j] - 0.5 * scalar * metric[i * n + j];
    }

    /**
     * The Kretschmann scalar R<sub>ijkl</sub>R<sup>ijkl</sup>.
     */
    public double kretschmann() {
        return kretschmann;
    }

    /**
     * The sectional curvature of the plane spanned by u and v:
     * K(u,v) = R<sub>abcd</sub>u<sup>a</sup>v<sup>b</sup>u<sup>c</sup>v<sup>d</sup> / (g(u,u)g(v,v) − g(u,v)²).
     */
    public double sectional(double[] u, double[] v) {
        if (u.length != n || v.length != n) {
            throw new IllegalArgumentException("sectional curvature needs two vectors of length " + n + ", got "
                    + u.length + " and " + v.length);
        }
        double num = 0;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                for (int c = 0; c < n; c++) {
                    for (int d = 0; d < n; d++) {
                        num += riemannLower(a, b, c, d) * u[a] * v[b] * u[c] * v[d];
                    }
                }
            }
        }
        double uu = inner(u, u);
        double vv = inner(v, v);
        double uv = inner(u, v);
        double area2 = uu * vv - uv * uv;
        if (!(area2 > 1e-300)) {
            throw new IllegalArgumentException("sectional curvature: u and v do not span a plane (|u∧v|² = "
                    + area2 + ")");
        }
        return num / area2;
    }

    /**
     * g(u, v).
     *
     * @return g(u, v)
     */
    public double inner(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s += metric[i * n + j] * u[i] * v[j];
            }
        }
        return s;
    }
}
