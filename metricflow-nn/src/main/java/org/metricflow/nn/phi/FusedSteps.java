package org.metricflow.nn.phi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.PointSet;

/** The argument checks and gradient arrays the φ-model's fused steps share. */
final class FusedSteps {
    private FusedSteps() {
    }

    /**
     * Checks a step's batch and gradient matrices against the model and returns the matrices' data arrays.
     *
     * @param model the φ-model
     * @param batch the points of the step (at least one, of the model's variety)
     * @param gradients one matrix per parameter, of the parameter's shape
     * @return the gradients' data arrays, in parameter order
     * @throws IllegalArgumentException naming the first mismatch
     */
    static double[][] gradientArrays(PhiModel model, PointSet batch, List<DMatrixRMaj> gradients) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(gradients, "gradients");
        if (!batch.variety().equals(model.variety())) {
            throw new IllegalArgumentException("points of " + batch.variety().name() + " given to a φ-model on "
                    + model.variety().name());
        }
        if (batch.size() < 1) {
            throw new IllegalArgumentException("the batch is empty; give at least one point");
        }
        List<Tensor> params = model.parameters();
        if (gradients.size() != params.size()) {
            throw new IllegalArgumentException("expected " + params.size() + " gradient matrices (one per parameter),"
                    + " got " + gradients.size());
        }
        double[][] out = new double[params.size()][];
        for (int i = 0; i < out.length; i++) {
            DMatrixRMaj pv = params.get(i).value();
            DMatrixRMaj g = gradients.get(i);
            if (g.numRows != pv.numRows || g.numCols != pv.numCols) {
                throw new IllegalArgumentException("gradient " + i + " is " + g.numRows + "×" + g.numCols
                        + " but parameter " + i + " is " + pv.numRows + "×" + pv.numCols);
            }
            out[i] = g.data;
        }
        return out;
    }

    /**
     * Fresh zero matrices of the model's parameter shapes.
     *
     * @param model the φ-model
     * @return one matrix per parameter, in parameter order
     */
    static List<DMatrixRMaj> newGradients(PhiModel model) {
        List<DMatrixRMaj> g = new ArrayList<>();
        for (Tensor t : model.parameters()) {
            g.add(new DMatrixRMaj(t.rows(), t.cols()));
        }
        return g;
    }
}
