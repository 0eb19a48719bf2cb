package org.metricflow.spark.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Output paths probed before any work starts. */
final class Outputs {
    private Outputs() {
    }

    /** A file to be (over)written atomically: its directory must exist and be writable. */
    static void probeFile(String option, Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new UsageException(option + ": the directory of " + file + " does not exist or is not writable");
        }
        if (Files.isDirectory(file)) {
            throw new UsageException(option + ": " + file + " is a directory");
        }
    }

    /** A local output directory that must not exist yet (URIs of other file systems are left to Spark). */
    static void probeNewDirectory(String option, String path) {
        if (path.contains("://") && !path.startsWith("file:")) {
            return;
        }
        Path p = Path.of(path.startsWith("file:") ? java.net.URI.create(path).getPath() : path);
        if (Files.exists(p)) {
            throw new UsageException(option + ": " + path + " already exists; choose a new directory");
        }
        Path dir = p.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new UsageException(option + ": the parent directory of " + path
                    + " does not exist or is not writable");
        }
    }
}
