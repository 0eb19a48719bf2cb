package org.metricflow.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz} files: a zip archive of {@code .npy} arrays, what {@code numpy.savez(_compressed)} writes and
 * {@code numpy.load} reads. Written without any Python, read back from files that NumPy wrote.
 *
 * <h2>Format</h2>
 * Each array NAME is the zip entry {@code NAME.npy}: the magic {@code \x93NUMPY}, format version 1.0, a
 * little-endian uint16 header length, an ASCII header (a Python dict literal
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (N, M), }} padded with spaces and a final newline so that
 * the data starts at a multiple of 64 bytes), then the elements in C (row-major) order.
 *
 * <p>Written: {@code <f8} (float64), {@code <c16} (complex128, stored here as interleaved re/im doubles) and
 * {@code <U} (a 0-d Unicode string, e.g. a JSON description: {@code str(np.load(f)["description"])}). Read: also
 * {@code <f4}, {@code <i4}, {@code <i8}, {@code |u1}, {@code |b1} and big-endian variants (converted to double), and
 * Fortran-ordered arrays (converted to C order). Object arrays (pickles) are refused: loading never executes
 * anything. Entries are deflated, with a fixed timestamp, so that two writes of equal arrays give equal bytes; the
 * file is replaced atomically ({@link AtomicFiles}).
 *
 * <p>Instances are immutable and thread-safe: the builder copies the arrays it is given; an {@link Array} read from a
 * file hands out its own {@code data} array, which the caller must not modify if the {@code Npz} is shared.
 */
public final class Npz {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final long FIXED_TIME = 1_767_225_600_000L;   // 2026-01-01T00:00:00Z, for reproducible files
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * One array of an {@code .npz} file.
     *
     * @param dtype the NumPy type string as read or written, e.g. {@code "<f8"}, {@code "<c16"}, {@code "<U12"}
     * @param shape the dimensions (empty for a 0-d array), each ≥ 0
     * @param data the elements in C order as doubles; complex arrays hold 2 doubles (re, im) per element;
     *     empty for a string
     * @param text the string of a 0-d Unicode array, otherwise {@code null}
     */
    public record Array(String dtype, int[] shape, double[] data, String text) {
        /**
         * The number of elements, the product of the shape (1 for a 0-d array).
         *
         * @return Π shape
         */
        public long size() {
            long n = 1;
            for (int s : shape) {
                n *= s;
            }
            return n;
        }

        /**
         * Whether the elements are complex ({@code data} interleaves re, im).
         *
         * @return true for {@code c8}/{@code c16} arrays
         */
        public boolean isComplex() {
            return dtype.length() > 1 && dtype.charAt(1) == 'c';
        }

        /**
         * Whether this is a string.
         *
         * @return true for a Unicode ({@code U}) array
         */
        public boolean isText() {
            return text != null;
        }
    }

    private final Map<String, Array> arrays;

    private Npz(Map<String, Array> arrays) {
        this.arrays = Collections.unmodifiableMap(arrays);
    }

    /**
     * A builder for a new file.
     *
     * @return an empty builder (not thread-safe)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The arrays in file order, keyed by name (without {@code .npy}).
     *
     * @return an unmodifiable view
     */
    public Map<String, Array> arrays() {
        return arrays;
    }

    /**
     * One array by name.
     *
     * @param name the array's name, as NumPy's {@code np.load(f)[name]}
     * @return the array with its NumPy shape and values (shared with this file's map, not copied)
     * @throws ArchiveFormatException if the file has no such array (the message lists the names it has)
     */
    public Array get(String name) throws ArchiveFormatException {
        Array a = arrays.get(name);
        if (a == null) {
            throw new ArchiveFormatException("no array '" + name + "' in the .npz file (it has " + arrays.keySet()
                    + ")");
        }
        return a;
    }

    /**
     * Writes the arrays to {@code target} atomically (deflated entries, fixed timestamps).
     *
     * @param target the {@code .npz} file to create or replace
     * @throws IOException if the file cannot be written (the target is then untouched)
     */
    public void write(Path target) throws IOException {
        AtomicFiles.write(target, this::writeTo);
    }

    private void writeTo(OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, Array> e : arrays.entrySet()) {
            ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
            entry.setTime(FIXED_TIME);
            entry.setLastModifiedTime(FileTime.fromMillis(FIXED_TIME));
            zip.putNextEntry(entry);
            zip.write(npy(e.getValue()));
            zip.closeEntry();
        }
        zip.finish();
    }

    private static byte[] npy(Array a) {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < a.shape().length; i++) {
            shape.append(a.shape()[i]).append(a.shape().length == 1 ? "," : i + 1 < a.shape().length ? ", " : "");
        }
        shape.append(')');
        String dict = "{'descr': '" + a.dtype() + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = MAGIC.length + 4 + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        byte[] body;
        if (a.isText()) {
            int[] cps = a.text().codePoints().toArray();
            // '<U' + width: width UCS-4 code units, zero-padded (an empty string still has width 1).
            ByteBuffer b = ByteBuffer.allocate(4 * Math.max(1, cps.length)).order(ByteOrder.LITTLE_ENDIAN);
            for (int cp : cps) {
                b.putInt(cp);
            }
            body = b.array();
        } else {
            ByteBuffer b = ByteBuffer.allocate(8 * a.data().length).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : a.data()) {
                b.putDouble(v);
            }
            body = b.array();
        }
        ByteBuffer out = ByteBuffer.allocate(padded + body.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.put(header.getBytes(StandardCharsets.US_ASCII)).put(body);
        return out.array();
    }

    /**
     * Reads an {@code .npz} file (compressed or not), e.g. one written by {@code numpy.savez_compressed}.
     *
     * @return its arrays
     * @throws ArchiveFormatException if the file is no zip of {@code .npy} arrays, or holds a type this reader does
     *     not convert (object arrays, structured types); the message names the file, the array and the problem
     * @throws IOException if the file cannot be read
     */
    public static Npz read(Path file) throws IOException {
        Map<String, Array> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (e.isDirectory()) {
                    continue;
                }
                if (!name.endsWith(".npy")) {
                    throw new ArchiveFormatException(file + ": entry '" + name + "' is not an .npy array");
                }
                String key = name.substring(0, name.length() - 4);
                try {
                    out.put(key, parseNpy(zip));
                } catch (ArchiveFormatException ex) {
                    throw new ArchiveFormatException(file + ": array '" + key + "': " + ex.getMessage());
                }
            }
        } catch (java.util.zip.ZipException ex) {
            throw new ArchiveFormatException(file + ": not an .npz (zip) file: " + ex.getMessage());
        }
        if (out.isEmpty()) {
            throw new ArchiveFormatException(file + ": not an .npz file (no .npy arrays in it)");
        }
        return new Npz(out);
    }

    private static Array parseNpy(InputStream in) throws IOException {
        byte[] head = in.readNBytes(8);
        if (head.length < 8 || !Arrays.equals(Arrays.copyOf(head, 6), MAGIC)) {
            throw new ArchiveFormatException("not an .npy array (bad magic)");
        }
        int major = head[6];
        int headerLength;
        if (major == 1) {
            byte[] h = in.readNBytes(2);
            headerLength = (h[0] & 0xff) | (h[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] h = in.readNBytes(4);
            headerLength = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw new ArchiveFormatException(".npy format version " + major + " is not supported");
        }
        if (headerLength < 0 || headerLength > 1 << 20) {
            throw new ArchiveFormatException("implausible header length " + headerLength);
        }
        String header = new String(in.readNBytes(headerLength),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, "descr");
        boolean fortran = "True".equals(group(ORDER, header, "fortran_order"));
        int[] shape = parseShape(group(SHAPE, header, "shape"));
        long n = 1;
        for (int s : shape) {
            n *= s;
            if (n > MAX_ELEMENTS) {
                throw new ArchiveFormatException("shape " + Arrays.toString(shape) + " is too large");
            }
        }
        char kind = descr.length() > 1 ? descr.charAt(1) : '?';
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int width;
        try {
            width = Integer.parseInt(descr.substring(2));
        } catch (RuntimeException ex) {
            throw new ArchiveFormatException("unsupported dtype '" + descr + "'");
        }
        if (kind == 'U') {
            if (shape.length != 0) {
                throw new ArchiveFormatException("only 0-d strings are supported, got shape " + Arrays.toString(shape));
            }
            ByteBuffer b = ByteBuffer.wrap(readFully(in, 4L * width)).order(order);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < width; i++) {
                int cp = b.getInt();
                if (cp != 0) {
                    sb.appendCodePoint(cp);
                }
            }
            return new Array(descr, shape, new double[0], sb.toString());
        }
        int parts = kind == 'c' ? 2 : 1;
        int partWidth = width / parts;
        ByteBuffer b = ByteBuffer.wrap(readFully(in, n * width)).order(order);
        double[] data = new double[Math.toIntExact(n * parts)];
        for (int i = 0; i < data.length; i++) {
            data[i] = element(b, kind, partWidth, descr);
        }
        if (fortran && shape.length > 1) {
            data = toC(data, shape, parts);
        }
        return new Array(descr, shape, data, null);
    }

    private static double element(ByteBuffer b, char kind, int width, String descr) throws ArchiveFormatException {
        switch (kind) {
            case 'f':
            case 'c':
                if (width == 8) {
                    return b.getDouble();
                }
                if (width == 4) {
                    return b.getFloat();
                }
                break;
            case 'i':
                if (width == 8) {
                    return b.getLong();
                }
                if (width == 4) {
                    return b.getInt();
                }
                if (width == 2) {
                    return b.getShort();
                }
                if (width == 1) {
                    return b.get();
                }
                break;
            case 'u':
            case 'b':
                if (width == 1) {
                    return b.get() & 0xff;
                }
                break;
            default:
                break;
        }
        throw new ArchiveFormatException("unsupported dtype '" + descr + "' (object arrays and pickles are refused)");
    }

    private static double[] toC(double[] f, int[] shape, int parts) {
        int rank = shape.length;
        double[] c = new double[f.length];
        int[] idx = new int[rank];
        int n = f.length / parts;
        for (int lin = 0; lin < n; lin++) {
            // idx is the C-order multi-index of element lin; its Fortran offset is Σ idx_k Π_{j<k} shape_j.
            int off = 0;
            int stride = 1;
            for (int k = 0; k < rank; k++) {
                off += idx[k] * stride;
                stride *= shape[k];
            }
            for (int p = 0; p < parts; p++) {
                c[lin * parts + p] = f[off * parts + p];
            }
            for (int k = rank - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return c;
    }

    private static byte[] readFully(InputStream in, long bytes) throws IOException {
        byte[] b = in.readNBytes(Math.toIntExact(bytes));
        if (b.length != bytes) {
            throw new ArchiveFormatException("truncated: " + b.length + " of " + bytes + " data bytes");
        }
        return b;
    }

    private static String group(Pattern p, String header, String key) throws ArchiveFormatException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new ArchiveFormatException("header has no '" + key + "': " + header.strip());
        }
        return m.group(1);
    }

    private static int[] parseShape(String s) throws ArchiveFormatException {
        String[] parts = s.split(",");
        int count = 0;
        int[] out = new int[parts.length];
        for (String part : parts) {
            String t = part.strip();
            if (t.isEmpty()) {
                continue;
            }
            try {
                out[count] = Integer.parseInt(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException ex) {
                throw new ArchiveFormatException("bad shape (" + s + ")");
            }
            if (out[count] < 0) {
                throw new ArchiveFormatException("negative dimension in shape (" + s + ")");
            }
            count++;
        }
        return Arrays.copyOf(out, count);
    }

    /** Collects arrays for {@link #write}; names are unique, in insertion order. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Array> arrays = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds a float64 array.
         *
         * @param name the array's name (letters, digits, {@code _}, {@code .}, {@code -}), unique in the file
         * @param data the elements in C (row-major) order, copied; length Π shape
         * @param shape the dimensions, each ≥ 0 (none for a 0-d scalar)
         * @return this builder
         * @throws IllegalArgumentException on a duplicate or bad name, or a length that does not match the shape
         */
        public Builder putDoubles(String name, double[] data, int... shape) {
            return put(name, "<f8", data, 1, shape);
        }

        /**
         * Adds a complex128 array.
         *
         * @param name the array's name, unique in the file
         * @param interleaved the elements in C order as (re, im) pairs, copied; length 2·Π shape
         * @param shape the dimensions, each ≥ 0
         * @return this builder
         * @throws IllegalArgumentException on a duplicate or bad name, or a length that does not match the shape
         */
        public Builder putComplex(String name, double[] interleaved, int... shape) {
            return put(name, "<c16", interleaved, 2, shape);
        }

        /**
         * Adds a 0-d Unicode string (NumPy reads it as {@code str(f[name])}).
         *
         * @param name the array's name, unique in the file
         * @param text the string, not null
         * @return this builder
         */
        public Builder putText(String name, String text) {
            Objects.requireNonNull(text, "text");
            checkName(name);
            arrays.put(name, new Array("<U" + Math.max(1, text.codePointCount(0, text.length())), new int[0],
                    new double[0], text));
            return this;
        }

        private Builder put(String name, String dtype, double[] data, int parts, int... shape) {
            Objects.requireNonNull(data, "data");
            checkName(name);
            long n = parts;
            for (int s : shape) {
                if (s < 0) {
                    throw new IllegalArgumentException("array '" + name + "': negative dimension " + s);
                }
                n *= s;
            }
            if (n != data.length) {
                throw new IllegalArgumentException("array '" + name + "': shape " + Arrays.toString(shape)
                        + " needs " + n + " doubles, got " + data.length);
            }
            arrays.put(name, new Array(dtype, shape.clone(), data.clone(), null));
            return this;
        }

        private void checkName(String name) {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9_.-]{1,200}")) {
                throw new IllegalArgumentException("bad array name '" + name + "'");
            }
            if (arrays.containsKey(name)) {
                throw new IllegalArgumentException("duplicate array name '" + name + "'");
            }
        }

        /**
         * The file's content.
         *
         * @return an immutable {@link Npz}
         */
        public Npz build() {
            return new Npz(new LinkedHashMap<>(arrays));
        }
    }
}
