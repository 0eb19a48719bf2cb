package org.metricflow.nn;

import java.util.List;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.ComplexTensor;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.autodiff.Wirtinger;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jet path against nested reverse-mode autodiff (an independent computation of the same derivatives):
 * values, first and second derivatives, the complex (Kähler) form and the parameter gradients of losses on
 * them. Tolerance 1e-10 relative to 1 + |reference|: both sides are exact up to floating-point rounding
 * (≈ 1e-15 per operation, a few hundred operations deep), so 1e-10 leaves a wide margin and still catches
 * any missing term (those are O(1)).
 */
class JetPathTest {
    private static final double TOL = 1e-10;

    private static Mlp network(Rng rng, Activation act, int inputs) {
        Parametrization p = rng.nextDouble() < 0.5 ? Parametrization.NTK : Parametrization.STANDARD;
        int depth = 1 + rng.nextInt(3);
        int[] widths = new int[depth];
        for (int i = 0; i < depth; i++) {
            widths[i] = 2 + rng.nextInt(6);
        }
        return Mlp.builder().inputs(inputs).hidden(widths).outputs(1).activation(act).parametrization(p)
                .sigmaW(rng.uniform(0.6, 1.6)).sigmaB(rng.uniform(0.0, 0.5)).seed(rng.nextLong()).build();
    }

    private static Tensor gaussian(Rng rng, int rows, int cols) {
        double[] d = new double[rows * cols];
        rng.fillGaussian(d, 1.0);
        return Tensor.constant(rows, cols, d);
    }

    private static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, long seed, String what) {
        Seeds.assertAllClose(expected.data, actual.data, TOL, TOL, seed, what);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void realJetMatchesNestedAutodiff(long seed) {
        Rng rng = Seeds.rng(seed);
        for (Activation act : Activation.values()) {
            int d = 1 + rng.nextInt(4);
            int r = 1 + rng.nextInt(3);
            int n = 2 + rng.nextInt(4);
            Mlp mlp = network(rng, act, d);
            Tensor x0 = gaussian(rng, n, d);
            Tensor v = gaussian(rng, n, r * d);
            // symmetric second derivatives X2[u,v,i] = X2[v,u,i]
            double[] x2 = new double[n * r * r * d];
            for (int p = 0; p < n; p++) {
                for (int u = 0; u < r; u++) {
                    for (int w = u; w < r; w++) {
                        for (int i = 0; i < d; i++) {
                            double g = rng.nextGaussian();
                            x2[p * r * r * d + (u * r + w) * d + i] = g;
                            x2[p * r * r * d + (w * r + u) * d + i] = g;
                        }
                    }
                }
            }
            Tensor ddx = Tensor.constant(n, r * r * d, x2);
            // φ(x(t)) with x(t) = x0 + t·V + ½ (t⊗t)·X2 has exactly these first and second derivatives at t = 0
            Function<Tensor, Tensor> curve = t -> {
                Tensor lin = t.batchMatmul(v, 1, r, d);
                Tensor quad = t.batchMatmul(t, r, 1, r).batchMatmul(ddx, 1, r * r, d).times(0.5);
                return mlp.forward(x0.plus(lin).plus(quad));
            };
            Tensor t0 = Tensor.zeros(n, r);
            Jet jet = mlp.jet(x0, v, ddx);
            String what = act + " seed " + seed;
            assertClose(mlp.forward(x0).value(), jet.value().value(), seed, what + " value");
            assertClose(Autodiff.jacobian(curve, t0), jet.first().value(), seed, what + " first");
            assertClose(Autodiff.hessian(curve, t0), jet.second().value(), seed, what + " second");

            // parameter gradients of a loss on all three parts, vs. create-graph nested autodiff
            Tensor cv = gaussian(rng, n, 1);
            Tensor c1 = gaussian(rng, n, r);
            Tensor c2 = gaussian(rng, n, r * r);
            Tensor lossJet = jet.value().times(cv).sum().plus(jet.first().times(c1).sum())
                    .plus(jet.second().square().times(c2).sum());
            Tensor t = Tensor.variable(new DMatrixRMaj(n, r));
            Tensor y = curve.apply(t);
            Tensor firstRef = Autodiff.jacobianGraph(y, t);
            Tensor secondRef = Autodiff.hessianGraph(y, t);
            Tensor lossRef = y.times(cv).sum().plus(firstRef.times(c1).sum()).plus(secondRef.square().times(c2).sum());
            Tensor[] params = mlp.parameters().toArray(new Tensor[0]);
            DMatrixRMaj[] gJet = Autodiff.grad(lossJet, params);
            DMatrixRMaj[] gRef = Autodiff.grad(lossRef, params);
            for (int k = 0; k < params.length; k++) {
                assertClose(gRef[k], gJet[k], seed, what + " ∂loss/∂θ_" + k);
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void kahlerJetMatchesWirtingerNestedAutodiff(long seed) {
        Rng rng = Seeds.rng(seed);
        for (Activation act : new Activation[] {Activation.GELU, Activation.TANH, Activation.SOFTPLUS,
            Activation.SIN, Activation.ERF, Activation.SIGMOID}) {
            int dc = 1 + rng.nextInt(3);
            int nf = 2 + rng.nextInt(4);
            int n = 2 + rng.nextInt(3);
            Mlp mlp = network(rng, act, nf);
            // a nonlinear feature map F: R^{2d} → R^{nf}, F(q) = tanh(q Bᵀ + c)
            Tensor bmat = gaussian(rng, nf, 2 * dc);
            Tensor cvec = gaussian(rng, 1, nf);
            Function<Tensor, Tensor> features = q -> q.matmulTransB(bmat).plus(cvec).tanh();
            Tensor q0 = gaussian(rng, n, 2 * dc);
            Tensor x = features.apply(q0);
            // ∂_a F_i = (∂F_i/∂x_a − i ∂F_i/∂y_a)/2 from the real Jacobian J[p, i·2d + k]
            DMatrixRMaj jac = Autodiff.jacobian(features, q0);
            double[] dre = new double[n * dc * nf];
            double[] dim = new double[n * dc * nf];
            for (int p = 0; p < n; p++) {
                for (int a = 0; a < dc; a++) {
                    for (int i = 0; i < nf; i++) {
                        dre[p * dc * nf + a * nf + i] = 0.5 * jac.get(p, i * 2 * dc + a);
                        dim[p * dc * nf + a * nf + i] = -0.5 * jac.get(p, i * 2 * dc + dc + a);
                    }
                }
            }
            double[] ddre = new double[n * dc * dc * nf];
            double[] ddim = new double[n * dc * dc * nf];
            for (int i = 0; i < nf; i++) {
                int fi = i;
                DMatrixRMaj[] hc = Wirtinger.complexHessian(Autodiff.hessian(q -> features.apply(q).col(fi), q0));
                for (int p = 0; p < n; p++) {
                    for (int ab = 0; ab < dc * dc; ab++) {
                        ddre[p * dc * dc * nf + ab * nf + i] = hc[0].get(p, ab);
                        ddim[p * dc * dc * nf + ab * nf + i] = hc[1].get(p, ab);
                    }
                }
            }
            KahlerJet jet = mlp.kahlerJet(x, Tensor.constant(n, dc * nf, dre), Tensor.constant(n, dc * nf, dim),
                    Tensor.constant(n, dc * dc * nf, ddre), Tensor.constant(n, dc * dc * nf, ddim));

            Tensor q = Tensor.variable(q0.value().copy());
            Function<Tensor, Tensor> potential = z -> mlp.forward(features.apply(z));
            ComplexTensor ref = Wirtinger.complexHessian(potential, q);
            DMatrixRMaj grad = Autodiff.jacobian(potential, q0);
            ComplexTensor dz = Wirtinger.dz(Tensor.constant(grad));
            String what = act + " seed " + seed;
            assertClose(potential.apply(q0).value(), jet.value().value(), seed, what + " value");
            assertClose(dz.re().value(), jet.firstRe().value(), seed, what + " Re ∂φ");
            assertClose(dz.im().value(), jet.firstIm().value(), seed, what + " Im ∂φ");
            assertClose(ref.re().value(), jet.hessianRe().value(), seed, what + " Re ∂∂̄φ");
            assertClose(ref.im().value(), jet.hessianIm().value(), seed, what + " Im ∂∂̄φ");

            Tensor wre = gaussian(rng, n, dc * dc);
            Tensor wim = gaussian(rng, n, dc * dc);
            Tensor lossJet = jet.hessianRe().times(wre).sum().plus(jet.hessianIm().times(wim).sum())
                    .plus(jet.hessianRe().square().sum());
            Tensor lossRef = ref.re().times(wre).sum().plus(ref.im().times(wim).sum()).plus(ref.re().square().sum());
            List<Tensor> ps = mlp.parameters();
            Tensor[] params = ps.toArray(new Tensor[0]);
            DMatrixRMaj[] gJet = Autodiff.grad(lossJet, params);
            DMatrixRMaj[] gRef = Autodiff.grad(lossRef, params);
            for (int k = 0; k < params.length; k++) {
                assertClose(gRef[k], gJet[k], seed, what + " ∂loss/∂θ_" + k);
            }
        }
    }

    /** Edge cases: an affine network (no hidden layer) has zero second derivatives; input checks. */
    @org.junit.jupiter.api.Test
    void affineNetworkAndValidation() {
        Mlp affine = Mlp.builder().inputs(2).outputs(1).seed(1).build();
        Tensor x = Tensor.constant(3, 2, 1, 2, 3, 4, 5, 6);
        Tensor dx = Tensor.constant(3, 2, 1, 0, 0, 1, 1, 1);
        Jet jet = affine.jet(x, dx);
        double w = affine.layers().get(0).weight().get(0, 0) + affine.layers().get(0).weight().get(0, 1);
        org.junit.jupiter.api.Assertions.assertEquals(w, jet.first().get(2, 0), 1e-15);
        org.junit.jupiter.api.Assertions.assertEquals(0.0, jet.second().sum().item(), 0.0);
        KahlerJet kj = affine.kahlerJet(x, dx, dx, null, null);
        org.junit.jupiter.api.Assertions.assertEquals(0.0, kj.hessianRe().square().sum().item(), 0.0);
        Mlp two = Mlp.builder().inputs(2).hidden(3).outputs(2).build();
        org.junit.jupiter.api.Assertions.assertTrue(org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> two.jet(x, dx)).getMessage().contains("scalar network"));
        org.junit.jupiter.api.Assertions.assertTrue(org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> affine.jet(x, Tensor.zeros(3, 3))).getMessage()
                .contains("N×(r·d)"));
        org.junit.jupiter.api.Assertions.assertTrue(org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> affine.kahlerJet(x, dx, dx, dx, null)).getMessage()
                .contains("both or neither"));
    }
}
