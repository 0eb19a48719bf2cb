/**
 * Internals of the autodiff engine: the per-thread recording switch, the backward-rule interface and the
 * numerical kernels. Not API: may change without notice.
 *
 * <p>Kernels loop over row-major {@code double[]} data in place. Broadcasting reads an operand that has
 * one row (one column) with row (column) stride 0. Batched small-matrix kernels treat row r of an
 * R×(n·n) matrix as the n×n matrix A_r with (A_r)_{ij} = data[r·n² + i·n + j]; determinants and inverses
 * use cofactor formulas for n ≤ 3 and Gaussian (Gauss–Jordan) elimination with partial pivoting above,
 * det A = (−1)^{swaps} Π_k u_kk and ln det A = Σ_k ln|u_kk| (NaN when the sign is negative). erf uses the
 * positive series erf(x) = (2/√π) e^{−x²} Σ 2ⁿ x^{2n+1}/(2n+1)!! for |x| &lt; 2.5 and 1 − erfc(|x|) above.
 */
package org.metricflow.core.autodiff.internal;
