package org.metricflow.flow.ricci.internal;

/**
 * The discretization behind {@link org.metricflow.flow.ricci.RotationalMetric}: a rotationally symmetric metric
 * g = e<sup>2u(x)</sup>(dx² + sin²x g<sub>S<sup>n−1</sup></sub>) on S<sup>n</sup>, x ∈ [0, π] the polar angle,
 * sampled at the centres of N equal cells of a stretched coordinate ξ ∈ [0, π] with
 * x = ξ − (α/2) sin 2ξ (so dx/dξ = 1 − α cos 2ξ is small near the poles and the caps get more cells). The map is
 * odd about both poles, so the even function u is continued by reflection (ghost cells u<sub>−1</sub> = u<sub>0</sub>,
 * u<sub>N</sub> = u<sub>N−1</sub>) and the second-order central differences are regular at the poles.
 *
 * <p>With ψ = e<sup>u</sup> sin x and ∂<sub>s</sub> = e<sup>−u</sup>∂<sub>x</sub> the sectional curvatures are
 * K<sub>rad</sub> = −ψ<sub>ss</sub>/ψ = e<sup>−2u</sup>(1 − u<sub>xx</sub> − u<sub>x</sub> cot x) and
 * K<sub>tan</sub> = (1 − ψ<sub>s</sub>²)/ψ² = e<sup>−2u</sup>(1 − 2u<sub>x</sub> cot x − u<sub>x</sub>²).
 * All methods work in place on caller arrays; the instance holds workspace and is not thread-safe.
 */
public final class ConformalGrid {
    private final int n;
    private final int cells;
    private final double h;
    private final double stretch;
    private final double[] x;
    private final double[] sinX;
    private final double[] cosX;
    private final double[] dxdxi;
    private final double[] d2xdxi2;
    private final double[] sphereWeight;
    private final double[] kRad;
    private final double[] kTan;
    private final double[] ux;

    /**
     * @param n the dimension of the sphere (≥ 2)
     * @param cells the number of cells N
     * @param stretch α ∈ [0, 1)
     */
    public ConformalGrid(int n, int cells, double stretch) {
        this.n = n;
        this.cells = cells;
        this.h = Math.PI / cells;
        this.stretch = stretch;
        x = new double[cells];
        sinX = new double[cells];
        cosX = new double[cells];
        dxdxi = new double[cells];
        d2xdxi2 = new double[cells];
        for (int i = 0; i < cells; i++) {
            double xi = (i + 0.5) * h;
            x[i] = xi - 0.5 * stretch * Math.sin(2 * xi);
            sinX[i] = Math.sin(x[i]);
            cosX[i] = Math.cos(x[i]);
            dxdxi[i] = 1 - stretch * Math.cos(2 * xi);
            d2xdxi2[i] = 2 * stretch * Math.sin(2 * xi);
        }
        sphereWeight = new double[cells];
        for (int i = 0; i < cells; i++) {
            double a = edge(i, stretch);
            double b = edge(i + 1, stretch);
            sphereWeight[i] = n == 2 ? Math.cos(a) - Math.cos(b)
                    : 0.5 * (b - a) - 0.25 * (Math.sin(2 * b) - Math.sin(2 * a));
        }
        kRad = new double[cells];
        kTan = new double[cells];
        ux = new double[cells];
    }

    private double edge(int i, double alpha) {
        double xi = i * h;
        return i == 0 ? 0 : i == cells ? Math.PI : xi - 0.5 * alpha * Math.sin(2 * xi);
    }

    /**
     * The polar angles x of the cell centres (shared array: do not modify).
     */
    public double[] angles() {
        return x;
    }

    /**
     * The cell widths in x, dx/dξ·π/N, as a new array.
     */
    public double[] widths() {
        double[] w = new double[cells];
        for (int i = 0; i < cells; i++) {
            w[i] = dxdxi[i] * h;
        }
        return w;
    }

    /**
     * Writes K<sub>rad</sub>, K<sub>tan</sub> and u<sub>x</sub> at the cell centres.
     */
    public void curvatures(double[] u, double[] kRadOut, double[] kTanOut, double[] uxOut) {
        for (int i = 0; i < cells; i++) {
            double left = i == 0 ? u[0] : u[i - 1];
            double right = i == cells - 1 ? u[cells - 1] : u[i + 1];
            double uq = (right - left) / (2 * h);
            double uqq = (right - 2 * u[i] + left) / (h * h);
            double d1 = dxdxi[i];
            double dx = uq / d1;
            double dxx = (uqq - uq * d2xdxi2[i] / d1) / (d1 * d1);
            double c = dx * cosX[i] / sinX[i];
            double e = Math.exp(-2 * u[i]);
            kRadOut[i] = e * (1 - dxx - c);
            kTanOut[i] = e * (1 - 2 * c - dx * dx);
            uxOut[i] = dx;
        }
    }

    /**
     * The Ricci flow in conformal gauge, ∂<sub>t</sub>u = −(K<sub>rad</sub> + (n−2)K<sub>tan</sub>) +
     * v (u<sub>x</sub> + cot x) with v = (n−2) sin x (I(x) − I(π)/2), I(x) = ∫<sub>0</sub><sup>x</sup>
     * (K<sub>rad</sub> − K<sub>tan</sub>)/sin y dy (midpoint cumulative sums).
     */
    public void ricciFlow(double[] u, double[] dudt) {
        curvatures(u, kRad, kTan, ux);
        double total = 0;
        if (n > 2) {
            for (int i = 0; i < cells; i++) {
                total += (kRad[i] - kTan[i]) / sinX[i] * dxdxi[i] * h;
            }
        }
        double running = 0;
        for (int i = 0; i < cells; i++) {
            double rate = -(kRad[i] + (n - 2) * kTan[i]);
            if (n > 2) {
                double q = (kRad[i] - kTan[i]) / sinX[i] * dxdxi[i] * h;
                double integral = running + 0.5 * q;
                running += q;
                rate += (n - 2) * (integral - 0.5 * total) * (sinX[i] * ux[i] + cosX[i]);
            }
            dudt[i] = rate;
        }
    }

    /**
     * The volume |S<sup>n−1</sup>| Σ e<sup>nu<sub>i</sub></sup> ∫<sub>cell i</sub> sin<sup>n−1</sup>x dx (u constant
     * per cell, the sine integrated exactly: exact for a round sphere, O(N<sup>−2</sup>) in general).
     */
    public double volume(double[] u) {
        double sum = 0;
        for (int i = 0; i < cells; i++) {
            sum += Math.exp(n * u[i]) * sphereWeight[i];
        }
        return sum * unitSphereArea(n - 1);
    }

    /**
     * The pole-to-pole length Σ e<sup>u</sup> Δx.
     */
    public double diameter(double[] u) {
        double sum = 0;
        for (int i = 0; i < cells; i++) {
            sum += Math.exp(u[i]) * dxdxi[i] * h;
        }
        return sum;
    }

    /**
     * A step below the explicit stability limit of the diffusion term e<sup>−2u</sup>u<sub>xx</sub>:
     * 0.1 min<sub>i</sub> (e<sup>u</sup>Δx)², used as the integrator's first step.
     */
    public double stableStep(double[] u) {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < cells; i++) {
            double len = Math.exp(u[i]) * dxdxi[i] * h;
            min = Math.min(min, len * len);
        }
        return 0.1 * min;
    }

    /**
     * The largest cell length in units of the local curvature radius, max e<sup>u</sup>Δx·√max|K|.
     */
    public double resolution(double[] u, double[] kRadIn, double[] kTanIn) {
        double worst = 0;
        for (int i = 0; i < cells; i++) {
            double k = Math.max(Math.abs(kRadIn[i]), n > 2 ? Math.abs(kTanIn[i]) : 0);
            worst = Math.max(worst, Math.exp(u[i]) * dxdxi[i] * h * Math.sqrt(k));
        }
        return worst;
    }

    /**
     * The lowest eigenvalue of −4Δ + R on rotationally symmetric functions, from the finite-volume Rayleigh
     * quotient [Σ<sub>faces</sub> k<sub>i+½</sub>(f<sub>i+1</sub> − f<sub>i</sub>)² + Σ R<sub>i</sub> m<sub>i</sub>
     * f<sub>i</sub>²] / Σ m<sub>i</sub> f<sub>i</sub>² with cell masses m<sub>i</sub> = e<sup>nu<sub>i</sub></sup>
     * ∫<sub>cell</sub> sin<sup>n−1</sup>x dx and face conductances k = 4 e<sup>(n−2)u</sup> sin<sup>n−1</sup>x /
     * (x<sub>i+1</sub> − x<sub>i</sub>) (none through the poles: the natural condition). Constants are exact
     * eigenvectors when R is constant.
     */
    public double lowestEigenvalue(double[] u, double[] scalar) {
        double[] diag = scalar.clone();
        double[] off = new double[cells - 1];
        double[] mass = new double[cells];
        for (int i = 0; i < cells; i++) {
            mass[i] = Math.exp(n * u[i]) * sphereWeight[i];
        }
        for (int i = 0; i + 1 < cells; i++) {
            double xFace = edge(i + 1, stretch);
            double uFace = 0.5 * (u[i] + u[i + 1]);
            double k = 4 * Math.exp((n - 2) * uFace) * Math.pow(Math.sin(xFace), n - 1) / (x[i + 1] - x[i]);
            diag[i] += k / mass[i];
            diag[i + 1] += k / mass[i + 1];
            off[i] = -k / Math.sqrt(mass[i] * mass[i + 1]);
        }
        return SymmetricTridiagonal.lowestEigenvalue(diag, off);
    }

    /**
     * |S<sup>k</sup>| = 2π<sup>(k+1)/2</sup>/Γ((k+1)/2), for k = 1, 2, 3.
     */
    public static double unitSphereArea(int k) {
        switch (k) {
            case 1:
                return 2 * Math.PI;
            case 2:
                return 4 * Math.PI;
            case 3:
                return 2 * Math.PI * Math.PI;
            default:
                throw new IllegalArgumentException("unit sphere area implemented for k = 1..3, got " + k);
        }
    }
}
