package org.metricflow.core.linalg.internal;

/**
 * The seam of the optional vector kernel: C = [C +] A·B with blocks of C held in registers across panels of B,
 * written with {@code jdk.incubator.vector} ({@code vector.VectorProducts}). It is loaded only when the JVM has that
 * module (started with {@code --add-modules jdk.incubator.vector}); otherwise {@link #INSTANCE} is null and {@link RowProducts} and
 * {@link PanelProducts} run their scalar-FMA kernels, which C2 vectorizes itself. Either way every c<sub>ij</sub> is
 * the same chain of FMAs in increasing p, so the results are the same bits with and without the module.
 *
 * <p>Addressing: A as in {@link RowProducts#multiplyRows}; B and C either as row arrays (row i at index
 * {@code start + i·step} of the array of rows, used from column 0) or flat row-major (element (i, j) at
 * {@code start + i·step + j}): exactly one of {@code bRows}/{@code bFlat} and of {@code cRows}/{@code cFlat} is
 * non-null.
 *
 * <p>Thread safety: implementations are stateless apart from per-thread scratch; threads must not share rows of C.
 */
public interface VectorProductKernel {
    /** Set the system property {@code metricflow.vectorProducts} to {@code false} to keep the scalar kernels. */
    String DISABLE_PROPERTY = "metricflow.vectorProducts";

    /** The vector kernel, or null when {@code jdk.incubator.vector} is absent or the kernel is disabled. */
    VectorProductKernel INSTANCE = Loader.load();

    /**
     * The smallest number of columns for which the vector kernel is used (narrower products stay on the scalar
     * kernels, whose loops C2 vectorizes as well).
     *
     * @return columns, ≥ 1
     */
    int minColumns();

    /**
     * The rows of C the kernel takes at a time: callers hand it the largest multiple of this and give the other rows
     * to the scalar kernels (the same chains, so the same bits).
     *
     * @return rows, ≥ 1
     */
    int blockRows();

    /**
     * C = A·B, or C += A·B when {@code accumulate}, in the addressing of the class comment.
     *
     * @param m rows of A and C (≥ 0, a multiple of {@link #blockRows()})
     * @param k columns of A, rows of B (≥ 0)
     * @param n columns of B and C (≥ 0)
     * @param a the array holding A
     * @param aOff index of A's element (0, 0)
     * @param aRowStride distance in {@code a} between elements (i, p) and (i + 1, p)
     * @param aColStride distance in {@code a} between elements (i, p) and (i, p + 1)
     * @param bRows B's rows, or null when B is flat
     * @param bFlat B flat row-major, or null when B is given by rows
     * @param bStart row index of B's row 0 in {@code bRows}, or index of B's element (0, 0) in {@code bFlat}
     * @param bStep distance between B's consecutive rows (in rows of {@code bRows}, or in elements of {@code bFlat})
     * @param cRows C's rows, or null when C is flat
     * @param cFlat C flat row-major, or null when C is given by rows
     * @param cStart row index of C's row 0 in {@code cRows}, or index of C's element (0, 0) in {@code cFlat}
     * @param cStep distance between C's consecutive rows (in rows of {@code cRows}, or in elements of {@code cFlat})
     * @param accumulate add A·B to C instead of overwriting it (when false, C's old values are never read)
     */
    void multiply(int m, int k, int n, double[] a, int aOff, int aRowStride, int aColStride, double[][] bRows,
            double[] bFlat, int bStart, int bStep, double[][] cRows, double[] cFlat, int cStart, int cStep,
            boolean accumulate);

    /** Loads {@code VectorProducts} reflectively, so that nothing links against the incubator module without it. */
    final class Loader {
        private Loader() {
        }

        static VectorProductKernel load() {
            if ("false".equals(System.getProperty(DISABLE_PROPERTY))
                    || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return null;
            }
            try {
                return (VectorProductKernel) Class.forName(VectorProductKernel.class.getPackageName()
                        + ".vector.VectorProducts").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }
    }
}
