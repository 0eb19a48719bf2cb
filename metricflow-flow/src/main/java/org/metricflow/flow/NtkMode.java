package org.metricflow.flow;

/** Whether the metric-NTK of {@link Dynamics#metricOde} stays at its value at θ<sub>0</sub> or moves with θ. */
public enum NtkMode {
    /** Θ = Θ(θ<sub>0</sub>): the lazy / infinite-width limit; equivalent to training the linearized model. */
    FROZEN,
    /** Θ = Θ(θ(t)) with dθ/dt = −η Jᵀ ∂L/∂g integrated jointly with g: equivalent to gradient flow of θ. */
    EVOLVING
}
