package org.metricflow.geometry.riemann;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metricflow.core.autodiff.Tensor;

class CurvatureErrorsTest {

    @Test
    void notPositiveDefiniteNamesPointAndEigenvalue() {
        MetricField bad = MetricField.fromEntries(2, (x, i, j) -> i != j ? null
                : i == 0 ? Tensor.ones(x.rows(), 1) : x.col(0).minus(1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Curvature.of(bad).at(0.25, 3.0));
        assertTrue(e.getMessage().contains("(0.25, 3.0)"), e.getMessage());
        assertTrue(e.getMessage().contains("smallest eigenvalue -0.75"), e.getMessage());
    }

    @Test
    void wrongPointDimensionIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Curvature.of(StandardMetrics.euclidean(3)).at(1.0, 2.0));
        assertTrue(e.getMessage().contains("3 coordinates, got 2"), e.getMessage());
    }

    @Test
    void componentFunctionWithWrongShapeIsNamed() {
        MetricField wrong = MetricField.of(2, x -> Tensor.ones(x.rows(), 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Curvature.of(wrong).at(0.0, 0.0));
        assertTrue(e.getMessage().contains("expected 1×4"), e.getMessage());
    }

    @Test
    void unknownCatalogueNameListsTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StandardMetrics.byName("klein-bottle", 2, 1));
        assertTrue(e.getMessage().contains("eguchi-hanson"), e.getMessage());
    }
}
