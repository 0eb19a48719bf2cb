package org.metricflow.core.autodiff.internal;

/**
 * Per-thread switch that says whether {@code Tensor} operations record graph nodes (parents and a
 * backward rule) or produce plain value holders.
 *
 * <p>The switch is a thread-local, so graphs built in different threads never interfere. Callers flip it
 * with {@link #setRecording(boolean)} and restore the previous state in a {@code finally} block.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> RECORDING = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /**
     * Whether operations on the current thread record graph nodes.
     */
    public static boolean isRecording() {
        return RECORDING.get()[0];
    }

    /**
     * Sets whether operations on the current thread record graph nodes.
     *
     * @return the previous state, to be restored by the caller
     */
    public static boolean setRecording(boolean recording) {
        boolean[] state = RECORDING.get();
        boolean previous = state[0];
        state[0] = recording;
        return previous;
    }
}
