package org.metricflow.geometry.complex;

/**
 * A Kähler potential K = K<sub>FS</sub> + ψ whose correction ψ computes its own exact curvature jets, values only:
 * {@link KahlerGeometry} (and so {@link CurvatureIntegrals}) then takes the fast <em>jet path</em> — the
 * Fubini–Study jets in closed form plus ψ's jets from {@link CorrectionJets#add} — instead of nested autodiff.
 * This is how a network potential (the φ-model of metricflow-nn) plugs into the curvature machinery without the
 * geometry module depending on the network module.
 *
 * <p>Contract: {@link #value} is the full K (the generic path and {@link KahlerTensors} use it); the jets added by
 * {@link CorrectionJets#add} are those of ψ∘ι<sub>T</sub> at x = 0, where ι<sub>T</sub>(x) = z + Σι<sub>a</sub>x<sub>a</sub> +
 * ½Σι<sub>ac</sub>x<sub>a</sub>x<sub>c</sub> is the exact holomorphic 2-jet of the embedding (the same input the generic path
 * differentiates; it determines g, ∂g and ∂∂̄g exactly):
 * <pre>
 *   g_{ab̄} += ∂_a∂̄_b ψ,   ∂_c g_{ab̄} += ∂_a∂_c∂̄_b ψ,   ∂_c∂̄_e g_{ab̄} += ∂_a∂_c∂̄_b∂̄_e ψ
 * </pre>
 * in the layouts of {@link KahlerGeometry} (interleaved complex, point-major: g {@code [2(a·d + b)]}, ∂g
 * {@code [2((c·d + a)·d + b)]}, ∂∂̄g {@code [2(((a·d + b)·d + c)·d + e)]} per point).
 */
public interface JetKahlerPotential extends KahlerPotential {
    /**
     * A new workspace for points of a variety with m homogeneous coordinates and complex dimension d; the curvature
     * code creates one per worker task, so a workspace need not be thread safe, but creating workspaces must be.
     */
    CorrectionJets correctionJets(int m, int d);

    /**
     * The Fubini–Study jets in closed form plus ψ's own ({@link #correctionJets}).
     *
     * @param m the number of homogeneous coordinates
     * @param d the complex dimension
     * @return a jet worker (always present)
     */
    /**
     * The reference potential K<sub>ref</sub> of K = K<sub>ref</sub> + ψ, whose closed-form jets the correction's
     * are added to: Fubini–Study by default; a potential on a product of projective spaces returns its variety's
     * {@link ProjectiveVariety#referencePotential()}.
     *
     * @return a potential with closed-form jets
     */
    default KahlerPotential reference() {
        return KahlerPotential.fubiniStudy();
    }

    @Override
    default java.util.Optional<Jets> jets(int m, int d) {
        return java.util.Optional.of(PotentialJets.withCorrection(this, m, d));
    }

    /** Adds the jets of ψ for batches of points (see {@link JetKahlerPotential}). */
    interface CorrectionJets {
        /**
         * Adds ψ's jets at n points.
         *
         * @param z      2·n·m doubles: the patch-normalized points, point q at {@code 2qm}
         * @param first  2·n·d·m: ι<sub>a</sub>, {@code [2((q·d + a)·m + j)]}
         * @param second 2·n·d²·m: ι<sub>ac</sub>, {@code [2(((q·d + a)·d + c)·m + j)]}
         * @param g      metric, point q at {@code gOff + 2qd²}
         * @param dg     ∂g, point q at {@code dgOff + 2qd³}
         * @param ddg    ∂∂̄g, point q at {@code ddgOff + 2qd⁴}
         */
        void add(int n, double[] z, double[] first, double[] second, double[] g, int gOff, double[] dg, int dgOff,
                double[] ddg, int ddgOff);
    }
}
