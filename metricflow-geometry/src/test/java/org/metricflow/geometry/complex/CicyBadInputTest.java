package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * Bad input for varieties in products of projective spaces: non-homogeneous or wrong-degree polynomials,
 * configurations that are not Calabi–Yau or of the wrong shape, mismatched configuration and polynomials, t ≤ 0 or
 * non-finite, a variable of one factor out of its range — each a one-line IllegalArgumentException naming the
 * offending value; seeded hostile inputs never raise anything else.
 */
class CicyBadInputTest {

    private static IllegalArgumentException refused(Supplier<?> s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::get);
        assertTrue(e.getMessage() != null && !e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    private static void names(String fragment, Supplier<?> s) {
        String msg = refused(s).getMessage();
        assertTrue(msg.contains(fragment), "message should name '" + fragment + "': " + msg);
    }

    @Test
    void namedRefusals() {
        CicyConfiguration bicubic = CicyConfiguration.parse("2:3|2:3");
        // not homogeneous in the second factor
        names("x0^3*y0^2", () -> ProjectiveVariety.cicy(bicubic, "x0^3*y0^3 + x1^3*y1^3 + x2^3*y2^3 + x0^3*y0^2"));
        // wrong degree for the configuration
        names("(3,3)", () -> ProjectiveVariety.cicy(bicubic, "x0^2*x1*y0^2*y2 + x2^3*y1^2*y0 + x1^3*y1^2"));
        // variable beyond its factor
        names("x3", () -> ProjectiveVariety.cicy(bicubic, "x0^3*y0^3 + x3^3*y1^3"));
        // mismatched number of polynomials
        names("2 polynomials", () -> ProjectiveVariety.cicy(bicubic, "x0^3*y0^3 + x1^3*y1^3", "x2^3*y2^3"));
        // letters do not match the factors
        names("3 variable letters", () -> ProjectiveVariety.cicy(bicubic, "x0^3*y0^3 + w1^3*y1^3"));
        // not Calabi–Yau: row 2
        names("row 2", () -> ProjectiveVariety.randomCicy(CicyConfiguration.parse("2:3|2:2"), 1));
        names("row 2", () -> ProjectiveVariety.parse("x0^3*y0^2 + x1^3*y1^2 + x2^3*y2^2"));
        // Kähler moduli
        names("t_2 = 0.0", () -> ProjectiveVariety.bicubic().withKahlerModuli(1, 0));
        names("t_1 = NaN", () -> ProjectiveVariety.bicubic().withKahlerModuli(Double.NaN, 1));
        names("t_2 = -1.0", () -> ProjectiveVariety.parse("bicubic&t=1,-1"));
        names("Infinity", () -> ProjectiveVariety.parse("tetraquadric&t=1,1,1,Infinity"));
        names("one Kähler modulus per projective factor (2)", () -> ProjectiveVariety.bicubic().withKahlerModuli(1));
        names("'abc'", () -> ProjectiveVariety.parse("bicubic&t=1,abc"));
        // configuration shape
        names("row 2", () -> CicyConfiguration.parse("2:3|two:3"));
        names("column 1", () -> CicyConfiguration.parse("2:0|2:0"));
        names("dimension -1", () -> CicyConfiguration.parse("1:1,1"));
        names("dimension 0", () -> CicyConfiguration.parse("1:1,1|1:1,1"));
        names("seed", () -> ProjectiveVariety.parse("cicy:2:3|2:3@x"));
    }

    @Test
    void singularMemberIsRefusedNamingThePoint() {
        // Q = A²B with A, B of degree (1,1): every point of {A = 0} (two thirds of the slice roots) is singular, so
        // sampling must refuse, saying so, rather than return points with meaningless weights.
        ProjectiveVariety x = ProjectiveVariety.cicy(CicyConfiguration.parse("2:3|2:3"),
                "(x0*y0 + x1*y1 + x2*y2)^2*(x0*y1 + x1*y2 + x2*y0)");
        String msg = refused(() -> x.sample(2000, 3L)).getMessage();
        assertTrue(msg.contains("singular") && (msg.contains("z = (") || msg.contains("member")), msg);
    }

    private static final String[] TOKENS = {"x0", "x1", "x2", "x3", "y0", "y1", "y2", "y9", "w0", "w1", "z0", "z1",
        "^", "^3", "^2", "*", "+", "-", "(", ")", "i", "2", "0.5", "1e400", "&t=", "1,1", "0", "-1", "NaN", ",", ";",
        "|", ":", "cicy:", "bicubic", "schoen", "tetraquadric", "@", "2:3", "1:2", "x0^3*y0^3", " "};

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void hostileSpecsFailWithOneLineMessages(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int trial = 0; trial < 60; trial++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + rng.nextInt(10);
            for (int i = 0; i < len; i++) {
                sb.append(TOKENS[rng.nextInt(TOKENS.length)]);
            }
            String spec = sb.toString();
            try {
                ProjectiveVariety v = ProjectiveVariety.parse(spec);
                assertTrue(v.dimension() >= 1, spec);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() == null || e.getMessage().contains("\n")) {
                    fail("'" + spec + "': not a one-line message: " + e.getMessage() + " [seed=" + seed + "]");
                }
            } catch (RuntimeException e) {
                throw new AssertionError("'" + spec + "' threw " + e + " [seed=" + seed + "]", e);
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void hostileModuliNameTheValue(long seed) {
        Rng rng = Seeds.rng(seed);
        double[] bad = {0.0, -0.0, -1e-300, -5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] t = {0.1 + rng.nextDouble(), 0.1 + rng.nextDouble(), 0.1 + rng.nextDouble(), 0.1 + rng.nextDouble()};
        int at = rng.nextInt(4);
        t[at] = bad[rng.nextInt(bad.length)];
        String msg = refused(() -> ProjectiveVariety.tetraquadric().withKahlerModuli(t)).getMessage();
        assertTrue(msg.contains("t_" + (at + 1) + " = " + t[at]), msg);
        String msg2 = refused(() -> ProjectiveVariety.tetraquadric().configuration().volume(t)).getMessage();
        assertTrue(msg2.contains("t_" + (at + 1) + " = " + t[at]), msg2);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void randomConfigurationsAreCheckedNotCrashed(long seed) {
        Rng rng = Seeds.rng(seed);
        int f = 1 + rng.nextInt(3);
        int k = 1 + rng.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < f; i++) {
            sb.append(i > 0 ? "|" : "").append(rng.nextInt(4) - (rng.nextInt(8) == 0 ? 1 : 0)).append(':');
            for (int a = 0; a < k; a++) {
                sb.append(a > 0 ? "," : "").append(rng.nextInt(4));
            }
        }
        String text = sb.toString();
        try {
            CicyConfiguration c = CicyConfiguration.parse(text);
            // consistency: χ from c_d equals the Chern number of the configuration, and CY iff rows sum right
            assertEquals(c.isCalabiYau(), c.firstNonCalabiYauRow() < 0, text);
            c.eulerCharacteristic();
            if (!c.isCalabiYau()) {
                names("row " + (c.firstNonCalabiYauRow() + 1), () -> ProjectiveVariety.randomCicy(c, seed));
            }
        } catch (IllegalArgumentException e) {
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
