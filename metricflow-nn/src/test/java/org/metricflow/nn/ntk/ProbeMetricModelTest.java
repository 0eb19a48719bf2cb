package org.metricflow.nn.ntk;

import static org.metricflow.core.testing.Seeds.assertClose;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.phi.PhiModel;

/**
 * The φ-model's metric-NTK on a probe set: symmetric, and each entry equals the inner product of the parameter
 * gradients of the two metric components, computed independently by one values-only backward pass per component.
 */
class ProbeMetricModelTest {

    @Test
    void metricNtkEntriesAreInnerProductsOfComponentGradients() {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        PointSet probe = quintic.sample(4, 3);
        Mlp mlp = Mlp.builder().inputs(25).hidden(10, 10).outputs(1).activation(Activation.GELU).seed(2).build();
        PhiModel phi = PhiModel.of(quintic, mlp, FeatureMap.HERMITIAN_INVARIANTS, false);
        ProbeMetricModel m = ProbeMetricModel.of(phi, probe);
        DMatrixRMaj theta = m.metricNtk().matrix(ProbeMetricModel.indices(4));
        int comps = 9;
        List<Tensor> params = phi.parameters();
        double[][] grads = new double[4 * comps][];
        for (int p = 0; p < 4; p++) {
            Tensor out = m.apply(Tensor.constant(1, 1, p));
            for (int c = 0; c < comps; c++) {
                DMatrixRMaj[] g = Autodiff.grad(out.col(c).sum(), params.toArray(new Tensor[0]));
                int total = 0;
                for (DMatrixRMaj gi : g) {
                    total += gi.getNumElements();
                }
                double[] flat = new double[total];
                int off = 0;
                for (DMatrixRMaj gi : g) {
                    System.arraycopy(gi.data, 0, flat, off, gi.getNumElements());
                    off += gi.getNumElements();
                }
                grads[p * comps + c] = flat;
            }
        }
        for (int i = 0; i < 4 * comps; i++) {
            for (int j = 0; j < 4 * comps; j++) {
                double dot = 0;
                for (int k = 0; k < grads[i].length; k++) {
                    dot += grads[i][k] * grads[j][k];
                }
                double scale = Math.sqrt(Math.abs(theta.get(i, i) * theta.get(j, j))) + 1e-300;
                assertClose(dot, theta.get(i, j), 0, 1e-10 * scale, 0, "Θ[" + i + "," + j + "]");
                assertClose(theta.get(j, i), theta.get(i, j), 0, 1e-12 * scale, 0, "symmetry");
            }
        }
    }
}
