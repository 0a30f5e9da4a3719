package org.powerhotspots.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.powerhotspots.backfill.Backfill;
import org.powerhotspots.detect.AlertType;
import org.powerhotspots.elasticsearch.ElasticsearchClients;
import org.powerhotspots.testing.ElasticsearchExtension;

/**
 * The same Pipeline over one simulated province in Flink's STREAMING and BATCH runtimes gives the same
 * alerts (ids, types, places, topics, windows, statuses); a backfill run twice into the real
 * Elasticsearch leaves identical documents; bad lines become dead letters and never stop the run.
 */
@ExtendWith(ElasticsearchExtension.class)
class BackfillParityIT {
    private static final String PREFIX = "it-backfill-";
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
    void streamingAndBatchRuntimesGiveTheSameAlerts() throws Exception {
        Backfill.Summary batch = run(work.resolve("batch.jsonl"), false, false);
        Backfill.Summary streaming = run(work.resolve("streaming.jsonl"), true, false);
        Map<String, String> b = latestById(work.resolve("batch.jsonl"));
        Map<String, String> s = latestById(work.resolve("streaming.jsonl"));
        assertFalse(b.isEmpty());
        assertEquals(b, s);
        Set<String> types = b.values().stream().map(v -> v.substring(0, v.indexOf('|'))).collect(Collectors.toSet());
        assertEquals(Set.of(AlertType.values()).stream().map(Enum::name).collect(Collectors.toSet()), types,
                "every alert type from the simulated incidents");
        assertTrue(batch.deadLettered() > 0, "the simulation's bad lines are dead letters");
        assertEquals(0, batch.late());
        assertEquals(batch.deadLettered() + streaming.late(), streaming.deadLettered());
        assertEquals(batch.recordsRead(), streaming.recordsRead());
    }

    @Test
    void aComplaintFromTheYear2099IsADeadLetterAndMovesNoWatermark() throws Exception {
        // One complaint dated 2099 early in the input, as a clock or time-zone bug upstream would send it.
        List<String> lines = new ArrayList<>(Files.readAllLines(simulated.resolve("complaints.jsonl")));
        lines.add(100, "{\"complaint_id\":\"FUTURE-2099\",\"received_at\":\"2099-03-01T08:15:00+08:00\","
                + "\"channel\":\"APP\",\"region_code\":\"610113\",\"customer_id\":\"c-future\",\"text\":\"电表走得太快了\"}");
        Path poisoned = work.resolve("complaints-with-2099.jsonl");
        Files.write(poisoned, lines);

        Backfill.Summary clean = run(work.resolve("clean-streaming.jsonl"), true, false);
        Backfill.Summary withFuture = run(poisoned, work.resolve("future-streaming.jsonl"), true, false);
        // Without the guard the watermark jumps to 2099 and every later record is LATE.
        assertEquals(clean.late(), withFuture.late(), "no LATE storm after a 2099 complaint");
        assertEquals(clean.deadLettered() + 1, withFuture.deadLettered());
        assertEquals(latestById(work.resolve("clean-streaming.jsonl")), latestById(work.resolve("future-streaming.jsonl")));
        String deadLetters = Files.readString(work.resolve("future-streaming.jsonl.deadletters"));
        assertTrue(deadLetters.contains("FUTURE_EVENT_TIME") && deadLetters.contains("FUTURE-2099"), "the 2099 dead letter");
    }

    @Test
    void aTruncatedGzipFileIsReadUpToWhereItBreaksWithACorruptFileDeadLetter() throws Exception {
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(Files.readAllBytes(simulated.resolve("complaints.jsonl")));
        }
        byte[] whole = gz.toByteArray();
        Path truncated = work.resolve("truncated-complaints.jsonl.gz");
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2)); // a transfer cut off half-way
        Backfill.Summary s = run(truncated, work.resolve("truncated.jsonl"), false, false);
        assertEquals(1, s.corruptFiles());
        assertTrue(s.complaintsRead() > 1_000, "the part before the break is read: " + s.complaintsRead());
        String deadLetters = Files.readString(work.resolve("truncated.jsonl.deadletters"));
        assertTrue(deadLetters.contains("\"reason\":\"CORRUPT_FILE\"") && deadLetters.contains("cannot be read past line"),
                "the dead letter names where the file broke");
    }

    @Test
    void backfillTwiceLeavesIdenticalDocuments() throws Exception {
        try (RestClient es = ElasticsearchClients.restClient(ElasticsearchClients.Connection.of(ElasticsearchExtension.url()))) {
            es.performRequest(new Request("DELETE", "/" + PREFIX + "*"));
        }
        run(work.resolve("es-1.jsonl"), false, true);
        Map<String, String> first = documents("hotspot-alerts");
        long complaints = count("hotspot-complaints");
        long outages = count("hotspot-outages");
        long dead = count("hotspot-deadletters");
        run(work.resolve("es-2.jsonl"), false, true);
        assertEquals(Files.readAllLines(work.resolve("es-1.jsonl")), Files.readAllLines(work.resolve("es-2.jsonl")));
        assertEquals(first, documents("hotspot-alerts"));
        assertEquals(complaints, count("hotspot-complaints"));
        assertEquals(outages, count("hotspot-outages"));
        assertEquals(dead, count("hotspot-deadletters"));
        assertTrue(complaints > 30_000, "enriched complaints written: " + complaints);
    }

    private static Backfill.Summary run(Path alertsOut, boolean streamingRuntime, boolean elasticsearch) throws Exception {
        return run(simulated.resolve("complaints.jsonl"), alertsOut, streamingRuntime, elasticsearch);
    }

    private static Backfill.Summary run(Path complaints, Path alertsOut, boolean streamingRuntime, boolean elasticsearch)
            throws Exception {
        Backfill.Options o = new Backfill.Options();
        o.complaints = complaints;
        o.outages = simulated.resolve("outages.jsonl");
        o.alertsOut = alertsOut;
        o.deadLettersOut = alertsOut.resolveSibling(alertsOut.getFileName() + ".deadletters");
        o.streaming = streamingRuntime;
        o.quiet = true;
        // The simulator delays some arrivals by many minutes; a wide bound keeps the streaming runtime's
        // lateness (which depends on when periodic watermarks fire) out of this comparison.
        o.flags.put("job.out-of-orderness", "2h");
        if (elasticsearch) {
            o.es = ElasticsearchExtension.url();
            o.flags.put("elasticsearch.alias-prefix", PREFIX);
        } else {
            o.noEs = true;
        }
        return Backfill.run(o, new PrintStream(System.err, true, StandardCharsets.UTF_8));
    }

    private static Map<String, String> latestById(Path file) throws Exception {
        Map<String, String> latest = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode a = JSON.readTree(line);
            latest.put(a.path("alert_id").asText(), String.join("|", a.path("type").asText(), a.path("status").asText(),
                    a.path("region_code").asText(), a.path("region_level").asText(), a.path("station_area_id").asText(),
                    a.path("topic").asText(), a.path("window_start").asText(), a.path("window_end").asText(),
                    a.path("detected_at").asText()));
        }
        return latest;
    }

    private static Map<String, String> documents(String alias) throws Exception {
        try (RestClient es = ElasticsearchClients.restClient(ElasticsearchClients.Connection.of(ElasticsearchExtension.url()))) {
            es.performRequest(new Request("POST", "/" + PREFIX + "hotspot-*/_refresh"));
            Request search = new Request("POST", "/" + PREFIX + alias + "/_search");
            search.setJsonEntity("{\"size\":10000}");
            Map<String, String> docs = new TreeMap<>();
            try (InputStream in = es.performRequest(search).getEntity().getContent()) {
                for (JsonNode h : JSON.readTree(in).path("hits").path("hits")) {
                    docs.put(h.path("_id").asText(), h.path("_source").toString());
                }
            }
            return docs;
        }
    }

    private static long count(String alias) throws Exception {
        return ElasticsearchExtension.count(PREFIX + alias, null);
    }

}
