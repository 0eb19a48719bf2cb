package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import org.metricflow.examples.cli.CliHarness.Run;

/**
 * One JSON schema per command ({@link JsonKeys}): every subcommand has one, its {@code --help} ends with it, docs/cli.md
 * states the same text, and every command run at small sizes prints exactly the keys its schema promises (all keys of
 * every run, and no key outside the schema's conditional groups).
 */
class JsonSchemaTest {
    /** Subcommands not run here, with the reason (the code path that prints their keys is run). */
    private static final java.util.Map<String, String> SAME_CODE_AS = java.util.Map.of(
            "paper", "paper perelman (PaperCommand.report prints the keys of every paper command)",
            "paper flow-equation", "paper perelman",
            "paper locality", "paper perelman",
            "paper feature-learning", "paper perelman");

    @TempDir
    static Path dir;

    static List<String[]> runs() {
        String d = dir.toString();
        List<String[]> r = new ArrayList<>();
        r.add(new String[] {"train", "--points", "400", "--epochs", "1", "--width", "8", "--depth", "1",
            "--curvature-points", "20", "--out", d + "/t"});
        r.add(new String[] {"quickstart", "--points", "2000", "--train-points", "500", "--epochs", "1", "--out", d + "/q"});
        r.add(new String[] {"sample", "--variety", "fermat-quintic", "--points", "20", "--out", d + "/s.csv"});
        r.add(new String[] {"sample", "--variety", "fermat-quintic", "--points", "20", "--format", "npz", "--out",
            d + "/s.npz"});
        r.add(new String[] {"topology", "--variety", "fermat-quintic", "--points", "200"});
        r.add(new String[] {"topology", "--model", d + "/t/model.mfa", "--points", "200"});
        r.add(new String[] {"cicy", "--variety", "bicubic"});
        r.add(new String[] {"cicy", "--config", "3:3"});
        r.add(new String[] {"moduli", "--members", "2", "--held-out", "0.3", "--points", "100", "--sigma-points", "50",
            "--epochs", "1", "--width", "4", "--depth", "1"});
        r.add(new String[] {"donaldson", "--variety", "fermat-quintic", "--k", "1", "--points", "200"});
        r.add(new String[] {"curvature", "--metric", "sphere", "--point", "0.3,-0.7"});
        r.add(new String[] {"ntk", "--width", "16", "--inputs", "6", "--depth", "1", "--out", d + "/n"});
        r.add(new String[] {"export", "--model", d + "/t/model.mfa", "--out", d + "/e"});
        r.add(new String[] {"selfcheck"});
        r.add(new String[] {"ricci-flow", "--manifold", "sphere2", "--steps", "4", "--grid", "32", "--out", d + "/r"});
        r.add(new String[] {"ricci-flow", "--manifold", "dumbbell", "--grid", "200", "--steps", "8"});
        r.add(new String[] {"example-ricci-flow", "--grid", "160"});
        r.add(new String[] {"kernel-locality", "--train", "20", "--grid", "30", "--bin-width", "0.2"});
        r.add(new String[] {"perelman-limit", "--width", "64", "--bandwidth", "8", "--grid", "8"});
        r.add(new String[] {"example-perelman-limit", "--grid", "8", "--widths", "64", "--bandwidths", "8"});
        r.add(new String[] {"bench", "--sample-points", "2000", "--sigma-points", "2000", "--batch", "64", "--width", "16",
            "--train-steps", "2", "--train-epochs", "2", "--ntk-points", "12", "--euler-points", "100",
            "--euler-seconds", "0", "--step-seconds", "0.05", "--threads", "2"});
        r.add(new String[] {"paper", "perelman", "--quick", "--out", d + "/p"});
        r.add(new String[] {"feature-learning", "--quick", "--points", "300", "--epochs", "1", "--batch", "32",
            "--probe-points", "8", "--ntk-widths", "64", "--standard-widths", "16", "--out", d + "/f"});
        r.add(new String[] {"example-curvature", "--samples", "500"});
        r.add(new String[] {"example-ntk", "--widths", "16,32", "--seeds", "1", "--inputs", "6"});
        r.add(new String[] {"example-elliptic", "--points", "300", "--epochs", "1", "--curvature-points", "20"});
        r.add(new String[] {"example-quintic", "--points", "500", "--epochs", "1", "--batch", "32", "--width", "8",
            "--curvature-points", "20"});
        r.add(new String[] {"example-donaldson", "--k-max", "1", "--donaldson-points", "300", "--sigma-points", "300",
            "--points", "300", "--epochs", "1"});
        return r;
    }

    /** The subcommands of {@code metricflow}, as typed (e.g. "paper perelman"), without picocli's "help". */
    private static Set<String> subcommands() {
        Set<String> names = new TreeSet<>();
        collect(MetricflowCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
                names);
        names.remove("help");
        return names;
    }

    private static void collect(CommandLine cl, Set<String> names) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            names.add(sub.getCommandSpec().qualifiedName(" ").replaceFirst("^\\S+\\s*", ""));
            collect(sub, names);
        }
    }

    @Test
    void everyCommandHasASchemaAndItsHelpEndsWithIt() {
        assertEquals(subcommands(), new TreeSet<>(JsonKeys.commands()), "subcommands vs JsonKeys");
        for (String command : JsonKeys.commands()) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.add("--help");
            Run r = CliHarness.run(args.toArray(new String[0]));
            assertEquals(0, r.code(), r.err());
            String help = r.out().replaceAll("\\s+", " ");
            assertTrue(help.contains("JSON keys (--json; after \"command\", before \"ok\"; see docs/cli.md): "
                    + JsonKeys.schema(command)), command + " --help lacks its JSON keys:\n" + r.out());
        }
    }

    @Test
    void docsCliMdStatesTheSameSchemaForEveryCommand() throws IOException {
        String cli = Files.readString(Path.of("../docs/cli.md"), StandardCharsets.UTF_8);
        StringBuilder expected = new StringBuilder();
        List<String> wrong = new ArrayList<>();
        for (String command : JsonKeys.commands()) {
            String schema = JsonKeys.schema(command);
            expected.append("### `").append(command).append("`\nJSON keys: ")
                    .append(schema.replaceAll("([A-Za-z][A-Za-z0-9]*)(?=,|;|$)", "`$1`")).append("\n\n");
            // a section's heading names one or more commands: ### `paper`, `paper perelman`
            Matcher m = Pattern.compile("### [^\\n]*`" + Pattern.quote(command) + "`[^\\n]*\\n(?:[^\\n]+\\n)*?"
                    + "JSON keys: (.*?)(?:\\n\\n|$)", Pattern.DOTALL).matcher(cli);
            if (!m.find()) {
                wrong.add(command + ": no section with 'JSON keys:'");
                continue;
            }
            String documented = m.group(1).replace("`", "").replaceAll("\\s+", " ").strip();
            if (!documented.equals(schema)) {
                wrong.add(command + ": docs/cli.md says\n  " + documented + "\nJsonKeys says\n  " + schema);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong) + "\n\nexpected sections:\n" + expected);
    }

    @Test
    void everyCommandPrintsExactlyTheKeysOfItsSchema() {
        Set<String> ran = new LinkedHashSet<>();
        List<String> wrong = new ArrayList<>();
        for (String[] a : runs()) {
            String[] args = java.util.Arrays.copyOf(a, a.length + 1);
            args[a.length] = "--json";
            Run r = CliHarness.run(args);
            assertEquals(0, r.code(), String.join(" ", a) + ": " + r.err());
            String command = a[0].equals("paper") ? a[0] + " " + a[1] : a[0];
            ran.add(command);
            String schema = JsonKeys.schema(command);
            Set<String> printed = r.lastLineJson().keySet();
            Set<String> missing = new LinkedHashSet<>(JsonKeys.always(schema));
            missing.removeAll(printed);
            Set<String> extra = new LinkedHashSet<>(printed);
            extra.removeAll(JsonKeys.all(schema));
            if (!missing.isEmpty() || !extra.isEmpty()) {
                wrong.add(String.join(" ", a) + ": missing " + missing + ", not in the schema " + extra);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        Set<String> notRun = new TreeSet<>(JsonKeys.commands());
        notRun.removeAll(ran);
        notRun.removeAll(SAME_CODE_AS.keySet());
        assertTrue(notRun.isEmpty(), "commands whose keys are not checked: " + notRun);
    }

    @Test
    void schemaTextParsesIntoAlwaysAndConditionalKeys() {
        String s = "a, b; with --x: c, d; on a threefold: e";
        assertEquals(List.of("command", "a", "b", "ok"), List.copyOf(JsonKeys.always(s)));
        assertEquals(List.of("command", "a", "b", "ok", "c", "d", "e"), List.copyOf(JsonKeys.all(s)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> JsonKeys.all("a; b"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> JsonKeys.always("a b"));
    }
}
