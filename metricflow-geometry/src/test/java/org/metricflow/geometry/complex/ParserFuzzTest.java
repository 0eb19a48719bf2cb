package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * Fuzzing the polynomial parser and variety specs with seeded random and adversarial strings: every input either
 * parses (and then prints to a string that parses to the same polynomial) or fails with a one-line
 * IllegalArgumentException; polynomial errors name the column. No other exception may escape.
 */
class ParserFuzzTest {
    private static final String[] TOKENS = {"z0", "z1", "z2", "z3", "z4", "z12", "z", "^", "^2", "^5", "^-1", "*", "+",
        "-", "(", ")", "i", "psi", "2", "0.5", "1e3", "1e400", ".", "3.", "5*", " ", "\t", "^^", "**", "z0^100000",
        "1/2", "é", "\u0000", "(((", ")))", "e", "E5", "9999999999999999999999", "NaN", "Infinity"};

    private static String randomInput(Rng rng) {
        StringBuilder sb = new StringBuilder();
        int len = rng.nextInt(12);
        for (int i = 0; i < len; i++) {
            if (rng.nextInt(5) == 0) {
                sb.append((char) (32 + rng.nextInt(95)));
            } else {
                sb.append(TOKENS[rng.nextInt(TOKENS.length)]);
            }
        }
        return sb.toString();
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void polynomialParserNeverThrowsAnythingElse(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int trial = 0; trial < 200; trial++) {
            String text = randomInput(rng);
            Polynomial q;
            try {
                q = Polynomial.parse(text, Map.of("psi", 0.5));
            } catch (IllegalArgumentException e) {
                String msg = e.getMessage();
                if (msg == null || !msg.startsWith("column ") || msg.contains("\n")) {
                    fail("parse error for '" + text + "' is not a one-line column message: " + msg + " [seed=" + seed
                            + "]");
                }
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("'" + text + "' threw " + e + " [seed=" + seed + "]", e);
            }
            Polynomial again = Polynomial.parse(q.toString(), Map.of(), q.variables());
            if (!again.equals(q)) {
                fail("'" + text + "' printed as '" + q + "' which parses differently [seed=" + seed + "]");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void overflowingNumbersAreRejectedWithTheirColumn() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Polynomial.parse("z0^2 + 1e400*z1^2"));
        org.junit.jupiter.api.Assertions.assertEquals("column 8: number 1e400 is too large for double precision",
                e.getMessage());
        IllegalArgumentException product = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Polynomial.parse("1e300*1e300*z0"));
        org.junit.jupiter.api.Assertions.assertTrue(product.getMessage().contains("overflows"), product.getMessage());
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void varietySpecsGiveOneLineMessages(long seed) {
        Rng rng = Seeds.rng(seed);
        String[] prefixes = {"", "dwork:", "fermat:", "fermat:4:", "fermat-", "z0^3+z1^3+z2^3;", "fermat:3:"};
        for (int trial = 0; trial < 100; trial++) {
            String spec = prefixes[rng.nextInt(prefixes.length)] + randomInput(rng);
            try {
                ProjectiveVariety.parse(spec);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("\n")) {
                    fail("spec '" + spec + "' gave an unhelpful message: " + e.getMessage() + " [seed=" + seed + "]");
                }
            } catch (RuntimeException e) {
                throw new AssertionError("spec '" + spec + "' threw " + e + " [seed=" + seed + "]", e);
            }
        }
    }
}
