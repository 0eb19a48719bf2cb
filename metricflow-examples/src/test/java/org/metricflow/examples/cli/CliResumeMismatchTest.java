package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@code train --resume} with seeded random changes of the options that the checkpoint's fingerprint holds (network:
 * activation, parametrization, features, width, depth, linearization; losses and their weights; dynamics, η, time,
 * tolerance and the number of intervals; optimizer, rate, decay, L-BFGS; variety, points, seed, kernel probe), from
 * a checkpoint of the optimizer dynamics and one of gradient flow: every change is a usage error — exit 2 before any
 * work, one stderr line naming each changed field ("width: 4 in the checkpoint, 6 in this run"), with {@code --json}
 * a last line {@code {"ok":false,"usageError":…}} — and the checkpoint is left as it was.
 */
class CliResumeMismatchTest {
    private static final AtomicInteger TRIED = new AtomicInteger();
    private static final AtomicInteger PASSED = new AtomicInteger();

    @TempDir
    static Path dir;

    /** The base command lines: optimizer dynamics, gradient flow. */
    private static final List<List<String>> BASES = List.of(
            List.of("train", "--variety", "fermat-cubic", "--points", "40", "--epochs", "1", "--width", "4",
                    "--depth", "1", "--curvature-points", "0", "--checkpoint-every", "1"),
            List.of("train", "--variety", "fermat-cubic", "--points", "40", "--epochs", "1", "--width", "4",
                    "--depth", "1", "--curvature-points", "0", "--checkpoint-every", "1", "--dynamics",
                    "gradient-flow", "--eta", "0.5", "--time", "0.05"));
    private static final Path[] CHECKPOINTS = new Path[2];

    /** A change: an option (with its values) set to a new value, and the fingerprint field that must be named. */
    record Change(String field, boolean continuous, boolean optimizer, String option, String... values) {
    }

    private static final List<Change> CHANGES = List.of(
            new Change("activation", true, true, "--activation", "tanh", "softplus", "sin", "erf", "sigmoid"),
            new Change("parametrization", true, true, "--param", "ntk"),
            new Change("features", true, true, "--features", "patch"),
            new Change("linearized", true, true, "--linearized"),
            new Change("width", true, true, "--width", "3", "5", "6", "9"),
            new Change("depth", true, true, "--depth", "2", "3"),
            new Change("losses", true, true, "--loss", "monge-ampere=2", "monge-ampere=1,volume=0.5",
                    "monge-ampere=0.5"),
            new Change("variety", true, true, "--variety", "fermat-quartic", "z0^3+z1^3+z2^3+z0*z1*z2"),
            new Change("points", true, true, "--points", "41", "60"),
            new Change("seed", true, true, "--seed", "2", "9"),
            new Change("kernelProbe", true, true, "--kernel-probe", "3"),
            new Change("lr", false, true, "--lr", "0.001", "0.01"),
            new Change("schedule", false, true, "--lr-decay", "0.5", "1"),
            new Change("batch", false, true, "--batch", "7", "30"),
            new Change("lbfgs", false, true, "--optimizer", "adam+lbfgs"),
            new Change("dynamics", true, false, "--eta", "0.25", "1"),
            new Change("dynamics", true, false, "--time", "0.1"),
            new Change("dynamics", true, false, "--ode-tolerance", "1e-6"),
            new Change("dynamics", true, false, "--dynamics", "metric-ode-frozen", "metric-ode-evolving"),
            new Change("intervals", true, false, "--epochs", "2", "5"));

    @BeforeAll
    static void checkpoints() {
        for (int b = 0; b < 2; b++) {
            Path out = dir.resolve("base" + b);
            List<String> args = new ArrayList<>(BASES.get(b));
            args.addAll(List.of("--out", out.toString()));
            Run r = CliHarness.run(args.toArray(new String[0]));
            assertEquals(0, r.code(), r.err());
            CHECKPOINTS[b] = out.resolve("checkpoint.mfa");
            assertTrue(Files.isRegularFile(CHECKPOINTS[b]));
        }
    }

    /** The command line with {@code option} set to {@code value} (a flag when value is null). */
    private static List<String> with(List<String> args, String option, String value) {
        List<String> out = new ArrayList<>(args);
        int i = out.indexOf(option);
        if (value == null) {
            if (i < 0) {
                out.add(option);
            }
        } else if (i >= 0) {
            out.set(i + 1, value);
        } else {
            out.addAll(List.of(option, value));
        }
        return out;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void everyChangedFingerprintFieldIsAUsageErrorNamingIt(long seed) throws Exception {
        Rng rng = Seeds.rng(seed);
        for (int c = 0; c < 4; c++) {
            int b = rng.nextInt(2);
            List<Change> fits = CHANGES.stream().filter(ch -> b == 0 ? ch.optimizer() : ch.continuous()).toList();
            List<String> args = new ArrayList<>(BASES.get(b));
            List<String> fields = new ArrayList<>();
            int changes = 1 + rng.nextInt(2);
            for (int k = 0; k < changes; k++) {
                Change ch = fits.get(rng.nextInt(fits.size()));
                if (fields.contains(ch.field())) {
                    continue;
                }
                String value = ch.values().length == 0 ? null : ch.values()[rng.nextInt(ch.values().length)];
                args = with(args, ch.option(), value);
                fields.add(ch.field());
            }
            boolean json = rng.nextInt(2) == 0;
            args.addAll(List.of("--out", dir.resolve("resumed-" + seed + "-" + c).toString(), "--resume",
                    CHECKPOINTS[b].toString()));
            if (json) {
                args.add("--json");
            }
            byte[] before = Files.readAllBytes(CHECKPOINTS[b]);
            TRIED.incrementAndGet();
            Run r = CliHarness.run(args.toArray(new String[0]));
            String what = String.join(" ", args) + " → " + r.err();
            assertEquals(2, r.code(), what);
            assertEquals(1, r.errLines().length, what);
            assertTrue(r.err().contains("was written by a different configuration"), what);
            for (String field : fields) {
                assertTrue(r.err().contains(field + ": ") && r.err().contains(" in the checkpoint, "), field + ": "
                        + what);
            }
            assertTrue(!r.err().contains("\tat "), "no stack trace: " + what);
            if (json) {
                Map<String, Object> j = r.lastLineJson();
                assertEquals(Boolean.FALSE, j.get("ok"), j.toString());
                assertTrue(String.valueOf(j.get("usageError")).contains(fields.get(0) + ": "), j.toString());
            }
            assertArrayEquals(before, Files.readAllBytes(CHECKPOINTS[b]), "the checkpoint is untouched");
            PASSED.incrementAndGet();
        }
    }

    @AfterAll
    static void report() {
        System.out.println("CliResumeMismatchTest: changed resumes tried " + TRIED.get() + ", exit 2 naming every"
                + " field " + PASSED.get());
    }
}
