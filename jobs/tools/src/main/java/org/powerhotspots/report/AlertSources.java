package org.powerhotspots.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/** Loads the alerts for the report from an alerts JSON Lines file or from Elasticsearch. */
public final class AlertSources {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = 3_600_000L;
    /** Sparklines reach this far before the window and after it, so the rise is visible against the usual level. */
    private static final long BEFORE = 24 * HOUR;
    private static final long AFTER = 6 * HOUR;
    private static final int MAX_SPARKLINE_HOURS = 24 * 14;

    private AlertSources() {}

    /**
     * Reads alerts JSON Lines (plain or .gz); of several lines with one alert_id the latest emission wins
     * (by updated_at or window_end; on a tie, the later line).
     *
     * @throws IOException naming the file and line of a line that is not an alert
     */
    public static List<ReportAlert> fromFile(Path file) throws IOException {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        Map<String, Long> latestAt = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IOException(file + ":" + number + ": not JSON: " + e.getOriginalMessage());
                }
                String id = node.path("alert_id").asText("");
                if (id.isBlank()) {
                    throw new IOException(file + ":" + number + ": no alert_id");
                }
                Long at = ReportAlert.emittedAt(node);
                Long kept = latestAt.get(id);
                if (!latest.containsKey(id) || kept == null || at == null || at >= kept) {
                    latest.put(id, node);
                    latestAt.put(id, at);
                }
            }
        }
        List<ReportAlert> alerts = new ArrayList<>();
        for (JsonNode node : latest.values()) {
            alerts.add(ReportAlert.fromJson(node));
        }
        return alerts;
    }

    /** The alerts of the hotspot-alerts alias, each with hourly complaint counts of its region and topic. */
    public static List<ReportAlert> fromElasticsearch(RestClient es, boolean openOnly, int maxAlerts) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", maxAlerts);
        if (openOnly) {
            body.putObject("query").putObject("bool").putArray("must_not").addObject().putObject("term")
                    .put("status", "RESOLVED");
        }
        ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject("severity_rank").put("order", "desc").put("unmapped_type", "integer");
        sort.addObject().putObject("score").put("order", "desc").put("unmapped_type", "double");
        JsonNode hits = post(es, "/hotspot-alerts/_search", body).path("hits").path("hits");
        List<ReportAlert> alerts = new ArrayList<>();
        for (JsonNode hit : hits) {
            JsonNode source = hit.path("_source");
            ReportAlert alert = ReportAlert.fromJson(source);
            alerts.add(alert.withHourly(hourly(es, alert, source)));
        }
        return alerts;
    }

    /** Complaints per hour for the alert's place and topic from a day before its window to 6 hours after. */
    static ReportAlert.Hourly hourly(RestClient es, ReportAlert alert, JsonNode source) throws IOException {
        if (alert.windowStart() == null || alert.windowEnd() == null) {
            return null;
        }
        long from = (alert.windowStart() - BEFORE) / HOUR * HOUR;
        long to = Math.min(alert.windowEnd() + AFTER, from + MAX_SPARKLINE_HOURS * HOUR);
        ObjectNode body = JSON.createObjectNode();
        body.put("size", 0);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("range").putObject("received_at").put("gte", from).put("lt", to)
                .put("format", "epoch_millis");
        String[] place = placeFilter(alert, source);
        if (place == null) {
            return null;
        }
        filter.addObject().putObject("term").put(place[0], place[1]);
        if (alert.topic() != null && !alert.topic().isBlank()) {
            filter.addObject().putObject("term").put("topics", alert.topic());
        }
        ObjectNode histogram = body.putObject("aggs").putObject("hourly").putObject("date_histogram");
        histogram.put("field", "received_at").put("fixed_interval", "1h").put("min_doc_count", 0);
        histogram.putObject("extended_bounds").put("min", from).put("max", to - 1);
        JsonNode buckets = post(es, "/hotspot-complaints/_search", body).path("aggregations").path("hourly").path("buckets");
        List<Integer> counts = new ArrayList<>();
        long start = from;
        for (JsonNode b : buckets) {
            if (counts.isEmpty()) {
                start = b.path("key").asLong(from);
            }
            counts.add(b.path("doc_count").asInt());
        }
        return counts.isEmpty() ? null : new ReportAlert.Hourly(start, counts);
    }

    /** The complaint field and value that select the alert's place (county, city, province, feeder, station area). */
    static String[] placeFilter(ReportAlert alert, JsonNode source) {
        String level = alert.regionLevel() == null ? "COUNTY" : alert.regionLevel();
        return switch (level) {
            case "STATION_AREA" -> alert.stationAreaId() == null ? null : new String[] {"station_area_id", alert.stationAreaId()};
            case "FEEDER" -> alert.feederId() == null ? null : new String[] {"feeder_id", alert.feederId()};
            case "CITY" -> new String[] {"city_code", alert.regionCode()};
            case "PROVINCE" -> new String[] {"province_code", alert.regionCode()};
            default -> alert.regionCode() == null ? null : new String[] {"region_code", alert.regionCode()};
        };
    }

    /** Most severe first, then highest score, then id (a stable order for the page). */
    static final Comparator<ReportAlert> ORDER = Comparator.comparingInt(ReportAlert::severityRank).reversed()
            .thenComparing(Comparator.comparingDouble(ReportAlert::score).reversed())
            .thenComparing(ReportAlert::alertId);

    private static JsonNode post(RestClient es, String path, JsonNode body) throws IOException {
        Request request = new Request("POST", path);
        request.setJsonEntity(body.toString());
        try {
            return JSON.readTree(EntityUtils.toString(es.performRequest(request).getEntity()));
        } catch (ResponseException e) {
            throw new IOException("Elasticsearch rejected " + path + ": " + e.getResponse().getStatusLine() + " "
                    + EntityUtils.toString(e.getResponse().getEntity()));
        }
    }
}
