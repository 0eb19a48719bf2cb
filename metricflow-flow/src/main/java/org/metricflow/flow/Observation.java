package org.metricflow.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.ejml.data.DMatrixRMaj;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.ComplexTensor;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.stats.Estimate;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.KahlerTensors;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.ntk.NtkDiagnostics;
import org.metricflow.nn.ntk.ProbeMetricModel;

/**
 * The observables of a run on its validation points, once per epoch (epoch 0 = the initial metric): every loss term
 * and their weighted sum, σ with its Monte-Carlo error, the volume ∫ω<sup>d</sup>, κ, optionally the Ricci measure
 * and Euler characteristic on a curvature probe and the relative metric-NTK change ‖Θ<sub>t</sub> − Θ<sub>0</sub>‖<sub>F</sub>
 * /‖Θ<sub>0</sub>‖<sub>F</sub> on a kernel probe. It also tracks where the metric stops being positive definite, for the
 * result's warning. Not thread-safe: one per run.
 */
final class Observation {
    private final TrainingConfig config;
    private final WeightedLosses losses;
    private final PointSet validation;
    private final DoubleSupplier kernelChange;
    /** The most validation points at which the metric was not positive definite, and the first epoch it was seen. */
    private int mostNonPositive;
    private int firstNonPositiveEpoch = -1;
    private int lastNonPositive;
    private int initialNonPositive = -1;
    private double initialLoss = Double.NaN;

    /**
     * Sets up the observables; with a kernel probe this computes Θ<sub>0</sub> of the model as it is now.
     */
    Observation(TrainingConfig config, WeightedLosses losses, PointSet validation, KahlerMetricModel model) {
        this.config = config;
        this.losses = losses;
        this.validation = validation;
        this.kernelChange = config.kernelProbe > 0 ? kernelChange(model, validation, config.kernelProbe) : null;
    }

    private static DoubleSupplier kernelChange(KahlerMetricModel model, PointSet val, int points) {
        PointSet probe = val.slice(0, Math.min(val.size(), points));
        ProbeMetricModel pm = ProbeMetricModel.of(model, probe);
        Tensor idx = ProbeMetricModel.indices(probe.size());
        DMatrixRMaj theta0 = pm.metricNtk().matrix(idx);
        return () -> NtkDiagnostics.relativeChange(pm.metricNtk().matrix(idx), theta0);
    }

    /**
     * Why the last observations show divergence, or null: the metric stopped being positive definite at
     * validation points while it was positive definite at all of them at epoch 0, or the validation loss grew beyond
     * {@value MetricFlow#DIVERGENCE_FACTOR}× its epoch-0 value. A resumed run (no epoch 0 observed) checks neither.
     *
     * @param obs the observables just returned by {@link #observe}
     * @return a one-line reason, or null
     */
    String divergence(Map<String, Double> obs) {
        if (initialNonPositive == 0 && lastNonPositive > 0) {
            return "the metric is no longer positive definite at " + lastNonPositive + " of " + validation.size()
                    + " validation points";
        }
        Double loss = obs.get("loss");
        if (Double.isNaN(initialLoss)) {
            return null;
        }
        if (loss != null && initialLoss > 0 && loss > MetricFlow.DIVERGENCE_FACTOR * initialLoss) {
            return String.format(java.util.Locale.ROOT, "the validation loss exploded from %.4g to %.4g", initialLoss,
                    loss);
        }
        return null;
    }

    /**
     * The observables of {@code model} after {@code epoch}, by name in a fixed order.
     *
     * @param model the model (trained in place, or the continuous dynamics' current model)
     * @param epoch the epoch (0 = initial metric; epochs + 1 = after L-BFGS refinement)
     * @return the observables
     */
    Map<String, Double> observe(KahlerMetricModel model, int epoch) {
        Double change = kernelChange == null ? null : kernelChange.getAsDouble();
        return Autodiff.noGrad(() -> {
            Map<String, Double> o = new LinkedHashMap<>();
            HermitianMetric g = model.metric(validation);
            // A metric that is not positive definite somewhere is reported in the result message (its log det there
            // is log|det g|, see KahlerTensors.logDeterminant).
            int bad = KahlerTensors.countNonPositiveDefinite(ComplexTensor.of(g.re(), g.im()));
            mostNonPositive = Math.max(mostNonPositive, bad);
            lastNonPositive = bad;
            if (epoch == 0) {
                initialNonPositive = bad;
            }
            if (bad > 0 && firstNonPositiveEpoch < 0) {
                firstNonPositiveEpoch = epoch;
            }
            losses.observe(losses.context(model, validation, g), o);
            if (epoch == 0 && o.get("loss") != null) {
                initialLoss = o.get("loss");
            }
            double[] det = g.detValues();
            Estimate sigma = KahlerIntegrals.sigma(validation, det);
            o.put("sigma", sigma.value());
            o.put("sigmaError", sigma.standardError());
            o.put("volume", KahlerIntegrals.volume(validation, det).value());
            o.put("kappa", KahlerIntegrals.kappa(validation, det).value());
            if (config.curvatureProbe > 0) {
                PointSet probe = validation.slice(0, Math.min(validation.size(), config.curvatureProbe));
                CurvatureIntegrals.ChernNumbers c = CurvatureIntegrals.chernNumbers(probe, model.potential(), 256);
                o.put("ricciMeasure", c.ricciMeasure().value());
                o.put("euler", c.euler().value());
            }
            if (change != null) {
                o.put("kernelChange", change);
            }
            return o;
        });
    }

    /** The validation points. */
    PointSet points() {
        return validation;
    }

    /** "; warning: the metric is not positive definite …" when it ever was on validation points, else "". */
    String positivityWarning() {
        if (mostNonPositive == 0) {
            return "";
        }
        return "; warning: the metric is not positive definite at up to " + mostNonPositive + " of "
                + validation.size() + " validation points (first seen at epoch " + firstNonPositiveEpoch + "); σ, κ,"
                + " the volume and the losses use log|det g| there";
    }

    /** The name of the first non-finite observable, or null. */
    static String firstNonFinite(Map<String, Double> observables) {
        for (Map.Entry<String, Double> e : observables.entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * ", the metric is not positive definite at k of N points" when that may explain a non-finite value, else "".
     */
    static String metricDiagnosis(KahlerMetricModel model, PointSet points) {
        try {
            int bad = Autodiff.noGrad(() -> {
                HermitianMetric g = model.metric(points);
                return KahlerTensors.countNonPositiveDefinite(ComplexTensor.of(g.re(), g.im()));
            });
            return bad == 0 ? "" : ", the metric is not positive definite at " + bad + " of " + points.size() + " points";
        } catch (RuntimeException e) {
            return "";
        }
    }
}
