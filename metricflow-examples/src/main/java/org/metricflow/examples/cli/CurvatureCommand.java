package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.metricflow.geometry.riemann.Curvature;
import org.metricflow.geometry.riemann.MetricField;
import org.metricflow.geometry.riemann.PointCurvature;
import org.metricflow.geometry.riemann.StandardMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow curvature --metric <name> [--dim n] [--radius r] --point x1,x2,... [--json]}: the scalar
 * curvature, Ricci tensor and Kretschmann scalar of a catalogue metric ({@link StandardMetrics#byName}) at a point.
 * JSON keys: {@code scalar}, {@code ricci} (n×n), {@code kretschmann}, {@code metric} (n×n), {@code point}.
 */
@Command(name = "curvature", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Curvature of a catalogue metric at a point: scalar curvature, Ricci tensor, Kretschmann"
                + " scalar. Metrics: euclidean, sphere, sphere-angular, hyperbolic, halfspace, torus, s2xs2,"
                + " s2xh2, berger (radius = epsilon), schwarzschild (radius = mass), eguchi-hanson (radius = a).")
public final class CurvatureCommand extends CliCommand {

    @Option(names = "--metric", required = true, description = "The catalogue metric's name.")
    String metric;

    @Option(names = "--dim", description = "The dimension, for families that have one (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    int dim;

    @Option(names = "--radius", description = "Radius, or the family's parameter (default: ${DEFAULT-VALUE}).",
            defaultValue = "1.0")
    double radius;

    @Option(names = "--point", required = true, split = ",",
            description = "The point's coordinates, comma-separated, e.g. 0.3,0.1.")
    double[] point;

    @Override
    protected void validate() {
        range("--dim", dim, 1, 16);
        if (!Double.isFinite(radius)) {
            throw new CliUsageException("--radius must be finite, got " + radius);
        }
        for (int i = 0; i < point.length; i++) {
            if (!Double.isFinite(point[i])) {
                throw new CliUsageException("--point: coordinate " + (i + 1) + " is not finite (" + point[i] + ")");
            }
        }
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) {
        MetricField g = usage(null, () -> StandardMetrics.byName(metric, dim, radius));
        if (point.length != g.dimension()) {
            throw new CliUsageException("--point has " + point.length + " coordinates but the metric '" + metric
                    + "' is " + g.dimension() + "-dimensional");
        }
        PointCurvature c = Curvature.of(g).at(point);
        results.put("metricName", metric);
        results.put("dimension", g.dimension());
        results.put("point", point);
        results.put("scalar", c.scalar());
        results.put("ricci", c.ricciMatrix());
        results.put("kretschmann", c.kretschmann());
        results.put("metric", c.metricMatrix());
        text.printf("metric %s (dimension %d) at %s%n", metric, g.dimension(), java.util.Arrays.toString(point));
        text.printf("  scalar curvature R = %.15g%n", c.scalar());
        text.printf("  Kretschmann R_ijkl R^ijkl = %.15g%n", c.kretschmann());
        text.println("  Ricci tensor:");
        for (double[] row : c.ricciMatrix()) {
            StringBuilder sb = new StringBuilder("   ");
            for (double v : row) {
                sb.append(String.format(" %22.15g", v));
            }
            text.println(sb);
        }
        return 0;
    }
}
