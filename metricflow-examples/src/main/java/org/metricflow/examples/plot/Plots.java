package org.metricflow.examples.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** PNG plots (XChart), rendered headless and written atomically; line charts are {@link Plot}s. */
public final class Plots {
    private Plots() {
    }

    /**
     * A line plot of several series against a common x axis.
     *
     * @param file the PNG to write
     * @param title the chart title
     * @param xLabel the x axis label
     * @param yLabel the y axis label
     * @param x the common x values
     * @param series name → y values (same length as x); non-positive values are dropped on a log axis
     * @param logY whether the y axis is logarithmic
     * @throws IOException if the file cannot be written
     */
    public static void line(Path file, String title, String xLabel, String yLabel, double[] x,
            Map<String, double[]> series, boolean logY) throws IOException {
        line(file, title, xLabel, yLabel, x, series, false, logY);
    }

    /**
     * A line plot of several series against a common x axis, with either axis logarithmic.
     *
     * @param file the PNG to write
     * @param title the chart title
     * @param xLabel the x axis label
     * @param yLabel the y axis label
     * @param x the common x values (positive on a log axis)
     * @param series name → y values (same length as x); non-positive values are dropped on a log axis
     * @param logX whether the x axis is logarithmic
     * @param logY whether the y axis is logarithmic
     * @throws IOException if the file cannot be written
     */
    public static void line(Path file, String title, String xLabel, String yLabel, double[] x,
            Map<String, double[]> series, boolean logX, boolean logY) throws IOException {
        Plot plot = Plot.of(title, xLabel, yLabel, logX, logY);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            plot.series(e.getKey(), x, e.getValue());
        }
        plot.write(file);
    }

    /**
     * A histogram of {@code values} in {@code bins} equal bins over [min, max], drawn as bar outlines, with the
     * counts on a logarithmic axis (empty bins drop to the floor 0.5, below a count of one).
     *
     * @param file the PNG to write
     * @param title the chart title
     * @param xLabel the label of the value axis
     * @param values the sample (non-finite entries are ignored)
     * @param bins the number of bins (≥ 1)
     * @return the counts per bin
     * @throws IOException if the file cannot be written
     */
    public static int[] histogram(Path file, String title, String xLabel, double[] values, int bins)
            throws IOException {
        double[] counts = histogram(file, title, xLabel, values, null, bins);
        int[] out = new int[bins];
        for (int b = 0; b < bins; b++) {
            out[b] = (int) Math.round(counts[b]);
        }
        return out;
    }

    /**
     * A weighted histogram: like {@link #histogram(Path, String, String, double[], int)} but each value counts with
     * its weight (e.g. the nodes and weights of a spectral density estimate); null weights count 1 each.
     *
     * @param file the PNG to write
     * @param title the chart title
     * @param xLabel the label of the value axis
     * @param values the sample (non-finite entries are ignored)
     * @param weights one non-negative weight per value, or null
     * @param bins the number of bins (≥ 1)
     * @return the summed weight per bin
     * @throws IOException if the file cannot be written
     */
    public static double[] histogram(Path file, String title, String xLabel, double[] values, double[] weights,
            int bins) throws IOException {
        if (weights != null && weights.length != values.length) {
            throw new IllegalArgumentException("histogram: " + values.length + " values but " + weights.length
                    + " weights");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("histogram needs at least 1 bin, got " + bins);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(lo <= hi)) {
            lo = 0;
            hi = 1;
        }
        if (hi == lo) {
            hi = lo + Math.max(1e-300, Math.abs(lo) * 1e-12);
        }
        double[] counts = new double[bins];
        double width = (hi - lo) / bins;
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                counts[Math.min(bins - 1, (int) ((values[i] - lo) / width))] += weights == null ? 1 : weights[i];
            }
        }
        double floor = 0.5;
        double[] xs = new double[4 * bins];
        double[] ys = new double[4 * bins];
        for (int b = 0; b < bins; b++) {
            double left = lo + b * width;
            double h = Math.max(floor, counts[b]);
            xs[4 * b] = left;
            ys[4 * b] = floor;
            xs[4 * b + 1] = left;
            ys[4 * b + 1] = h;
            xs[4 * b + 2] = left + width;
            ys[4 * b + 2] = h;
            xs[4 * b + 3] = left + width;
            ys[4 * b + 3] = floor;
        }
        Plot plot = Plot.of(title, xLabel, "count", false, true).series("counts", xs, ys);
        plot.seriesByName().get("counts").setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        plot.write(file);
        return counts;
    }
    /**
     * A plot of several series, each with its own x values (lines with markers).
     *
     * @param file the PNG to write
     * @param title the chart title
     * @param xLabel the x axis label
     * @param yLabel the y axis label
     * @param series name → {x values, y values} (equal lengths); non-finite and, on a log axis, non-positive
     *     points are dropped
     * @param logX whether the x axis is logarithmic
     * @param logY whether the y axis is logarithmic
     * @throws IOException if the file cannot be written
     */
    public static void xy(Path file, String title, String xLabel, String yLabel, Map<String, double[][]> series,
            boolean logX, boolean logY) throws IOException {
        Plot plot = Plot.of(title, xLabel, yLabel, logX, logY);
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            plot.series(e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
        plot.write(file);
    }
}
