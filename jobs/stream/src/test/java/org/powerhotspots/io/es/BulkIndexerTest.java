package org.powerhotspots.io.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkIndexerTest {

    /** One action as the fake cluster received it. */
    record Received(String index, String id, boolean requireAlias, JsonNode source) {}

    /** Answers bulk items with statuses chosen per action; records requests. */
    static final class FakeCluster implements BulkTransport {
        interface Answer {
            BulkTransport.ItemResult answer(Received action, int timesSeen) throws IOException;
        }

        final List<List<Received>> requests = new ArrayList<>();
        final Map<String, Integer> seen = new HashMap<>();
        final Map<String, Received> stored = new HashMap<>();
        Answer answer = (a, n) -> new ItemResult(201, null);

        @Override
        public List<ItemResult> send(byte[] ndjson, int actions) throws IOException {
            String[] lines = new String(ndjson, StandardCharsets.UTF_8).split("\n");
            assertEquals(2 * actions, lines.length, "one meta and one source line per action");
            List<Received> request = new ArrayList<>();
            List<ItemResult> results = new ArrayList<>();
            for (int i = 0; i < lines.length; i += 2) {
                JsonNode meta = BulkIndexer.JSON.readTree(lines[i]).get("index");
                Received r = new Received(meta.get("_index").asText(), meta.get("_id").asText(),
                        meta.path("require_alias").asBoolean(false), BulkIndexer.JSON.readTree(lines[i + 1]));
                request.add(r);
                int n = seen.merge(r.index() + "/" + r.id(), 1, Integer::sum);
                ItemResult result = answer.answer(r, n);
                if (result.status() < 300) {
                    stored.put(r.index() + "/" + r.id(), r);
                }
                results.add(result);
            }
            requests.add(request);
            return results;
        }

        @Override
        public void close() {}
    }

    final FakeCluster cluster = new FakeCluster();
    final List<Long> sleeps = new ArrayList<>();
    final long[] counts = new long[3];

    BulkIndexer indexer(int maxActions, long maxBytes, String prefix) {
        return new BulkIndexer(cluster, new BulkRetryPolicy(3, 200, 30_000), maxActions, maxBytes, prefix,
                sleeps::add, new BulkIndexer.Listener() {
                    public void written(int n) { counts[0] += n; }
                    public void retried(int n) { counts[1] += n; }
                    public void rejected(int n) { counts[2] += n; }
                });
    }

    static EsDocument alert(int i) {
        return new EsDocument(IndexSetup.ALERTS, "alert-" + i,
                Map.of("alert_id", "alert-" + i, "region_code", "610113", "score", 4.5));
    }

    @Test
    void bufferedDocumentsGoOutInOneBulkWithTheirIdsBehindTheAlias() throws Exception {
        BulkIndexer indexer = indexer(1000, 5_000_000, "it-");
        for (int i = 0; i < 3; i++) {
            assertFalse(indexer.add(alert(i)));
        }
        assertTrue(cluster.requests.isEmpty(), "nothing is sent before a flush");
        indexer.flush();
        assertEquals(1, cluster.requests.size());
        Received first = cluster.requests.get(0).get(0);
        assertEquals("it-hotspot-alerts", first.index());
        assertEquals("alert-0", first.id());
        assertTrue(first.requireAlias(), "a missing alias must not auto-create an unmapped index");
        assertEquals("610113", first.source().get("region_code").asText());
        assertEquals(3, indexer.writtenTotal());
        assertEquals(3, counts[0]);
        assertEquals(0, indexer.buffered());
    }

    @Test
    void bufferIsFullAtMaxActionsOrMaxBytes() {
        BulkIndexer byCount = indexer(2, 5_000_000, "");
        assertFalse(byCount.add(alert(1)));
        assertTrue(byCount.add(alert(2)));

        BulkIndexer byBytes = indexer(1000, 1024, "");
        String big = "停电".repeat(400);
        assertTrue(byBytes.add(new EsDocument(IndexSetup.COMPLAINTS, "c1", Map.of("text", big))));
    }

    @Test
    void largeBuffersAreSplitIntoRequestsOfAtMostMaxActions() throws Exception {
        BulkIndexer indexer = indexer(4, 5_000_000, "");
        // The caller may add past "full" (the writer flushes right away, but dead letters join later rounds).
        for (int i = 0; i < 10; i++) {
            indexer.add(alert(i));
        }
        indexer.flush();
        assertEquals(List.of(4, 4, 2), cluster.requests.stream().map(List::size).toList());
        assertEquals(10, cluster.stored.size());
    }

    @Test
    void overloadedItemIsRetriedWithBackoffAndThenWritten() throws Exception {
        cluster.answer = (a, n) -> a.id().equals("alert-1") && n <= 2
                ? new BulkTransport.ItemResult(429, "es_rejected_execution_exception: queue full")
                : new BulkTransport.ItemResult(201, null);
        BulkIndexer indexer = indexer(1000, 5_000_000, "");
        indexer.add(alert(0));
        indexer.add(alert(1));
        indexer.flush();
        assertEquals(List.of(200L, 400L), sleeps);
        assertEquals(List.of(2, 1, 1), cluster.requests.stream().map(List::size).toList(),
                "only the refused item is sent again");
        assertEquals(2, indexer.writtenTotal());
        assertEquals(2, indexer.retriedTotal());
        assertEquals(0, indexer.rejectedTotal());
    }

    @Test
    void newerVersionOfADocumentWinsEvenWhenTheClusterIsOverloaded() throws Exception {
        cluster.answer = (a, n) -> n == 1
                ? new BulkTransport.ItemResult(429, "es_rejected_execution_exception: queue full")
                : new BulkTransport.ItemResult(200, null);
        BulkIndexer indexer = indexer(1000, 5_000_000, "");
        indexer.add(new EsDocument(IndexSetup.ALERTS, "alert-1", Map.of("status", "OPEN")));
        indexer.add(new EsDocument(IndexSetup.ALERTS, "alert-1", Map.of("status", "UPDATED")));
        assertEquals(1, indexer.buffered(), "the newer version replaces the buffered one");
        indexer.flush();
        assertEquals("UPDATED", cluster.stored.get("hotspot-alerts/alert-1").source().get("status").asText());
    }

    @Test
    void itemRefusedForNowBeyondTheRetryBoundFailsTheFlushAndIsNotDeadLettered() throws Exception {
        // Overload is not bad data: a dead letter would lose a good document; failing makes Flink replay it.
        cluster.answer = (a, n) -> a.id().equals("alert-7")
                ? new BulkTransport.ItemResult(503, "unavailable_shards_exception: primary shard is not active")
                : new BulkTransport.ItemResult(201, null);
        BulkIndexer indexer = indexer(1000, 5_000_000, "");
        indexer.add(alert(7));
        indexer.add(alert(8));
        IOException failure = assertThrows(IOException.class, indexer::flush);
        assertTrue(failure.getMessage().contains("alert-7"), failure.getMessage());
        assertTrue(failure.getMessage().contains("after 3 retries"), failure.getMessage());
        assertEquals(4, cluster.seen.get("hotspot-alerts/alert-7"), "the first try and 3 retries");
        assertEquals(List.of(200L, 400L, 800L), sleeps);
        assertTrue(cluster.stored.containsKey("hotspot-alerts/alert-8"), "the accepted document was written");
        assertTrue(cluster.stored.keySet().stream().noneMatch(k -> k.startsWith(IndexSetup.DEADLETTERS)),
                "no dead letter for a document refused only for now");
        assertEquals(0, indexer.rejectedTotal());
        assertEquals(1, indexer.writtenTotal());
    }

    @Test
    void mappingErrorGoesToDeadLettersAtOnceAndTheOthersAreWritten() throws Exception {
        String esError = "document_parsing_exception: [1:40] failed to parse field [window_start] of type [date]";
        cluster.answer = (a, n) -> a.id().equals("alert-1")
                ? new BulkTransport.ItemResult(400, esError)
                : new BulkTransport.ItemResult(201, null);
        BulkIndexer indexer = indexer(1000, 5_000_000, "");
        for (int i = 0; i < 3; i++) {
            indexer.add(alert(i));
        }
        indexer.flush();
        assertTrue(sleeps.isEmpty(), "a mapping error is not retried");
        assertEquals(1, cluster.seen.get("hotspot-alerts/alert-1"));
        assertNotNull(cluster.stored.get("hotspot-alerts/alert-0"));
        assertNotNull(cluster.stored.get("hotspot-alerts/alert-2"));
        Received letter = onlyDeadLetter();
        assertEquals(IndexSetup.ALERTS, letter.source().get("source").asText());
        assertEquals("ES_REJECTED", letter.source().get("reason").asText());
        assertTrue(letter.source().get("message").asText().contains("window_start"), "the message names the field");
        String raw = new String(Base64.getDecoder().decode(letter.source().get("raw_base64").asText()), StandardCharsets.UTF_8);
        assertEquals("alert-1", BulkIndexer.JSON.readTree(raw).get("alert_id").asText(), "raw is the document JSON");
        assertEquals(3, indexer.writtenTotal(), "two alerts and the dead letter");
        assertEquals(1, indexer.rejectedTotal());
        assertEquals(1, counts[2]);
    }

    @Test
    void aDeadLetterRefusedByElasticsearchToo_IsKeptByTheOutletAndNothingIsLost() throws Exception {
        // Elasticsearch refuses the alert, then the dead letter made of it as well.
        cluster.answer = (a, n) -> a.id().equals("alert-1") || a.index().endsWith(IndexSetup.DEADLETTERS)
                ? new BulkTransport.ItemResult(400, "document_parsing_exception: refused")
                : new BulkTransport.ItemResult(201, null);
        List<org.powerhotspots.records.DeadLetter> outlet = new ArrayList<>();
        BulkIndexer withOutlet = new BulkIndexer(cluster, new BulkRetryPolicy(3, 200, 30_000), 1000, 5_000_000, "",
                sleeps::add, new BulkIndexer.Listener() {
                    public void written(int n) { counts[0] += n; }
                    public void retried(int n) { counts[1] += n; }
                    public void rejected(int n) { counts[2] += n; }
                    public void deadLettered(org.powerhotspots.records.DeadLetter letter) { outlet.add(letter); }
                    public boolean keepsDeadLetters() { return true; }
                });
        withOutlet.add(alert(0));
        withOutlet.add(alert(1));
        withOutlet.flush();
        assertEquals(1, outlet.size(), "the refused alert's dead letter reached the outlet");
        assertEquals("ES_REJECTED", outlet.get(0).reason);
        assertEquals(IndexSetup.ALERTS, outlet.get(0).source);
        assertTrue(cluster.stored.keySet().stream().noneMatch(k -> k.startsWith(IndexSetup.DEADLETTERS)),
                "Elasticsearch refused the dead letter");
        assertEquals(0, withOutlet.lostTotal(), "kept by the outlet: not lost");

        // Without an outlet the same refusal is counted as lost (and logged at ERROR).
        BulkIndexer without = indexer(1000, 5_000_000, "");
        without.add(alert(1));
        without.flush();
        assertEquals(1, without.lostTotal());
    }

    @Test
    void theSameRejectedDocumentGivesTheSameDeadLetterId() throws Exception {
        cluster.answer = (a, n) -> a.index().equals(IndexSetup.ALERTS)
                ? new BulkTransport.ItemResult(400, "mapper_parsing_exception: bad")
                : new BulkTransport.ItemResult(201, null);
        BulkIndexer indexer = indexer(1000, 5_000_000, "");
        indexer.add(alert(1));
        indexer.flush();
        indexer.add(alert(1));
        indexer.flush();
        assertEquals(1, cluster.stored.keySet().stream().filter(k -> k.startsWith(IndexSetup.DEADLETTERS)).count());
    }

    @Test
    void aRefusedDeadLetterIsNotDeadLetteredAgain() throws Exception {
        cluster.answer = (a, n) -> new BulkTransport.ItemResult(400, "mapper_parsing_exception: everything is wrong");
        BulkIndexer indexer = indexer(1000, 5_000_000, "");
        indexer.add(alert(1));
        indexer.flush();
        assertEquals(2, cluster.requests.size(), "the alert, then its dead letter, then nothing more");
        assertEquals(1, indexer.lostTotal());
        assertEquals(2, indexer.rejectedTotal());
    }

    @Test
    void connectionFailuresAreRetriedAndThenFailTheFlush() {
        int[] calls = {0};
        BulkTransport down = new BulkTransport() {
            @Override
            public List<ItemResult> send(byte[] ndjson, int actions) throws IOException {
                calls[0]++;
                throw new java.net.ConnectException("Connection refused");
            }

            @Override
            public void close() {}
        };
        BulkIndexer indexer = new BulkIndexer(down, new BulkRetryPolicy(3, 200, 30_000), 1000, 5_000_000, "",
                sleeps::add, new BulkIndexer.Listener() {
                    public void written(int n) {}
                    public void retried(int n) {}
                    public void rejected(int n) {}
                });
        indexer.add(alert(1));
        IOException e = assertThrows(IOException.class, indexer::flush);
        assertTrue(e.getMessage().contains("4 times"), e.getMessage());
        assertEquals(4, calls[0]);
        assertEquals(List.of(200L, 400L, 800L), sleeps);
    }

    @Test
    void connectionThatComesBackIsUsedWithoutLosingDocuments() throws Exception {
        int[] calls = {0};
        BulkTransport flaky = new BulkTransport() {
            @Override
            public List<ItemResult> send(byte[] ndjson, int actions) throws IOException {
                if (++calls[0] == 1) {
                    throw new java.net.SocketTimeoutException("read timed out");
                }
                return cluster.send(ndjson, actions);
            }

            @Override
            public void close() {}
        };
        BulkIndexer indexer = new BulkIndexer(flaky, new BulkRetryPolicy(3, 200, 30_000), 1000, 5_000_000, "",
                sleeps::add, new BulkIndexer.Listener() {
                    public void written(int n) {}
                    public void retried(int n) {}
                    public void rejected(int n) {}
                });
        indexer.add(alert(1));
        indexer.add(alert(2));
        indexer.flush();
        assertEquals(2, cluster.stored.size());
        assertEquals(List.of(200L), sleeps);
    }

    @Test
    void wholeRequestRefusedForBadCredentialsIsRetriedThenFailsTheWriterWithNothingDeadLettered() {
        BulkTransport unauthorized = new BulkTransport() {
            @Override
            public List<ItemResult> send(byte[] ndjson, int actions) throws IOException {
                throw new RequestFailed(401, "HTTP 401 security_exception");
            }

            @Override
            public void close() {}
        };
        BulkIndexer indexer = new BulkIndexer(unauthorized, new BulkRetryPolicy(3, 200, 30_000), 1000, 5_000_000, "",
                sleeps::add, new BulkIndexer.Listener() {
                    public void written(int n) {}
                    public void retried(int n) {}
                    public void rejected(int n) {}
                });
        indexer.add(alert(1));
        assertThrows(IOException.class, indexer::flush);
        // Retried with backoff (an operator may fix the credentials), then the writer fails so Flink replays.
        assertEquals(List.of(200L, 400L, 800L), sleeps);
    }

    @Test
    void aFlushThatWouldRetryPastItsDeadlineFailsBeforeTheCheckpointTimesOut() {
        BulkTransport overloaded = new BulkTransport() {
            @Override
            public List<ItemResult> send(byte[] ndjson, int actions) throws IOException {
                throw new RequestFailed(503, "HTTP 503 unavailable");
            }

            @Override
            public void close() {}
        };
        BulkIndexer indexer = new BulkIndexer(overloaded, new BulkRetryPolicy(100, 200, 30_000, 1_000), 1000, 5_000_000,
                "", sleeps::add, new BulkIndexer.Listener() {
                    public void written(int n) {}
                    public void retried(int n) {}
                    public void rejected(int n) {}
                });
        indexer.add(alert(1));
        IOException e = assertThrows(IOException.class, indexer::flush);
        assertTrue(e.getMessage().contains("within 1 s of retries"), e.getMessage());
        assertEquals(List.of(200L, 400L), sleeps, "the 800 ms backoff would pass the 1 s deadline");
    }

    @Test
    void javaTimeValuesAreWrittenAsIsoText() throws Exception {
        BulkIndexer indexer = indexer(1000, 5_000_000, "");
        indexer.add(new EsDocument(IndexSetup.ALERTS, "a", Map.of("window_start",
                OffsetDateTime.parse("2024-07-01T08:00+08:00"))));
        indexer.flush();
        assertEquals("2024-07-01T08:00+08:00",
                cluster.stored.get("hotspot-alerts/a").source().get("window_start").asText());
    }

    private Received onlyDeadLetter() {
        List<Received> letters = cluster.stored.values().stream()
                .filter(r -> r.index().equals(IndexSetup.DEADLETTERS)).toList();
        assertEquals(1, letters.size(), "one dead letter");
        return letters.get(0);
    }
}
