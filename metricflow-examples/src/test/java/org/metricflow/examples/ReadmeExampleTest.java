package org.metricflow.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.metricflow.flow.ConsoleProgress;
import org.metricflow.flow.FlowResult;
import org.metricflow.flow.MetricFlow;
import org.metricflow.flow.ModelFiles;
import org.metricflow.nn.Activation;
import org.metricflow.core.stats.Estimate;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.geometry.riemann.Curvature;
import org.metricflow.geometry.riemann.MetricField;
import org.metricflow.geometry.riemann.PointCurvature;
import org.metricflow.geometry.riemann.StandardMetrics;

/** The README's "taste of the API" snippet, verbatim, with its stated results asserted. */
class ReadmeExampleTest {

    @Test
    void readmeSnippetComputesWhatItSays() {
        // Curvature of any metric written with Tensor operations, differentiated by reverse-mode autodiff.
        MetricField berger = StandardMetrics.bergerSphere(0.5);          // squashed S^3, R = 8 - 2·0.5²
        PointCurvature c = Curvature.of(berger).at(0.7, 0.1, 2.0);
        double scalar = c.scalar();                                       // 7.5

        // A metric of your own: g = e^{2u} (dx² + dy²) with u = x·y.
        MetricField conformal = StandardMetrics.euclidean(2).conformal(x -> x.col(0).times(x.col(1)));
        double r = Curvature.of(conformal).at(0.2, 0.3).scalar();         // -2 e^{-2u} Δu = 0 here, since Δ(xy) = 0

        // Points on the Fermat quintic with exact Monte-Carlo weights, and σ of the Fubini–Study metric.
        PointSet points = ProjectiveVariety.parse("fermat-quintic").sample(100_000, 42);
        Estimate sigma = KahlerIntegrals.sigmaFubiniStudy(points);         // 0.373 ± 0.001

        assertEquals(7.5, scalar, 1e-12);
        assertEquals(0.0, r, 1e-12);
        assertEquals(0.373, sigma.value(), 3 * sigma.standardError() + 0.001);
    }

    /**
     * The README's learning snippet, verbatim. It is compiled here so that it cannot drift from the API; running it
     * takes about a minute, so {@code MetricFlowTest} and {@code QuickstartCommandTest} run the same flow at a
     * reduced size instead.
     */
    static double readmeLearningSnippet() throws java.io.IOException {
        FlowResult r = MetricFlow.builder()
                .variety(ProjectiveVariety.fermatQuintic()).points(20_000).seed(1)
                .phiModel(64, 3, Activation.GELU)                 // g = g_FS + ∂∂̄φ_θ on the features z_i z̄_j/|z|²
                .epochs(10).batchSize(1024).adam(2e-3)
                .listener(new ConsoleProgress(System.err, "sigma"))
                .build().run();
        double sigma = r.history().last("sigma");                 // from 0.37 (Fubini–Study) to below 0.1
        ModelFiles.save(r.model(), Path.of("model.mfa"));
        return sigma;
    }
}
