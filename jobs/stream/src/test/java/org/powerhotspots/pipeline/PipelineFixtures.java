package org.powerhotspots.pipeline;

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
     * type and some bad records (see docs/simulation.md). Returns that folder.
     */
    static Path simulateProvince(Path work) throws Exception {
        Path simulated = work.resolve("sim");
        SimulateMain.main(new String[] {"--out", simulated.toString(), "--weeks", "4", "--rate", "1200", "--seed", "11"});
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
}
