package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.examples.cli.CliHarness.Run;

/**
 * Random and adversarial command lines: the tool answers with exit code 0, 1 (failure) or 2 (usage), a failure or
 * usage error is one line on standard error without a stack trace, and with --json the last line of standard
 * output is always one JSON object.
 */
class CliFuzzTest {
    // No "quickstart": with valid values ("--points 50") it runs the full two-minute default training.
    private static final String[] TOKENS = {"curvature", "selfcheck", "topology", "--metric", "sphere", "berger",
        "eguchi-hanson", "klein", "--dim", "2", "3", "-1", "0", "1e9", "--point", "0,0", "0.5,0.2,1", "nan,1", ",",
        "--radius", "-2", "0.5", "", "--unknown", "--points", "50", "--seed", "x", "--json", "--help", "-h",
        "--version", "--", "\u00e9", "--metric=sphere", "--point=1,2"};

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void everyCommandLineEndsCleanly(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int trial = 0; trial < 10; trial++) {
            List<String> args = new ArrayList<>();
            int len = 1 + rng.nextInt(7);
            for (int i = 0; i < len; i++) {
                args.add(TOKENS[rng.nextInt(TOKENS.length)]);
            }
            boolean json = args.contains("--json") && !args.contains("--help") && !args.contains("-h")
                    && !args.contains("--version");
            Run r = CliHarness.run(args.toArray(new String[0]));
            String where = "args " + args + " [seed=" + seed + "]";
            if (r.code() < 0 || r.code() > 2) {
                fail("exit code " + r.code() + " for " + where);
            }
            if (r.err().contains("\tat ") || r.out().contains("\tat ")) {
                fail("stack trace without --debug for " + where + ":\n" + r.err());
            }
            if (r.code() != 0 && r.errLines().length != 1) {
                fail("expected one line on stderr for " + where + ", got:\n" + r.err());
            }
            if (json && r.code() != 2 && r.outLines().length > 0) {
                r.lastLineJson(); // throws if the last line is not a JSON object
            }
        }
    }
}
