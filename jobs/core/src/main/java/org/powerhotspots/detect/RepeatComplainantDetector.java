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
import org.powerhotspots.schema.state.RepeatCustomerState;
import org.powerhotspots.schema.state.RepeatEntryState;
import org.powerhotspots.schema.state.RepeatIncidentState;

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

    /** The customer's state: everything in the head (at most 100 complaints), no entries. */
    public StateCodec.Snapshot<RepeatCustomerState, RepeatCustomerState> snapshot() {
        List<RepeatEntryState> es = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            List<String> topics = new ArrayList<>(e.topics.size());
            e.topics.forEach(t -> topics.add(t.name()));
            es.add(new RepeatEntryState(e.time, e.complaintId, e.countyCode, topics, new ArrayList<>(e.keywords), e.text));
        }
        RepeatIncidentState inc = incident == null ? null : new RepeatIncidentState(incident.alertId, incident.start,
                incident.detectedAt, incident.peak, incident.evidence.toState(), AlertStates.toState(incident.last));
        return new StateCodec.Snapshot<>(new RepeatCustomerState(evaluatedUpTo(), es, inc), new java.util.TreeMap<>());
    }

    /** The customer's core, bound to {@code config}, from its state. */
    public static RepeatComplainantDetector fromState(DetectionConfig config, String customerId,
            RepeatCustomerState head) {
        RepeatComplainantDetector d = new RepeatComplainantDetector(config, customerId);
        d.restoreClock(head.getClock());
        for (RepeatEntryState e : head.getEntries()) {
            List<Topic> topics = new ArrayList<>(e.getTopics().size());
            e.getTopics().forEach(t -> topics.add(Topic.valueOf(t)));
            d.entries.add(new Entry(e.getTime(), e.getComplaintId(), e.getCountyCode(), topics,
                    new ArrayList<>(e.getKeywords()), e.getText()));
        }
        RepeatIncidentState s = head.getIncident();
        if (s != null) {
            d.incident = new Incident();
            d.incident.alertId = s.getAlertId();
            d.incident.start = s.getStart();
            d.incident.detectedAt = s.getDetectedAt();
            d.incident.peak = s.getPeak();
            d.incident.evidence = EvidenceCollector.fromState(s.getEvidence());
            d.incident.last = AlertStates.fromState(s.getLast());
        }
        return d;
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
