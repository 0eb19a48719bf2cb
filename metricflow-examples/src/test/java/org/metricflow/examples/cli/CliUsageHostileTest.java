package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.examples.cli.CliHarness.Run;

/**
 * Every option of every command is checked before any work: command lines with exactly one invalid option value
 * (out of its range by one, zero, negative, NaN, ±∞, 1e308, overflowing integers, empty, non-numeric, unicode
 * digits, unknown names, output paths that are files or lie under a file, with control characters, input files
 * that are missing, folders, devices or foreign) drawn from a table of all commands, among them ricci-flow,
 * perelman-limit, kernel-locality, bench, feature-learning, quickstart and the examples. Each must be a usage error:
 * exit code 2, one line on standard error that names the option and points to {@code --help}, no control characters
 * echoed, and with {@code --json} a last line {@code {"ok":false,"usageError":…}} that names the option. The other
 * options keep their (sometimes long-running) defaults, so a value that slipped through validation would show up as
 * a slow test or another exit code.
 *
 * <p>Counts: 16 seeds × 20 command lines = 320 runs (reported in docs/RELIABILITY.md).
 */
class CliUsageHostileTest {
    static final int RUNS_PER_SEED = 20;
    private static final AtomicInteger RUNS = new AtomicInteger();

    @TempDir
    static Path dir;
    private static String aFile;
    private static String underAFile;
    private static String escapeUnderAFile;
    private static String textArchive;
    private static String folder;

    /** One option and values that are all invalid for it. */
    record Opt(String name, String... bad) {
    }

    /** A command, the arguments that make it otherwise valid, and its options with invalid values. */
    record Cmd(String[] base, Opt... opts) {
    }

    private static List<Cmd> commands;

    @BeforeAll
    static void files() throws IOException {
        Path f = Files.writeString(dir.resolve("a-file.txt"), "not a folder");
        aFile = f.toString();
        underAFile = f.resolve("out").toString();
        Path esc = Files.writeString(dir.resolve("esc\u001b[31mfile"), "x");
        escapeUnderAFile = esc.resolve("out").toString();
        textArchive = Files.writeString(dir.resolve("text.mfa"), "metricflow? no, a text file").toString();
        folder = Files.createDirectories(dir.resolve("a-folder")).toString();
        String out = dir.resolve("out").toString();
        String csv = dir.resolve("s.csv").toString();
        String[] outs = {aFile, underAFile, escapeUnderAFile};
        commands = List.of(
            new Cmd(new String[] {"train", "--out", out},
                ints("--points", 4, -1), ints("--epochs", 1, 1_000_000), ints("--batch", 1, -1),
                ints("--width", 1, 1 << 20), ints("--depth", 1, 64), ints("--lbfgs-iterations", 0, 1_000_000),
                ints("--checkpoint-every", 0, 1_000_000), ints("--kernel-probe", 0, 100_000),
                new Opt("--curvature-points", "-1", "1", "NaN", "", "99999999999"),
                reals("--lr", 1e6), new Opt("--lr-decay", "0", "1.5", "-1", "NaN", "Infinity", ""),
                new Opt("--ode-tolerance", "0", "1", "NaN", "1e-320", "-1"),
                new Opt("--eta", "NaN", "-1", "0", "Infinity"), new Opt("--time", "NaN", "-1", "0", "1e308"),
                new Opt("--activation", "relu6", "", "tanh\u001b[2J"), new Opt("--param", "mup", ""),
                new Opt("--features", "x", ""), new Opt("--optimizer", "sgd", ""),
                new Opt("--dynamics", "langevin", ""),
                new Opt("--loss", "curly=1", "monge-ampere=NaN", "monge-ampere=-1", "monge-ampere=1e400", "",
                    "monge-ampere=0", "monge-ampere=x", "volume=1,volume=2"),
                new Opt("--variety", "(z0", "fermat:256:2", "", "dwork:NaN"),
                new Opt("--resume", dir.resolve("missing.mfa").toString(), folder, textArchive, "/dev/zero"),
                new Opt("--out", outs)),
            new Cmd(new String[] {"ricci-flow", "--manifold", "sphere2"},
                new Opt("--time", "-1", "NaN", "0", "Infinity", "1e308", "0.6"), ints("--steps", 1, 100_000),
                new Opt("--grid", "0", "15", "100001", "-1"), reals("--radius", 1e6),
                new Opt("--squash", "1", "-1", "NaN", "2"), reals("--epsilon", 1e6),
                new Opt("--manifold", "klein", "", "sphere4"), new Opt("--out", outs)),
            new Cmd(new String[] {"perelman-limit", "--width", "8", "--bandwidth", "2"},
                ints("--width", 1, 1 << 20), reals("--bandwidth", 1e4), ints("--grid", 4, 64),
                new Opt("--time", "0", "-1", "1.5", "NaN", "Infinity"), ints("--dim", 2, 3)),
            new Cmd(new String[] {"kernel-locality"},
                ints("--train", 2, 2000), ints("--grid", 2, 400), reals("--bin-width", 10)),
            new Cmd(new String[] {"bench"},
                ints("--threads", 1, 256), ints("--sample-points", 1, 10_000_000), ints("--width", 1, 4096),
                ints("--ntk-points", 1, 20_000), new Opt("--train-steps", "1", "0", "-1"),
                new Opt("--euler-points", "1", "0"), new Opt("--euler-seconds", "-1", "NaN", "601")),
            new Cmd(new String[] {"feature-learning", "--quick", "--out", out},
                ints("--points", 20, 10_000_000), ints("--epochs", 1, 100_000), ints("--batch", 1, 10_000_000),
                ints("--probe-points", 2, 10_000), new Opt("--standard-widths", "0", "100000", "64,0", "-1", ""),
                new Opt("--ntk-widths", "0", "70000", "x"), new Opt("--out", outs)),
            new Cmd(new String[] {"quickstart"},
                ints("--points", 2, 10_000_000), new Opt("--train-points", "19", "-1", "10000001", "1"),
                ints("--epochs", 1, 100_000), new Opt("--out", outs)),
            new Cmd(new String[] {"example-quintic"},
                ints("--points", 20, 10_000_000), ints("--epochs", 1, 100_000), ints("--width", 1, 1 << 16),
                ints("--depth", 1, 64), ints("--batch", 1, 10_000_000), ints("--curvature-points", 2, 10_000_000),
                new Opt("--out", outs)),
            new Cmd(new String[] {"example-curvature"}, ints("--samples", 100, 100_000_000), new Opt("--out", outs)),
            new Cmd(new String[] {"example-ntk"},
                new Opt("--widths", "16", "0,16", "16,100000", "x"), ints("--seeds", 1, 1000),
                ints("--inputs", 2, 2000), new Opt("--out", outs)),
            new Cmd(new String[] {"example-donaldson"},
                ints("--k-max", 1, 8), ints("--donaldson-points", 2, 10_000_000), ints("--sigma-points", 2, 10_000_000),
                ints("--points", 20, 10_000_000), ints("--epochs", 1, 100_000), new Opt("--out", outs)),
            new Cmd(new String[] {"example-elliptic"},
                ints("--points", 20, 10_000_000), ints("--epochs", 1, 100_000),
                ints("--curvature-points", 2, 10_000_000), new Opt("--out", outs)),
            new Cmd(new String[] {"example-ricci-flow"}, ints("--grid", 100, 100_000)),
            new Cmd(new String[] {"example-perelman-limit"},
                new Opt("--time", "0", "2", "NaN", "-1"), ints("--grid", 4, 64),
                new Opt("--widths", "0", "70000", "8,-1"), new Opt("--bandwidths", "0", "-1", "NaN", "Infinity")),
            new Cmd(new String[] {"donaldson", "--variety", "fermat-cubic", "--k", "1", "--points", "50"},
                new Opt("--tolerance", "NaN", "0", "-1", "2", "Infinity"), ints("--iterations", 1, 100_000),
                ints("--k", 1, 64), new Opt("--points", "1", "0", "-5", "x"), new Opt("--sigma-points", "1", "-1")),
            new Cmd(new String[] {"curvature", "--metric", "sphere", "--point", "0.5,0.2"},
                new Opt("--point", "NaN,0.1", "0.1,Infinity", "-Infinity,0"), ints("--dim", 1, 16),
                new Opt("--radius", "NaN", "Infinity", "-Infinity")),
            new Cmd(new String[] {"sample", "--variety", "fermat-cubic", "--points", "10", "--out", csv},
                new Opt("--points", "0", "-1", "x", "99999999999", "2000000000"), new Opt("--variety", "(z0", ""),
                new Opt("--out", folder, underAFile, escapeUnderAFile)),
            new Cmd(new String[] {"topology", "--variety", "fermat-cubic", "--points", "10"},
                new Opt("--points", "1", "0", "-3", "3000000000"),
                new Opt("--model", dir.resolve("missing.mfa").toString(), folder, textArchive, "/dev/zero")));
    }

    /** Integer option valid in [min, max] (max = -1: up to Integer.MAX_VALUE). */
    private static Opt ints(String name, long min, long max) {
        List<String> bad = new ArrayList<>(List.of("NaN", "", "1.5", "abc", "99999999999", "\u0661\u0662", "0x10"));
        if (min > Integer.MIN_VALUE) {
            bad.add(Long.toString(min - 1));
            bad.add("-2147483648");
        }
        if (max >= 0 && max < Integer.MAX_VALUE) {
            bad.add(Long.toString(max + 1));
            bad.add("2147483647");
        }
        return new Opt(name, bad.toArray(new String[0]));
    }

    /** Real option valid in (0, max]. */
    private static Opt reals(String name, double max) {
        return new Opt(name, "0", "-0", "-1", "NaN", "Infinity", "-Infinity", Double.toString(max * 10), "", "abc");
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void everyInvalidOptionIsAUsageErrorBeforeAnyWork(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int trial = 0; trial < RUNS_PER_SEED; trial++) {
            Cmd c = commands.get(rng.nextInt(commands.size()));
            Opt o = c.opts()[rng.nextInt(c.opts().length)];
            String value = o.bad()[rng.nextInt(o.bad().length)];
            List<String> args = new ArrayList<>(Arrays.asList(c.base()));
            int at = args.indexOf(o.name());
            if (at >= 0) { // replace the base value
                args.remove(at + 1);
                args.remove(at);
            }
            if (rng.nextInt(4) == 0) {
                args.add(o.name() + "=" + value);
            } else {
                args.add(o.name());
                args.add(value);
            }
            boolean json = rng.nextInt(3) == 0;
            if (json) {
                args.add("--json");
            }
            String where = args + " [seed=" + seed + "]";
            Run r;
            try {
                r = CliHarness.run(args.toArray(new String[0]));
            } catch (RuntimeException | Error e) {
                throw new AssertionError("uncaught " + e + " for " + where, e);
            }
            RUNS.incrementAndGet();
            requireUsageError(r, o.name(), json, where);
        }
    }

    static void requireUsageError(Run r, String option, boolean json, String where) {
        if (r.code() != 2) {
            fail("exit " + r.code() + " (expected 2) for " + where + "\nstderr: " + r.err() + "\nstdout: " + r.out());
        }
        assertEquals(1, r.errLines().length, "one line on stderr for " + where + ": " + r.err());
        String line = r.errLines()[0];
        assertTrue(line.contains(option), "the message names " + option + " for " + where + ": " + line);
        assertTrue(line.contains("--help"), "points to --help: " + line);
        assertFalse(line.contains("\tat ") || line.contains("Exception"), "no stack trace: " + line);
        for (char ch : r.err().toCharArray()) {
            if (ch < 0x20 && ch != '\n' && ch != '\r' || ch == 0x7f) {
                fail("control character " + (int) ch + " echoed for " + where + ": " + r.err());
            }
        }
        if (json) {
            Map<String, Object> j = r.lastLineJson();
            assertEquals(Boolean.FALSE, j.get("ok"), where);
            assertTrue(String.valueOf(j.get("usageError")).contains(option), where + ": " + j);
        }
    }

    @AfterAll
    static void report() {
        System.out.println("CliUsageHostileTest: " + RUNS.get() + " hostile command lines, all exit 2 before work");
    }
}
