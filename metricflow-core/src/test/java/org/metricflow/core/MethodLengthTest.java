package org.metricflow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No method or constructor in the library modules' main sources is longer than {@value #MAX_LINES} lines (from its
 * declaration to its closing brace), except measured hot loops, which say so in a comment ("hot loop") on one of the
 * {@value #COMMENT_WINDOW} lines above the declaration.
 * The sources (found from this module's parent directory) are read with a brace counter that skips comments, strings
 * and character literals.
 */
class MethodLengthTest {
    static final int MAX_LINES = 80;
    static final int COMMENT_WINDOW = 4;
    private static final List<String> LIBRARY = List.of("metricflow-core", "metricflow-geometry", "metricflow-nn",
            "metricflow-flow", "metricflow-spark");

    private static final Pattern DECLARATION = Pattern.compile("^\\s*(?:(?:public|protected|private|static|final"
            + "|synchronized|abstract|default|native|strictfp)\\s+)*(?:<[^>]+>\\s+)?(?:[\\w\\[\\]<>,.? ]+\\s+)?"
            + "(\\w+)\\s*\\(");
    private static final Pattern NOT_A_METHOD = Pattern.compile("\\b(class|record|interface|enum|new|return|throw"
            + "|if|for|while|switch|catch|else|try|do|synchronized|assert)\\b|=");

    /** A method longer than the limit: where it starts, its name and its length in lines. */
    record LongMethod(Path file, int line, String name, int lines, boolean hot) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s:%d %s (%d lines)", file, line, name, lines);
        }
    }

    @Test
    void libraryMethodsAreShortOrMarkedHotLoops() throws IOException {
        Path root = Paths.get("").toAbsolutePath().getParent();
        List<LongMethod> offenders = new ArrayList<>();
        int files = 0;
        for (String module : LIBRARY) {
            Path main = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(main)) {
                continue;
            }
            List<Path> sources;
            try (Stream<Path> walk = Files.walk(main)) {
                sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            for (Path file : sources) {
                files++;
                for (LongMethod m : longMethods(root.relativize(file), Files.readAllLines(file))) {
                    if (!m.hot()) {
                        offenders.add(m);
                    }
                }
            }
        }
        assertTrue(files > 100, "found the library's main sources under " + root + ": " + files + " files");
        assertTrue(offenders.isEmpty(), "methods over " + MAX_LINES + " lines (split them, or mark a measured hot"
                + " loop with a comment): " + offenders);
    }

    @Test
    void theCounterFindsMethodsConstructorsAndHotLoopComments() {
        List<String> src = new ArrayList<>(List.of("class A {", "    A(int x) {", "        String s = \"{\";",
                "    }", "", "    // measured hot loop: kept in one piece", "    static int f(int[] a,",
                "            int b) {", "        char c = '}';", "        /* } */ return b;"));
        for (int i = 0; i < MAX_LINES; i++) {
            src.add("        b++; // }");
        }
        src.add("    }");
        src.add("    void g() { }");
        src.add("}");
        List<LongMethod> found = longMethods(Path.of("A.java"), src);
        assertEquals(1, found.size(), found.toString());
        assertEquals("f", found.get(0).name());
        assertEquals(MAX_LINES + 5, found.get(0).lines());
        assertTrue(found.get(0).hot());
    }

    /** The methods and constructors of one source file longer than {@value #MAX_LINES} lines. */
    static List<LongMethod> longMethods(Path file, List<String> lines) {
        List<LongMethod> out = new ArrayList<>();
        Deque<int[]> open = new ArrayDeque<>(); // {start line, depth at its opening brace}
        Deque<String> names = new ArrayDeque<>();
        String pending = null;
        int pendingLine = -1;
        int depth = 0;
        boolean inComment = false;
        for (int i = 0; i < lines.size(); i++) {
            StringBuilder code = new StringBuilder();
            inComment = stripComments(lines.get(i), inComment, code);
            String line = code.toString();
            if (pending == null) {
                Matcher m = DECLARATION.matcher(line);
                if (m.find() && !NOT_A_METHOD.matcher(line.substring(0, m.end())).find()) {
                    pending = m.group(1);
                    pendingLine = i;
                }
            }
            for (int k = 0; k < line.length(); k++) {
                char ch = line.charAt(k);
                if (ch == '{') {
                    if (pending != null) {
                        open.push(new int[] {pendingLine, depth});
                        names.push(pending);
                        pending = null;
                    }
                    depth++;
                } else if (ch == '}') {
                    depth--;
                    if (!open.isEmpty() && open.peek()[1] == depth) {
                        int start = open.pop()[0];
                        String name = names.pop();
                        int length = i - start + 1;
                        if (length > MAX_LINES) {
                            String above = String.join(" ", lines.subList(Math.max(0, start - COMMENT_WINDOW), start));
                            out.add(new LongMethod(file, start + 1, name, length,
                                    above.toLowerCase(Locale.ROOT).contains("hot loop")));
                        }
                    }
                } else if (ch == ';' && pending != null) {
                    pending = null; // an abstract or interface method, or a call
                }
            }
        }
        return out;
    }

    /** Appends the code of {@code line} without comments, strings and char literals; returns the block-comment state. */
    private static boolean stripComments(String line, boolean inComment, StringBuilder code) {
        int k = 0;
        int n = line.length();
        while (k < n) {
            if (inComment) {
                int end = line.indexOf("*/", k);
                if (end < 0) {
                    return true;
                }
                k = end + 2;
                inComment = false;
            } else if (line.startsWith("//", k)) {
                break;
            } else if (line.startsWith("/*", k)) {
                inComment = true;
                k += 2;
            } else if (line.charAt(k) == '"' || line.charAt(k) == '\'') {
                char quote = line.charAt(k);
                k++;
                while (k < n && line.charAt(k) != quote) {
                    k += line.charAt(k) == '\\' ? 2 : 1;
                }
                k++;
                code.append(quote).append(quote);
            } else {
                code.append(line.charAt(k));
                k++;
            }
        }
        return inComment;
    }
}
