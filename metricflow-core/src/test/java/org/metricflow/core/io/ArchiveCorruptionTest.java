package org.metricflow.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * Property-based corruption of {@link ArrayArchive} files. The byte positions of a real archive are classified by
 * the field they belong to (magic, version, entry count, name lengths, names, kind bytes, ranks, dimensions, double
 * payload, text lengths, text payload, checksum) and every seeded case damages one class: a bit flip, a truncation
 * or appended garbage. Every damaged file must be rejected by an {@link ArchiveFormatException} whose one-line
 * message names the file; no other exception (and no OutOfMemoryError from a forged length) may escape.
 *
 * <p>A "hand edit" changes bytes and then recomputes the checksum, as a careful forger would: such a file must be
 * either rejected with an ArchiveFormatException or read as a well-formed archive (a changed payload double is
 * undetectable by design and is then simply a different archive). Counts per class are printed and reported in
 * docs/RELIABILITY.md.
 */
class ArchiveCorruptionTest {
    enum Field { MAGIC, VERSION, COUNT, NAME_LENGTH, NAME, KIND, RANK, DIMENSION, DOUBLES, TEXT_LENGTH, TEXT, CHECKSUM }

    private static final Map<Field, int[]> REJECTED = new EnumMap<>(Field.class);
    private static final int[] HAND_EDITS = new int[2]; // [rejected, read as another well-formed archive]

    @TempDir
    static Path dir;

    private static ArrayArchive sample() {
        return ArrayArchive.builder()
                .putText("format", "metricflow-test")
                .putText("notes", "π ≈ 3.14159\nmulti-line, ünïcödé")
                .put("matrix", new double[] {1, 2, 3, 4, 5, 6}, 2, 3)
                .put("empty", new double[0])
                .put("cube", new double[] {-0.0, Double.MIN_VALUE, 1e308, -7, 0.5, 1, 2, 3}, 2, 2, 2)
                .putText("empty-text", "")
                .build();
    }

    /** The field of every byte of {@code bytes}, by walking the documented format. */
    private static Field[] classify(byte[] bytes) {
        Field[] f = new Field[bytes.length];
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int p = 0;
        p = mark(f, p, 19, Field.MAGIC);
        p = mark(f, p, 4, Field.VERSION);
        int count = in.getInt(p);
        p = mark(f, p, 4, Field.COUNT);
        for (int k = 0; k < count; k++) {
            int nameLength = in.getInt(p);
            p = mark(f, p, 4, Field.NAME_LENGTH);
            p = mark(f, p, nameLength, Field.NAME);
            byte kind = bytes[p];
            p = mark(f, p, 1, Field.KIND);
            if (kind == 'D') {
                int rank = in.getInt(p);
                p = mark(f, p, 4, Field.RANK);
                long size = 1;
                for (int i = 0; i < rank; i++) {
                    size *= in.getInt(p);
                    p = mark(f, p, 4, Field.DIMENSION);
                }
                p = mark(f, p, (int) (8 * size), Field.DOUBLES);
            } else {
                int length = in.getInt(p);
                p = mark(f, p, 4, Field.TEXT_LENGTH);
                p = mark(f, p, length, Field.TEXT);
            }
        }
        mark(f, p, 32, Field.CHECKSUM);
        assertEquals(bytes.length, p + 32, "the walk covers the file");
        return f;
    }

    private static int mark(Field[] f, int from, int length, Field field) {
        Arrays.fill(f, from, from + length, field);
        return from + length;
    }

    private static void requireRejected(byte[] damaged, String what, long seed) throws Exception {
        Path file = dir.resolve("damaged-" + seed + ".mfa");
        Files.write(file, damaged);
        try {
            ArrayArchive.read(file);
            fail(what + " was accepted [seed=" + seed + "]");
        } catch (ArchiveFormatException e) {
            String m = e.getMessage();
            assertTrue(m.startsWith(file.toString() + ": ") && !m.contains("\n") && m.length() < 300,
                    what + ": message must be one line naming the file: " + m + " [seed=" + seed + "]");
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + " threw " + e + " [seed=" + seed + "]", e);
        }
    }

    private static byte[] withChecksum(byte[] bytes) throws Exception {
        byte[] sum = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(bytes, bytes.length - 32));
        System.arraycopy(sum, 0, bytes, bytes.length - 32, 32);
        return bytes;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void everyDamagedByteClassIsRejected(long seed) throws Exception {
        Rng rng = Seeds.rng(seed);
        byte[] good = sample().toBytes();
        Field[] fields = classify(good);
        for (Field target : Field.values()) {
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < fields.length; i++) {
                if (fields[i] == target) {
                    positions.add(i);
                }
            }
            int at = positions.get(rng.nextInt(positions.size()));
            byte[] flipped = good.clone();
            flipped[at] ^= (byte) (1 << rng.nextInt(8));
            requireRejected(flipped, "bit flip at byte " + at + " (" + target + ")", seed);
            synchronized (REJECTED) {
                REJECTED.computeIfAbsent(target, k -> new int[1])[0]++;
            }
        }
        int cut = rng.nextInt(good.length);
        requireRejected(Arrays.copyOf(good, cut), "truncation to " + cut + " of " + good.length + " bytes", seed);
        byte[] longer = Arrays.copyOf(good, good.length + 1 + rng.nextInt(64));
        for (int i = good.length; i < longer.length; i++) {
            longer[i] = (byte) rng.nextInt(256);
        }
        requireRejected(longer, "appended garbage", seed);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#many")
    void handEditedArchivesAreRejectedOrWellFormed(long seed) throws Exception {
        Rng rng = Seeds.rng(seed);
        byte[] good = sample().toBytes();
        Field[] fields = classify(good);
        byte[] edited = good.clone();
        int edits = 1 + rng.nextInt(3);
        for (int k = 0; k < edits; k++) {
            int at = 19 + rng.nextInt(good.length - 32 - 19); // keep the magic; the checksum is recomputed
            switch (rng.nextInt(3)) {
                case 0 -> edited[at] ^= (byte) (1 << rng.nextInt(8));
                case 1 -> edited[at] = (byte) rng.nextInt(256);
                default -> { // forge a 32-bit length or dimension field with an extreme value
                    int start = at - (at - 19) % 4;
                    int value = new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0, 1 << 28, 9}[rng.nextInt(6)];
                    ByteBuffer.wrap(edited).putInt(Math.min(start, good.length - 36), value);
                }
            }
        }
        withChecksum(edited);
        try {
            ArrayArchive a = ArrayArchive.fromBytes(edited);
            // Well-formed: it must round-trip to exactly these bytes.
            assertArrayEquals(edited, a.toBytes(), "a hand-edited archive that reads must be well-formed [seed="
                    + seed + ", fields " + fields.length + "]");
            synchronized (HAND_EDITS) {
                HAND_EDITS[1]++;
            }
        } catch (ArchiveFormatException e) {
            assertTrue(!e.getMessage().contains("\n") && !e.getMessage().isBlank(), e.getMessage());
            synchronized (HAND_EDITS) {
                HAND_EDITS[0]++;
            }
        } catch (RuntimeException | Error e) {
            throw new AssertionError("hand edit threw " + e + " [seed=" + seed + "]", e);
        }
    }

    @Test
    void foreignEmptyAndFutureFilesHaveSpecificMessages(@TempDir Path tmp) throws Exception {
        Path empty = tmp.resolve("empty.mfa");
        Files.write(empty, new byte[0]);
        assertTrue(assertThrows(ArchiveFormatException.class, () -> ArrayArchive.read(empty)).getMessage()
                .contains("not a metricflow archive"));
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "hello, I am a CSV file\n1,2,3\n");
        assertTrue(assertThrows(ArchiveFormatException.class, () -> ArrayArchive.read(text)).getMessage()
                .contains("not a metricflow archive"));
        Path javaSerialized = tmp.resolve("java.ser");
        Files.write(javaSerialized, new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 0x73, 0x72});
        assertTrue(assertThrows(ArchiveFormatException.class, () -> ArrayArchive.read(javaSerialized)).getMessage()
                .contains("not a metricflow archive"));
        // A future version with a valid checksum is "not supported"; a damaged version field is "corrupted".
        byte[] future = sample().toBytes();
        ByteBuffer.wrap(future).putInt(19, 2);
        withChecksum(future);
        String futureMessage = assertThrows(ArchiveFormatException.class, () -> ArrayArchive.fromBytes(future))
                .getMessage();
        assertTrue(futureMessage.contains("version 2 is not supported"), futureMessage);
        byte[] damagedVersion = sample().toBytes();
        damagedVersion[22] ^= 4;
        String damagedMessage = assertThrows(ArchiveFormatException.class,
                () -> ArrayArchive.fromBytes(damagedVersion)).getMessage();
        assertTrue(damagedMessage.contains("corrupted"), damagedMessage);
        assertThrows(java.nio.file.NoSuchFileException.class, () -> ArrayArchive.read(tmp.resolve("missing.mfa")));
    }

    @Test
    void anInterruptedWriteLeavesThePreviousFileIntact(@TempDir Path tmp) throws Exception {
        Path target = tmp.resolve("state.mfa");
        sample().write(target);
        byte[] before = Files.readAllBytes(target);
        Exception e = assertThrows(java.io.IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half a new file".getBytes(StandardCharsets.US_ASCII));
            throw new java.io.IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(target), "the old archive is untouched");
        try (var listing = Files.list(tmp)) {
            assertEquals(1, listing.count(), "no temporary file is left behind");
        }
    }

    @AfterAll
    static void report() {
        System.out.println("ArchiveCorruptionTest: bit flips rejected per field " + REJECTED.entrySet().stream()
                .map(en -> en.getKey() + "=" + en.getValue()[0]).toList() + "; hand edits with recomputed checksum: "
                + HAND_EDITS[0] + " rejected, " + HAND_EDITS[1] + " read as another well-formed archive");
    }
}
