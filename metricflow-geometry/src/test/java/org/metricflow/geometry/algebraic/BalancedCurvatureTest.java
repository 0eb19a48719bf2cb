package org.metricflow.geometry.algebraic;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metricflow.core.testing.Seeds.assertClose;

import org.junit.jupiter.api.Test;
import org.metricflow.core.stats.Estimate;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.KahlerGeometry;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * Balanced metrics through the curvature machinery: the {@link AlgebraicPotential#kahlerPotential()} view gives the
 * same metric as the Donaldson code's own closed form (1e-12 relative), and its Euler characteristic is the
 * quintic's −200 within 4 standard errors.
 */
class BalancedCurvatureTest {

    @Test
    void balancedMetricCurvatureAndTopology() {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        SectionBasis basis = SectionBasis.of(quintic, 2);
        BalancedMetric balanced = DonaldsonIteration.of(basis, quintic.sample(4000, 1)).run();
        AlgebraicPotential k2 = balanced.potential();
        PointSet probe = quintic.sample(300, 2);
        double[] own = k2.metricOn(probe);
        double[] viaCurvature = KahlerGeometry.of(probe, k2.kahlerPotential()).metric();
        for (int q = 0; q < own.length; q++) {
            assertClose(own[q], viaCurvature[q], 1e-12, 1e-12, 0, "metric entry " + q);
        }
        Estimate chi = CurvatureIntegrals.chernNumbers(quintic.sample(20_000, 3), k2.kahlerPotential(), 4096).euler();
        System.out.println("χ of the k = 2 balanced metric on the quintic: " + chi);
        assertTrue(chi.agreesWith(-200, 4), "χ = " + chi);
    }
}
