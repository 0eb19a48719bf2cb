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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Shared defaults ({@link Defaults}): the {@code --help} of every command shows the same default for the same option,
 * except the documented exceptions, and docs/cli.md lists the shared values and the exceptions.
 */
class DefaultsTest {
    private static final Pattern SHOWN = Pattern.compile("default: ([^);]+)[);]");

    /** "command --option" → the default its --help shows, for every option whose help shows one. */
    private static Map<String, String> shownDefaults() {
        Map<String, String> shown = new TreeMap<>();
        collect(MetricflowCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
                shown);
        return shown;
    }

    private static void collect(CommandLine cl, Map<String, String> shown) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            String command = sub.getCommandSpec().qualifiedName(" ").replaceFirst("^\\S+\\s*", "");
            for (OptionSpec o : sub.getCommandSpec().options()) {
                String text = String.join(" ", o.description());
                if (text.contains("${DEFAULT-VALUE}")) {
                    shown.put(command + " " + o.longestName(), o.defaultValue());
                } else {
                    Matcher m = SHOWN.matcher(text);
                    if (m.find()) {
                        shown.put(command + " " + o.longestName(), m.group(1).strip());
                    }
                }
            }
            collect(sub, shown);
        }
    }

    private static boolean same(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Double.parseDouble(a) == Double.parseDouble(b);   // "1" and "1.0"
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Test
    void everyCommandShowsTheSharedDefaultOrADocumentedException() {
        Map<String, String> shown = shownDefaults();
        List<String> wrong = new ArrayList<>();
        Map<String, String> firstByOption = new TreeMap<>();
        for (Map.Entry<String, String> e : shown.entrySet()) {
            String option = e.getKey().substring(e.getKey().lastIndexOf(' ') + 1);
            String shared = Defaults.SHARED.get(option);
            boolean exception = Defaults.EXCEPTIONS.containsKey(e.getKey());
            if (shared != null) {
                if (!exception && !same(shared, e.getValue())) {
                    wrong.add(e.getKey() + " shows " + e.getValue() + ", the shared default is " + shared);
                }
                if (exception && same(shared, e.getValue())) {
                    wrong.add(e.getKey() + " is listed as an exception but shows the shared " + shared);
                }
            } else if (!Defaults.COMMAND_SPECIFIC.containsKey(option)) {
                String first = firstByOption.putIfAbsent(option, e.getKey() + "=" + e.getValue());
                if (first != null && !same(first.substring(first.indexOf('=') + 1), e.getValue())) {
                    wrong.add(option + ": " + first + " but " + e.getKey() + "=" + e.getValue()
                            + " (share the default, or list the option in Defaults.COMMAND_SPECIFIC)");
                }
            }
        }
        for (String key : Defaults.EXCEPTIONS.keySet()) {
            assertTrue(shown.containsKey(key), "exception for an option that shows no default: " + key);
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        // the shared options really are shared: each appears with its default in several commands
        for (String option : Defaults.SHARED.keySet()) {
            long n = shown.keySet().stream().filter(k -> k.endsWith(" " + option)).count();
            assertTrue(n >= 2, option + " appears in " + n + " command(s)");
        }
        assertEquals("1", shown.get("quickstart --seed"));
        assertEquals("256", shown.get("example-quintic --batch")); // the value docs/cli.md states
    }

    @Test
    void docsCliMdListsTheSharedDefaultsAndTheExceptions() throws IOException {
        String cli = Files.readString(Path.of("../docs/cli.md"), StandardCharsets.UTF_8);
        int at = cli.indexOf("## Shared defaults");
        assertTrue(at >= 0, "docs/cli.md has no 'Shared defaults' section");
        String section = cli.substring(at);
        for (Map.Entry<String, String> e : Defaults.SHARED.entrySet()) {
            assertTrue(section.contains("`" + e.getKey() + " " + e.getValue() + "`"), "docs/cli.md lacks `"
                    + e.getKey() + " " + e.getValue() + "`");
        }
        for (String key : Defaults.EXCEPTIONS.keySet()) {
            String value = Defaults.EXCEPTIONS.get(key);
            assertTrue(section.contains("`" + key + " " + value.substring(0, value.indexOf(':')) + "`"),
                    "docs/cli.md lacks the exception `" + key + "`");
        }
        for (String option : Defaults.COMMAND_SPECIFIC.keySet()) {
            assertTrue(section.contains("`" + option + "`"), "docs/cli.md lacks the command-specific " + option);
        }
    }
}
