package org.powerhotspots.pipeline;

import org.powerhotspots.testing.KafkaExtension;
import org.powerhotspots.schema.codec.RecordCodec;
import org.powerhotspots.schema.Alert;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.util.Properties;
import java.util.ArrayList;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.powerhotspots.decode.RecordDecoder;
import org.powerhotspots.elasticsearch.ElasticsearchClients;
import org.powerhotspots.testing.ElasticsearchExtension;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.powerhotspots.sim.SimulateMain;

/** What the pipeline ITs share: one simulated province and a MiniCluster of two slots. */
final class PipelineFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private PipelineFixtures() {}

    static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());
    }

    /**
     * Simulates four weeks of a province into {@code work}/sim: two of warm-up, then incidents of every
     * type, new complaint themes among them ({@code --emerging}), and some bad records (see docs/simulation.md).
     * Returns that folder.
     */
    static Path simulateProvince(Path work) throws Exception {
        Path simulated = work.resolve("sim");
        SimulateMain.main(new String[] {"--out", simulated.toString(), "--weeks", "4", "--rate", "1200", "--seed", "11",
            "--emerging"});
        return simulated;
    }

    /** What must agree between streaming and backfill for one alert. */
    static String identity(JsonNode a) {
        return String.join("|", a.path("type").asText(), a.path("status").asText(), a.path("region_code").asText(),
                a.path("region_level").asText(), a.path("station_area_id").asText(), a.path("feeder_id").asText(),
                a.path("topic").asText(), a.path("window_start").asText(), a.path("window_end").asText(),
                a.path("detected_at").asText());
    }
    static Map<String, String> latestById(List<String> lines) throws Exception {
        Map<String, String> latest = new HashMap<>();
        for (String line : lines) {
            JsonNode a = JSON.readTree(line);
            latest.put(a.path("alert_id").asText(), identity(a)); // lines are in emission order
        }
        return latest;
    }
    static Map<String, JsonNode> alertsInElasticsearch(String prefix) throws Exception {
        try (RestClient es = ElasticsearchClients.restClient(ElasticsearchClients.Connection.of(ElasticsearchExtension.url()))) {
            es.performRequest(new Request("POST", "/" + prefix + "hotspot-*/_refresh"));
            Request search = new Request("POST", "/" + prefix + "hotspot-alerts/_search");
            search.setJsonEntity("{\"size\":10000}");
            JsonNode hits;
            try (InputStream in = es.performRequest(search).getEntity().getContent()) {
                hits = JSON.readTree(in).path("hits").path("hits");
            }
            Map<String, JsonNode> byId = new HashMap<>();
            for (JsonNode h : hits) {
                assertEquals(h.path("_id").asText(), h.path("_source").path("alert_id").asText());
                byId.put(h.path("_id").asText(), h.path("_source"));
            }
            return byId;
        }
    }
    static long countBadLines(Path file, boolean complaints) throws Exception {
        RecordDecoder decoder = new RecordDecoder();
        long bad = 0;
        long n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            RecordDecoder.Origin o = new RecordDecoder.Origin("f", -1, n);
            if ((complaints ? decoder.complaintFromJson(line, o) : decoder.outageFromJson(line, o)).isDead()) {
                bad++;
            }
        }
        return bad;
    }
    static long distinctValidIds(Path file, boolean complaints) throws Exception {
        RecordDecoder decoder = new RecordDecoder();
        Set<String> ids = new HashSet<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            var d = complaints ? decoder.complaintFromJson(line, new RecordDecoder.Origin("f", -1, 0))
                    : decoder.outageFromJson(line, new RecordDecoder.Origin("f", -1, 0));
            if (!d.isDead()) {
                ids.add(complaints ? d.complaint.complaintId : d.outage.outageId);
            }
        }
        return ids.size();
    }
    /** Every alert emission on the topic (read committed), as "alert_id|status|window_end", in offset order per partition. */
    static List<String> emissionsOnTopic(String topic) {
        return emissionsOnTopic(KafkaExtension.bootstrapServers(), topic);
    }

    static List<String> emissionsOnTopic(String bootstrap, String topic) {
        RecordCodec<Alert> codec = RecordCodec.alerts();
        List<String> ids = new ArrayList<>();
        Properties p = new Properties();
        p.putAll(Map.of("bootstrap.servers", bootstrap, "group.id", "read-" + topic,
                "auto.offset.reset", "earliest", "isolation.level", "read_committed"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // Read every partition from its start to its end offset: no group join to wait for.
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("could not read the alerts topic to its end");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        Alert a = codec.decode(r.value());
                        assertEquals(a.getAlertId(), new String(r.key(), StandardCharsets.UTF_8), "keyed by alert_id");
                        ids.add(a.getAlertId() + "|" + a.getStatus() + "|" + a.getWindowEnd());
                    } catch (Exception e) {
                        throw new AssertionError("undecodable alert on the topic", e);
                    }
                }
            }
        }
        return ids;
    }

    /**
     * Fails unless every emission is on the topic once and each alert's emissions come in order (keyed by id, an
     * alert's emissions share a partition): what exactly-once delivery promises a read_committed consumer.
     */
    static void assertEachEmissionOnceAndInOrder(List<String> emissions) {
        assertEquals(new HashSet<>(emissions).size(), emissions.size(), "an emission seen twice on the alerts topic");
        Map<String, java.time.Instant> lastEnd = new HashMap<>();
        for (String e : emissions) {
            String[] f = e.split("\\|");
            java.time.Instant end = java.time.Instant.parse(f[2]);
            java.time.Instant before = lastEnd.put(f[0], end);
            if (before != null && before.isAfter(end)) {
                throw new AssertionError("alert " + f[0] + " went back in time on the topic: " + before + " then " + end);
            }
        }
    }
}
