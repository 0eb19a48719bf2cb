package org.metricflow.geometry.complex.internal;

/**
 * Determinants and solves of small dense complex matrices stored row-major and interleaved:
 * entry (r, c) of an n×n matrix at offset off is {@code a[off + 2(r·n + c)]} (real) and {@code +1} (imaginary).
 */
public final class SmallComplexMatrices {
    private SmallComplexMatrices() {
    }

    /**
     * det g of a Hermitian d×d matrix (real for Hermitian input). Closed forms for d ≤ 3:
     * d = 2: g<sub>00</sub>g<sub>11</sub> − |g<sub>01</sub>|²;
     * d = 3: g<sub>00</sub>g<sub>11</sub>g<sub>22</sub> + 2 Re(g<sub>01</sub>g<sub>12</sub>g<sub>20</sub>)
     * − g<sub>00</sub>|g<sub>12</sub>|² − g<sub>11</sub>|g<sub>02</sub>|² − g<sub>22</sub>|g<sub>01</sub>|²;
     * otherwise complex LU with partial pivoting on a copy in {@code scratch} (≥ 2d² doubles), real part
     * returned. Only the upper triangle and the real diagonal are read by the closed forms.
     */
    public static double hermitianDeterminant(int d, double[] g, int off, double[] scratch) {
        switch (d) {
            case 1:
                return g[off];
            case 2: {
                double g01r = g[off + 2];
                double g01i = g[off + 3];
                return g[off] * g[off + 6] - (g01r * g01r + g01i * g01i);
            }
            case 3: {
                double g00 = g[off];
                double g11 = g[off + 8];
                double g22 = g[off + 16];
                double ar = g[off + 2];   // g01
                double ai = g[off + 3];
                double br = g[off + 10];  // g12
                double bi = g[off + 11];
                double cr = g[off + 4];   // g02; g20 = conj(g02)
                double ci = g[off + 5];
                // Re(g01 g12 conj(g02))
                double pr = ar * br - ai * bi;
                double pi = ar * bi + ai * br;
                double re = pr * cr + pi * ci;
                return g00 * g11 * g22 + 2.0 * re - g00 * (br * br + bi * bi) - g11 * (cr * cr + ci * ci)
                        - g22 * (ar * ar + ai * ai);
            }
            default:
                return determinant(d, g, off, scratch, null)[0];
        }
    }

    /**
     * det of a general complex n×n matrix by LU with partial pivoting on a copy held in {@code scratch}
     * (≥ 2n² doubles). Returns {re, im} in {@code result} (allocated if null).
     */
    public static double[] determinant(int n, double[] a, int off, double[] scratch, double[] result) {
        double[] out = result == null ? new double[2] : result;
        System.arraycopy(a, off, scratch, 0, 2 * n * n);
        double dr = 1.0;
        double di = 0.0;
        for (int c = 0; c < n; c++) {
            int piv = c;
            double best = -1.0;
            for (int r = c; r < n; r++) {
                double x = scratch[2 * (r * n + c)];
                double y = scratch[2 * (r * n + c) + 1];
                double mag = x * x + y * y;
                if (mag > best) {
                    best = mag;
                    piv = r;
                }
            }
            if (best == 0.0) {
                out[0] = 0.0;
                out[1] = 0.0;
                return out;
            }
            if (piv != c) {
                for (int k = 0; k < 2 * n; k++) {
                    double t = scratch[2 * c * n + k];
                    scratch[2 * c * n + k] = scratch[2 * piv * n + k];
                    scratch[2 * piv * n + k] = t;
                }
                dr = -dr;
                di = -di;
            }
            double pr = scratch[2 * (c * n + c)];
            double pi = scratch[2 * (c * n + c) + 1];
            double nr = dr * pr - di * pi;
            di = dr * pi + di * pr;
            dr = nr;
            double inv = 1.0 / (pr * pr + pi * pi);
            double ir = pr * inv;
            double ii = -pi * inv;
            for (int r = c + 1; r < n; r++) {
                double xr = scratch[2 * (r * n + c)];
                double xi = scratch[2 * (r * n + c) + 1];
                double fr = xr * ir - xi * ii;
                double fi = xr * ii + xi * ir;
                for (int k = c + 1; k < n; k++) {
                    double ur = scratch[2 * (c * n + k)];
                    double ui = scratch[2 * (c * n + k) + 1];
                    scratch[2 * (r * n + k)] -= fr * ur - fi * ui;
                    scratch[2 * (r * n + k) + 1] -= fr * ui + fi * ur;
                }
            }
        }
        out[0] = dr;
        out[1] = di;
        return out;
    }

    /**
     * Solves A X = B in place for a complex n×n matrix A (overwritten by its LU factors) and n×r right-hand
     * sides B (row-major n×r, overwritten by X), Gaussian elimination with partial pivoting.
     *
     * @return false if A is exactly singular
     */
    public static boolean solveInPlace(int n, double[] a, int aOff, int r, double[] b, int bOff) {
        for (int c = 0; c < n; c++) {
            int piv = c;
            double best = -1.0;
            for (int row = c; row < n; row++) {
                double x = a[aOff + 2 * (row * n + c)];
                double y = a[aOff + 2 * (row * n + c) + 1];
                double mag = x * x + y * y;
                if (mag > best) {
                    best = mag;
                    piv = row;
                }
            }
            if (best == 0.0) {
                return false;
            }
            if (piv != c) {
                for (int k = 0; k < 2 * n; k++) {
                    double t = a[aOff + 2 * c * n + k];
                    a[aOff + 2 * c * n + k] = a[aOff + 2 * piv * n + k];
                    a[aOff + 2 * piv * n + k] = t;
                }
                for (int k = 0; k < 2 * r; k++) {
                    double t = b[bOff + 2 * c * r + k];
                    b[bOff + 2 * c * r + k] = b[bOff + 2 * piv * r + k];
                    b[bOff + 2 * piv * r + k] = t;
                }
            }
            double pr = a[aOff + 2 * (c * n + c)];
            double pi = a[aOff + 2 * (c * n + c) + 1];
            double inv = 1.0 / (pr * pr + pi * pi);
            double ir = pr * inv;
            double ii = -pi * inv;
            for (int row = c + 1; row < n; row++) {
                double xr = a[aOff + 2 * (row * n + c)];
                double xi = a[aOff + 2 * (row * n + c) + 1];
                double fr = xr * ir - xi * ii;
                double fi = xr * ii + xi * ir;
                for (int k = c + 1; k < n; k++) {
                    double ur = a[aOff + 2 * (c * n + k)];
                    double ui = a[aOff + 2 * (c * n + k) + 1];
                    a[aOff + 2 * (row * n + k)] -= fr * ur - fi * ui;
                    a[aOff + 2 * (row * n + k) + 1] -= fr * ui + fi * ur;
                }
                for (int k = 0; k < r; k++) {
                    double ur = b[bOff + 2 * (c * r + k)];
                    double ui = b[bOff + 2 * (c * r + k) + 1];
                    b[bOff + 2 * (row * r + k)] -= fr * ur - fi * ui;
                    b[bOff + 2 * (row * r + k) + 1] -= fr * ui + fi * ur;
                }
            }
        }
        for (int c = n - 1; c >= 0; c--) {
            double pr = a[aOff + 2 * (c * n + c)];
            double pi = a[aOff + 2 * (c * n + c) + 1];
            double inv = 1.0 / (pr * pr + pi * pi);
            double ir = pr * inv;
            double ii = -pi * inv;
            for (int k = 0; k < r; k++) {
                double sr = b[bOff + 2 * (c * r + k)];
                double si = b[bOff + 2 * (c * r + k) + 1];
                for (int j = c + 1; j < n; j++) {
                    double ar = a[aOff + 2 * (c * n + j)];
                    double ai = a[aOff + 2 * (c * n + j) + 1];
                    double xr = b[bOff + 2 * (j * r + k)];
                    double xi = b[bOff + 2 * (j * r + k) + 1];
                    sr -= ar * xr - ai * xi;
                    si -= ar * xi + ai * xr;
                }
                b[bOff + 2 * (c * r + k)] = sr * ir - si * ii;
                b[bOff + 2 * (c * r + k) + 1] = sr * ii + si * ir;
            }
        }
        return true;
    }
}
