package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.examples.cli.CliHarness.Run;

/**
 * The {@code metricflow} tool under hostile command lines: each subcommand gets its options with values drawn from
 * adversarial sets (empty, NaN/Infinity, overflowing and huge integers, unicode digits, negative and zero counts,
 * mutated variety specs with unbalanced parentheses and huge exponents, control characters) and the
 * options themselves are sometimes dropped, duplicated or misspelt. Every run must end with exit code 0, 1 or 2;
 * a non-zero exit prints exactly one line on standard error and never a stack trace (unless {@code --debug});
 * a usage error (2) points to {@code --help}; with {@code --json} a success or failure ends with one JSON object
 * whose numbers are all finite. Values are chosen so that no valid combination can run long (point counts are
 * tiny or refused by the memory bounds).
 *
 * <p>Counts: 16 seeds × 25 command lines = 400 runs (the exit-code histogram is printed and reported in
 * docs/RELIABILITY.md).
 */
class CliAdversarialTest {
    static final int RUNS_PER_SEED = 25;
    private static final AtomicIntegerArray EXIT_CODES = new AtomicIntegerArray(3);

    @TempDir
    static Path dir;

    private static final String[] COUNTS = {"0", "-1", "1", "2", "3", "7", "NaN", "1e3", "", " ", "\u0661\u0662",
        "99999999999", "2147483647", "+3", "0x10", "3.5", "-2147483648", "١"};
    private static final String[] SEEDS = {"1", "-1", "0", "9223372036854775807", "9223372036854775808", "x", "",
        "1e9", "NaN"};
    private static final String[] REALS = {"1", "0", "-2", "0.5", "NaN", "Infinity", "-Infinity", "1e308", "1e-320",
        "", "abc", "1,5", "0x1p3"};
    private static final String[] SPECS = {"fermat-cubic", "fermat-quintic", "fermat-quartic", "dwork:0.5",
        "dwork:1", "dwork:NaN", "dwork:", "fermat:2:3", "fermat:3:4", "fermat:255:2", "fermat:256:2", "fermat:4:201",
        "fermat:-1:3", "fermat:2147483647:3", "z0^3+z1^3+z2^3", "z0^3+z1^3+z2^3+", "(z0^3+z1^3+z2^3",
        "z0^3+z1^3+z2^3)", "z0^2+z1^3+z2^3", "z0^3+z1^3+z2^99999", "z0^3+z1^3+z2^3;z0+z1+z2", "z0*z1*z2",
        "z0^2+z1^2+z2^2", "z0^2+z1^2", "0*z0+0*z1+0*z2", "1", "", " ", ";", "z0^3+z1^3+z\u0662^3", "z0^3\u0000+z1^3+z2^3",
        "z0^3+z1^3+z2^3\n", "((((((((((z0))))))))))^3+z1^3+z2^3", "(z0+z1+z2)^200", "(z0+z1+z2+z3+z4)^120",
        "NaN*z0^3+z1^3+z2^3", "1e400*z0^3+z1^3+z2^3", "z0^3+z1^3+z2^3".repeat(2000), "\u202ez0^3+z1^3+z2^3"};
    private static final String[] METRICS = {"sphere", "berger", "eguchi-hanson", "klein", "euclidean",
        "hyperbolic", "torus", "schwarzschild", "SPHERE", "", "nope", "sphere "};
    private static final String[] POINTS = {"0,0", "0.5,0.2", "0.5,0.2,1", "nan,1", "Infinity,0", "1e308,1e308",
        ",", "", "0,0,0,0", "1e-320,0", "-0,0", "x,y", "1,2,3,4,5,6,7,8,9,10"};
    private static final String[] ACTIVATIONS = {"relu", "erf", "tanh", "gelu", "RELU", "swish", "", "relu "};

    private static List<String> commandLine(Rng rng, Path out) {
        List<String> a = new ArrayList<>();
        switch (rng.nextInt(5)) {
            case 0 -> {
                a.add("sample");
                add(rng, a, "--variety", SPECS);
                add(rng, a, "--points", COUNTS);
                add(rng, a, "--seed", SEEDS);
                a.add("--out");
                a.add(out.toString());
            }
            case 1 -> {
                a.add("topology");
                add(rng, a, "--variety", new String[] {"fermat-cubic", "z0^3+z1^3+z2^3", "dwork:", "(z0", "fermat:2:3",
                    "z0^3+z1^3+z2^3;z0", "", "fermat:1:3"});
                add(rng, a, "--points", COUNTS);
                add(rng, a, "--seed", SEEDS);
            }
            case 2 -> {
                a.add("curvature");
                add(rng, a, "--metric", METRICS);
                add(rng, a, "--dim", new String[] {"2", "3", "4", "0", "-1", "1000000", "NaN", "x", "2147483647"});
                add(rng, a, "--radius", REALS);
                add(rng, a, "--point", POINTS);
            }
            case 3 -> {
                a.add("ntk");
                add(rng, a, "--activation", ACTIVATIONS);
                add(rng, a, "--depth", new String[] {"1", "2", "0", "-1", "x", "1001", "2147483647"});
                // --width is always given: the default (1024) with 50 inputs is a real, slower computation
                a.add("--width");
                a.add(new String[] {"1", "4", "16", "0", "-5", "x", "2147483647", "1e3"}[rng.nextInt(8)]);
                add(rng, a, "--inputs", new String[] {"2", "3", "1", "0", "x", "100000", "2147483647"});
                add(rng, a, "--param", new String[] {"ntk", "standard", "NTK", "", "mup"});
            }
            default -> {
                a.add("donaldson");
                add(rng, a, "--variety", new String[] {"fermat-cubic", "z0^3+z1^3+z2^3", "(z0", "dwork:2", ""});
                add(rng, a, "--k", new String[] {"1", "0", "-1", "x", "2147483647", "1000"});
                add(rng, a, "--points", COUNTS);
            }
        }
        if (rng.nextInt(3) == 0) {
            a.add("--json");
        }
        switch (rng.nextInt(12)) {
            case 0 -> a.add("--unknown-option");
            case 1 -> a.add(a.get(1)); // an option repeated without its value
            case 2 -> a.add(1 + rng.nextInt(a.size() - 1), "--");
            case 3 -> a.remove(1 + rng.nextInt(a.size() - 1));
            default -> { }
        }
        return a;
    }

    private static void add(Rng rng, List<String> a, String option, String[] values) {
        if (rng.nextInt(10) == 0) {
            return; // option missing
        }
        String v = values[rng.nextInt(values.length)];
        if (rng.nextInt(4) == 0) {
            a.add(option + "=" + v);
        } else {
            a.add(option);
            a.add(v);
        }
    }

    static void requireCleanEnd(Run r, List<String> args, long seed) {
        String where = "args " + abbreviate(args.toString()) + " [seed=" + seed + "]";
        if (r.code() == 1) {
            System.out.println("CliAdversarialTest exit 1: " + abbreviate(args.toString()) + " → " + r.err().strip());
        }
        if (r.code() < 0 || r.code() > 2) {
            fail("exit code " + r.code() + " for " + where + "\n" + r.err());
        }
        EXIT_CODES.incrementAndGet(r.code());
        boolean debug = args.contains("--debug");
        if (!debug && (r.err().contains("\tat ") || r.out().contains("\tat ") || r.err().contains("Exception:"))) {
            fail("stack trace without --debug for " + where + ":\n" + r.err());
        }
        if (r.code() != 0 && r.errLines().length != 1) {
            fail("expected exactly one line on stderr for " + where + ", got:\n" + r.err());
        }
        if (r.code() == 2 && !r.err().contains("--help")) {
            fail("a usage error must point to --help: " + r.err() + " for " + where);
        }
        boolean json = args.contains("--json") && !args.contains("--help") && !args.contains("--version");
        if (json && r.code() != 2) {
            Map<String, Object> j = r.lastLineJson();
            requireFiniteNumbers(j, where);
        }
    }

    private static void requireFiniteNumbers(Object value, String where) {
        if (value instanceof Double d && !Double.isFinite(d)) {
            fail("JSON holds a non-finite number for " + where);
        } else if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                requireFiniteNumbers(v, where);
            }
        } else if (value instanceof List<?> l) {
            for (Object v : l) {
                requireFiniteNumbers(v, where);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void hostileCommandLinesEndCleanly(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int trial = 0; trial < RUNS_PER_SEED; trial++) {
            List<String> args = commandLine(rng, dir.resolve("points-" + seed + "-" + trial + ".csv"));
            Run r;
            try {
                r = CliHarness.run(args.toArray(new String[0]));
            } catch (RuntimeException | Error e) {
                throw new AssertionError("uncaught " + e + " for " + abbreviate(args.toString()) + " [seed=" + seed
                        + "]", e);
            }
            requireCleanEnd(r, args, seed);

        }
    }

    @Test
    void badVarietySpecsAreUsageErrorsThatNameTheColumn() {
        Run r = CliHarness.run("sample", "--variety", "z0^3+z1^3+(z2^3", "--points", "5", "--out",
                dir.resolve("x.csv").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().startsWith("metricflow sample: --variety: in spec 'z0^3+z1^3+(z2^3': column 16: expected ')'"),
                r.err());
        Run json = CliHarness.run("sample", "--variety", "fermat:4:999", "--points", "5", "--json", "--out",
                dir.resolve("x.csv").toString());
        assertEquals(2, json.code());
        assertEquals(Boolean.FALSE, json.lastLineJson().get("ok"));
        assertTrue(String.valueOf(json.lastLineJson().get("usageError")).contains("degree <= 200"), json.out());
    }

    @Test
    void requestsBeyondMemoryAreUsageErrorsWithTheSize() {
        Run r = CliHarness.run("sample", "--variety", "fermat-quintic", "--points", "2000000000", "--out",
                dir.resolve("y.csv").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("GiB") && r.err().contains("fewer --points"), r.err());
        Run ntk = CliHarness.run("ntk", "--width", "4", "--inputs", "2000000");
        assertEquals(2, ntk.code(), ntk.err());
        assertTrue(ntk.err().contains("TiB") && ntk.err().contains("fewer --inputs"), ntk.err());
        Run wide = CliHarness.run("ntk", "--width", "2147483647");
        assertEquals(2, wide.code(), wide.err());
        assertTrue(wide.err().contains("smaller widths"), wide.err());
        Run overflow = CliHarness.run("sample", "--variety", "fermat-quintic", "--points", "10000000000", "--out",
                dir.resolve("z.csv").toString());
        assertEquals(2, overflow.code(), "picocli refuses an int option that overflows: " + overflow.err());
    }

    @AfterAll
    static void report() {
        System.out.println("CliAdversarialTest: exit codes over the seeded runs: 0 → " + EXIT_CODES.get(0) + ", 1 → "
                + EXIT_CODES.get(1) + ", 2 → " + EXIT_CODES.get(2));
    }
}
