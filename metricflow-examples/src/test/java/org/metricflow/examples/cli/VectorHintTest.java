package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metricflow.core.linalg.internal.RowProducts;

/**
 * The hint that suggests the optional vector kernel for wide networks: given exactly from width 256 on and only
 * when the kernel does not already run; never given in these tests' JVM, which has the module.
 */
class VectorHintTest {
    @Test
    void hintFromWidth256WithoutTheKernelOnly() {
        assertNull(CliCommand.vectorHint(255, false));
        assertNull(CliCommand.vectorHint(4096, true));
        String hint = CliCommand.vectorHint(256, false);
        assertEquals("hint: at width 256 training runs ≈ 1.6× faster with the optional vector kernel: start java with"
                + " --add-modules=jdk.incubator.vector (the results are the same to the last bit)", hint);
    }

    @Test
    void aWideBenchInThisJvmGivesNoHint() {
        assertTrue(RowProducts.vectorKernel(), "the tests run with --add-modules jdk.incubator.vector");
        CliHarness.Run r = CliHarness.run("bench", "--sample-points", "2000", "--sigma-points", "2000", "--batch",
                "16", "--train-steps", "2", "--train-epochs", "2", "--width", "256", "--ntk-points", "4",
                "--euler-points", "40", "--euler-seconds", "0", "--step-seconds", "0.05", "--threads", "1", "--json");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("hint:"), r.err());
    }
}
