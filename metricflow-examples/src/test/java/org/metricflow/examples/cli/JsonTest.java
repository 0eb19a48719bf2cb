package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class JsonTest {

    private static final String SPECIALS = "\"\\/\b\f\n\r\t\u0000\u001f\u007f\u0080\u00e9\u2028\u2029\ud83d\ude00"
            + "\ud800\udfff{}[],:";

    /** A random string mixing ASCII, specials, BMP characters, valid surrogate pairs and lone surrogates. */
    private static String randomString(Rng rng) {
        int n = rng.nextInt(40);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (rng.nextInt(4)) {
                case 0:
                    sb.append((char) (0x20 + rng.nextInt(0x5f)));
                    break;
                case 1:
                    sb.append(SPECIALS.charAt(rng.nextInt(SPECIALS.length())));
                    break;
                case 2:
                    sb.append((char) rng.nextInt(0x10000)); // any UTF-16 unit, lone surrogates included
                    break;
                default:
                    sb.appendCodePoint(0x10000 + rng.nextInt(0x100000));
            }
        }
        return sb.toString();
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#many")
    void stringsRoundTripThroughAnIndependentParserAndStayAscii(long seed) {
        Rng rng = Seeds.rng(seed);
        String s = randomString(rng);
        String quoted = Json.quote(s);
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            assertTrue(c >= 0x20 && c < 0x7f, "non-printable-ASCII char " + (int) c + " in output [seed=" + seed + "]");
        }
        assertEquals(s, JsonReader.parse(quoted), "round trip [seed=" + seed + "]");
        // also as a key and inside nested structures
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(s, List.of(s, Map.of("k", s)));
        Object back = JsonReader.parse(Json.write(m));
        assertEquals(Map.of(s, List.of(s, Map.of("k", s))), back, "[seed=" + seed + "]");
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#many")
    void finiteDoublesRoundTripExactly(long seed) {
        Rng rng = Seeds.rng(seed);
        double[] values = new double[8];
        for (int i = 0; i < values.length; i++) {
            // random bit patterns cover subnormals, huge and tiny exponents; skip non-finite ones
            double d;
            do {
                d = Double.longBitsToDouble(rng.nextLong());
            } while (!Double.isFinite(d));
            values[i] = d;
        }
        values[0] = rng.gaussian(0, 1);
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) JsonReader.parse(Json.write(values));
        for (int i = 0; i < values.length; i++) {
            assertEquals(Double.doubleToLongBits(values[i]), Double.doubleToLongBits((Double) back.get(i)),
                    "value " + values[i] + " [seed=" + seed + "]");
        }
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        assertEquals("[null,null,null,1.5,null]", Json.write(new double[] {Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 1.5, Double.NaN}));
        assertEquals("null", Json.write(Float.NaN));
        assertEquals("{\"x\":null}", Json.write(Map.of("x", Double.NEGATIVE_INFINITY)));
    }

    @Test
    void writesTheSupportedTypes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("int", 3);
        m.put("long", 1L << 60);
        m.put("double", 0.1);
        m.put("float", 0.1f);
        m.put("big", new BigDecimal("1.25"));
        m.put("bool", true);
        m.put("null", null);
        m.put("enum", Thread.State.NEW);
        m.put("char", 'q');
        m.put("matrix", new double[][] {{1, 2}, {3, Double.NaN}});
        m.put("ints", new int[] {1, -2});
        m.put("empty", List.of());
        m.put("emptyObject", Map.of());
        assertEquals("{\"int\":3,\"long\":1152921504606846976,\"double\":0.1,\"float\":0.1,\"big\":1.25,"
                + "\"bool\":true,\"null\":null,\"enum\":\"NEW\",\"char\":\"q\",\"matrix\":[[1.0,2.0],[3.0,null]],"
                + "\"ints\":[1,-2],\"empty\":[],\"emptyObject\":{}}", Json.write(m));
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\\u00e9\"", Json.quote("a\"b\\c\nd\u0001é"));
        assertEquals("[1.0E-300,-0.0,1.2345678901234567E20]", Json.write(List.of(1e-300, -0.0, 1.2345678901234567e20)));
    }

    @Test
    void rejectsUnsupportedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        Map<String, Object> nullKey = new java.util.HashMap<>();
        nullKey.put(null, 1);
        assertThrows(IllegalArgumentException.class, () -> Json.write(nullKey));
        assertEquals("[1.0,2.0]", Json.write(Arrays.asList(1.0, 2.0)));
    }
}
