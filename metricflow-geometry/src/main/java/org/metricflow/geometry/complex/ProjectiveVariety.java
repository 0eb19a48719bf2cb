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
import org.metricflow.geometry.complex.internal.ProductSampler;

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
 *
 * <h2>Products of projective spaces</h2>
 * A variety may also live in A = CP<sup>n<sub>1</sub></sup>×…×CP<sup>n<sub>f</sub></sup> ({@link #cicy}, {@link #bicubic},
 * {@link #tetraquadric}, {@link #schoen}): its m = Σ(n<sub>i</sub>+1) homogeneous coordinates are the factors' blocks
 * in order, each equation is multi-homogeneous with the degrees of a column of its {@link CicyConfiguration}, and
 * it carries Kähler moduli t ({@link #withKahlerModuli}): the reference metric is g = Σ t<sub>i</sub> g<sub>i</sub>
 * (g<sub>i</sub> the Fubini–Study metric of factor i, ∫<sub>CP<sup>1</sup></sub>J<sub>i</sub> = 1), samples are distributed by
 * J<sub>t</sub><sup>d</sup>/Vol<sub>t</sub> and {@link #fubiniStudyVolume()} is Vol<sub>t</sub> = ∫<sub>X</sub>J<sub>t</sub><sup>d</sup>.
 * The single-CP<sup>n</sup> variety is the one-factor case with t = 1, with unchanged results.
 */
public final class ProjectiveVariety {
    private final int n;
    private final List<Polynomial> equations;
    private final int[] degrees;
    private final String name;
    private final PolynomialKernel[] kernels;
    private final PointGeometry geometry;
    private final int[] starts;
    private final double[] moduli;
    private final CicyConfiguration configuration;

    private ProjectiveVariety(int n, List<Polynomial> equations, String name) {
        this(new int[] {0, n + 1}, new double[] {1.0}, null, equations, name);
    }

    private ProjectiveVariety(int[] starts, double[] moduli, CicyConfiguration configuration,
            List<Polynomial> equations, String name) {
        this.starts = starts;
        this.moduli = moduli;
        this.configuration = configuration;
        this.n = starts[starts.length - 1] - (starts.length - 1);
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
        this.geometry = new PointGeometry(kernels, scales, starts, moduli);
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

    /** Seed of the random members behind the names {@code bicubic}, {@code tetraquadric}, {@code schoen}. */
    public static final long NAMED_SEED = 1L;

    /**
     * A complete intersection in a product of projective spaces with the given configuration and equations
     * (polynomials in the m = Σ(n<sub>i</sub>+1) concatenated coordinates, factor blocks in order), Kähler moduli
     * t = (1, …, 1).
     *
     * @param config the configuration; must be Calabi–Yau
     * @param equations one polynomial per column, each multi-homogeneous with that column's degrees
     * @return the variety (immutable, safe to share between threads), named by its polynomials
     * @throws IllegalArgumentException naming the row, polynomial or monomial that does not fit
     */
    public static ProjectiveVariety cicy(CicyConfiguration config, List<Polynomial> equations) {
        return cicy(config, equations, null, null);
    }

    private static ProjectiveVariety cicy(CicyConfiguration config, List<Polynomial> equations, String name,
            List<Character> letters) {
        if (config == null || equations == null) {
            throw new IllegalArgumentException("need a configuration and its equations, got null");
        }
        int bad = config.firstNonCalabiYauRow();
        if (bad >= 0) {
            throw new IllegalArgumentException("configuration " + config + " is not Calabi–Yau: row " + (bad + 1)
                    + " (CP^" + config.factorDimensions()[bad] + ") has degrees summing to " + config.rowSum(bad)
                    + ", need n + 1 = " + (config.factorDimensions()[bad] + 1));
        }
        if (equations.size() != config.equationCount()) {
            throw new IllegalArgumentException("configuration " + config + " has " + config.equationCount()
                    + " columns but " + equations.size() + " polynomials were given");
        }
        int[] nf = config.factorDimensions();
        int f = nf.length;
        int[] starts = new int[f + 1];
        for (int i = 0; i < f; i++) {
            starts[i + 1] = starts[i] + nf[i] + 1;
        }
        int m = starts[f];
        List<Polynomial> padded = new ArrayList<>();
        for (int a = 0; a < equations.size(); a++) {
            Polynomial q = equations.get(a);
            String which = "polynomial " + (a + 1);
            if (q == null || q.terms() == 0) {
                throw new IllegalArgumentException(which + " is zero; it does not define a variety");
            }
            if (q.variables() > m) {
                for (int t = 0; t < q.terms(); t++) {
                    for (int j = m; j < q.variables(); j++) {
                        if (q.exponent(t, j) != 0) {
                            throw new IllegalArgumentException(which + " uses coordinate " + j + " but the ambient "
                                    + ambientText(nf) + " has only " + m + " homogeneous coordinates");
                        }
                    }
                }
            }
            for (int t = 0; t < q.terms(); t++) {
                for (int i = 0; i < f; i++) {
                    int deg = 0;
                    for (int j = starts[i]; j < Math.min(starts[i + 1], q.variables()); j++) {
                        deg += q.exponent(t, j);
                    }
                    if (deg != config.degree(i, a)) {
                        throw new IllegalArgumentException(which + " is not multi-homogeneous of degree "
                                + column(config, a) + ": its monomial " + monomialText(q, t, starts, letters)
                                + " has degree " + deg + " in factor " + (i + 1) + " (CP^" + nf[i] + ", coordinates z"
                                + starts[i] + "..z" + (starts[i + 1] - 1) + ")");
                    }
                }
            }
            padded.add(q.withVariables(m));
        }
        return new ProjectiveVariety(starts, ones(f), config, padded,
                name != null ? name : letterText(padded, starts));
    }

    /**
     * {@link #cicy(CicyConfiguration, List)} with the polynomials as text in per-factor variables: factor i uses
     * one letter (the factors' letters in alphabetical order, e.g. {@code x0..x2} and {@code y0..y2} for
     * CP<sup>2</sup>×CP<sup>2</sup>; {@code i} is the imaginary unit and is no letter of a factor).
     *
     * @param config the configuration, not null; must be Calabi–Yau
     * @param polynomials one polynomial per column, in the configuration's column order, e.g.
     *     {@code "x0^3+x1^3+x2^3"}
     * @return the variety, named by its polynomials
     * @throws IllegalArgumentException naming the polynomial, variable or monomial that does not fit
     */
    public static ProjectiveVariety cicy(CicyConfiguration config, String... polynomials) {
        if (config == null || polynomials == null) {
            throw new IllegalArgumentException("need a configuration and its polynomials, got null");
        }
        String joined = String.join(";", polynomials);
        java.util.TreeSet<Character> letters = lettersOf(joined);
        int f = config.factorCount();
        if (letters.size() != f) {
            throw new IllegalArgumentException("the polynomials use " + letters.size() + " variable letters "
                    + letters + " but the configuration " + config + " has " + f + " factors; use one letter per"
                    + " factor, e.g. x0..x2 and y0..y2");
        }
        return cicy(config, parseProduct(polynomials, letters, config.factorDimensions()), null,
                new ArrayList<>(letters));
    }

    /**
     * A member of the family of a Calabi–Yau configuration with independent standard complex Gaussian
     * coefficients for every monomial of each column's multi-degree, drawn from {@code seed} (reproducible).
     * Smoothness is checked where the points are: sampling refuses a singular point, naming it.
     *
     * @param config a Calabi–Yau configuration
     * @param seed the seed of the coefficients; the same seed gives the same variety on every JVM
     * @return the variety, named {@code cicy:<config>@<seed>}
     */
    public static ProjectiveVariety randomCicy(CicyConfiguration config, long seed) {
        return randomCicy(config, seed, "cicy:" + config + "@" + seed);
    }

    private static ProjectiveVariety randomCicy(CicyConfiguration config, long seed, String name) {
        if (config == null) {
            throw new IllegalArgumentException("configuration is null");
        }
        int[] nf = config.factorDimensions();
        int f = nf.length;
        int m = 0;
        for (int n : nf) {
            m += n + 1;
        }
        List<Polynomial> eqs = new ArrayList<>();
        for (int a = 0; a < config.equationCount(); a++) {
            List<int[]> monos = new ArrayList<>();
            monos.add(new int[m]);
            int start = 0;
            for (int i = 0; i < f; i++) {
                List<int[]> next = new ArrayList<>();
                for (int[] base : monos) {
                    extend(base, start, nf[i] + 1, config.degree(i, a), next);
                }
                monos = next;
                start += nf[i] + 1;
            }
            org.metricflow.core.random.Rng rng = org.metricflow.core.random.Rng.stream(seed, a);
            double[] re = new double[monos.size()];
            double[] im = new double[monos.size()];
            for (int t = 0; t < re.length; t++) {
                re[t] = rng.nextGaussian() / Math.sqrt(2.0);
                im[t] = rng.nextGaussian() / Math.sqrt(2.0);
            }
            eqs.add(Polynomial.of(m, monos.toArray(new int[0][]), re, im));
        }
        return cicy(config, eqs, name, null);
    }

    /** All monomials of degree {@code deg} in the block [start, start+len) appended to base. */
    private static void extend(int[] base, int start, int len, int deg, List<int[]> out) {
        if (len == 1) {
            int[] e = base.clone();
            e[start] = deg;
            out.add(e);
            return;
        }
        for (int x = deg; x >= 0; x--) {
            int[] e = base.clone();
            e[start] = x;
            extend(e, start + 1, len - 1, deg - x, out);
        }
    }

    /**
     * The bicubic: a random (3,3) hypersurface in CP<sup>2</sup>×CP<sup>2</sup> (configuration {@code 2:3|2:3}, h<sup>1,1</sup> = 2,
     * χ = −162), drawn with seed {@link #NAMED_SEED}.
     *
     * @return the bicubic, named {@code bicubic}
     */
    public static ProjectiveVariety bicubic() {
        return randomCicy(CicyConfiguration.parse("2:3|2:3"), NAMED_SEED, "bicubic");
    }

    /**
     * The tetraquadric: a random (2,2,2,2) hypersurface in (CP<sup>1</sup>)<sup>4</sup> (χ = −128), seed {@link #NAMED_SEED}.
     *
     * @return the tetraquadric, named {@code tetraquadric}
     */
    public static ProjectiveVariety tetraquadric() {
        return randomCicy(CicyConfiguration.parse("1:2|1:2|1:2|1:2"), NAMED_SEED, "tetraquadric");
    }

    /**
     * The Schoen manifold: a random complete intersection of degrees (3,0,1) and (0,3,1) in
     * CP<sup>2</sup>×CP<sup>2</sup>×CP<sup>1</sup> (χ = 0), seed {@link #NAMED_SEED}.
     *
     * @return the Schoen manifold, named {@code schoen}
     */
    public static ProjectiveVariety schoen() {
        return randomCicy(CicyConfiguration.parse("2:3,0|2:0,3|1:1,1"), NAMED_SEED, "schoen");
    }

    /**
     * The complete intersection of two cubics in CP<sup>5</sup>, Σz<sub>j</sub><sup>3</sup> = Σ(j+1)z<sub>j</sub><sup>3</sup> = 0
     * (χ = −144, one Kähler modulus). Not to be confused with {@link #bicubic()}, the CP<sup>2</sup>×CP<sup>2</sup> manifold.
     *
     * @return the variety, named {@code cubic-cubic-p5}
     */
    public static ProjectiveVariety cubicCubicP5() {
        return completeIntersection(Polynomial.parse("z0^3+z1^3+z2^3+z3^3+z4^3+z5^3"),
                Polynomial.parse("z0^3+2*z1^3+3*z2^3+4*z3^3+5*z4^3+6*z5^3")).renamed("cubic-cubic-p5");
    }

    /**
     * The same variety with Kähler moduli t: the reference metric Σt<sub>i</sub>g<sub>i</sub>, samples distributed by
     * J<sub>t</sub><sup>d</sup>/Vol<sub>t</sub> and weights for that metric. For one factor t scales the Fubini–Study metric.
     *
     * @param t one positive finite modulus per projective factor
     * @return the variety with these moduli (named with the suffix {@code &t=t1,t2,…} unless t = 1)
     * @throws IllegalArgumentException naming the offending value
     */
    public ProjectiveVariety withKahlerModuli(double... t) {
        if (t == null || t.length != factorCount()) {
            throw new IllegalArgumentException("need one Kähler modulus per projective factor (" + factorCount()
                    + "), got " + (t == null ? "none" : t.length + ": " + Arrays.toString(t)));
        }
        for (int i = 0; i < t.length; i++) {
            if (!(t[i] > 0.0) || !Double.isFinite(t[i])) {
                throw new IllegalArgumentException("Kähler modulus t_" + (i + 1) + " = " + t[i]
                        + " must be a finite positive number");
            }
        }
        String base = name.contains("&t=") ? name.substring(0, name.indexOf("&t=")) : name;
        boolean ones = Arrays.equals(t, ones(t.length));
        StringBuilder sb = new StringBuilder(base);
        if (!ones) {
            sb.append("&t=");
            for (int i = 0; i < t.length; i++) {
                sb.append(i > 0 ? "," : "").append(t[i]);
            }
        }
        return new ProjectiveVariety(starts, t.clone(), configuration, equations, sb.toString());
    }

    /**
     * Copy of the Kähler moduli t<sub>i</sub> (one per factor; (1) for a variety in one CP<sup>n</sup> unless set).
     *
     * @return f positive numbers
     */
    public double[] kahlerModuli() {
        return moduli.clone();
    }

    /**
     * Number of projective factors f of the ambient space (1 for CP<sup>n</sup>).
     *
     * @return f ≥ 1
     */
    public int factorCount() {
        return starts.length - 1;
    }

    /**
     * Copy of the factor dimensions n<sub>1</sub>..n<sub>f</sub>.
     *
     * @return f ints
     */
    public int[] factorDimensions() {
        int[] nf = new int[factorCount()];
        for (int i = 0; i < nf.length; i++) {
            nf[i] = starts[i + 1] - starts[i] - 1;
        }
        return nf;
    }

    /**
     * Copy of the factor offsets: factor i owns the homogeneous coordinates starts[i]..starts[i+1]−1.
     *
     * @return f + 1 increasing ints, starts[0] = 0, starts[f] = m
     */
    public int[] factorStarts() {
        return starts.clone();
    }

    /**
     * Total number of homogeneous coordinates m = Σ(n<sub>i</sub>+1) (n + 1 for CP<sup>n</sup>).
     *
     * @return m
     */
    public int coordinateCount() {
        return starts[starts.length - 1];
    }

    /**
     * The configuration matrix (for CP<sup>n</sup> the one-row matrix of the degrees).
     *
     * @return the configuration (immutable): one row per projective factor, one column per equation
     */
    public CicyConfiguration configuration() {
        return configuration != null ? configuration
                : CicyConfiguration.of(new int[] {n}, new int[][] {degrees.clone()});
    }

    /**
     * The reference Kähler potential K = Σ<sub>i</sub> (t<sub>i</sub>/2π) log|z<sup>(i)</sup>|² on the concatenated coordinates;
     * {@link KahlerPotential#fubiniStudy()} itself for one factor with t = 1. {@link KahlerGeometry} treats
     * {@link KahlerPotential#fubiniStudy()} on this variety's points as this potential (exact analytic path).
     *
     * @return the potential of the Kähler class t = {@link #kahlerModuli()}, not null
     */
    public KahlerPotential referencePotential() {
        if (factorCount() == 1 && moduli[0] == 1.0) {
            return KahlerPotential.fubiniStudy();
        }
        return new ProductFubiniStudyPotential(starts, moduli);
    }

    private static double[] ones(int f) {
        double[] t = new double[f];
        Arrays.fill(t, 1.0);
        return t;
    }

    private String ambientText() {
        return ambientText(factorDimensions());
    }

    private static String ambientText(int[] nf) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nf.length; i++) {
            sb.append(i > 0 ? "×" : "").append("CP^").append(nf[i]);
        }
        return sb.toString();
    }

    /**
     * The equations as per-factor letter text that {@link #parse} reads back to the same variety: letters x, y, z
     * for up to three factors, p, q, r, … otherwise (alphabetical, so in factor order).
     */
    private static String letterText(List<Polynomial> eqs, int[] starts) {
        int f = starts.length - 1;
        String letters = f <= 3 ? "xyz" : "pqrstuvwxy";
        StringBuilder sb = new StringBuilder();
        for (Polynomial q : eqs) {
            java.util.regex.Matcher mt = java.util.regex.Pattern.compile("z([0-9]+)").matcher(q.toString());
            StringBuilder t = new StringBuilder();
            while (mt.find()) {
                int j = Integer.parseInt(mt.group(1));
                int i = 0;
                while (j >= starts[i + 1]) {
                    i++;
                }
                mt.appendReplacement(t, (i < letters.length() ? String.valueOf(letters.charAt(i)) : "?") + (j - starts[i]));
            }
            mt.appendTail(t);
            sb.append(sb.length() > 0 ? "; " : "").append(t);
        }
        return sb.toString();
    }

    private static String column(CicyConfiguration c, int a) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < c.factorCount(); i++) {
            sb.append(i > 0 ? "," : "").append(c.degree(i, a));
        }
        return sb.append(')').toString();
    }

    private static String monomialText(Polynomial q, int t, int[] starts, List<Character> letters) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < Math.min(q.variables(), starts[starts.length - 1]); j++) {
            int e = q.exponent(t, j);
            if (e == 0) {
                continue;
            }
            int i = 0;
            while (j >= starts[i + 1]) {
                i++;
            }
            sb.append(sb.length() > 0 ? "*" : "");
            if (letters != null) {
                sb.append(letters.get(i)).append(j - starts[i]);
            } else {
                sb.append('z').append(j);
            }
            if (e > 1) {
                sb.append('^').append(e);
            }
        }
        return sb.length() == 0 ? "1" : sb.toString();
    }

    private static final java.util.regex.Pattern LETTER_VARIABLE =
            java.util.regex.Pattern.compile("(?<![A-Za-z0-9_.])([a-hj-z])([0-9]+)(?![A-Za-z0-9_])");

    private static java.util.TreeSet<Character> lettersOf(String text) {
        java.util.TreeSet<Character> letters = new java.util.TreeSet<>();
        java.util.regex.Matcher mt = LETTER_VARIABLE.matcher(text);
        while (mt.find()) {
            letters.add(mt.group(1).charAt(0));
        }
        return letters;
    }

    /** Rewrites letter variables to z indices of the concatenated coordinates and parses each polynomial. */
    private static List<Polynomial> parseProduct(String[] polys, java.util.TreeSet<Character> letters, int[] nf) {
        List<Character> order = new ArrayList<>(letters);
        int[] starts = new int[nf.length + 1];
        for (int i = 0; i < nf.length; i++) {
            starts[i + 1] = starts[i] + nf[i] + 1;
        }
        List<Polynomial> out = new ArrayList<>();
        for (int r = 0; r < polys.length; r++) {
            String text = polys[r];
            if (text == null) {
                throw new IllegalArgumentException("polynomial " + (r + 1) + " is null");
            }
            java.util.regex.Matcher mt = LETTER_VARIABLE.matcher(text);
            StringBuilder sb = new StringBuilder();
            while (mt.find()) {
                int i = order.indexOf(mt.group(1).charAt(0));
                String digits = mt.group(2);
                int idx = digits.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(digits);
                if (idx > nf[i]) {
                    throw new IllegalArgumentException("polynomial " + (r + 1) + ": variable " + mt.group()
                            + " is not a coordinate of factor " + (i + 1) + " (CP^" + nf[i] + ": " + mt.group(1)
                            + "0.." + mt.group(1) + nf[i] + ")");
                }
                mt.appendReplacement(sb, "z" + (starts[i] + idx));
            }
            mt.appendTail(sb);
            if (sb.toString().matches("(?s).*(?<![A-Za-z0-9_.])z[0-9]+.*") && !letters.contains('z')
                    && text.matches("(?s).*(?<![A-Za-z0-9_.])z[0-9]+.*")) {
                throw new IllegalArgumentException("polynomial " + (r + 1) + " mixes z-variables with the per-factor"
                        + " letters " + letters + "; use one letter per factor");
            }
            try {
                out.add(Polynomial.parse(sb.toString(), Map.of(), starts[nf.length]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("polynomial " + (r + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Infers the ambient product from letter variables (largest index per letter) and the configuration from the degrees. */
    private static ProjectiveVariety parseProductSpec(String[] polys, String shown) {
        String joined = String.join(";", polys);
        java.util.TreeSet<Character> letters = lettersOf(joined);
        List<Character> order = new ArrayList<>(letters);
        int[] nf = new int[order.size()];
        java.util.regex.Matcher mt = LETTER_VARIABLE.matcher(joined);
        while (mt.find()) {
            int i = order.indexOf(mt.group(1).charAt(0));
            String digits = mt.group(2);
            int idx = digits.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(digits);
            if (idx > 64) {
                throw new IllegalArgumentException("in spec " + shown + ": variable " + mt.group()
                        + " has an index above 64");
            }
            nf[i] = Math.max(nf[i], idx);
        }
        for (int i = 0; i < nf.length; i++) {
            if (nf[i] < 1) {
                throw new IllegalArgumentException("in spec " + shown + ": factor '" + order.get(i) + "' uses only "
                        + order.get(i) + "0; a projective factor needs at least two coordinates");
            }
        }
        List<Polynomial> qs = parseProduct(polys, letters, nf);
        int[][] deg = new int[nf.length][qs.size()];
        int start = 0;
        for (int i = 0; i < nf.length; i++) {
            for (int a = 0; a < qs.size(); a++) {
                Polynomial q = qs.get(a);
                if (q.terms() == 0) {
                    throw new IllegalArgumentException("in spec " + shown + ": polynomial " + (a + 1) + " is zero");
                }
                for (int j = start; j < start + nf[i] + 1; j++) {
                    deg[i][a] += q.exponent(0, j);
                }
            }
            start += nf[i] + 1;
        }
        try {
            return cicy(CicyConfiguration.of(nf, deg), qs, null, order);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("in spec " + shown + ": " + e.getMessage(), e);
        }
    }

    /**
     * A variety from a command-line spec. Products of projective spaces: {@code bicubic}, {@code tetraquadric},
     * {@code schoen}, {@code cicy:<configuration>@<seed>} (a random member, configuration as in
     * {@link CicyConfiguration#parse}, e.g. {@code cicy:2:3|2:3@7}), or polynomials in per-factor variables such as
     * {@code x0^3*y0^3 + …} (one letter per factor, factors in alphabetical order of their letters, CP<sup>n</sup>
     * with n the largest index of the letter); any spec may end in {@code &t=t1,t2,…} (Kähler moduli). In one
     * CP<sup>n</sup>: {@code cubic-cubic-p5}, {@code fermat-quintic}, {@code fermat-quartic}, {@code fermat-cubic},
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
        String shown = quote(s);
        int amp = s.indexOf("&t=");
        if (amp >= 0) {
            return withModuliSpec(parse(s.substring(0, amp)), s.substring(amp + 3), shown);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "bicubic":
                return bicubic();
            case "tetraquadric":
                return tetraquadric();
            case "schoen":
                return schoen();
            case "cubic-cubic-p5":
                return cubicCubicP5();
            case "fermat-quintic":
                return fermatQuintic();
            case "fermat-quartic":
                return fermatQuartic();
            case "fermat-cubic":
                return fermatCubic();
            default:
                break;
        }
        if (lower.startsWith("cicy:")) {
            return cicySpec(s.substring(5), shown);
        }
        if (lower.startsWith("dwork:")) {
            return dworkSpec(s.substring(6), shown);
        }
        if (lower.startsWith("fermat:")) {
            return fermatSpec(s, shown);
        }
        String[] parts = s.split(";");
        java.util.TreeSet<Character> letters = lettersOf(s);
        if (!letters.isEmpty() && !(letters.size() == 1 && letters.first() == 'z')) {
            return parseProductSpec(parts, shown);
        }
        return polynomialSpec(parts, shown);
    }

    /** {@code base&t=t1,t2,…}: the base variety with these Kähler moduli. */
    private static ProjectiveVariety withModuliSpec(ProjectiveVariety base, String moduli, String shown) {
        String[] parts = moduli.split(",", -1);
        double[] t = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                t[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("in spec " + shown + ": Kähler modulus " + quote(parts[i])
                        + " is not a number", e);
            }
        }
        try {
            return base.withKahlerModuli(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("in spec " + shown + ": " + e.getMessage(), e);
        }
    }

    /** {@code cicy:<configuration>[@<seed>]} (the text after {@code cicy:}). */
    private static ProjectiveVariety cicySpec(String body, String shown) {
        int at = body.lastIndexOf('@');
        long seed = NAMED_SEED;
        if (at >= 0) {
            try {
                seed = Long.parseLong(body.substring(at + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("in spec " + shown + ": seed " + quote(body.substring(at + 1))
                        + " is not an integer", e);
            }
            body = body.substring(0, at);
        }
        try {
            return randomCicy(CicyConfiguration.parse(body), seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("in spec " + shown + ": " + e.getMessage(), e);
        }
    }

    /** {@code dwork:<psi>} (the text after {@code dwork:}). */
    private static ProjectiveVariety dworkSpec(String psiText, String shown) {
        Polynomial c;
        try {
            c = Polynomial.parse(psiText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("in spec " + shown + ": psi: " + e.getMessage(), e);
        }
        if (c.degree() > 0) {
            throw new IllegalArgumentException("in spec " + shown + ": psi must be a number, got " + quote(psiText));
        }
        return dwork(c.terms() == 0 ? Complex.ZERO : c.coefficient(0));
    }

    /** {@code fermat:<n>:<degree>}. */
    private static ProjectiveVariety fermatSpec(String s, String shown) {
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

    /** Polynomials in z0, z1, … separated by {@code ;}: a complete intersection in the smallest CP^n holding them. */
    private static ProjectiveVariety polynomialSpec(String[] parts, String shown) {
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
                        + " fermat:<n>:<degree>, bicubic, tetraquadric, schoen, cubic-cubic-p5, cicy:<config>@<seed>)",
                        e);
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
        return new ProjectiveVariety(starts, moduli, configuration, equations, newName);
    }

    /**
     * n, the dimension of the ambient CP<sup>n</sup> (Σn<sub>i</sub> for a product; the number of homogeneous
     * coordinates is {@link #coordinateCount()}).
     *
     * @return n, the dimension of the ambient space
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
        if (configuration != null) {
            return configuration.volume(moduli);
        }
        double v = 1.0;
        for (int deg : degrees) {
            v *= deg;
        }
        return moduli[0] == 1.0 ? v : v * Math.pow(moduli[0], dimension());
    }

    /**
     * Σ deg Q<sub>r</sub> = n + 1 (vanishing first Chern class of the complete intersection).
     */
    public boolean isCalabiYau() {
        if (configuration != null) {
            return configuration.isCalabiYau();
        }
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
        if (factorCount() > 1) {
            a = new ProductSampler(kernels, geometry, configuration, starts, moduli).sample(count, seed, threads);
        } else if (isHypersurface()) {
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
        int m = coordinateCount();
        int f = factorCount();
        if (count < 0 || homogeneous.length != 2L * count * m) {
            throw new IllegalArgumentException("expected " + 2L * Math.max(0, count) * m + " doubles for " + count
                    + " points with " + m + " complex coordinates, got " + homogeneous.length);
        }
        PointArrays a = new PointArrays(count, m, degrees.length, f);
        System.arraycopy(homogeneous, 0, a.coords, 0, homogeneous.length);
        for (int p = 0; p < count; p++) {
            for (int j = 0; j < 2 * m; j++) {
                double x = a.coords[2 * p * m + j];
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("point " + p + " has a non-finite coordinate " + x);
                }
            }
            int zero = geometry.zeroFactor(a.coords, p);
            if (zero >= 0) {
                throw new IllegalArgumentException("point " + p + " is the zero vector" + (f > 1 ? " in factor "
                        + (zero + 1) : "") + ", which is no point of " + ambientText());
            }
            geometry.normalizeFactors(a.coords, p, a.patch);
        }
        geometry.derive(a, 0, count, geometry.newScratch());
        return new PointSet(this, a);
    }

    /** The points of {@code ps} re-expressed in the given patches (see {@link PointSet#inPatches}). */
    PointSet rechart(PointSet ps, int[] patches) {
        if (factorCount() > 1) {
            throw new IllegalArgumentException("re-expressing points in other patches is implemented for a variety in"
                    + " one CP^n; " + name + " lives in " + ambientText());
        }
        int count = ps.size();
        int m = n + 1;
        if (patches == null || patches.length != count) {
            throw new IllegalArgumentException("need one patch index per point (" + count + "), got "
                    + (patches == null ? "null" : patches.length));
        }
        PointArrays a = new PointArrays(count, m, degrees.length);
        double[] z = a.coords;
        System.arraycopy(ps.coordsView(), 0, z, 0, 2 * count * m);
        System.arraycopy(ps.trialStartView(), 0, a.trialStart, 0, count);
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

    /** Equal if same ambient space, equal defining polynomials in the same order and equal Kähler moduli. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ProjectiveVariety && Arrays.equals(starts, ((ProjectiveVariety) o).starts)
                && equations.equals(((ProjectiveVariety) o).equations)
                && Arrays.equals(moduli, ((ProjectiveVariety) o).moduli);
    }

    @Override
    public int hashCode() {
        return 31 * n + equations.hashCode();
    }
}
