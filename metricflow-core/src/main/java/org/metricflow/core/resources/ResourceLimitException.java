package org.metricflow.core.resources;

/**
 * A request that would exceed the memory of this JVM (or the length of a Java array): the message states what was
 * asked, the size it needs, the limit, and how to bound the request. A kind of {@link IllegalArgumentException}:
 * the request, not the machine, is at fault.
 */
public final class ResourceLimitException extends IllegalArgumentException {
    /** Version of the serialized form that {@link Throwable} requires (metricflow never serializes it). */
    private static final long serialVersionUID = 1L;

    /** The bytes the request would have needed. */
    private final long requiredBytes;

    /**
     * An exception for a request of {@code requiredBytes} bytes, with its full message.
     */
    public ResourceLimitException(String message, long requiredBytes) {
        super(message);
        this.requiredBytes = requiredBytes;
    }

    /**
     * The bytes the request would have needed ({@link Long#MAX_VALUE} if that overflows a long).
     */
    public long requiredBytes() {
        return requiredBytes;
    }
}
