package org.metricflow.examples.cli;

import picocli.CommandLine.Option;

/**
 * {@code --allow-singular} (a picocli mixin of the commands that take a variety): run on a variety that
 * {@link org.metricflow.geometry.complex.Singularities} finds singular instead of refusing it; every result is then
 * marked {@code singular: true} with a {@code warning}.
 */
public final class SingularOption {
    @Option(names = "--allow-singular", description = "Compute on a singular (or non-reduced) variety anyway; the"
            + " results are marked singular: true with a warning (nothing topological is then that of a smooth"
            + " variety).")
    boolean allow;

    /**
     * Whether {@code --allow-singular} was given.
     *
     * @return whether the user asked to compute on a singular variety on purpose
     */
    public boolean allow() {
        return allow;
    }
}
