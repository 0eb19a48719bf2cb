package org.metricflow.examples.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.metricflow.examples.TrainingOutputs;
import org.metricflow.examples.cli.CliTestAccess;
import org.metricflow.flow.FlowResult;
import org.metricflow.flow.MetricFlow;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;

/**
 * Every chart the tool writes, checked for its series, axis titles, error bars and tick labels (the charts are
 * inspected before rendering; the PNGs are then read back as images).
 */
class PlotsTest {

    @TempDir
    Path dir;

    private static FlowResult shortRun() {
        return MetricFlow.builder().variety(ProjectiveVariety.fermatQuintic()).points(400).seed(2)
                .phiModel(8, 1, Activation.GELU).epochs(2).batchSize(100).adam(3e-3).build().run();
    }

    private static List<String> names(Plot p) {
        return List.copyOf(p.seriesByName().keySet());
    }

    @Test
    void sigmaHasErrorBarsAndBothReferenceLines() throws Exception {
        FlowResult r = shortRun();
        Plot p = TrainingOutputs.sigmaPlot(r.history(), "fermat-quintic");
        XYChart c = p.chart();
        assertEquals("epoch", c.getXAxisTitle());
        assertEquals("σ (log scale)", c.getYAxisTitle());
        assertEquals(List.of("σ (validation)", String.format(java.util.Locale.ROOT, "Fubini–Study (epoch 0): %.3g",
                r.history().first("sigma")), "best published, quintic: 0.015"), names(p));
        XYSeries sigma = p.seriesByName().get("σ (validation)");
        double[] bars = sigma.getExtraValues();
        assertNotNull(bars, "σ has no error bars");
        double[] s = r.history().series("sigma");
        double[] e = r.history().series("sigmaError");
        for (int i = 0; i < s.length; i++) {
            assertEquals(Math.log10(s[i]), sigma.getYData()[i], 1e-15);
            assertEquals(e[i] / (s[i] * Math.log(10)), bars[i], 1e-15);     // ±e to first order in log10 σ
            assertTrue(bars[i] > 0);
        }
        XYSeries published = p.seriesByName().get("best published, quintic: 0.015");
        assertArrayEquals(new double[] {Math.log10(0.015), Math.log10(0.015)}, published.getYData(), 1e-15);
        // Another variety: no published line.
        assertEquals(2, TrainingOutputs.sigmaPlot(r.history(), "fermat-quartic").seriesByName().size());
        p.write(dir.resolve("sigma.png"));
        assertNotNull(ImageIO.read(dir.resolve("sigma.png").toFile()));
    }

    @Test
    void lossesHaveNoDuplicatedSeries() {
        FlowResult r = shortRun();
        Plot p = TrainingOutputs.lossPlot(r.history());
        XYChart c = p.chart();
        Map<String, double[]> ys = p.seriesByName().values().stream()
                .collect(Collectors.toMap(XYSeries::getName, XYSeries::getYData));
        List<double[]> values = List.copyOf(ys.values());
        for (int i = 0; i < values.size(); i++) {
            for (int j = i + 1; j < values.size(); j++) {
                assertFalse(java.util.Arrays.equals(values.get(i), values.get(j)), "two identical series in " + ys.keySet());
            }
        }
        // One Monge–Ampère term of weight 1: the total is that term, drawn once and labelled so.
        assertTrue(ys.containsKey("loss = mongeAmpere") || ys.keySet().stream().anyMatch(n -> n.startsWith("loss = ")),
                ys.keySet().toString());
        assertEquals("loss (log scale)", c.getYAxisTitle());
        assertEquals("epoch", c.getXAxisTitle());
    }

    @Test
    void logTicksAreLabelledWithTheirValues() {
        Plot p = Plot.of("t", "x", "y", false, true).series("s", new double[] {0, 1, 2}, new double[] {0.37, 0.05, 0.007});
        Function<Double, String> f = p.chart().getStyler().getYAxisTickLabelsFormattingFunction();
        assertNotNull(f);
        // XChart places linear ticks on log10 y every ~0.2–0.5 decades; each shows the value itself.
        assertEquals("0.015", f.apply(Math.log10(0.015)));
        assertEquals("0.1", f.apply(-1.0));
        assertEquals("0.25", f.apply(Math.log10(0.25)));
        assertEquals("1.5e-07", Plot.tickLabel(1.5e-7));
        assertEquals("250", Plot.tickLabel(250));
    }

    @Test
    void theKernelSpectrumHasLabelledAxesAndBothKernels() throws Exception {
        Path out = dir.resolve("ntk");
        CliTestAccess.Result res = CliTestAccess.run("ntk", "--width", "64", "--inputs", "12", "--out", out.toString(),
                "--json");
        assertEquals(0, res.code(), res.err());
        assertNotNull(ImageIO.read(out.resolve("ntk_spectrum.png").toFile()));
        List<String> csv = Files.readAllLines(out.resolve("ntk_spectrum.csv"));
        assertEquals(13, csv.size());
        Plot p = CliTestAccess.spectrumPlot(new double[] {3, 2, 1}, new double[] {3.1, 1.9, 1.2}, 64);
        XYChart c = p.chart();
        assertEquals("index k (eigenvalues in descending order)", c.getXAxisTitle());
        assertEquals("eigenvalue λ_k of Θ (log scale)", c.getYAxisTitle());
        assertEquals(List.of("empirical NTK, width 64", "analytic NTK (infinite width)"), names(p));
    }
}
