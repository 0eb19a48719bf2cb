package org.metricflow.spark;

import java.util.concurrent.ConcurrentHashMap;
import org.metricflow.geometry.complex.ProjectiveVariety;

/** Parsed varieties cached per JVM (executors parse each spec once), and the spec of a variety. */
final class Varieties {
    private static final ConcurrentHashMap<String, ProjectiveVariety> CACHE = new ConcurrentHashMap<>();

    private Varieties() {
    }

    static ProjectiveVariety parse(String spec) {
        return CACHE.computeIfAbsent(spec, ProjectiveVariety::parse);
    }

    /** The spec that parses back to {@code x}; fails for a variety that has none. */
    static String spec(ProjectiveVariety x) {
        String name = x.name();
        ProjectiveVariety back;
        try {
            back = parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the variety " + name + " has no spec that parses back to it", e);
        }
        if (!back.equals(x)) {
            throw new IllegalArgumentException("the variety's name " + name + " parses to another variety; give the"
                    + " variety as a spec string");
        }
        return name;
    }
}
