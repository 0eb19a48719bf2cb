package org.metricflow.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/** The {@link Optimizer} contract, checked for every configuration of SGD and Adam. */
class OptimizerContractTest {

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd", (Supplier<Optimizer>) () -> Sgd.of(0.1)),
                Arguments.of("sgd+momentum", (Supplier<Optimizer>) () -> Sgd.of(0.1).withMomentum(0.9)),
                Arguments.of("sgd+nesterov+wd",
                        (Supplier<Optimizer>) () -> Sgd.of(0.1).withMomentum(0.5).withNesterov(true).withWeightDecay(0.1)),
                Arguments.of("adam", (Supplier<Optimizer>) () -> Adam.of(0.01)),
                Arguments.of("adamw+amsgrad",
                        (Supplier<Optimizer>) () -> Adam.of(0.01).withWeightDecay(0.1).withAmsgrad(true)));
    }

    private static List<DMatrixRMaj> randomMatrices(Rng rng, int[][] shapes) {
        List<DMatrixRMaj> list = new ArrayList<>();
        for (int[] s : shapes) {
            DMatrixRMaj m = new DMatrixRMaj(s[0], s[1]);
            rng.fillGaussian(m.data, 1);
            list.add(m);
        }
        return list;
    }

    private static final int[][] SHAPES = {{3, 2}, {1, 5}, {4, 4}};

    private static List<double[]> snapshot(List<DMatrixRMaj> ms) {
        List<double[]> copy = new ArrayList<>();
        for (DMatrixRMaj m : ms) {
            copy.add(m.data.clone());
        }
        return copy;
    }

    private static void assertUnchanged(List<double[]> before, List<DMatrixRMaj> after, String what) {
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i).data, 0.0, what + " " + i + " changed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void stepMutatesOnlyItsParameters(String name, Supplier<Optimizer> factory) {
        Rng rng = Rng.of(7);
        Optimizer opt = factory.get();
        List<DMatrixRMaj> params = randomMatrices(rng, SHAPES);
        List<DMatrixRMaj> others = randomMatrices(rng, SHAPES);
        List<DMatrixRMaj> paramList = new ArrayList<>(params);
        for (int k = 0; k < 5; k++) {
            List<DMatrixRMaj> grads = randomMatrices(rng, SHAPES);
            List<double[]> gradsBefore = snapshot(grads);
            List<double[]> othersBefore = snapshot(others);
            List<double[]> paramsBefore = snapshot(params);
            List<DMatrixRMaj> gradList = new ArrayList<>(grads);
            opt.step(paramList, gradList);
            assertUnchanged(gradsBefore, grads, "gradient");
            assertUnchanged(othersBefore, others, "unrelated matrix");
            assertEquals(params, paramList, "the parameter list itself was modified");
            assertEquals(grads, gradList, "the gradient list itself was modified");
            for (int i = 0; i < params.size(); i++) {
                assertTrue(params.get(i) == paramList.get(i));
                assertNotEquals(paramsBefore.get(i)[0], params.get(i).data[0], "parameter " + i + " did not move");
            }
        }
        assertEquals(5, opt.steps());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void invalidArgumentsAreRejectedWithClearMessagesAndChangeNothing(String name, Supplier<Optimizer> factory) {
        Rng rng = Rng.of(11);
        Optimizer opt = factory.get();
        List<DMatrixRMaj> params = randomMatrices(rng, SHAPES);
        opt.step(params, randomMatrices(rng, SHAPES));
        OptimizerState stateBefore = opt.state();
        List<double[]> paramsBefore = snapshot(params);

        // gradient shape differs from its parameter: both shapes and the index are named
        List<DMatrixRMaj> wrongGrad = randomMatrices(rng, new int[][] {{3, 2}, {5, 1}, {4, 4}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.step(params, wrongGrad));
        assertTrue(e.getMessage().contains("gradient 1") && e.getMessage().contains("5x1")
                && e.getMessage().contains("1x5"), e.getMessage());

        // list length differs between params and grads
        e = assertThrows(IllegalArgumentException.class,
                () -> opt.step(params, randomMatrices(rng, new int[][] {{3, 2}, {1, 5}})));
        assertTrue(e.getMessage().contains("3 parameters but 2 gradients"), e.getMessage());

        // a different parameter list than on previous steps
        List<DMatrixRMaj> other = randomMatrices(rng, new int[][] {{3, 2}, {1, 5}, {2, 8}});
        e = assertThrows(IllegalArgumentException.class,
                () -> opt.step(other, randomMatrices(rng, new int[][] {{3, 2}, {1, 5}, {2, 8}})));
        assertTrue(e.getMessage().contains("parameter 2") && e.getMessage().contains("2x8")
                && e.getMessage().contains("4x4"), e.getMessage());
        List<DMatrixRMaj> shorter = params.subList(0, 2);
        e = assertThrows(IllegalArgumentException.class,
                () -> opt.step(shorter, randomMatrices(rng, new int[][] {{3, 2}, {1, 5}})));
        assertTrue(e.getMessage().contains("previous steps had 3"), e.getMessage());

        // a non-finite gradient entry, placed in the last parameter so earlier ones would be updated first
        List<DMatrixRMaj> nanGrads = randomMatrices(rng, SHAPES);
        nanGrads.get(2).set(1, 3, Double.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> opt.step(params, nanGrads));
        assertTrue(e.getMessage().contains("gradient 2") && e.getMessage().contains("row 1, column 3"), e.getMessage());

        // the same matrix twice
        List<DMatrixRMaj> dup = List.of(params.get(0), params.get(1), params.get(0));
        assertThrows(IllegalArgumentException.class, () -> opt.step(dup, randomMatrices(rng, new int[][] {{3, 2},
            {1, 5}, {3, 2}})));

        assertUnchanged(paramsBefore, params, "parameter after a rejected step");
        assertEquals(stateBefore, opt.state(), "state changed by a rejected step");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void restoredStateContinuesBitForBit(String name, Supplier<Optimizer> factory) {
        Rng rng = Rng.of(3);
        List<List<DMatrixRMaj>> gradSequence = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            gradSequence.add(randomMatrices(rng, SHAPES));
        }
        List<DMatrixRMaj> params = randomMatrices(rng, SHAPES);
        Optimizer original = factory.get();
        for (int k = 0; k < 6; k++) {
            original.step(params, gradSequence.get(k));
        }
        OptimizerState saved = original.state();
        List<DMatrixRMaj> copy = new ArrayList<>();
        for (DMatrixRMaj p : params) {
            copy.add(p.copy());
        }
        Optimizer resumed = factory.get();
        resumed.restore(saved);
        assertEquals(saved, resumed.state());
        assertEquals(6, resumed.steps());
        for (int k = 6; k < 12; k++) {
            original.step(params, gradSequence.get(k));
            resumed.step(copy, gradSequence.get(k));
        }
        for (int i = 0; i < params.size(); i++) {
            assertArrayEquals(params.get(i).data, copy.get(i).data, 0.0, "resumed parameter " + i);
        }
        assertEquals(original.state(), resumed.state());

        // the snapshot is a value: later steps did not change it, and it cannot be modified through accessors
        assertEquals(6, saved.steps());
        for (String buffer : saved.bufferNames()) {
            saved.buffer(buffer)[0][0] = 1e300;
            assertNotEquals(1e300, saved.buffer(buffer)[0][0]);
        }

        original.reset();
        assertEquals(0, original.steps());
        original.step(randomMatrices(rng, new int[][] {{2, 2}}), randomMatrices(rng, new int[][] {{2, 2}}));
    }

    @Test
    void restoreRejectsForeignOrInconsistentStates() {
        Adam adam = Adam.of(0.1);
        adam.step(List.of(TestFunctions.column(1, 2)), List.of(TestFunctions.column(3, 4)));
        OptimizerState adamState = adam.state();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sgd.of(0.1).restore(adamState));
        assertTrue(e.getMessage().contains("'adam'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Adam.of(0.1).withAmsgrad(true).restore(adamState));
        assertTrue(e.getMessage().contains("vmax"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sgd.of(0.1).restore(stateWithVelocity()));
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OptimizerState.of("adam", 1, 0.1,
                new int[][] {{2, 1}}, java.util.Map.of("m", new double[][] {{1, 2, 3}})));
        assertTrue(e.getMessage().contains("3 values") && e.getMessage().contains("2x1"), e.getMessage());
    }

    private static OptimizerState stateWithVelocity() {
        Sgd sgd = Sgd.of(0.1).withMomentum(0.5);
        sgd.step(List.of(TestFunctions.column(1)), List.of(TestFunctions.column(1)));
        return sgd.state();
    }

    @Test
    void learningRateCanBeSetByHandUnlessAScheduleOwnsIt() {
        Sgd sgd = Sgd.of(0.5);
        DMatrixRMaj x = TestFunctions.column(1.0);
        sgd.step(List.of(x), List.of(TestFunctions.column(1.0)));
        assertEquals(0.5, x.data[0], 0.0);
        sgd.setLearningRate(0.25);
        assertEquals(0.25, sgd.learningRate(), 0.0);
        sgd.step(List.of(x), List.of(TestFunctions.column(1.0)));
        assertEquals(0.25, x.data[0], 0.0);
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-1));
        Adam scheduled = Adam.of(0.1).withSchedule(LearningRateSchedule.constant(0.2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scheduled.setLearningRate(0.3));
        assertTrue(e.getMessage().contains("schedule"), e.getMessage());
        assertEquals(0.2, scheduled.learningRate(), 0.0);
    }

    @Test
    void configurationIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> Sgd.of(-0.1));
        assertThrows(IllegalArgumentException.class, () -> Sgd.of(0.1).withMomentum(1.0));
        assertThrows(IllegalArgumentException.class, () -> Sgd.of(0.1).withNesterov(true));
        assertThrows(IllegalArgumentException.class, () -> Adam.of(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Adam.of(0.1).withBetas(0.9, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Adam.of(0.1).withEpsilon(0));
        assertThrows(IllegalArgumentException.class, () -> Adam.of(0.1).withWeightDecay(-1));
    }

    @Test
    void withCopiesLeaveTheOriginalConfigurationAlone() {
        Adam base = Adam.of(0.1);
        Adam changed = base.withBetas(0.5, 0.6).withAmsgrad(true);
        assertEquals(0.9, base.beta1(), 0.0);
        assertEquals(0.5, changed.beta1(), 0.0);
        assertTrue(changed.amsgrad() && !base.amsgrad());
        Sgd sgd = Sgd.of(0.1).withMomentum(0.9).withNesterov(true);
        assertTrue(sgd.nesterov());
        assertEquals(0.0, sgd.withMomentum(0).momentum(), 0.0);
    }
}
