package org.metricflow.flow.ricci;

/**
 * A left-invariant metric on S³ = SU(2), diagonal in a Milnor frame: g = a θ<sub>1</sub>² + b θ<sub>2</sub>² +
 * c θ<sub>3</sub>², where θ<sub>i</sub> is the left-invariant coframe dual to left-invariant fields X<sub>i</sub> with
 * [X<sub>2</sub>, X<sub>3</sub>] = 2X<sub>1</sub> (cyclically). a = b = c = r² is the round sphere of radius r; a = b
 * ≠ c are the Berger spheres (c/a = ε²).
 *
 * <p>Milnor's formulas (Milnor 1976, Lemma 6.5 ff.) with the orthonormal frame e<sub>i</sub> = X<sub>i</sub>/√a<sub>i</sub>:
 * [e<sub>2</sub>, e<sub>3</sub>] = λ<sub>1</sub>e<sub>1</sub> with λ<sub>1</sub> = 2a/√(abc) (cyclically),
 * μ<sub>1</sub> = (−λ<sub>1</sub> + λ<sub>2</sub> + λ<sub>3</sub>)/2 = (−a + b + c)/√(abc), and the frame is a Ricci
 * eigenframe with principal Ricci curvatures Ric(e<sub>1</sub>, e<sub>1</sub>) = 2μ<sub>2</sub>μ<sub>3</sub> =
 * 2(a − b + c)(a + b − c)/(abc), cyclically. Hence R = Σ 2μ<sub>j</sub>μ<sub>k</sub> and the Ricci flow
 * ∂<sub>t</sub>g = −2Ric is the ODE da/dt = −2a·Ric(e<sub>1</sub>, e<sub>1</sub>) = −4(a − b + c)(a + b − c)/(bc),
 * cyclically. Immutable.
 */
public final class BergerMetric {
    private final double a;
    private final double b;
    private final double c;

    private BergerMetric(double a, double b, double c) {
        this.a = a;
        this.b = b;
        this.c = c;
    }

    /**
     * The metric a θ<sub>1</sub>² + b θ<sub>2</sub>² + c θ<sub>3</sub>² (all positive and finite).
     */
    public static BergerMetric of(double a, double b, double c) {
        RotationalMetric.requirePositive(a, "a");
        RotationalMetric.requirePositive(b, "b");
        RotationalMetric.requirePositive(c, "c");
        return new BergerMetric(a, b, c);
    }

    /**
     * The round sphere of radius r: a = b = c = r².
     */
    public static BergerMetric round(double radius) {
        RotationalMetric.requirePositive(radius, "radius");
        return of(radius * radius, radius * radius, radius * radius);
    }

    /**
     * The Berger sphere of radius r with fibres scaled by ε: a = b = r², c = ε²r².
     */
    public static BergerMetric berger(double radius, double epsilon) {
        RotationalMetric.requirePositive(radius, "radius");
        RotationalMetric.requirePositive(epsilon, "epsilon");
        return of(radius * radius, radius * radius, epsilon * epsilon * radius * radius);
    }

    /**
     * The principal values (a, b, c).
     */
    public double[] principalValues() {
        return new double[] {a, b, c};
    }

    /**
     * The principal Ricci curvatures Ric(e<sub>i</sub>, e<sub>i</sub>) in the orthonormal Milnor frame.
     */
    public double[] principalRicci() {
        double abc = a * b * c;
        return new double[] {
            2 * (a - b + c) * (a + b - c) / abc,
            2 * (b - c + a) * (b + c - a) / abc,
            2 * (c - a + b) * (c + a - b) / abc};
    }

    /**
     * R = Σ<sub>i</sub> Ric(e<sub>i</sub>, e<sub>i</sub>); 6/r² for the round sphere.
     */
    public double scalarCurvature() {
        double[] r = principalRicci();
        return r[0] + r[1] + r[2];
    }

    /**
     * The sectional curvatures K(e<sub>2</sub>, e<sub>3</sub>), K(e<sub>3</sub>, e<sub>1</sub>),
     * K(e<sub>1</sub>, e<sub>2</sub>) of the frame planes, from Ric(e<sub>1</sub>) = K<sub>12</sub> + K<sub>13</sub>:
     * K<sub>23</sub> = R/2 − Ric(e<sub>1</sub>, e<sub>1</sub>).
     */
    public double[] frameSectional() {
        double[] r = principalRicci();
        double half = 0.5 * (r[0] + r[1] + r[2]);
        return new double[] {half - r[0], half - r[1], half - r[2]};
    }

    /**
     * The largest |frame sectional curvature|.
     */
    public double maxCurvature() {
        double max = 0;
        for (double k : frameSectional()) {
            max = Math.max(max, Math.abs(k));
        }
        return max;
    }

    /**
     * Vol = 2π²√(abc) (the unit round S³ has volume 2π²).
     */
    public double volume() {
        return 2 * Math.PI * Math.PI * Math.sqrt(a * b * c);
    }

    /**
     * The volume radius (abc)<sup>1/6</sup>.
     */
    public double volumeRadius() {
        return Math.pow(a * b * c, 1.0 / 6);
    }

    /**
     * Perelman's λ: for a homogeneous metric the minimizing f is constant, so λ = R.
     *
     * @return λ = R
     */
    public double perelmanLambda() {
        return scalarCurvature();
    }

    /**
     * The Ricci-flow velocity (da/dt, db/dt, dc/dt) = −2(a Ric(e<sub>1</sub>), b Ric(e<sub>2</sub>), c Ric(e<sub>3</sub>)).
     */
    public double[] ricciFlowVelocity() {
        double[] r = principalRicci();
        return new double[] {-2 * a * r[0], -2 * b * r[1], -2 * c * r[2]};
    }

    @Override
    public String toString() {
        return "BergerMetric[a=" + a + ", b=" + b + ", c=" + c + "]";
    }
}
