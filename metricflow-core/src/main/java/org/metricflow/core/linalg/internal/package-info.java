/**
 * Dense matrix products on row-major {@code double[]} for the library's hot loops (not API: may change without
 * notice).
 *
 * <p>{@link org.metricflow.core.linalg.internal.PanelProducts} computes C = A·B or C += A·B for an m×k matrix A read
 * with arbitrary row and column strides (so Aᵀ costs nothing) and a k×n matrix B. It cuts the product into panels
 * of B of at most {@value org.metricflow.core.linalg.internal.PanelProducts#PANEL_DEPTH} rows by
 * {@value org.metricflow.core.linalg.internal.PanelProducts#PANEL_WIDTH} columns, copied once into separate row
 * arrays (≈ 256 kB, resident in the L2 cache while every row of A passes over it), and updates two rows of C held in
 * L1-resident scratch rows by two rows of the panel at a time:
 * <pre>
 *   c[i][j] ← fma(a[i][p+1], b[p+1][j], fma(a[i][p], b[p][j], c[i][j])),   i ∈ {i, i+1}, j over the panel's columns.
 * </pre>
 * Each element of C is therefore accumulated as one chain of fused multiply-adds in increasing p, starting from its
 * old value (or from zero): the result depends on the inputs only, never on blocking of the caller's work or on
 * thread counts.
 */
package org.metricflow.core.linalg.internal;
