package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.domain.Topic;

/**
 * COMPLAINT_SURGE for one (province, topic): one detector sees every county and city of the
 * province, so a region can be judged against its parent.
 *
 * <ul>
 *   <li>Counts are distinct customers per county within the window (a complaint without a
 *       customer id counts once), rolled up to city and province.
 *   <li>A county is tested against its city and a city against its province by the share of
 *       the parent's complaints it usually has (space-time permutation idea): observed ~
 *       Binomial(parent count, usual share). A rise of the whole parent is then no surge of the
 *       child.
 *   <li>The province is tested against its own seasonal baseline (level x hour x weekday) with a
 *       negative-binomial tail.
 *   <li>The excess of an active child is subtracted from its parent before the parent is tested,
 *       so one incident is reported once, at the lowest level that explains it.
 * </ul>
 */
public final class SurgeDetector extends BufferedDetector<ComplaintSignal> {
    private static final long serialVersionUID = 1L;
    private static final double FORGOTTEN = 0.01;
    public static final String RULE_SHARE = "surge.share-of-parent";
    public static final String RULE_BASELINE = "surge.seasonal-baseline";

    private final String provinceCode;
    private final Topic topic;
    private final int windowBuckets;
    private final double shareDecayPerSlide;
    private final TreeMap<String, RegionState> regions = new TreeMap<>();
    private final SeasonalBaseline provinceBaseline;
    private long baselineUpTo = Long.MIN_VALUE;
    /** The forecast of each bucket in the window, made before the bucket was learned from. */
    private final double[] forecasts;
    private final long[] forecastBuckets;

    public SurgeDetector(DetectionConfig config, String provinceCode, Topic topic) {
        super(config, config.surgeSlide);
        this.provinceCode = provinceCode;
        this.topic = topic;
        this.windowBuckets = (int) (config.surgeWindow / config.surgeBucket);
        this.shareDecayPerSlide = Math.pow(2, -(double) config.surgeSlide / config.surgeShareHalfLife);
        this.forecasts = new double[windowBuckets];
        this.forecastBuckets = new long[windowBuckets];
        java.util.Arrays.fill(forecastBuckets, Long.MIN_VALUE);
        this.provinceBaseline = new SeasonalBaseline(config.surgeBucket, config.utcOffsetMillis,
                config.surgeBaselineHalfLife, config.surgeProfileHalfLife);
    }

    /** The key of the detector a complaint of this county and topic goes to. */
    public static String keyOf(String countyCode, Topic topic) {
        return RegionCode.provinceOf(countyCode) + "|" + topic.name();
    }

    public Topic topic() {
        return topic;
    }

    public String provinceCode() {
        return provinceCode;
    }

    /** Number of regions (counties, cities, the province) this detector holds state for. */
    public int regionCount() {
        return regions.size();
    }

    /** The province's expected window total ending at {@code boundary} (for tests and diagnostics). */
    double provinceExpected(long boundary) {
        // Forecasts made before each bucket was seen: today's rise must not raise its own expectation.
        double total = 0;
        for (int i = 1; i <= windowBuckets; i++) {
            long start = boundary - i * config.surgeBucket;
            long k = Math.floorDiv(start, config.surgeBucket);
            int slot = (int) Math.floorMod(k, (long) windowBuckets);
            total += forecastBuckets[slot] == k ? forecasts[slot] : provinceBaseline.expected(start);
        }
        return total;
    }

    @Override
    protected long eventTime(ComplaintSignal s) {
        return s.receivedAt();
    }

    @Override
    protected String idOf(ComplaintSignal s) {
        return s.complaintId();
    }

    @Override
    protected void apply(ComplaintSignal s) {
        String code = s.countyCode();
        if (!RegionCode.isValid(code) || !RegionCode.provinceOf(code).equals(provinceCode)) {
            return; // the caller's keying guarantees this; a stray record must not corrupt shares
        }
        List<RegionState> chain = chainOf(code);
        RegionState lowest = chain.get(0);
        if (!lowest.countCustomer(s.customerId(), s.receivedAt(), config)) {
            return; // the same customer again within the window: a repeat complainant, not a surge
        }
        for (RegionState r : chain) {
            r.add(s, config);
        }
    }

    private List<RegionState> chainOf(String code) {
        List<RegionState> chain = new ArrayList<>(3);
        RegionCode.AdminLevel level = RegionCode.levelOf(code);
        if (level == RegionCode.AdminLevel.COUNTY) {
            chain.add(region(code, RegionLevel.COUNTY, RegionCode.cityOf(code)));
        }
        if (level != RegionCode.AdminLevel.PROVINCE) {
            String city = RegionCode.cityOf(code);
            chain.add(region(city, RegionLevel.CITY, provinceCode));
        }
        chain.add(region(provinceCode, RegionLevel.PROVINCE, null));
        return chain;
    }

    private RegionState region(String code, RegionLevel level, String parent) {
        return regions.computeIfAbsent(code, c -> new RegionState(c, level, parent, config, windowBuckets));
    }

    @Override
    protected List<HotspotAlert> evaluate(long boundary) {
        learnBaseline(boundary);
        for (RegionState r : regions.values()) {
            r.counter.advanceTo(boundary);
        }
        List<HotspotAlert> alerts = new ArrayList<>();
        RegionState province = regions.get(provinceCode);
        if (province == null) {
            forget(boundary);
            return alerts;
        }
        boolean warm = provinceBaseline.history() >= config.surgeWarmup;
        double provinceExpected = provinceExpected(boundary);
        Map<String, Double> activeExcessByParent = new TreeMap<>();
        double countyExcessTotal = 0;
        // Bottom-up: counties, then cities, then the province, each net of its active children.
        for (RegionState county : levelRegions(RegionLevel.COUNTY)) {
            RegionState city = regions.get(county.parent);
            double excess = evaluateChild(county, city.counter.sum(), city.longRun, 0, province.longRun,
                    provinceExpected, warm, boundary, alerts);
            if (excess > 0) {
                activeExcessByParent.merge(city.code, excess, Double::sum);
                countyExcessTotal += excess;
            }
        }
        double cityExcessTotal = 0;
        for (RegionState city : levelRegions(RegionLevel.CITY)) {
            double childExcess = activeExcessByParent.getOrDefault(city.code, 0.0);
            double parentCount = province.counter.sum() - countyExcessTotal;
            cityExcessTotal += evaluateChild(city, parentCount, province.longRun, childExcess, province.longRun,
                    provinceExpected, warm, boundary, alerts);
        }
        evaluateProvince(province, countyExcessTotal + cityExcessTotal, provinceExpected, warm, boundary, alerts);
        forget(boundary);
        return alerts;
    }

    private List<RegionState> levelRegions(RegionLevel level) {
        List<RegionState> list = new ArrayList<>();
        for (RegionState r : regions.values()) {
            if (r.level == level) {
                list.add(r);
            }
        }
        return list;
    }

    /**
     * A county or city is hot when its count is far above its own expectation (its usual share of
     * the province times the province's seasonal baseline) and its share of its parent jumped
     * (binomial test against the usual share). Returns its excess over what its siblings
     * predict while it has an open incident, so that the parent is tested net of it.
     */
    private double evaluateChild(RegionState child, double parentCount, double parentLongRun,
            double explainedByChildren, double provinceLongRun, double provinceExpected, boolean warm,
            long boundary, List<HotspotAlert> alerts) {
        long x = Math.max(0, Math.round(child.counter.sum() - explainedByChildren));
        if (child.incident == null && x < config.surgeMinCount) {
            return 0; // O(1) for a quiet region: it can neither open nor hold an incident
        }
        long n = Math.max(x, Math.round(parentCount));
        double share = parentLongRun > 0 ? Math.min(1.0, child.longRun / parentLongRun) : 1.0;
        double provinceShare = provinceLongRun > 0 ? Math.min(1.0, child.longRun / provinceLongRun) : 0;
        double seasonal = provinceShare * provinceExpected;
        // What the siblings predict right now (their count scaled by the usual shares): a rise of the
        // whole parent (a tariff change, the billing days, a bad-weather day) lifts it with the child.
        // Unlike share x parent it is not inflated by the child's own rise.
        double fromSiblings = share >= 1 ? 0 : share / (1 - share) * (n - x);
        double expected = Math.max(seasonal, fromSiblings);
        double logP = warm ? TailProbabilities.logNegativeBinomialTail(x, expected, config.surgeDispersion) : 0;
        double logShareP = TailProbabilities.logBinomialTail(x, n, share);
        Verdict v = warm ? verdict(x, expected, logP) : Verdict.NORMAL;
        if (v == Verdict.HOT && ancestorHasIncident(child)
                && !concentratedIn(child, x - seasonal, logShareP, provinceLongRun, provinceExpected)) {
            // The parent already reports the rise this child is merely part of.
            v = child.incident != null ? Verdict.ELEVATED : Verdict.NORMAL;
        }
        java.util.function.Supplier<Map<String, String>> params = () -> {
        Map<String, String> p = ruleParameters();
        p.put("test", "negative binomial against the larger of the usual share of the seasonal province"
                + " baseline and what the siblings predict");
        p.put("parent_region_code", child.parent);
        p.put("parent_count", Long.toString(n));
        p.put("usual_share_of_parent", String.format(java.util.Locale.ROOT, "%.4f", share));
        p.put("usual_share_of_province", String.format(java.util.Locale.ROOT, "%.4f", provinceShare));
        p.put("province_expected", String.format(java.util.Locale.ROOT, "%.3f", provinceExpected));
        p.put("share_p_value", String.format(java.util.Locale.ROOT, "%.3g", Math.exp(logShareP)));
        p.put("seasonal_expected", String.format(java.util.Locale.ROOT, "%.3f", seasonal));
        p.put("expected_from_siblings", String.format(java.util.Locale.ROOT, "%.3f", fromSiblings));
        return p;
        };
        lifecycle(child, v, x, expected, logP, boundary, RULE_SHARE, params, alerts);
        return child.incident != null ? Math.max(0, x - fromSiblings) : 0;
    }

    /**
     * True when most of the parent's excess sits in this child and its share jump passes the strict
     * test: then the child is the precise place of the incident and is reported itself.
     */
    private boolean concentratedIn(RegionState child, double childExcess, double logShareP, double provinceLongRun,
            double provinceExpected) {
        RegionState parent = regions.get(child.parent);
        double parentExpected = provinceLongRun > 0 ? parent.longRun / provinceLongRun * provinceExpected : 0;
        double parentExcess = parent.counter.sum() - parentExpected;
        return logShareP <= Math.log(config.surgePValue) && childExcess >= 0.5 * parentExcess;
    }

    private boolean ancestorHasIncident(RegionState child) {
        for (String code = child.parent; code != null; ) {
            RegionState r = regions.get(code);
            if (r == null) {
                return false;
            }
            if (r.incident != null) {
                return true;
            }
            code = r.parent;
        }
        return false;
    }

    private void evaluateProvince(RegionState province, double explainedByChildren, double expected, boolean warm,
            long boundary, List<HotspotAlert> alerts) {
        long x = Math.max(0, Math.round(province.counter.sum() - explainedByChildren));
        double logP = warm ? TailProbabilities.logNegativeBinomialTail(x, expected, config.surgeDispersion) : 0;
        java.util.function.Supplier<Map<String, String>> params = () -> {
            Map<String, String> p = ruleParameters();
            p.put("test", "negative binomial against seasonal baseline");
            return p;
        };
        Verdict v = warm ? verdict(x, expected, logP) : Verdict.NORMAL;
        lifecycle(province, v, x, expected, logP, boundary, RULE_BASELINE, params, alerts);
    }

    private enum Verdict { HOT, ELEVATED, NORMAL }

    private Verdict verdict(long x, double expected, double logP) {
        double ratio = expected > 0 ? x / expected : Double.POSITIVE_INFINITY;
        if (x >= config.surgeMinCount && ratio >= config.surgeMinRatio && logP <= Math.log(config.surgePValue)) {
            return Verdict.HOT;
        }
        if (x > 0 && ratio >= config.surgeResolveRatio && logP <= Math.log(config.surgeResolvePValue)) {
            return Verdict.ELEVATED;
        }
        return Verdict.NORMAL;
    }

    private void lifecycle(RegionState r, Verdict v, long x, double expected, double logP, long boundary,
            String ruleName, java.util.function.Supplier<Map<String, String>> params, List<HotspotAlert> alerts) {
        double score = TailProbabilities.score(logP);
        Incident inc = r.incident;
        if (inc == null) {
            if (v != Verdict.HOT) {
                return;
            }
            long start = boundary - config.surgeWindow;
            inc = new Incident();
            inc.alertId = AlertIds.of(AlertType.COMPLAINT_SURGE, r.level, r.code, topic, start);
            inc.start = start;
            inc.detectedAt = boundary;
            inc.evidence = new EvidenceCollector(config);
            for (Recent c : r.recent) {
                if (c.time >= start) {
                    inc.evidence.addComplaint(c.id, c.keywords, c.text);
                }
            }
            inc.peakObserved = x;
            inc.severity = config.severityOfPScore(score);
            r.incident = inc;
            inc.last = alert(r, inc, AlertStatus.OPEN, x, expected, score, boundary, ruleName, params);
            alerts.add(inc.last);
            return;
        }
        if (v == Verdict.NORMAL) {
            inc.normalSlides++;
            if (inc.normalSlides >= config.surgeResolveSlides) {
                alerts.add(inc.last.withStatus(AlertStatus.RESOLVED, boundary));
                r.incident = null;
            }
            return;
        }
        inc.normalSlides = 0;
        Severity severity = Severity.max(inc.severity, config.severityOfPScore(score));
        if (x > inc.peakObserved || severity != inc.severity) {
            inc.peakObserved = Math.max(inc.peakObserved, x);
            inc.severity = severity;
            inc.last = alert(r, inc, AlertStatus.UPDATED, x, expected, score, boundary, ruleName, params);
            alerts.add(inc.last);
        }
    }

    private HotspotAlert alert(RegionState r, Incident inc, AlertStatus status, long x, double expected,
            double score, long boundary, String ruleName, java.util.function.Supplier<Map<String, String>> params) {
        return new HotspotAlert(inc.alertId, AlertType.COMPLAINT_SURGE, status, r.code, r.level, null,
                null, null, topic, inc.start, boundary, inc.detectedAt, x, round(expected), round(score),
                inc.severity, (int) x, topic.disciplines(), inc.evidence.toEvidence(),
                new HotspotAlert.Rule(ruleName, params.get()));
    }

    private Map<String, String> ruleParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("window", config.get("surge.window"));
        p.put("slide", config.get("surge.slide"));
        p.put("min_count", Integer.toString(config.surgeMinCount));
        p.put("min_ratio", Double.toString(config.surgeMinRatio));
        p.put("p_value", Double.toString(config.surgePValue));
        p.put("dispersion", Double.toString(config.surgeDispersion));
        return p;
    }

    /** Feeds closed buckets to the province baseline and decays the long-run counts behind the shares. */
    private void learnBaseline(long boundary) {
        RegionState province = regions.get(provinceCode);
        long bucket = config.surgeBucket;
        long from = baselineUpTo == Long.MIN_VALUE ? boundary - config.surgeSlide : baselineUpTo;
        from = Math.max(from, boundary - config.surgeWindow); // the ring holds no more than one window
        if (province != null) {
            province.counter.advanceTo(boundary);
        }
        for (long b = from; b < boundary; b += bucket) {
            double count = province == null ? 0 : province.counter.bucket(b);
            double expected = provinceBaseline.expected(b);
            long k = Math.floorDiv(b, bucket);
            int slot = (int) Math.floorMod(k, (long) windowBuckets);
            forecasts[slot] = expected;
            forecastBuckets[slot] = k;
            if (province != null && province.incident != null && provinceBaseline.level() > 0) {
                count = Math.min(count, expected); // an ongoing surge must not become the new normal
            } else if (provinceBaseline.history() >= config.surgeWarmup) {
                count = Math.min(count, SeasonalBaseline.robustCap(expected)); // nor a rise before it is called
            }
            provinceBaseline.update(b, count);
        }
        baselineUpTo = boundary;
        for (RegionState r : regions.values()) {
            r.longRun *= shareDecayPerSlide;
        }
    }

    private void forget(long boundary) {
        long windowStart = boundary - config.surgeWindow;
        Iterator<RegionState> it = regions.values().iterator();
        while (it.hasNext()) {
            RegionState r = it.next();
            r.forgetCustomersBefore(windowStart);
            if (r.incident == null && r.counter.isEmpty() && r.longRun < FORGOTTEN) {
                it.remove();
            }
        }
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
        // The baseline of a quiet topic decays too; once forgotten, the key may be dropped.
        return regions.isEmpty() && provinceBaseline.level() * windowBuckets < FORGOTTEN;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /** One open incident of a region. */
    static final class Incident implements Serializable {
        private static final long serialVersionUID = 1L;
        String alertId;
        long start;
        long detectedAt;
        long peakObserved;
        Severity severity;
        int normalSlides;
        EvidenceCollector evidence;
        HotspotAlert last;
    }

    /** A recent complaint kept for evidence when an incident opens. */
    record Recent(String id, long time, List<String> keywords, String text) implements Serializable {}

    /** Counts, usual share and incident of one county, city or the province. */
    static final class RegionState implements Serializable {
        private static final long serialVersionUID = 1L;
        private static final int MAX_KEYWORDS_PER_RECENT = 8;
        final String code;
        final RegionLevel level;
        final String parent;
        final SlidingCounter counter;
        /** Exponentially decayed count of all time: the region's weight behind its usual share. */
        double longRun;
        /** County level only: customer id to the event time they were last counted. */
        final LinkedHashMap<String, Long> customers = new LinkedHashMap<>();
        final ArrayList<Recent> recent = new ArrayList<>();
        final int maxRecent;
        Incident incident;

        RegionState(String code, RegionLevel level, String parent, DetectionConfig config, int windowBuckets) {
            this.code = code;
            this.level = level;
            this.parent = parent;
            this.counter = new SlidingCounter(config.surgeBucket, windowBuckets);
            this.maxRecent = config.evidenceMaxIds;
        }

        /** True if this complaint counts: unknown customer, or not counted here within the window. */
        boolean countCustomer(String customerId, long time, DetectionConfig config) {
            if (customerId == null) {
                return true;
            }
            Long last = customers.get(customerId);
            if (last != null && last > time - config.surgeWindow) {
                return false;
            }
            if (last != null || customers.size() < config.surgeMaxCustomersPerRegion) {
                customers.remove(customerId); // re-insert so the map stays in time order
                customers.put(customerId, time);
            }
            return true;
        }

        void add(ComplaintSignal s, DetectionConfig config) {
            counter.add(s.receivedAt(), 1);
            longRun += 1;
            List<String> kw = s.keywords().size() > MAX_KEYWORDS_PER_RECENT
                    ? new ArrayList<>(s.keywords().subList(0, MAX_KEYWORDS_PER_RECENT))
                    : s.keywords();
            if (recent.size() >= maxRecent) {
                recent.remove(0);
            }
            recent.add(new Recent(s.complaintId(), s.receivedAt(), kw, s.text()));
            if (incident != null) {
                incident.evidence.addComplaint(s.complaintId(), s.keywords(), s.text());
            }
        }

        void forgetCustomersBefore(long windowStart) {
            // Insertion order is time order (re-inserted on each count), so stop at the first recent one.
            Iterator<Map.Entry<String, Long>> it = customers.entrySet().iterator();
            while (it.hasNext() && it.next().getValue() <= windowStart) {
                it.remove();
            }
            if (counter.isEmpty()) {
                recent.clear();
            }
        }
    }
}
