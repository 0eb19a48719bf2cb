package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.resources.MemoryBudget;
import org.metricflow.core.resources.ResourceLimitException;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.ntk.EmpiricalNtk;
import org.metricflow.nn.ntk.MetricNtk;

/**
 * Requests that cannot fit in memory fail fast — before allocating, within a fraction of a second — with a
 * {@link ResourceLimitException} that names the size they would need, the heap limit ({@link Runtime#maxMemory()})
 * and how to bound the request: the metric-NTK of 10⁶ points, a dense Jacobian of 10⁶ points of a 10⁵-parameter
 * model, 2·10⁹ sampled points (whose arrays would also overflow {@code int} lengths), a flow over 2·10⁹ points.
 * The expected byte counts are computed here independently from the shapes.
 */
class ResourceBoundsTest {
    private static void requireFastRefusal(Executable request, long expectedBytes, String how) {
        long start = System.nanoTime();
        ResourceLimitException e = assertThrows(ResourceLimitException.class, request);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 1.0, "refused after " + seconds + " s: " + e.getMessage());
        assertTrue(e.getMessage().contains(MemoryBudget.format(expectedBytes)) || expectedBytes > 8L * MemoryBudget.MAX_ARRAY_LENGTH,
                "names the size " + MemoryBudget.format(expectedBytes) + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(how), "says how to bound it (" + how + "): " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        System.out.println("ResourceBoundsTest: " + e.getMessage());
    }

    @Test
    void theMetricNtkOfAMillionPointsIsRefusedBeforeAllocating() {
        int n = 1_000_000;
        int m = 9; // Hermitian 3×3: 9 independent real components
        Mlp net = Mlp.builder().inputs(2).hidden(8).outputs(m).activation(Activation.TANH).seed(1).build();
        MetricNtk ntk = MetricNtk.hermitian(net, 3);
        Tensor points = Tensor.constant(new DMatrixRMaj(n, 2));
        long bytes = 8L * n * m * n * m; // (N·m)² doubles = 6.5·10¹⁴ bytes (589 TiB)
        requireFastRefusal(() -> ntk.matrix(points), bytes, "apply(");
        requireFastRefusal(() -> ntk.dense(points), bytes, "apply(");
    }

    @Test
    void aDenseJacobianOfAHugeRequestIsRefused() {
        Mlp net = Mlp.builder().inputs(2).hidden(300, 300).outputs(1).activation(Activation.TANH).seed(1).build();
        long params = net.parameterCount();
        assertEquals(2L * 300 + 300 + 300L * 300 + 300 + 300 + 1, params);
        Tensor points = Tensor.constant(new DMatrixRMaj(1_000_000, 2));
        long bytes = 8L * 1_000_000 * params;
        requireFastRefusal(() -> EmpiricalNtk.of(net).jacobian(points), bytes, "block by block");
    }

    @Test
    void samplingTwoBillionPointsIsRefusedWithItsSize() {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        int n = 2_000_000_000;
        // The longest array, the pullback Jacobians, holds 2·N·d·m = 2·2e9·3·5 doubles: beyond any Java array.
        requireFastRefusal(() -> quintic.sample(n, 1), 8L * 2 * n * 3 * 5, "fewer points");
        requireFastRefusal(() -> MetricFlow.builder().variety(quintic).points(n).epochs(1).build().run(),
                8L * 2 * n * 3 * 5, "fewer points");
        // A count that fits in arrays but not in this heap names the total of all per-point arrays.
        long perPoint = 8L * (2 * 5 + 2 * 3 * 5 + 3) + 4L * (1 + 1 + 3);
        int fitsArraysOnly = (int) Math.min(Integer.MAX_VALUE / 30 - 1, MemoryBudget.limit() / perPoint * 3 / 2);
        if ((long) fitsArraysOnly * perPoint > MemoryBudget.limit()) {
            requireFastRefusal(() -> quintic.sample(fitsArraysOnly, 1), (long) fitsArraysOnly * perPoint, "-Xmx");
        }
    }

    @Test
    void budgetArithmeticSaturatesInsteadOfOverflowing() {
        assertEquals(Long.MAX_VALUE, MemoryBudget.product(1L << 40, 1L << 40));
        assertEquals(0, MemoryBudget.product(5, 0, Long.MAX_VALUE));
        assertEquals(6, MemoryBudget.product(2, 3));
        assertEquals("512 B", MemoryBudget.format(512));
        assertEquals("1.5 GiB", MemoryBudget.format(3L << 29));
        Supplier<String> s = () -> MemoryBudget.format(Long.MAX_VALUE);
        assertEquals("more than 8 EiB", s.get());
        ResourceLimitException e = assertThrows(ResourceLimitException.class,
                () -> MemoryBudget.requireDoubles("x", "y", 1L << 40, 1L << 40));
        assertEquals(Long.MAX_VALUE, e.requiredBytes());
        MemoryBudget.requireDoubles("a small request", "-", 1000, 1000); // fits: no exception
    }
}
