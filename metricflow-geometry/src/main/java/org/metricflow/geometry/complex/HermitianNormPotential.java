package org.metricflow.geometry.complex;

import java.util.List;
import org.metricflow.core.autodiff.Tensor;

/**
 * The potential of a Hermitian metric on sections of a line bundle, K(z) = κ·log Σ<sub>α,β</sub>
 * H<sub>αβ̄</sub> s<sub>α</sub>(z) conj(s<sub>β</sub>(z)), for homogeneous polynomials s<sub>α</sub> (all of one degree
 * k) and a Hermitian positive definite r×r matrix H. With s = (z<sub>0</sub>, …, z<sub>n</sub>), H = 1 and κ = 1/2π this
 * is Fubini–Study; with the degree-k monomials (modulo the equations of X) and the balanced H it is Donaldson's
 * algebraic metric, normalized like FS when κ = 1/(2πk) (then ∫<sub>X</sub>ω<sup>d</sup> = deg X).
 *
 * <p><b>Fast path.</b> Write conj(H) = C C<sup>†</sup> (Cholesky) and v = C<sup>†</sup>s; then Σ H<sub>αβ̄</sub>
 * s<sub>α</sub>s̄<sub>β</sub> = |v|² with v holomorphic, so {@link KahlerGeometry} computes the metric jets in closed
 * form from the 2-jet of v∘ι (v<sub>a</sub> = C<sup>†</sup>∂s·ι<sub>a</sub>, v<sub>ac</sub> =
 * C<sup>†</sup>(∂²s(ι<sub>a</sub>, ι<sub>c</sub>) + ∂s·ι<sub>ac</sub>)), O((1 + d + d²)r² + d⁴r) per point.
 * {@link #value} (Tensor ops) serves the generic path and {@link KahlerTensors}.
 */
public final class HermitianNormPotential implements KahlerPotential {
    private final Polynomial[] sections;
    private final int m;
    private final double kappa;
    private final double[] cholAdjoint; // A = C†, r×r interleaved, v = A s

    private HermitianNormPotential(Polynomial[] sections, int m, double kappa, double[] cholAdjoint) {
        this.sections = sections;
        this.m = m;
        this.kappa = kappa;
        this.cholAdjoint = cholAdjoint;
    }

    /**
     * K = κ log Σ<sub>α,β</sub> H<sub>αβ̄</sub> s<sub>α</sub> s̄<sub>β</sub>.
     *
     * @param sections r ≥ 1 homogeneous polynomials of one degree in the same number of variables
     * @param hermitian H as 2·r·r doubles (row-major, interleaved complex), Hermitian positive definite
     * @param kappa κ &gt; 0
     * @throws IllegalArgumentException naming the offending section, entry or pivot
     */
    public static HermitianNormPotential of(List<Polynomial> sections, double[] hermitian, double kappa) {
        if (sections == null || sections.isEmpty()) {
            throw new IllegalArgumentException("need at least one section polynomial");
        }
        if (!(kappa > 0.0) || !Double.isFinite(kappa)) {
            throw new IllegalArgumentException("kappa must be a positive finite number, got " + kappa);
        }
        Polynomial[] s = sections.toArray(new Polynomial[0]);
        requireOneBundle(s);
        requireHermitian(hermitian, s.length);
        return new HermitianNormPotential(s, s[0].variables(), kappa, choleskyAdjoint(hermitian, s.length));
    }

    /** Checks that the sections are homogeneous of one degree in one number of variables. */
    private static void requireOneBundle(Polynomial[] s) {
        int m = s[0].variables();
        int deg = s[0].degree();
        for (int a = 0; a < s.length; a++) {
            if (s[a] == null) {
                throw new IllegalArgumentException("section " + a + " is null");
            }
            s[a].requireHomogeneous();
            if (s[a].variables() != m || s[a].degree() != deg) {
                throw new IllegalArgumentException("section " + a + " (" + s[a] + ") has " + s[a].variables()
                        + " variables and degree " + s[a].degree() + " but section 0 has " + m + " and " + deg
                        + "; all sections must be sections of one line bundle O(k) on one CP^n");
            }
        }
    }

    /** Checks that H (2·r·r doubles, interleaved) is finite and Hermitian to 1e-12 of its largest entry. */
    private static void requireHermitian(double[] hermitian, int r) {
        if (hermitian == null || hermitian.length != 2 * r * r) {
            throw new IllegalArgumentException("the Hermitian matrix must hold 2·r·r = " + 2 * r * r
                    + " doubles (interleaved complex, row-major) for r = " + r + " sections, got "
                    + (hermitian == null ? "null" : hermitian.length));
        }
        double scale = 0.0;
        for (double x : hermitian) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("the Hermitian matrix has a non-finite entry " + x);
            }
            scale = Math.max(scale, Math.abs(x));
        }
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                double dr = hermitian[2 * (i * r + j)] - hermitian[2 * (j * r + i)];
                double di = hermitian[2 * (i * r + j) + 1] + hermitian[2 * (j * r + i) + 1];
                if (Math.hypot(dr, di) > 1e-12 * scale) {
                    throw new IllegalArgumentException("the matrix is not Hermitian: H[" + i + "][" + j
                            + "] differs from conj(H[" + j + "][" + i + "]) by " + Math.hypot(dr, di));
                }
            }
        }
    }

    /**
     * A = C<sup>†</sup> (2·r·r doubles, interleaved) for the Cholesky factor of conj(H) = C C<sup>†</sup>, C lower
     * triangular with a positive diagonal.
     *
     * @throws IllegalArgumentException naming the first non-positive pivot
     */
    private static double[] choleskyAdjoint(double[] hermitian, int r) {
        double[] c = new double[2 * r * r];
        for (int j = 0; j < r; j++) {
            double diag = hermitian[2 * (j * r + j)];
            for (int k = 0; k < j; k++) {
                diag -= c[2 * (j * r + k)] * c[2 * (j * r + k)] + c[2 * (j * r + k) + 1] * c[2 * (j * r + k) + 1];
            }
            if (!(diag > 0.0)) {
                throw new IllegalArgumentException("the Hermitian matrix is not positive definite (Cholesky pivot "
                        + j + " is " + diag + ")");
            }
            double ljj = Math.sqrt(diag);
            c[2 * (j * r + j)] = ljj;
            for (int i = j + 1; i < r; i++) {
                // conj(H)_ij = H_ij with the imaginary part negated
                double sr = hermitian[2 * (i * r + j)];
                double si = -hermitian[2 * (i * r + j) + 1];
                for (int k = 0; k < j; k++) {
                    double ar = c[2 * (i * r + k)];
                    double ai = c[2 * (i * r + k) + 1];
                    double br = c[2 * (j * r + k)];
                    double bi = -c[2 * (j * r + k) + 1];
                    sr -= ar * br - ai * bi;
                    si -= ar * bi + ai * br;
                }
                c[2 * (i * r + j)] = sr / ljj;
                c[2 * (i * r + j) + 1] = si / ljj;
            }
        }
        double[] adj = new double[2 * r * r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                adj[2 * (i * r + j)] = c[2 * (j * r + i)];
                adj[2 * (i * r + j) + 1] = -c[2 * (j * r + i) + 1];
            }
        }
        return adj;
    }

    /**
     * Number of sections r.
     */
    public int sectionCount() {
        return sections.length;
    }

    /**
     * Number of homogeneous coordinates m = n + 1.
     */
    public int variables() {
        return m;
    }

    /**
     * κ.
     *
     * @return κ
     */
    public double kappa() {
        return kappa;
    }

    /**
     * The sections s<sub>α</sub>.
     */
    public List<Polynomial> sections() {
        return List.of(sections);
    }

    // package-private for the fast path
    /**
     * The closed-form jets of κ log ‖C<sup>†</sup>s∘ι‖² (the Hermitian-norm formulas).
     *
     * @param m the number of homogeneous coordinates of the points (must equal {@link #variables()})
     * @param d the complex dimension
     * @return a jet worker (always present)
     * @throws IllegalArgumentException if the sections do not live on C<sup>m</sup>
     */
    @Override
    public java.util.Optional<Jets> jets(int m, int d) {
        return java.util.Optional.of(PotentialJets.hermitianNorm(this, m, d));
    }

    Polynomial[] sectionArray() {
        return sections;
    }

    double[] choleskyAdjoint() {
        return cholAdjoint;
    }

    /** κ log |C<sup>†</sup>s(z)|² per row, with the polynomials evaluated by Tensor complex arithmetic. */
    @Override
    public Tensor value(Tensor re, Tensor im) {
        if (re.cols() != m || im.cols() != m) {
            throw new IllegalArgumentException("this potential lives on C^" + m + " but got " + re.cols()
                    + " coordinate columns");
        }
        int r = sections.length;
        Tensor[] sr = new Tensor[r];
        Tensor[] si = new Tensor[r];
        for (int a = 0; a < r; a++) {
            Tensor[] v = evaluate(sections[a], re, im);
            sr[a] = v[0];
            si[a] = v[1];
        }
        Tensor sRe = Tensor.concatCols(sr);
        Tensor sIm = Tensor.concatCols(si);
        double[] ar = new double[r * r];
        double[] ai = new double[r * r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                // transpose: (A^T)_{ji} = A_{ij}
                ar[j * r + i] = cholAdjoint[2 * (i * r + j)];
                ai[j * r + i] = cholAdjoint[2 * (i * r + j) + 1];
            }
        }
        Tensor atRe = Tensor.constant(r, r, ar);
        Tensor atIm = Tensor.constant(r, r, ai);
        Tensor vRe = sRe.matmul(atRe).minus(sIm.matmul(atIm));
        Tensor vIm = sRe.matmul(atIm).plus(sIm.matmul(atRe));
        return vRe.square().plus(vIm.square()).sumRows().log().times(kappa);
    }

    /** {Re, Im} of a polynomial at N points given as N×m real and imaginary parts, differentiable. */
    static Tensor[] evaluate(Polynomial q, Tensor re, Tensor im) {
        Tensor accRe = null;
        Tensor accIm = null;
        for (int t = 0; t < q.terms(); t++) {
            Tensor pr = null;
            Tensor pi = null;
            for (int j = 0; j < q.variables(); j++) {
                for (int e = 0; e < q.exponent(t, j); e++) {
                    Tensor xr = re.col(j);
                    Tensor xi = im.col(j);
                    if (pr == null) {
                        pr = xr;
                        pi = xi;
                    } else {
                        Tensor nr = pr.times(xr).minus(pi.times(xi));
                        pi = pr.times(xi).plus(pi.times(xr));
                        pr = nr;
                    }
                }
            }
            double cr = q.coefficientRe(t);
            double ci = q.coefficientIm(t);
            Tensor tr;
            Tensor ti;
            if (pr == null) {
                tr = Tensor.full(re.rows(), 1, cr);
                ti = Tensor.full(re.rows(), 1, ci);
            } else {
                tr = pr.times(cr).minus(pi.times(ci));
                ti = pr.times(ci).plus(pi.times(cr));
            }
            accRe = accRe == null ? tr : accRe.plus(tr);
            accIm = accIm == null ? ti : accIm.plus(ti);
        }
        if (accRe == null) {
            return new Tensor[] {Tensor.zeros(re.rows(), 1), Tensor.zeros(re.rows(), 1)};
        }
        return new Tensor[] {accRe, accIm};
    }

    @Override
    public String toString() {
        return "HermitianNorm[" + sections.length + " sections of degree " + sections[0].degree() + ", kappa = "
                + kappa + "]";
    }
}
