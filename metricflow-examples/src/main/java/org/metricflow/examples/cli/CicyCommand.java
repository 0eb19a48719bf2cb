package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.metricflow.geometry.complex.CicyConfiguration;
import org.metricflow.geometry.complex.ProjectiveVariety;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow cicy (--variety <spec> | --config <matrix>) [--kahler-moduli t1,t2,…] [--json]}: the
 * topological description of a complete intersection in a product of projective spaces, computed exactly from its
 * configuration matrix ({@link CicyConfiguration}). JSON keys: {@code configuration} (e.g. {@code 2:3|2:3}),
 * {@code factors} (n<sub>i</sub>), {@code equations}, {@code h11Ambient} (the number of factors), {@code dimension},
 * {@code calabiYau}, {@code moduli} (t), {@code volume} (∫J<sub>t</sub><sup>d</sup>), {@code euler} (χ from the total Chern
 * class); for threefolds {@code tripleIntersections} (d<sub>ijk</sub>, i ≤ j ≤ k, as {@code "ijk": value}) and
 * {@code c2J} (c<sub>2</sub>·J<sub>i</sub>); for other dimensions {@code intersections} (∫ΠJ<sub>i</sub><sup>e<sub>i</sub></sup> for
 * every exponent vector e); plus {@code variety} when given by {@code --variety}.
 */
@Command(name = "cicy", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Topology of a complete intersection in a product of projective spaces from its configuration"
                + " matrix: intersection numbers d_ijk, c2.J_i, Euler characteristic and the volume for Kähler"
                + " moduli t.")
public final class CicyCommand extends CliCommand {

    @Option(names = "--variety", description = "A variety spec: bicubic, tetraquadric, schoen, cicy:<configuration>@<seed>,"
            + " polynomials in per-factor variables (x0..x2, y0..y2), or any single-CP^n spec.")
    String variety;

    @Option(names = "--config", description = "A configuration matrix n1:q11,q12,...|n2:q21,... (e.g. 2:3|2:3).")
    String config;

    @Option(names = "--kahler-moduli", description = "Kähler moduli t1,t2,... for the volume (default: all 1).")
    String kahlerModuli;

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) {
        if ((variety == null) == (config == null)) {
            throw new CliUsageException("give exactly one of --variety <spec> and --config <matrix>");
        }
        CicyConfiguration c;
        double[] t;
        if (variety != null) {
            ProjectiveVariety x = variety(variety, kahlerModuli);
            c = x.configuration();
            t = x.kahlerModuli();
            results.put("variety", x.name());
        } else {
            c = usage("--config", () -> CicyConfiguration.parse(config));
            double[] ones = new double[c.factorCount()];
            Arrays.fill(ones, 1.0);
            t = kahlerModuli == null ? ones : usage("--kahler-moduli", () -> parseModuli(kahlerModuli));
            final double[] tt = t;
            usage("--kahler-moduli", () -> {
                c.requireModuli(tt);
                return null;
            });
        }
        int f = c.factorCount();
        int d = c.dimension();
        results.put("configuration", c.toString());
        results.put("factors", toList(c.factorDimensions()));
        results.put("equations", c.equationCount());
        results.put("h11Ambient", f);
        results.put("dimension", d);
        results.put("calabiYau", c.isCalabiYau());
        results.put("moduli", toList(t));
        results.put("volume", c.volume(t));
        results.put("euler", c.eulerCharacteristic());
        text.printf("configuration %s (%d factors, %d equations), dimension %d, Calabi-Yau: %s%n", c, f,
                c.equationCount(), d, c.isCalabiYau() ? "yes" : "no");
        text.println(c.matrixText());
        if (d == 3) {
            Map<String, Object> dijk = new java.util.LinkedHashMap<>();
            long[][][] n = c.tripleIntersections();
            for (int i = 0; i < f; i++) {
                for (int j = i; j < f; j++) {
                    for (int k = j; k < f; k++) {
                        dijk.put("" + (i + 1) + (j + 1) + (k + 1), n[i][j][k]);
                    }
                }
            }
            results.put("tripleIntersections", dijk);
            long[] c2 = c.c2DotJ();
            List<Object> c2l = new ArrayList<>();
            for (long v : c2) {
                c2l.add(v);
            }
            results.put("c2J", c2l);
            text.printf("  d_ijk (i<=j<=k, nonzero):");
            dijk.forEach((key, v) -> {
                if ((Long) v != 0) {
                    text.printf(" d_%s=%d", key, v);
                }
            });
            text.println();
            text.printf("  c2.J_i = %s%n", Arrays.toString(c2));
        } else {
            Map<String, Object> inter = new java.util.LinkedHashMap<>();
            for (int[] e : c.monomials(d)) {
                inter.put(Arrays.toString(e).replace(" ", ""), c.intersectionNumber(e));
            }
            results.put("intersections", inter);
            text.printf("  intersection numbers ∫ΠJ_i^e_i: %s%n", inter);
        }
        text.printf("  Euler characteristic = %d%n", c.eulerCharacteristic());
        text.printf("  volume ∫J_t^%d at t = %s: %s%n", d, Arrays.toString(t), c.volume(t));
        return 0;
    }

    private static List<Object> toList(int[] a) {
        List<Object> l = new ArrayList<>();
        for (int x : a) {
            l.add(x);
        }
        return l;
    }

    private static List<Object> toList(double[] a) {
        List<Object> l = new ArrayList<>();
        for (double x : a) {
            l.add(x);
        }
        return l;
    }
}
