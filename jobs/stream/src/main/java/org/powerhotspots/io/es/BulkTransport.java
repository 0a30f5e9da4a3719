package org.powerhotspots.io.es;

import java.io.IOException;
import java.util.List;

/** Sends one bulk request; the seam between the buffering/retry logic and the HTTP client. */
interface BulkTransport extends AutoCloseable {

    /** The result of one bulk item: its HTTP status and, if it failed, Elasticsearch's error. */
    record ItemResult(int status, String error) {}

    /** The bulk request failed as a whole with an HTTP status (no item results). */
    final class RequestFailed extends IOException {
        private final int status;

        RequestFailed(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /**
     * Sends an NDJSON bulk body of {@code actions} actions and answers one result per action, in order.
     *
     * @throws RequestFailed when Elasticsearch answered the whole request with an error status
     * @throws IOException   when there was no answer (connection refused, reset, timed out)
     */
    List<ItemResult> send(byte[] ndjson, int actions) throws IOException;

    @Override
    void close() throws IOException;
}
