package org.metricflow.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metricflow.core.io.AtomicFiles;

/**
 * The per-epoch record of every observable of a flow: epoch 0 is the initial metric, epoch e the metric after e
 * epochs. Immutable; {@link #toCsv()} gives one row per epoch and one column per observable.
 */
public final class History {
    private final List<String> names;
    private final double[][] values; // [observable][epoch]

    private History(List<String> names, double[][] values) {
        this.names = names;
        this.values = values;
    }

    /**
     * The observables' names, in column order.
     */
    public List<String> names() {
        return names;
    }

    /**
     * The number of recorded epochs (including epoch 0).
     */
    public int size() {
        return values.length == 0 ? 0 : values[0].length;
    }

    /**
     * The series of one observable over epochs (a copy).
     */
    public double[] series(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no observable '" + name + "' in the history; it has " + names);
        }
        return values[i].clone();
    }

    /**
     * The last value of an observable.
     */
    public double last(String name) {
        double[] s = series(name);
        return s[s.length - 1];
    }

    /**
     * The first value of an observable (the initial metric).
     */
    public double first(String name) {
        return series(name)[0];
    }

    /**
     * CSV: header "epoch,name1,name2,…", then one row per epoch; values printed with full precision.
     *
     * @return the CSV text: header "epoch,name1,name2,…", then one row per epoch; values printed with full precision
     */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("epoch");
        for (String n : names) {
            sb.append(',').append(n);
        }
        sb.append('\n');
        for (int e = 0; e < size(); e++) {
            sb.append(e);
            for (double[] v : values) {
                sb.append(',').append(v[e]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes {@link #toCsv()} atomically (temporary file, then rename).
     *
     * @throws IOException if a file cannot be read or written
     */
    public void writeCsv(Path file) throws IOException {
        AtomicFiles.write(file, toCsv().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("History(" + size() + " epochs:");
        for (String n : names) {
            sb.append(String.format(Locale.ROOT, " %s=%.5g", n, last(n)));
        }
        return sb.append(')').toString();
    }

    /** Collects observables epoch by epoch; every epoch must record the same names. */
    static final class Recorder {
        private final Map<String, List<Double>> series = new LinkedHashMap<>();
        private int epochs;

        void record(Map<String, Double> observables) {
            if (epochs > 0 && !observables.keySet().equals(series.keySet())) {
                throw new IllegalStateException("observables changed between epochs: " + series.keySet() + " vs "
                        + observables.keySet());
            }
            for (Map.Entry<String, Double> e : observables.entrySet()) {
                series.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
            }
            epochs++;
        }

        /** A recorder holding the rows of a CSV written by {@link History#toCsv()} (for resuming). */
        static Recorder fromCsv(String csv) {
            Recorder r = new Recorder();
            String[] lines = csv.split("\n");
            String[] header = lines[0].split(",");
            for (int row = 1; row < lines.length; row++) {
                if (lines[row].isEmpty()) {
                    continue;
                }
                String[] cells = lines[row].split(",");
                if (cells.length != header.length) {
                    throw new IllegalArgumentException("history row " + row + " has " + cells.length
                            + " cells but the header has " + header.length);
                }
                Map<String, Double> obs = new LinkedHashMap<>();
                for (int c = 1; c < header.length; c++) {
                    obs.put(header[c], Double.parseDouble(cells[c]));
                }
                r.record(obs);
            }
            return r;
        }

        History snapshot() {
            List<String> names = new ArrayList<>(series.keySet());
            double[][] v = new double[names.size()][];
            for (int i = 0; i < v.length; i++) {
                List<Double> s = series.get(names.get(i));
                v[i] = new double[s.size()];
                for (int e = 0; e < v[i].length; e++) {
                    v[i][e] = s.get(e);
                }
            }
            return new History(Collections.unmodifiableList(names), v);
        }
    }
}
