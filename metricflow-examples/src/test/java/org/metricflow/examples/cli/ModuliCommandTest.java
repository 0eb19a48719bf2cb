package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.metricflow.examples.cli.CliHarness.Run;

/**
 * {@code metricflow moduli}: a tiny run's JSON (training members equally spaced over the range, one row per held-out
 * modulus, σ below the reference's) and hostile input as one-line usage errors naming the value, exit status 2.
 */
class ModuliCommandTest {

    @Test
    void aSmallComparisonPrintsOneRowPerHeldOutModulus() {
        Run r = CliHarness.run("moduli", "--moduli-range", "0,0.4", "--members", "3", "--held-out", "0.1,0.3",
                "--points", "400", "--sigma-points", "300", "--epochs", "2", "--batch", "64", "--width", "16",
                "--depth", "1", "--lr", "0.01", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        assertEquals("dwork", json.get("family"));
        assertEquals(List.of(0.0, 0.2, 0.4), json.get("trainingModuli"));
        List<?> rows = (List<?>) json.get("rows");
        assertEquals(2, rows.size());
        for (Object o : rows) {
            Map<?, ?> row = (Map<?, ?>) o;
            double fs = ((Number) row.get("sigmaFubiniStudy")).doubleValue();
            double cond = ((Number) row.get("sigmaConditioned")).doubleValue();
            assertTrue(cond < fs, "conditioned σ " + cond + " below the reference's " + fs);
            assertEquals(cond / ((Number) row.get("sigmaSingle")).doubleValue(),
                    ((Number) row.get("ratio")).doubleValue(), 1e-12);
        }
        assertTrue(((Number) json.get("conditionedCpuSeconds")).doubleValue() > 0);
        assertTrue(r.err().contains("conditioned: epoch 2/2"), r.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--moduli-range 0,1.2 | psi=1.0",
        "--held-out 0.3,1 | psi=1.0",
        "--held-out 0.2 | 0.2 is also a training modulus",
        "--moduli-range 0.6,0 | [0.6, 0.0]",
        "--moduli-range 0,0.6,0.9 | 0,0.6,0.9",
        "--moduli-range 0.3,0.3 | single value",
        "--moduli-range x,1 | 'x'",
        "--held-out Infinity | Infinity",
        "--family k3 | 'k3'",
        "--members 65 | got 65",
        "--points 1 | got 1",
        "--lr -1 | got -1",
        "--activation swish | 'swish'"})
    void hostileInputIsAOneLineUsageError(String args, String named) {
        Run r = CliHarness.run(("moduli " + args).split(" "));
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(named), r.err());
    }
}
