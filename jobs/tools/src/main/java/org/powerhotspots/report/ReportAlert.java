package org.powerhotspots.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.powerhotspots.domain.Times;

/**
 * One alert as the planner report shows it, read from an alerts JSON line or a hotspot-alerts document
 * (SPEC section 4 fields, snake_case). {@code hourly} holds the complaint counts per hour around the window
 * when they could be fetched from Elasticsearch, else it is empty.
 */
public record ReportAlert(
        String alertId,
        String type,
        String status,
        String regionCode,
        String regionLevel,
        String regionName,
        String feederId,
        String stationAreaId,
        String topic,
        String topicLabel,
        Long windowStart,
        Long windowEnd,
        Long detectedAt,
        double observed,
        double expected,
        double score,
        String severity,
        int distinctCustomers,
        List<String> disciplines,
        List<String> complaintIds,
        List<String> outageIds,
        List<Map.Entry<String, Integer>> keywords,
        List<String> sampleTexts,
        String ruleName,
        List<String> filedTopics,
        Hourly hourly) {

    private static final List<String> SEVERITIES = List.of("LOW", "MEDIUM", "HIGH", "CRITICAL");

    /** Hourly complaint counts from {@code startMillis}, one per hour. */
    public record Hourly(long startMillis, List<Integer> counts) {}

    /** 1 (LOW) to 4 (CRITICAL); 0 when unknown. */
    public int severityRank() {
        return SEVERITIES.indexOf(severity) + 1;
    }

    public boolean isOpen() {
        return !"RESOLVED".equals(status);
    }

    public ReportAlert withHourly(Hourly h) {
        return new ReportAlert(alertId, type, status, regionCode, regionLevel, regionName, feederId, stationAreaId,
                topic, topicLabel, windowStart, windowEnd, detectedAt, observed, expected, score, severity,
                distinctCustomers, disciplines, complaintIds, outageIds, keywords, sampleTexts, ruleName, filedTopics, h);
    }

    /** Reads the fields of one alert; missing optional fields become null, empty lists or 0. */
    public static ReportAlert fromJson(JsonNode a) {
        String id = text(a, "alert_id");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("alert without alert_id");
        }
        JsonNode evidence = a.path("evidence");
        List<Map.Entry<String, Integer>> keywords = new ArrayList<>();
        JsonNode kw = evidence.path("keywords");
        if (kw.isArray()) {
            for (JsonNode k : kw) {
                if (k.isTextual()) {
                    keywords.add(Map.entry(k.asText(), 0));
                } else if (k.hasNonNull("keyword")) {
                    keywords.add(Map.entry(k.path("keyword").asText(), k.path("count").asInt(0)));
                }
            }
        } else if (kw.isObject()) {
            kw.fields().forEachRemaining(e -> keywords.add(Map.entry(e.getKey(), e.getValue().asInt(0))));
        }
        return new ReportAlert(id, text(a, "type"), text(a, "status"), text(a, "region_code"), text(a, "region_level"),
                text(a, "region_name"), text(a, "feeder_id"), text(a, "station_area_id"), text(a, "topic"),
                text(a, "topic_label"), time(a, "window_start"), time(a, "window_end"), time(a, "detected_at"),
                a.path("observed").asDouble(0), a.path("expected").asDouble(0), a.path("score").asDouble(0),
                text(a, "severity"), a.path("distinct_customers").asInt(0), strings(a.path("disciplines")),
                strings(evidence.path("complaint_ids")), strings(evidence.path("outage_ids")), keywords,
                strings(evidence.path("sample_texts")), text(a.path("rule"), "name"), strings(a.path("filed_topics")),
                null);
    }

    /** The time that orders two emissions of one alert: updated_at, else window_end, else detected_at. */
    static Long emittedAt(JsonNode a) {
        Long t = time(a, "updated_at");
        if (t == null) {
            t = time(a, "window_end");
        }
        return t != null ? t : time(a, "detected_at");
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    private static Long time(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (v.isNumber()) {
            return v.asLong();
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            return null;
        }
        try {
            return Times.parse(v.asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(v -> {
                if (!v.isNull()) {
                    out.add(v.asText());
                }
            });
        } else if (array.isTextual()) {
            out.add(array.asText());
        }
        return out;
    }
}
