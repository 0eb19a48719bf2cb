package org.metricflow.examples.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.metricflow.core.io.ArchiveFormatException;
import org.metricflow.core.io.ArrayArchive;
import org.metricflow.core.io.AtomicFiles;

/**
 * Checks of the files a command will read or write, made before any work so that a bad path never costs a result:
 * an output folder is created and a probe file is written into it and removed; an output file's folder is probed
 * the same way; an input archive's magic is read before its body. Every refusal is a {@link CliUsageException}
 * naming the option and the path (control characters escaped) and the reason. Stale temporary files of earlier,
 * killed runs in a probed folder are removed.
 */
final class OutputPaths {
    /** Age above which a temporary file of {@link AtomicFiles} is left over from a killed run. */
    static final Duration STALE = Duration.ofMinutes(10);

    private OutputPaths() {
    }

    /**
     * Creates {@code dir} if needed and proves that a file can be written in it.
     *
     * @param option the option that named the folder, e.g. "--out"
     * @param dir the folder
     * @return the number of stale temporary files removed from the folder
     * @throws CliUsageException if the folder cannot be created (a file is in the way, no permission, read-only) or
     *     written
     */
    static int probeFolder(String option, Path dir) {
        Path abs = dir.toAbsolutePath();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new CliUsageException(option + " " + CliCommand.shown(dir) + ": exists and is not a folder");
        }
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new CliUsageException(option + " " + CliCommand.shown(dir) + ": cannot create the folder ("
                    + reason(e) + ")", e);
        }
        Path probe = abs.resolve(".metricflow-probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.write(probe, new byte[] {'o', 'k', '\n'}, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CliUsageException(option + " " + CliCommand.shown(dir) + ": cannot write into the folder ("
                    + reason(e) + ")", e);
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // the probe file is tiny; a later probe of the folder does not depend on it
            }
        }
        try {
            return AtomicFiles.removeStaleTemporaries(abs, STALE) + removeStaleStaging(abs);
        } catch (IOException | RuntimeException e) {
            return 0; // stale files are a nuisance, not a reason to refuse the run
        }
    }

    /** Removes staging folders ".staging-*" of training outputs left by killed runs (older than {@link #STALE}). */
    private static int removeStaleStaging(Path dir) throws IOException {
        long cutoff = System.currentTimeMillis() - STALE.toMillis();
        int removed = 0;
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                if (p.getFileName().toString().startsWith(".staging-") && Files.isDirectory(p)
                        && Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    try (java.util.stream.Stream<Path> tree = Files.walk(p)) {
                        tree.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                    }
                    removed++;
                }
            }
        }
        return removed;
    }

    /**
     * Probes the folder of an output file ({@link #probeFolder}) and requires that the file itself is not a folder.
     *
     * @param option the option that named the file, e.g. "--out"
     * @param file the file to be written
     * @throws CliUsageException if the file cannot be written
     */
    static void probeFile(String option, Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new CliUsageException(option + " " + CliCommand.shown(file) + ": is a folder, not a file");
        }
        if (abs.getParent() != null) {
            probeFolder(option + " (its folder)", abs.getParent());
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            throw new CliUsageException(option + " " + CliCommand.shown(file) + ": the file exists and is read-only");
        }
    }

    /**
     * Requires a metricflow archive to read: a regular file whose first bytes are the archive's magic.
     *
     * @param option the option that named the file, e.g. "--resume"
     * @param file the archive
     * @throws CliUsageException naming the option, the file and what is wrong
     */
    static void probeArchive(String option, Path file) {
        try {
            ArrayArchive.checkHeader(file);
        } catch (ArchiveFormatException e) {
            throw new CliUsageException(option + " " + CliCommand.shown(e.getMessage()), e);
        } catch (IOException e) {
            throw new CliUsageException(option + " " + CliCommand.shown(file) + ": cannot read (" + reason(e) + ")",
                    e);
        }
    }

    /** The reason of an I/O failure without repeating the path (e.g. "Read-only file system"). */
    static String reason(IOException e) {
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file is in the way: " + CliCommand.shown(((FileSystemException) e).getFile());
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + CliCommand.shown(((FileSystemException) e).getFile());
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
