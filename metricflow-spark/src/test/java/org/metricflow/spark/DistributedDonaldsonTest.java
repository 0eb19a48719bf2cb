package org.metricflow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.algebraic.BalancedMetric;
import org.metricflow.geometry.algebraic.DonaldsonIteration;
import org.metricflow.geometry.algebraic.HermitianMatrix;
import org.metricflow.geometry.algebraic.SectionBasis;
import org.metricflow.geometry.complex.PointSet;

/**
 * One distributed T̂(H) equals the single-JVM T̂(H) on the same points to 1e-12 (only the order of additions of the
 * partial sums differs); a few iterations stay within 1e-10 (each iteration inverts T̂, whose condition number at
 * k = 2 is below 10², so rounding grows by at most that factor per step).
 */
class DistributedDonaldsonTest {

    @Test
    void tOperatorAndIterationsEqualTheSingleJvm() {
        DistributedPoints d = DistributedPoints.sample(LocalSpark.context(), "fermat-quartic", 2000, 4, 3);
        PointSet all = d.collect();
        SectionBasis basis = SectionBasis.of(all.variety(), 2);
        HermitianMatrix h = HermitianMatrix.randomPositiveDefinite(basis.size(), 0.5, Rng.of(9));
        DonaldsonIteration single = DonaldsonIteration.of(basis, all);
        Seeds.assertAllClose(single.tOperator(h).toArray(),
                DistributedDonaldson.tOperator(LocalSpark.context(), d, 2, h).toArray(), 1e-12, 1e-14, 9, "T(H)");

        int[] calls = new int[1];
        BalancedMetric dist = DistributedDonaldson.run(LocalSpark.context(), d, 2,
                HermitianMatrix.identity(basis.size()), 1e-12, 4, hh -> calls[0]++);
        BalancedMetric one = single.withTolerance(1e-12).withMaxIterations(4).run();
        assertEquals(4, calls[0]);
        assertEquals(one.iterations(), dist.iterations());
        Seeds.assertAllClose(one.residuals(), dist.residuals(), 1e-10, 1e-14, 9, "balance residuals");
        Seeds.assertAllClose(one.hermitianForm().toArray(), dist.hermitianForm().toArray(), 1e-10, 1e-14, 9, "H_4");
    }
}
