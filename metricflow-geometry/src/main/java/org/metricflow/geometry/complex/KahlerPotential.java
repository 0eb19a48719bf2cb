package org.metricflow.geometry.complex;

import org.metricflow.core.autodiff.Tensor;

/**
 * Extension point: an ambient Kähler potential K(z) on homogeneous coordinates z ∈ C<sup>n+1</sup>, given as a
 * differentiable function of the real coordinates (Re z, Im z) built from {@link Tensor} operations. Its metric
 * on a variety X is g<sub>ab̄</sub> = ∂<sub>a</sub>∂̄<sub>b</sub>(K∘ι)(x) in the local holomorphic coordinates x
 * of each point ({@link KahlerGeometry}).
 *
 * <p>Requirements: {@link #value} must be row-wise (row p of the result depends only on row p of the inputs) and
 * smooth to fourth order near the points it is evaluated at (curvature needs ∂<sup>2</sup>∂̄<sup>2</sup>K).
 * Everything it captures (e.g. network parameters θ) stays differentiable through the graph, so a learned
 * potential K<sub>FS</sub> + φ<sub>θ</sub> plugs in unchanged. The function need not be invariant under
 * z ↦ λz: only its restriction to the patch (the point's largest coordinate equal to 1) is used, which is how
 * a local potential is defined.
 *
 * <p>Implementations: {@link #fubiniStudy()} and {@link HermitianNormPotential} (exact analytic fast path in
 * {@link KahlerGeometry}); {@link JetKahlerPotential}s K<sub>FS</sub> + ψ that supply ψ's own jets (e.g. the φ-model
 * of metricflow-nn; the jet path); anything else goes through the generic nested-autodiff route.
 */
public interface KahlerPotential {
    /**
     * K at N points.
     *
     * @param re N×(n+1) real parts of the homogeneous coordinates
     * @param im N×(n+1) imaginary parts
     * @return N×1 potential values
     */
    Tensor value(Tensor re, Tensor im);

    /**
     * The seam for the curvature fast path: a worker that writes this potential's exact jets g, ∂g and ∂∂̄g from the
     * embedding's 2-jet, values only, if the potential has closed forms (Fubini–Study, {@link HermitianNormPotential},
     * every {@link JetKahlerPotential}); {@link KahlerGeometry} asks for it and otherwise differentiates
     * {@link #value} by nested autodiff. Called once per worker task: a worker need not be thread-safe.
     *
     * @param m the number of homogeneous coordinates of the points
     * @param d the complex dimension of the variety
     * @return a new jet worker, or empty (the default): the generic nested-autodiff path
     * @throws IllegalArgumentException if the potential does not live on C<sup>m</sup>
     */
    default java.util.Optional<Jets> jets(int m, int d) {
        return java.util.Optional.empty();
    }

    /**
     * Writes the exact jets of a potential at a batch of points, in the layouts of {@link JetKahlerPotential}
     * (interleaved complex, point-major; g {@code [2(a·d + b)]}, ∂g {@code [2((c·d + a)·d + b)]}, ∂∂̄g
     * {@code [2(((a·d + b)·d + c)·d + e)]} per point).
     */
    @FunctionalInterface
    interface Jets {
        /**
         * Overwrites the jets of n points.
         *
         * @param n the number of points
         * @param z 2·n·m doubles: the patch-normalized points
         * @param first 2·n·d·m: ι<sub>a</sub>
         * @param second 2·n·d²·m: ι<sub>ac</sub>
         * @param g the metric, point q at {@code gOff + 2qd²}
         * @param gOff offset of the first point in {@code g}
         * @param dg ∂g, point q at {@code dgOff + 2qd³}
         * @param dgOff offset of the first point in {@code dg}
         * @param ddg ∂∂̄g, point q at {@code ddgOff + 2qd⁴}
         * @param ddgOff offset of the first point in {@code ddg}
         */
        void compute(int n, double[] z, double[] first, double[] second, double[] g, int gOff, double[] dg, int dgOff,
                double[] ddg, int ddgOff);
    }

    /**
     * The Fubini–Study potential K = (1/2π) log Σ<sub>i</sub>|z<sub>i</sub>|² (docs/ARCHITECTURE.md §4): ∫<sub>CP<sup>1</sup></sub>
     * ω = 1 and ∫<sub>X</sub>ω<sup>d</sup> = deg X. {@link KahlerGeometry} recognises it and uses the exact
     * analytic formulas for κ·log of a Hermitian norm instead of nested autodiff.
     */
    static KahlerPotential fubiniStudy() {
        return FubiniStudyPotential.INSTANCE;
    }

    /** The Fubini–Study potential as a singleton (see {@link KahlerPotential#fubiniStudy()}). */
    final class FubiniStudyPotential implements KahlerPotential {
        static final FubiniStudyPotential INSTANCE = new FubiniStudyPotential();

        private FubiniStudyPotential() {
        }

        /** The closed-form Fubini–Study jets. */
        @Override
        public java.util.Optional<Jets> jets(int m, int d) {
            return java.util.Optional.of(PotentialJets.fubiniStudy(m, d));
        }

        /** (1/2π) log Σ<sub>i</sub>(Re z<sub>i</sub>² + Im z<sub>i</sub>²) per row. */
        @Override
        public Tensor value(Tensor re, Tensor im) {
            return re.square().plus(im.square()).sumRows().log().times(1.0 / (2.0 * Math.PI));
        }

        @Override
        public String toString() {
            return "FubiniStudy";
        }
    }
}
