package org.metricflow.examples.plot;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.metricflow.core.io.AtomicFiles;

/**
 * One PNG line chart (XChart, headless), built series by series and written atomically.
 *
 * <p>Logarithmic axes are drawn as log<sub>10</sub> of the values on a linear axis whose tick labels show the values
 * themselves with two significant digits: XChart's own log axis labels only powers of ten, so a σ falling from 0.37
 * to 0.007 got two labels; here it gets one every few tenths of a decade. Error bars on a log axis are the first-order
 * image of ±e, i.e. ±e/(y ln 10) in log<sub>10</sub> y. Non-finite points, and on a log axis non-positive ones, are
 * dropped (a series with no point left is not added).
 *
 * <p>Not thread-safe; one instance per chart.
 */
public final class Plot {
    private final XYChart chart;
    private final boolean logX;
    private final boolean logY;
    private final java.util.Map<String, XYSeries> series = new java.util.LinkedHashMap<>();

    private Plot(XYChart chart, boolean logX, boolean logY) {
        this.chart = chart;
        this.logX = logX;
        this.logY = logY;
    }

    /**
     * An empty 800×500 chart.
     *
     * @param title the chart title
     * @param xLabel the x axis title (" (log scale)" is appended for a log axis)
     * @param yLabel the y axis title (likewise)
     * @param logX whether x is logarithmic
     * @param logY whether y is logarithmic
     * @return the chart, ready for {@link #series}
     */
    public static Plot of(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
        System.setProperty("java.awt.headless", "true");
        XYChart c = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle(logX ? xLabel + " (log scale)" : xLabel)
                .yAxisTitle(logY ? yLabel + " (log scale)" : yLabel).build();
        if (logX) {
            c.getStyler().setXAxisTickLabelsFormattingFunction(v -> tickLabel(Math.pow(10, v)));
        }
        if (logY) {
            c.getStyler().setYAxisTickLabelsFormattingFunction(v -> tickLabel(Math.pow(10, v)));
        }
        c.getStyler().setLegendVisible(false);
        return new Plot(c, logX, logY);
    }

    /**
     * Adds a line (with markers when it has at most 60 points).
     *
     * @param name the legend entry, unique in the chart
     * @param x the x values
     * @param y the y values, as many as x
     * @return this chart
     */
    public Plot series(String name, double[] x, double[] y) {
        add(name, x, y, null);
        return this;
    }

    /**
     * Adds a line with error bars of ±{@code error}.
     *
     * @param name the legend entry, unique in the chart
     * @param x the x values
     * @param y the y values, as many as x
     * @param error one standard error per point (≥ 0; NaN draws no bar), as many as x
     * @return this chart
     */
    public Plot seriesWithErrors(String name, double[] x, double[] y, double[] error) {
        add(name, x, y, error);
        return this;
    }

    /**
     * Adds a dashed horizontal reference line at {@code y} from {@code xFrom} to {@code xTo}, without markers.
     *
     * @param name the legend entry (say what the value is, e.g. "Fubini–Study σ = 0.37")
     * @param y the height (positive on a log axis)
     * @param xFrom where the line starts
     * @param xTo where it ends
     * @return this chart
     */
    public Plot horizontalLine(String name, double y, double xFrom, double xTo) {
        XYSeries s = add(name, new double[] {xFrom, xTo}, new double[] {y, y}, null);
        if (s != null) {
            s.setMarker(SeriesMarkers.NONE).setLineStyle(SeriesLines.DASH_DASH);
        }
        return this;
    }

    /**
     * The XChart chart, to inspect (tests check series, labels and error bars) or style further.
     *
     * @return the live chart
     */
    public XYChart chart() {
        return chart;
    }

    /**
     * The series added so far, by legend name, in order (values as drawn: log<sub>10</sub> on a log axis).
     *
     * @return an unmodifiable view
     */
    public java.util.Map<String, XYSeries> seriesByName() {
        return java.util.Collections.unmodifiableMap(series);
    }

    /**
     * Renders the chart as a PNG, atomically.
     *
     * @param file the PNG to write
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        chart.getStyler().setLegendVisible(true);
        if (logY) {
            // Enough significant digits that neighbouring ticks differ: 2 over a decade or more, more when the data
            // span only a small fraction of a decade (XChart then ticks every ~span/8 in log10).
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (XYSeries s : series.values()) {
                for (double v : s.getYData()) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            double span = hi - lo;
            int digits = span > 0.3 || !(span > 0) ? 2 : Math.min(8, 2 + (int) Math.ceil(Math.log10(0.3 / span)));
            chart.getStyler().setYAxisTickLabelsFormattingFunction(v -> tickLabel(Math.pow(10, v), digits));
        }
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * The tick label of a value: two significant digits (more in {@link #write} when the data span less than a
     * third of a decade), plain notation between 1e-4 and 1e6.
     *
     * @return e.g. "0.015", "250", "1.5e-07"
     */
    static String tickLabel(double v) {
        return tickLabel(v, 2);
    }

    private static String tickLabel(double v, int digits) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e6) {
            return new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
    }

    private XYSeries add(String name, double[] x, double[] y, double[] error) {
        if (x.length != y.length || (error != null && error.length != y.length)) {
            throw new IllegalArgumentException("series " + name + ": " + x.length + " x values, " + y.length
                    + " y values" + (error == null ? "" : ", " + error.length + " errors"));
        }
        int n = 0;
        double[] xs = new double[y.length];
        double[] ys = new double[y.length];
        double[] es = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i]) || (logY && y[i] <= 0) || (logX && x[i] <= 0)) {
                continue;
            }
            xs[n] = logX ? Math.log10(x[i]) : x[i];
            ys[n] = logY ? Math.log10(y[i]) : y[i];
            double e = error == null || !Double.isFinite(error[i]) ? 0 : Math.abs(error[i]);
            es[n] = logY ? e / (y[i] * Math.log(10)) : e;
            n++;
        }
        if (n == 0) {
            return null;
        }
        XYSeries s = error == null
                ? chart.addSeries(name, Arrays.copyOf(xs, n), Arrays.copyOf(ys, n))
                : chart.addSeries(name, Arrays.copyOf(xs, n), Arrays.copyOf(ys, n), Arrays.copyOf(es, n));
        s.setMarker(n > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        series.put(name, s);
        return s;
    }
}
