package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.powerhotspots.domain.Discipline;
import org.powerhotspots.domain.Topic;

/** REPEAT_COMPLAINANT for one customer: several complaints within a short window (default 3 in 7 days). */
public final class RepeatComplainantDetector extends ComplaintDetector {
    private static final long serialVersionUID = 1L;
    public static final String RULE = "repeat.complainant";
    /** A customer filing hundreds of complaints is still one alert; keep state bounded. */
    private static final int MAX_ENTRIES = 100;

    private final String customerId;
    private final ArrayList<Entry> entries = new ArrayList<>();
    private Incident incident;

    public RepeatComplainantDetector(DetectionConfig config, String customerId) {
        super(config);
        this.customerId = customerId;
    }

    @Override
    protected long slideOf(DetectionConfig settings) {
        return settings.repeatSlide;
    }

    @Override
    protected void apply(ComplaintSignal s) {
        for (Entry e : entries) {
            if (e.complaintId.equals(s.complaintId())) {
                return; // a redelivered complaint
            }
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.remove(0);
        }
        entries.add(new Entry(s.receivedAt(), s.complaintId(), s.countyCode(), s.topics(),
                new ArrayList<>(s.keywords()), s.text()));
        if (incident != null) {
            incident.evidence.addComplaint(config, s.complaintId(), s.keywords(), s.text());
        }
    }

    @Override
    protected List<HotspotAlert> evaluate(long boundary) {
        long windowStart = boundary - config.repeatWindow;
        entries.removeIf(e -> e.time < windowStart);
        int count = entries.size();
        boolean hot = count >= config.repeatMinComplaints;
        List<HotspotAlert> alerts = new ArrayList<>();
        if (incident == null && !hot) {
            return alerts;
        }
        if (incident != null && !hot) {
            alerts.add(incident.last.withStatus(AlertStatus.RESOLVED, boundary));
            incident = null;
            return alerts;
        }
        boolean opening = incident == null;
        if (opening) {
            incident = new Incident();
            incident.start = entries.get(0).time;
            incident.detectedAt = boundary;
            incident.alertId = AlertIds.of(AlertType.REPEAT_COMPLAINANT, RegionLevel.COUNTY, customerId, null, incident.start);
            incident.evidence = new EvidenceCollector();
            entries.forEach(e -> incident.evidence.addComplaint(config, e.complaintId, e.keywords, e.text));
        } else if (count <= incident.peak) {
            return alerts;
        }
        incident.peak = count;
        Topic topic = mainTopic();
        LinkedHashSet<Discipline> disciplines = new LinkedHashSet<>(topic.disciplines());
        disciplines.add(Discipline.CUSTOMER_SERVICE);
        double ratio = (double) count / config.repeatMinComplaints;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("window", config.get("repeat.window"));
        params.put("min_complaints", Integer.toString(config.repeatMinComplaints));
        params.put("customer_id", customerId);
        incident.last = new HotspotAlert(incident.alertId, AlertType.REPEAT_COMPLAINANT,
                opening ? AlertStatus.OPEN : AlertStatus.UPDATED, entries.get(entries.size() - 1).countyCode,
                RegionLevel.COUNTY, null, null, null, topic, incident.start, boundary, incident.detectedAt,
                count, config.repeatMinComplaints, ratio, config.severityOfCountRatio(ratio), 1,
                new ArrayList<>(disciplines), incident.evidence.toEvidence(config), new HotspotAlert.Rule(RULE, params));
        alerts.add(incident.last);
        return alerts;
    }

    /** The topic most of the customer's complaints in the window carry (ties: SPEC order). */
    private Topic mainTopic() {
        EnumMap<Topic, Integer> counts = new EnumMap<>(Topic.class);
        for (Entry e : entries) {
            for (Topic t : e.topics) {
                counts.merge(t, 1, Integer::sum);
            }
        }
        Topic best = Topic.OTHER;
        int bestCount = 0;
        for (Map.Entry<Topic, Integer> c : counts.entrySet()) {
            if (c.getValue() > bestCount) {
                best = c.getKey();
                bestCount = c.getValue();
            }
        }
        return best;
    }

    @Override
    protected boolean needsEveryBoundary() {
        return false;
    }

    @Override
    protected long stateWakeup() {
        // The next change without new input: the oldest complaint leaving the window.
        return entries.isEmpty() ? Long.MAX_VALUE : boundaryAfter(entries.get(0).time + config.repeatWindow);
    }

    @Override
    protected boolean stateEmpty() {
        return entries.isEmpty() && incident == null;
    }

    record Entry(long time, String complaintId, String countyCode, List<Topic> topics, List<String> keywords,
            String text) implements Serializable {}

    static final class Incident implements Serializable {
        private static final long serialVersionUID = 1L;
        String alertId;
        long start;
        long detectedAt;
        int peak;
        EvidenceCollector evidence;
        HotspotAlert last;
    }
}
