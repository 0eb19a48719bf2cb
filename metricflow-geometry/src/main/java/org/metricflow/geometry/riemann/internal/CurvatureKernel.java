package org.metricflow.geometry.riemann.internal;

import org.metricflow.core.autodiff.Tensor;

/**
 * Curvature from the 2-jet of a metric, as batched tensor operations (differentiable whenever the jet is).
 *
 * <p>Layouts (columns of an N-row tensor, row-major in the listed indices): g<sub>ij</sub> at i·n+j;
 * ∂<sub>k</sub>g<sub>ij</sub> at (i·n+j)·n+k; ∂<sub>k</sub>∂<sub>l</sub>g<sub>ij</sub> at ((i·n+j)·n+k)·n+l;
 * Γ<sub>l,ij</sub> = ½(∂<sub>i</sub>g<sub>jl</sub> + ∂<sub>j</sub>g<sub>il</sub> − ∂<sub>l</sub>g<sub>ij</sub>) at (l·n+i)·n+j;
 * Γ<sup>k</sup><sub>ij</sub> = g<sup>kl</sup>Γ<sub>l,ij</sub> at (k·n+i)·n+j; R<sub>abcd</sub> and R<sup>a</sup><sub>bcd</sub> at
 * ((a·n+b)·n+c)·n+d. With R<sup>a</sup><sub>bcd</sub> = ∂<sub>c</sub>Γ<sup>a</sup><sub>db</sub> − ∂<sub>d</sub>Γ<sup>a</sup><sub>cb</sub>
 * + Γ<sup>a</sup><sub>ce</sub>Γ<sup>e</sup><sub>db</sub> − Γ<sup>a</sup><sub>de</sub>Γ<sup>e</sup><sub>cb</sub> and
 * R<sub>abcd</sub> = g<sub>ae</sub>R<sup>e</sup><sub>bcd</sub>, metric compatibility gives
 * <pre>
 * R_abcd = ½(∂_b∂_c g_ad + ∂_a∂_d g_bc − ∂_a∂_c g_bd − ∂_b∂_d g_ac) + Γ_{e,da} Γ^e_cb − Γ_{e,ca} Γ^e_db,
 * </pre>
 * which needs no derivative of Γ and is evaluated with column gathers and one batched n²×n·n×n² product.
 */
public final class CurvatureKernel {
    private final int n;
    private final int[] lowerA;
    private final int[] lowerB;
    private final int[] lowerC;
    private final int[] lowerTranspose;
    private final int[] d2adbc;
    private final int[] d2bcad;
    private final int[] d2bdac;
    private final int[] d2acbd;
    private final int[] qDaCb;
    private final int[] qCaDb;
    private final int[][] ricciTrace;
    private final int[] rotate4;

    private static final CurvatureKernel[] CACHE = new CurvatureKernel[16];

    private CurvatureKernel(int n) {
        this.n = n;
        int n2 = n * n;
        int n3 = n2 * n;
        int n4 = n3 * n;
        lowerA = new int[n3];
        lowerB = new int[n3];
        lowerC = new int[n3];
        for (int l = 0; l < n; l++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int c = (l * n + i) * n + j;
                    lowerA[c] = (j * n + l) * n + i;
                    lowerB[c] = (i * n + l) * n + j;
                    lowerC[c] = (i * n + j) * n + l;
                }
            }
        }
        lowerTranspose = Indexing.transpose(n, n2);
        d2adbc = new int[n4];
        d2bcad = new int[n4];
        d2bdac = new int[n4];
        d2acbd = new int[n4];
        qDaCb = new int[n4];
        qCaDb = new int[n4];
        rotate4 = new int[n4];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                for (int c = 0; c < n; c++) {
                    for (int d = 0; d < n; d++) {
                        int o = ((a * n + b) * n + c) * n + d;
                        d2adbc[o] = ((a * n + d) * n + b) * n + c;
                        d2bcad[o] = ((b * n + c) * n + a) * n + d;
                        d2bdac[o] = ((b * n + d) * n + a) * n + c;
                        d2acbd[o] = ((a * n + c) * n + b) * n + d;
                        qDaCb[o] = (d * n + a) * n2 + c * n + b;
                        qCaDb[o] = (c * n + a) * n2 + d * n + b;
                        // out[(a,b,c,d)] = in[(b,c,d,a)]: moves the last index to the front.
                        rotate4[o] = ((b * n + c) * n + d) * n + a;
                    }
                }
            }
        }
        ricciTrace = new int[n][n2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int l = 0; l < n; l++) {
                    ricciTrace[i][j * n + l] = ((i * n + j) * n + i) * n + l;
                }
            }
        }
    }

    /**
     * The kernel for dimension n (index tables are cached).
     */
    public static CurvatureKernel of(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + n);
        }
        if (n >= CACHE.length) {
            return new CurvatureKernel(n);
        }
        synchronized (CACHE) {
            if (CACHE[n] == null) {
                CACHE[n] = new CurvatureKernel(n);
            }
            return CACHE[n];
        }
    }

    /**
     * The dimension.
     */
    public int dimension() {
        return n;
    }

    /**
     * Γ<sub>l,ij</sub> (Christoffel symbols of the first kind) from ∂g.
     */
    public Tensor christoffelLower(Tensor dg) {
        return dg.selectCols(lowerA).plus(dg.selectCols(lowerB)).minus(dg.selectCols(lowerC)).times(0.5);
    }

    /**
     * Γ<sup>k</sup><sub>ij</sub> from g<sup>-1</sup> and Γ<sub>l,ij</sub>.
     */
    public Tensor christoffel(Tensor inverse, Tensor lower) {
        return inverse.batchMatmul(lower, n, n, n * n);
    }

    /**
     * R<sub>abcd</sub> from ∂∂g, Γ<sub>l,ij</sub> and Γ<sup>k</sup><sub>ij</sub>.
     */
    public Tensor riemannLower(Tensor ddg, Tensor lower, Tensor upper) {
        int n2 = n * n;
        Tensor second = ddg.selectCols(d2adbc).plus(ddg.selectCols(d2bcad))
                .minus(ddg.selectCols(d2bdac)).minus(ddg.selectCols(d2acbd)).times(0.5);
        Tensor q = lower.selectCols(lowerTranspose).batchMatmul(upper, n2, n, n2);
        return second.plus(q.selectCols(qDaCb)).minus(q.selectCols(qCaDb));
    }

    /**
     * R<sup>a</sup><sub>bcd</sub> = g<sup>ae</sup>R<sub>ebcd</sub>.
     */
    public Tensor raiseFirst(Tensor inverse, Tensor fourTensor) {
        return inverse.batchMatmul(fourTensor, n, n, n * n * n);
    }

    /**
     * Ric<sub>jl</sub> = R<sup>i</sup><sub>jil</sub>.
     */
    public Tensor ricci(Tensor riemannUp) {
        Tensor ric = riemannUp.selectCols(ricciTrace[0]);
        for (int i = 1; i < n; i++) {
            ric = ric.plus(riemannUp.selectCols(ricciTrace[i]));
        }
        return ric;
    }

    /**
     * The full contraction A<sub>ij</sub>B<sup>ij</sup> of two n×n tensors per row: N×1.
     */
    public Tensor contract(Tensor a, Tensor b) {
        return a.times(b).sumRows();
    }

    /**
     * Kretschmann scalar R<sub>abcd</sub>R<sup>abcd</sup>.
     */
    public Tensor kretschmann(Tensor inverse, Tensor riemannLower) {
        Tensor raised = riemannLower;
        for (int k = 0; k < 4; k++) {
            // Raise the leading index, then rotate so that the next index leads.
            raised = raiseFirst(inverse, raised).selectCols(rotate4);
        }
        return riemannLower.times(raised).sumRows();
    }
}
