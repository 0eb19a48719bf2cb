package org.metricflow.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metricflow.core.io.AtomicFiles;
import org.metricflow.examples.paper.Claim;
import org.metricflow.examples.paper.ClaimResult;
import org.metricflow.examples.paper.Paper;
import org.metricflow.examples.paper.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code metricflow paper --out DIR [--quick] [--seed S] [--json]}: runs the paper's claims ({@link Paper}) and
 * writes {@code report.md} with every figure, table and a one-line verdict per claim, plus {@code <claim>.json} per
 * claim; {@code metricflow paper flow-equation|feature-learning|perelman|locality --out DIR …} runs one claim.
 * JSON keys: {@code verdicts} (list of {claim, quantity, measured, threshold, holds}), {@code allHold},
 * {@code claims} (claim → its numbers), {@code seconds}, {@code cpuSeconds}, {@code out}. A claim that does not
 * hold is a result, not a failure: the exit code is 0.
 */
@Command(name = "paper", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "The claims of Halverson & Ruehle, arXiv:2310.19870, each measured against a stated threshold:"
                + " report.md with figures, tables and one verdict per claim.",
        subcommands = {PaperCommand.FlowEquation.class, PaperCommand.FeatureLearning.class,
            PaperCommand.Perelman.class, PaperCommand.Locality.class})
public final class PaperCommand extends CliCommand {

    /** The options of {@code paper} and of each of its subcommands. */
    public static final class PaperOptions {
        @Option(names = "--out", description = "Output folder (created if needed); required.")
        Path out;

        @Option(names = "--quick", description = "The quick sizes (under 2 minutes on 2 cores).")
        boolean quick;

        @Option(names = "--seed", defaultValue = Defaults.SEED, description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;
    }

    @Mixin
    PaperOptions paper = new PaperOptions();

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) throws IOException {
        return run(Paper.claims(), paper, spec.root().commandLine().getErr(), text, results);
    }

    static int run(List<Claim> claims, PaperOptions o, PrintWriter progress, PrintWriter text,
            Map<String, Object> results) throws IOException {
        if (o.out == null) {
            throw new CliUsageException("--out DIR is required");
        }
        Paper.Scale scale = o.quick ? Paper.Scale.QUICK : Paper.Scale.FULL;
        return report(Paper.run(claims, scale, o.seed, progress, o.out), o.out, text, results);
    }

    /** Writes {@code <claim>.json} per claim and fills the JSON results. */
    static int report(Paper.Report report, Path out, PrintWriter text, Map<String, Object> results)
            throws IOException {
        List<Map<String, Object>> verdicts = new ArrayList<>();
        Map<String, Object> claims = new LinkedHashMap<>();
        boolean all = true;
        for (ClaimResult c : report.claims()) {
            Map<String, Object> numbers = new LinkedHashMap<>(c.json());
            List<Map<String, Object>> own = new ArrayList<>();
            for (Verdict v : c.verdicts()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("claim", v.claim());
                m.put("quantity", v.quantity());
                m.put("measured", v.measured());
                m.put("threshold", v.threshold());
                m.put("holds", v.holds());
                own.add(m);
                verdicts.add(m);
                all &= v.holds();
            }
            numbers.put("verdicts", own);
            numbers.put("seconds", c.seconds());
            AtomicFiles.write(out.resolve(c.key() + ".json"), (Json.write(numbers) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            claims.put(c.key(), numbers);
        }
        results.put("verdicts", verdicts);
        results.put("allHold", all);
        results.put("claims", claims);
        results.put("seconds", report.seconds());
        results.put("cpuSeconds", report.cpuSeconds());
        results.put("out", out.toAbsolutePath().toString());
        text.printf("report: %s (%.1f s, process CPU %.1f s)%n", out.resolve("report.md").toAbsolutePath(),
                report.seconds(), report.cpuSeconds());
        text.flush();
        return 0;
    }

    /** The base of the one-claim subcommands. */
    abstract static class One extends CliCommand {
        @Mixin
        PaperOptions paper = new PaperOptions();

        abstract String key();

        @Override
        protected int execute(PrintWriter text, Map<String, Object> results) throws IOException {
            List<Claim> one = new ArrayList<>();
            for (Claim c : Paper.claims()) {
                if (c.key().equals(key())) {
                    one.add(c);
                }
            }
            return run(one, paper, spec.root().commandLine().getErr(), text, results);
        }
    }

    /** {@code paper flow-equation}: claim (a). */
    @Command(name = "flow-equation", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
            description = "(a) One gradient-descent step against -eta Theta dL/dg over four decades of eta: the"
                    + " residual and its fitted order (2).")
    static final class FlowEquation extends One {
        @Override
        String key() {
            return "flow-equation";
        }
    }

    /** {@code paper feature-learning}: claim (b). */
    @Command(name = "feature-learning", mixinStandardHelpOptions = true,
            versionProvider = MetricflowCli.Version.class,
            description = "(b) Gradient descent on NTK-parametrized networks of growing width: kernel change against"
                    + " width (exponent -1/2), the Adam standard-parametrization reference, the spectrum of the"
                    + " kernel change (Fig. 2) by Lanczos.")
    static final class FeatureLearning extends One {
        @Override
        String key() {
            return "feature-learning";
        }
    }

    /** {@code paper perelman}: claim (c). */
    @Command(name = "perelman", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
            description = "(c) The local-kernel flow of -F is Perelman's flow: F monotone, networks approach the PDE"
                    + " as width and bandwidth grow.")
    static final class Perelman extends One {
        @Override
        String key() {
            return "perelman";
        }
    }

    /** {@code paper locality}: claim (d). */
    @Command(name = "locality", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
            description = "(d) Factor gained in loss against geodesic distance 1e-8 ... 1 for Gaussian, delta and"
                    + " relu-NTK kernel flows on the quintic and the flat torus.")
    static final class Locality extends One {
        @Override
        String key() {
            return "locality";
        }
    }
}
