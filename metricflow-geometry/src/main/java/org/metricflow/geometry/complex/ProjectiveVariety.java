package org.metricflow.geometry.complex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.complex.Complex;
import org.metricflow.geometry.complex.internal.CompleteIntersectionSampler;
import org.metricflow.geometry.complex.internal.LineSampler;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.geometry.complex.internal.PointArrays;
import org.metricflow.geometry.complex.internal.PointGeometry;
import org.metricflow.geometry.complex.internal.PolynomialKernel;
import org.metricflow.geometry.complex.internal.PolynomialParser;

/**
 * A complete intersection X = {Q<sub>1</sub> = … = Q<sub>k</sub> = 0} ⊂ CP<sup>n</sup> of homogeneous polynomials
 * (a hypersurface when k = 1), of complex dimension d = n − k. Immutable.
 *
 * <p>Vol<sub>FS</sub> = ∫<sub>X</sub> ω<sub>FS</sub><sup>d</sup> = Π<sub>r</sub> deg Q<sub>r</sub> (Bézout, with
 * K<sub>FS</sub> = (1/2π) log|z|² so that ∫<sub>CP<sup>1</sup></sub>ω<sub>FS</sub> = 1). X is Calabi–Yau (c<sub>1</sub> = 0) iff
 * Σ<sub>r</sub> deg Q<sub>r</sub> = n + 1.
 *
 * <p>{@link #sample(int, long)} intersects X with random linear subspaces of dimension k drawn from the unitarily
 * invariant (Gaussian) distribution: the intersection points are distributed by ω<sub>FS</sub><sup>d</sup>/Vol<sub>FS</sub>
 * (Shiffman–Zelditch). Hypersurfaces: random lines and a univariate root finder; complete intersections: random
 * k-planes and homotopy continuation. Points are returned with their patch data and exact Monte-Carlo weights
 * ({@link PointSet}).
 */
public final class ProjectiveVariety {
    private final int n;
    private final List<Polynomial> equations;
    private final int[] degrees;
    private final String name;
    private final PolynomialKernel[] kernels;
    private final PointGeometry geometry;

    private ProjectiveVariety(int n, List<Polynomial> equations, String name) {
        this.n = n;
        this.equations = Collections.unmodifiableList(new ArrayList<>(equations));
        this.degrees = new int[equations.size()];
        this.kernels = new PolynomialKernel[equations.size()];
        double[] scales = new double[equations.size()];
        for (int r = 0; r < degrees.length; r++) {
            Polynomial q = equations.get(r);
            degrees[r] = q.degree();
            kernels[r] = q.kernel();
            scales[r] = q.degree() * q.coefficientNorm();
        }
        this.name = name;
        this.geometry = new PointGeometry(kernels, scales, n + 1);
    }

    /**
     * The hypersurface {Q = 0} in CP<sup>m−1</sup>, m = Q.variables().
     */
    public static ProjectiveVariety hypersurface(Polynomial q) {
        java.util.Objects.requireNonNull(q, "q");
        return completeIntersection(q.variables() - 1, List.of(q));
    }

    /**
     * The hypersurface {Q = 0} in CP<sup>n</sup> (Q may use fewer than n+1 variables).
     */
    public static ProjectiveVariety hypersurface(int n, Polynomial q) {
        java.util.Objects.requireNonNull(q, "q");
        return completeIntersection(n, List.of(q));
    }

    /**
     * {@link #completeIntersection(int, List)} with the ambient dimension inferred from the equations.
     */
    public static ProjectiveVariety completeIntersection(Polynomial... equations) {
        requireEquations(equations == null ? null : Arrays.asList(equations));
        int m = 1;
        for (Polynomial q : equations) {
            m = Math.max(m, q.variables());
        }
        return completeIntersection(m - 1, Arrays.asList(equations));
    }

    /**
     * X = {Q<sub>1</sub> = … = Q<sub>k</sub> = 0} ⊂ CP<sup>n</sup>.
     *
     * @throws IllegalArgumentException if an equation is zero, constant or not homogeneous (naming the offending
     *         monomial), uses a variable beyond z<sub>n</sub>, or if k ≥ n (X would have dimension ≤ 0)
     */
    public static ProjectiveVariety completeIntersection(int n, List<Polynomial> equations) {
        requireEquations(equations);
        return create(n, equations, null);
    }

    private static void requireEquations(List<Polynomial> equations) {
        java.util.Objects.requireNonNull(equations, "equations");
        for (int i = 0; i < equations.size(); i++) {
            if (equations.get(i) == null) {
                throw new NullPointerException("equations: element " + i + " is null");
            }
        }
    }

    private static ProjectiveVariety create(int n, List<Polynomial> equations, String name) {
        if (n < 2) {
            throw new IllegalArgumentException("the ambient CP^n needs n >= 2 for a variety of positive dimension, got n = "
                    + n);
        }
        if (equations.isEmpty()) {
            throw new IllegalArgumentException("need at least one defining polynomial");
        }
        if (equations.size() >= n) {
            throw new IllegalArgumentException(equations.size() + " equations in CP^" + n
                    + " cut out a variety of dimension " + (n - equations.size())
                    + "; use at most " + (n - 1) + " equations");
        }
        List<Polynomial> padded = new ArrayList<>();
        for (int r = 0; r < equations.size(); r++) {
            Polynomial q = equations.get(r);
            String which = equations.size() == 1 ? "the polynomial" : "polynomial " + (r + 1);
            if (q.terms() == 0) {
                throw new IllegalArgumentException(which + " is zero; it does not define a variety");
            }
            if (q.degree() == 0) {
                throw new IllegalArgumentException(which + " is a nonzero constant; its zero set is empty");
            }
            try {
                q.requireHomogeneous();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(which + " is " + e.getMessage(), e);
            }
            if (q.variables() > n + 1) {
                for (int t = 0; t < q.terms(); t++) {
                    for (int j = n + 1; j < q.variables(); j++) {
                        if (q.exponent(t, j) != 0) {
                            throw new IllegalArgumentException(which + " uses z" + j + " but CP^" + n
                                    + " has only the coordinates z0..z" + n);
                        }
                    }
                }
            }
            padded.add(q.withVariables(n + 1));
        }
        StringBuilder sb = new StringBuilder();
        for (Polynomial q : padded) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(q);
        }
        return new ProjectiveVariety(n, padded, name != null ? name : sb.toString());
    }

    /**
     * The Fermat hypersurface Σ<sub>i=0..n</sub> z<sub>i</sub><sup>degree</sup> = 0 in CP<sup>n</sup>.
     */
    public static ProjectiveVariety fermat(int n, int degree) {
        if (n < 2) {
            throw new IllegalArgumentException("fermat(n, degree) needs n >= 2, got n = " + n);
        }
        if (degree < 1) {
            throw new IllegalArgumentException("fermat(n, degree) needs degree >= 1, got degree = " + degree);
        }
        if (n > PolynomialParser.MAX_VARIABLE_INDEX || degree > PolynomialParser.MAX_EXPONENT) {
            throw new IllegalArgumentException("fermat(n, degree) supports n <= " + PolynomialParser.MAX_VARIABLE_INDEX
                    + " and degree <= " + PolynomialParser.MAX_EXPONENT + ", got n = " + n + ", degree = " + degree);
        }
        int[][] e = new int[n + 1][n + 1];
        double[] re = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            e[i][i] = degree;
            re[i] = 1.0;
        }
        return create(n, List.of(Polynomial.of(n + 1, e, re, new double[n + 1])), "fermat:" + n + ":" + degree);
    }

    /**
     * The Fermat quintic threefold Σ z<sub>i</sub><sup>5</sup> = 0 in CP<sup>4</sup> (Calabi–Yau).
     */
    public static ProjectiveVariety fermatQuintic() {
        return fermat(4, 5).renamed("fermat-quintic");
    }

    /**
     * The Fermat quartic K3 surface Σ z<sub>i</sub><sup>4</sup> = 0 in CP<sup>3</sup>.
     */
    public static ProjectiveVariety fermatQuartic() {
        return fermat(3, 4).renamed("fermat-quartic");
    }

    /**
     * The Fermat plane cubic (an elliptic curve) Σ z<sub>i</sub><sup>3</sup> = 0 in CP<sup>2</sup>.
     */
    public static ProjectiveVariety fermatCubic() {
        return fermat(2, 3).renamed("fermat-cubic");
    }

    /**
     * The Dwork quintic Σ z<sub>i</sub><sup>5</sup> − 5ψ Π z<sub>i</sub> = 0 in CP<sup>4</sup> (singular iff ψ<sup>5</sup> = 1).
     */
    public static ProjectiveVariety dwork(double psi) {
        return dwork(new Complex(psi, 0.0));
    }

    /**
     * The Dwork quintic with complex ψ.
     */
    public static ProjectiveVariety dwork(Complex psi) {
        if (psi == null || psi.isNaN() || psi.isInfinite()) {
            throw new IllegalArgumentException("dwork(psi) needs a finite psi, got " + psi);
        }
        Polynomial q = Polynomial.parse("z0^5+z1^5+z2^5+z3^5+z4^5 - 5*psi*z0*z1*z2*z3*z4", Map.of("psi", psi));
        String label = psi.getImaginary() == 0.0 ? Double.toString(psi.getReal())
                : "(" + psi.getReal() + (psi.getImaginary() < 0 ? "-" : "+") + Math.abs(psi.getImaginary()) + "*i)";
        return create(4, List.of(q), "dwork:" + label);
    }

    /**
     * A variety from a command-line spec: {@code fermat-quintic}, {@code fermat-quartic}, {@code fermat-cubic},
     * {@code dwork:<psi>} (ψ a real number or a complex expression such as {@code 0.1+0.2*i}),
     * {@code fermat:<n>:<degree>}, or polynomial text (several polynomials separated by {@code ;} define a complete
     * intersection; the ambient CP<sup>n</sup> has n = largest variable index used). Thread-safe; the result is
     * immutable.
     *
     * @param spec the spec, not null; case-insensitive for the family names, surrounding blanks ignored
     * @return the variety (for the named families the same as {@link #fermatQuintic()} etc.)
     * @throws IllegalArgumentException explaining what was expected
     */
    public static ProjectiveVariety parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty variety spec; use fermat-quintic, fermat-quartic, fermat-cubic,"
                    + " dwork:<psi>, fermat:<n>:<degree> or a polynomial such as \"z0^3+z1^3+z2^3\"");
        }
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        String shown = quote(s);
        switch (lower) {
            case "fermat-quintic":
                return fermatQuintic();
            case "fermat-quartic":
                return fermatQuartic();
            case "fermat-cubic":
                return fermatCubic();
            default:
                break;
        }
        if (lower.startsWith("dwork:")) {
            String psiText = s.substring(6);
            Polynomial c;
            try {
                c = Polynomial.parse(psiText);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("in spec " + shown + ": psi: " + e.getMessage(), e);
            }
            if (c.degree() > 0) {
                throw new IllegalArgumentException("in spec " + shown + ": psi must be a number, got " + quote(psiText));
            }
            Complex psi = c.terms() == 0 ? Complex.ZERO : c.coefficient(0);
            return dwork(psi);
        }
        if (lower.startsWith("fermat:")) {
            String[] parts = s.split(":", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("spec " + shown + ": expected fermat:<n>:<degree>, e.g. fermat:4:5");
            }
            int nn;
            int deg;
            try {
                nn = Integer.parseInt(parts[1].trim());
                deg = Integer.parseInt(parts[2].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("spec " + shown + ": expected fermat:<n>:<degree> with integers,"
                        + " e.g. fermat:4:5", e);
            }
            try {
                return fermat(nn, deg);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("spec " + shown + ": " + e.getMessage(), e);
            }
        }
        String[] parts = s.split(";");
        List<Polynomial> qs = new ArrayList<>();
        int m = 1;
        for (int r = 0; r < parts.length; r++) {
            try {
                Polynomial q = Polynomial.parse(parts[r]);
                qs.add(q);
                m = Math.max(m, q.variables());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("in spec " + shown + (parts.length > 1 ? ", polynomial "
                        + (r + 1) : "") + ": " + e.getMessage()
                        + " (named varieties: fermat-quintic, fermat-quartic, fermat-cubic, dwork:<psi>,"
                        + " fermat:<n>:<degree>)", e);
            }
        }
        return completeIntersection(m - 1, qs);
    }

    /** The spec in single quotes for a one-line message: control characters escaped, long specs abbreviated. */
    private static String quote(String spec) {
        StringBuilder sb = new StringBuilder("'");
        int shown = Math.min(spec.length(), 80);
        for (int i = 0; i < shown; i++) {
            char c = spec.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (spec.length() > shown) {
            sb.append("… (").append(spec.length()).append(" chars)");
        }
        return sb.append('\'').toString();
    }

    private ProjectiveVariety renamed(String newName) {
        return new ProjectiveVariety(n, equations, newName);
    }

    /**
     * n, the dimension of the ambient CP<sup>n</sup>.
     */
    public int ambientDimension() {
        return n;
    }

    /**
     * Complex dimension d = n − k.
     */
    public int dimension() {
        return n - degrees.length;
    }

    /**
     * Number of equations k.
     */
    public int codimension() {
        return degrees.length;
    }

    /**
     * True for k = 1.
     */
    public boolean isHypersurface() {
        return degrees.length == 1;
    }

    /**
     * The defining polynomials, each in n+1 variables.
     */
    public List<Polynomial> equations() {
        return equations;
    }

    /**
     * Copy of the degrees of the defining polynomials.
     */
    public int[] degrees() {
        return degrees.clone();
    }

    /**
     * Vol<sub>FS</sub> = ∫<sub>X</sub> ω<sub>FS</sub><sup>d</sup> = Π deg Q<sub>r</sub>.
     */
    public double fubiniStudyVolume() {
        double v = 1.0;
        for (int deg : degrees) {
            v *= deg;
        }
        return v;
    }

    /**
     * Σ deg Q<sub>r</sub> = n + 1 (vanishing first Chern class of the complete intersection).
     */
    public boolean isCalabiYau() {
        int s = 0;
        for (int deg : degrees) {
            s += deg;
        }
        return s == n + 1;
    }

    /**
     * The spec-like name (e.g. {@code fermat-quintic}) or the polynomial text.
     *
     * @return the spec-like name or the polynomial text
     */
    public String name() {
        return name;
    }

    /**
     * {@link #sample(int, long, int)} with one worker per available processor.
     *
     * @param count the number of points, ≥ 0 (for a hypersurface of degree D a multiple of D uses whole lines)
     * @param seed the random seed; the points depend only on (count, seed)
     * @return the points with patch data, |Ω|², Jacobians and Monte-Carlo weights
     */
    public PointSet sample(int count, long seed) {
        return sample(count, seed, Parallel.defaultThreads());
    }

    /**
     * {@code count} points distributed by ω<sub>FS</sub><sup>d</sup>/Vol<sub>FS</sub>, with patch data and weights
     * ({@link PointSet}). The result depends only on (count, seed), bit for bit, not on {@code threads}.
     *
     * @param count the number of points, ≥ 0
     * @param seed the random seed; the points depend only on (count, seed)
     * @param threads the number of worker threads, ≥ 1 (the result does not depend on it)
     * @return the points with patch data, |Ω|², Jacobians and Monte-Carlo weights
     * @throws IllegalArgumentException if count &lt; 0, threads &lt; 1, or X is singular at a sampled point
     */
    public PointSet sample(int count, long seed, int threads) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        PointArrays a;
        if (isHypersurface()) {
            a = new LineSampler(kernels[0], geometry).sample(count, seed, threads);
        } else {
            a = new CompleteIntersectionSampler(kernels, geometry).sample(count, seed, threads);
        }
        return new PointSet(this, a);
    }

    /**
     * The {@link PointSet} of given points of X (e.g. from another sampler): each point (m = n+1 interleaved
     * complex coordinates, any scaling) is normalized to its patch and gets eliminated coordinates, |Ω|², Jacobian,
     * det g<sup>FS</sup> and weight by the rules of {@link PointSet}. The points are not checked to lie on X.
     *
     * @param homogeneous 2·count·(n+1) doubles
     * @return the {@link PointSet} of the given points
     */
    public PointSet pointSet(double[] homogeneous, int count) {
        int m = n + 1;
        if (count < 0 || homogeneous.length != 2L * count * m) {
            throw new IllegalArgumentException("expected " + 2L * Math.max(0, count) * m + " doubles for " + count
                    + " points with " + m + " complex coordinates, got " + homogeneous.length);
        }
        PointArrays a = new PointArrays(count, m, degrees.length);
        System.arraycopy(homogeneous, 0, a.coords, 0, homogeneous.length);
        for (int p = 0; p < count; p++) {
            double s = 0.0;
            for (int j = 0; j < 2 * m; j++) {
                double x = a.coords[2 * p * m + j];
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("point " + p + " has a non-finite coordinate " + x);
                }
                s += x * x;
            }
            if (s == 0.0) {
                throw new IllegalArgumentException("point " + p + " is the zero vector, which is no point of CP^" + n);
            }
            a.patch[p] = PointGeometry.normalize(a.coords, p, m);
        }
        geometry.derive(a, 0, count, geometry.newScratch());
        return new PointSet(this, a);
    }

    /** The points of {@code ps} re-expressed in the given patches (see {@link PointSet#inPatches}). */
    PointSet rechart(PointSet ps, int[] patches) {
        int count = ps.size();
        int m = n + 1;
        if (patches == null || patches.length != count) {
            throw new IllegalArgumentException("need one patch index per point (" + count + "), got "
                    + (patches == null ? "null" : patches.length));
        }
        PointArrays a = new PointArrays(count, m, degrees.length);
        double[] z = a.coords;
        System.arraycopy(ps.coordsView(), 0, z, 0, 2 * count * m);
        for (int p = 0; p < count; p++) {
            int j = patches[p];
            if (j < 0 || j >= m) {
                throw new IllegalArgumentException("patch index patches[" + p + "] = " + j + " is not a coordinate"
                        + " index in [0, " + m + ")");
            }
            int off = 2 * p * m;
            double pr = z[off + 2 * j];
            double pi = z[off + 2 * j + 1];
            double abs2 = pr * pr + pi * pi;
            if (!(abs2 > 1e-16)) {
                throw new IllegalArgumentException("point " + p + " has |z_" + j + "|² = " + abs2 + " (at most 1e-16"
                        + " after patch normalization): patch " + j + " does not contain it; choose a coordinate"
                        + " of larger modulus");
            }
            double ir = pr / abs2;
            double ii = -pi / abs2;
            for (int q = 0; q < m; q++) {
                double x = z[off + 2 * q];
                double y = z[off + 2 * q + 1];
                z[off + 2 * q] = x * ir - y * ii;
                z[off + 2 * q + 1] = x * ii + y * ir;
            }
            z[off + 2 * j] = 1.0;
            z[off + 2 * j + 1] = 0.0;
            a.patch[p] = j;
        }
        geometry.derive(a, 0, count, geometry.newScratch());
        return new PointSet(this, a);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Equal if same ambient dimension and equal defining polynomials in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ProjectiveVariety && n == ((ProjectiveVariety) o).n
                && equations.equals(((ProjectiveVariety) o).equations);
    }

    @Override
    public int hashCode() {
        return 31 * n + equations.hashCode();
    }
}
