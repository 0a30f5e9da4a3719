package org.powerhotspots.io.es;

import org.powerhotspots.documents.ElasticsearchDocuments;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.powerhotspots.records.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers documents and writes them with bulk requests: retries what Elasticsearch refused for now (429, 5xx)
 * with a bounded exponential backoff (past the bound the flush fails, so Flink replays from the checkpoint),
 * and turns what it refused for good into dead letters.
 *
 * <p>Plain Java and single-threaded (the Flink writer calls it from the task thread only).
 * After {@link #flush()} returns, every document added before is either written or dead-lettered.
 */
final class BulkIndexer {
    private static final Logger LOG = LoggerFactory.getLogger(BulkIndexer.class);

    static final String ES_REJECTED = "ES_REJECTED";

    /**
     * Serialises sources; java.time values are written as ISO-8601 text. Keys are sorted so the same document always
     * gives the same bytes (a dead letter's id hashes them), whatever map the caller built it from.
     */
    /** The documents' own mapper (sorted keys, ISO times), also for the bulk metadata lines. */
    static final ObjectMapper JSON = EsDocument.JSON;

    /** Receives counts as they happen (the Flink writer feeds its metrics from this). */
    interface Listener {
        void written(int documents);

        void retried(int documents);

        void rejected(int documents);

        /** A dead letter made of a refused document, before it is indexed itself (it may be refused too). */
        default void deadLettered(DeadLetter letter) {}

        /** True when refused dead letters are also kept elsewhere (the dead-letter outlet): then none is lost. */
        default boolean keepsDeadLetters() {
            return false;
        }
    }

    /** Waits between retries; tests pass one that only records the waits. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** One buffered document, serialised once. */
    private static final class Action {
        final EsDocument document;
        final byte[] source;
        final byte[] ndjson;
        int retries;

        Action(EsDocument document, byte[] source, byte[] ndjson) {
            this.document = document;
            this.source = source;
            this.ndjson = ndjson;
        }
    }

    private final BulkTransport transport;
    private final BulkRetryPolicy policy;
    private final int maxActions;
    private final long maxBytes;
    private final String aliasPrefix;
    private final Sleeper sleeper;
    private final Listener listener;

    /**
     * Keyed by index and id: a newer version of a buffered document replaces the older one, so one flush never holds
     * two versions of a document, and a retried older version can never overwrite a newer one.
     */
    private final Map<String, Action> buffer = new LinkedHashMap<>();
    private long bufferedBytes;

    private long writtenTotal;
    private long retriedTotal;
    private long rejectedTotal;
    private long lostTotal;

    BulkIndexer(BulkTransport transport, BulkRetryPolicy policy, int maxActions, long maxBytes, String aliasPrefix,
                Sleeper sleeper, Listener listener) {
        this.transport = transport;
        this.policy = policy;
        this.maxActions = maxActions;
        this.maxBytes = maxBytes;
        this.aliasPrefix = aliasPrefix == null ? "" : aliasPrefix;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /** Buffers a document; answers true when the buffer is full and should be flushed now. */
    boolean add(EsDocument document) {
        buffer(toAction(document));
        return isFull();
    }

    private void buffer(Action action) {
        Action older = buffer.remove(action.document.index() + '\u0000' + action.document.id());
        if (older != null) {
            bufferedBytes -= older.ndjson.length;
        }
        buffer.put(action.document.index() + '\u0000' + action.document.id(), action);
        bufferedBytes += action.ndjson.length;
    }

    boolean isFull() {
        return buffer.size() >= maxActions || bufferedBytes >= maxBytes;
    }

    int buffered() {
        return buffer.size();
    }

    long writtenTotal() {
        return writtenTotal;
    }

    long retriedTotal() {
        return retriedTotal;
    }

    /** Documents refused for good (each became a dead letter, unless it was a dead letter itself). */
    long rejectedTotal() {
        return rejectedTotal;
    }

    /** Dead letters that Elasticsearch refused too: logged at ERROR, the only documents not in Elasticsearch. */
    long lostTotal() {
        return lostTotal;
    }

    /**
     * Sends everything buffered until each document is written or dead-lettered.
     *
     * @throws IOException when Elasticsearch stays unreachable, answers the whole request with an error, or keeps
     *                     refusing documents for now (429, 5xx) beyond the retry bound; the buffer is then
     *                     dropped, and Flink replays it from the last checkpoint
     */
    void flush() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        List<Action> pending = new ArrayList<>(buffer.values());
        buffer.clear();
        bufferedBytes = 0;
        flushSpentMillis = 0;
        while (!pending.isEmpty()) {
            List<Action> again = new ArrayList<>();
            List<Action> deadLetters = new ArrayList<>();
            List<String> givenUp = new ArrayList<>();
            int written = 0;
            for (List<Action> chunk : chunks(pending)) {
                List<BulkTransport.ItemResult> results = sendWithRetry(chunk);
                for (int i = 0; i < chunk.size(); i++) {
                    Action action = chunk.get(i);
                    BulkTransport.ItemResult result = results.get(i);
                    switch (policy.itemOutcome(result.status(), result.error(), action.retries)) {
                        case WRITTEN -> written++;
                        case RETRY -> {
                            action.retries++;
                            again.add(action);
                        }
                        case FAIL -> givenUp.add(action.document.index() + "/" + action.document.id() + " "
                                + describe(result));
                        case DEAD_LETTER -> {
                            String why = action.retries > 0
                                    ? "after " + action.retries + " retries: " + describe(result)
                                    : describe(result);
                            Action letter = deadLetter(action.document, action.source, why);
                            if (letter != null) {
                                deadLetters.add(letter);
                            }
                        }
                    }
                }
            }
            count(written, again.size());
            if (!givenUp.isEmpty()) {
                throw new IOException("Elasticsearch still refused " + givenUp.size() + " documents for now after "
                        + policy.maxRetries() + " retries (e.g. " + givenUp.get(0) + "); failing, so that Flink "
                        + "replays them from the last checkpoint");
            }
            if (!again.isEmpty()) {
                long wait = policy.backoffMillis(again.stream().mapToInt(a -> a.retries).max().orElse(1));
                spend(wait, again.size());
                LOG.warn("Elasticsearch refused {} documents for now (e.g. {}); retrying in {} ms",
                        again.size(), again.get(0).document.index(), wait);
                sleeper.sleep(wait);
            }
            pending = again;
            pending.addAll(deadLetters);
        }
    }

    private void count(int written, int retried) {
        if (written > 0) {
            writtenTotal += written;
            listener.written(written);
        }
        if (retried > 0) {
            retriedTotal += retried;
            listener.retried(retried);
        }
    }

    /** Time this flush has spent in requests and backoffs; bounded by the policy's maxFlushMillis. */
    private long flushSpentMillis;

    /** Accounts a backoff before it is slept; fails the flush when it would pass the flush deadline. */
    private void spend(long waitMillis, int documents) throws IOException {
        if (flushSpentMillis + waitMillis > policy.maxFlushMillis()) {
            throw new IOException("Elasticsearch did not take " + documents + " documents within "
                    + policy.maxFlushMillis() / 1000 + " s of retries; failing before the checkpoint times out, so that"
                    + " Flink replays them from the last checkpoint");
        }
        flushSpentMillis += waitMillis;
    }

    /** Sends one chunk, retrying connection failures and transient whole-request failures within the bound. */
    private List<BulkTransport.ItemResult> sendWithRetry(List<Action> chunk) throws IOException, InterruptedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Action a : chunk) {
            body.writeBytes(a.ndjson);
        }
        byte[] bytes = body.toByteArray();
        for (int failures = 1; ; failures++) {
            long sendStart = System.nanoTime();
            try {
                List<BulkTransport.ItemResult> results;
                try {
                    results = transport.send(bytes, chunk.size());
                } finally {
                    flushSpentMillis += (System.nanoTime() - sendStart) / 1_000_000;
                }
                if (results.size() != chunk.size()) {
                    throw new IOException("Elasticsearch answered " + results.size() + " bulk items for " + chunk.size());
                }
                return results;
            } catch (IOException e) {
                int status = e instanceof BulkTransport.RequestFailed f ? f.status() : 0;
                if (!policy.retryRequest(status, failures)) {
                    throw new IOException("bulk request of " + chunk.size() + " documents failed "
                            + (status == 0 ? "(no answer) " : "(HTTP " + status + ") ") + failures + " times: "
                            + e.getMessage(), e);
                }
                long wait = policy.backoffMillis(failures);
                spend(wait, chunk.size());
                LOG.warn("bulk request of {} documents failed ({}); retry {} of {} in {} ms",
                        chunk.size(), e.getMessage(), failures, policy.maxRetries(), wait);
                sleeper.sleep(wait);
            }
        }
    }

    private List<List<Action>> chunks(List<Action> actions) {
        List<List<Action>> chunks = new ArrayList<>();
        List<Action> current = new ArrayList<>();
        long bytes = 0;
        for (Action a : actions) {
            if (!current.isEmpty() && (current.size() >= maxActions || bytes + a.ndjson.length > maxBytes)) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(a);
            bytes += a.ndjson.length;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** The bulk action of a document (its source was serialised when it was made). */
    private Action toAction(EsDocument document) {
        return action(document, document.jsonBytes());
    }

    private Action action(EsDocument document, byte[] source) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("_index", aliasPrefix + document.index());
        meta.put("_id", document.id());
        // Never auto-create a concrete index named like the alias: it would have no mapping and block the alias.
        meta.put("require_alias", true);
        ByteArrayOutputStream out = new ByteArrayOutputStream(source.length + 128);
        try {
            out.writeBytes(JSON.writeValueAsBytes(Map.of("index", meta)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // strings only: cannot happen
        }
        out.write('\n');
        out.writeBytes(source);
        out.write('\n');
        return new Action(document, source, out.toByteArray());
    }

    /** The dead letter for a refused document, or null (logged) when the refused document is a dead letter. */
    private Action deadLetter(EsDocument refused, byte[] raw, String reason) {
        rejectedTotal++;
        listener.rejected(1);
        String message = "Elasticsearch rejected document " + refused.id() + " for " + refused.index() + ": " + reason;
        if (IndexSetup.DEADLETTERS.equals(refused.index())) {
            // Dead-lettering a dead letter could loop forever: it is not indexed. Every dead letter is also on the
            // dead-letter topic (or the backfill's file) when the sink has an outlet; without one it is lost here.
            if (listener.keepsDeadLetters()) {
                LOG.warn("dead letter {} not stored in Elasticsearch (it is on the dead-letter outlet): {}",
                        refused.id(), message);
            } else {
                lostTotal++;
                LOG.error("dead letter {} not stored: {}", refused.id(), message);
            }
            return null;
        }
        LOG.warn("{}", message);
        DeadLetter letter = DeadLetter.of(refused.index(), -1, -1, ES_REJECTED, message, raw);
        listener.deadLettered(letter);
        EsDocument document = new EsDocument(IndexSetup.DEADLETTERS, letter.documentId(), ElasticsearchDocuments.deadLetter(letter));
        return action(document, document.jsonBytes());
    }

    private static String describe(BulkTransport.ItemResult result) {
        return "HTTP " + result.status() + (result.error() == null ? "" : " " + result.error());
    }
}
