package org.metricflow.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.metricflow.core.io.AtomicFiles;

/** Small helpers the teaching examples share to write their CSV files. */
public final class ExampleFiles {
    private ExampleFiles() {
    }

    /**
     * Writes columns of equal length as a CSV file with a header row (atomically; the folder is created).
     *
     * @param file the CSV file
     * @param columns header name → values, in column order (NaN is written as an empty cell)
     * @throws IOException if the file cannot be written
     */
    public static void writeCsv(Path file, Map<String, double[]> columns) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        int rows = -1;
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, double[]> e : columns.entrySet()) {
            if (rows >= 0 && e.getValue().length != rows) {
                throw new IllegalArgumentException("CSV column " + e.getKey() + " has " + e.getValue().length
                        + " rows, the others " + rows);
            }
            rows = e.getValue().length;
            sb.append(sb.length() == 0 ? "" : ",").append(e.getKey());
        }
        sb.append('\n');
        for (int r = 0; r < Math.max(rows, 0); r++) {
            boolean first = true;
            for (double[] c : columns.values()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                if (!Double.isNaN(c[r])) {
                    sb.append(String.format(Locale.ROOT, "%.10g", c[r]));
                }
            }
            sb.append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
