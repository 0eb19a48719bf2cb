package org.metricflow.core.autodiff;

import static org.metricflow.core.testing.FiniteDifferences.awayFromZero;
import static org.metricflow.core.testing.FiniteDifferences.checkFirstAndSecondOrder;
import static org.metricflow.core.testing.FiniteDifferences.uniform;

import java.util.function.UnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * First and second derivatives of every element-wise operation against central finite differences
 * (tolerances: see {@link org.metricflow.core.testing.FiniteDifferences}), on seeded random inputs inside
 * each function's domain, including every broadcasting pattern of the binary operations.
 */
class ElementwiseGradientTest {
    private static final int R = 3;
    private static final int C = 4;

    private static void unary(String name, long seed, DMatrixRMaj x, UnaryOperator<Tensor> f) {
        checkFirstAndSecondOrder(name, seed, xs -> f.apply(xs[0]), x);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void smoothUnaryOperations(long seed) {
        Rng rng = Seeds.rng(seed);
        unary("neg", seed, uniform(rng, R, C, -2, 2), Tensor::neg);
        unary("square", seed, uniform(rng, R, C, -2, 2), Tensor::square);
        unary("exp", seed, uniform(rng, R, C, -2, 2), Tensor::exp);
        unary("log", seed, uniform(rng, R, C, 0.3, 3), Tensor::log);
        unary("sqrt", seed, uniform(rng, R, C, 0.3, 3), Tensor::sqrt);
        unary("sin", seed, uniform(rng, R, C, -3, 3), Tensor::sin);
        unary("cos", seed, uniform(rng, R, C, -3, 3), Tensor::cos);
        unary("tanh", seed, uniform(rng, R, C, -2.5, 2.5), Tensor::tanh);
        unary("sigmoid", seed, uniform(rng, R, C, -4, 4), Tensor::sigmoid);
        unary("softplus", seed, uniform(rng, R, C, -4, 4), Tensor::softplus);
        unary("gelu", seed, uniform(rng, R, C, -3, 3), Tensor::gelu);
        // erf switches from its series to erfc at |x| = 2.5: the range straddles the switch
        unary("erf", seed, uniform(rng, R, C, -3.5, 3.5), Tensor::erf);
        for (double p : new double[] {1, 2, 3, 0.5, -1.5, 2.7}) {
            unary("pow(" + p + ")", seed, uniform(rng, R, C, 0.3, 3), t -> t.pow(p));
        }
        unary("pow(0)", seed, uniform(rng, R, C, 0.3, 3), t -> t.pow(0).plus(t));
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void kinkedOperationsAwayFromTheKink(long seed) {
        Rng rng = Seeds.rng(seed);
        // |x| ≥ 0.05 ≫ h = 1e-5: the differences never straddle the kink at 0
        unary("relu", seed, awayFromZero(rng, R, C, 0.05, 2), Tensor::relu);
        unary("abs", seed, awayFromZero(rng, R, C, 0.05, 2), Tensor::abs);
        unary("relu·x²", seed, awayFromZero(rng, R, C, 0.05, 2), t -> t.relu().times(t.square()));
        unary("|x|³", seed, awayFromZero(rng, R, C, 0.05, 2), t -> t.abs().pow(3));
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void scalarOverloads(long seed) {
        Rng rng = Seeds.rng(seed);
        double c = rng.uniform(0.5, 2.0);
        DMatrixRMaj x = uniform(rng, R, C, -2, 2);
        unary("plus(c)", seed, x, t -> t.plus(c).square());
        unary("minus(c)", seed, x, t -> t.minus(c).square());
        unary("times(c)", seed, x, t -> t.times(c).sin());
        unary("div(c)", seed, x, t -> t.div(c).exp());
    }

    /** Every broadcast pattern (a-shape, b-shape) of the binary operations. */
    private static final int[][] PATTERNS = {
        {R, C, R, C}, {R, C, 1, C}, {R, C, R, 1}, {R, C, 1, 1},
        {1, C, R, C}, {R, 1, R, C}, {1, 1, R, C}, {R, 1, 1, C}, {1, C, R, 1}};

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void binaryOperationsWithBroadcasting(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int[] p : PATTERNS) {
            String shapes = p[0] + "×" + p[1] + " with " + p[2] + "×" + p[3];
            DMatrixRMaj a = uniform(rng, p[0], p[1], -2, 2);
            DMatrixRMaj b = uniform(rng, p[2], p[3], -2, 2);
            DMatrixRMaj bAway = awayFromZero(rng, p[2], p[3], 0.5, 2);
            checkFirstAndSecondOrder("plus " + shapes, seed, xs -> xs[0].plus(xs[1]).square(), a, b);
            checkFirstAndSecondOrder("minus " + shapes, seed, xs -> xs[0].minus(xs[1]).square(), a, b);
            checkFirstAndSecondOrder("times " + shapes, seed, xs -> xs[0].times(xs[1]), a, b);
            checkFirstAndSecondOrder("div " + shapes, seed, xs -> xs[0].div(xs[1]), a, bAway);
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void sharedOperandsAndComposites(long seed) {
        Rng rng = Seeds.rng(seed);
        DMatrixRMaj x = uniform(rng, R, C, -1.5, 1.5);
        // the same node used twice: contributions of both paths must add up
        unary("x·x", seed, x, t -> t.times(t));
        unary("x/x²+x", seed, awayFromZero(rng, R, C, 0.5, 2), t -> t.div(t.square()).plus(t));
        unary("tanh(sin x · x)·sigmoid(x)", seed, x, t -> t.sin().times(t).tanh().times(t.sigmoid()));
        unary("gelu(gelu x)", seed, x, t -> t.gelu().gelu());
        unary("softplus(erf(x)·2)", seed, x, t -> t.erf().times(2).softplus());
    }
}
