package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.powerhotspots.domain.Discipline;
import org.powerhotspots.schema.state.OutageCountyState;
import org.powerhotspots.schema.state.OutageEntryState;
import org.powerhotspots.schema.state.OutageIncidentState;
import org.powerhotspots.schema.state.OutagePlaceState;
import org.powerhotspots.schema.state.OutageSeenState;
import org.powerhotspots.schema.state.PlaceOutageState;

/**
 * OUTAGE_REPEAT for one county: distinct unplanned outages per station area (or per feeder when
 * the outage names no station area) within the window, and the county's outage count against its
 * own baseline. An outage that arrives twice (at start, then restored) counts once.
 */
public final class OutageRepeatDetector extends BufferedDetector<OutageSignal> {
    private static final long serialVersionUID = 1L;
    private static final double FORGOTTEN = 0.01;
    public static final String RULE_PLACE = "outage.repeat-per-place";
    public static final String RULE_COUNTY = "outage.county-baseline";
    /** Repeated outages call for a joint plan by planning, construction and maintenance (SPEC section 1). */
    public static final List<Discipline> DISCIPLINES =
            List.of(Discipline.PLANNING, Discipline.CONSTRUCTION, Discipline.OPERATIONS);

    private final String countyCode;
    /** The county ring's length in outage.slide buckets: the layout of the state. */
    private final int countyBuckets;
    /** From outage.slide and outage.countyBaselineHalfLife. */
    private final double levelRate;
    /** Every outage seen within the longest window, by id: the dedupe of start/restore arrivals. */
    private final TreeMap<String, Known> outages = new TreeMap<>();
    private final TreeMap<String, Place> places = new TreeMap<>();
    private SlidingCounter countyCounter;
    private double levelSum;
    private double levelWeight;
    private long firstBucket = Long.MIN_VALUE;
    private long learnedUpTo = Long.MIN_VALUE;
    private Incident countyIncident;

    public OutageRepeatDetector(DetectionConfig config, String countyCode) {
        super(config);
        this.countyCode = countyCode;
        this.countyBuckets = (int) (config.outageCountyWindow / config.outageSlide);
        this.countyCounter = new SlidingCounter(config.outageSlide, countyBuckets);
        this.levelRate = SeasonalBaseline.rate(config.outageSlide, config.outageCountyBaselineHalfLife);
    }

    @Override
    protected long slideOf(DetectionConfig settings) {
        return settings.outageSlide;
    }

    public String countyCode() {
        return countyCode;
    }

    @Override
    protected long eventTime(OutageSignal s) {
        return s.eventTime();
    }

    @Override
    protected String idOf(OutageSignal s) {
        return s.outageId() + (s.restoredAt() == null ? "" : "|r");
    }

    @Override
    protected boolean acceptBehindClock(OutageSignal s) {
        // The restore of an outage already counted only completes its record; it changes no count.
        Known known = outages.get(s.outageId());
        if (known == null) {
            return false;
        }
        known.restoredAt = s.restoredAt() != null ? s.restoredAt() : known.restoredAt;
        return true;
    }

    @Override
    protected void apply(OutageSignal s) {
        Known known = outages.get(s.outageId());
        if (known != null) {
            if (s.restoredAt() != null) {
                known.restoredAt = s.restoredAt();
            }
            return;
        }
        outages.put(s.outageId(), new Known(s.startedAt(), s.restoredAt(), s.unplanned()));
        if (!s.unplanned()) {
            return;
        }
        if (s.stationAreaId() != null) {
            place(RegionLevel.STATION_AREA, s.stationAreaId(), s.feederId()).add(s);
        } else if (s.feederId() != null) {
            place(RegionLevel.FEEDER, s.feederId(), s.feederId()).add(s);
        }
        countyCounter.add(s.startedAt(), 1);
    }

    private Place place(RegionLevel level, String id, String feederId) {
        Place p = places.computeIfAbsent(level + ":" + id, k -> new Place(level, id));
        if (feederId != null) {
            p.feederId = feederId;
        }
        return p;
    }

    @Override
    protected List<HotspotAlert> evaluate(long boundary) {
        List<HotspotAlert> alerts = new ArrayList<>();
        long windowStart = boundary - config.outageWindow;
        Iterator<Place> it = places.values().iterator();
        while (it.hasNext()) {
            Place p = it.next();
            p.entries.removeIf(e -> e.startedAt < windowStart);
            evaluatePlace(p, boundary, alerts);
            if (p.entries.isEmpty() && p.incident == null) {
                it.remove();
            }
        }
        evaluateCounty(boundary, alerts);
        long keepFrom = boundary - Math.max(config.outageWindow, config.outageCountyWindow);
        outages.values().removeIf(k -> k.startedAt < keepFrom && (k.restoredAt == null || k.restoredAt < keepFrom));
        return alerts;
    }

    private void evaluatePlace(Place p, long boundary, List<HotspotAlert> alerts) {
        int count = p.entries.size();
        boolean hot = count >= config.outageMinOutages;
        Incident inc = p.incident;
        if (inc == null && !hot) {
            return;
        }
        if (inc != null && !hot) {
            alerts.add(inc.last.withStatus(AlertStatus.RESOLVED, boundary));
            p.incident = null;
            return;
        }
        boolean opening = inc == null;
        if (opening) {
            inc = new Incident();
            inc.start = p.entries.get(0).startedAt;
            inc.detectedAt = boundary;
            inc.alertId = AlertIds.of(AlertType.OUTAGE_REPEAT, p.level, countyCode + "/" + p.id, null, inc.start);
            p.incident = inc;
        } else if (count <= inc.peak) {
            return;
        }
        inc.peak = count;
        EvidenceCollector evidence = new EvidenceCollector();
        p.entries.forEach(e -> evidence.addOutage(config, e.outageId));
        double ratio = (double) count / config.outageMinOutages;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("window", config.get("outage.window"));
        params.put("min_outages", Integer.toString(config.outageMinOutages));
        params.put("counted", "distinct unplanned outages");
        inc.last = new HotspotAlert(inc.alertId, AlertType.OUTAGE_REPEAT,
                opening ? AlertStatus.OPEN : AlertStatus.UPDATED, countyCode, p.level, null, p.feederId,
                p.level == RegionLevel.STATION_AREA ? p.id : null, null, inc.start, boundary, inc.detectedAt,
                count, config.outageMinOutages, ratio, config.severityOfCountRatio(ratio), 0, DISCIPLINES,
                evidence.toEvidence(config), new HotspotAlert.Rule(RULE_PLACE, params));
        alerts.add(inc.last);
    }

    private void evaluateCounty(long boundary, List<HotspotAlert> alerts) {
        countyCounter.advanceTo(boundary);
        learn(boundary);
        long x = countyCounter.sum();
        double expected = level() * countyBuckets;
        boolean warm = firstBucket != Long.MIN_VALUE
                && boundary - firstBucket * config.outageSlide >= config.outageCountyWarmup;
        double logP = warm ? TailProbabilities.logNegativeBinomialTail(x, expected, config.outageCountyDispersion) : 0;
        double ratio = expected > 0 ? x / expected : Double.POSITIVE_INFINITY;
        boolean hot = warm && x >= config.outageCountyMinCount && ratio >= config.outageCountyMinRatio
                && logP <= Math.log(config.outageCountyPValue);
        boolean elevated = warm && ratio >= config.surgeResolveRatio && logP <= Math.log(config.surgeResolvePValue);
        Incident inc = countyIncident;
        if (inc == null && !hot) {
            return;
        }
        if (inc != null && !hot && !elevated) {
            inc.normalSlides++;
            if (inc.normalSlides >= config.surgeResolveSlides) {
                alerts.add(inc.last.withStatus(AlertStatus.RESOLVED, boundary));
                countyIncident = null;
            }
            return;
        }
        boolean opening = inc == null;
        if (opening) {
            inc = new Incident();
            inc.start = boundary - config.outageCountyWindow;
            inc.detectedAt = boundary;
            inc.alertId = AlertIds.of(AlertType.OUTAGE_REPEAT, RegionLevel.COUNTY, countyCode, null, inc.start);
            countyIncident = inc;
        } else {
            inc.normalSlides = 0;
            if (x <= inc.peak) {
                return;
            }
        }
        inc.peak = (int) x;
        double score = TailProbabilities.score(logP);
        EvidenceCollector evidence = new EvidenceCollector();
        long windowStart = boundary - config.outageCountyWindow;
        outages.entrySet().stream()
                .filter(e -> e.getValue().unplanned && e.getValue().startedAt >= windowStart)
                .sorted(Comparator.comparingLong((Map.Entry<String, Known> e) -> e.getValue().startedAt)
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> evidence.addOutage(config, e.getKey()));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("window", config.get("outage.countyWindow"));
        params.put("min_count", Integer.toString(config.outageCountyMinCount));
        params.put("min_ratio", Double.toString(config.outageCountyMinRatio));
        params.put("p_value", Double.toString(config.outageCountyPValue));
        params.put("test", "negative binomial against the county's own baseline");
        inc.last = new HotspotAlert(inc.alertId, AlertType.OUTAGE_REPEAT,
                opening ? AlertStatus.OPEN : AlertStatus.UPDATED, countyCode, RegionLevel.COUNTY, null, null,
                null, null, inc.start, boundary, inc.detectedAt, x, Math.round(expected * 1e4) / 1e4,
                Math.round(score * 1e4) / 1e4, config.severityOfPScore(score), 0, DISCIPLINES,
                evidence.toEvidence(config), new HotspotAlert.Rule(RULE_COUNTY, params));
        alerts.add(inc.last);
    }

    /** Learns the county's outage rate per slide from closed buckets; an open incident is capped. */
    private void learn(long boundary) {
        long from = learnedUpTo == Long.MIN_VALUE ? boundary - config.outageSlide : learnedUpTo;
        from = Math.max(from, boundary - config.outageCountyWindow);
        for (long b = from; b < boundary; b += config.outageSlide) {
            double count = countyCounter.bucket(b);
            if (countyIncident != null) {
                count = Math.min(count, level());
            }
            levelSum = (1 - levelRate) * levelSum + levelRate * count;
            levelWeight = (1 - levelRate) * levelWeight + levelRate;
            if (firstBucket == Long.MIN_VALUE) {
                firstBucket = Math.floorDiv(b, config.outageSlide);
            }
        }
        learnedUpTo = boundary;
    }

    private double level() {
        return levelWeight == 0 ? 0 : levelSum / levelWeight;
    }

    /** The county's state: its series and incident in the head; each outage seen and each place an entry. */
    public StateCodec.Snapshot<OutageCountyState, OutageEntryState> snapshot() {
        java.util.TreeMap<String, OutageEntryState> entries = new java.util.TreeMap<>();
        outages.forEach((id, k) -> entries.put("o:" + id,
                new OutageEntryState(new OutageSeenState(id, k.startedAt, k.restoredAt, k.unplanned), null)));
        places.forEach((key, p) -> {
            List<PlaceOutageState> os = new ArrayList<>(p.entries.size());
            p.entries.forEach(e -> os.add(new PlaceOutageState(e.startedAt(), e.outageId())));
            entries.put("p:" + key, new OutageEntryState(null,
                    new OutagePlaceState(p.level.name(), p.id, p.feederId, os, Incident.toState(p.incident))));
        });
        return new StateCodec.Snapshot<>(new OutageCountyState(evaluatedUpTo(), countyCounter.toState(), levelSum,
                levelWeight, firstBucket, learnedUpTo, Incident.toState(countyIncident)), entries);
    }

    /** The county's core, bound to {@code config}, from its head and entries. */
    public static OutageRepeatDetector fromState(DetectionConfig config, String countyCode, OutageCountyState head,
            Map<String, OutageEntryState> entries) {
        OutageRepeatDetector d = new OutageRepeatDetector(config, countyCode);
        d.restoreClock(head.getClock());
        d.countyCounter = SlidingCounter.fromState(head.getCountyCounter(), config.outageSlide, d.countyBuckets);
        d.levelSum = head.getLevelSum();
        d.levelWeight = head.getLevelWeight();
        d.firstBucket = head.getFirstBucket();
        d.learnedUpTo = head.getLearnedUpTo();
        d.countyIncident = Incident.fromState(head.getCountyIncident());
        for (OutageEntryState e : entries.values()) {
            if (e.getSeen() != null) {
                OutageSeenState s = e.getSeen();
                d.outages.put(s.getOutageId(), new Known(s.getStartedAt(), s.getRestoredAt(), s.getUnplanned()));
            }
            if (e.getPlace() != null) {
                OutagePlaceState s = e.getPlace();
                Place p = new Place(RegionLevel.valueOf(s.getLevel()), s.getId());
                p.feederId = s.getFeederId();
                s.getOutages().forEach(o -> p.entries.add(new Entry(o.getStartedAt(), o.getOutageId())));
                p.incident = Incident.fromState(s.getIncident());
                d.places.put(p.level + ":" + p.id, p);
            }
        }
        return d;
    }

    @Override
    protected boolean needsEveryBoundary() {
        return !stateEmpty();
    }

    @Override
    protected long stateWakeup() {
        return Long.MAX_VALUE;
    }

    @Override
    protected boolean stateEmpty() {
        return outages.isEmpty() && places.isEmpty() && countyIncident == null
                && level() * countyBuckets < FORGOTTEN;
    }

    static final class Known implements Serializable {
        private static final long serialVersionUID = 1L;
        final long startedAt;
        Long restoredAt;
        final boolean unplanned;

        Known(long startedAt, Long restoredAt, boolean unplanned) {
            this.startedAt = startedAt;
            this.restoredAt = restoredAt;
            this.unplanned = unplanned;
        }
    }

    record Entry(long startedAt, String outageId) implements Serializable {}

    static final class Place implements Serializable {
        private static final long serialVersionUID = 1L;
        final RegionLevel level;
        final String id;
        String feederId;
        /** Outages of this place in the window, in start order. */
        final ArrayList<Entry> entries = new ArrayList<>();
        Incident incident;

        Place(RegionLevel level, String id) {
            this.level = level;
            this.id = id;
        }

        void add(OutageSignal s) {
            Entry e = new Entry(s.startedAt(), s.outageId());
            int i = entries.size();
            while (i > 0 && (entries.get(i - 1).startedAt > e.startedAt
                    || (entries.get(i - 1).startedAt == e.startedAt && entries.get(i - 1).outageId.compareTo(e.outageId) > 0))) {
                i--;
            }
            entries.add(i, e);
        }
    }

    static final class Incident implements Serializable {
        private static final long serialVersionUID = 1L;
        String alertId;
        long start;
        long detectedAt;
        int peak;
        int normalSlides;
        HotspotAlert last;

        static OutageIncidentState toState(Incident i) {
            return i == null ? null : new OutageIncidentState(i.alertId, i.start, i.detectedAt, i.peak, i.normalSlides,
                    AlertStates.toState(i.last));
        }

        static Incident fromState(OutageIncidentState s) {
            if (s == null) {
                return null;
            }
            Incident i = new Incident();
            i.alertId = s.getAlertId();
            i.start = s.getStart();
            i.detectedAt = s.getDetectedAt();
            i.peak = s.getPeak();
            i.normalSlides = s.getNormalSlides();
            i.last = AlertStates.fromState(s.getLast());
            return i;
        }
    }
}
