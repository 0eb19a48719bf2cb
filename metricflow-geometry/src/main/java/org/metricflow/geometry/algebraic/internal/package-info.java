/**
 * Internals of {@link org.metricflow.geometry.algebraic}: dense complex N×N linear algebra (products, Cholesky
 * inverses) through the real embedding E(A + iB) = [[A, −B], [B, A]], a ring homomorphism from complex to real
 * 2N×2N matrices under which Hermitian positive definite maps to symmetric positive definite.
 */
package org.metricflow.geometry.algebraic.internal;
