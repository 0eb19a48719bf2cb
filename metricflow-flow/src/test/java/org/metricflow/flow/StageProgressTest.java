package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@link StageProgress}: one plain line per stage off a terminal, an in-place bar only on one. */
class StageProgressTest {

    private static String drive(boolean terminal) {
        StringWriter w = new StringWriter();
        StageProgress p = StageProgress.of(new PrintWriter(w), terminal, "bench", 2);
        p.begin("sampling");
        p.fraction(0.5);
        p.begin("training");
        p.fraction(0.1);
        p.end();
        return w.toString();
    }

    @Test
    void redirectedOutputHasOneLinePerStageAndNoCarriageReturns() {
        String out = drive(false);
        assertFalse(out.contains("\r"), out);
        String[] lines = out.split("\n");
        assertEquals(3, lines.length, out);
        assertTrue(lines[0].startsWith("bench [1/2] sampling (0s elapsed)"), lines[0]);
        assertTrue(lines[1].startsWith("bench [2/2] training ("), lines[1]);
        assertTrue(lines[2].startsWith("bench: done in "), lines[2]);
    }

    @Test
    void aTerminalGetsTheBarClearedBeforeTheNextLine() {
        String out = drive(true);
        assertTrue(out.contains("\r[###############...............]  50.0% sampling eta …"), out);
        assertTrue(out.contains("\r" + " ".repeat(100) + "\rbench [2/2] training"), out);
    }

    @Test
    void silentPrintsNothingAndBadCountsAreRefused() {
        StageProgress s = StageProgress.silent();
        s.begin("x");
        s.fraction(0.5);
        s.end();
        assertThrows(IllegalArgumentException.class, () -> StageProgress.of(new PrintWriter(new StringWriter()),
                false, "t", 0));
    }

    @Test
    void noEstimateDuringWarmUpThenTheRateAfterIt() {
        WarmEta eta = new WarmEta();
        long t = 1_000_000_000L;
        assertTrue(Double.isNaN(eta.seconds(t, 0.5)), "nothing reported yet");
        eta.report(t, 0.1);
        assertTrue(Double.isNaN(eta.seconds(t + 500_000_000L, 0.5)), "less than one second since warm-up");
        assertTrue(Double.isNaN(eta.seconds(t + 2_000_000_000L, 0.11)), "less than 2% done since warm-up");
        // 2 s for 0.2 since warm-up → 10 s per unit; 0.7 left → 7 s.
        assertEquals(7.0, eta.seconds(t + 2_000_000_000L, 0.3), 1e-9);
    }
}
