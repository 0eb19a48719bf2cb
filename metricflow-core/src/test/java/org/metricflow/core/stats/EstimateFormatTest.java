package org.metricflow.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/** {@link Estimate#format}: the value rounded to its error, the error to two significant digits. */
class EstimateFormatTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "4.996595241470439|0.010314608818525898|4.997 ± 0.010",
        "-200.1734|0.7021|-200.17 ± 0.70",
        "12345|453|12350 ± 450",
        "0.37447088|0.0036489|0.3745 ± 0.0036",
        "1.5|0|1.50000 ± 0.0",
        "2.0|NaN|2.00000 ± NaN",
    })
    void examples(double value, double error, String expected) {
        assertEquals(expected, Estimate.format(value, error));
    }

    static java.util.stream.LongStream seeds() {
        return Seeds.seeds(50);
    }

    /** Property: the printed value is within half a unit of the last printed digit, which is a tenth of the error's. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void theRoundedValueIsWithinHalfTheLastDigit(long seed) {
        Rng rng = Rng.of(seed);
        double error = Math.exp(8 * rng.nextGaussian());
        double value = rng.nextGaussian() * error * Math.exp(3 * rng.nextDouble());
        String[] parts = Estimate.format(value, error).split(" ± ");
        double v = Double.parseDouble(parts[0]);
        double e = Double.parseDouble(parts[1]);
        double unit = Math.pow(10, Math.floor(Math.log10(error)) - 1);
        assertTrue(Math.abs(v - value) <= 0.5 * unit * (1 + 1e-9), parts[0] + " for " + value);
        assertTrue(Math.abs(e - error) <= 0.5 * unit * (1 + 1e-9), parts[1] + " for " + error);
    }
}
