package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ConsoleProgress}: plain epoch lines when not on a terminal, the bar only on one, no ETA during warm-up. */
class ConsoleProgressTest {

    private static String drive(boolean terminal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal,
                "sigma");
        p.onStart(2, 3);
        p.onEpoch(0, Map.of("sigma", 0.37, "loss", 1.0), 0.0, Double.NaN);
        for (int e = 1; e <= 2; e++) {
            for (int s = 0; s < 3; s++) {
                p.onStep(e, s, 3, 0.5);
            }
            p.onEpoch(e, Map.of("sigma", 0.1 / e, "loss", 0.5), e, 1);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void redirectedOutputHasOnlyPlainEpochLines() {
        String out = drive(false);
        assertFalse(out.contains("\r"), out);
        String[] lines = out.split("\n");
        assertEquals(3, lines.length, out);
        assertTrue(lines[0].startsWith("epoch   0  sigma 0.37000"), lines[0]);
        assertFalse(out.contains("loss"), "only the chosen observables: " + out);
    }

    @Test
    void aTerminalGetsTheBarBetweenEpochLines() {
        String out = drive(true);
        assertTrue(out.contains("\r["), out);
        assertTrue(out.contains("epoch 2/2"), out);
    }

    @Test
    void noEstimateDuringWarmUp() {
        ConsoleProgress p = new ConsoleProgress(new PrintStream(new ByteArrayOutputStream()), false);
        p.onStart(10, 100);
        p.onStep(1, 0, 100, 1.0);                       // the first step: warm-up, JIT compilation
        long t = System.nanoTime();
        assertTrue(Double.isNaN(p.eta(t, 0.001)), "no estimate from the first step alone");
        assertTrue(Double.isNaN(p.eta(t + 500_000_000L, 0.5)), "no estimate before one second after warm-up");
        // After warm-up: 2 s for 0.2 of the run since the first step → 8 s per 0.8 left.
        double eta = p.eta(t + 2_000_000_000L, 0.001 + 0.2);
        assertEquals(7.99, eta, 0.05);
        assertEquals("…", ConsoleProgress.formatSeconds(Double.NaN));
        assertEquals("3m07s", ConsoleProgress.formatSeconds(187));
    }
}
