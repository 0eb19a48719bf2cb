package org.metricflow.examples.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.metricflow.core.io.AtomicFiles;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG line plots (XChart), rendered headless and written atomically. */
public final class Plots {
    private Plots() {
    }

    /**
     * A line plot of several series against a common x axis.
     *
     * @param series name → y values (same length as x); non-positive values are dropped on a log axis
     * @param logY whether the y axis is logarithmic
     */
    public static void line(Path file, String title, String xLabel, String yLabel, double[] x,
            Map<String, double[]> series, boolean logY) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendVisible(series.size() > 1);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] y = e.getValue();
            int n = 0;
            double[] xs = new double[y.length];
            double[] ys = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                if (Double.isFinite(y[i]) && (!logY || y[i] > 0)) {
                    xs[n] = x[i];
                    ys[n] = y[i];
                    n++;
                }
            }
            if (n == 0) {
                continue;
            }
            chart.addSeries(e.getKey(), java.util.Arrays.copyOf(xs, n), java.util.Arrays.copyOf(ys, n))
                    .setMarker(n > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
