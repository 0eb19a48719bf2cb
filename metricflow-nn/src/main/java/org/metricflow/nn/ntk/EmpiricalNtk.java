package org.metricflow.nn.ntk;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.resources.MemoryBudget;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.nn.Model;
import org.metricflow.nn.internal.TiledProducts;

/**
 * The empirical neural tangent kernel of a {@link Model} f: R^d → R^m with parameters θ ∈ R^P,
 * <pre>
 *   Θ((x, a), (y, b)) = Σ_θ ∂f_a(x)/∂θ · ∂f_b(y)/∂θ = [J(x) J(y)ᵀ]_{ab},
 * </pre>
 * as an (N·m)×(N·m) symmetric positive semi-definite matrix with row/column index point·m + component.
 *
 * <p><b>Memory.</b> The kernel is assembled block by block: the Jacobians of at most two blocks of
 * {@link #blockSize(int)} points ((B·m)×P each) are held at a time, so memory is O(B·m·P + (N·m)²) and the
 * cost O(N²·m²·P) for the products plus O(N²·m·P/B) for recomputing Jacobians. {@link #jacobian(Tensor)}
 * materializes all of J(x) only when asked. {@link #apply} computes Θv = J(Jᵀv) without forming Θ, by one
 * vector-Jacobian and one Jacobian-vector product.
 *
 * <p><b>Factorized models.</b> A model that offers {@link Model#factorizedNtk()} (every {@link org.metricflow.nn.Mlp})
 * has its kernel computed exactly by that form; for an MLP the per-layer factorization
 * Θ = Σ_l (G_l G_lᵀ) ⊙ (c_{w,l}² H_{l−1}H_{l−1}ᵀ ⊗ 1_{m×m} + c_{b,l}²), where H_{l−1} (N×n_{l−1}) are the
 * layer inputs and G_l ((N·m)×n_l) the back-propagated ∂f_a/∂a_l: memory O(N·m·Σn_l) instead of O(N·m·P),
 * which makes wide networks (width 4096) cheap. {@link #generic()} switches this off (the two agree to
 * rounding; tested).
 */
public final class EmpiricalNtk {
    /** Default number of points per block. */
    public static final int DEFAULT_BLOCK_SIZE = 64;

    private final Model model;
    private final int blockSize;
    private final boolean useFactorization;
    /** The model's factorized NTK when it has one and it is wanted, else null (Jacobian path). */
    private final Model.FactorizedNtk factorized;
    private final int threads;

    private EmpiricalNtk(Model model, int blockSize, boolean useFactorization, int threads) {
        this.model = model;
        this.blockSize = blockSize;
        this.useFactorization = useFactorization;
        this.factorized = useFactorization ? model.factorizedNtk().orElse(null) : null;
        this.threads = threads;
    }

    /**
     * The empirical NTK of {@code model} (block size {@value #DEFAULT_BLOCK_SIZE} points).
     */
    public static EmpiricalNtk of(Model model) {
        if (model == null) {
            throw new IllegalArgumentException("EmpiricalNtk.of: model is null");
        }
        return new EmpiricalNtk(model, DEFAULT_BLOCK_SIZE, true, Runtime.getRuntime().availableProcessors());
    }

    /**
     * The same kernel with at most {@code points} points' Jacobians per block (≥ 1).
     */
    public EmpiricalNtk blockSize(int points) {
        if (points < 1) {
            throw new IllegalArgumentException("EmpiricalNtk.blockSize: need at least 1 point per block, got "
                    + points);
        }
        return new EmpiricalNtk(model, points, useFactorization, threads);
    }

    /**
     * The same kernel computed through Jacobians even for an MLP (no per-layer factorization).
     */
    public EmpiricalNtk generic() {
        return new EmpiricalNtk(model, blockSize, false, threads);
    }

    /**
     * The same kernel with block rows of {@link #matrix} computed on a fixed pool of {@code count} threads
     * (default: the available processors); the result is bit-identical for every count. The model's
     * forward pass must be safe to run from several threads at once (graph recording is per thread; the
     * parameters are only read).
     */
    public EmpiricalNtk threads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("EmpiricalNtk.threads: need at least 1 thread, got " + count);
        }
        return new EmpiricalNtk(model, blockSize, useFactorization, count);
    }

    /**
     * The model.
     */
    public Model model() {
        return model;
    }

    /**
     * The block size in points.
     */
    public int blockSize() {
        return blockSize;
    }

    /**
     * Θ(x, x): (N·m)×(N·m), index point·m + component.
     */
    public DMatrixRMaj matrix(Tensor x) {
        checkPoints("matrix", x);
        requireKernel("matrix", x.rows(), x.rows());
        if (factorized != null) {
            return factorized.matrix(x.value());
        }
        int n = x.rows();
        int m = model.outputs();
        DMatrixRMaj out = new DMatrixRMaj(n * m, n * m);
        int rowBlocks = (n + blockSize - 1) / blockSize;
        int pool = Math.min(threads, rowBlocks);
        if (pool <= 1) {
            for (int b = 0; b < rowBlocks; b++) {
                blockRow(x, b * blockSize, out);
            }
        } else {
            // Row blocks are independent and write disjoint entries: the result does not depend on the
            // schedule (bit-identical to the single-threaded run). Larger rows (more products) go first.
            java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(pool,
                    r -> {
                        Thread t = new Thread(r, "metricflow-ntk");
                        t.setDaemon(true);
                        return t;
                    });
            try {
                java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                for (int b = 0; b < rowBlocks; b++) {
                    int i0 = b * blockSize;
                    done.add(executor.submit(() -> blockRow(x, i0, out)));
                }
                for (java.util.concurrent.Future<?> f : done) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("EmpiricalNtk.matrix: interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                throw new IllegalStateException("EmpiricalNtk.matrix: a block failed", cause);
            } finally {
                executor.shutdownNow();
            }
        }
        symmetrize(out);
        return out;
    }

    /** One block row: J_I, then J_I J_Jᵀ for every block J ≥ I, placed (and mirrored) into out. */
    private void blockRow(Tensor x, int i0, DMatrixRMaj out) {
        int n = x.rows();
        int m = model.outputs();
        int i1 = Math.min(n, i0 + blockSize);
        DMatrixRMaj ji = jacobianRows(x, i0, i1);
        for (int j0 = i0; j0 < n; j0 += blockSize) {
            int j1 = Math.min(n, j0 + blockSize);
            DMatrixRMaj jj = j0 == i0 ? ji : jacobianRows(x, j0, j1);
            DMatrixRMaj block = new DMatrixRMaj(ji.numRows, jj.numRows);
            TiledProducts.multTransB(ji, jj, block);
            place(out, block, i0 * m, j0 * m, j0 != i0);
        }
    }

    /**
     * Θ(x, y): (N·m)×(M·m) for two point sets, computed block by block.
     */
    public DMatrixRMaj cross(Tensor x, Tensor y) {
        checkPoints("cross", x);
        checkPoints("cross", y);
        requireKernel("cross", x.rows(), y.rows());
        if (factorized != null) {
            return factorized.cross(x.value(), y.value());
        }
        int m = model.outputs();
        DMatrixRMaj out = new DMatrixRMaj(x.rows() * m, y.rows() * m);
        for (int i0 = 0; i0 < x.rows(); i0 += blockSize) {
            int i1 = Math.min(x.rows(), i0 + blockSize);
            DMatrixRMaj ji = jacobianRows(x, i0, i1);
            for (int j0 = 0; j0 < y.rows(); j0 += blockSize) {
                int j1 = Math.min(y.rows(), j0 + blockSize);
                DMatrixRMaj jj = jacobianRows(y, j0, j1);
                DMatrixRMaj block = new DMatrixRMaj(ji.numRows, jj.numRows);
                TiledProducts.multTransB(ji, jj, block);
                place(out, block, i0 * m, j0 * m, false);
            }
        }
        return out;
    }

    /**
     * All parameter Jacobians J(x) as an (N·m)×P matrix, row point·m + component, columns in the order of
     * the flat parameter vector. Memory N·m·P: use only when that fits.
     */
    public DMatrixRMaj jacobian(Tensor x) {
        checkPoints("jacobian", x);
        MemoryBudget.requireDoubles("EmpiricalNtk.jacobian: the dense Jacobian of " + x.rows() + " points ("
                + (long) x.rows() * model.outputs() + "×" + model.parameterCount() + ")",
                "use matrix(...) or apply(...), which work block by block, or fewer points",
                (long) x.rows() * model.outputs(), model.parameterCount());
        return jacobianRows(x, 0, x.rows());
    }

    /**
     * The kernel-vector product (Θv)(x_p, a) = Σ_{q,b} Θ((p,a),(q,b)) v[q, b] for v given as N×m (or any
     * shape with N·m entries in the order point·m + component), without forming Θ: u = J(x)ᵀv by one
     * reverse sweep, then J(x)u by one forward (Jacobian-vector) product. Returns N×m.
     */
    public DMatrixRMaj apply(Tensor x, DMatrixRMaj v) {
        checkPoints("apply", x);
        int n = x.rows();
        int m = model.outputs();
        if (v == null || v.getNumElements() != n * m) {
            throw new IllegalArgumentException("EmpiricalNtk.apply: need a vector of N·m = " + (n * m)
                    + " entries (N×m), got " + (v == null ? "null" : v.numRows + "×" + v.numCols));
        }
        DMatrixRMaj seed = new DMatrixRMaj(n, m);
        System.arraycopy(v.data, 0, seed.data, 0, n * m);
        Tensor[] params = model.parameters().toArray(new Tensor[0]);
        Tensor y = model.apply(x);
        DMatrixRMaj[] u = Autodiff.vjp(y, seed, params);
        return Autodiff.jvp(y, params, u);
    }

    private DMatrixRMaj jacobianRows(Tensor x, int from, int to) {
        int m = model.outputs();
        List<Tensor> ps = model.parameters();
        Tensor[] params = ps.toArray(new Tensor[0]);
        int p = model.parameterCount();
        DMatrixRMaj out = new DMatrixRMaj((to - from) * m, p);
        DMatrixRMaj seed = new DMatrixRMaj(1, m);
        for (int i = from; i < to; i++) {
            Tensor y = model.apply(x.rows(i, i + 1));
            for (int a = 0; a < m; a++) {
                seed.zero();
                seed.data[a] = 1.0;
                DMatrixRMaj[] g = Autodiff.vjp(y, seed, params);
                int offset = ((i - from) * m + a) * p;
                for (DMatrixRMaj gk : g) {
                    int len = gk.getNumElements();
                    System.arraycopy(gk.data, 0, out.data, offset, len);
                    offset += len;
                }
            }
        }
        return out;
    }

    /** Θ is (N·m)×(M·m), and (generic path) each worker holds the Jacobians of two blocks (block·m × P). */
    private void requireKernel(String what, int rows, int cols) {
        long m = model.outputs();
        MemoryBudget.requireDoubles("EmpiricalNtk." + what + ": the kernel of " + rows + "×" + cols + " points ("
                + rows * m + "×" + cols * m + ")", "use fewer points, or apply(...) for Θv without forming Θ",
                rows * m, cols * m);
        if (factorized != null) {
            return; // the factorized path (e.g. an MLP's) factors Θ through layer features and forms no parameter Jacobians
        }
        long blockJacobians = MemoryBudget.product(2L * Math.min(threads, Math.max(1, rows / blockSize + 1)),
                Math.min(blockSize, Math.max(rows, cols)) * m, model.parameterCount());
        MemoryBudget.requireDoubles("EmpiricalNtk." + what + ": the Jacobian blocks of " + blockSize + " points × "
                + model.parameterCount() + " parameters", "lower blockSize(...) or threads(...)", blockJacobians);
    }

    private void checkPoints(String what, Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException("EmpiricalNtk." + what + ": points are null");
        }
        if (x.cols() != model.inputs()) {
            throw new IllegalArgumentException("EmpiricalNtk." + what + ": points are " + x.rows() + "×" + x.cols()
                    + " but the model takes " + model.inputs() + " inputs per point");
        }
    }

    static void place(DMatrixRMaj out, DMatrixRMaj block, int row0, int col0, boolean mirror) {
        for (int i = 0; i < block.numRows; i++) {
            for (int j = 0; j < block.numCols; j++) {
                double v = block.data[i * block.numCols + j];
                out.data[(row0 + i) * out.numCols + col0 + j] = v;
                if (mirror) {
                    out.data[(col0 + j) * out.numCols + row0 + i] = v;
                }
            }
        }
    }

    /** Replaces K by (K + Kᵀ)/2 (removes rounding asymmetry of the diagonal blocks). */
    static void symmetrize(DMatrixRMaj k) {
        int n = k.numRows;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0.5 * (k.data[i * n + j] + k.data[j * n + i]);
                k.data[i * n + j] = s;
                k.data[j * n + i] = s;
            }
        }
    }
}
