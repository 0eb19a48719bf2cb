package org.metricflow.geometry.complex;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.metricflow.core.io.ArchiveFormatException;
import org.metricflow.core.io.Npz;

/**
 * Point sets as NumPy {@code .npz} files in the layout of cymetric's {@code dataset.npz} (the Python package of
 * Larfors, Lukas, Ruehle and Schneider), so that a sample can be cross-checked with the Python tools and their
 * samples trained on here.
 *
 * <h2>Layout (N = N<sub>train</sub> + N<sub>val</sub> points, m = n+1 homogeneous coordinates, dimension d)</h2>
 * <ul>
 *   <li>{@code X_train}, {@code X_val}: float64 (N<sub>·</sub>, 2m), the coordinates of each point, first the m real
 *       parts, then the m imaginary parts; every point normalized to its patch (largest coordinate 1 + 0i), as
 *       {@link PointSet} and cymetric both do.</li>
 *   <li>{@code y_train}, {@code y_val}: float64 (N<sub>·</sub>, 2), column 0 the Monte-Carlo weight in cymetric's
 *       convention, column 1 |Ω|² = 1/|det J<sub>E</sub>|² (the same convention in both: the eliminated coordinates
 *       maximize |∂Q/∂z|).</li>
 *   <li>{@code val_pullbacks}: complex128 (N<sub>val</sub>, d, m), ∂z<sub>j</sub>/∂x<sub>a</sub> of each
 *       validation point (= {@link PointSet#jacobians()}).</li>
 * </ul>
 * The first N<sub>train</sub> points of the {@link PointSet} are the training points, the rest the validation points.
 *
 * <h2>Normalizations</h2>
 * metricflow's Kähler potential is K<sub>FS</sub> = (1/2π) log|z|², cymetric's (1/π) log|z|² (Kähler modulus 1), so
 * cymetric's pulled-back g<sub>FS</sub> is twice ours and its determinant 2<sup>d</sup> times ours. metricflow's
 * weight is w = |Ω|²/(d!·det g<sub>FS</sub>) ({@link PointSet}), cymetric's |Ω|²/det g<sub>FS</sub>. Hence
 * <pre>  w_cymetric = w_metricflow · d! / 2^d     (the quintic, d = 3: w_cymetric = 0.75 · w_metricflow).</pre>
 * Files written here use cymetric's convention. cymetric's optional {@code normalize_to_vol_j} multiplies all weights
 * by one further constant; every quantity that metricflow computes from a read file (σ, the Monge–Ampère loss,
 * volumes) uses weights it recomputes itself from the points, so a constant factor cannot bias them.
 * {@link #read} reports the ratio between the file's weights and its own so that a user sees the constant.
 *
 * <p>Stateless and thread-safe.
 */
public final class CymetricDataset {

    /**
     * A point set read from a file, with the comparison between the file's weights and |Ω|² and metricflow's.
     *
     * @param points every point of the file (training first, then validation), with patches, |Ω|², weights and
     *     Jacobians recomputed by metricflow
     * @param trainCount how many of the points came from {@code X_train} (the rest from {@code X_val}), ≥ 0
     * @param weightRatio the mean over points of (file weight)/(metricflow weight): d!/2<sup>d</sup> for a file in
     *     cymetric's convention without {@code normalize_to_vol_j}, another constant with it
     * @param weightRatioSpread the relative standard deviation of that ratio over points (≈ 1e-15 when the file's
     *     weights are a constant multiple of metricflow's; large if the file holds other weights)
     * @param omegaMismatch the largest relative difference between the file's |Ω|² and metricflow's (≈ 1e-15 when
     *     both eliminate the same coordinates; NaN if the file has none)
     */
    public record Read(PointSet points, int trainCount, double weightRatio, double weightRatioSpread,
            double omegaMismatch) {
    }

    private CymetricDataset() {
    }

    /**
     * The factor d!/2<sup>d</sup> by which cymetric's weights exceed metricflow's (see the class documentation).
     *
     * @param dimension the complex dimension d ≥ 1 of the variety
     * @return d!/2<sup>d</sup>
     */
    public static double cymetricWeightFactor(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        double f = 1.0;
        for (int i = 1; i <= dimension; i++) {
            f *= i / 2.0;
        }
        return f;
    }

    /**
     * The arrays of {@code dataset.npz} for these points: the first {@code trainCount} are the training points.
     *
     * @param points the points, not null
     * @param trainCount how many of them (the first ones) are training points, 0 ≤ trainCount ≤ points.size()
     * @return the arrays, ready to {@link Npz#write}
     */
    public static Npz toNpz(PointSet points, int trainCount) {
        Objects.requireNonNull(points, "points");
        if (trainCount < 0 || trainCount > points.size()) {
            throw new IllegalArgumentException("trainCount must lie in [0, " + points.size() + "], got " + trainCount);
        }
        PointSet train = points.slice(0, trainCount);
        PointSet val = points.slice(trainCount, points.size());
        double factor = cymetricWeightFactor(points.dimension());
        int m = points.coordinateCount();
        int d = points.dimension();
        return Npz.builder()
                .putDoubles("X_train", x(train), train.size(), 2 * m)
                .putDoubles("y_train", y(train, factor), train.size(), 2)
                .putDoubles("X_val", x(val), val.size(), 2 * m)
                .putDoubles("y_val", y(val, factor), val.size(), 2)
                .putComplex("val_pullbacks", val.jacobians(), val.size(), d, m)
                .build();
    }

    /**
     * Writes {@link #toNpz} to a file, atomically.
     *
     * @param points the points, not null
     * @param trainCount how many of them (the first ones) are training points
     * @param file the {@code .npz} file to create or replace
     * @throws IOException if the file cannot be written
     */
    public static void write(PointSet points, int trainCount, Path file) throws IOException {
        toNpz(points, trainCount).write(file);
    }

    /**
     * Reads a {@code dataset.npz} (written here or by cymetric) as points of {@code variety}; patches, |Ω|², weights
     * and Jacobians are recomputed from the coordinates, and compared with the file's.
     *
     * @param variety the variety the points lie on (not checked point by point), not null
     * @param file the file; it needs {@code X_train} and may have {@code X_val}, {@code y_train}, {@code y_val}
     * @return the points and the comparison
     * @throws ArchiveFormatException if an array is missing or its shape does not fit the variety (2(n+1) columns)
     * @throws IOException if the file cannot be read
     */
    public static Read read(ProjectiveVariety variety, Path file) throws IOException {
        Objects.requireNonNull(variety, "variety");
        Npz npz = Npz.read(file);
        int m = variety.coordinateCount();
        double[] train = points(npz, "X_train", m, file);
        double[] val = npz.arrays().containsKey("X_val") ? points(npz, "X_val", m, file) : new double[0];
        int nTrain = train.length / (2 * m);
        int n = nTrain + val.length / (2 * m);
        double[] homogeneous = new double[2 * n * m];
        for (int p = 0; p < n; p++) {
            double[] src = p < nTrain ? train : val;
            int q = p < nTrain ? p : p - nTrain;
            for (int j = 0; j < m; j++) {
                homogeneous[2 * (p * m + j)] = src[q * 2 * m + j];
                homogeneous[2 * (p * m + j) + 1] = src[q * 2 * m + m + j];
            }
        }
        PointSet points;
        try {
            points = variety.pointSet(homogeneous, n);
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException(file + ": " + e.getMessage());
        }
        double[] y = concat(labels(npz, "y_train", nTrain, file),
                npz.arrays().containsKey("y_val") ? labels(npz, "y_val", n - nTrain, file) : null);
        double ratioMean = Double.NaN;
        double ratioSpread = Double.NaN;
        double omega = Double.NaN;
        if (y != null) {
            int labelled = y.length / 2;   // all points, or the training points if the file has no y_val
            double[] ratio = new double[labelled];
            double s = 0;
            omega = 0;
            for (int p = 0; p < labelled; p++) {
                ratio[p] = y[2 * p] / points.weight(p);
                s += ratio[p];
                double o = points.omegaSquared(p);
                omega = Math.max(omega, Math.abs(y[2 * p + 1] - o) / Math.abs(o));
            }
            ratioMean = s / labelled;
            double v = 0;
            for (double r : ratio) {
                v += (r - ratioMean) * (r - ratioMean);    // two passes: the spread is ~1e-16, no cancellation
            }
            ratioSpread = Math.sqrt(v / labelled) / Math.abs(ratioMean);
        }
        return new Read(points, nTrain, ratioMean, ratioSpread, omega);
    }

    private static double[] x(PointSet s) {
        int m = s.coordinateCount();
        double[] out = new double[s.size() * 2 * m];
        for (int p = 0; p < s.size(); p++) {
            for (int j = 0; j < m; j++) {
                out[p * 2 * m + j] = s.re(p, j);
                out[p * 2 * m + m + j] = s.im(p, j);
            }
        }
        return out;
    }

    private static double[] y(PointSet s, double factor) {
        double[] out = new double[2 * s.size()];
        for (int p = 0; p < s.size(); p++) {
            out[2 * p] = s.weight(p) * factor;
            out[2 * p + 1] = s.omegaSquared(p);
        }
        return out;
    }

    private static double[] points(Npz npz, String name, int m, Path file) throws ArchiveFormatException {
        Npz.Array a = npz.get(name);
        if (a.isComplex() || a.shape().length != 2 || a.shape()[1] != 2 * m) {
            throw new ArchiveFormatException(file + ": " + name + " must be a real (N, " + 2 * m + ") array for a"
                    + " variety in CP^" + (m - 1) + ", got " + a.dtype() + " " + java.util.Arrays.toString(a.shape()));
        }
        return a.data();
    }

    private static double[] labels(Npz npz, String name, int rows, Path file) throws ArchiveFormatException {
        if (!npz.arrays().containsKey(name)) {
            return null;
        }
        Npz.Array a = npz.get(name);
        if (a.isComplex() || a.shape().length != 2 || a.shape()[0] != rows || a.shape()[1] != 2) {
            throw new ArchiveFormatException(file + ": " + name + " must be a real (" + rows + ", 2) array (weight,"
                    + " |Omega|^2), got " + a.dtype() + " " + java.util.Arrays.toString(a.shape()));
        }
        return a.data();
    }

    private static double[] concat(double[] a, double[] b) {
        if (a == null) {
            return null;
        }
        if (b == null) {
            return a;   // only the training labels: compare those
        }
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
