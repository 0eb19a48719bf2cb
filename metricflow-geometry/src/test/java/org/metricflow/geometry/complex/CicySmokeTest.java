package org.metricflow.geometry.complex;

import org.junit.jupiter.api.Test;
import org.metricflow.core.stats.Estimate;

class CicySmokeTest {
    @Test
    void smoke() {
        int n = Integer.getInteger("smoke.n", 100000);
        for (String spec : System.getProperty("smoke.specs", "tetraquadric,schoen").split(",")) {
            ProjectiveVariety v = ProjectiveVariety.parse(spec);
            long t0 = System.nanoTime();
            PointSet pts = v.sample(n, 3L);
            long t1 = System.nanoTime();
            CurvatureIntegrals.ChernNumbers c = CurvatureIntegrals.chernNumbers(pts, KahlerPotential.fubiniStudy(), 4000);
            Estimate[] c2 = CurvatureIntegrals.c2DotJ(pts, KahlerPotential.fubiniStudy(), 4000);
            long t2 = System.nanoTime();
            System.out.println(v.name() + " sample " + (t1 - t0) / 1e9 + " s, curv " + (t2 - t1) / 1e9 + " s; vol " + v.fubiniStudyVolume()
                + " c1 " + c.chernNumber(1) + " euler " + c.euler() + " chi " + v.configuration().eulerCharacteristic()
                + " c2J " + java.util.Arrays.toString(c2) + " exact " + java.util.Arrays.toString(v.configuration().c2DotJ()));
        }
    }
}
