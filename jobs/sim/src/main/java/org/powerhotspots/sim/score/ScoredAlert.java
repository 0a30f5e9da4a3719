package org.powerhotspots.sim.score;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.powerhotspots.domain.RegionCode;

/** An alert as the scorer sees it: all lines with one alert_id (OPEN, UPDATED, RESOLVED) merged into one. */
public record ScoredAlert(
        String alertId,
        String type,
        String regionCode,
        String regionLevel,
        String feederId,
        String stationAreaId,
        String topic,
        long windowStart,
        long windowEnd,
        long detectedAt,
        String customerId,
        List<String> complaintIds,
        List<String> terms) {

    /** An alert without terms (every type but EMERGING_ISSUE). */
    public ScoredAlert(String alertId, String type, String regionCode, String regionLevel, String feederId,
            String stationAreaId, String topic, long windowStart, long windowEnd, long detectedAt, String customerId,
            List<String> complaintIds) {
        this(alertId, type, regionCode, regionLevel, feederId, stationAreaId, topic, windowStart, windowEnd,
                detectedAt, customerId, complaintIds, List.of());
    }

    /** Merges alert lines by alert_id: the earliest detection, the widest window, the first non-null fields. */
    static List<ScoredAlert> merge(List<JsonNode> lines) {
        Map<String, ScoredAlert> byId = new LinkedHashMap<>();
        int anonymous = 0;
        for (JsonNode n : lines) {
            String id = Json.text(n, "alert_id");
            if (id == null) {
                id = "line-" + (++anonymous);
            }
            ScoredAlert a = fromJson(id, n);
            byId.merge(id, a, ScoredAlert::combine);
        }
        return new ArrayList<>(byId.values());
    }

    static ScoredAlert fromJson(String id, JsonNode n) {
        Long detected = Json.optionalTime(n, "detected_at");
        Long ws = Json.optionalTime(n, "window_start");
        Long we = Json.optionalTime(n, "window_end");
        long d = detected != null ? detected : we != null ? we : ws != null ? ws : 0;
        String regionCode = Json.text(n, "region_code");
        String level = Json.text(n, "region_level");
        String area = Json.text(n, "station_area_id");
        String feeder = Json.text(n, "feeder_id");
        if (level == null) {
            // Infer the level the way a reader of the alert would.
            level = area != null ? "STATION_AREA" : feeder != null ? "FEEDER"
                    : RegionCode.isValid(regionCode) ? RegionCode.levelOf(regionCode).name() : null;
        }
        JsonNode evidence = n.path("evidence");
        return new ScoredAlert(id, Json.text(n, "type"), regionCode, level, feeder, area, Json.text(n, "topic"),
                ws != null ? ws : d, we != null ? we : d, d, Json.text(n, "customer_id"),
                Json.texts(evidence.path("complaint_ids")), Json.terms(n.path("terms")));
    }

    private ScoredAlert combine(ScoredAlert other) {
        List<String> ids = new ArrayList<>(complaintIds);
        for (String c : other.complaintIds) {
            if (!ids.contains(c)) {
                ids.add(c);
            }
        }
        List<String> words = new ArrayList<>(terms);
        for (String t : other.terms) {
            if (!words.contains(t)) {
                words.add(t);
            }
        }
        return new ScoredAlert(alertId, first(type, other.type), first(regionCode, other.regionCode),
                first(regionLevel, other.regionLevel), first(feederId, other.feederId),
                first(stationAreaId, other.stationAreaId), first(topic, other.topic),
                Math.min(windowStart, other.windowStart), Math.max(windowEnd, other.windowEnd),
                Math.min(detectedAt, other.detectedAt), first(customerId, other.customerId), ids, words);
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
