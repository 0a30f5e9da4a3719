package org.powerhotspots.sim.score;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One incident of a truth file, as the scorer reads it. */
public record TruthIncident(
        String id,
        String type,
        String origin,
        String regionCode,
        String regionLevel,
        String feederId,
        String stationAreaId,
        String topic,
        long start,
        long end,
        long firstEventAt,
        String customerId,
        List<String> complaintIds,
        String partOf,
        boolean decoy,
        boolean optional,
        List<Forbidden> mustNotFire,
        List<String> terms,
        boolean expectAlert) {

    /**
     * An alert a decoy must not cause; {@code terms} (EMERGING_ISSUE churn) narrows it to alerts about those words
     * when the alert names its terms.
     */
    public record Forbidden(String type, String regionCode, String regionLevel, String topic, long start, long end,
            List<String> terms) {}

    static TruthIncident fromJson(JsonNode n) {
        List<Forbidden> forbidden = new ArrayList<>();
        for (JsonNode m : n.path("must_not_fire")) {
            forbidden.add(new Forbidden(Json.text(m, "type"), Json.text(m, "region_code"), Json.text(m, "region_level"),
                    Json.text(m, "topic"), Json.time(m, "start"), Json.time(m, "end"), Json.terms(m.path("terms"))));
        }
        long start = Json.time(n, "start");
        Long firstEvent = Json.optionalTime(n, "first_event_at");
        return new TruthIncident(
                Json.text(n, "id"),
                Json.text(n, "type"),
                n.hasNonNull("origin") ? n.get("origin").asText() : "injected",
                Json.text(n, "region_code"),
                Json.text(n, "region_level"),
                Json.text(n, "feeder_id"),
                Json.text(n, "station_area_id"),
                Json.text(n, "topic"),
                start,
                n.hasNonNull("end") ? Json.time(n, "end") : start,
                firstEvent == null ? start : Math.min(start, firstEvent),
                Json.text(n, "customer_id"),
                Json.texts(n.path("complaint_ids")),
                Json.text(n, "part_of"),
                n.path("decoy").asBoolean(false),
                n.path("optional").asBoolean(false),
                forbidden,
                Json.terms(n.path("terms")),
                // A pure decoy (vocabulary churn) has nothing to detect, only what must not fire.
                n.path("expect_alert").asBoolean(true));
    }
}
