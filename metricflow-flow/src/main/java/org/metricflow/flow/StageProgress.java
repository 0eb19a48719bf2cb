package org.metricflow.flow;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;

/**
 * Progress of a task made of a few named stages (sampling, curvature integrals, one benchmark after another), for
 * work that is not a training run ({@link ConsoleProgress} covers those). Meant for standard error, so that standard
 * output stays machine-readable, also under {@code --json}.
 * <ul>
 *   <li>Always: one plain line when a stage begins, {@code "task [2/5] stage (12s elapsed)"}, and one when the task
 *       ends, {@code "task: done in 1m07s"}.</li>
 *   <li>Only on a terminal: while a stage reports its fraction done ({@link #fraction}), a bar redrawn in place
 *       ({@code \r}) at most every 200 ms, cleared before the next line. Redirected to a file or pipe, no {@code \r}
 *       frames are written.</li>
 *   <li>The bar's time estimate appears only after warm-up: the rate is measured from the stage's first report once at
 *       least 2% of the stage and one second have passed since.</li>
 * </ul>
 * {@link #silent()} prints nothing. Not thread-safe: call it from the thread that runs the task.
 */
public final class StageProgress {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private final String task;
    private final int stages;
    private final long start = System.nanoTime();
    private final WarmEta eta = new WarmEta();
    private int stage;
    private String current;
    private long lastDraw;
    private boolean barOnLine;

    private StageProgress(PrintWriter out, boolean terminal, String task, int stages) {
        this.out = out;
        this.terminal = terminal;
        this.task = task;
        this.stages = stages;
    }

    /**
     * Stage progress on {@code out}.
     *
     * @param out where to print (typically standard error), not null
     * @param terminal whether {@code out} is a terminal (then in-stage bars are drawn in place)
     * @param task the name shown at the start of every line, e.g. "bench"
     * @param stages how many stages {@link #begin} will announce (≥ 1; shown as "[i/stages]")
     * @return the progress printer
     * @throws IllegalArgumentException if {@code stages < 1}
     */
    public static StageProgress of(PrintWriter out, boolean terminal, String task, int stages) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(task, "task");
        if (stages < 1) {
            throw new IllegalArgumentException("stages must be >= 1, got " + stages);
        }
        return new StageProgress(out, terminal, task, stages);
    }

    /**
     * Stage progress on {@code out}, drawing bars only if this process's standard error is a terminal
     * ({@link ConsoleProgress#stderrIsTerminal()}).
     *
     * @param out standard error (or a writer onto it), not null
     * @param task the name shown at the start of every line
     * @param stages how many stages {@link #begin} will announce (≥ 1)
     * @return the progress printer
     */
    public static StageProgress onStderr(PrintWriter out, String task, int stages) {
        return of(out, ConsoleProgress.stderrIsTerminal(), task, stages);
    }

    /**
     * A progress printer that prints nothing (for embedding and tests).
     *
     * @return the silent printer
     */
    public static StageProgress silent() {
        return new StageProgress(null, false, "", 1);
    }

    /**
     * Starts the next stage and prints its line.
     *
     * @param what what the stage does, e.g. "sampling 100000 points"
     */
    public void begin(String what) {
        stage++;
        current = what;
        eta.reset();
        lastDraw = 0;
        line(String.format(Locale.ROOT, "%s [%d/%d] %s (%s elapsed)", task, Math.min(stage, stages), stages, what,
                ConsoleProgress.formatSeconds(elapsed())));
    }

    /**
     * Reports how much of the current stage is done; on a terminal redraws the bar (at most every 200 ms), elsewhere
     * prints nothing.
     *
     * @param done the fraction of the stage done, in [0, 1] (clamped; NaN counts as 0)
     */
    public void fraction(double done) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        double d = done >= 0 ? Math.min(1, done) : 0; // NaN counts as nothing done
        eta.report(now, d);
        if (!terminal || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int width = 30;
        int filled = (int) Math.round(d * width);
        out.printf(Locale.ROOT, "\r[%s%s] %5.1f%% %s eta %s   ", "#".repeat(filled), ".".repeat(width - filled),
                100 * d, current, ConsoleProgress.formatSeconds(eta.seconds(now, d)));
        out.flush();
        barOnLine = true;
    }

    /** Ends the task: prints {@code "task: done in …"}. */
    public void end() {
        line(String.format(Locale.ROOT, "%s: done in %s", task, ConsoleProgress.formatSeconds(elapsed())));
    }

    /** Seconds since this printer was created. */
    double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    private void line(String s) {
        if (out == null) {
            return;
        }
        if (barOnLine) {
            out.print('\r');
            out.print(" ".repeat(100));
            out.print('\r');
            barOnLine = false;
        }
        out.println(s);
        out.flush();
    }
}
