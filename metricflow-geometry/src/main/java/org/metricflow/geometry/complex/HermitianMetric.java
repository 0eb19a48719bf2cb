package org.metricflow.geometry.complex;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.ComplexTensor;
import org.metricflow.core.autodiff.Tensor;

/**
 * A batch of Hermitian metrics g<sub>a b̄</sub> = A + iB (A symmetric, B antisymmetric) on a d-dimensional complex
 * manifold, one per point, as differentiable Tensors: {@link #re()} = A and {@link #im()} = B, each N×d² with
 * entry (a, b) in column a·d + b.
 *
 * <p>Determinants use the real embedding M = [[A, −B], [B, A]] (2d×2d), whose determinant is (det g)²; hence
 * log det g = ½ log det M, which is differentiable and positive-definiteness aware (NaN where M is not positive
 * definite).
 */
public record HermitianMetric(int dimension, Tensor re, Tensor im) {

    /**
     * Validates shapes.
     */
    public HermitianMetric {
        Objects.requireNonNull(re, "re");
        Objects.requireNonNull(im, "im");
        if (dimension < 1 || re.cols() != dimension * dimension || im.cols() != re.cols() || im.rows() != re.rows()) {
            throw new IllegalArgumentException("Hermitian metric of dimension " + dimension + " needs two N×"
                    + dimension * dimension + " tensors, got " + re.rows() + "×" + re.cols() + " and " + im.rows()
                    + "×" + im.cols());
        }
    }

    /**
     * The number of points N.
     */
    public int points() {
        return re.rows();
    }

    /**
     * The Fubini–Study metric pulled back to the points' variety (constants).
     */
    public static HermitianMetric fubiniStudy(PointSet points) {
        return fromInterleaved(points.dimension(), points.size(), KahlerMetrics.fubiniStudy(points));
    }

    /**
     * Constant metrics from interleaved complex data {@code [2((p·d + a)·d + b)]}.
     */
    public static HermitianMetric fromInterleaved(int d, int count, double[] interleaved) {
        if (interleaved.length != 2 * count * d * d) {
            throw new IllegalArgumentException("expected " + 2 * count * d * d + " doubles for " + count
                    + " Hermitian " + d + "×" + d + " matrices, got " + interleaved.length);
        }
        DMatrixRMaj re = new DMatrixRMaj(count, d * d);
        DMatrixRMaj im = new DMatrixRMaj(count, d * d);
        for (int q = 0; q < count * d * d; q++) {
            re.data[q] = interleaved[2 * q];
            im.data[q] = interleaved[2 * q + 1];
        }
        return new HermitianMetric(d, Tensor.constant(re), Tensor.constant(im));
    }

    /**
     * g + h.
     *
     * @return g + h
     */
    public HermitianMetric plus(HermitianMetric other) {
        if (other.dimension != dimension) {
            throw new IllegalArgumentException("cannot add metrics of dimensions " + dimension + " and "
                    + other.dimension);
        }
        return new HermitianMetric(dimension, re.plus(other.re), im.plus(other.im));
    }

    /**
     * The real 2d×2d embedding [[A, −B], [B, A]] per point, N×(4d²): a complex matrix as a real one.
     */
    public Tensor realEmbedding() {
        return KahlerTensors.realEmbedding(ComplexTensor.of(re, im));
    }

    /**
     * log det g per point, N×1 (differentiable; the same formula as {@code KahlerTensors.logDeterminant}).
     */
    public Tensor logDet() {
        return KahlerTensors.logDeterminant(ComplexTensor.of(re, im));
    }

    /**
     * det g per point, N×1 (differentiable).
     */
    public Tensor det() {
        return logDet().exp();
    }

    /**
     * det g per point as plain values.
     */
    public double[] detValues() {
        return det().value().data.clone();
    }
}
