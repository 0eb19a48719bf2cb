package org.metricflow.geometry.complex;

import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.ComplexTensor;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * Differentiable metric quantities against the array path ({@link KahlerGeometry}, itself checked against
 * finite differences), and their parameter gradients against central differences in the parameter: the
 * potential K<sub>t</sub> = K<sub>FS</sub> + t·(Σ|z<sub>i</sub>|²)²/10 (a stand-in for a network correction φ<sub>θ</sub>).
 */
class KahlerTensorsTest {
    /** 5 seeds: each case runs the generic fourth-order path three times (≈ 0.5 s per case). */
    static LongStream cases() {
        return Seeds.seeds(5);
    }

    private static KahlerPotential deformed(Tensor t) {
        return (re, im) -> {
            Tensor n2 = re.square().plus(im.square()).sumRows();
            return KahlerPotential.fubiniStudy().value(re, im).plus(n2.square().times(t).times(0.1));
        };
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("cases")
    void tensorsMatchArraysAndParameterGradientsMatchFiniteDifferences(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety x = VarietyCurvatureTest.pick(rng);
        PointSet pts = x.sample(3, rng.nextLong());
        int d = pts.dimension();
        double t0 = rng.uniform(0.0, 0.05);
        Tensor t = Tensor.variable(1, 1, t0);
        KahlerPotential pot = deformed(t);
        KahlerGeometry ref = KahlerGeometry.of(pts, pot);
        ComplexTensor g = KahlerTensors.metric(pts, pot);
        double[] gRef = ref.metric();
        for (int p = 0; p < pts.size(); p++) {
            for (int ab = 0; ab < d * d; ab++) {
                Seeds.assertClose(gRef[2 * (p * d * d + ab)], g.re().get(p, ab), 0.0, 1e-13, seed, x + ": g re");
                Seeds.assertClose(gRef[2 * (p * d * d + ab) + 1], g.im().get(p, ab), 0.0, 1e-13, seed, x + ": g im");
            }
        }
        Tensor logDet = KahlerTensors.logDeterminant(g);
        double[] det = ref.metricDeterminants();
        for (int p = 0; p < pts.size(); p++) {
            Seeds.assertClose(Math.log(det[p]), logDet.get(p, 0), 0.0, 1e-11, seed, x + ": log det g");
        }
        ComplexTensor ric = KahlerTensors.ricci(pts, pot);
        double[] ricRef = ref.ricci();
        double scale = 0;
        for (double v : ricRef) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int p = 0; p < pts.size(); p++) {
            for (int ab = 0; ab < d * d; ab++) {
                // contraction of R (arrays) vs −∂∂̄ log det g (nested autodiff): both exact, rounding ≈ 1e-12·scale
                Seeds.assertClose(ricRef[2 * (p * d * d + ab)], ric.re().get(p, ab), 0.0, 1e-9 * scale, seed,
                        x + ": Ric re");
                Seeds.assertClose(ricRef[2 * (p * d * d + ab) + 1], ric.im().get(p, ab), 0.0, 1e-9 * scale, seed,
                        x + ": Ric im");
            }
        }
        // ∂/∂t Σ_p log det g and ∂/∂t Σ_p Re Ric_00 against central differences of the array path
        double dLogDet = Autodiff.grad(logDet.sum(), t)[0].get(0, 0);
        double dRic = Autodiff.grad(ric.re().col(0).sum(), t)[0].get(0, 0);
        double h = 1e-5;
        KahlerGeometry plus = KahlerGeometry.of(pts, deformed(Tensor.constant(1, 1, t0 + h)));
        KahlerGeometry minus = KahlerGeometry.of(pts, deformed(Tensor.constant(1, 1, t0 - h)));
        double fd = 0;
        double fdRic = 0;
        for (int p = 0; p < pts.size(); p++) {
            fd += (Math.log(plus.metricDeterminants()[p]) - Math.log(minus.metricDeterminants()[p])) / (2 * h);
            fdRic += (plus.ricci()[2 * p * d * d] - minus.ricci()[2 * p * d * d]) / (2 * h);
        }
        // central differences: truncation h²·|f'''| ≲ 1e-9, rounding 1e-14/h ≈ 1e-9 (relative)
        Seeds.assertClose(fd, dLogDet, 1e-6, 1e-8, seed, x + ": ∂/∂t Σ log det g");
        Seeds.assertClose(fdRic, dRic, 1e-5, 1e-6 * scale, seed, x + ": ∂/∂t Σ Re Ric_00");
    }
}
