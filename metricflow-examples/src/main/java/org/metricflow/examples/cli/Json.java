package org.metricflow.examples.cli;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * A tiny JSON writer for command results (RFC 8259).
 *
 * <p>Values map as follows: {@link Map} → object (keys via {@code String.valueOf}, in the map's iteration order,
 * so use a {@code LinkedHashMap} for a stable layout); {@link Iterable} and arrays (including {@code double[]}
 * and {@code double[][]}) → arrays; finite {@code double}s → {@link Double#toString(double)} (shortest string that
 * round-trips, so full precision), NaN and ±∞ → {@code null}; {@code float}s likewise via
 * {@link Float#toString(float)}; integers and {@code BigDecimal}/{@code BigInteger} → their decimal form;
 * booleans → {@code true}/{@code false}; {@code null} → {@code null}; strings, characters and enum constants →
 * strings. Anything else is rejected, so a result never silently turns into a {@code toString()}.
 *
 * <p>Strings are escaped so that the output is pure ASCII: {@code "} and {@code \} and the control characters
 * get their short escapes ({@code \b \f \n \r \t}) or {@code \}{@code u00XX}, and every character outside
 * printable ASCII (including DEL, each half of a surrogate pair, and lone surrogates) becomes {@code \}{@code uXXXX}.
 * The output therefore survives any terminal encoding and is always a single line.
 */
public final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /**
     * The JSON text of {@code value}, on one line.
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    /**
     * {@code s} as a quoted, escaped JSON string.
     */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        appendString(sb, s);
        return sb.toString();
    }

    /**
     * Appends the JSON text of {@code value} to {@code sb}.
     */
    public static void append(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof CharSequence || value instanceof Character) {
            appendString(sb, value.toString());
        } else if (value instanceof Enum<?>) {
            appendString(sb, ((Enum<?>) value).name());
        } else if (value instanceof Boolean) {
            sb.append(((Boolean) value).booleanValue());
        } else if (value instanceof Number) {
            appendNumber(sb, (Number) value);
        } else if (value instanceof Map<?, ?>) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException("JSON object keys must not be null");
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                appendString(sb, String.valueOf(e.getKey()));
                sb.append(':');
                append(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof Iterable<?>) {
            sb.append('[');
            boolean first = true;
            for (Object o : (Iterable<?>) value) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                append(sb, o);
            }
            sb.append(']');
        } else if (value instanceof double[]) {
            double[] a = (double[]) value;
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendDouble(sb, a[i]);
            }
            sb.append(']');
        } else if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            sb.append('[');
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                append(sb, Array.get(value, i));
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON; convert it"
                    + " to a map, list, array, number, boolean or string first");
        }
    }

    private static void appendNumber(StringBuilder sb, Number n) {
        if (n instanceof Double) {
            appendDouble(sb, n.doubleValue());
        } else if (n instanceof Float) {
            float f = n.floatValue();
            sb.append(Float.isFinite(f) ? Float.toString(f) : "null");
        } else if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger) {
            sb.append(n.toString());
        } else if (n instanceof BigDecimal) {
            sb.append(((BigDecimal) n).toString());
        } else {
            appendDouble(sb, n.doubleValue());
        }
    }

    private static void appendDouble(StringBuilder sb, double d) {
        if (Double.isFinite(d)) {
            sb.append(Double.toString(d));
        } else {
            sb.append("null");
        }
    }

    private static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\b':
                    sb.append("\\b");
                    break;
                case '\f':
                    sb.append("\\f");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
