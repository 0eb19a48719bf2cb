package org.metricflow.core.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, named collection of double arrays (with shapes) and text entries, stored in metricflow's
 * versioned archive format: the format of saved models and checkpoints. Never Java serialization.
 *
 * <h2>Format, version 1 (all integers big-endian)</h2>
 * <pre>
 * magic        19 bytes  "metricflow-archive\n" (ASCII)
 * version      int32     1
 * entries      int32     count ≥ 0
 * entry*       name      int32 byte length + UTF-8 bytes (1..1024 bytes, unique)
 *              kind      1 byte: 'D' (double array) or 'T' (text)
 *              'D':      int32 rank r (0..8), r × int32 dimensions (≥ 0), then Π dims IEEE-754 doubles
 *              'T':      int32 byte length + UTF-8 bytes
 * checksum     32 bytes  SHA-256 of every preceding byte
 * </pre>
 * {@link #write(Path)} writes to a temporary file in the target's directory, forces it to disk and atomically
 * renames it over the target, so a reader sees either the old complete file or the new complete file, never a
 * mixture. {@link #read(Path)} rejects truncated, corrupted (checksum), foreign (magic) and newer-version files with
 * an {@link ArchiveFormatException} that says what is wrong.
 */
public final class ArrayArchive {
    /** The current format version. */
    public static final int VERSION = 1;

    private static final byte[] MAGIC = "metricflow-archive\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_NAME_BYTES = 1024;
    private static final int MAX_RANK = 8;

    private final Map<String, Object> entries;

    private ArrayArchive(Map<String, Object> entries) {
        this.entries = entries;
    }

    /**
     * A builder for an archive.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The entry names in insertion order.
     */
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /**
     * Whether an entry with this name exists.
     */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * Whether an entry with this name exists and holds text (not a double array).
     */
    public boolean isText(String name) {
        return entries.get(name) instanceof String;
    }

    /**
     * A copy of the double array stored under {@code name}.
     */
    public double[] doubles(String name) {
        return array(name).data.clone();
    }

    /**
     * The shape of the double array stored under {@code name}.
     */
    public int[] shape(String name) {
        return array(name).shape.clone();
    }

    /**
     * The text stored under {@code name}.
     */
    public String text(String name) {
        Object e = require(name);
        if (!(e instanceof String)) {
            throw new IllegalArgumentException("archive entry '" + name + "' is a double array, not text");
        }
        return (String) e;
    }

    private DoubleEntry array(String name) {
        Object e = require(name);
        if (!(e instanceof DoubleEntry)) {
            throw new IllegalArgumentException("archive entry '" + name + "' is text, not a double array");
        }
        return (DoubleEntry) e;
    }

    private Object require(String name) {
        Object e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("archive has no entry '" + name + "'; it has " + entries.keySet());
        }
        return e;
    }

    /**
     * The archive's bytes in format version 1, checksum included.
     */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(entries.size());
            for (Map.Entry<String, Object> e : entries.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeInt(name.length);
                out.write(name);
                if (e.getValue() instanceof DoubleEntry) {
                    DoubleEntry d = (DoubleEntry) e.getValue();
                    out.writeByte('D');
                    out.writeInt(d.shape.length);
                    for (int dim : d.shape) {
                        out.writeInt(dim);
                    }
                    for (double v : d.data) {
                        out.writeLong(Double.doubleToRawLongBits(v)); // raw bits: NaN payloads round-trip too
                    }
                } else {
                    byte[] text = ((String) e.getValue()).getBytes(StandardCharsets.UTF_8);
                    out.writeByte('T');
                    out.writeInt(text.length);
                    out.write(text);
                }
            }
            out.flush();
            byte[] body = bytes.toByteArray();
            byte[] sum = sha256(body, body.length);
            byte[] all = Arrays.copyOf(body, body.length + sum.length);
            System.arraycopy(sum, 0, all, body.length, sum.length);
            return all;
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    /**
     * Writes the archive atomically: to a temporary file beside {@code target}, forced to disk, then renamed over
     * {@code target}. On failure the previous file at {@code target} (if any) is untouched and the temporary
     * file is removed.
     *
     * @throws IOException if a file cannot be read or written
     */
    public void write(Path target) throws IOException {
        AtomicFiles.write(target, toBytes());
    }

    /**
     * Reads and verifies an archive file.
     *
     * @return the archive, its checksum and structure verified
     * @throws ArchiveFormatException naming the file and what is wrong with it (foreign, truncated, corrupted,
     *     unsupported version, or larger than an archive can be)
     */
    public static ArrayArchive read(Path file) throws IOException {
        checkHeader(file);
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 64) {
            throw new ArchiveFormatException(file + ": " + size + " bytes is larger than any metricflow archive"
                    + " (at most 2 GiB); is this the right file?");
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            return fromBytes(bytes);
        } catch (ArchiveFormatException e) {
            throw new ArchiveFormatException(file + ": " + e.getMessage());
        }
    }

    /**
     * Checks that {@code file} is a regular file that starts with the archive's magic and a supported version,
     * reading only those first bytes (a device such as {@code /dev/zero} or a huge foreign file is refused before its
     * body is read). The checksum and structure are verified by {@link #read}.
     *
     * @param file the file to check
     * @throws java.nio.file.NoSuchFileException naming the file if it does not exist
     * @throws ArchiveFormatException naming the file: not a regular file, or foreign
     * @throws IOException if the file cannot be read
     */
    public static void checkHeader(Path file) throws IOException {
        java.util.Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new ArchiveFormatException(file + ": not a regular file (a folder or a device cannot be a"
                    + " metricflow archive)");
        }
        byte[] head = new byte[MAGIC.length + 4];
        int n = 0;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        }
        if (n < MAGIC.length || !Arrays.equals(Arrays.copyOf(head, MAGIC.length), MAGIC)) {
            throw new ArchiveFormatException(file + ": not a metricflow archive (the file does not start with"
                    + " \"metricflow-archive\")");
        }
    }

    /**
     * Parses and verifies archive bytes.
     *
     * @return a new archive holding copies of the named arrays
     * @throws ArchiveFormatException if the bytes are not a valid archive (bad magic, version, checksum or layout)
     */
    public static ArrayArchive fromBytes(byte[] bytes) throws ArchiveFormatException {
        ByteBuffer in = verifiedBody(bytes);
        try {
            int count = in.getInt();
            if (count < 0) {
                throw new ArchiveFormatException("negative entry count " + count);
            }
            Map<String, Object> entries = new LinkedHashMap<>();
            for (int k = 0; k < count; k++) {
                int nameLength = in.getInt();
                if (nameLength < 1 || nameLength > MAX_NAME_BYTES) {
                    throw new ArchiveFormatException("entry " + k + ": bad name length " + nameLength);
                }
                byte[] nameBytes = new byte[nameLength];
                in.get(nameBytes);
                String name = utf8(nameBytes, "entry " + k + ": the name");
                byte kind = in.get();
                Object value;
                if (kind == 'D') {
                    value = readDoubles(in, name);
                } else if (kind == 'T') {
                    value = readText(in, name);
                } else {
                    throw new ArchiveFormatException("entry " + printable(name) + ": unknown kind byte " + kind);
                }
                if (entries.put(name, value) != null) {
                    throw new ArchiveFormatException("duplicate entry " + printable(name));
                }
            }
            if (in.hasRemaining()) {
                throw new ArchiveFormatException(in.remaining() + " unexpected bytes after the last entry");
            }
            return new ArrayArchive(entries);
        } catch (BufferUnderflowException e) {
            throw new ArchiveFormatException("truncated archive: an entry runs past the end of the data");
        }
    }

    /**
     * The archive's body (after magic and version, before the checksum) once magic, version and SHA-256 checksum
     * are verified.
     */
    private static ByteBuffer verifiedBody(byte[] bytes) throws ArchiveFormatException {
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new ArchiveFormatException("not a metricflow archive (the file does not start with"
                    + " \"metricflow-archive\")");
        }
        if (bytes.length < MAGIC.length + 8 + 32) {
            throw new ArchiveFormatException("truncated archive: only " + bytes.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - 32);
        in.position(MAGIC.length);
        int version = in.getInt();
        byte[] expected = sha256(bytes, bytes.length - 32);
        byte[] actual = Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length);
        boolean intact = MessageDigest.isEqual(expected, actual);
        if (version != VERSION) {
            // An intact file of another version is foreign; a version field that fails the checksum is damage.
            throw new ArchiveFormatException(intact
                    ? "archive format version " + version + " is not supported (this metricflow reads version "
                            + VERSION + "); use the metricflow release that wrote it"
                    : "archive format version " + version + " is not supported (this metricflow reads version "
                            + VERSION + "), and the checksum does not match: the archive is probably corrupted");
        }
        if (!intact) {
            throw new ArchiveFormatException("checksum mismatch over " + (bytes.length - 32) + " bytes: the archive"
                    + " is truncated or corrupted");
        }
        return in;
    }

    /** A double entry's body: rank, shape, then the row-major values; the shape is checked against the file. */
    private static DoubleEntry readDoubles(ByteBuffer in, String name) throws ArchiveFormatException {
        int rank = in.getInt();
        if (rank < 0 || rank > MAX_RANK) {
            throw new ArchiveFormatException("entry " + printable(name) + ": bad rank " + rank);
        }
        int[] shape = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = in.getInt();
            if (shape[i] < 0) {
                throw new ArchiveFormatException("entry " + printable(name) + ": negative dimension " + shape[i]);
            }
            size *= shape[i];
            if (size * 8 > in.remaining()) {
                throw new ArchiveFormatException("entry " + printable(name) + ": shape " + Arrays.toString(shape)
                        + " exceeds the file");
            }
        }
        double[] data = new double[(int) size];
        in.asDoubleBuffer().get(data);
        in.position(in.position() + 8 * data.length);
        return new DoubleEntry(shape, data);
    }

    /** A text entry's body: its UTF-8 length, then the bytes. */
    private static String readText(ByteBuffer in, String name) throws ArchiveFormatException {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new ArchiveFormatException("entry " + printable(name) + ": bad text length " + length);
        }
        byte[] text = new byte[length];
        in.get(text);
        return utf8(text, "entry " + printable(name) + ": the text");
    }

    private static String utf8(byte[] bytes, String what) throws ArchiveFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ArchiveFormatException(what + " is not valid UTF-8");
        }
    }

    /** An entry name from a file, quoted for a one-line message (control characters escaped, long names cut). */
    private static String printable(String name) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < Math.min(name.length(), 60); i++) {
            char c = name.charAt(i);
            sb.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    ? String.format(java.util.Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.append(name.length() > 60 ? "…'" : "'").toString();
    }

    private static byte[] sha256(byte[] data, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static final class DoubleEntry {
        final int[] shape;
        final double[] data;

        DoubleEntry(int[] shape, double[] data) {
            this.shape = shape;
            this.data = data;
        }
    }

    /** Collects entries; names are unique and kept in insertion order. */
    public static final class Builder {
        private final Map<String, Object> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds a double array with the given shape (Π shape = data.length); the data is copied.
         *
         * @return this builder
         */
        public Builder put(String name, double[] data, int... shape) {
            checkName(name);
            Objects.requireNonNull(data, "data");
            if (shape.length == 0) {
                shape = new int[] {data.length};
            }
            if (shape.length > MAX_RANK) {
                throw new IllegalArgumentException("entry '" + name + "': rank " + shape.length + " exceeds " + MAX_RANK);
            }
            long size = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("entry '" + name + "': negative dimension in "
                            + Arrays.toString(shape));
                }
                size *= d;
            }
            if (size != data.length) {
                throw new IllegalArgumentException("entry '" + name + "': shape " + Arrays.toString(shape) + " holds "
                        + size + " values but " + data.length + " were given");
            }
            entries.put(name, new DoubleEntry(shape.clone(), data.clone()));
            return this;
        }

        /**
         * Adds a text entry (configuration, JSON, notes).
         *
         * @return this builder
         */
        public Builder putText(String name, String text) {
            checkName(name);
            entries.put(name, Objects.requireNonNull(text, "text"));
            return this;
        }

        private void checkName(String name) {
            if (name == null || name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("archive entry names must have 1.." + MAX_NAME_BYTES
                        + " UTF-8 bytes, got " + (name == null ? "null" : "'" + name + "'"));
            }
            if (entries.containsKey(name)) {
                throw new IllegalArgumentException("archive entry '" + name + "' was already added");
            }
        }

        /**
         * The archive.
         */
        public ArrayArchive build() {
            return new ArrayArchive(new LinkedHashMap<>(entries));
        }
    }
}
