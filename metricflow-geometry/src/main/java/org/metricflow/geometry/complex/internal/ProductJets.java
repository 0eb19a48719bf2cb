package org.metricflow.geometry.complex.internal;

import java.util.Arrays;

/**
 * Exact jets (g, ∂g, ∂∂̄g) of the reference potential K = Σ<sub>i</sub> (t<sub>i</sub>/2π) log|z<sup>(i)</sup>|² of a product of
 * projective spaces pulled back by the embedding's 2-jet: K is a sum of κ log|v|² terms with v = z<sup>(i)</sup>∘ι
 * holomorphic, so each factor's jets are those of {@link HermitianNormJets} on the factor's block of the embedding
 * jets (value, ι<sub>a</sub>, ι<sub>ac</sub> restricted to the block), and the jets of K are their sum.
 */
public final class ProductJets {
    private ProductJets() {
    }

    /**
     * Writes the jets of K at n points (layouts of {@code KahlerGeometry}, point-major, overwriting).
     *
     * @param starts f + 1 factor offsets into the m coordinates
     * @param moduli the f Kähler moduli
     * @param n the number of points
     * @param m the number of homogeneous coordinates
     * @param d the local dimension
     * @param z 2·n·m embedding values
     * @param first 2·n·d·m first derivatives ι<sub>a</sub>
     * @param second 2·n·d²·m second derivatives ι<sub>ac</sub>
     * @param g the metric output, point q at {@code gOff + 2qd²}
     * @param gOff offset into g
     * @param dg ∂g output, point q at {@code dgOff + 2qd³}
     * @param dgOff offset into dg
     * @param ddg ∂∂̄g output, point q at {@code ddgOff + 2qd⁴}
     * @param ddgOff offset into ddg
     */
    public static void compute(int[] starts, double[] moduli, int n, int m, int d, double[] z, double[] first,
            double[] second, double[] g, int gOff, double[] dg, int dgOff, double[] ddg, int ddgOff) {
        int d2 = d * d;
        int f = starts.length - 1;
        Arrays.fill(g, gOff, gOff + 2 * n * d2, 0.0);
        Arrays.fill(dg, dgOff, dgOff + 2 * n * d2 * d, 0.0);
        Arrays.fill(ddg, ddgOff, ddgOff + 2 * n * d2 * d2, 0.0);
        double[] tg = new double[2 * d2];
        double[] tdg = new double[2 * d2 * d];
        double[] tddg = new double[2 * d2 * d2];
        for (int i = 0; i < f; i++) {
            int from = starts[i];
            int r = starts[i + 1] - from;
            HermitianNormJets jets = new HermitianNormJets(d, r);
            double[] v = new double[2 * r];
            double[] v1 = new double[2 * d * r];
            double[] v2 = new double[2 * d2 * r];
            double kappa = moduli[i] / (2.0 * Math.PI);
            for (int q = 0; q < n; q++) {
                System.arraycopy(z, 2 * (q * m + from), v, 0, 2 * r);
                for (int a = 0; a < d; a++) {
                    System.arraycopy(first, 2 * ((q * d + a) * m + from), v1, 2 * a * r, 2 * r);
                }
                for (int ac = 0; ac < d2; ac++) {
                    System.arraycopy(second, 2 * ((q * d2 + ac) * m + from), v2, 2 * ac * r, 2 * r);
                }
                jets.compute(v, 0, v1, 0, v2, 0, kappa, tg, 0, tdg, 0, tddg, 0);
                add(tg, g, gOff + 2 * q * d2);
                add(tdg, dg, dgOff + 2 * q * d2 * d);
                add(tddg, ddg, ddgOff + 2 * q * d2 * d2);
            }
        }
    }

    private static void add(double[] x, double[] out, int off) {
        for (int i = 0; i < x.length; i++) {
            out[off + i] += x[i];
        }
    }
}
