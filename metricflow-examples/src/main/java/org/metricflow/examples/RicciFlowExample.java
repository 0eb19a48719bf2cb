package org.metricflow.examples;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.metricflow.flow.ricci.RicciFlowTrajectory;
import org.metricflow.flow.ricci.RotationalMetric;
import org.metricflow.flow.ricci.RotationalRicciFlow;

/**
 * Teaching example 2: the Ricci flow ∂<sub>t</sub>g = −2 Ric, with the reference solvers of
 * {@code org.metricflow.flow.ricci}.
 * <ol>
 *   <li>A squashed sphere becomes round. The metric e<sup>2u</sup>g<sub>S²</sub> with u = 0.3 cos 2x has Gauss
 *       curvature of both signs; under the flow its area drops at the constant rate 8π (Gauss–Bonnet:
 *       dA/dt = −∫R dA = −2∫K dA = −8π), so it dies at T = A<sub>0</sub>/8π, and just before, the curvature pinching
 *       min K / max K approaches 1: it becomes a round point (Hamilton, Chow).</li>
 *   <li>Perelman's F increases. λ(g) = min<sub>f</sub> F(g, f) = min<sub>f</sub> ∫(R + |∇f|²)e<sup>−f</sup>dV
 *       (∫e<sup>−f</sup>dV = 1) is the lowest eigenvalue of −4Δ + R, and is non-decreasing along the flow.</li>
 *   <li>A dumbbell pinches. Two unit 3-spheres joined by a thin neck: the neck curvature blows up while the caps
 *       stay almost as they were (the Angenent–Knopf neckpinch); the solver stops when the singularity is no longer
 *       resolved.</li>
 * </ol>
 * Run it with {@code metricflow example-ricci-flow}, or call {@link #run(PrintWriter, int)}.
 */
public final class RicciFlowExample {
    private RicciFlowExample() {
    }

    /**
     * Runs the example at full size.
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        run(out, 400);
        out.flush();
    }

    /**
     * Runs the example.
     *
     * @param cells grid cells of the rotationally symmetric solver (≥ 100; 400 is the full size)
     * @return {@code squashedPinchingStart}, {@code squashedPinchingEnd}, {@code areaRateError} (largest relative
     *     deviation of the area from A<sub>0</sub> − 8πt), {@code lambdaStart}, {@code lambdaEnd},
     *     {@code lambdaMonotone}, {@code neckCurvatureStart}, {@code neckCurvatureEnd}, {@code capCurvatureStart},
     *     {@code capCurvatureEnd}, {@code pinchTime}
     */
    public static Map<String, Object> run(PrintWriter out, int cells) {
        if (cells < 100) {
            throw new IllegalArgumentException("cells must be at least 100 to resolve the dumbbell, got " + cells);
        }
        Map<String, Object> results = new LinkedHashMap<>();

        out.println("1. A squashed sphere, u = 0.3 cos 2x, under the Ricci flow");
        RotationalMetric squashed = RotationalMetric.squashed(2, 1, 0.3, cells / 2);
        RotationalRicciFlow flow = RotationalRicciFlow.of(squashed);
        double extinction = flow.knownExtinctionTime();
        RicciFlowTrajectory s = flow.run(0.97 * extinction, 10).trajectory();
        double[] t = s.times();
        double[] area = s.series("volume");
        double[] pinching = s.series("pinching");
        double[] lambda = s.perelmanLambda();
        double areaError = 0;
        boolean monotone = true;
        out.printf("   extinction time A0/(8 pi) = %.5f%n", extinction);
        out.printf("   %9s %12s %12s %12s %12s%n", "t/T", "area", "A0 - 8 pi t", "min K/max K", "F = lambda");
        for (int i = 0; i < t.length; i++) {
            double exact = area[0] - 8 * Math.PI * t[i];
            areaError = Math.max(areaError, Math.abs(area[i] - exact) / area[0]);
            monotone &= i == 0 || lambda[i] >= lambda[i - 1];
            out.printf("   %9.3f %12.6f %12.6f %12.6f %12.6f%n", t[i] / extinction, area[i], exact, pinching[i],
                    lambda[i]);
        }
        int last = t.length - 1;
        out.printf("   pinching %.4f -> %.4f: the sphere becomes round; F increases %s%n", pinching[0],
                pinching[last], monotone ? "monotonically" : "NOT monotonically");
        results.put("squashedPinchingStart", pinching[0]);
        results.put("squashedPinchingEnd", pinching[last]);
        results.put("areaRateError", areaError);
        results.put("lambdaStart", lambda[0]);
        results.put("lambdaEnd", lambda[last]);

        out.println("2. A dumbbell S^3: two unit caps joined by a neck of radius 0.2");
        RotationalMetric dumbbell = RotationalMetric.dumbbell(3, 4, 0.2, 2, cells);
        RicciFlowTrajectory d = RotationalRicciFlow.of(dumbbell).run(0.08, 16).trajectory();
        double[] td = d.times();
        double[] neck = d.series("equatorCurvature");
        double[] cap = d.series("capCurvature");
        double[] lambdaD = d.perelmanLambda();
        out.printf("   %9s %14s %14s %12s%n", "t", "neck |K|", "cap |K|", "F = lambda");
        for (int i = 0; i < td.length; i++) {
            monotone &= i == 0 || lambdaD[i] >= lambdaD[i - 1];
            out.printf("   %9.5f %14.4f %14.4f %12.6f%n", td[i], neck[i], cap[i], lambdaD[i]);
        }
        int end = td.length - 1;
        out.printf("   %s%n", d.stopReason());
        out.printf("   neck curvature x%.1f, caps x%.2f: a neckpinch at t = %.4f%n", neck[end] / neck[0],
                cap[end] / cap[0], td[end]);
        results.put("lambdaMonotone", monotone);
        results.put("neckCurvatureStart", neck[0]);
        results.put("neckCurvatureEnd", neck[end]);
        results.put("capCurvatureStart", cap[0]);
        results.put("capCurvatureEnd", cap[end]);
        results.put("pinchTime", td[end]);
        return results;
    }
}
