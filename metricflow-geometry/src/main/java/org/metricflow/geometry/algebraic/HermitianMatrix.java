package org.metricflow.geometry.algebraic;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.linalg.internal.SmallComplexMatrices;
import org.metricflow.core.random.Rng;

/**
 * An immutable N×N Hermitian matrix H = A + iB (A = Aᵀ real, B = −Bᵀ real), stored row-major as interleaved
 * complex numbers: H<sub>αβ</sub> at {@code [2(αN + β)]} (re) and {@code [2(αN + β) + 1]} (im).
 *
 * <p>Linear algebra goes through the real embedding E(H) = [[A, −B], [B, A]] (2N×2N, real symmetric), which is a
 * ring homomorphism (E(H₁H₂) = E(H₁)E(H₂), E(H<sup>−1</sup>) = E(H)<sup>−1</sup>) whose spectrum is that of H with
 * every eigenvalue doubled; H is positive definite iff E(H) is, and inverses are computed by a real Cholesky
 * factorization of E(H) (EJML).
 */
public final class HermitianMatrix {
    private final int size;
    private final double[] data;

    private HermitianMatrix(int size, double[] data) {
        this.size = size;
        this.data = data;
    }

    /**
     * The Hermitian matrix with the given interleaved row-major entries; the strictly lower triangle must be the
     * conjugate of the upper one (checked to 1e-12 relative to the largest entry) and is then symmetrized exactly.
     *
     * @param size N ≥ 1
     * @param interleaved 2N² doubles
     * @throws IllegalArgumentException if the sizes do not match, an entry is not finite, or the matrix is not
     *         Hermitian
     */
    public static HermitianMatrix of(int size, double[] interleaved) {
        if (size < 1) {
            throw new IllegalArgumentException("matrix size must be >= 1, got " + size);
        }
        if (interleaved.length != 2L * size * size) {
            throw new IllegalArgumentException("a " + size + "×" + size + " complex matrix needs " + 2L * size * size
                    + " interleaved doubles, got " + interleaved.length);
        }
        double scale = 0.0;
        for (int i = 0; i < interleaved.length; i++) {
            if (!Double.isFinite(interleaved[i])) {
                throw new IllegalArgumentException("entry " + (i / 2 / size) + "," + (i / 2 % size)
                        + " is not finite: " + interleaved[i]);
            }
            scale = Math.max(scale, Math.abs(interleaved[i]));
        }
        double tol = 1e-12 * scale;
        double[] d = interleaved.clone();
        for (int a = 0; a < size; a++) {
            if (Math.abs(d[2 * (a * size + a) + 1]) > tol) {
                throw new IllegalArgumentException("not Hermitian: diagonal entry " + a + "," + a
                        + " has imaginary part " + d[2 * (a * size + a) + 1]);
            }
            d[2 * (a * size + a) + 1] = 0.0;
            for (int b = a + 1; b < size; b++) {
                int u = 2 * (a * size + b);
                int l = 2 * (b * size + a);
                if (Math.abs(d[u] - d[l]) > tol || Math.abs(d[u + 1] + d[l + 1]) > tol) {
                    throw new IllegalArgumentException("not Hermitian: entry " + a + "," + b + " = " + d[u] + "+"
                            + d[u + 1] + "i but entry " + b + "," + a + " = " + d[l] + "+" + d[l + 1]
                            + "i (must be its conjugate)");
                }
                double re = 0.5 * (d[u] + d[l]);
                double im = 0.5 * (d[u + 1] - d[l + 1]);
                d[u] = re;
                d[u + 1] = im;
                d[l] = re;
                d[l + 1] = -im;
            }
        }
        return new HermitianMatrix(size, d);
    }

    /**
     * The identity I<sub>N</sub>.
     */
    public static HermitianMatrix identity(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("matrix size must be >= 1, got " + size);
        }
        double[] d = new double[2 * size * size];
        for (int a = 0; a < size; a++) {
            d[2 * (a * size + a)] = 1.0;
        }
        return new HermitianMatrix(size, d);
    }

    /**
     * A random positive definite Hermitian matrix H = (G G<sup>†</sup>)/N + ε I with G having independent standard
     * complex Gaussian entries (a Wishart matrix, well conditioned for ε of order 1): for tests and random starts.
     */
    public static HermitianMatrix randomPositiveDefinite(int size, double epsilon, Rng rng) {
        if (size < 1) {
            throw new IllegalArgumentException("matrix size must be >= 1, got " + size);
        }
        if (!(epsilon >= 0.0)) {
            throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
        }
        double[] g = new double[2 * size * size];
        rng.fillGaussian(g, Math.sqrt(0.5));
        double[] d = new double[2 * size * size];
        SmallComplexMatrices.multiplyAdjoint(size, size, size, g, 0, g, 0, d, 0);
        for (int a = 0; a < size; a++) {
            for (int b = 0; b < size; b++) {
                int o = 2 * (a * size + b);
                d[o] = d[o] / size + (a == b ? epsilon : 0.0);
                d[o + 1] = a == b ? 0.0 : d[o + 1] / size;
            }
        }
        return of(size, d);
    }

    /**
     * The Hermitian matrix whose real embedding [[A, −B], [B, A]] is {@code embedding} (2N×2N).
     */
    public static HermitianMatrix fromRealEmbedding(DMatrixRMaj embedding) {
        return of(embedding.numRows / 2, SmallComplexMatrices.fromRealEmbedding(embedding));
    }

    /**
     * N.
     *
     * @return N
     */
    public int size() {
        return size;
    }

    /**
     * Re H<sub>αβ</sub>.
     *
     * @return Re H<sub>αβ</sub>
     */
    public double re(int alpha, int beta) {
        return data[2 * (alpha * size + beta)];
    }

    /**
     * Im H<sub>αβ</sub>.
     *
     * @return Im H<sub>αβ</sub>
     */
    public double im(int alpha, int beta) {
        return data[2 * (alpha * size + beta) + 1];
    }

    /**
     * Copy of the interleaved row-major entries (2N² doubles).
     */
    public double[] toArray() {
        return data.clone();
    }

    /** The internal array (package use only; never modified). */
    double[] view() {
        return data;
    }

    /**
     * The real embedding E(H) = [[A, −B], [B, A]] (a new 2N×2N matrix).
     */
    public DMatrixRMaj toRealEmbedding() {
        return SmallComplexMatrices.toRealEmbedding(size, data);
    }

    /**
     * tr H = Σ<sub>α</sub> H<sub>αα</sub> (real).
     */
    public double trace() {
        double t = 0.0;
        for (int a = 0; a < size; a++) {
            t += data[2 * (a * size + a)];
        }
        return t;
    }

    /**
     * c·H for real c.
     */
    public HermitianMatrix scaled(double c) {
        double[] d = data.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] *= c;
        }
        return new HermitianMatrix(size, d);
    }

    /**
     * H scaled to tr H = N (the normalization of the Donaldson iteration).
     */
    public HermitianMatrix normalizedToTraceSize() {
        return scaled(size / trace());
    }

    /**
     * H<sup>−1</sup> by a Cholesky factorization of the real embedding.
     *
     * @throws IllegalArgumentException if H is not (numerically) positive definite
     */
    public HermitianMatrix inverse() {
        return new HermitianMatrix(size, SmallComplexMatrices.inversePositiveDefinite(size, data));
    }

    /**
     * The complex matrix product H·K (not Hermitian in general) as interleaved row-major 2N² doubles.
     */
    public double[] times(HermitianMatrix other) {
        requireSameSize(other);
        double[] out = new double[2 * size * size];
        SmallComplexMatrices.multiply(size, size, size, data, 0, other.data, 0, out, 0);
        return out;
    }

    /**
     * ‖H − K‖<sub>F</sub> = (Σ|H<sub>αβ</sub> − K<sub>αβ</sub>|²)<sup>1/2</sup>.
     */
    public double distance(HermitianMatrix other) {
        requireSameSize(other);
        double s = 0.0;
        for (int i = 0; i < data.length; i++) {
            double x = data[i] - other.data[i];
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /**
     * ‖H‖<sub>F</sub>.
     *
     * @return ‖H‖<sub>F</sub>
     */
    public double frobeniusNorm() {
        double s = 0.0;
        for (double x : data) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /**
     * ‖H·K − I‖<sub>F</sub>/√N: zero iff K = H<sup>−1</sup> (the balance residual of Donaldson's iteration with
     * K = T(H)).
     */
    public double inverseResidual(HermitianMatrix other) {
        double[] p = times(other);
        double s = 0.0;
        for (int a = 0; a < size; a++) {
            for (int b = 0; b < size; b++) {
                double re = p[2 * (a * size + b)] - (a == b ? 1.0 : 0.0);
                double im = p[2 * (a * size + b) + 1];
                s += re * re + im * im;
            }
        }
        return Math.sqrt(s / size);
    }

    private void requireSameSize(HermitianMatrix other) {
        if (other.size != size) {
            throw new IllegalArgumentException("matrix sizes differ: " + size + " and " + other.size);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HermitianMatrix && ((HermitianMatrix) o).size == size
                && Arrays.equals(((HermitianMatrix) o).data, data);
    }

    @Override
    public int hashCode() {
        return 31 * size + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "HermitianMatrix[" + size + "×" + size + ", trace " + trace() + "]";
    }
}
