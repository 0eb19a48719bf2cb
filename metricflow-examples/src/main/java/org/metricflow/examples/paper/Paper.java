package org.metricflow.examples.paper;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.metricflow.core.io.AtomicFiles;

/**
 * Runs the paper's claims and writes {@code report.md}: a summary table of one-line verdicts, then one section per
 * claim with its figures, tables and the paper's read-off values beside ours. See the package documentation for the
 * claims and their thresholds.
 */
public final class Paper {

    /** The sizes of the experiments. */
    public enum Scale {
        /** Tiny sizes for unit tests (seconds); the verdicts are computed but not meaningful. */
        TEST,
        /** {@code --quick}: under 2 minutes on 2 cores, for CI. */
        QUICK,
        /** The full run of docs/RESULTS.md. */
        FULL
    }

    /**
     * What {@link #run} produced.
     *
     * @param claims one result per claim, in order
     * @param seconds total wall time
     * @param cpuSeconds CPU time of the whole process during the run (all threads, JIT and GC included)
     */
    public record Report(List<ClaimResult> claims, double seconds, double cpuSeconds) {
        /**
         * Copies the list.
         *
         * @param claims the results
         * @param seconds the wall time
         * @param cpuSeconds the process CPU time
         */
        public Report {
            claims = List.copyOf(claims);
        }
    }

    private Paper() {
    }

    /**
     * The four claims in the paper's order of presentation used by report.md: (a) flow equation, (b) feature
     * learning, (c) Perelman limit, (d) kernel locality.
     *
     * @return the claims
     */
    public static List<Claim> claims() {
        return List.of(new FlowEquationClaim(), new FeatureLearningClaim(), new PerelmanClaim(), new LocalityClaim());
    }

    /**
     * Runs the claims and writes report.md (and each claim's files) into {@code dir}, created if needed.
     *
     * @param claims the claims to run
     * @param scale the sizes
     * @param progress where progress lines go
     * @param dir the output folder
     * @return the results
     * @throws IOException if a file cannot be written
     */
    public static Report run(List<Claim> claims, Scale scale, long seed, PrintWriter progress, Path dir)
            throws IOException {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(progress, "progress");
        Files.createDirectories(dir);
        long start = System.nanoTime();
        long cpu0 = processCpuNanos();
        List<ClaimResult> results = new ArrayList<>();
        for (Claim c : claims) {
            progress.printf(Locale.ROOT, "== %s (%s)%n", c.key(), scale.name().toLowerCase(Locale.ROOT));
            progress.flush();
            ClaimResult r = c.run(scale, seed, progress, dir);
            results.add(r);
            for (Verdict v : r.verdicts()) {
                progress.println("   " + v.line().replace("**", ""));
            }
            progress.flush();
        }
        Report report = new Report(results, (System.nanoTime() - start) / 1e9,
                (processCpuNanos() - cpu0) / 1e9);
        AtomicFiles.write(dir.resolve("report.md"), markdown(report, scale, seed).getBytes(StandardCharsets.UTF_8));
        return report;
    }

    /** The CPU time of this process in nanoseconds (all threads), or −1 where the JVM does not report it. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }

    static String markdown(Report report, Scale scale, long seed) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Metric flows with neural networks: the paper's claims, measured\n\n");
        sb.append(String.format(Locale.ROOT, "Halverson & Ruehle, \"Metric Flows with Neural Networks\","
                + " arXiv:2310.19870. Scale: %s, seed %d. Wall time %.1f s, process CPU time %.1f s.%n%n",
                scale.name().toLowerCase(Locale.ROOT), seed, report.seconds(), report.cpuSeconds()));
        sb.append("Each verdict compares one measured number with a stated threshold; a claim that does not"
                + " reproduce is reported with its numbers.\n\n");
        sb.append("| claim | verdict | measured | threshold |\n|---|---|---:|---|\n");
        for (ClaimResult c : report.claims()) {
            for (Verdict v : c.verdicts()) {
                sb.append(String.format(Locale.ROOT, "| %s: %s | **%s** | %s | %s |%n", v.claim(), v.quantity(),
                        v.holds() ? "holds" : "does not hold", Verdict.number(v.measured()), v.threshold()));
            }
        }
        sb.append('\n');
        for (ClaimResult c : report.claims()) {
            sb.append("## ").append(c.title()).append("\n\n").append(c.body().strip()).append("\n\n");
            sb.append("Verdicts:\n\n");
            for (Verdict v : c.verdicts()) {
                sb.append("- ").append(v.line()).append('\n');
            }
            sb.append(String.format(Locale.ROOT, "%nTime: %.1f s.%n%n", c.seconds()));
        }
        return sb.toString();
    }
}
