package org.powerhotspots.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.powerhotspots.pipeline.PipelineFixtures.alertsInElasticsearch;
import static org.powerhotspots.pipeline.PipelineFixtures.countBadLines;
import static org.powerhotspots.pipeline.PipelineFixtures.distinctValidIds;
import static org.powerhotspots.pipeline.PipelineFixtures.identity;
import static org.powerhotspots.pipeline.PipelineFixtures.latestById;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.powerhotspots.HotspotJob;
import org.powerhotspots.Pipeline;
import org.powerhotspots.backfill.Backfill;
import org.powerhotspots.config.HotspotConfig;
import org.powerhotspots.detect.AlertType;
import org.powerhotspots.detect.HotspotAlert;
import org.powerhotspots.functions.EventTimeWatermarks;
import org.powerhotspots.elasticsearch.ElasticsearchClients;
import org.powerhotspots.io.KafkaIO;
import org.powerhotspots.decode.RecordDecoder;
import org.powerhotspots.io.es.ElasticsearchSink;
import org.powerhotspots.io.es.IndexSetup;
import org.powerhotspots.schema.Alert;
import org.powerhotspots.schema.codec.RecordCodec;
import org.powerhotspots.testing.ElasticsearchExtension;
import org.powerhotspots.testing.KafkaExtension;
import org.powerhotspots.tools.ReplayToKafka;

/**
 * The streaming job end to end on a MiniCluster with the real Kafka and Elasticsearch: a simulated
 * province with incidents and bad records → alerts in Elasticsearch and on the alerts topic, dead
 * letters in their index; a failure mid-stream restores from a checkpoint without changing alert ids
 * or duplicating documents; and the batch backfill of the same input gives the same alerts.
 */
@ExtendWith({KafkaExtension.class, ElasticsearchExtension.class})
class StreamingPipelineIT {
    private static final String PREFIX = "it-stream-";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK = PipelineFixtures.miniCluster();

    @TempDir
    static Path work;
    static Path simulated;

    @BeforeAll
    static void simulateAProvince() throws Exception {
        simulated = PipelineFixtures.simulateProvince(work);
    }

    @Test
    void streamingJobWritesEveryAlertAndDocumentOnceAndMatchesTheBackfill() throws Exception {
        run(false, "hashmap");
    }

    @Test
    void failureMidStreamRestoresFromCheckpointWithSameAlertIdsAndNoDuplicates() throws Exception {
        run(true, "hashmap");
    }

    @Test
    void onRocksDbAFailureMidStreamRestoresFromAnIncrementalCheckpointWithSameAlertIds() throws Exception {
        run(true, "rocksdb");
    }

    /** The failure comes right after an alert went out past a checkpoint: at least once would send it again. */
    @Test
    void withExactlyOnceAlertsAFailureMidStreamLeavesEachEmissionOnceOnTheTopic() throws Exception {
        run(true, "hashmap", true);
    }

    private void run(boolean injectFailure, String stateBackend) throws Exception {
        run(injectFailure, stateBackend, false);
    }

    private void run(boolean injectFailure, String stateBackend, boolean exactlyOnce) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        String complaintsTopic = "complaints-" + run;
        String outagesTopic = "outages-" + run;
        String alertsTopic = "alerts-" + run;
        String deadTopic = "deadletters-" + run;
        KafkaExtension.createTopics(2, complaintsTopic, outagesTopic, alertsTopic, deadTopic);
        long sentComplaints;
        long sentOutages;
        try (KafkaProducer<byte[], byte[]> producer = ReplayToKafka.producer(KafkaExtension.bootstrapServers())) {
            sentComplaints = ReplayToKafka.replay(producer, simulated.resolve("complaints.jsonl"), complaintsTopic, true);
            sentOutages = ReplayToKafka.replay(producer, simulated.resolve("outages.jsonl"), outagesTopic, false);
            producer.flush();
        }
        long badLines = countBadLines(simulated.resolve("complaints.jsonl"), true)
                + countBadLines(simulated.resolve("outages.jsonl"), false);
        assertTrue(badLines > 0, "the simulation should include bad records");

        try (RestClient es = ElasticsearchClients.restClient(ElasticsearchClients.Connection.of(ElasticsearchExtension.url()))) {
            es.performRequest(new Request("DELETE", "/" + PREFIX + "*"));
        }
        HotspotConfig config = HotspotConfig.defaults()
                .with("kafka.bootstrap.servers", KafkaExtension.bootstrapServers())
                .with("kafka.topic.complaints", complaintsTopic)
                .with("kafka.topic.outages", outagesTopic)
                .with("kafka.topic.alerts", alertsTopic)
                .with("kafka.topic.deadletters", deadTopic)
                .with("kafka.group.id", "it-" + run)
                .with("elasticsearch.urls", ElasticsearchExtension.url())
                .with("elasticsearch.alias-prefix", PREFIX)
                .with("elasticsearch.flush-interval", "200ms")
                .with("kafka.alerts.delivery", exactlyOnce ? "exactly-once" : "at-least-once")
                .with("kafka.transactional-id-prefix", "it-stream-" + run);

        // --- streaming, with one injected failure after a checkpoint
        FailOnceAlertSink.reset();
        if (!injectFailure) {
            FailOnceAlertSink.FAILED.set(true);
        }
        // The product's own environment (restart strategy, checkpoint retention, state backend), faster.
        StreamExecutionEnvironment env = HotspotJob.environment(config
                .with("job.checkpoint-dir", work.resolve("checkpoints-" + run).toUri().toString())
                .with("job.checkpoint-interval", injectFailure ? "500ms" : "10s")
                .with("job.restart.initial-backoff", "200ms")
                .with("job.state-backend", stateBackend));
        IndexSetup.run(config.elasticsearch(), PREFIX);
        Pipeline.Inputs inputs = new Pipeline.Inputs(
                KafkaIO.source(config, KafkaIO.Kind.COMPLAINT, true),
                KafkaIO.source(config, KafkaIO.Kind.OUTAGE, true),
                EventTimeWatermarks.strategy(config.duration("job.out-of-orderness"), config.duration("job.idleness")));
        Pipeline.Outputs outputs = new Pipeline.Outputs()
                .alertsTo(KafkaIO.alertSink(config))
                .alertsTo(new FailOnceAlertSink())
                .deadLettersTo(KafkaIO.deadLetterSink(config))
                .documentsTo(new ElasticsearchSink(HotspotJob.esSettings(config), KafkaIO.deadLetterOutlet(config)));
        new Pipeline(config, inputs, outputs).build(env);
        env.execute("streaming pipeline IT");

        if (injectFailure) {
            assertTrue(FailOnceAlertSink.FAILED.get(), "the injected failure should have happened");
            assertTrue(FailOnceAlertSink.CHECKPOINTS_BEFORE_FAILURE.get() >= 2, "the failure came after a completed checkpoint");
        }

        Map<String, JsonNode> inElasticsearch = alertsInElasticsearch(PREFIX);
        Set<AlertType> types = inElasticsearch.values().stream()
                .map(a -> AlertType.valueOf(a.path("type").asText())).collect(Collectors.toSet());
        Map<AlertType, Long> emitted = FailOnceAlertSink.RECEIVED.stream()
                .collect(Collectors.groupingBy(HotspotAlert::type, Collectors.counting()));
        String diagnosis = "types in Elasticsearch: " + types + "; emitted to the test sink: " + emitted
                + "; dead letters by reason: " + deadLetterReasons();
        assertEquals(Set.of(AlertType.values()), types, diagnosis);

        // The alerts topic carries every emission; its distinct ids are the documents in Elasticsearch.
        List<String> emissions = PipelineFixtures.emissionsOnTopic(alertsTopic);
        Set<String> onTopic = emissions.stream().map(e -> e.substring(0, e.indexOf('|'))).collect(Collectors.toSet());
        if (!injectFailure) {
            assertEquals(new HashSet<>(emissions).size(), emissions.size(), "without a failure, every emission once");
        }
        if (exactlyOnce) {
            PipelineFixtures.assertEachEmissionOnceAndInOrder(emissions);
        } else if (injectFailure) {
            System.err.printf("StreamingPipelineIT: at least once, %d of %d emissions on the topic were sent again%n",
                    emissions.size() - new HashSet<>(emissions).size(), emissions.size());
        }
        assertFalse(onTopic.isEmpty(), "alerts on the Kafka alerts topic");
        assertEquals(inElasticsearch.keySet(), onTopic, "the alerts topic and Elasticsearch hold the same alerts");

        // No duplicate documents after the restore: one document per complaint id, per alert id.
        long validComplaints = sentComplaints - countBadLines(simulated.resolve("complaints.jsonl"), true);
        assertEquals(distinctValidIds(simulated.resolve("complaints.jsonl"), true), count(PREFIX + "hotspot-complaints"),
                () -> "complaint documents; missing: " + missingComplaints() + "; dead letters: " + reasonsOrError()
                        + "; Kafka offsets of " + complaintsTopic + ": " + offsets(complaintsTopic));
        assertTrue(validComplaints >= count(PREFIX + "hotspot-complaints"));
        assertEquals(distinctValidIds(simulated.resolve("outages.jsonl"), false), count(PREFIX + "hotspot-outages"));
        // Every bad record is a dead letter, once; a record later than the allowed lateness is one too (LATE).
        assertEquals(badLines, count(PREFIX + "hotspot-deadletters") - countLate(), "every bad record is a dead letter, once");
        assertTrue(sentOutages > 0);

        // --- the backfill of the same files, into the same indices: same alerts, nothing duplicated
        long complaintDocs = count(PREFIX + "hotspot-complaints");
        long outageDocs = count(PREFIX + "hotspot-outages");
        Path alertsOut = work.resolve("backfill-alerts.jsonl");
        Backfill.Summary summary = backfill(alertsOut);
        assertEquals(badLines, summary.deadLettered());
        Map<String, String> batch = latestById(Files.readAllLines(alertsOut));
        Map<String, String> streaming = new TreeMap<>();
        inElasticsearch.forEach((id, a) -> streaming.put(id, identity(a)));
        assertEquals(streaming, new TreeMap<>(batch), "backfill and streaming give the same alerts");
        assertEquals(inElasticsearch.keySet(), alertsInElasticsearch(PREFIX).keySet(), "the backfill overwrote, not added");
        assertEquals(complaintDocs, count(PREFIX + "hotspot-complaints"));
        assertEquals(outageDocs, count(PREFIX + "hotspot-outages"));

        // --- and the same backfill again leaves identical documents
        long deadDocs = count(PREFIX + "hotspot-deadletters");
        Map<String, JsonNode> before = alertsInElasticsearch(PREFIX);
        backfill(work.resolve("backfill-alerts-2.jsonl"));
        assertEquals(Files.readAllLines(alertsOut), Files.readAllLines(work.resolve("backfill-alerts-2.jsonl")));
        Map<String, JsonNode> after = alertsInElasticsearch(PREFIX);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((id, doc) -> assertEquals(doc.toString(), after.get(id).toString(), "alert " + id + " rewritten differently"));
        assertEquals(complaintDocs, count(PREFIX + "hotspot-complaints"));
        assertEquals(deadDocs, count(PREFIX + "hotspot-deadletters"));
    }

    private static Backfill.Summary backfill(Path alertsOut) throws Exception {
        Backfill.Options options = new Backfill.Options();
        options.complaints = simulated.resolve("complaints.jsonl");
        options.outages = simulated.resolve("outages.jsonl");
        options.alertsOut = alertsOut;
        options.deadLettersOut = alertsOut.resolveSibling(alertsOut.getFileName() + ".deadletters");
        options.es = ElasticsearchExtension.url();
        options.flags.put("elasticsearch.alias-prefix", PREFIX);
        options.quiet = true;
        return Backfill.run(options, new PrintStream(System.err, true, StandardCharsets.UTF_8));
    }




    /** Which valid complaints have no document, with their file line and event time (for a failure's message). */
    private static String missingComplaints() {
        try {
            Set<String> present = new HashSet<>();
            try (RestClient es = ElasticsearchClients.restClient(ElasticsearchClients.Connection.of(ElasticsearchExtension.url()))) {
                String after = null;
                while (true) {
                    Request r = new Request("POST", "/" + PREFIX + "hotspot-complaints/_search");
                    r.setJsonEntity("{\"size\":10000,\"_source\":false,\"sort\":[{\"complaint_id\":\"asc\"}]"
                            + (after == null ? "" : ",\"search_after\":[" + JSON.writeValueAsString(after) + "]") + "}");
                    JsonNode hits;
                    try (InputStream in = es.performRequest(r).getEntity().getContent()) {
                        hits = JSON.readTree(in).path("hits").path("hits");
                    }
                    if (hits.isEmpty()) {
                        break;
                    }
                    for (JsonNode h : hits) {
                        present.add(h.path("_id").asText());
                    }
                    after = hits.get(hits.size() - 1).path("sort").get(0).asText();
                }
            }
            RecordDecoder decoder = new RecordDecoder();
            List<String> lines = Files.readAllLines(simulated.resolve("complaints.jsonl"));
            StringBuilder missing = new StringBuilder();
            int n = 0;
            for (int i = 0; i < lines.size(); i++) {
                var d = decoder.complaintFromJson(lines.get(i), new RecordDecoder.Origin("f", -1, i));
                if (!d.isDead() && !present.contains(d.complaint.complaintId)) {
                    if (n++ < 30) {
                        missing.append("\n  line ").append(i + 1).append(' ').append(d.complaint.complaintId)
                                .append(" at ").append(java.time.Instant.ofEpochMilli(d.complaint.receivedAt));
                    }
                }
            }
            return n + " of " + lines.size() + " lines" + missing;
        } catch (Exception e) {
            return "(could not list: " + e + ")";
        }
    }

    /** Each partition's first and end offset: a first offset above 0 means the broker deleted records. */
    private static String offsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", KafkaExtension.bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            return "first " + consumer.beginningOffsets(partitions) + ", end " + consumer.endOffsets(partitions);
        } catch (Exception e) {
            return "(" + e + ")";
        }
    }

    private static String reasonsOrError() {
        try {
            return deadLetterReasons();
        } catch (Exception e) {
            return "(" + e + ")";
        }
    }

    private static long countLate() throws Exception {
        return ElasticsearchExtension.count(PREFIX + "hotspot-deadletters", "{\"term\":{\"reason\":\"LATE\"}}");
    }

    private static String deadLetterReasons() throws Exception {
        try (RestClient es = ElasticsearchClients.restClient(ElasticsearchClients.Connection.of(ElasticsearchExtension.url()))) {
            Request r = new Request("POST", "/" + PREFIX + "hotspot-deadletters/_search");
            r.setJsonEntity("{\"size\":0,\"aggs\":{\"r\":{\"terms\":{\"field\":\"reason\"}},\"s\":{\"terms\":{\"field\":\"source\"}}}}");
            try (InputStream in = es.performRequest(r).getEntity().getContent()) {
                return JSON.readTree(in).path("aggregations").toString();
            }
        }
    }

    private static long count(String index) throws Exception {
        return ElasticsearchExtension.count(index, null);
    }



}
