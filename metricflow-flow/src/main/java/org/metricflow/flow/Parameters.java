package org.metricflow.flow;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/** Copies of a model's parameter values (the live matrices of its parameter Tensors) and finiteness checks. */
final class Parameters {
    private Parameters() {
    }

    /** The live value matrices of the parameters, in order. */
    static List<DMatrixRMaj> values(List<org.metricflow.core.autodiff.Tensor> params) {
        List<DMatrixRMaj> values = new java.util.ArrayList<>();
        for (org.metricflow.core.autodiff.Tensor p : params) {
            values.add(p.value());
        }
        return values;
    }

    static double[][] snapshot(List<DMatrixRMaj> values) {
        double[][] s = new double[values.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = values.get(i).data.clone();
        }
        return s;
    }

    static void copyInto(List<DMatrixRMaj> values, double[][] target) {
        for (int i = 0; i < target.length; i++) {
            System.arraycopy(values.get(i).data, 0, target[i], 0, target[i].length);
        }
    }

    static void restore(List<DMatrixRMaj> values, double[][] source) {
        for (int i = 0; i < source.length; i++) {
            System.arraycopy(source[i], 0, values.get(i).data, 0, source[i].length);
        }
    }

    static boolean allFinite(List<DMatrixRMaj> values) {
        return allFinite(values.toArray(new DMatrixRMaj[0]));
    }

    static boolean allFinite(DMatrixRMaj[] matrices) {
        for (DMatrixRMaj g : matrices) {
            for (int i = 0; i < g.getNumElements(); i++) {
                if (!Double.isFinite(g.data[i])) {
                    return false;
                }
            }
        }
        return true;
    }
}
