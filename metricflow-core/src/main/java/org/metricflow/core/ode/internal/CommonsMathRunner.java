package org.metricflow.core.ode.internal;

import java.util.List;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.exception.MaxCountExceededException;
import org.apache.commons.math3.exception.NumberIsTooSmallException;
import org.apache.commons.math3.ode.AbstractIntegrator;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.AdaptiveStepsizeIntegrator;
import org.apache.commons.math3.ode.nonstiff.ClassicalRungeKuttaIntegrator;
import org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator;
import org.apache.commons.math3.ode.nonstiff.DormandPrince853Integrator;
import org.apache.commons.math3.ode.nonstiff.EulerIntegrator;
import org.apache.commons.math3.ode.sampling.StepHandler;
import org.apache.commons.math3.ode.sampling.StepInterpolator;
import org.metricflow.core.ode.OdeIntegrationException;
import org.metricflow.core.ode.OdeIntegrator;
import org.metricflow.core.ode.OdeSystem;
import org.metricflow.core.ode.StepListener;

/**
 * Runs one integration on a fresh Commons Math integrator: adapts {@link OdeSystem} to
 * {@link FirstOrderDifferentialEquations} (checking every derivative for NaN/∞), forwards accepted steps to the
 * listeners, samples the dense output at the requested times, and translates Commons Math exceptions into
 * {@link OdeIntegrationException}s. No Commons Math type escapes this class.
 */
public final class CommonsMathRunner {
    private CommonsMathRunner() {
    }

    /** The integrator's configuration (tolerances for the adaptive methods, step for the fixed-step ones). */
    public record Settings(OdeIntegrator.Method method, double absoluteTolerance, double relativeTolerance, double step,
            double minStep, double maxStep, double initialStep, int maxEvaluations) {
    }

    /** What the runner reports besides y(t1). */
    public record Outcome(double[][] outputStates, int steps, int evaluations) {
    }

    /**
     * Integrates; see {@code OdeIntegrator}. {@code yOut} may alias {@code y0}.
     *
     * @return the outcome of the integration
     */
    public static Outcome run(Settings settings, List<StepListener> listeners, OdeSystem system, double t0,
            double[] y0, double t1, double[] outputTimes, double[] yOut) {
        int n = y0.length;
        double[][] outputs = new double[outputTimes.length][];
        double[] start = y0.clone();
        for (StepListener l : listeners) {
            l.onStep(t0, start.clone());
        }
        int firstPending = 0;
        while (firstPending < outputTimes.length && outputTimes[firstPending] == t0) {
            outputs[firstPending++] = start.clone();
        }
        if (Math.abs(t1 - t0) <= 1e-12 * Math.max(Math.abs(t0), Math.abs(t1))) {
            for (int i = firstPending; i < outputTimes.length; i++) {
                outputs[i] = start.clone();
            }
            System.arraycopy(start, 0, yOut, 0, n);
            return new Outcome(outputs, 0, 0);
        }

        AbstractIntegrator integrator = create(settings, Math.abs(t1 - t0));
        integrator.setMaxEvaluations(settings.maxEvaluations());
        Equations equations = new Equations(system);
        Handler handler = new Handler(listeners, outputTimes, outputs, firstPending, Math.signum(t1 - t0));
        integrator.addStepHandler(handler);
        try {
            integrator.integrate(equations, t0, start, t1, yOut);
        } catch (NumberIsTooSmallException e) {
            throw new OdeIntegrationException("the step size fell below the minimum " + settings.minStep() + " near t="
                    + handler.lastTime + " (" + e.getMessage() + "); loosen the tolerances, lower the minimum step, or"
                    + " check the system for stiffness or a singularity", handler.lastTime, -1, e);
        } catch (MaxCountExceededException e) {
            throw new OdeIntegrationException("more than " + settings.maxEvaluations() + " evaluations of the"
                    + " right-hand side were needed (reached t=" + handler.lastTime + "); raise withMaxEvaluations,"
                    + " loosen the tolerances, or use a larger step", handler.lastTime, -1, e);
        } catch (MathIllegalArgumentException | MathIllegalStateException e) {
            throw new OdeIntegrationException("integration failed near t=" + handler.lastTime + ": " + e.getMessage(),
                    handler.lastTime, -1, e);
        }
        // output times equal to t1 that rounding may have left unserved
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i] == null) {
                outputs[i] = yOut.clone();
            }
        }
        return new Outcome(outputs, handler.steps, integrator.getEvaluations());
    }

    private static AbstractIntegrator create(Settings s, double span) {
        switch (s.method()) {
            case DORMAND_PRINCE_54:
            case DORMAND_PRINCE_853: {
                double maxStep = Math.min(s.maxStep(), span);
                double minStep = Math.min(s.minStep(), maxStep);
                AdaptiveStepsizeIntegrator a = s.method() == OdeIntegrator.Method.DORMAND_PRINCE_54
                        ? new DormandPrince54Integrator(minStep, maxStep, s.absoluteTolerance(), s.relativeTolerance())
                        : new DormandPrince853Integrator(minStep, maxStep, s.absoluteTolerance(),
                                s.relativeTolerance());
                if (!Double.isNaN(s.initialStep())) {
                    a.setInitialStepSize(Math.max(minStep, Math.min(s.initialStep(), maxStep)));
                }
                return a;
            }
            case RUNGE_KUTTA_4:
                return new ClassicalRungeKuttaIntegrator(s.step());
            case EULER:
                return new EulerIntegrator(s.step());
            default:
                throw new IllegalArgumentException("unknown method " + s.method());
        }
    }

    /** The right-hand side with a NaN/∞ check on every evaluation. */
    private static final class Equations implements FirstOrderDifferentialEquations {
        private final OdeSystem system;
        private final int n;

        Equations(OdeSystem system) {
            this.system = system;
            this.n = system.dimension();
        }

        @Override
        public int getDimension() {
            return n;
        }

        @Override
        public void computeDerivatives(double t, double[] y, double[] yDot) {
            system.derivatives(t, y, yDot);
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(yDot[i])) {
                    throw new OdeIntegrationException("the right-hand side returned dy/dt[" + i + "] = " + yDot[i]
                            + " at t=" + t + " (y[" + i + "] = " + y[i] + "); check the system there, or whether the"
                            + " solution blows up before t1", t, i, null);
                }
            }
        }
    }

    /** Forwards accepted steps to listeners and samples output times. */
    private static final class Handler implements StepHandler {
        private final List<StepListener> listeners;
        private final double[] outputTimes;
        private final double[][] outputs;
        private final double direction;
        private int next;
        int steps;
        double lastTime = Double.NaN;

        Handler(List<StepListener> listeners, double[] outputTimes, double[][] outputs, int next, double direction) {
            this.listeners = listeners;
            this.outputTimes = outputTimes;
            this.outputs = outputs;
            this.next = next;
            this.direction = direction;
        }

        @Override
        public void init(double t0, double[] y0, double t) {
            lastTime = t0;
        }

        @Override
        public void handleStep(StepInterpolator interpolator, boolean isLast) {
            double current = interpolator.getCurrentTime();
            while (next < outputTimes.length && direction * (outputTimes[next] - current) <= 0) {
                interpolator.setInterpolatedTime(outputTimes[next]);
                outputs[next++] = interpolator.getInterpolatedState().clone(); // the interpolator reuses its array
            }
            steps++;
            lastTime = current;
            if (!listeners.isEmpty()) {
                interpolator.setInterpolatedTime(current);
                double[] y = interpolator.getInterpolatedState();
                for (StepListener l : listeners) {
                    l.onStep(current, y);
                }
            }
        }
    }
}
