/**
 * Dense matrix products on row-major {@code double[]} for the library's hot loops, and the one home of small complex
 * matrix algebra (not API: may change without notice).
 *
 * <p>{@link org.metricflow.core.linalg.internal.RowProducts} computes C = A·B or C += A·B for an m×k matrix A read
 * with arbitrary row and column strides (so Aᵀ costs nothing), B and C held as row arrays. Its micro-kernel updates
 * three rows of C by two rows of B per pass,
 * <pre>
 *   c[i][j] ← fma(a[i][p+1], b[p+1][j], fma(a[i][p], b[p][j], c[i][j])),   i ∈ {i, i+1, i+2}, j over the columns,
 * </pre>
 * the shape that JDK 17's C2 turns into vector FMAs, with B in L2-sized panels of rows.
 * {@link org.metricflow.core.linalg.internal.PanelProducts} does the same for flat row-major B and C: it copies blocks
 * of C ({@value org.metricflow.core.linalg.internal.PanelProducts#BLOCK_ROWS} rows) and panels of B
 * ({@value org.metricflow.core.linalg.internal.PanelProducts#PANEL_DEPTH} rows), each
 * {@value org.metricflow.core.linalg.internal.PanelProducts#PANEL_WIDTH} columns wide, into scratch row arrays and
 * runs the same kernel on them.
 * Each element of C is therefore accumulated as one chain of fused multiply-adds in increasing p, starting from its
 * old value (or from zero): the result depends on the inputs only, never on blocking of the caller's work or on
 * thread counts, and the two classes give the same bits.
 *
 * <p><b>The optional vector kernel.</b> When the JVM has {@code jdk.incubator.vector} in its boot layer (started with
 * {@code --add-modules=jdk.incubator.vector}), both classes hand products of at least two vectors' width to a kernel
 * loaded reflectively behind {@code VectorProductKernel}: a block of 6 rows × two
 * vectors of C stays in registers for a whole panel of 256 packed rows of B (A packed in blocks of 96 rows that stay
 * in L2 while the panel's strips pass over them), c ← fma(broadcast a<sub>ip</sub>, b<sub>p</sub>, c) in increasing
 * p: the same chains, so the same bits, at about twice the speed on wide products.
 * Without the module nothing of it is loaded and the scalar kernels run.
 *
 * <p><b>Small complex matrices.</b> {@link org.metricflow.core.linalg.internal.SmallComplexMatrices} holds every
 * product, determinant, adjugate, inverse and solve of small complex matrices in the library (metrics g<sub>ab̄</sub>
 * on a d-fold, Jacobians of k equations, Gram matrices), interleaved row-major (re at even, im at odd index):
 * <ul>
 *   <li>products C = A·B and C = A·B<sup>†</sup>, C<sub>ij</sub> = Σ<sub>l</sub> A<sub>il</sub> conj(B<sub>jl</sub>),
 *       summed over l in increasing order (the pullback P H P<sup>†</sup> of a Hermitian form is one of each);</li>
 *   <li>Hermitian determinants in closed form for d ≤ 3: g<sub>00</sub>g<sub>11</sub> − |g<sub>01</sub>|² and
 *       g<sub>00</sub>g<sub>11</sub>g<sub>22</sub> + 2 Re(g<sub>01</sub>g<sub>12</sub>g<sub>20</sub>) −
 *       g<sub>00</sub>|g<sub>12</sub>|² − g<sub>11</sub>|g<sub>02</sub>|² − g<sub>22</sub>|g<sub>01</sub>|², complex LU
 *       with partial pivoting (det = ± Π u<sub>ii</sub>) otherwise;</li>
 *   <li>the adjugate for d ≤ 3, adj<sub>ij</sub> = C<sub>ji</sub> with the cofactors C<sub>ji</sub> =
 *       g<sub>j+1,i+1</sub>g<sub>j+2,i+2</sub> − g<sub>j+1,i+2</sub>g<sub>j+2,i+1</sub> (indices mod 3), det g =
 *       Σ<sub>i</sub> g<sub>0i</sub>C<sub>0i</sub> and g<sup>−1</sup> = adj g / det g (also the reverse sweep of the
 *       Monge–Ampère loss: ∂ log|det g|/∂g<sub>ab</sub> = (g<sup>−1</sup>)<sub>ba</sub>);</li>
 *   <li>solves A X = B by Gaussian elimination with partial pivoting and back substitution;</li>
 *   <li>the real embedding E(A + iB) = [[A, −B], [B, A]], a ring homomorphism under which Hermitian positive definite
 *       maps to symmetric positive definite, for Cholesky inverses through EJML.</li>
 * </ul>
 */
package org.metricflow.core.linalg.internal;
