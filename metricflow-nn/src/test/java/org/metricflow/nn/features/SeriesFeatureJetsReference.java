package org.metricflow.nn.features;


/**
 * Test-only reference for {@link FeatureCurvatureJets}: the original generic implementation by truncated Taylor
 * series in (x, x̄) ({@code internal.BiTaylor}, also test-only now), kept verbatim apart from its name. It shares no
 * code with the closed-form production path (series reciprocal 1/S = (1/S₀)Σ(−ε)<sup>k</sup> by Horner instead of the
 * derivative recursion of S·(1/S) = 1, Taylor coefficients with α!β! factors instead of derivatives, the full
 * product u<sub>ij</sub> for every i ≤ j instead of the oriented, zero-skipping Leibniz sums), so agreement to
 * rounding is an independent check. Same output layouts as {@link FeatureCurvatureJets}.
 */
final class SeriesFeatureJetsReference {
    private final FeatureMap map;
    private final int m;
    private final int d;
    private final int capacity;
    private final int features;
    private final CurvatureJetLayout layout;
    private final BiTaylor taylor;
    private final double[] streams;
    private final double[] third;
    private final double[] fourth;
    private final double[][] hol;
    private final double[] norm;
    private final double[] inverseNorm;
    private final double[][] conjTimesInverse;
    private final double[] product;
    private final double[] real;

    private SeriesFeatureJetsReference(FeatureMap map, int m, int d, int capacity) {
        this.map = map;
        this.m = m;
        this.d = d;
        this.capacity = capacity;
        this.features = map.featureCount(m);
        this.layout = CurvatureJetLayout.of(d);
        this.taylor = new BiTaylor(d);
        int pairs = layout.pairs();
        int size = taylor.monomials();
        this.streams = new double[capacity * layout.rows() * features];
        this.third = new double[2 * capacity * pairs * d * features];
        this.fourth = new double[2 * capacity * pairs * pairs * features];
        this.hol = new double[m][2 * size];
        this.norm = new double[2 * size * size];
        this.inverseNorm = new double[2 * size * size];
        this.conjTimesInverse = new double[m][2 * size * size];
        this.product = new double[2 * size * size];
        this.real = new double[2 * size * size];
    }

    /** A workspace (inputs are the test's own, so there is no validation). */
    static SeriesFeatureJetsReference workspace(FeatureMap map, int m, int d, int capacity) {
        return new SeriesFeatureJetsReference(map, m, d, capacity);
    }

    double[] streams() {
        return streams;
    }

    double[] third() {
        return third;
    }

    double[] fourth() {
        return fourth;
    }

    /**
     * Computes the jets of n ≤ capacity points whose embedding 2-jets start at the given offsets (point q of the
     * batch: z at {@code zOff + 2qm}, ι<sub>a</sub> at {@code firstOff + 2qdm}, ι<sub>ac</sub> at
     * {@code secondOff + 2qd²m}).
     *
     * @param n the argument {@code n}
     * @param z the argument {@code z}
     * @param zOff the z off
     * @param first the first
     * @param firstOff the first off
     * @param second the second
     * @param secondOff the second off
     */
    public void compute(int n, double[] z, int zOff, double[] first, int firstOff, double[] second, int secondOff) {
        if (n < 0 || n > capacity) {
            throw new IllegalArgumentException("batch of " + n + " points exceeds the capacity " + capacity);
        }
        for (int q = 0; q < n; q++) {
            for (int j = 0; j < m; j++) {
                taylor.embedding(m, j, z, zOff + 2 * q * m, first, firstOff + 2 * q * d * m, second,
                        secondOff + 2 * q * d * d * m, hol[j]);
            }
            if (map == FeatureMap.PATCH_COORDINATES) {
                int size = taylor.monomials();
                for (int j = 0; j < m; j++) {
                    // z_j as a general series: h[α] at [α][0]
                    java.util.Arrays.fill(product, 0.0);
                    for (int al = 0; al < size; al++) {
                        product[2 * al * size] = hol[j][2 * al];
                        product[2 * al * size + 1] = hol[j][2 * al + 1];
                    }
                    emit(q, 2 * j, product, 1);
                    emit(q, 2 * j + 1, product, 2);
                }
            } else {
                java.util.Arrays.fill(norm, 0.0);
                for (int j = 0; j < m; j++) {
                    taylor.addOuter(hol[j], hol[j], norm);
                }
                taylor.reciprocal(norm, inverseNorm);
                for (int j = 0; j < m; j++) {
                    taylor.multiplyAntiholomorphic(hol[j], inverseNorm, conjTimesInverse[j]);
                }
                int k = m;
                for (int i = 0; i < m; i++) {
                    taylor.multiplyHolomorphic(hol[i], conjTimesInverse[i], product);
                    emit(q, i, product, 0);
                    for (int j = i + 1; j < m; j++) {
                        taylor.multiplyHolomorphic(hol[i], conjTimesInverse[j], product);
                        emit(q, k++, product, 1);
                        emit(q, k++, product, 2);
                    }
                }
            }
        }
    }

    /**
     * Writes feature k of point q from the series u: mode 0 u itself (a real function), 1 (u + u*)/2,
     * 2 (u − u*)/2i, where u*[α][β] = conj(u[β][α]) is the series of conj(u).
     */
    private void emit(int q, int k, double[] u, int mode) {
        int size = taylor.monomials();
        for (int al = 0; al < size; al++) {
            for (int be = 0; be < size; be++) {
                int o = 2 * (al * size + be);
                double ur = u[o];
                double ui = u[o + 1];
                if (mode == 0) {
                    real[o] = ur;
                    real[o + 1] = ui;
                } else {
                    int t = 2 * (be * size + al);
                    double vr = u[t];
                    double vi = -u[t + 1];
                    if (mode == 1) {
                        real[o] = 0.5 * (ur + vr);
                        real[o + 1] = 0.5 * (ui + vi);
                    } else {
                        // (x)/(2i) = (Im x − i Re x)/2 with x = u − conj(u)ᵀ
                        real[o] = 0.5 * (ui - vi);
                        real[o + 1] = -0.5 * (ur - vr);
                    }
                }
            }
        }
        int rows = layout.rows();
        int f = features;
        int base = q * rows * f + k;
        streams[base] = real[0];
        for (int c = 0; c < d; c++) {
            int o = 2 * (1 + c) * size;
            streams[base + layout.firstRow(c) * f] = real[o];
            streams[base + (layout.firstRow(c) + 1) * f] = real[o + 1];
        }
        int pairs = layout.pairs();
        for (int p = 0; p < pairs; p++) {
            int mono = 1 + d + p;
            double fac = taylor.factorial(mono);
            int o = 2 * mono * size;
            streams[base + layout.secondRow(p) * f] = fac * real[o];
            streams[base + (layout.secondRow(p) + 1) * f] = fac * real[o + 1];
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                int o = 2 * ((1 + a) * size + 1 + b);
                streams[base + layout.mixedRealRow(a, b) * f] = real[o];
                if (b > a) {
                    streams[base + layout.mixedImaginaryRow(a, b) * f] = real[o + 1];
                }
            }
        }
        for (int p = 0; p < pairs; p++) {
            int mono = 1 + d + p;
            double fac = taylor.factorial(mono);
            for (int b = 0; b < d; b++) {
                int o = 2 * (mono * size + 1 + b);
                int t = 2 * (((q * pairs + p) * d + b) * f + k);
                third[t] = fac * real[o];
                third[t + 1] = fac * real[o + 1];
            }
            for (int s = 0; s < pairs; s++) {
                int mono2 = 1 + d + s;
                double fac2 = fac * taylor.factorial(mono2);
                int o = 2 * (mono * size + mono2);
                int t = 2 * (((q * pairs + p) * pairs + s) * f + k);
                fourth[t] = fac2 * real[o];
                fourth[t + 1] = fac2 * real[o + 1];
            }
        }
    }
}
