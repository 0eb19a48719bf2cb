package org.metricflow.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic file replacement: the content is written to a temporary file beside the target (with the default
 * permissions of new files), forced to disk and renamed over the target in one step, so a reader sees the old or
 * the new complete file, never a part. On failure the target is untouched and the temporary file is removed.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the content produced by {@code writer} to {@code target} atomically. */
    public interface ContentWriter {
        /**
         * Writes the content to the stream (which is closed by the caller).
         *
         * @param out the argument {@code out}
         * @throws IOException if a file cannot be read or written
         */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code target} with {@code bytes}.
     *
     * @param target the target
     * @param bytes the bytes
     * @throws IOException if a file cannot be read or written
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        write(target, out -> out.write(bytes));
    }

    /**
     * Replaces {@code target} with what {@code writer} writes.
     *
     * @param target the target
     * @param writer the writer
     * @throws IOException if a file cannot be read or written
     */
    public static void write(Path target, ContentWriter writer) throws IOException {
        Objects.requireNonNull(target, "target");
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = absolute.resolveSibling("." + absolute.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                writer.write(out);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
