package org.metricflow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.metricflow.spark.cli.MetricflowSpark;
import picocli.CommandLine;

/**
 * Every {@code spark-submit} line of docs/guide.md names the jar this module builds and the CLI's main class, and its
 * application arguments parse (options exist, values convert). The standalone lines are also run against a real
 * cluster by {@link StandaloneClusterTest}; the Kubernetes line cannot be run here and is only parsed.
 */
class GuideLinesTest {

    @Test
    void everySparkSubmitLineParses() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("..", "docs", "guide.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("spark-submit ")) {
                lines.add(line);
            }
        }
        assertEquals(3, lines.size(), "standalone topology, standalone donaldson, Kubernetes topology");
        for (String line : lines) {
            List<String> args = Arrays.asList(line.trim().split("\\s+"));
            int cls = args.indexOf("--class");
            assertEquals(MetricflowSpark.class.getName(), args.get(cls + 1), line);
            int jar = -1;
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).endsWith("/metricflow-spark.jar")) {
                    jar = i;
                }
            }
            assertTrue(jar > cls, "the jar follows the spark-submit options: " + line);
            String[] app = args.subList(jar + 1, args.size()).toArray(new String[0]);
            CommandLine.ParseResult parsed = new CommandLine(new MetricflowSpark()).parseArgs(app);
            assertTrue(parsed.hasSubcommand(), line);
        }
    }
}
