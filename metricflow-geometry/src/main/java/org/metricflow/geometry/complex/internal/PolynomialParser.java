package org.metricflow.geometry.complex.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Recursive-descent parser for polynomial text.
 *
 * <pre>
 * expr    := term (('+' | '-') term)*
 * term    := unary ('*' unary)*
 * unary   := ('+' | '-') unary | power
 * power   := primary ('^' integer)?
 * primary := number | 'i' | 'z'digits | parameter | '(' expr ')'
 * </pre>
 * Powers bind tighter than unary minus ({@code -z0^2} = −(z0²)). Numbers follow Java's decimal syntax
 * ({@code 5}, {@code .5}, {@code 2.}, {@code 1.5e-3}), ASCII digits only. Errors are
 * {@link IllegalArgumentException}s whose one-line message starts with the 1-based column of the offending
 * character.
 *
 * <p>Resource bounds (so hostile input fails fast instead of exhausting the stack, the heap or the CPU): at most
 * {@value #MAX_LENGTH} characters, {@value #MAX_NESTING} nested parentheses or signs, variables z0 …
 * z{@value #MAX_VARIABLE_INDEX}, exponents up to {@value #MAX_EXPONENT}, monomials of total degree up to
 * {@value #MAX_DEGREE}, intermediate polynomials of at most {@value #MAX_TERMS} monomials and at most
 * {@value #MAX_WORK} monomial products in all.
 */
public final class PolynomialParser {
    /** Largest exponent accepted after '^' (guards against accidental blow-up of expanded powers). */
    public static final int MAX_EXPONENT = 200;
    /** Longest accepted text, in chars. */
    public static final int MAX_LENGTH = 1_000_000;
    /** Deepest accepted nesting of parentheses and unary signs (guards the recursive descent's stack). */
    public static final int MAX_NESTING = 100;
    /** Largest accepted variable index k in z<sub>k</sub>. */
    public static final int MAX_VARIABLE_INDEX = 255;
    /** Largest accepted total degree of a monomial during expansion (= {@link #MAX_EXPONENT}, so printed results parse again). */
    public static final int MAX_DEGREE = MAX_EXPONENT;
    /** Most monomials an intermediate or final polynomial may have. */
    public static final int MAX_TERMS = 20_000;
    /** Most monomial products the expansion of one text may take. */
    public static final long MAX_WORK = 500_000L;

    /** The parse result: a sparse polynomial in {@code variables} variables, terms in order of appearance. */
    public static final class Result {
        /** Number of variables m. */
        public final int variables;
        /** Flat terms×m exponent table. */
        public final int[] exponents;
        /** Real parts of the coefficients. */
        public final double[] coefRe;
        /** Imaginary parts of the coefficients. */
        public final double[] coefIm;

        Result(int variables, int[] exponents, double[] coefRe, double[] coefIm) {
            this.variables = variables;
            this.exponents = exponents;
            this.coefRe = coefRe;
            this.coefIm = coefIm;
        }
    }

    private enum Kind { NUMBER, IMAG, VAR, PARAM, PLUS, MINUS, STAR, CARET, LPAREN, RPAREN, END }

    private static final class Token {
        final Kind kind;
        final String text;
        final int column;
        final double number;
        final int index;

        Token(Kind kind, String text, int column, double number, int index) {
            this.kind = kind;
            this.text = text;
            this.column = column;
            this.number = number;
            this.index = index;
        }
    }

    private static final class Key {
        final int[] e;

        Key(int[] e) {
            this.e = e;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(e, ((Key) o).e);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(e);
        }
    }

    /** Sparse polynomial during parsing: monomial → {re, im}, insertion ordered. */
    private static final class Sparse {
        final LinkedHashMap<Key, double[]> terms = new LinkedHashMap<>();

        void add(int[] e, double re, double im) {
            double[] c = terms.computeIfAbsent(new Key(e), k -> new double[2]);
            c[0] += re;
            c[1] += im;
        }
    }

    private final Map<String, double[]> params;
    private final List<Token> tokens;
    private final int vars;
    private int pos;
    private int nesting;
    private long work;

    private PolynomialParser(Map<String, double[]> params, List<Token> tokens, int vars) {
        this.params = params;
        this.tokens = tokens;
        this.vars = vars;
    }

    /**
     * Parses {@code text}.
     *
     * @param params named parameter values as {re, im}
     * @param variables the number of variables, or −1 to use (largest index seen) + 1 (at least 1)
     * @return {@code text}
     */
    public static Result parse(String text, Map<String, double[]> params, int variables) {
        if (text == null) {
            throw new IllegalArgumentException("polynomial text is null; pass e.g. \"z0^3+z1^3+z2^3\"");
        }
        if (text.length() > MAX_LENGTH) {
            throw error(MAX_LENGTH + 1, "the text has " + text.length() + " characters, more than the supported "
                    + MAX_LENGTH + "; factor the polynomial or use Polynomial.of");
        }
        List<Token> tokens = tokenize(text, params);
        int maxIndex = -1;
        for (Token t : tokens) {
            if (t.kind == Kind.VAR) {
                if (variables >= 0 && t.index >= variables) {
                    throw error(t.column, "variable z" + t.index + " is out of range: only z0..z" + (variables - 1)
                            + " exist here (" + variables + " homogeneous coordinates)");
                }
                maxIndex = Math.max(maxIndex, t.index);
            }
        }
        int m = variables >= 0 ? variables : Math.max(1, maxIndex + 1);
        PolynomialParser p = new PolynomialParser(params, tokens, m);
        Sparse s = p.expr();
        Token end = p.peek();
        if (end.kind != Kind.END) {
            throw error(end.column, "expected '+', '-', '*', '^' or end of input but found " + describe(end));
        }
        List<int[]> exps = new ArrayList<>();
        List<double[]> coefs = new ArrayList<>();
        for (Map.Entry<Key, double[]> en : s.terms.entrySet()) {
            double[] c = en.getValue();
            if (!Double.isFinite(c[0]) || !Double.isFinite(c[1])) {
                throw error(1, "a coefficient overflows double precision (" + c[0] + (c[1] < 0 ? " - " : " + ")
                        + Math.abs(c[1]) + "i); rescale the polynomial");
            }
            if (c[0] != 0.0 || c[1] != 0.0) {
                exps.add(en.getKey().e);
                coefs.add(c);
            }
        }
        int n = exps.size();
        int[] flat = new int[n * m];
        double[] re = new double[n];
        double[] im = new double[n];
        for (int t = 0; t < n; t++) {
            System.arraycopy(exps.get(t), 0, flat, t * m, m);
            re[t] = coefs.get(t)[0];
            im[t] = coefs.get(t)[1];
        }
        return new Result(m, flat, re, im);
    }

    private static IllegalArgumentException error(int column, String message) {
        return new IllegalArgumentException("column " + column + ": " + message);
    }

    private static String describe(Token t) {
        return t.kind == Kind.END ? "end of input" : "'" + abbreviate(t.text) + "'";
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "… (" + text.length() + " chars)";
    }

    /** A code point as readable one-line text: the character itself if printable, and always U+XXXX. */
    private static String describeCodePoint(int cp) {
        boolean printable = !Character.isISOControl(cp) && Character.isDefined(cp)
                && Character.getType(cp) != Character.FORMAT && Character.getType(cp) != Character.SURROGATE
                && Character.getType(cp) != Character.PRIVATE_USE && !Character.isWhitespace(cp);
        String hex = String.format(java.util.Locale.ROOT, "U+%04X", cp);
        return printable ? "'" + new String(Character.toChars(cp)) + "' (" + hex + ")" : hex;
    }

    private static List<Token> tokenize(String s, Map<String, double[]> params) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            Token t;
            if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(s.charAt(i + 1)))) {
                t = number(s, i);
            } else if (Character.isLetter(c) || c == '_') {
                t = word(s, i, params);
            } else {
                t = symbol(s, i);
            }
            out.add(t);
            i += t.text.length();
        }
        out.add(new Token(Kind.END, "", n + 1, 0, 0));
        return out;
    }

    /** The number starting at {@code i}: digits, an optional fraction, an optional exponent. */
    private static Token number(String s, int i) {
        int n = s.length();
        int j = skipDigits(s, i);
        if (j < n && s.charAt(j) == '.') {
            j = skipDigits(s, j + 1);
        }
        if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            if (k < n && isDigit(s.charAt(k))) {
                j = skipDigits(s, k);
            }
        }
        String num = s.substring(i, j);
        double value = Double.parseDouble(num);
        if (!Double.isFinite(value)) {
            throw error(i + 1, "number " + num + " is too large for double precision");
        }
        return new Token(Kind.NUMBER, num, i + 1, value, 0);
    }

    private static int skipDigits(String s, int j) {
        while (j < s.length() && isDigit(s.charAt(j))) {
            j++;
        }
        return j;
    }

    /** The name starting at {@code i}: the imaginary unit i, a variable z&lt;k&gt; or a given parameter. */
    private static Token word(String s, int i, Map<String, double[]> params) {
        int col = i + 1;
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        String id = s.substring(i, j);
        if (id.equals("i")) {
            return new Token(Kind.IMAG, id, col, 0, 0);
        }
        if (id.length() > 1 && id.charAt(0) == 'z' && id.substring(1).chars().allMatch(d -> isDigit((char) d))) {
            int index = id.length() > 10 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE,
                    Long.parseLong(id.substring(1)));
            if (index > MAX_VARIABLE_INDEX) {
                throw error(col, "variable index of '" + abbreviate(id) + "' is too large: at most z"
                        + MAX_VARIABLE_INDEX + " is supported");
            }
            return new Token(Kind.VAR, id, col, 0, index);
        }
        if (!params.containsKey(id)) {
            throw error(col, "unknown name '" + abbreviate(id) + "': variables are z0, z1, ..., the imaginary unit is"
                    + " i, and parameters must be given values"
                    + (params.isEmpty() ? " (none were given)" : " (given: "
                    + String.join(", ", new TreeSet<>(params.keySet())) + ")"));
        }
        return new Token(Kind.PARAM, id, col, 0, 0);
    }

    /** The operator or parenthesis at {@code i}. */
    private static Token symbol(String s, int i) {
        char c = s.charAt(i);
        Kind k;
        switch (c) {
            case '+': k = Kind.PLUS; break;
            case '-': k = Kind.MINUS; break;
            case '*': k = Kind.STAR; break;
            case '^': k = Kind.CARET; break;
            case '(': k = Kind.LPAREN; break;
            case ')': k = Kind.RPAREN; break;
            default:
                throw error(i + 1, "unexpected character " + describeCodePoint(s.codePointAt(i))
                        + "; allowed are z<k>, numbers, i, parameter names, + - * ^ ( )");
        }
        return new Token(k, String.valueOf(c), i + 1, 0, 0);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private Sparse expr() {
        Sparse acc = term();
        while (peek().kind == Kind.PLUS || peek().kind == Kind.MINUS) {
            boolean minus = next().kind == Kind.MINUS;
            Sparse rhs = term();
            for (Map.Entry<Key, double[]> en : rhs.terms.entrySet()) {
                double[] c = en.getValue();
                acc.add(en.getKey().e, minus ? -c[0] : c[0], minus ? -c[1] : c[1]);
            }
        }
        return acc;
    }

    private Sparse term() {
        Sparse acc = unary();
        while (peek().kind == Kind.STAR) {
            int column = next().column;
            acc = multiply(acc, unary(), column);
        }
        return acc;
    }

    private Sparse unary() {
        Kind k = peek().kind;
        if (k == Kind.MINUS || k == Kind.PLUS) {
            Token sign = next();
            enter(sign);
            Sparse inner = unary();
            nesting--;
            if (k == Kind.MINUS) {
                for (double[] c : inner.terms.values()) {
                    c[0] = -c[0];
                    c[1] = -c[1];
                }
            }
            return inner;
        }
        return power();
    }

    private Sparse power() {
        Sparse base = primary();
        if (peek().kind == Kind.CARET) {
            next();
            Token e = next();
            if (e.kind != Kind.NUMBER || !e.text.chars().allMatch(Character::isDigit)) {
                throw error(e.column, "expected a non-negative integer exponent after '^' but found " + describe(e));
            }
            int exp;
            try {
                exp = Integer.parseInt(e.text);
            } catch (NumberFormatException ex) {
                exp = Integer.MAX_VALUE;
            }
            if (exp > MAX_EXPONENT) {
                throw error(e.column, "exponent " + e.text + " is larger than the supported " + MAX_EXPONENT);
            }
            Sparse r = constant(1.0, 0.0);
            for (int k = 0; k < exp; k++) {
                r = multiply(r, base, e.column);
            }
            return r;
        }
        return base;
    }

    private Sparse primary() {
        Token t = next();
        switch (t.kind) {
            case NUMBER:
                return constant(t.number, 0.0);
            case IMAG:
                return constant(0.0, 1.0);
            case PARAM: {
                double[] v = params.get(t.text);
                return constant(v[0], v[1]);
            }
            case VAR: {
                Sparse s = new Sparse();
                int[] e = new int[vars];
                e[t.index] = 1;
                s.add(e, 1.0, 0.0);
                return s;
            }
            case LPAREN: {
                enter(t);
                Sparse inner = expr();
                nesting--;
                Token close = next();
                if (close.kind != Kind.RPAREN) {
                    throw error(close.column, "expected ')' to close the '(' at column " + t.column + " but found "
                            + describe(close));
                }
                return inner;
            }
            default:
                throw error(t.column, "expected a variable z<k>, a number or '(' but found " + describe(t));
        }
    }

    private Sparse constant(double re, double im) {
        Sparse s = new Sparse();
        s.add(new int[vars], re, im);
        return s;
    }

    private void enter(Token t) {
        if (++nesting > MAX_NESTING) {
            throw error(t.column, "parentheses and signs nest more than " + MAX_NESTING + " deep here; simplify"
                    + " the expression");
        }
    }

    private static int maxDegree(Sparse a) {
        int max = 0;
        for (Key k : a.terms.keySet()) {
            int d = 0;
            for (int x : k.e) {
                d += x;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    /** a·b, refusing (with the column of the operator) products whose degree, size or cost exceed the bounds. */
    private Sparse multiply(Sparse a, Sparse b, int column) {
        int degree = maxDegree(a) + maxDegree(b);
        if (degree > MAX_DEGREE) {
            throw error(column, "the expansion reaches total degree " + degree + ", more than the supported "
                    + MAX_DEGREE + "; lower the exponents");
        }
        work += (long) a.terms.size() * b.terms.size();
        if (work > MAX_WORK) {
            throw error(column, "expanding the polynomial needs more than " + MAX_WORK + " monomial products (terms"
                    + " grow combinatorially in powers of sums); expand fewer or smaller powers");
        }
        Sparse r = new Sparse();
        for (Map.Entry<Key, double[]> x : a.terms.entrySet()) {
            for (Map.Entry<Key, double[]> y : b.terms.entrySet()) {
                int[] e = new int[vars];
                for (int j = 0; j < vars; j++) {
                    e[j] = x.getKey().e[j] + y.getKey().e[j];
                }
                double[] c = x.getValue();
                double[] d = y.getValue();
                r.add(e, c[0] * d[0] - c[1] * d[1], c[0] * d[1] + c[1] * d[0]);
            }
            if (r.terms.size() > MAX_TERMS) {
                throw error(column, "the expansion has more than " + MAX_TERMS + " terms; expand fewer or smaller"
                        + " powers of sums");
            }
        }
        return r;
    }
}
