package org.metricflow.geometry.complex;

import java.util.Arrays;
import org.metricflow.core.autodiff.Tensor;

/**
 * The reference potential of a product of projective spaces, K = Σ<sub>i</sub> (t<sub>i</sub>/2π) log|z<sup>(i)</sup>|² with
 * z<sup>(i)</sup> the coordinate block of factor i (see {@link ProjectiveVariety#referencePotential()}). Immutable.
 */
final class ProductFubiniStudyPotential implements KahlerPotential {
    private final int[] starts;
    private final double[] moduli;

    ProductFubiniStudyPotential(int[] starts, double[] moduli) {
        this.starts = starts.clone();
        this.moduli = moduli.clone();
    }

    /** Σ<sub>i</sub> (t<sub>i</sub>/2π) log Σ<sub>j∈i</sub>(Re z<sub>j</sub>² + Im z<sub>j</sub>²) per row. */
    @Override
    public Tensor value(Tensor re, Tensor im) {
        Tensor k = null;
        for (int i = 0; i + 1 < starts.length; i++) {
            Tensor block = re.cols(starts[i], starts[i + 1]).square().plus(im.cols(starts[i], starts[i + 1]).square())
                    .sumRows().log().times(moduli[i] / (2.0 * Math.PI));
            k = k == null ? block : k.plus(block);
        }
        return k;
    }

    /** The exact jets: one κ log|v|² term per factor block ({@code internal.ProductJets}). */
    @Override
    public java.util.Optional<Jets> jets(int m, int d) {
        if (m != starts[starts.length - 1]) {
            throw new IllegalArgumentException("the potential " + this + " lives on C^" + starts[starts.length - 1]
                    + " but the points have " + m + " homogeneous coordinates");
        }
        return java.util.Optional.of((n, z, first, second, g, gOff, dg, dgOff, ddg, ddgOff) ->
                org.metricflow.geometry.complex.internal.ProductJets.compute(starts, moduli, n, m, d, z, first,
                        second, g, gOff, dg, dgOff, ddg, ddgOff));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProductFubiniStudyPotential && Arrays.equals(starts, ((ProductFubiniStudyPotential) o).starts)
                && Arrays.equals(moduli, ((ProductFubiniStudyPotential) o).moduli);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(starts) + Arrays.hashCode(moduli);
    }

    @Override
    public String toString() {
        return "ProductFubiniStudy" + Arrays.toString(moduli);
    }
}
