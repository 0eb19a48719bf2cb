package org.metricflow.examples.paper;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** One of the paper's claims as a runnable, falsifiable experiment (one subcommand of {@code metricflow paper}). */
public interface Claim {

    /**
     * The subcommand name, e.g. {@code flow-equation}.
     */
    String key();

    /**
     * Runs the experiment at the given scale and writes its figures and tables into {@code dir}.
     *
     * @param scale the sizes to use
     * @param seed the seed of every random choice
     * @param progress where progress lines go
     * @param dir the output folder (exists)
     * @return the section of the report, its verdicts and numbers
     * @throws IOException if a file cannot be written
     */
    ClaimResult run(Paper.Scale scale, long seed, PrintWriter progress, Path dir) throws IOException;
}
