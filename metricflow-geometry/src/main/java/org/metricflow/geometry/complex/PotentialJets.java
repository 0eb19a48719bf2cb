package org.metricflow.geometry.complex;

import org.metricflow.geometry.complex.internal.HermitianNormJets;
import org.metricflow.geometry.complex.internal.SectionJets;

/**
 * The closed-form jet workers behind {@link KahlerPotential#jets}: Fubini–Study, a Hermitian norm of sections, and
 * Fubini–Study plus a correction's own jets. Each worker is used by one task at a time.
 */
final class PotentialJets {
    private PotentialJets() {
    }

    /** K = (1/2π) log |z|²: the Hermitian-norm formulas with v = ι. */
    static KahlerPotential.Jets fubiniStudy(int m, int d) {
        HermitianNormJets jets = new HermitianNormJets(d, m);
        double kappa = 1.0 / (2.0 * Math.PI);
        int d2 = d * d;
        return (n, z, first, second, g, gOff, dg, dgOff, ddg, ddgOff) -> {
            for (int q = 0; q < n; q++) {
                jets.compute(z, 2 * q * m, first, 2 * q * d * m, second, 2 * q * d2 * m, kappa, g, gOff + 2 * q * d2,
                        dg, dgOff + 2 * q * d2 * d, ddg, ddgOff + 2 * q * d2 * d2);
            }
        };
    }

    /** K = κ log ‖C<sup>†</sup>s(z)‖²: the sections' jets, then the Hermitian-norm formulas with v = C<sup>†</sup>s∘ι. */
    static KahlerPotential.Jets hermitianNorm(HermitianNormPotential norm, int m, int d) {
        if (norm.variables() != m) {
            throw new IllegalArgumentException("the potential " + norm + " lives on C^" + norm.variables()
                    + " but the points have " + m + " homogeneous coordinates");
        }
        int r = norm.sectionCount();
        int d2 = d * d;
        HermitianNormJets jets = new HermitianNormJets(d, r);
        return (n, z, first, second, g, gOff, dg, dgOff, ddg, ddgOff) -> {
            double[] v = new double[2 * n * r];
            double[] v1 = new double[2 * n * d * r];
            double[] v2 = new double[2 * n * d2 * r];
            SectionJets.compute(norm.sectionArray(), norm.choleskyAdjoint(), n, m, d, z, first, second, v, v1, v2);
            for (int q = 0; q < n; q++) {
                jets.compute(v, 2 * q * r, v1, 2 * q * d * r, v2, 2 * q * d2 * r, norm.kappa(), g, gOff + 2 * q * d2,
                        dg, dgOff + 2 * q * d2 * d, ddg, ddgOff + 2 * q * d2 * d2);
            }
        };
    }

    /** K = K<sub>FS</sub> + ψ: the Fubini–Study jets plus ψ's own. */
    static KahlerPotential.Jets withCorrection(JetKahlerPotential potential, int m, int d) {
        KahlerPotential.Jets fs = potential.reference().jets(m, d).orElseThrow(() -> new IllegalArgumentException(
                "the reference potential " + potential.reference() + " has no closed-form jets"));
        JetKahlerPotential.CorrectionJets correction = potential.correctionJets(m, d);
        return (n, z, first, second, g, gOff, dg, dgOff, ddg, ddgOff) -> {
            fs.compute(n, z, first, second, g, gOff, dg, dgOff, ddg, ddgOff);
            correction.add(n, z, first, second, g, gOff, dg, dgOff, ddg, ddgOff);
        };
    }
}
