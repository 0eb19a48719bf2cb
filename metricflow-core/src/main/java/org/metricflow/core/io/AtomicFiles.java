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
         * @throws IOException if a file cannot be read or written
         */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code target} with {@code bytes}.
     *
     * @throws IOException if a file cannot be read or written
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        write(target, out -> out.write(bytes));
    }

    /**
     * Replaces {@code target} with what {@code writer} writes.
     *
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

    /** The name of a temporary file written by {@link #write}: ".NAME.HEX.tmp". */
    private static final java.util.regex.Pattern TEMPORARY =
            java.util.regex.Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");

    /**
     * Removes the temporary files that {@link #write} leaves behind when the process is killed between writing and
     * renaming, if they were last modified more than {@code olderThan} ago (a younger one may belong to a write
     * still under way in another process). Only names of the form ".NAME.HEX.tmp" directly in {@code dir} are
     * touched; a missing folder has none.
     *
     * @param dir the folder to clean
     * @param olderThan the smallest age of a file that is removed (non-negative)
     * @return the number of files removed
     * @throws IOException if the folder cannot be listed or a file cannot be removed
     */
    public static int removeStaleTemporaries(Path dir, java.time.Duration olderThan) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(olderThan, "olderThan");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long cutoff = System.currentTimeMillis() - olderThan.toMillis();
        int removed = 0;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (TEMPORARY.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)
                        && Files.getLastModifiedTime(p).toMillis() < cutoff && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        }
        return removed;
    }
}
