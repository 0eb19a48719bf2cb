package org.metricflow.examples.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.metricflow.core.io.AtomicFiles;
import org.metricflow.geometry.complex.CymetricDataset;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow sample --variety <spec> --points N --seed S --out file.csv [--json]}: samples points of a
 * projective variety ({@link ProjectiveVariety#parse}) with the random-line sampler and writes one CSV row per
 * point: {@code re_z0,im_z0,…,re_zn,im_zn,patch[,patch1…],eliminated[,eliminated1…],omega2,weight} (one patch
 * column per projective factor) after a header line
 * (coordinates normalized to the patch; |Ω|²; Monte-Carlo weight w = |Ω|²/(d!·det g<sub>FS</sub>)); with
 * {@code --format npz} cymetric's {@code dataset.npz} instead ({@link CymetricDataset}). JSON keys: {@code format},
 * ({@code train}, {@code validation} for npz), {@code variety}, {@code points}, {@code seed}, {@code out},
 * {@code dimension}, {@code ambientDimension}. The
 * file is written atomically (a failed or interrupted write leaves the previous file as it was).
 */
@Command(name = "sample", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Sample points of a projective variety and write them as CSV (coordinates, patch,"
                + " eliminated coordinate(s), |Omega|^2, weight). Varieties: a polynomial such as"
                + " 'z0^3+z1^3+z2^3', or fermat-quintic, dwork:<psi>, fermat-quartic, fermat-cubic,"
                + " fermat:<n>:<degree>, bicubic, tetraquadric, schoen, cubic-cubic-p5, cicy:<configuration>@<seed>.")
public final class SampleCommand extends CliCommand {

    @Option(names = "--variety", required = true, description = "The variety: a polynomial or a family name.")
    String variety;

    @Option(names = "--points", required = true, description = "Number of points (>= 1).")
    int points;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = Defaults.SEED)
    long seed;

    @Option(names = "--out", required = true, description = "The file to write (CSV, or .npz with --format npz).")
    Path out;

    @Option(names = "--kahler-moduli", description = "Kähler moduli t1,t2,... (one per projective factor): sample"
            + " by J_t^d and weight for the reference metric sum t_i g_i.")
    String kahlerModuli;

    @Option(names = "--format", defaultValue = "csv",
            description = "csv, or npz: cymetric's dataset.npz layout (X_train, y_train, X_val, y_val, val_pullbacks;"
                    + " weights in cymetric's convention, d!/2^d times metricflow's) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--validation-fraction", defaultValue = "0.1",
            description = "With --format npz: the fraction of points written as X_val/y_val (default:"
                    + " ${DEFAULT-VALUE}).")
    double validationFraction;

    @picocli.CommandLine.Mixin
    SingularOption singularOption = new SingularOption();

    @Override
    protected void validate() {
        range("--points", points, 1, Integer.MAX_VALUE);
        smooth("--variety", variety(variety, kahlerModuli), singularOption.allow());
        if (!format.equalsIgnoreCase("npz") && !format.equalsIgnoreCase("csv")) {
            throw new CliUsageException("--format must be csv or npz, got '" + shown(format) + "'");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new CliUsageException("--validation-fraction must lie in [0, 1), got " + validationFraction);
        }
        OutputPaths.probeFile("--out", out);
    }

    /** The sampled points (coordinates, patch data, |Ω|², weight) and the text of one row. */
    @Override
    protected MemoryEstimate memory() {
        ProjectiveVariety x = variety(variety);
        int m = x.coordinateCount();
        return MemoryEstimate.of().doubles("--points " + points + " sampled points in CP^" + (m - 1), points,
                2L * m + 2L * x.dimension() * m + 8);
    }

    @Override
    protected String howToBoundMemory() {
        return "use fewer --points (sample in chunks with different --seed values) or raise the heap limit (-Xmx)";
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) throws IOException {
        boolean npz = format.equalsIgnoreCase("npz");
        ProjectiveVariety x = variety(variety, kahlerModuli);
        org.metricflow.flow.StageProgress progress = progress(2);
        progress.begin("sampling " + points + " points on " + x.name());
        PointSet pts = x.sample(points, seed);
        progress.begin("writing " + shown(out));
        results.put("format", npz ? "npz" : "csv");
        if (npz) {
            int train = pts.size() - (int) Math.round(validationFraction * pts.size());
            CymetricDataset.write(pts, train, out);
            results.put("train", train);
            results.put("validation", pts.size() - train);
        } else {
            writeCsv(pts);
        }
        progress.end();
        results.put("variety", x.name());
        results.put("points", pts.size());
        results.put("seed", seed);
        results.put("out", out.toString());
        results.put("dimension", pts.dimension());
        results.put("ambientDimension", pts.ambientDimension());
        text.printf("wrote %d points of %s (dimension %d in CP^%d) to %s%n", pts.size(), x.name(), pts.dimension(),
                pts.ambientDimension(), shown(out));
        return 0;
    }

    private void writeCsv(PointSet pts) throws IOException {
        int m = pts.coordinateCount();
        int k = pts.codimension();
        // Written beside the target and renamed over it: a full disk or a kill leaves the old file intact.
        AtomicFiles.write(out, stream -> {
            BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8),
                    1 << 16);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < m; j++) {
                sb.append("re_z").append(j).append(",im_z").append(j).append(',');
            }
            int f = pts.factorCount();
            for (int i = 0; i < f; i++) {
                sb.append(i == 0 ? "patch" : "patch" + i).append(',');
            }
            for (int r = 0; r < k; r++) {
                sb.append(r == 0 ? "eliminated" : "eliminated" + r).append(',');
            }
            sb.append("omega2,weight");
            w.write(sb.toString());
            w.newLine();
            for (int p = 0; p < pts.size(); p++) {
                sb.setLength(0);
                for (int j = 0; j < m; j++) {
                    sb.append(pts.re(p, j)).append(',').append(pts.im(p, j)).append(',');
                }
                for (int i = 0; i < f; i++) {
                    sb.append(pts.patch(p, i)).append(',');
                }
                for (int r = 0; r < k; r++) {
                    sb.append(pts.eliminated(p, r)).append(',');
                }
                sb.append(pts.omegaSquared(p)).append(',').append(pts.weight(p));
                w.write(sb.toString());
                w.newLine();
            }
            w.flush();
        });
    }
}
