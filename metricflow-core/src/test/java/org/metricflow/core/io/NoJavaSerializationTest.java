package org.metricflow.core.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing in metricflow's main sources uses Java serialization (a deserialization gadget surface and a brittle
 * format): the sources of every module (found from this module's parent directory) are scanned for the
 * serialization APIs. Saved models and checkpoints use {@link ArrayArchive} only. One exception: the task functions of
 * metricflow-spark may be marked {@code Serializable}, because Spark ships every task function with its closure
 * serializer by contract; the data they move are plain {@code double[]} and strings, and no main source reads or
 * writes Java-serialized streams itself.
 */
class NoJavaSerializationTest {
    private static final String[] FORBIDDEN = {"ObjectInputStream", "ObjectOutputStream", "Serializable",
        "Externalizable", "readObject(", "readResolve(", "XMLDecoder", "XMLEncoder"};

    @Test
    void mainSourcesDoNotUseJavaSerialization() throws IOException {
        Path root = Paths.get("").toAbsolutePath().getParent();
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(p -> p.getFileName().toString().startsWith("metricflow-")).toList()) {
                Path main = module.resolve("src/main/java");
                if (Files.isDirectory(main)) {
                    try (Stream<Path> files = Files.walk(main)) {
                        files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
                    }
                }
            }
        }
        assertTrue(sources.size() > 50, "found the main sources of all modules under " + root + ": " + sources.size());
        List<String> hits = new ArrayList<>();
        for (Path file : sources) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            boolean sparkTasks = root.relativize(file).startsWith("metricflow-spark");
            for (String word : FORBIDDEN) {
                if (text.contains(word) && !(sparkTasks && word.equals("Serializable"))) {
                    hits.add(root.relativize(file) + " uses " + word);
                }
            }
        }
        assertTrue(hits.isEmpty(), "Java serialization in main sources: " + hits);
        System.out.println("NoJavaSerializationTest: scanned " + sources.size() + " main source files");
    }
}
