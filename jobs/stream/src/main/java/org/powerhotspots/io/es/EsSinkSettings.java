package org.powerhotspots.io.es;

import java.io.Serializable;
import java.util.Objects;
import org.powerhotspots.elasticsearch.ElasticsearchClients;

/**
 * Settings of the {@link ElasticsearchSink}: where to write, when to send a bulk request and how long to retry.
 *
 * @param connection       the cluster (URLs, credentials, CA)
 * @param maxActions       send a bulk request when this many documents are buffered
 * @param maxBytes         ... or when the buffered NDJSON reaches this many bytes
 * @param flushIntervalMs  ... or when the oldest buffered document has waited this long
 * @param maxRetries       retries of a document refused with 429/5xx, and of a failed connection, before giving up
 * @param initialBackoffMs the first backoff; it doubles with every retry (capped at {@link #MAX_BACKOFF_MS})
 * @param aliasPrefix      prepended to every alias, template and index name ("" in production; tests use their own)
 * @param setupIndices     whether each writer runs {@link IndexSetup} when it opens (idempotent)
 */
public record EsSinkSettings(
        ElasticsearchClients.Connection connection,
        int maxActions,
        long maxBytes,
        long flushIntervalMs,
        int maxRetries,
        long initialBackoffMs,
        String aliasPrefix,
        boolean setupIndices) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No single backoff waits longer than this. */
    public static final long MAX_BACKOFF_MS = 30_000;

    public EsSinkSettings {
        Objects.requireNonNull(connection, "connection");
        require(maxActions >= 1, "maxActions must be at least 1");
        require(maxBytes >= 1024, "maxBytes must be at least 1024");
        require(flushIntervalMs >= 1, "flushIntervalMs must be positive");
        require(maxRetries >= 0, "maxRetries must not be negative");
        require(initialBackoffMs >= 0, "initialBackoffMs must not be negative");
        aliasPrefix = aliasPrefix == null ? "" : aliasPrefix;
    }

    /** 1000 actions, 5 MB, 1 s, 8 retries from 200 ms (about 50 s of overload), no prefix, indices set up by the writers. */
    public static EsSinkSettings defaults(ElasticsearchClients.Connection connection) {
        return new EsSinkSettings(connection, 1000, 5L * 1024 * 1024, 1000, 8, 200, "", true);
    }

    public EsSinkSettings withMaxActions(int n) {
        return new EsSinkSettings(connection, n, maxBytes, flushIntervalMs, maxRetries, initialBackoffMs, aliasPrefix, setupIndices);
    }

    public EsSinkSettings withMaxBytes(long n) {
        return new EsSinkSettings(connection, maxActions, n, flushIntervalMs, maxRetries, initialBackoffMs, aliasPrefix, setupIndices);
    }

    public EsSinkSettings withFlushIntervalMs(long ms) {
        return new EsSinkSettings(connection, maxActions, maxBytes, ms, maxRetries, initialBackoffMs, aliasPrefix, setupIndices);
    }

    public EsSinkSettings withRetries(int retries, long initialBackoff) {
        return new EsSinkSettings(connection, maxActions, maxBytes, flushIntervalMs, retries, initialBackoff, aliasPrefix, setupIndices);
    }

    public EsSinkSettings withAliasPrefix(String prefix) {
        return new EsSinkSettings(connection, maxActions, maxBytes, flushIntervalMs, maxRetries, initialBackoffMs, prefix, setupIndices);
    }

    public EsSinkSettings withSetupIndices(boolean setup) {
        return new EsSinkSettings(connection, maxActions, maxBytes, flushIntervalMs, maxRetries, initialBackoffMs, aliasPrefix, setup);
    }

    /** The retry policy these settings describe. */
    public BulkRetryPolicy retryPolicy() {
        return new BulkRetryPolicy(maxRetries, initialBackoffMs, MAX_BACKOFF_MS);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
