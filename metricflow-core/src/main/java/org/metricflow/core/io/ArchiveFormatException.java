package org.metricflow.core.io;

import java.io.IOException;

/** A file that is not a valid metricflow archive: foreign, truncated, corrupted or of an unsupported version. */
public final class ArchiveFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message that says what is wrong with the file.
     */
    public ArchiveFormatException(String message) {
        super(message);
    }
}
