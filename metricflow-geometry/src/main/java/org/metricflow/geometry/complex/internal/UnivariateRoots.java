package org.metricflow.geometry.complex.internal;

/**
 * All roots of a univariate complex polynomial a<sub>0</sub> + a<sub>1</sub>t + … + a<sub>D</sub>t<sup>D</sup> by
 * the Aberth–Ehrlich simultaneous iteration (Gauss–Seidel form):
 * t<sub>k</sub> ← t<sub>k</sub> − N<sub>k</sub> / (1 − N<sub>k</sub> Σ<sub>j≠k</sub> 1/(t<sub>k</sub> − t<sub>j</sub>)),
 * N<sub>k</sub> = p(t<sub>k</sub>)/p′(t<sub>k</sub>). Cubically convergent at simple roots; started on a circle of
 * radius |a<sub>0</sub>/a<sub>D</sub>|<sup>1/D</sup> (the geometric mean of the root moduli) at angles
 * 2πk/D + 0.4 so that no start shares a symmetry with the polynomial. Coefficients and roots are
 * interleaved (re, im). The callers polish the roots afterwards with Newton steps on the original
 * multivariate polynomial, so here a relative accuracy of a few ulps suffices.
 */
public final class UnivariateRoots {
    /** Iteration cap; generic polynomials of degree ≤ 10 converge in fewer than 20 sweeps. */
    public static final int MAX_ITERATIONS = 200;

    /** Relative correction below which one final sweep is made and the roots are accepted. */
    static final double CONVERGED = 1e-10;
    /** At the iteration cap, roots with last relative correction below this are accepted for polishing. */
    static final double ACCEPTABLE = 1e-6;

    private UnivariateRoots() {
    }

    /**
     * Finds the D roots of the polynomial with coefficients {@code coef[cOff + 2k] + i coef[cOff + 2k + 1]},
     * k = 0..D, into {@code roots[rOff + 2k] ..}.
     *
     * @return true on convergence (relative corrections below 1e-10, then one more sweep), false if the iteration cap
     *     was
     *         hit or the leading coefficient vanishes (a root at infinity)
     */
    // Measured hot loop of sampling (the roots on every sampled line): kept in one piece.
    public static boolean aberth(double[] coef, int cOff, int degree, double[] roots, int rOff) {
        int d = degree;
        double anr = coef[cOff + 2 * d];
        double ani = coef[cOff + 2 * d + 1];
        double an2 = anr * anr + ani * ani;
        if (!(an2 > 0.0) || !Double.isFinite(an2)) {
            return false;
        }
        if (d == 1) {
            // t = -a0/a1
            double a0r = coef[cOff];
            double a0i = coef[cOff + 1];
            roots[rOff] = -(a0r * anr + a0i * ani) / an2;
            roots[rOff + 1] = -(a0i * anr - a0r * ani) / an2;
            return true;
        }
        double a0 = Math.hypot(coef[cOff], coef[cOff + 1]);
        double radius = Math.pow(a0 / Math.sqrt(an2), 1.0 / d);
        if (!(radius > 0.0) || !Double.isFinite(radius)) {
            radius = 1.0;
        }
        for (int k = 0; k < d; k++) {
            double ang = 2.0 * Math.PI * k / d + 0.4;
            roots[rOff + 2 * k] = radius * Math.cos(ang);
            roots[rOff + 2 * k + 1] = radius * Math.sin(ang);
        }
        double lastMaxRel = Double.POSITIVE_INFINITY;
        boolean closing = false;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double maxRel = 0.0;
            for (int k = 0; k < d; k++) {
                double tr = roots[rOff + 2 * k];
                double ti = roots[rOff + 2 * k + 1];
                // Horner for p and p'
                double pr = coef[cOff + 2 * d];
                double pi = coef[cOff + 2 * d + 1];
                double dr = 0.0;
                double di = 0.0;
                for (int j = d - 1; j >= 0; j--) {
                    double ndr = dr * tr - di * ti + pr;
                    di = dr * ti + di * tr + pi;
                    dr = ndr;
                    double npr = pr * tr - pi * ti + coef[cOff + 2 * j];
                    pi = pr * ti + pi * tr + coef[cOff + 2 * j + 1];
                    pr = npr;
                }
                if (pr == 0.0 && pi == 0.0) {
                    continue;
                }
                // N = p / p'
                double dd = dr * dr + di * di;
                double nr;
                double ni;
                if (dd == 0.0) {
                    nr = pr * 1e-3 + 1e-12;
                    ni = pi * 1e-3;
                } else {
                    nr = (pr * dr + pi * di) / dd;
                    ni = (pi * dr - pr * di) / dd;
                }
                double sr = 0.0;
                double si = 0.0;
                for (int j = 0; j < d; j++) {
                    if (j == k) {
                        continue;
                    }
                    double xr = tr - roots[rOff + 2 * j];
                    double xi = ti - roots[rOff + 2 * j + 1];
                    double xx = xr * xr + xi * xi;
                    if (xx == 0.0) {
                        continue;
                    }
                    sr += xr / xx;
                    si -= xi / xx;
                }
                // w = N / (1 - N s)
                double er = 1.0 - (nr * sr - ni * si);
                double ei = -(nr * si + ni * sr);
                double ee = er * er + ei * ei;
                double wr;
                double wi;
                if (ee == 0.0) {
                    wr = nr;
                    wi = ni;
                } else {
                    wr = (nr * er + ni * ei) / ee;
                    wi = (ni * er - nr * ei) / ee;
                }
                roots[rOff + 2 * k] = tr - wr;
                roots[rOff + 2 * k + 1] = ti - wi;
                double rel = (Math.abs(wr) + Math.abs(wi)) / (Math.abs(tr) + Math.abs(ti) + Double.MIN_NORMAL);
                maxRel = Math.max(maxRel, rel);
            }
            lastMaxRel = maxRel;
            if (closing) {
                return allFinite(roots, rOff, d);
            }
            if (maxRel < CONVERGED) {
                closing = true; // one more sweep brings the roots to rounding level (cubic convergence)
            }
        }
        return lastMaxRel < ACCEPTABLE && allFinite(roots, rOff, d);
    }

    private static boolean allFinite(double[] r, int off, int d) {
        for (int k = 0; k < 2 * d; k++) {
            if (!Double.isFinite(r[off + k])) {
                return false;
            }
        }
        return true;
    }
}
