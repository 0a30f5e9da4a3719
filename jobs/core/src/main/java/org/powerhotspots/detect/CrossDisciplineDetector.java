package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.powerhotspots.domain.Discipline;
import org.powerhotspots.schema.state.CrossComponentState;
import org.powerhotspots.schema.state.CrossCountyState;
import org.powerhotspots.schema.state.CrossIncidentState;

/**
 * CROSS_DISCIPLINE for one county: an open COMPLAINT_SURGE of a SUPPLY topic at county level
 * whose time overlaps an OUTAGE_REPEAT of the county (any place in it). One alert per
 * coincidence, carrying the union of disciplines and both sides' evidence; it lives as long as
 * the complaint surge does, because that is what needs the departments at one table now.
 */
public final class CrossDisciplineDetector extends BufferedDetector<HotspotAlert> {
    private static final long serialVersionUID = 1L;
    public static final String RULE = "cross.overlap";

    private final String countyCode;
    private final TreeMap<String, Component> surges = new TreeMap<>();
    private final TreeMap<String, Component> outageRepeats = new TreeMap<>();
    private Incident incident;

    public CrossDisciplineDetector(DetectionConfig config, String countyCode) {
        super(config);
        this.countyCode = countyCode;
    }

    @Override
    protected long slideOf(DetectionConfig settings) {
        return settings.crossSlide;
    }

    /** True for the alerts this detector consumes; its key is the alert's region code (a county). */
    public static boolean isInput(HotspotAlert a) {
        if (a.type() == AlertType.OUTAGE_REPEAT) {
            return true;
        }
        return a.type() == AlertType.COMPLAINT_SURGE && a.regionLevel() == RegionLevel.COUNTY
                && a.topic() != null && a.topic().isSupply();
    }

    @Override
    protected long eventTime(HotspotAlert a) {
        // An alert emitted at boundary b is evaluated at b itself, not one cross slide later.
        return a.windowEnd() - 1;
    }

    @Override
    protected String idOf(HotspotAlert a) {
        return a.alertId() + "|" + a.status().ordinal();
    }

    @Override
    protected void apply(HotspotAlert a) {
        if (!isInput(a)) {
            return;
        }
        TreeMap<String, Component> map = a.type() == AlertType.OUTAGE_REPEAT ? outageRepeats : surges;
        Component c = map.computeIfAbsent(a.alertId(), id -> new Component());
        c.last = a;
        c.start = a.windowStart();
        c.end = a.status() == AlertStatus.RESOLVED ? a.windowEnd() : Long.MAX_VALUE;
    }

    @Override
    protected List<HotspotAlert> evaluate(long boundary) {
        List<HotspotAlert> alerts = new ArrayList<>();
        List<Component> activeSurges = new ArrayList<>();
        List<Component> activeOutages = new ArrayList<>();
        long overlapStart = Long.MAX_VALUE;
        for (Component s : surges.values()) {
            if (s.end != Long.MAX_VALUE) {
                continue;
            }
            for (Component o : outageRepeats.values()) {
                if (o.end >= s.start && o.start <= boundary) {
                    if (!activeSurges.contains(s)) {
                        activeSurges.add(s);
                    }
                    if (!activeOutages.contains(o)) {
                        activeOutages.add(o);
                    }
                    overlapStart = Math.min(overlapStart, Math.max(s.start, o.start));
                }
            }
        }
        boolean active = !activeSurges.isEmpty();
        if (incident != null && !active) {
            alerts.add(incident.last.withStatus(AlertStatus.RESOLVED, boundary));
            incident = null;
        } else if (active) {
            String signature = signature(activeSurges, activeOutages);
            boolean opening = incident == null;
            if (opening) {
                incident = new Incident();
                incident.start = overlapStart;
                incident.detectedAt = boundary;
                incident.alertId = AlertIds.of(AlertType.CROSS_DISCIPLINE, RegionLevel.COUNTY, countyCode, null, overlapStart);
            }
            if (opening || !signature.equals(incident.signature)) {
                incident.signature = signature;
                incident.last = alert(opening ? AlertStatus.OPEN : AlertStatus.UPDATED, activeSurges, activeOutages, boundary);
                alerts.add(incident.last);
            }
        }
        forget(boundary);
        return alerts;
    }

    private HotspotAlert alert(AlertStatus status, List<Component> activeSurges, List<Component> activeOutages,
            long boundary) {
        HotspotAlert top = activeSurges.get(0).last;
        int customers = 0;
        Severity severity = Severity.LOW;
        EnumSet<Discipline> disciplines = EnumSet.noneOf(Discipline.class);
        EvidenceCollector evidence = new EvidenceCollector();
        List<String> componentIds = new ArrayList<>();
        for (Component s : activeSurges) {
            HotspotAlert a = s.last;
            if (a.score() > top.score()) {
                top = a;
            }
            customers += a.distinctCustomers();
            severity = Severity.max(severity, a.severity());
            disciplines.addAll(a.disciplines());
            evidence.addEvidence(config, a.evidence());
            componentIds.add(a.alertId());
        }
        HotspotAlert place = null;
        for (Component o : activeOutages) {
            HotspotAlert a = o.last;
            if (place == null || (place.stationAreaId() == null && a.stationAreaId() != null)) {
                place = a;
            }
            severity = Severity.max(severity, a.severity());
            disciplines.addAll(a.disciplines());
            evidence.addEvidence(config, a.evidence());
            componentIds.add(a.alertId());
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("components", String.join(",", componentIds));
        params.put("overlap", "open SUPPLY complaint surge overlapping an outage repeat in the county");
        return new HotspotAlert(incident.alertId, AlertType.CROSS_DISCIPLINE, status, countyCode,
                RegionLevel.COUNTY, null, place == null ? null : place.feederId(),
                place == null ? null : place.stationAreaId(), top.topic(), incident.start, boundary,
                incident.detectedAt, top.observed(), top.expected(), top.score(), severity.raised(), customers,
                new ArrayList<>(disciplines), evidence.toEvidence(config), new HotspotAlert.Rule(RULE, params));
    }

    private static String signature(List<Component> activeSurges, List<Component> activeOutages) {
        StringBuilder sb = new StringBuilder();
        for (Component c : activeSurges) {
            sb.append(c.last.alertId()).append(':').append(c.last.observed()).append(';');
        }
        for (Component c : activeOutages) {
            sb.append(c.last.alertId()).append(':').append(c.last.observed()).append(';');
        }
        return sb.toString();
    }

    /** Drops what can no longer take part: resolved surges, outage repeats resolved before any new surge window. */
    private void forget(long boundary) {
        surges.values().removeIf(c -> c.end != Long.MAX_VALUE);
        long horizon = boundary - config.surgeWindow;
        Iterator<Component> it = outageRepeats.values().iterator();
        while (it.hasNext()) {
            if (it.next().end < horizon) {
                it.remove();
            }
        }
    }

    /** The county's state: everything in the head (the alerts open in one county), no entries. */
    public StateCodec.Snapshot<CrossCountyState, CrossCountyState> snapshot() {
        CrossIncidentState inc = incident == null ? null : new CrossIncidentState(incident.alertId, incident.start,
                incident.detectedAt, incident.signature, AlertStates.toState(incident.last));
        return new StateCodec.Snapshot<>(new CrossCountyState(evaluatedUpTo(), components(surges),
                components(outageRepeats), inc), new TreeMap<>());
    }

    private static List<CrossComponentState> components(TreeMap<String, Component> map) {
        List<CrossComponentState> out = new ArrayList<>(map.size());
        map.values().forEach(c -> out.add(new CrossComponentState(AlertStates.toState(c.last), c.start, c.end)));
        return out;
    }

    /** The county's core, bound to {@code config}, from its state. */
    public static CrossDisciplineDetector fromState(DetectionConfig config, String countyCode, CrossCountyState head) {
        CrossDisciplineDetector d = new CrossDisciplineDetector(config, countyCode);
        d.restoreClock(head.getClock());
        restoreComponents(head.getSurges(), d.surges);
        restoreComponents(head.getOutageRepeats(), d.outageRepeats);
        CrossIncidentState s = head.getIncident();
        if (s != null) {
            d.incident = new Incident();
            d.incident.alertId = s.getAlertId();
            d.incident.start = s.getStart();
            d.incident.detectedAt = s.getDetectedAt();
            d.incident.signature = s.getSignature();
            d.incident.last = AlertStates.fromState(s.getLast());
        }
        return d;
    }

    private static void restoreComponents(List<CrossComponentState> states, TreeMap<String, Component> into) {
        for (CrossComponentState s : states) {
            Component c = new Component();
            c.last = AlertStates.fromState(s.getLast());
            c.start = s.getStart();
            c.end = s.getEnd();
            into.put(c.last.alertId(), c);
        }
    }

    @Override
    protected boolean needsEveryBoundary() {
        return false;
    }

    @Override
    protected long stateWakeup() {
        long next = Long.MAX_VALUE;
        for (Component o : outageRepeats.values()) {
            if (o.end != Long.MAX_VALUE) {
                next = Math.min(next, boundaryAfter(o.end + config.surgeWindow));
            }
        }
        return next;
    }

    @Override
    protected boolean stateEmpty() {
        return surges.isEmpty() && outageRepeats.isEmpty() && incident == null;
    }

    static final class Component implements Serializable {
        private static final long serialVersionUID = 1L;
        HotspotAlert last;
        long start;
        long end;
    }

    static final class Incident implements Serializable {
        private static final long serialVersionUID = 1L;
        String alertId;
        long start;
        long detectedAt;
        String signature;
        HotspotAlert last;
    }
}
