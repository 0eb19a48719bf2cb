package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.metricflow.core.random.Rng;
import org.metricflow.core.stats.Estimate;
import org.metricflow.geometry.algebraic.BalancedMetric;
import org.metricflow.geometry.algebraic.DonaldsonIteration;
import org.metricflow.geometry.algebraic.SectionBasis;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow donaldson --variety <spec> --k K --points N [--seed S] [--iterations I] [--tolerance t]
 * [--sigma-points M] [--json]}: Donaldson's balanced metric of degree k on a variety
 * ({@link org.metricflow.geometry.algebraic.DonaldsonIteration}), its T-operator integrated over N sampled points,
 * and σ of the resulting metric on an independent sample of M points (default M = N), with σ of Fubini–Study on
 * the same points for comparison. JSON keys: {@code sigma}, {@code sigmaError}, {@code sigmaFS},
 * {@code sigmaFSError}, {@code iterations}, {@code converged}, {@code residual}, {@code sections}, {@code k},
 * {@code points}, {@code sigmaPoints}, {@code recommendedPoints} (10·N²), {@code variety}, {@code seconds}.
 */
@Command(name = "donaldson", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Donaldson's balanced metric of degree k on a projective variety and its sigma measure."
                + " Varieties: fermat-quintic, fermat-quartic, fermat-cubic, dwork:<psi>, fermat:<n>:<degree> or a"
                + " polynomial such as \"z0^3+z1^3+z2^3\".")
public final class DonaldsonCommand extends CliCommand {

    @Option(names = "--variety", required = true, description = "The variety spec.")
    String variety;

    @Option(names = "--k", required = true, description = "The line bundle degree k >= 1.")
    int k;

    @Option(names = "--points", required = true,
            description = "Points for the T-operator integral (the literature uses at least 10·N_k²).")
    int points;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = Defaults.SEED)
    long seed;

    @Option(names = "--iterations", description = "Maximum number of T-iterations (default: ${DEFAULT-VALUE}).",
            defaultValue = "50")
    int iterations;

    @Option(names = "--tolerance",
            description = "Stop when ||H T(H) - I||_F/sqrt(N) is below this (default: ${DEFAULT-VALUE}).",
            defaultValue = "1e-6")
    double tolerance;

    @Option(names = "--sigma-points", description = "Points of the independent sample for sigma (default: --points).",
            defaultValue = "0")
    int sigmaPoints;

    @picocli.CommandLine.Mixin
    SingularOption singularOption = new SingularOption();

    @Override
    protected void validate() {
        range("--points", points, 2, Integer.MAX_VALUE);
        if (sigmaPoints < 0 || sigmaPoints == 1) {
            throw new CliUsageException("--sigma-points must be >= 2 (or 0 for the --points value), got "
                    + sigmaPoints);
        }
        range("--iterations", iterations, 1, 100_000);
        positive("--tolerance", tolerance, 1);
        range("--k", k, 1, 64);
        smooth("--variety", variety(variety), singularOption.allow());
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) {
        long t0 = System.nanoTime();
        ProjectiveVariety x = variety(variety);
        SectionBasis sections = usage("--k", () -> SectionBasis.of(x, k));
        int n = sections.size();
        long recommended = 10L * n * n;
        if (points < n || (sigmaPoints != 0 && sigmaPoints < 2)) {
            throw new CliUsageException("--points " + points + " is fewer than the " + n + " sections of degree k = " + k
                    + ": the balanced-metric iteration needs at least that many (" + recommended + " recommended)");
        }
        int evalCount = sigmaPoints == 0 ? points : sigmaPoints;
        org.metricflow.flow.StageProgress progress = progress(3);
        progress.begin("sampling " + points + " + " + evalCount + " points");
        PointSet train = x.sample(points, seed);
        PointSet eval = x.sample(evalCount, Rng.stream(seed, 1).nextLong());
        progress.begin("balanced-metric iteration, " + n + " sections of degree " + k);
        BalancedMetric balanced = DonaldsonIteration.of(sections, train).withTolerance(tolerance)
                .withMaxIterations(iterations).run();
        progress.begin("sigma over " + evalCount + " points");
        Estimate sigma = balanced.potential().sigma(eval);
        Estimate sigmaFs = KahlerIntegrals.sigmaFubiniStudy(eval);
        progress.end();
        double seconds = (System.nanoTime() - t0) * 1e-9;
        results.put("variety", x.name());
        results.put("k", k);
        results.put("sections", n);
        results.put("points", points);
        results.put("sigmaPoints", evalCount);
        results.put("recommendedPoints", recommended);
        results.put("iterations", balanced.iterations());
        results.put("converged", balanced.converged());
        results.put("residual", balanced.finalResidual());
        results.put("sigma", sigma.value());
        results.put("sigmaError", sigma.standardError());
        results.put("sigmaFS", sigmaFs.value());
        results.put("sigmaFSError", sigmaFs.standardError());
        results.put("seconds", seconds);
        text.printf("Donaldson balanced metric on %s, k = %d: %d sections%n", x.name(), k, n);
        if (points < recommended) {
            text.printf("  note: %d points for the T-operator; at least 10·N² = %d are recommended%n", points,
                    recommended);
        }
        text.printf("  %d iterations, %s, balance residual %.3e (%.2f s)%n", balanced.iterations(),
                balanced.converged() ? "converged" : "NOT converged", balanced.finalResidual(), balanced.seconds());
        text.printf("  sigma  = %.5f ± %.5f on %d independent points%n", sigma.value(), sigma.standardError(),
                evalCount);
        text.printf("  sigma(FS) = %.5f ± %.5f%n", sigmaFs.value(), sigmaFs.standardError());
        text.printf("  %.2f s%n", seconds);
        return 0;
    }
}
