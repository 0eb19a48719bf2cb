/**
 * Internals of {@link org.metricflow.flow.ricci}: the conformal-gauge finite-difference grid of rotationally
 * symmetric metrics ({@link org.metricflow.flow.ricci.internal.ConformalGrid}) and Sturm bisection for the lowest
 * eigenvalue of a symmetric tridiagonal matrix ({@link org.metricflow.flow.ricci.internal.SymmetricTridiagonal}),
 * used for Perelman's λ = min spec(−4Δ + R).
 */
package org.metricflow.flow.ricci.internal;
