package org.powerhotspots.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Alerts JSON Lines as scripts/backfill --alerts-out writes them, for the report tests. */
final class ReportFixtures {
    static final String HOSTILE = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">";

    private ReportFixtures() {}

    static String alertLine(String id, String type, String status, String region, String regionName, String topic,
            String topicLabel, String severity, List<String> disciplines, String windowEnd, double observed,
            double expected, String sample) {
        return "{\"alert_id\":\"" + id + "\",\"type\":\"" + type + "\",\"status\":\"" + status + "\",\"region_code\":\""
                + region + "\",\"region_level\":\"COUNTY\",\"region_name\":" + json(regionName) + ",\"feeder_id\":null,"
                + "\"station_area_id\":null,\"topic\":" + json(topic) + ",\"topic_label\":" + json(topicLabel)
                + ",\"window_start\":\"2026-03-02T08:00:00+08:00\",\"window_end\":\"" + windowEnd
                + "\",\"detected_at\":\"2026-03-02T09:00:00+08:00\",\"observed\":" + observed + ",\"expected\":" + expected
                + ",\"score\":6.2,\"severity\":\"" + severity + "\",\"distinct_customers\":17,\"disciplines\":["
                + String.join(",", disciplines.stream().map(ReportFixtures::json).toList())
                + "],\"evidence\":{\"complaint_ids\":[\"C1\",\"C2\"],\"outage_ids\":[\"O9\"],\"keywords\":[{\"keyword\":\"电表\",\"count\":9},"
                + "{\"keyword\":" + json("走字<快>") + ",\"count\":4}],\"sample_texts\":[" + json(sample) + "]},"
                + "\"rule\":{\"name\":\"surge\",\"parameters\":{\"window\":\"PT6H\"}}}";
    }

    /** Three alerts, one of them emitted twice (the later emission must win), one resolved, one hostile. */
    static Path write(Path dir) throws IOException {
        Path file = dir.resolve("alerts.jsonl");
        Files.write(file, List.of(
                alertLine("A-surge-610113", "COMPLAINT_SURGE", "OPEN", "610113", "雁塔区", "SMART_METER",
                        "智能电表/计量装置故障", "MEDIUM", List.of("MARKETING"), "2026-03-02T12:00:00+08:00", 12, 3, "电表走字太快"),
                alertLine("A-cross-610112", "CROSS_DISCIPLINE", "OPEN", "610112", "未央区", "OUTAGE_FREQUENT", "频繁停电",
                        "CRITICAL", List.of("OPERATIONS", "PLANNING", "CUSTOMER_SERVICE"), "2026-03-03T08:00:00+08:00",
                        40, 6, "一周停电三次"),
                alertLine("A-surge-610113", "COMPLAINT_SURGE", "UPDATED", "610113", "雁塔区", "SMART_METER",
                        "智能电表/计量装置故障", "HIGH", List.of("MARKETING"), "2026-03-02T20:00:00+08:00", 30, 3, "电表走字太快"),
                alertLine("A-old-610302", "COMPLAINT_SURGE", "RESOLVED", "610302", "渭滨区", "BILLING_DISPUTE",
                        "电费异常/抄表差错", "LOW", List.of("MARKETING"), "2026-03-01T20:00:00+08:00", 8, 4, "电费不对"),
                alertLine("A-hostile-610402", "COMPLAINT_SURGE", "OPEN", "610402", HOSTILE, "BILLING_DISPUTE",
                        "</script><script>document.body.setAttribute('data-pwned','2')</script>", "LOW",
                        List.of("MARKETING"), "2026-03-02T10:00:00+08:00", 5, 2, HOSTILE)), StandardCharsets.UTF_8);
        return file;
    }

    private static String json(String s) {
        if (s == null) {
            return "null";
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
