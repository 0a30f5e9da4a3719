package org.powerhotspots.io.es;

import java.io.Serializable;

/**
 * Decides what happens to a bulk item or a failed bulk request: written, retried after a backoff, or given up.
 *
 * <p>A refusal that is about the cluster rather than the document — overload (429), server errors (5xx),
 * a timeout (408), credentials (401), permissions (403), a missing index or alias (404), a cluster block or a
 * read-only index — is retried, and past the bound the writer fails so that Flink replays the documents from
 * the last checkpoint once the cluster is fixed: a dead letter would lose a good document. Only a refusal of
 * the document itself (400: a mapping conflict, a parse error; 409; 413) makes it a dead letter.
 */
public final class BulkRetryPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The fate of one bulk item. */
    public enum Outcome { WRITTEN, RETRY, DEAD_LETTER, FAIL }

    /**
     * The longest one flush may spend in requests and backoffs before the writer fails: well below the checkpoint
     * timeout (job.checkpoint-timeout must be longer), so a checkpoint never times out behind a writer that is
     * still retrying (per-item retries × per-request retries × socket timeouts would otherwise add up to an hour).
     */
    public static final long DEFAULT_MAX_FLUSH_MILLIS = 5 * 60_000L;

    private final int maxRetries;
    private final long initialBackoffMs;
    private final long maxBackoffMs;
    private final long maxFlushMillis;

    public BulkRetryPolicy(int maxRetries, long initialBackoffMs, long maxBackoffMs) {
        this(maxRetries, initialBackoffMs, maxBackoffMs, DEFAULT_MAX_FLUSH_MILLIS);
    }

    public BulkRetryPolicy(int maxRetries, long initialBackoffMs, long maxBackoffMs, long maxFlushMillis) {
        if (maxRetries < 0 || initialBackoffMs < 0 || maxBackoffMs < initialBackoffMs) {
            throw new IllegalArgumentException("bad retry policy: maxRetries=" + maxRetries
                    + ", initialBackoffMs=" + initialBackoffMs + ", maxBackoffMs=" + maxBackoffMs);
        }
        this.maxRetries = maxRetries;
        this.initialBackoffMs = initialBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
        this.maxFlushMillis = maxFlushMillis;
    }

    /** See {@link #DEFAULT_MAX_FLUSH_MILLIS}. */
    public long maxFlushMillis() {
        return maxFlushMillis;
    }

    public int maxRetries() {
        return maxRetries;
    }

    /**
     * Whether a refusal (of an item or of the whole request; {@code error} as "type: reason", may be null) is
     * about the cluster, not the document, so the same document may be written once the cluster is fixed.
     */
    public static boolean isAboutTheCluster(int status, String error) {
        if (status == 429 || status >= 500 || status == 408 || status == 401 || status == 403 || status == 404) {
            return true;
        }
        String e = error == null ? "" : error;
        return e.contains("cluster_block_exception") || e.contains("index_closed_exception")
                || e.contains("read_only") || e.contains("index_not_found_exception");
    }

    /** The fate of a bulk item that came back with {@code status} after it had been retried {@code retriesSoFar} times. */
    public Outcome itemOutcome(int status, int retriesSoFar) {
        return itemOutcome(status, null, retriesSoFar);
    }

    /** The same, with the item's error text (a cluster block comes as 400 or 403 with its type). */
    public Outcome itemOutcome(int status, String error, int retriesSoFar) {
        if (status >= 200 && status < 300) {
            return Outcome.WRITTEN;
        }
        if (isAboutTheCluster(status, error)) {
            return retriesSoFar < maxRetries ? Outcome.RETRY : Outcome.FAIL;
        }
        return Outcome.DEAD_LETTER;
    }

    /**
     * Whether to send a bulk request again after it failed as a whole for the {@code failures}-th time in a row:
     * a connection failure or a transient status ({@code status} 0 for no response at all).
     */
    public boolean retryRequest(int status, int failures) {
        boolean aboutTheCluster = status == 0 || isAboutTheCluster(status, null);
        return aboutTheCluster && failures <= maxRetries;
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
