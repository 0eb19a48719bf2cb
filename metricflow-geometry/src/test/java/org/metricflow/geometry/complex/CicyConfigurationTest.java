package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Intersection numbers, c2·J and χ of configurations against published values (Candelas et al.'s CICY list,
 * Hübsch's book): the quintic (5, 50, −200), the CP^5 (3,3) complete intersection (9, 54, −144), the bicubic
 * (d_112 = d_122 = 3, c2·J = 36, χ = −162), the tetraquadric (d_ijk = 2 for distinct i,j,k, c2·J = 24, χ = −128) and the
 * Schoen manifold (d_123 = 9, d_112 = d_122 = 3, χ = 0, c2·J = (36, 36, 0): J_3 is dual to a fibre E×E′ over CP^1, a torus with trivial normal bundle, so c2·J_3 = c2(T⁴) = 0), plus K3 and torus checks in lower
 * dimension (χ(K3) = 24, χ(T²) = 0, ∫J² = 4 for the quartic).
 */
class CicyConfigurationTest {

    @Test
    void quinticAndCubicCubic() {
        CicyConfiguration q = CicyConfiguration.parse("4:5");
        assertEquals(5, q.intersectionNumber(3));
        assertArrayEquals(new long[] {50}, q.c2DotJ());
        assertEquals(-200, q.eulerCharacteristic());
        CicyConfiguration cc = CicyConfiguration.parse("5:3,3");
        assertEquals(9, cc.intersectionNumber(3));
        assertArrayEquals(new long[] {54}, cc.c2DotJ());
        assertEquals(-144, cc.eulerCharacteristic());
        assertEquals(9 * 8.0, cc.volume(new double[] {2.0}), 1e-12);
    }

    @Test
    void bicubic() {
        CicyConfiguration b = CicyConfiguration.parse("2:3|2:3");
        assertTrue(b.isCalabiYau());
        assertEquals(3, b.dimension());
        long[][][] d = b.tripleIntersections();
        assertEquals(0, d[0][0][0]);
        assertEquals(3, d[0][0][1]);
        assertEquals(3, d[0][1][1]);
        assertEquals(0, d[1][1][1]);
        assertArrayEquals(new long[] {36, 36}, b.c2DotJ());
        assertEquals(-162, b.eulerCharacteristic());
        // Vol = 3·3 t1² t2 + 3·3 t1 t2² = 9 t1 t2 (t1 + t2)
        assertEquals(9 * 1.0 * 2.0 * 3.0, b.volume(new double[] {1.0, 2.0}), 1e-12);
    }

    @Test
    void tetraquadric() {
        CicyConfiguration t = CicyConfiguration.parse("1:2|1:2|1:2|1:2");
        long[][][] d = t.tripleIntersections();
        assertEquals(2, d[0][1][2]);
        assertEquals(2, d[1][2][3]);
        assertEquals(0, d[0][0][1]);
        assertArrayEquals(new long[] {24, 24, 24, 24}, t.c2DotJ());
        assertEquals(-128, t.eulerCharacteristic());
        // Vol = 3!·2·Σ_{i<j<k} t_i t_j t_k
        assertEquals(12.0 * 4, t.volume(new double[] {1, 1, 1, 1}), 1e-12);
    }

    @Test
    void schoen() {
        CicyConfiguration s = CicyConfiguration.parse("2:3,0|2:0,3|1:1,1");
        assertTrue(s.isCalabiYau());
        long[][][] d = s.tripleIntersections();
        assertEquals(9, d[0][1][2]);
        assertEquals(3, d[0][0][1]);
        assertEquals(3, d[0][1][1]);
        assertEquals(0, d[0][0][2]);
        assertEquals(0, d[2][2][0]);
        assertArrayEquals(new long[] {36, 36, 0}, s.c2DotJ());
        assertEquals(0, s.eulerCharacteristic());
    }

    @Test
    void lowerDimensions() {
        assertEquals(24, CicyConfiguration.parse("3:4").eulerCharacteristic());
        assertEquals(4, CicyConfiguration.parse("3:4").intersectionNumber(2));
        assertEquals(24, CicyConfiguration.parse("1:2|2:3").eulerCharacteristic());
        assertEquals(0, CicyConfiguration.parse("2:3").eulerCharacteristic());
        assertEquals(0, CicyConfiguration.parse("1:2|1:2").eulerCharacteristic());
        assertEquals(2, CicyConfiguration.parse("1:2|1:2").intersectionNumber(1, 0));
    }

    @Test
    void refusals() {
        assertFalse(CicyConfiguration.parse("2:3|2:2").isCalabiYau());
        assertEquals(1, CicyConfiguration.parse("2:3|2:2").firstNonCalabiYauRow());
        assertThrows(IllegalArgumentException.class, () -> CicyConfiguration.parse("2:3|2"));
        assertThrows(IllegalArgumentException.class, () -> CicyConfiguration.parse("2:3|2:3,1"));
        assertThrows(IllegalArgumentException.class, () -> CicyConfiguration.parse("1:1,1"));
        assertThrows(IllegalArgumentException.class, () -> CicyConfiguration.parse("2:0|2:0"));
        assertThrows(IllegalArgumentException.class, () -> CicyConfiguration.parse("0:1|2:3"));
        CicyConfiguration b = CicyConfiguration.parse("2:3|2:3");
        assertThrows(IllegalArgumentException.class, () -> b.volume(new double[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> b.volume(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> b.volume(new double[] {1}));
    }
}
