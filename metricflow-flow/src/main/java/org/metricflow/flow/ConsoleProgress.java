package org.metricflow.flow;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * A console progress bar: one line per epoch with the observables, and, on a terminal, a bar redrawn in place at
 * most every 200 ms with the current loss and the estimated time to completion.
 */
public final class ConsoleProgress implements FlowListener {
    private final PrintStream out;
    private final String[] shown;
    private long lastDraw;
    private int epochs;
    private long start;
    private boolean barOnLine;

    /**
     * A progress printer.
     *
     * @param out where to print (typically System.err, so that standard output stays machine-readable)
     * @param shown the observables printed per epoch (all if empty)
     */
    public ConsoleProgress(PrintStream out, String... shown) {
        this.out = out;
        this.shown = shown.clone();
    }

    @Override
    public void onStart(int epochs, int stepsPerEpoch) {
        this.epochs = epochs;
        this.start = System.nanoTime();
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L && step + 1 < stepsPerEpoch) {
            return;
        }
        lastDraw = now;
        double done = ((epoch - 1) + (step + 1.0) / stepsPerEpoch) / Math.max(1, epochs);
        double elapsed = (now - start) / 1e9;
        double eta = done > 0 ? elapsed * (1 - done) / done : Double.NaN;
        int width = 30;
        int filled = (int) Math.round(done * width);
        out.printf(Locale.ROOT, "\r[%s%s] %5.1f%% epoch %d/%d loss %.4g eta %s   ", "#".repeat(filled),
                ".".repeat(width - filled), 100 * done, epoch, epochs, loss, formatSeconds(eta));
        out.flush();
        barOnLine = true;
    }

    @Override
    public void onEpoch(int epoch, Map<String, Double> observables, double elapsedSeconds, double etaSeconds) {
        if (barOnLine) {
            out.print('\r');
            out.print(" ".repeat(100));
            out.print('\r');
            barOnLine = false;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %3d", epoch));
        for (Map.Entry<String, Double> e : observables.entrySet()) {
            if (shown.length == 0 || java.util.Arrays.asList(shown).contains(e.getKey())) {
                sb.append(String.format(Locale.ROOT, "  %s %.5g", e.getKey(), e.getValue()));
            }
        }
        sb.append(String.format(Locale.ROOT, "  (%s elapsed)", formatSeconds(elapsedSeconds)));
        out.println(sb);
    }

    static String formatSeconds(double s) {
        if (!Double.isFinite(s)) {
            return "?";
        }
        long t = Math.round(s);
        return t >= 60 ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60) : t + "s";
    }
}
