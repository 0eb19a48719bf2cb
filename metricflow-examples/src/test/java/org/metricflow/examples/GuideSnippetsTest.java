package org.metricflow.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet of {@code docs/guide.md} is compiled against the library and run, and the results its text
 * promises are checked, so that the guide cannot rot.
 *
 * <p>Each {@code ```java} block becomes the body of a static method (its {@code import} lines are hoisted), with
 * wildcard imports of the library's public packages. A block may be followed by a line
 * {@code <!-- check: NAME = VALUE +- TOL; ... -->}: after the block runs, the local variable NAME (a number) must equal
 * VALUE within TOL. A block whose first line is {@code // compile-only} is compiled but not run (long runs)
 * A block whose first line is {@code // file: PATH} is a whole source file of the consumer project of §1; it is
 * built with that project by {@code .ci/package-check}, not here.
 */
class GuideSnippetsTest {
    private static final Path GUIDE = Path.of("..", "docs", "guide.md");
    private static final Pattern BLOCK = Pattern.compile(
            "```java\\n(.*?)```[ \\t]*\\n(?:[ \\t]*<!--\\s*check:(.*?)-->)?", Pattern.DOTALL);
    private static final Pattern CHECK = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(-?[0-9.eE+-]+)\\s*\\+-\\s*([0-9.eE+-]+)\\s*");
    private static final String[] PACKAGES = {
        "java.nio.file", "java.util",
        "org.metricflow.core.autodiff", "org.metricflow.core.stats", "org.metricflow.core.random",
        "org.metricflow.core.optim", "org.metricflow.core.ode", "org.metricflow.geometry.riemann",
        "org.metricflow.geometry.complex", "org.metricflow.geometry.algebraic", "org.metricflow.nn",
        "org.metricflow.nn.metric", "org.metricflow.nn.phi", "org.metricflow.nn.features", "org.metricflow.nn.ntk",
        "org.metricflow.flow", "org.metricflow.flow.ricci",
        "org.metricflow.flow.perelman", "org.metricflow.examples",
    };

    private static List<Snippet> snippets;
    private static ClassLoader loader;

    @TempDir
    static Path classes;

    /** One Java block of the guide: its position, body, and promised values. */
    record Snippet(int index, int line, String body, List<String[]> checks, boolean compileOnly) {
        String className() {
            return "GuideSnippet" + index;
        }
    }

    @BeforeAll
    static void compileAll() throws IOException {
        String text = Files.readString(GUIDE, StandardCharsets.UTF_8);
        snippets = parse(text);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the guide test needs a JDK (javax.tools), not a JRE");
        Path src = Files.createDirectories(classes.resolve("src"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", classPath(),
                "-encoding", "UTF-8", "-proc:none", "-nowarn"));
        for (Snippet s : snippets) {
            Path file = src.resolve(s.className() + ".java");
            Files.writeString(file, source(s), StandardCharsets.UTF_8);
            args.add(file.toString());
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, args.toArray(new String[0]));
        if (status != 0) {
            fail("docs/guide.md snippets do not compile (snippet N is the N-th java block, from 0):\n"
                    + errors.toString(StandardCharsets.UTF_8));
        }
        loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, GuideSnippetsTest.class.getClassLoader());
    }

    @Test
    void theGuideHasSnippetsAndEveryCheckParses() {
        assertTrue(snippets.size() >= 5, "docs/guide.md should have Java snippets, found " + snippets.size());
        for (Snippet s : snippets) {
            assertFalse(s.body().isBlank(), "empty snippet at line " + s.line());
        }
    }

    @TestFactory
    List<DynamicTest> everySnippetRunsAndMeetsItsChecks() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Snippet s : snippets) {
            if (s.compileOnly()) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest("guide.md line " + s.line(), () -> run(s)));
        }
        return tests;
    }

    private static void run(Snippet s) throws Exception {
        Class<?> c = Class.forName(s.className(), true, loader);
        Method m = c.getMethod("run");
        double[] values;
        try {
            values = (double[]) m.invoke(null);
        } catch (InvocationTargetException e) {
            throw new AssertionError("guide.md snippet at line " + s.line() + " failed: " + e.getCause(), e.getCause());
        }
        for (int i = 0; i < s.checks().size(); i++) {
            String[] check = s.checks().get(i);
            assertEquals(Double.parseDouble(check[1]), values[i], Double.parseDouble(check[2]),
                    () -> "guide.md line " + s.line() + ": " + check[0] + " is not " + check[1] + " +- " + check[2]);
        }
    }

    static List<Snippet> parse(String text) {
        List<Snippet> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            int line = 1 + (int) text.substring(0, m.start()).chars().filter(ch -> ch == '\n').count();
            List<String[]> checks = new ArrayList<>();
            if (m.group(2) != null) {
                for (String part : m.group(2).split(";")) {
                    if (part.isBlank()) {
                        continue;
                    }
                    Matcher c = CHECK.matcher(part);
                    if (!c.matches()) {
                        throw new IllegalArgumentException("guide.md line " + line + ": bad check '" + part.strip()
                                + "', expected NAME = VALUE +- TOL");
                    }
                    checks.add(new String[] {c.group(1), c.group(2), c.group(3)});
                }
            }
            String body = m.group(1);
            if (body.strip().startsWith("// file:")) {
                continue;   // a whole source file of the consumer project (§1), built by .ci/package-check
            }
            out.add(new Snippet(out.size(), line, body, checks, body.strip().startsWith("// compile-only")));
        }
        return out;
    }

    private static String source(Snippet s) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String l : s.body().split("\n", -1)) {
            if (l.startsWith("import ")) {
                imports.append(l).append('\n');
            } else {
                body.append("        ").append(l).append('\n');
            }
        }
        StringBuilder src = new StringBuilder();
        for (String p : PACKAGES) {
            src.append("import ").append(p).append(".*;\n");
        }
        src.append(imports);
        src.append("public final class ").append(s.className()).append(" {\n");
        src.append("    public static double[] run() throws Exception {\n");
        src.append(body);
        src.append("        return new double[] {");
        for (int i = 0; i < s.checks().size(); i++) {
            src.append(i == 0 ? "" : ", ").append("(double) ").append(s.checks().get(i)[0]);
        }
        src.append("};\n    }\n}\n");
        return src.toString();
    }

    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }
}
