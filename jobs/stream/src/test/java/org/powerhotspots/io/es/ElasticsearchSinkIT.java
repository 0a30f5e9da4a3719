package org.powerhotspots.io.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.powerhotspots.elasticsearch.ElasticsearchClients;
import org.powerhotspots.testing.ElasticsearchExtension;

/** The Elasticsearch sink and index setup against a real Elasticsearch, in a Flink MiniCluster of parallelism 2. */
@ExtendWith(ElasticsearchExtension.class)
class ElasticsearchSinkIT {
    private static final int PARALLELISM = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .build());

    private RestClient client;

    @BeforeEach
    void connect() {
        client = ElasticsearchClients.restClient(connection());
    }

    @AfterEach
    void disconnect() throws IOException {
        client.close();
    }

    @Test
    void indexSetupTwiceLeavesOneIndexPerAliasWithTheTemplateMapping() throws Exception {
        String prefix = "it-setup-twice-";
        deleteIndices(prefix);
        new IndexSetup(client, prefix, null).run();
        new IndexSetup(client, prefix, null).run();
        for (String alias : IndexSetup.ALIASES) {
            JsonNode aliases = get("/_alias/" + prefix + alias);
            assertEquals(List.of(prefix + alias + "-v1"), fieldNames(aliases), alias);
            assertEquals(1, fieldNames(get("/" + prefix + alias + "-*")).size(), "one concrete index for " + alias);
        }
        JsonNode mapping = get("/" + prefix + "hotspot-alerts/_mapping").elements().next().path("mappings");
        assertEquals("false", mapping.path("dynamic").asText());
        assertEquals("date", mapping.at("/properties/window_start/type").asText());
        assertEquals("geo_point", mapping.at("/properties/location/type").asText());
        assertEquals("flattened", mapping.at("/properties/rule/properties/parameters/type").asText());
        JsonNode settings = get("/" + prefix + "hotspot-alerts/_settings").elements().next().at("/settings/index");
        assertEquals("1", settings.path("number_of_shards").asText());
        assertEquals("0", settings.path("number_of_replicas").asText());
    }

    @Test
    void indexSetupFromTwoProcessesAtOnceSucceedsInBoth() throws Exception {
        String prefix = "it-setup-race-";
        deleteIndices(prefix);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    try (RestClient own = ElasticsearchClients.restClient(connection())) {
                        new IndexSetup(own, prefix, null).run();
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(); // throws if either failed
            }
        } finally {
            pool.shutdownNow();
        }
        for (String alias : IndexSetup.ALIASES) {
            assertEquals(List.of(prefix + alias + "-v1"), fieldNames(get("/_alias/" + prefix + alias)));
        }
    }

    @Test
    void jobWritesExactlyTheDocumentsItWasGiven() throws Exception {
        String prefix = "it-sink-exact-";
        deleteIndices(prefix);
        List<EsDocument> complaints = complaints(300);
        runJob(prefix, complaints);
        refresh(prefix);
        assertEquals(ids(complaints), storedIds(prefix + IndexSetup.COMPLAINTS));
        assertEquals(0, count(prefix + IndexSetup.DEADLETTERS));
        JsonNode stored = get("/" + prefix + IndexSetup.COMPLAINTS + "/_doc/c-00042").path("_source");
        assertEquals("停电三次了，什么时候恢复", stored.path("text").asText());
        assertEquals(List.of("停电", "恢复"), List.of(stored.at("/keywords/0").asText(), stored.at("/keywords/1").asText()));
    }

    @Test
    void writingTheSameDocumentsTwiceLeavesTheSameCount() throws Exception {
        String prefix = "it-sink-twice-";
        deleteIndices(prefix);
        List<EsDocument> complaints = complaints(200);
        runJob(prefix, complaints);
        runJob(prefix, complaints);
        refresh(prefix);
        assertEquals(200, count(prefix + IndexSetup.COMPLAINTS));
        assertEquals(ids(complaints), storedIds(prefix + IndexSetup.COMPLAINTS));
    }

    @Test
    void documentThatViolatesTheMappingLandsInDeadLettersAndTheRestAreWritten() throws Exception {
        String prefix = "it-sink-mapping-";
        deleteIndices(prefix);
        List<EsDocument> alerts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            alerts.add(alert("alert-" + i, "2024-07-01T08:00:00+08:00"));
        }
        alerts.add(alert("alert-bad", "yesterday evening"));
        CapturingOutlet.LETTERS.clear();
        runJob(prefix, alerts, new CapturingOutlet());
        refresh(prefix);
        assertEquals(20, count(prefix + IndexSetup.ALERTS));
        assertTrue(!storedIds(prefix + IndexSetup.ALERTS).contains("alert-bad"));
        JsonNode hits = get("/" + prefix + IndexSetup.DEADLETTERS + "/_search").at("/hits/hits");
        assertEquals(1, hits.size(), "one dead letter");
        JsonNode letter = hits.get(0).path("_source");
        assertEquals(IndexSetup.ALERTS, letter.path("source").asText());
        assertEquals("ES_REJECTED", letter.path("reason").asText());
        assertTrue(letter.path("message").asText().contains("window_start"), letter.path("message").asText());
        assertTrue(letter.path("message").asText().contains("alert-bad"), "names the document");
        assertTrue(letter.path("raw_preview").asText().contains("yesterday evening"), "keeps the document");
        assertTrue(letter.path("seen_at").asText().length() > 10);
        // The same dead letter also went to the outlet (the dead-letter topic when streaming), flushed on checkpoints.
        assertEquals(List.of(hits.get(0).path("_id").asText()),
                CapturingOutlet.LETTERS.stream().map(org.powerhotspots.records.DeadLetter::documentId).toList());
    }

    /** Keeps what the sink sends to its dead-letter outlet (the job runs in this JVM). */
    static final class CapturingOutlet implements DeadLetterOutlet {
        static final java.util.Queue<org.powerhotspots.records.DeadLetter> LETTERS =
                new java.util.concurrent.ConcurrentLinkedQueue<>();

        @Override
        public Writer open(int subtask) {
            return new Writer() {
                private final List<org.powerhotspots.records.DeadLetter> unflushed = new ArrayList<>();

                @Override
                public void write(org.powerhotspots.records.DeadLetter letter) {
                    unflushed.add(letter);
                }

                @Override
                public void flush() {
                    LETTERS.addAll(unflushed);
                    unflushed.clear();
                }

                @Override
                public void close() {}
            };
        }
    }

    private static ElasticsearchClients.Connection connection() {
        return ElasticsearchClients.Connection.of(ElasticsearchExtension.url());
    }

    /** Runs a bounded job: documents from one source task, rebalanced over two sink writers (so they are serialised). */
    private static void runJob(String prefix, List<EsDocument> documents) throws Exception {
        runJob(prefix, documents, null);
    }

    private static void runJob(String prefix, List<EsDocument> documents, DeadLetterOutlet outlet) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                org.powerhotspots.Pipeline.withoutGenericTypes());
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(500);
        EsSinkSettings settings = EsSinkSettings.defaults(connection())
                .withAliasPrefix(prefix)
                .withMaxActions(37) // several bulk requests per writer
                .withFlushIntervalMs(200);
        env.fromData(documents).setParallelism(1)
                .rebalance()
                .sinkTo(new ElasticsearchSink(settings, outlet)).name("elasticsearch").uid("elasticsearch-sink");
        env.execute("elasticsearch-sink-it");
    }

    private static List<EsDocument> complaints(int n) {
        List<EsDocument> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("c-%05d", i);
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("complaint_id", id);
            source.put("received_at", "2024-07-01T08:" + String.format("%02d", i % 60) + ":00+08:00");
            source.put("region_code", "610113");
            source.put("text", "停电三次了，什么时候恢复");
            source.put("keywords", List.of("停电", "恢复"));
            source.put("topic_confidence", 0.8);
            source.put("location", Map.of("lat", 34.2, "lon", 108.9));
            docs.add(new EsDocument(IndexSetup.COMPLAINTS, id, source));
        }
        return docs;
    }

    private static EsDocument alert(String id, String windowStart) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("alert_id", id);
        source.put("type", "COMPLAINT_SURGE");
        source.put("window_start", windowStart);
        source.put("severity_rank", 3);
        source.put("evidence", Map.of("keywords", List.of(Map.of("keyword", "停电", "count", 12))));
        source.put("rule", Map.of("name", "surge", "parameters", Map.of("threshold", 4.5, "window", "PT1H")));
        return new EsDocument(IndexSetup.ALERTS, id, source);
    }

    private static Set<String> ids(List<EsDocument> documents) {
        Set<String> ids = new HashSet<>();
        documents.forEach(d -> ids.add(d.id()));
        return ids;
    }

    /** The test Elasticsearch keeps its data between runs: start each test from none of its own indices. */
    private void deleteIndices(String prefix) throws IOException {
        Request delete = new Request("DELETE", "/" + prefix + "hotspot-*");
        delete.addParameter("ignore_unavailable", "true");
        delete.addParameter("allow_no_indices", "true");
        client.performRequest(delete);
    }

    private void refresh(String prefix) throws IOException {
        client.performRequest(new Request("POST", "/" + prefix + "hotspot-*/_refresh"));
    }

    private long count(String alias) throws IOException {
        return get("/" + alias + "/_count").path("count").asLong();
    }

    private Set<String> storedIds(String alias) throws IOException {
        Request search = new Request("GET", "/" + alias + "/_search");
        search.setJsonEntity("{\"size\":10000,\"_source\":false,\"query\":{\"match_all\":{}}}");
        Set<String> ids = new HashSet<>();
        for (JsonNode hit : read(client.performRequest(search)).at("/hits/hits")) {
            ids.add(hit.path("_id").asText());
        }
        return ids;
    }

    private JsonNode get(String path) throws IOException {
        return read(client.performRequest(new Request("GET", path)));
    }

    private static JsonNode read(Response response) throws IOException {
        try (InputStream in = response.getEntity().getContent()) {
            return JSON.readTree(in);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
