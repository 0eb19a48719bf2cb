package org.metricflow.flow.moduli;

import java.util.Objects;
import java.util.function.DoubleFunction;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * A one-parameter family of varieties X<sub>μ</sub> with real modulus μ, and its singular members. Immutable and
 * thread-safe.
 */
public final class ModuliFamily {
    /** How close to a singular member (|μ − μ<sub>s</sub>|) a modulus is refused. */
    public static final double SINGULAR_DISTANCE = 1e-6;

    private final String name;
    private final String modulus;
    private final DoubleFunction<ProjectiveVariety> members;
    private final double[] singular;
    private final String singularRule;

    private ModuliFamily(String name, String modulus, DoubleFunction<ProjectiveVariety> members, double[] singular,
            String singularRule) {
        this.name = name;
        this.modulus = modulus;
        this.members = members;
        this.singular = singular;
        this.singularRule = singularRule;
    }

    /**
     * The Dwork quintics Σz<sub>i</sub><sup>5</sup> − 5ψ Πz<sub>i</sub> = 0 in CP<sup>4</sup> for real ψ
     * ({@link ProjectiveVariety#dwork(double)}), singular exactly where ψ<sup>5</sup> = 1, for real ψ at ψ = 1.
     *
     * @return the family, modulus ψ
     */
    public static ModuliFamily dwork() {
        return new ModuliFamily("dwork", "psi", ProjectiveVariety::dwork, new double[] {1.0}, "psi^5 = 1");
    }

    /**
     * The family with a given name.
     *
     * @param name {@code dwork}
     * @return the family
     * @throws IllegalArgumentException naming an unknown family
     */
    public static ModuliFamily named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.equalsIgnoreCase("dwork")) {
            return dwork();
        }
        throw new IllegalArgumentException("unknown moduli family '" + name + "' (known: dwork)");
    }

    /**
     * The family's name.
     *
     * @return e.g. {@code dwork}
     */
    public String name() {
        return name;
    }

    /**
     * The modulus's name.
     *
     * @return e.g. {@code psi}
     */
    public String modulus() {
        return modulus;
    }

    /**
     * The member X<sub>μ</sub>.
     *
     * @param mu a finite modulus at least {@link #SINGULAR_DISTANCE} from every singular member
     * @return the variety
     * @throws IllegalArgumentException naming μ when it is not finite or (nearly) singular
     */
    public ProjectiveVariety member(double mu) {
        if (!Double.isFinite(mu)) {
            throw new IllegalArgumentException(name + " family: " + modulus + " must be finite, got " + mu);
        }
        for (double s : singular) {
            if (Math.abs(mu - s) < SINGULAR_DISTANCE) {
                throw new IllegalArgumentException(name + " family: the member " + modulus + "=" + mu
                        + " is singular (" + singularRule + " at " + modulus + "=" + s + ")");
            }
        }
        return members.apply(mu);
    }

    /**
     * Requires a range of moduli free of singular members (training across a singular member is refused).
     *
     * @param lo the smallest modulus
     * @param hi the largest modulus, ≥ lo
     * @throws IllegalArgumentException naming the range, or the singular member inside it
     */
    public void requireSmoothRange(double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || lo > hi) {
            throw new IllegalArgumentException(name + " family: the " + modulus + " range needs finite lo <= hi, got ["
                    + lo + ", " + hi + "]");
        }
        for (double s : singular) {
            if (s > lo - SINGULAR_DISTANCE && s < hi + SINGULAR_DISTANCE) {
                throw new IllegalArgumentException(name + " family: the " + modulus + " range [" + lo + ", " + hi
                        + "] contains the singular member " + modulus + "=" + s + " (" + singularRule + ")");
            }
        }
    }

    @Override
    public String toString() {
        return name + "(" + modulus + ")";
    }
}
