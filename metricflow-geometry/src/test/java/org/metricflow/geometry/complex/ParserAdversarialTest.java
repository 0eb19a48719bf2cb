package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.internal.PolynomialParser;

/**
 * Grammar-aware fuzzing of {@link Polynomial#parse} and {@link ProjectiveVariety#parse}: valid expressions are
 * generated from the grammar and then mutated (a token inserted, deleted or replaced; parentheses unbalanced; huge
 * exponents, overflowing integers, NaN/Infinity literals, unicode digits and letters, control characters, variable
 * indices beyond the ambient space, inputs of 10⁵ characters, nesting 10⁵ deep). Every input must either parse
 * (and then print to text that parses back to the same polynomial) or be rejected by an IllegalArgumentException
 * with one line that starts with the 1-based column of the problem, and that column must lie inside the input
 * (1 … length + 1). Nothing else may escape: no StackOverflowError, OutOfMemoryError, NumberFormatException or
 * ArithmeticException, and no case may run away in time (the expansion is bounded).
 *
 * <p>Counts (reported in docs/RELIABILITY.md): 48 seeds × 120 mutated polynomials = 5 760 parser cases, 48 × 60 =
 * 2 880 variety specs, plus the fixed adversarial cases below.
 */
class ParserAdversarialTest {
    static final int POLYNOMIALS_PER_SEED = 120;
    static final int SPECS_PER_SEED = 60;

    private static final String[] ADVERSARIAL = {"NaN", "Infinity", "-Infinity", "1e999", "1e-999", "0x1F", "1_000",
        "99999999999999999999999999", "2147483648", "z2147483648", "z99999999", "z-1", "z", "zz0", "z0z1", "^", "^^2",
        "**", "()", ")(", "(((", ")))", "\u0663", "\u0661\u0662", "z\u0661", "\u00e9", "\u03c8", "\uD835\uDC9B",
        "\uD800", "\u0000", "\u202E", "\t", "\n", "\r\n", "1/2", "%", "psi", "PSI", "i", "ii", "e", "E5", "1e", "1e+",
        ".", "..", "1..2", "3.", ".5", "-", "--", "+-+-", "^-1", "^1.5", "^1e2", "^201", "^2147483648", "^0", "^00"};

    /** A random valid expression of the grammar (small enough to expand quickly). */
    private static String expression(Rng rng, int depth) {
        StringBuilder sb = new StringBuilder();
        int terms = 1 + rng.nextInt(3);
        for (int t = 0; t < terms; t++) {
            if (t > 0) {
                sb.append(rng.nextInt(2) == 0 ? " + " : " - ");
            }
            int factors = 1 + rng.nextInt(3);
            for (int f = 0; f < factors; f++) {
                if (f > 0) {
                    sb.append('*');
                }
                int kind = rng.nextInt(depth > 2 ? 4 : 5);
                switch (kind) {
                    case 0 -> sb.append(rng.nextInt(10));
                    case 1 -> sb.append(String.format(java.util.Locale.ROOT, "%.3g", rng.nextGaussian()));
                    case 2 -> sb.append(rng.nextInt(3) == 0 ? "i" : "psi");
                    case 3 -> sb.append('z').append(rng.nextInt(5)).append(rng.nextInt(2) == 0 ? "" : "^"
                            + rng.nextInt(6));
                    default -> sb.append('(').append(expression(rng, depth + 1)).append(')')
                            .append(rng.nextInt(3) == 0 ? "^" + rng.nextInt(3) : "");
                }
            }
        }
        return sb.toString();
    }

    /** One grammar-aware mutation of {@code s}. */
    private static String mutate(Rng rng, String s) {
        int at = s.isEmpty() ? 0 : rng.nextInt(s.length() + 1);
        switch (rng.nextInt(9)) {
            case 0: // insert an adversarial token
                return s.substring(0, at) + ADVERSARIAL[rng.nextInt(ADVERSARIAL.length)] + s.substring(at);
            case 1: // delete a stretch
                return s.isEmpty() ? s : s.substring(0, Math.min(at, s.length() - 1))
                        + s.substring(Math.min(s.length(), at + 1 + rng.nextInt(4)));
            case 2: // replace a character by a random code point (any plane, surrogates included)
                return s.isEmpty() ? s : s.substring(0, Math.min(at, s.length() - 1))
                        + new String(Character.toChars(rng.nextInt(0x110000))).charAt(0)
                        + s.substring(Math.min(at, s.length() - 1) + 1);
            case 3: // unbalance parentheses
                return rng.nextInt(2) == 0 ? "(" + s : s + ")";
            case 4: // a huge or wrong exponent
                return s.substring(0, at) + "^" + new String[] {"200", "201", "99999", "2147483647", "-3", "2.5",
                    "(2)", ""}[rng.nextInt(8)] + s.substring(at);
            case 5: // a variable beyond any sensible ambient space
                return s.substring(0, at) + "*z" + (5 + rng.nextInt(Integer.MAX_VALUE - 5)) + s.substring(at);
            case 6: // an overflowing or non-finite number
                return s.substring(0, at) + new String[] {"1e308*1e308", "9e307+9e307", "1e400", "NaN", "Infinity",
                    "123456789012345678901234567890"}[rng.nextInt(6)] + s.substring(at);
            case 7: // a power of the whole (powers of sums grow combinatorially; the explosive cases are in
                    // expansionsThatWouldExplodeAreRefusedWithTheirSize, which keeps this loop fast)
                return "(" + s + ")^" + (1 + rng.nextInt(rng.nextInt(20) == 0 ? 60 : 6));
            default: // swap two halves
                return s.substring(at) + s.substring(0, at);
        }
    }

    private static void check(String text, long seed) {
        Polynomial q;
        try {
            q = Polynomial.parse(text, Map.of("psi", 0.5));
        } catch (IllegalArgumentException e) {
            requireColumnMessage(text, e.getMessage(), seed);
            return;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError("'" + abbreviate(text) + "' threw " + e + " [seed=" + seed + "]", e);
        }
        String printed = q.toString();
        if (printed.length() > PolynomialParser.MAX_LENGTH) {
            return; // the expanded print of a (bounded) expansion may exceed the text bound; nothing to re-parse
        }
        Polynomial again = Polynomial.parse(printed, Map.of(), q.variables());
        if (!again.equals(q)) {
            fail("'" + abbreviate(text) + "' printed as '" + abbreviate(q.toString())
                    + "' which parses differently [seed=" + seed + "]");
        }
    }

    static void requireColumnMessage(String text, String msg, long seed) {
        if (msg == null || !msg.matches("column \\d+: .+") || msg.contains("\n") || msg.contains("\r")) {
            fail("parse error for '" + abbreviate(text) + "' is not a one-line column message: " + msg + " [seed="
                    + seed + "]");
        }
        long column = Long.parseLong(msg.substring(7, msg.indexOf(':')));
        if (column < 1 || column > text.length() + 1) {
            fail("column " + column + " lies outside '" + abbreviate(text) + "' (length " + text.length() + "): " + msg
                    + " [seed=" + seed + "]");
        }
        if (msg.length() > 400) {
            fail("message of " + msg.length() + " characters is not a readable line: " + abbreviate(msg));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…(" + s.length() + " chars)";
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void mutatedPolynomialsParseOrFailWithAColumn(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int trial = 0; trial < POLYNOMIALS_PER_SEED; trial++) {
            String s = expression(rng, 0);
            int mutations = rng.nextInt(4);
            for (int k = 0; k < mutations; k++) {
                s = mutate(rng, s);
            }
            check(s, seed);
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void mutatedVarietySpecsGiveOneLineMessages(long seed) {
        Rng rng = Seeds.rng(seed);
        String[] prefixes = {"", "dwork:", "fermat:", "fermat:4:", "fermat:", "z0^3+z1^3+z2^3;", "fermat-quintic",
            "DWORK:", " fermat:3:4 ", ";", "dwork:psi"};
        for (int trial = 0; trial < SPECS_PER_SEED; trial++) {
            String spec = prefixes[rng.nextInt(prefixes.length)];
            switch (rng.nextInt(4)) {
                case 0 -> spec += expression(rng, 1);
                case 1 -> spec = mutate(rng, spec + expression(rng, 1));
                case 2 -> spec += rng.nextInt(3) == 0 ? Long.toString(rng.nextLong()) : rng.nextInt(40) + ":"
                        + (rng.nextInt(2) == 0 ? rng.nextInt(Integer.MAX_VALUE) : rng.nextInt(300) - 20);
                default -> spec = mutate(rng, spec);
            }
            try {
                ProjectiveVariety.parse(spec);
            } catch (IllegalArgumentException e) {
                String m = e.getMessage();
                if (m == null || m.isBlank() || m.contains("\n")) {
                    fail("spec '" + abbreviate(spec) + "' gave an unhelpful message: " + m + " [seed=" + seed + "]");
                }
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                throw new AssertionError("spec '" + abbreviate(spec) + "' threw " + e + " [seed=" + seed + "]", e);
            }
        }
    }

    @Test
    void fixedAdversarialInputsAreRejectedWithTheirColumn() {
        String[][] cases = {
            {"", "column 1: "},
            {"   ", "column 4: "},
            {"z0^2 + (z1", "column 11: expected ')'"},
            {"z0^2 + z1)", "column 10: "},
            {"z0^99999", "column 4: exponent 99999"},
            {"z0^2147483648", "column 4: exponent 2147483648"},
            {"NaN*z0", "column 1: unknown name 'NaN'"},
            {"Infinity + z0", "column 1: unknown name 'Infinity'"},
            {"z0 + 1e999", "column 6: number 1e999"},
            {"z0 + \u0663", "column 6: "},
            {"z0 + z\u0661", "column 6: "},
            {"z0 * \uD835\uDC9B", "column 6: "},
            {"z99999999999", "column 1: variable index"},
            {"z0 \u0000 z1", "column 4: "},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Polynomial.parse(c[0]),
                    c[0]);
            assertTrue(e.getMessage().startsWith(c[1]), "'" + c[0] + "' → " + e.getMessage());
            requireColumnMessage(c[0], e.getMessage(), 0);
        }
    }

    @Test
    void deepNestingAndLongInputsAreBoundedNotFatal() {
        String deep = "(".repeat(100_000) + "z0" + ")".repeat(100_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Polynomial.parse(deep));
        assertTrue(e.getMessage().contains("nest"), e.getMessage());
        requireColumnMessage(deep, e.getMessage(), 0);
        // 50 000 terms in one sum is long but legitimate: it parses.
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < 20_000; t++) {
            sb.append(t == 0 ? "" : "+").append("z").append(t % 5).append("^5");
        }
        assertEquals(5, Polynomial.parse(sb.toString()).terms());
        String tooLong = "z0+".repeat(400_000) + "z0";
        IllegalArgumentException longError = assertThrows(IllegalArgumentException.class,
                () -> Polynomial.parse(tooLong));
        requireColumnMessage(tooLong, longError.getMessage(), 0);
    }

    @Test
    void expansionsThatWouldExplodeAreRefusedWithTheirSize() {
        // (z0+…+z4)^200 has C(204, 4) ≈ 7·10⁷ monomials; ((z0+z1)^200)^200 has degree 40 000.
        for (String text : new String[] {"(z0+z1+z2+z3+z4)^200", "((z0+z1)^200)^200", "(z0+z1+z2+z3+z4+z5+z6+z7)^50",
            "((((z0+1)^9)^9)^9)^9"}) {
            long start = System.nanoTime();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Polynomial.parse(text),
                    text);
            requireColumnMessage(text, e.getMessage(), 0);
            assertTrue(e.getMessage().contains("terms") || e.getMessage().contains("degree"), e.getMessage());
            assertTrue(System.nanoTime() - start < 2_000_000_000L, text + " took too long to refuse");
        }
        assertEquals(21, Polynomial.parse("(z0+z1)^20").terms(), "moderate expansions still work");
    }

    @Test
    void varietySpecsWithAbsurdSizesAreRefused() {
        for (String spec : new String[] {"fermat:100000:5", "fermat:4:100000", "fermat:2147483647:3", "fermat:-3:2",
            "fermat:4:0", "z0^3+z1^3+z99999999^3", "dwork:NaN", "dwork:1e999", "dwork:z0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProjectiveVariety.parse(spec),
                    spec);
            assertTrue(!e.getMessage().contains("\n") && e.getMessage().length() < 400, e.getMessage());
        }
    }
}
