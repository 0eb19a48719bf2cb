package org.metricflow.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.ComplexTensor;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.core.stats.Estimate;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.KahlerTensors;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.metric.KahlerMetricModel;
import org.metricflow.nn.metric.AcceleratedKahlerModel.KernelBlocks;
import org.metricflow.nn.ntk.EmpiricalNtk;
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
    /** What divergence is judged against; null until the run's first observation (or a checkpoint) sets it. */
    private Reference reference;

    /**
     * The state a run's divergence is judged against: its first observation (epoch 0 of a fresh run; a resumed run
     * carries the reference of the run it continues in its checkpoint, so that it diverges exactly where the
     * uninterrupted run would).
     *
     * @param loss the validation loss (NaN when unknown)
     * @param nonPositive the number of validation points at which the metric is not positive definite (−1 when
     *     unknown)
     */
    record Reference(double loss, int nonPositive) {
        /** No reference yet. */
        static final Reference UNKNOWN = new Reference(Double.NaN, -1);
    }

    /**
     * The fraction of the validation points by which the number of points with a metric that is not positive
     * definite may grow, over a start that already had such points, before the run counts as diverged (a start
     * that is positive definite everywhere may lose it nowhere).
     */
    static final double NON_POSITIVE_GROWTH = 0.1;

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
        // Θ_0 kept as blocks (for the φ-model its jets at θ_0), Θ_t streamed against it: no (N·m)² matrix is formed
        KernelBlocks theta0 = pm.metricNtk().blocks(idx);
        return () -> NtkDiagnostics.relativeChange(pm.metricNtk().blocks(idx), theta0, EmpiricalNtk.DEFAULT_BLOCK_SIZE,
                Parallel.defaultThreads());
    }

    /**
     * Why the last observations show divergence, or null, judged against the run's {@link Reference}: the metric
     * stopped being positive definite at validation points while it was positive definite at all of them at the
     * reference, or (a reference with r such points already) it is not positive definite at more than
     * r + max(1, ⌈{@value #NON_POSITIVE_GROWTH}·N⌉) of the N points; or the validation loss grew beyond
     * {@value MetricFlow#DIVERGENCE_FACTOR}× the reference loss.
     *
     * @param obs the observables just returned by {@link #observe}
     * @return a one-line reason, or null
     */
    String divergence(Map<String, Double> obs) {
        Reference r = reference();
        String positivity = positivityDivergence(r.nonPositive(), lastNonPositive, validation.size());
        if (positivity != null) {
            return positivity;
        }
        Double loss = obs.get("loss");
        if (loss != null && r.loss() > 0 && loss > MetricFlow.DIVERGENCE_FACTOR * r.loss()) {
            return String.format(java.util.Locale.ROOT, "the validation loss exploded from %.4g to %.4g", r.loss(),
                    loss);
        }
        return null;
    }

    /**
     * The positivity part of {@link #divergence}: null, or why {@code now} points with a metric that is not positive
     * definite (of {@code n}) is a divergence from {@code reference} such points at the start (−1: unknown, never).
     *
     * @param reference the count at the reference, or −1
     * @param now the count now
     * @param n the number of validation points
     * @return a one-line reason, or null
     */
    static String positivityDivergence(int reference, int now, int n) {
        if (reference < 0) {
            return null;
        }
        if (reference == 0) {
            return now == 0 ? null : "the metric is no longer positive definite at " + now + " of " + n
                    + " validation points";
        }
        int allowed = reference + Math.max(1, (int) Math.ceil(NON_POSITIVE_GROWTH * n));
        return now <= allowed ? null : "the metric is not positive definite at " + now + " of " + n + " validation"
                + " points, up from " + reference + " at the start (more than " + allowed + " counts as diverged)";
    }

    /** The divergence reference of this run ({@link Reference#UNKNOWN} before the first observation). */
    Reference reference() {
        return reference == null ? Reference.UNKNOWN : reference;
    }

    /**
     * A resumed run: takes the reference recorded in its checkpoint; a checkpoint without one (an older file) makes
     * the resumed state itself the reference.
     *
     * @param c the checkpoint resumed from
     * @param model the model, holding the checkpoint's parameters
     */
    void resume(Checkpoint c, KahlerMetricModel model) {
        if (c.reference.nonPositive() >= 0) {
            reference = c.reference;
            return;
        }
        Map<String, Double> o = observe(model, c.epoch);
        reference = new Reference(o.getOrDefault("loss", Double.NaN), lastNonPositive);
        mostNonPositive = 0;
        firstNonPositiveEpoch = -1;
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
            if (bad > 0 && firstNonPositiveEpoch < 0) {
                firstNonPositiveEpoch = epoch;
            }
            losses.observe(losses.context(model, validation, g), o);
            if (reference == null) {
                reference = new Reference(o.getOrDefault("loss", Double.NaN), bad);
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

    /**
     * "; warning: the initial metric is not positive definite …" when the run started with such validation points,
     * and "; warning: the metric is not positive definite …" when it ever had them; else "".
     */
    String positivityWarning() {
        String start = "";
        int r = reference().nonPositive();
        if (r > 0) {
            start = "; warning: the initial metric is not positive definite at " + r + " of " + validation.size()
                    + " validation points (this ansatz does not keep g positive definite; the run counts as diverged"
                    + " when that number grows by more than " + Math.max(1, (int) Math.ceil(NON_POSITIVE_GROWTH
                    * validation.size())) + ")";
        }
        if (mostNonPositive == 0) {
            return start;
        }
        return start + "; warning: the metric is not positive definite at up to " + mostNonPositive + " of "
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
