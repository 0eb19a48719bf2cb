package org.metricflow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.metricflow.core.random.Rng;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.phi.PhiModel;
import org.metricflow.nn.ntk.ProbeMetricModel;
import org.metricflow.nn.ntk.MetricNtk;

/**
 * The block-distributed metric-NTK against the single-JVM dense kernel (the library's factorized
 * {@link MetricNtk#matrix}, a different code path from the off-diagonal {@link MetricNtk#cross} blocks): Frobenius
 * norm, mat-vec and kernel change to 1e-12 relative (sums in another order), the top eigenvalues from Lanczos
 * (the library's Lanczos, 60 steps on a 120-dimensional matrix, full reorthogonalization) against EJML's dense symmetric eigensolver to
 * 1e-9 relative.
 */
class DistributedNtkTest {

    @Test
    void blocksReproduceTheDenseKernel() {
        ProjectiveVariety x = ProjectiveVariety.fermatQuartic();
        PhiModel model = TestModels.phi(x, 3, 6);
        PointSet probe = x.sample(30, 4, 1);
        DMatrixRMaj dense = MetricNtk.of(model, probe).matrix(ProbeMetricModel.indices(30));
        assertEquals(120, dense.numRows);

        DistributedNtk ntk = DistributedNtk.of(LocalSpark.context(), MetricSource.of(model), probe, 8, 3);
        assertEquals(120, ntk.dimension());
        double f = NormOps_DDRM.normF(dense);
        assertEquals(f, ntk.frobeniusNorm(), 1e-12 * f);

        Rng rng = Rng.of(5);
        double[] v = new double[120];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        DMatrixRMaj y = new DMatrixRMaj(120, 1);
        CommonOps_DDRM.mult(dense, DMatrixRMaj.wrap(120, 1, v), y);
        double[] yd = ntk.apply(v);
        double scale = NormOps_DDRM.normF(y);
        for (int i = 0; i < 120; i++) {
            assertEquals(y.data[i], yd[i], 1e-12 * scale, "(Θv)[" + i + "]");
        }

        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(120, false, true);
        assertTrue(eig.decompose(dense.copy()));
        double[] all = new double[120];
        for (int i = 0; i < 120; i++) {
            all[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(all);
        double[] top = ntk.largestEigenvalues(3, 60, 1);
        for (int i = 0; i < 3; i++) {
            assertEquals(all[119 - i], top[i], 1e-9 * all[119], "eigenvalue " + i);
        }
        ntk.release();

        PhiModel moved = TestModels.phi(x, 3, 6);
        double[] theta = moved.network().flatParameters();
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.05 * rng.nextGaussian();
        }
        moved.network().setFlatParameters(theta);
        DMatrixRMaj denseT = MetricNtk.of(moved, probe).matrix(ProbeMetricModel.indices(30));
        DMatrixRMaj diff = new DMatrixRMaj(120, 120);
        CommonOps_DDRM.subtract(denseT, dense, diff);
        double expected = NormOps_DDRM.normF(diff) / f;
        double change = DistributedNtk.kernelChange(LocalSpark.context(), MetricSource.of(model),
                MetricSource.of(moved), probe, 8, 3);
        assertTrue(expected > 1e-3, "the perturbation moves the kernel: " + expected);
        assertEquals(expected, change, 1e-12 * expected);
    }
}
