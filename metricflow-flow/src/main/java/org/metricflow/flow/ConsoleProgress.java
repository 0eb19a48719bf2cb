package org.metricflow.flow;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Progress of a training run on a console stream (normally standard error, so that standard output stays
 * machine-readable, also under {@code --json}).
 * <ul>
 *   <li>Always: one plain line per epoch with the chosen observables, the elapsed time and, once known, the
 *       estimated time to completion.</li>
 *   <li>Only on a terminal: in between, a bar redrawn in place ({@code \r}) at most every 200 ms. Redirected to a
 *       file or pipe no {@code \r} frames are written, so logs hold only the epoch lines.</li>
 *   <li>The estimate is shown only after warm-up: it is the rate measured from the end of the first step (which
 *       includes the JIT's compilation of the hot loops) once at least 2% of the run and one second have passed
 *       since; before that it reads "eta …".</li>
 * </ul>
 * Not thread-safe: the flow calls its listeners from one thread.
 */
public final class ConsoleProgress implements FlowListener {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final String[] shown;
    private long lastDraw;
    private int epochs;
    private long start;
    private final WarmEta eta = new WarmEta();
    private boolean barOnLine;

    /**
     * A progress printer that draws the bar only if standard error is a terminal ({@link #stderrIsTerminal()}).
     *
     * @param out where to print (typically {@code System.err})
     * @param shown the observables printed per epoch, by history name (all if none are given)
     */
    public ConsoleProgress(PrintStream out, String... shown) {
        this(out, stderrIsTerminal(), shown);
    }

    /**
     * A progress printer.
     *
     * @param out where to print
     * @param terminal whether {@code out} is a terminal (then the bar is drawn in place between epoch lines)
     * @param shown the observables printed per epoch, by history name (all if none are given)
     */
    public ConsoleProgress(PrintStream out, boolean terminal, String... shown) {
        this.out = java.util.Objects.requireNonNull(out, "out");
        this.terminal = terminal;
        this.shown = shown.clone();
    }

    /**
     * Whether this process's standard error is a terminal: on Linux, whether {@code /proc/self/fd/2} points to a
     * tty or pts device; elsewhere whether the JVM has a console. {@code TERM=dumb} counts as no terminal.
     *
     * @return true if a bar drawn with carriage returns will be seen as one line
     */
    public static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        java.nio.file.Path fd = java.nio.file.Path.of("/proc/self/fd/2");
        try {
            if (java.nio.file.Files.exists(fd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                String target = java.nio.file.Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            // fall through
        }
        return System.console() != null;
    }

    @Override
    public void onStart(int epochs, int stepsPerEpoch) {
        this.epochs = epochs;
        this.start = System.nanoTime();
        this.eta.reset();
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
        long now = System.nanoTime();
        double done = ((epoch - 1) + (step + 1.0) / stepsPerEpoch) / Math.max(1, epochs);
        eta.report(now, done);
        if (!terminal || (now - lastDraw < REDRAW_NANOS && step + 1 < stepsPerEpoch)) {
            return;
        }
        lastDraw = now;
        int width = 30;
        int filled = (int) Math.round(Math.min(1, done) * width);
        out.printf(Locale.ROOT, "\r[%s%s] %5.1f%% epoch %d/%d loss %.4g eta %s   ", "#".repeat(filled),
                ".".repeat(width - filled), 100 * done, epoch, epochs, loss, formatSeconds(eta(now, done)));
        out.flush();
        barOnLine = true;
    }

    /** Seconds left at fraction {@code done}, from the rate after warm-up; NaN while warming up. */
    double eta(long now, double done) {
        return eta.seconds(now, done);
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
        sb.append(String.format(Locale.ROOT, "  (%s elapsed", formatSeconds(elapsedSeconds)));
        double left = epoch == 0 || epoch >= epochs ? Double.NaN : eta(System.nanoTime(), (double) epoch / epochs);
        sb.append(Double.isFinite(left) ? ", eta " + formatSeconds(left) + ")" : ")");
        out.println(sb);
        out.flush();
    }

    /**
     * A duration as "42s" or "3m07s"; "…" when unknown (NaN or infinite).
     *
     * @param s seconds
     * @return the text
     */
    static String formatSeconds(double s) {
        if (!Double.isFinite(s)) {
            return "…";
        }
        long t = Math.round(s);
        return t >= 60 ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60) : t + "s";
    }
}
