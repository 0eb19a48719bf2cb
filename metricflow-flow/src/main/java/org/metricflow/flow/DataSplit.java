package org.metricflow.flow;

import java.util.Arrays;
import org.metricflow.core.random.Rng;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;

/**
 * The points of a run split into training and validation sets, with the two volumes the losses normalize by: the
 * Fubini–Study volume of the variety and the Ω-volume ∫|Ω|² estimated on the training points. The split is a seeded
 * permutation (stream 1 of the run's seed), so it is the same in a resumed run.
 *
 * @param all every point of the run
 * @param train the training points (at least 2)
 * @param validation the validation points (at least 2)
 * @param volFs Vol<sub>FS</sub> = ∫ω<sub>FS</sub><sup>d</sup>
 * @param volOmega Vol<sub>Ω</sub>, the Monte-Carlo estimate of ∫ Ω∧Ω̄ on the training points
 */
record DataSplit(PointSet all, PointSet train, PointSet validation, double volFs, double volOmega) {

    /**
     * Samples (or takes) the points of a configuration and splits them.
     *
     * @param config the frozen configuration
     * @return the split
     */
    static DataSplit of(TrainingConfig config) {
        PointSet all = config.pointSet != null ? config.pointSet : config.variety.sample(config.points, config.seed);
        int[] perm = Rng.stream(config.seed, 1).permutation(all.size());
        int nVal = (int) Math.round(config.validationFraction * all.size());
        nVal = Math.max(2, Math.min(nVal, all.size() - 2));
        PointSet val = all.subset(Arrays.copyOfRange(perm, 0, nVal));
        PointSet train = all.subset(Arrays.copyOfRange(perm, nVal, perm.length));
        return new DataSplit(all, train, val, all.fubiniStudyVolume(), KahlerIntegrals.omegaVolume(train).value());
    }
}
