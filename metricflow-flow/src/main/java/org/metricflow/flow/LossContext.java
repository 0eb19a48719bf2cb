package org.metricflow.flow;

import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.metric.KahlerMetricModel;

/**
 * What a {@link Loss} sees for one batch: the points, the model's metric there (differentiable in the parameters)
 * and the run's normalizing constants.
 *
 * @param model the metric model being trained
 * @param points the batch
 * @param metric g<sub>a b̄</sub> at the batch points
 * @param fubiniStudyVolume Vol<sub>FS</sub> = ∫ω<sub>FS</sub><sup>d</sup> (the product of the degrees)
 * @param omegaVolume Vol<sub>Ω</sub> = ∫ dVol<sub>Ω</sub>, estimated once on the training points
 */
public record LossContext(KahlerMetricModel model, PointSet points, HermitianMetric metric, double fubiniStudyVolume, double omegaVolume) {

    /**
     * The constant c with (ω<sup>d</sup>/Vol<sub>FS</sub>)/(dVol<sub>Ω</sub>/Vol<sub>Ω</sub>) = c·det g/|Ω|², i.e.
     * c = d!·Vol<sub>Ω</sub>/Vol<sub>FS</sub>; the ratio is 1 everywhere exactly for the Ricci-flat metric in the
     * Fubini–Study class.
     *
     * @return c = d!·Vol<sub>Ω</sub>/Vol<sub>FS</sub>
     */
    public double ratioConstant() {
        double factorial = 1;
        for (int k = 2; k <= points.dimension(); k++) {
            factorial *= k;
        }
        return factorial * omegaVolume / fubiniStudyVolume;
    }
}
