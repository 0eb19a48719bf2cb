package org.metricflow.examples.paper;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metricflow.core.io.AtomicFiles;
import org.metricflow.examples.FeatureLearning;
import org.metricflow.examples.plot.Plots;
import org.metricflow.flow.FlowEquation;
import org.metricflow.flow.Loss;
import org.metricflow.flow.MetricFlow;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.phi.PhiModel;

/**
 * Claim (a): gradient descent moves the metric by ∂<sub>t</sub>g = −η Θ ∂L/∂g. A φ-model (gelu, standard
 * parametrization) on the Fermat quintic is first trained for one epoch of Adam so that every layer has moved off
 * its initialization; then on the points X one full-batch gradient-descent step of the Monge–Ampère loss with
 * exponent 2 (smooth in g) is compared with −ηΘ∂L/∂g for step sizes over four decades
 * ({@link FlowEquation#check}). Holds when the residual's fitted order in η lies in [1.8, 2.2] (Taylor: 2) and the
 * first-order terms agree, residual ≤ 10<sup>−3</sup> of the step's motion at the smallest η.
 */
public final class FlowEquationClaim implements Claim {
    /** Allowed interval of the fitted order. */
    static final double ORDER_LOW = 1.8;
    /** Upper end of the fitted order. */
    static final double ORDER_HIGH = 2.2;
    /** Largest relative residual at the smallest step. */
    static final double FIRST_ORDER = 1e-3;

    @Override
    public String key() {
        return "flow-equation";
    }

    @Override
    public ClaimResult run(Paper.Scale scale, long seed, PrintWriter progress, Path dir) throws IOException {
        long t0 = System.nanoTime();
        int points = switch (scale) {
            case TEST -> 40;
            case QUICK -> 200;
            case FULL -> 1000;
        };
        int width = scale == Paper.Scale.TEST ? 16 : 64;
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        PointSet x = quintic.sample(points, seed);
        PhiModel model = FeatureLearning.phiModel(quintic, width, 2, Parametrization.STANDARD, seed);
        MetricFlow.builder().pointSet(x).seed(seed).model(model).epochs(1).batchSize(32).adam(1e-3).build().run();
        Loss loss = Loss.mongeAmpere(2);
        FlowEquation.Result r = FlowEquation.check(model, loss, x, 0.05, 4, 2);
        progress.printf(Locale.ROOT, "  %d points, φ-model 2×%d gelu: fitted order %.4f, relative residual %.3g at the"
                + " smallest step%n", points, width, r.order(), r.relativeResiduals()[0]);
        double[] eta = r.learningRates();
        double[] quadratic = new double[eta.length];
        int last = eta.length - 1;
        for (int i = 0; i < eta.length; i++) {
            quadratic[i] = r.residuals()[last] * Math.pow(eta[i] / eta[last], 2);
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("‖Δg + ηΘ∂L/∂g‖", r.residuals());
        series.put("η² reference", quadratic);
        Plots.line(dir.resolve("flow_equation.png"), "one gradient-descent step against −ηΘ∂L/∂g", "step size η",
                "residual (metric components)", eta, series, true, true);
        StringBuilder csv = new StringBuilder("eta,residual,relative_residual\n");
        for (int i = 0; i < eta.length; i++) {
            csv.append(String.format(Locale.ROOT, "%.8g,%.8g,%.8g%n", eta[i], r.residuals()[i],
                    r.relativeResiduals()[i]));
        }
        AtomicFiles.write(dir.resolve("flow_equation.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder body = new StringBuilder();
        body.append(String.format(Locale.ROOT, "φ-model K_FS + φ (2 hidden gelu layers of width %d, standard"
                + " parametrization) on %d points of the Fermat quintic, after one epoch of Adam (10⁻³, batch 32)."
                + " Loss: Monge–Ampère with exponent 2. One full-batch gradient-descent step θ' = θ − η∇L against"
                + " the kernel prediction −ηΘ∂L/∂g (metric-NTK by its kernel-vector product); η spans four decades,"
                + " the largest moving g by 5%% to first order. ‖g‖ = %.4g, ‖Θ∂L/∂g‖ = %.4g, chain-rule check"
                + " ‖Jᵀ∂L/∂g − ∇θL‖/‖∇θL‖ = %.2g.%n%n", width, points, r.metricNorm(), r.kernelGradientNorm(),
                r.chainRuleError()));
        body.append("| η | ‖Δg + ηΘ∂L/∂g‖ | relative to ‖ηΘ∂L/∂g‖ |\n|---:|---:|---:|\n");
        for (int i = 0; i < eta.length; i++) {
            body.append(String.format(Locale.ROOT, "| %.3g | %.3g | %.3g |%n", eta[i], r.residuals()[i],
                    r.relativeResiduals()[i]));
        }
        body.append(String.format(Locale.ROOT, "%nFitted order of the residual in η: **%.4f** (Taylor: 2; the paper"
                + " states the flow equation, no number).%n%n![flow equation](flow_equation.png)%n", r.order()));
        List<Verdict> verdicts = List.of(
                new Verdict("(a) flow equation", "fitted order of ‖Δg + ηΘ∂L/∂g‖ in η", r.order(), ORDER_LOW,
                        ORDER_HIGH),
                Verdict.atMost("(a) flow equation", "relative residual at the smallest η", r.relativeResiduals()[0],
                        FIRST_ORDER));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("points", points);
        json.put("width", width);
        json.put("learningRates", eta);
        json.put("residuals", r.residuals());
        json.put("relativeResiduals", r.relativeResiduals());
        json.put("order", r.order());
        json.put("chainRuleError", r.chainRuleError());
        return new ClaimResult(key(), "(a) The flow equation ∂g/∂t = −η Θ ∂L/∂g", body.toString(), verdicts, json,
                (System.nanoTime() - t0) / 1e9);
    }
}
