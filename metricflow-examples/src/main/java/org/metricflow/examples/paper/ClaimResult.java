package org.metricflow.examples.paper;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one claim's experiment produced.
 *
 * @param key the claim's subcommand name, e.g. {@code flow-equation}
 * @param title the section title in report.md
 * @param body the section's Markdown (set-up, tables, figure links, the paper's values beside ours)
 * @param verdicts the claim's verdicts, each a measured number against a threshold
 * @param json the numbers for {@code --json} and {@code <key>.json} (values as accepted by the CLI's JSON writer:
 *     numbers, strings, booleans, arrays, lists and maps)
 * @param seconds wall time of the experiment
 */
public record ClaimResult(String key, String title, String body, List<Verdict> verdicts, Map<String, Object> json,
        double seconds) {

    /**
     * Copies the lists and validates.
     *
     * @param body the Markdown body
     * @param json the numbers
     * @param seconds the wall time
     */
    public ClaimResult {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
        verdicts = List.copyOf(verdicts);
        json = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(json));
    }

    /**
     * Whether every verdict holds.
     */
    public boolean holds() {
        return verdicts.stream().allMatch(Verdict::holds);
    }
}
