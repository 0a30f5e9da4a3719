package org.powerhotspots.io.es;

import java.io.Serializable;

/**
 * Decides what happens to a bulk item or a failed bulk request: written, retried after a backoff, or given up.
 *
 * <p>Only overload (429) and server errors (5xx) are worth retrying; any other 4xx (a mapping or parse error,
 * a missing alias) fails the same way every time, so the document goes to dead letters at once. A document
 * still refused for now after the bound is not bad data: the writer fails instead, and Flink replays it from
 * the last checkpoint (a dead letter would lose a good document).
 */
public final class BulkRetryPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The fate of one bulk item. */
    public enum Outcome { WRITTEN, RETRY, DEAD_LETTER, FAIL }

    private final int maxRetries;
    private final long initialBackoffMs;
    private final long maxBackoffMs;

    public BulkRetryPolicy(int maxRetries, long initialBackoffMs, long maxBackoffMs) {
        if (maxRetries < 0 || initialBackoffMs < 0 || maxBackoffMs < initialBackoffMs) {
            throw new IllegalArgumentException("bad retry policy: maxRetries=" + maxRetries
                    + ", initialBackoffMs=" + initialBackoffMs + ", maxBackoffMs=" + maxBackoffMs);
        }
        this.maxRetries = maxRetries;
        this.initialBackoffMs = initialBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** Whether an HTTP status (of an item or of the whole request) may succeed if sent again. */
    public static boolean isTransient(int status) {
        return status == 429 || status >= 500;
    }

    /** The fate of a bulk item that came back with {@code status} after it had been retried {@code retriesSoFar} times. */
    public Outcome itemOutcome(int status, int retriesSoFar) {
        if (status >= 200 && status < 300) {
            return Outcome.WRITTEN;
        }
        if (isTransient(status)) {
            return retriesSoFar < maxRetries ? Outcome.RETRY : Outcome.FAIL;
        }
        return Outcome.DEAD_LETTER;
    }

    /**
     * Whether to send a bulk request again after it failed as a whole for the {@code failures}-th time in a row:
     * a connection failure or a transient status ({@code status} 0 for no response at all).
     */
    public boolean retryRequest(int status, int failures) {
        boolean transientFailure = status == 0 || isTransient(status);
        return transientFailure && failures <= maxRetries;
    }

    /** How long to wait before the {@code retry}-th retry (1-based): initial × 2^(retry−1), capped. */
    public long backoffMillis(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries are counted from 1");
        }
        int doublings = Math.min(retry - 1, 40);
        double ms = initialBackoffMs * Math.pow(2, doublings);
        return (long) Math.min(ms, maxBackoffMs);
    }
}
