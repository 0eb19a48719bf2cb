/**
 * Persistence without Java serialization: {@link org.metricflow.core.io.ArrayArchive}, a versioned, checksummed
 * (SHA-256) format of named double arrays and text entries, written atomically (temporary file, fsync, atomic
 * rename). Models and checkpoints are stored as archives.
 */
package org.metricflow.core.io;
