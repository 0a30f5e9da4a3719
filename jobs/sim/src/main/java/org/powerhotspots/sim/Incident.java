package org.powerhotspots.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.powerhotspots.domain.Topic;

/** One line of the ground truth: an alert the detection should raise, and for decoys what it must not raise. */
public final class Incident {

    /**
     * An alert that must not fire: type, place and topic within a time span; for EMERGING_ISSUE also the words it
     * must not be about ({@code terms}, empty: any words).
     */
    public record MustNotFire(String type, String regionCode, String regionLevel, Topic topic, long start, long end,
            List<String> terms) {

        public MustNotFire(String type, String regionCode, String regionLevel, Topic topic, long start, long end) {
            this(type, regionCode, regionLevel, topic, start, end, List.of());
        }
    }

    String id;
    String type;
    String scenario;
    /** "injected" or "chance" (present in the background by accident, found by applying the rule to the data). */
    String origin = "injected";
    String regionCode;
    String regionLevel;
    String feederId;
    String stationAreaId;
    Topic topic;
    long start;
    long end;
    /** The first event of a count rule's episode (first outage, first call); start is when the rule is met. */
    Long firstEventAt;
    String customerId;
    String partOf;
    boolean decoy;
    /** Counted when matched, not missed when absent: the rule allows two readings here. */
    boolean optional;
    String note;
    /**
     * False for a pure decoy (vocabulary churn): there is nothing to detect, only what must not fire; such an
     * incident never matches an alert and does not count towards recall.
     */
    boolean expectAlert = true;
    /** An emerging theme's distinctive words (EMERGING_ISSUE), or a churn decoy's words. */
    final List<String> terms = new ArrayList<>();
    final List<String> complaintIds = new ArrayList<>();
    final List<String> outageIds = new ArrayList<>();
    final List<MustNotFire> mustNotFire = new ArrayList<>();

    Incident(String id, String type, String scenario) {
        this.id = id;
        this.type = type;
        this.scenario = scenario;
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    public String origin() {
        return origin;
    }

    public boolean decoy() {
        return decoy;
    }

    public String regionCode() {
        return regionCode;
    }

    public String stationAreaId() {
        return stationAreaId;
    }

    public String feederId() {
        return feederId;
    }

    public String customerId() {
        return customerId;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public List<MustNotFire> mustNotFire() {
        return mustNotFire;
    }

    public String regionLevel() {
        return regionLevel;
    }

    public String scenario() {
        return scenario;
    }

    public List<String> terms() {
        return terms;
    }

    public List<String> complaintIds() {
        return complaintIds;
    }

    public boolean expectAlert() {
        return expectAlert;
    }

    ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", id);
        n.put("type", type);
        n.put("scenario", scenario);
        n.put("origin", origin);
        n.put("region_code", regionCode);
        n.put("region_level", regionLevel);
        n.put("feeder_id", feederId);
        n.put("station_area_id", stationAreaId);
        n.put("topic", topic == null ? null : topic.name());
        n.put("start", Timestamps.iso(start));
        n.put("end", Timestamps.iso(end));
        if (firstEventAt != null) {
            n.put("first_event_at", Timestamps.iso(firstEventAt));
        }
        if (customerId != null) {
            n.put("customer_id", customerId);
        }
        if (partOf != null) {
            n.put("part_of", partOf);
        }
        if (!terms.isEmpty()) {
            ArrayNode a = n.putArray("terms");
            terms.forEach(a::add);
        }
        if (!complaintIds.isEmpty()) {
            ArrayNode a = n.putArray("complaint_ids");
            complaintIds.forEach(a::add);
        }
        if (!outageIds.isEmpty()) {
            ArrayNode a = n.putArray("outage_ids");
            outageIds.forEach(a::add);
        }
        n.put("decoy", decoy);
        if (!expectAlert) {
            n.put("expect_alert", false);
        }
        if (optional) {
            n.put("optional", true);
        }
        if (!mustNotFire.isEmpty()) {
            ArrayNode a = n.putArray("must_not_fire");
            for (MustNotFire m : mustNotFire) {
                ObjectNode o = a.addObject();
                o.put("type", m.type());
                o.put("region_code", m.regionCode());
                o.put("region_level", m.regionLevel());
                o.put("topic", m.topic() == null ? null : m.topic().name());
                o.put("start", Timestamps.iso(m.start()));
                o.put("end", Timestamps.iso(m.end()));
                if (!m.terms().isEmpty()) {
                    ArrayNode t = o.putArray("terms");
                    m.terms().forEach(t::add);
                }
            }
        }
        if (note != null) {
            n.put("note", note);
        }
        return n;
    }
}
