package org.metricflow.spark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where this JVM's CPU time goes, by kind of thread (Linux only: {@code /proc/self/task}; elsewhere empty): the
 * threads that compute (Spark's task threads, the measuring pool's threads, the library's worker pool), the main
 * thread (the driver), the garbage
 * collector's, the JIT compilers' and all others (Spark's scheduler, RPC, listeners, heartbeats). A daemon samples
 * every thread's user + system time every 100 ms, so that the time of a thread that ends between two snapshots is
 * lost for at most that long; the compute threads' system time is reported apart ({@code compute-sys}, e.g. page faults
 * on fresh heap). For the measurement mains only; not thread-safe apart from the sampler.
 */
final class CpuByThread {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final double TICK = 0.01; // USER_HZ = 100 on Linux
    /** Thread id → (group, latest CPU seconds). */
    private final Map<String, Object[]> latest = new HashMap<>();
    private final Thread sampler;

    private CpuByThread() {
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sample();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cpu-by-thread");
        sampler.setDaemon(true);
    }

    /** Starts sampling (no-op where /proc is missing). */
    static CpuByThread start() {
        CpuByThread c = new CpuByThread();
        if (Files.isDirectory(TASKS)) {
            c.sample();
            c.sampler.start();
        }
        return c;
    }

    private static String group(String comm) {
        if (comm.startsWith("Executor task") || comm.startsWith("pool-") || comm.startsWith("metricflow")) {
            return "compute";
        }
        if (comm.startsWith("GC ") || comm.startsWith("G1 ") || comm.startsWith("VM Periodic")) {
            return "gc";
        }
        if (comm.startsWith("C1 ") || comm.startsWith("C2 ")) {
            return "jit";
        }
        if (comm.equals("java") || comm.equals("main")) {
            return "driver";
        }
        return "other";
    }

    private synchronized void sample() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(TASKS)) {
            for (Path t : ds) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String comm = stat.substring(stat.indexOf('(') + 1, close);
                    String[] f = stat.substring(close + 2).split(" ");
                    // fields after the name: state is f[0], utime f[11], stime f[12]
                    double user = Long.parseLong(f[11]) * TICK;
                    double system = Long.parseLong(f[12]) * TICK;
                    String g = group(comm);
                    if (g.equals("compute")) { // the kernel's share: page faults of fresh heap, scheduling
                        latest.put(t.getFileName() + "s", new Object[] {"compute-sys", system});
                        system = 0;
                    }
                    latest.put(t.getFileName().toString(), new Object[] {g, user + system});
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            }
        } catch (IOException e) {
            // no /proc
        }
    }

    /** A snapshot of every thread's CPU seconds so far. */
    synchronized Map<String, Object[]> snapshot() {
        sample();
        return new HashMap<>(latest);
    }

    /**
     * CPU seconds by group since {@code start} (a {@link #snapshot()}).
     *
     * @return group → seconds, in name order
     */
    synchronized Map<String, Double> since(Map<String, Object[]> start) {
        sample();
        Map<String, Double> out = new TreeMap<>();
        for (Map.Entry<String, Object[]> e : latest.entrySet()) {
            Object[] before = start.get(e.getKey());
            double d = (double) e.getValue()[1] - (before == null ? 0 : (double) before[1]);
            if (d > 0) {
                out.merge((String) e.getValue()[0], d, Double::sum);
            }
        }
        return out;
    }

    /** The groups as one line: "compute 12.3 gc 0.4 jit 0.1 other 0.2". */
    static String format(Map<String, Double> groups) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Double> e : groups.entrySet()) {
            s.append(String.format(Locale.ROOT, "%s %.2f ", e.getKey(), e.getValue()));
        }
        return s.toString().trim();
    }
}
