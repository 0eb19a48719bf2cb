package org.metricflow.geometry.complex.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * The centred-vector jets of κ log⟨v, v⟩ ({@code HermitianNormJets.compute}, the Gauss-equation form, using the
 * symmetries of ∂g and ∂∂̄g) against the set-partition formulas evaluated entry by entry
 * ({@link SetPartitionJets}), on random holomorphic 2-jets v, v<sub>a</sub>, v<sub>ac</sub> = v<sub>ca</sub>
 * with d = 1..4 and r = d + 1..d + 4 components.
 */
class HermitianNormJetsTest {

    private static double maxAbs(double[] x) {
        double m = 0.0;
        for (double y : x) {
            m = Math.max(m, Math.abs(y));
        }
        return m;
    }

    /**
     * Both evaluate the same rational functions of O(1) inner products; the set-partition form adds up to 14
     * products of size ≤ (max|v_a|²/s)² with alternating signs, so its rounding error is a few hundred ulp of the
     * largest entry at worst: 1e-12 of the largest entry of each array (≈ 5000 ulp) passes rounding and catches any
     * wrong term, sign or copied slot (O(1) errors). Offsets are non-zero to check that they are honoured.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void centredVectorsAgreeWithTheSetPartitionFormula(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int d = 1; d <= 4; d++) {
            int r = d + 1 + rng.nextInt(4);
            double kappa = 0.5 + rng.nextDouble();
            double[] v = new double[3 + 2 * r];
            double[] v1 = new double[1 + 2 * d * r];
            double[] v2 = new double[2 + 2 * d * d * r];
            rng.fillGaussian(v, 1.0);
            rng.fillGaussian(v1, 1.0);
            rng.fillGaussian(v2, 1.0);
            for (int a = 0; a < d; a++) {
                for (int c = 0; c < a; c++) {
                    System.arraycopy(v2, 2 + 2 * (c * d + a) * r, v2, 2 + 2 * (a * d + c) * r, 2 * r);
                }
            }
            HermitianNormJets jets = new HermitianNormJets(d, r);
            double[][] fast = {new double[4 + 2 * d * d], new double[4 + 2 * d * d * d],
                new double[4 + 2 * d * d * d * d]};
            double[][] ref = {new double[4 + 2 * d * d], new double[4 + 2 * d * d * d],
                new double[4 + 2 * d * d * d * d]};
            jets.compute(v, 3, v1, 1, v2, 2, kappa, fast[0], 4, fast[1], 4, fast[2], 4);
            new SetPartitionJets(d, r).compute(v, 3, v1, 1, v2, 2, kappa, ref[0], 4, ref[1], 4, ref[2], 4);
            String[] names = {"g", "dg", "ddg"};
            for (int q = 0; q < 3; q++) {
                Seeds.assertAllClose(ref[q], fast[q], 0, 1e-12 * maxAbs(ref[q]), seed, names[q] + " d=" + d + " r=" + r);
            }
            // only the metric when dg is null, and g and dg when ddg is null
            double[] g = new double[4 + 2 * d * d];
            jets.compute(v, 3, v1, 1, v2, 2, kappa, g, 4, null, 0, null, 0);
            Seeds.assertAllClose(fast[0], g, 0, 0, seed, "g alone d=" + d);
            double[] dg = new double[4 + 2 * d * d * d];
            jets.compute(v, 3, v1, 1, v2, 2, kappa, g, 4, dg, 4, null, 0);
            Seeds.assertAllClose(fast[1], dg, 0, 0, seed, "dg without ddg d=" + d);
        }
    }
}
