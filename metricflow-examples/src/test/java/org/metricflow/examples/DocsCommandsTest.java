package org.metricflow.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.metricflow.examples.cli.MetricflowCli;

/**
 * Every shell command written in README.md and docs/*.md (in {@code ```bash} blocks and in inline code) is run, and
 * the numbers the text promises next to it are checked, so the documentation cannot drift from the tool.
 *
 * <p>{@code metricflow …} and {@code java -jar metricflow-examples/target/metricflow.jar …} commands run in-process,
 * in document order, in a temporary folder (relative paths such as {@code runs/quintic} are resolved there), with
 * sizes capped so that the whole test takes about a minute: {@link #CAPS} (e.g. {@code --points} at most 2000,
 * {@code --epochs} at most 2). A command the cap does not change runs exactly as written, and its promised numbers
 * ({@link #CHECKS}) are asserted. A {@code --model} file the docs assume from a long run is first trained at the
 * capped size. A bare subcommand name in prose ({@code `metricflow topology`}) is run with {@code --help}, which
 * checks that the command exists; bare {@code example-*} and {@code quickstart} run as written. Commands of other tools are not run here but accounted for in {@link #NOT_RUN_HERE} with the place
 * that runs them (CI) or the reason (JMH benchmarks of several minutes, recorded in BENCHMARKS.md).
 */
class DocsCommandsTest {
    private static final Path ROOT = Path.of("..");
    private static final String JAR = "java -jar metricflow-examples/target/metricflow.jar";
    private static final Pattern INLINE = Pattern.compile("`((?:java |metricflow |mvn |\\.\\.\\. )[^`]*)`");
    private static final Pattern BASH = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

    /** Option → largest value the test runs (documented in docs/guide.md §1 under "tested commands"). */
    static final Map<String, Integer> CAPS = Map.ofEntries(
            Map.entry("--points", 1000), Map.entry("--train-points", 500), Map.entry("--epochs", 2),
            Map.entry("--width", 64), Map.entry("--k", 2), Map.entry("--inputs", 12),
            Map.entry("--curvature-points", 50), Map.entry("--donaldson-points", 1000),
            Map.entry("--sigma-points", 1000), Map.entry("--samples", 2000), Map.entry("--k-max", 2));

    /** Command prefixes not run by this test, with where they are run or why not. */
    static final Map<String, String> NOT_RUN_HERE = Map.of(
            "metricflow bench", "about a minute of timing runs; BenchCommandTest runs the command and checks its keys",
            "mvn ", "Maven builds: run by CI (.ci/run runs mvn -B verify and javadoc:aggregate; .ci/package-check"
                    + " runs clean install and builds the guide's consumer project)",
            "java -jar metricflow-bench/target/benchmarks.jar", "JMH benchmarks, minutes each; their output is"
                    + " recorded in docs/BENCHMARKS.md",
            "java -Dmetricflow.threads=1 -cp metricflow-bench/target/benchmarks.jar", "a CPU-time benchmark",
            "git clone", "needs the repository's public address",
            "java -XX:-UseSuperWord -Dmetricflow.threads=1 -cp metricflow-bench/target/benchmarks.jar",
            "a CPU-time benchmark",
            JAR + " bench", "about a minute of timing runs; BenchCommandTest runs the command and checks its keys");

    /** Command (as written) → JSON key = value ± tolerance promised by the text beside it. */
    static final Map<String, String> CHECKS = Map.of(
            "curvature --metric sphere --point 0.3,-0.7 --json", "scalar = 2 +- 1e-12",
            "train --variety fermat-cubic --points 120 --epochs 2 --width 8 --depth 1 --dynamics metric-ode-frozen"
                    + " --eta 1 --time 0.1 --json", "sigmaInitial = 0.106 +- 0.001; sigma = 0.094 +- 0.001",
            "ricci-flow --manifold sphere3 --json", "radiusError = 0 +- 1e-6");

    @TempDir
    static Path work;

    private static List<String> commands;

    @BeforeAll
    static void collect() throws IOException {
        Set<String> all = new LinkedHashSet<>();
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (var s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        for (Path doc : docs) {
            all.addAll(commandsIn(Files.readString(doc, StandardCharsets.UTF_8)));
        }
        commands = new ArrayList<>(all);
    }

    /** The shell commands of one Markdown text, in order: bash blocks line by line, then inline code spans. */
    static List<String> commandsIn(String text) {
        List<String> out = new ArrayList<>();
        Matcher b = BASH.matcher(text);
        while (b.find()) {
            for (String line : b.group(1).replace("\\\n", " ").split("\n")) {
                String c = line.replaceAll("(^|\\s+)#.*$", "").strip();
                for (String part : c.split("&&")) {
                    if (!part.isBlank()) {
                        out.add(part.strip().replaceAll("\\s+", " "));
                    }
                }
            }
        }
        Matcher m = INLINE.matcher(text.replaceAll("(?s)```.*?```", ""));
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return out;
    }

    @Test
    void everyCommandIsRunHereOrAccountedFor() {
        assertTrue(commands.size() >= 20, "found only " + commands.size() + " commands");
        for (String c : commands) {
            boolean placeholder = c.contains("$") || c.matches(".*\\b[A-Z]{3,}\\b.*")
                    || c.startsWith("for ") || c.equals("done") || c.startsWith("cd ");   // shell syntax
            boolean bench = c.startsWith("metricflow bench") || c.contains("metricflow.jar bench")
                    || c.matches("java (-\\S+ )*-cp metricflow-bench/target/benchmarks\\.jar .*");   // CPU-time mains
            if (cliArgs(c) == null && !placeholder && !bench
                    && NOT_RUN_HERE.keySet().stream().noneMatch(c::startsWith)) {
                fail("a documented command is neither run by DocsCommandsTest nor accounted for: " + c);
            }
        }
        for (String key : CHECKS.keySet()) {
            assertTrue(commands.stream().anyMatch(c -> key.equals(String.join(" ", cliArgs(c) == null ? List.of()
                    : cliArgs(c)))), "a checked command is no longer in the docs: " + key);
        }
    }

    @TestFactory
    List<DynamicTest> everyToolCommandRuns() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String c : commands) {
            List<String> args = cliArgs(c);
            if (args != null) {
                tests.add(DynamicTest.dynamicTest(c, () -> run(String.join(" ", args), args)));
            }
        }
        return tests;
    }

    /** The metricflow arguments of a command line, or null if it is not a metricflow command. */
    static List<String> cliArgs(String command) {
        String c = command.replaceFirst("^java (-\\S+ )*-jar metricflow-examples/target/metricflow\\.jar", JAR);
        if (c.startsWith(JAR)) {
            c = c.substring(JAR.length());
        } else if (c.startsWith("metricflow ")) {
            c = c.substring("metricflow".length());
        } else if (c.startsWith("... ")) {
            c = c.substring(3);
        } else {
            return null;
        }
        if (c.startsWith("metricflow bench") || c.startsWith(JAR + " bench") || c.contains("$")
                || c.matches(".*\\b[A-Z]{3,}\\b.*")) {
            return null;   // see NOT_RUN_HERE; shell loops ($v) and placeholders (COMMAND, DIR) are not literal commands
        }
        List<String> args = new ArrayList<>();
        for (String a : words(c.strip())) {
            if (!a.isEmpty() && !a.equals("...")) {
                args.add(a.replace("\\|", "|"));
            }
        }
        return args;
    }

    /** Words split at spaces as a shell would for these commands: "double quotes" keep a word together. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ' ' && !quoted) {
                out.add(w.toString());
                w.setLength(0);
            } else {
                w.append(ch);
            }
        }
        out.add(w.toString());
        return out;
    }

    private static void run(String written, List<String> args) throws IOException {
        if (args.size() == 1 && !args.get(0).startsWith("-") && !args.get(0).startsWith("example-")
                && !args.get(0).equals("quickstart")) {
            // A bare subcommand name in prose ("`metricflow topology`" computes ...) names the command: it must exist.
            args = List.of(args.get(0), "--help");
        }
        List<String> capped = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            capped.add(a);
            if (i + 1 < args.size() && CAPS.containsKey(a)) {
                String v = args.get(++i);
                int value = (int) Math.min(Double.parseDouble(v), CAPS.get(a));
                changed |= value != Double.parseDouble(v);
                capped.add(Integer.toString(value));
            } else if (i + 1 < args.size() && (a.equals("--out") || a.equals("--model") || a.equals("--points-from")
                    || a.equals("--resume"))) {
                Path p = work.resolve(args.get(++i));
                capped.add(p.toString());
                if (a.equals("--model") && !Files.exists(p)) {
                    trainModelAt(p.getParent());
                }
            }
        }
        // Options the command has but the docs leave at their defaults get the cap too (quickstart, examples).
        picocli.CommandLine sub = MetricflowCli.commandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())).getSubcommands().get(capped.get(0));
        if (sub != null && !capped.contains("--help") && !CHECKS.containsKey(written)) {
            for (Map.Entry<String, Integer> cap : CAPS.entrySet()) {
                picocli.CommandLine.Model.OptionSpec o = sub.getCommandSpec().findOption(cap.getKey());
                if (o != null && !capped.contains(cap.getKey()) && o.defaultValue() != null
                        && Double.parseDouble(o.defaultValue()) > cap.getValue()) {
                    capped.add(cap.getKey());
                    capped.add(Integer.toString(cap.getValue()));
                    changed = true;
                }
            }
        }
        if (capped.get(0).equals("feature-learning") && !capped.contains("--quick")) {
            capped.add("--quick");
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MetricflowCli.run(new PrintWriter(out), new PrintWriter(err), capped.toArray(new String[0]));
        assertEquals(0, code, "`metricflow " + String.join(" ", capped) + "` failed:\n" + err);
        if (capped.contains("--json")) {
            assertKeysDocumented(capped.get(0), out.toString());
        }
        String check = CHECKS.get(written);
        if (check != null) {
            assertTrue(!changed, "a checked command must run at its documented size: " + written);
            String[] lines = out.toString().split("\\R");
            String json = lines[lines.length - 1];
            for (String part : check.split(";")) {
                String[] kv = part.split("=");
                String key = kv[0].strip();
                String[] vt = kv[1].split("\\+-");
                Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.eE+-]+)").matcher(json);
                assertTrue(m.find(), "no key " + key + " in " + json);
                assertEquals(Double.parseDouble(vt[0].strip()), Double.parseDouble(m.group(1)),
                        Double.parseDouble(vt[1].strip()), written + ": " + key);
            }
        }
    }

    /** Every key of the command's JSON line is in its schema ({@code JsonKeys}, which docs/cli.md states). */
    private static void assertKeysDocumented(String command, String stdout) {
        Set<String> documented = org.metricflow.examples.cli.JsonKeys.all(
                org.metricflow.examples.cli.JsonKeys.schema(command));
        String[] lines = stdout.split("\\R");
        Matcher keys = Pattern.compile("\"([A-Za-z0-9]+)\":").matcher(lines[lines.length - 1]);
        int depth = 0;
        String json = lines[lines.length - 1];
        while (keys.find()) {
            // only top-level keys: count braces and brackets before the match
            depth = 0;
            for (int i = 0; i < keys.start(); i++) {
                char ch = json.charAt(i);
                depth += ch == '{' || ch == '[' ? 1 : ch == '}' || ch == ']' ? -1 : 0;
            }
            if (depth == 1) {
                assertTrue(documented.contains(keys.group(1)), command + " prints the JSON key '" + keys.group(1)
                        + "', which docs/cli.md does not list");
            }
        }
    }

    private static void trainModelAt(Path dir) {
        int code = MetricflowCli.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "train", "--points", "400", "--epochs", "1", "--width", "8", "--depth", "1", "--curvature-points",
                "0", "--out", dir.toString());
        assertEquals(0, code, "could not train the model the docs assume at " + dir);
    }
}
