/**
 * Internals of metricflow-spark: Lanczos iteration on distributed matrix-vector products.
 *
 * <p>For a symmetric A and a unit start q<sub>1</sub>, the Lanczos recurrence β<sub>j</sub>q<sub>j+1</sub> =
 * Aq<sub>j</sub> − α<sub>j</sub>q<sub>j</sub> − β<sub>j−1</sub>q<sub>j−1</sub> (α<sub>j</sub> = q<sub>j</sub>ᵀAq<sub>j</sub>)
 * builds an orthonormal basis Q<sub>k</sub> of the Krylov space with Q<sub>k</sub>ᵀAQ<sub>k</sub> = T<sub>k</sub>
 * tridiagonal; the extreme eigenvalues of T<sub>k</sub> converge to those of A first. Not public API.
 */
package org.metricflow.spark.internal;
