package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.detect.SurgeTest.Verdict;
import org.powerhotspots.domain.Topic;
import org.powerhotspots.schema.state.CustomerSeenState;
import org.powerhotspots.schema.state.DispersionState;
import org.powerhotspots.schema.state.RecentComplaintState;
import org.powerhotspots.schema.state.SurgeIncidentState;
import org.powerhotspots.schema.state.SurgeRegionState;
import org.powerhotspots.schema.state.SurgeTopicState;

/**
 * COMPLAINT_SURGE for one (province, topic), held by the province's {@link ProvinceSurgeDetector}:
 * it sees every county and city of the province, so a region can be judged against its parent.
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
public final class SurgeDetector extends ComplaintDetector {
    private static final long serialVersionUID = 1L;
    private static final long DAY_MILLIS = 24 * 3_600_000L;
    private static final double FORGOTTEN = 0.01;
    public static final String RULE_SHARE = "surge.share-of-parent";
    public static final String RULE_BASELINE = "surge.seasonal-baseline";
    /**
     * ln of the tail at which the rest of the province counts as rising, for the expectation of a county: the
     * conventional 5 %, since it only decides which of two estimates of the county's expectation is used.
     */
    private static final double LOG_CONTEXT_RISING = Math.log(0.05);

    /** The background of evidence keyword salience during one evaluation (the province's; not state). */
    private transient java.util.function.ToDoubleFunction<String> keywordShare;
    private final String provinceCode;
    private final Topic topic;
    /** Window lengths tested at once (short, main surge.window, long), ascending; main at {@link #main}. */
    private final long[] windows;
    private final int[] windowBucketCounts;
    private final int main;
    /** Buckets of the longest window: the ring of forecasts and the customer dedupe span. */
    private final int windowBuckets;
    /** Online method-of-moments estimate of 1/dispersion per level and window: decayed sums. */
    /** The province's dispersion per tested window, learned from its forecast errors. */
    private final DispersionEstimate[] provinceDispersion;
    /**
     * The same, learned from the windows on a day of the month not learned yet, against the expectation scaled by
     * the day so far (see dayAdjusted): a young baseline's errors are not those of one that knows the month.
     */
    private final DispersionEstimate[] provinceDayDispersion;
    /** From surge.slide and surge.shareHalfLife. */
    private final double shareDecayPerSlide;
    private final TreeMap<String, RegionState> regions = new TreeMap<>();
    /** The province's seasonal forecast of this topic. */
    private final ForecastRing provinceForecast;
    /** Per window as of the boundary being evaluated: reaches into a day of the month not learned yet. */
    private transient boolean[] provinceWindowUnlearned;
    /** Per window as of the boundary being evaluated: the day's factor from the day so far (LEARNED: none). */
    private transient DayFactor[] provinceDay;
    /** As of the boundary being evaluated: the baseline has learned for surge.warmup and a level half-life. */
    private transient boolean provinceSettled;

    public SurgeDetector(DetectionConfig config, String provinceCode, Topic topic) {
        super(config);
        this.provinceCode = provinceCode;
        this.topic = topic;
        this.windows = windows(config);
        this.main = java.util.Arrays.binarySearch(windows, config.surgeWindow);
        this.windowBucketCounts = windowBucketCounts(config);
        this.windowBuckets = windowBucketCounts[windows.length - 1];
        double decayPerSlide = Math.pow(2, -(double) config.surgeSlide / config.surgeProfileHalfLife);
        this.provinceDispersion = new DispersionEstimate[windows.length];
        this.provinceDayDispersion = new DispersionEstimate[windows.length];
        for (int w = 0; w < windows.length; w++) {
            provinceDispersion[w] = new DispersionEstimate(config, decayPerSlide);
            provinceDayDispersion[w] = new DispersionEstimate(config, decayPerSlide);
        }
        this.provinceForecast = new ForecastRing(config, windowBuckets);
        this.shareDecayPerSlide = Math.pow(2, -(double) config.surgeSlide / config.surgeShareHalfLife);
    }

    @Override
    protected long slideOf(DetectionConfig settings) {
        return settings.surgeSlide;
    }

    /** The tested window lengths (surge.scanWindows, else short, main surge.window, long), ascending. */
    static long[] windows(DetectionConfig config) {
        return config.surgeWindows.clone();
    }

    /** The tested window lengths in buckets, ascending. */
    static int[] windowBucketCounts(DetectionConfig config) {
        long[] windows = windows(config);
        int[] out = new int[windows.length];
        for (int i = 0; i < windows.length; i++) {
            out[i] = (int) (windows[i] / config.surgeBucket);
        }
        return out;
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
        return provinceExpectedPerWindow(boundary)[main];
    }

    /** The province's expected total of each tested window ending at {@code boundary}. */
    private double[] provinceExpectedPerWindow(long boundary) {
        return provinceForecast.expectedPerWindow(boundary, windowBucketCounts);
    }


    @Override
    protected void apply(ComplaintSignal s) {
        String code = s.countyCode();
        if (!RegionCode.isValid(code) || !RegionCode.provinceOf(code).equals(provinceCode)) {
            return; // the caller's keying guarantees this; a stray record must not corrupt shares
        }
        count(s);
    }

    /** Counts a complaint of this province (checked by the caller). */
    void count(ComplaintSignal s) {
        String code = s.countyCode();
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
        return regions.computeIfAbsent(code, c -> new RegionState(c, level, parent, config, windowBucketCounts));
    }

    @Override
    protected List<HotspotAlert> evaluate(long boundary) {
        return evaluate(boundary, prepare(boundary), null);
    }

    /** The province's count and seasonal forecast of this topic per tested window, as of a boundary. */
    record ProvinceSeries(double[] observed, double[] expected, boolean warm, double[] todayObserved,
            double[] todayExpected) {
        /** A series with nothing of the day before its windows. */
        ProvinceSeries(double[] observed, double[] expected, boolean warm) {
            this(observed, expected, warm, new double[observed.length], new double[observed.length]);
        }

        /**
         * Per window, the count and forecast of the same day before the window starts (as far back as the
         * longest window reaches): the series {@link CommonMode} reads for the day so far.
         */
        ProvinceSeries today() {
            return new ProvinceSeries(todayObserved, todayExpected, warm);
        }
    }

    /**
     * The first step of a boundary: feeds the baseline and closes every region's buckets. Returns the
     * province's series, or null while it has no complaint of this topic in its windows' state.
     */
    ProvinceSeries prepare(long boundary) {
        learnBaseline(boundary);
        for (RegionState r : regions.values()) {
            r.advanceTo(boundary);
        }
        RegionState province = regions.get(provinceCode);
        if (province == null) {
            return null;
        }
        // The day so far before each window: the buckets from local midnight (or as far as the ring reaches) to
        // the window's start.
        int reach = windowBucketCounts[windowBucketCounts.length - 1];
        int[] every = new int[reach];
        for (int i = 0; i < reach; i++) {
            every[i] = i + 1;
        }
        long[] counts = province.longest().suffixSums(every);
        double[] forecasts = provinceForecast.expectedPerWindow(boundary, every);
        int sinceMidnight = (int) Math.min(reach,
                Math.floorMod(boundary + config.utcOffsetMillis, DAY_MILLIS) / config.surgeBucket);
        double[] todayObserved = new double[windows.length];
        double[] todayExpected = new double[windows.length];
        for (int w = 0; w < windows.length; w++) {
            int b = windowBucketCounts[w];
            if (sinceMidnight > b) {
                todayObserved[w] = counts[sinceMidnight - 1] - counts[b - 1];
                todayExpected[w] = forecasts[sinceMidnight - 1] - forecasts[b - 1];
            }
        }
        return new ProvinceSeries(province.windowTotals(), provinceExpectedPerWindow(boundary), provinceForecast.warm(),
                todayObserved, todayExpected);
    }

    /**
     * Evaluates as of {@code boundary}, on what {@link #prepare} returned; with the common-mode factor per window
     * (how the province's other topics run against their forecasts, see {@link CommonMode}) the seasonal forecast
     * is scaled by it, so a busy or quiet day for everything (weather, news, a holiday) is no rise of this topic
     * and a forecast that runs high does not hide one.
     */
    List<HotspotAlert> evaluate(long boundary, ProvinceSeries series, double[] volumeFactor) {
        return evaluate(boundary, series, volumeFactor, null, org.powerhotspots.text.TermBackground.bundled()::share);
    }

    /**
     * As above, with the common-mode factor of the day so far before each window ({@code todayFactor}, null for
     * none) and the province's keyword background for the salience of evidence keywords.
     */
    List<HotspotAlert> evaluate(long boundary, ProvinceSeries series, double[] volumeFactor, double[] todayFactor,
            java.util.function.ToDoubleFunction<String> keywordShare) {
        this.keywordShare = keywordShare;
        List<HotspotAlert> alerts = new ArrayList<>();
        RegionState province = regions.get(provinceCode);
        if (series == null) {
            forget(boundary);
            return alerts;
        }
        int nw = windows.length;
        boolean warm = series.warm();
        double[] provinceExpected = series.expected().clone();
        if (volumeFactor != null) {
            for (int w = 0; w < nw; w++) {
                provinceExpected[w] *= volumeFactor[w];
            }
        }
        markUnlearnedMonthDays(boundary);
        double[] provinceTestExpected = dayAdjusted(series, provinceExpected, todayFactor);
        if (warm) {
            learnDispersion(provinceTestExpected, province.longRun);
        }
        double[] none = new double[nw];
        Map<String, double[]> activeExcessByParent = new TreeMap<>();
        double[] countyExcessTotal = new double[nw];
        // Bottom-up: counties, then cities, then the province, each net of its active children.
        for (RegionState county : levelRegions(RegionLevel.COUNTY)) {
            RegionState city = regions.get(county.parent);
            double[] excess = evaluateChild(county, city.windowTotals(), series.observed(), city.longRun, none, province.longRun,
                    provinceExpected, warm, boundary, alerts);
            if (excess != null) {
                double[] acc = activeExcessByParent.computeIfAbsent(city.code, c -> new double[nw]);
                for (int w = 0; w < nw; w++) {
                    acc[w] += excess[w];
                    countyExcessTotal[w] += excess[w];
                }
            }
        }
        double[] provinceCounts = series.observed();
        double[] parentCount = new double[nw];
        for (int w = 0; w < nw; w++) {
            parentCount[w] = provinceCounts[w] - countyExcessTotal[w];
        }
        double[] explained = countyExcessTotal.clone();
        for (RegionState city : levelRegions(RegionLevel.CITY)) {
            double[] childExcess = activeExcessByParent.getOrDefault(city.code, none);
            double[] excess = evaluateChild(city, parentCount, null, province.longRun, childExcess, province.longRun,
                    provinceExpected, warm, boundary, alerts);
            if (excess != null) {
                for (int w = 0; w < nw; w++) {
                    explained[w] += excess[w];
                }
            }
        }
        evaluateProvince(province, explained, provinceTestExpected, volumeFactor, warm, boundary, alerts);
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
     * Learns the province's over-dispersion per window from its own forecast errors while it has no open
     * incident (see {@link DispersionEstimate}). A province is far less over-dispersed than a county (its
     * luck averages out), so the counties' constant surge.dispersion would hide province-wide rises. A window on a
     * day of the month not learned yet teaches the day estimate, from the errors of the expectation it is tested
     * against (scaled by the day so far, see {@link #dayAdjusted}) and only once the baseline has settled: before
     * that they are the baseline's youth (its level still finding its place), not the series' over-dispersion.
     * The other windows teach the main estimate.
     */
    private void learnDispersion(double[] provinceExpected, double provinceLongRun) {
        RegionState province = regions.get(provinceCode);
        if (!config.surgeEstimateDispersion || provinceLongRun <= 0 || province == null) {
            return;
        }
        for (int w = 0; w < windows.length; w++) {
            boolean unlearned = provinceWindowUnlearned[w];
            if (province.incident == null && !unlearned) {
                provinceDispersion[w].learn(province.sum(w), provinceExpected[w]);
            } else {
                provinceDispersion[w].skip();
            }
            if (province.incident == null && unlearned && provinceSettled) {
                provinceDayDispersion[w].learn(province.sum(w), provinceExpected[w]);
            } else {
                provinceDayDispersion[w].skip();
            }
        }
    }

    /** The negative-binomial dispersion of a level and window: learned for the province, else surge.dispersion. */
    double dispersion(RegionLevel level, int window) {
        // Only the province's series is dense enough to learn from: a county's or city's estimate swings with
        // a handful of complaints, and would make its test too lax or too strict by chance.
        if (!config.surgeEstimateDispersion || level != RegionLevel.PROVINCE) {
            return config.surgeDispersion;
        }
        if (provinceWindowUnlearned == null || !provinceWindowUnlearned[window]) {
            return provinceDispersion[window].dispersion();
        }
        return provinceDay[window].widen(provinceDayDispersion[window].dispersion());
    }

    /**
     * The province's expectation per window ({@code provinceExpected}); on a day of the month its baseline has not
     * learned yet, scaled by what the day so far says of that day, before the window starts (so a rise does not
     * raise its own expectation): a billing day runs high from midnight, a rise starts within the day. The day's
     * factor has a gamma prior (mean 1, coefficient of variation {@link SeasonalBaseline#UNLEARNED_MONTH_DAY_CV})
     * updated with the day's count so far against its forecast (scaled by the common mode of the same hours,
     * {@code todayFactor}); what is still unknown of it widens the province's dispersion ({@link #dispersion}).
     * Early in a day that is all of the prior, so a billing day seen for the first time is no surge (SPEC
     * behaviour 2); by the afternoon of an ordinary day, little of it, so a province-wide rise is tested at the
     * province's own dispersion even before any day of the month is learned. Until the baseline has settled
     * (surge.warmup and one level half-life of history) its forecast's shape within a day is still too rough for
     * the day so far to say much: the province is tested at the configured dispersion, unscaled.
     */
    private double[] dayAdjusted(ProvinceSeries series, double[] provinceExpected, double[] todayFactor) {
        double[] out = provinceExpected.clone();
        provinceDay = new DayFactor[windows.length];
        provinceSettled = provinceForecast.history() >= config.surgeWarmup + config.surgeBaselineHalfLife;
        for (int w = 0; w < windows.length; w++) {
            provinceDay[w] = DayFactor.LEARNED;
            if (provinceWindowUnlearned[w] && provinceSettled) {
                double forecast = series.todayExpected()[w] * (todayFactor == null ? 1 : todayFactor[w]);
                provinceDay[w] = DayFactor.of(series.todayObserved()[w], forecast);
                out[w] *= provinceDay[w].factor();
            }
        }
        return out;
    }

    /**
     * Marks the province's windows ending at {@code boundary} that reach into a day of the month its baseline has
     * not learned yet: their dispersion is widened by what such a day may carry, so a billing day seen for the
     * first time is no surge (SPEC behaviour 2), while a day already learned is tested at the learned dispersion.
     */
    private void markUnlearnedMonthDays(long boundary) {
        boolean[] unlearned = new boolean[windows.length];
        for (int w = 0; w < windows.length; w++) {
            unlearned[w] = !provinceForecast.monthDaysLearned(boundary, windowBucketCounts[w]);
        }
        provinceWindowUnlearned = unlearned;
    }

    /** The test of one window: observed, expected, ln p, verdict. */
    private record WindowTest(int window, long x, double expected, double fromSiblings, double seasonal, long n,
            double logP, Verdict verdict) {}

    /**
     * Tests every window of a county or city against the largest of its seasonal expectation, what its
     * siblings predict and, for a county ({@code provinceCount} given) while the rest of the province rises,
     * what that rest predicts; the strongest hot (else elevated) window decides. Returns its
     * excess over what its siblings predict per window while it has an open incident (null when
     * none), so that the parent is tested net of it.
     */
    private double[] evaluateChild(RegionState child, double[] parentCount, double[] provinceCount, double parentLongRun,
            double[] explainedByChildren, double provinceLongRun, double[] provinceExpected, boolean warm,
            long boundary, List<HotspotAlert> alerts) {
        int longest = windows.length - 1;
        long xLongest = Math.max(0, Math.round(child.sum(longest) - explainedByChildren[longest]));
        if (child.incident == null && xLongest < config.surgeMinCount) {
            return null; // O(1) for a quiet region: no window can open or hold an incident
        }
        double share = parentLongRun > 0 ? Math.min(1.0, child.longRun / parentLongRun) : 1.0;
        double provinceShare = provinceLongRun > 0 ? Math.min(1.0, child.longRun / provinceLongRun) : 0;
        WindowTest[] tests = new WindowTest[windows.length];
        for (int w = 0; w < windows.length; w++) {
            long x = Math.max(0, Math.round(child.sum(w) - explainedByChildren[w]));
            long n = Math.max(x, Math.round(parentCount[w]));
            double seasonal = provinceShare * provinceExpected[w];
            // What the siblings predict right now (their count scaled by the usual shares): a rise of the
            // whole parent (a tariff change, the billing days, a bad-weather day) lifts it with the child.
            // Unlike share x parent it is not inflated by the child's own rise.
            double fromSiblings = share >= 1 ? 0 : share / (1 - share) * (n - x);
            double expected = Math.max(seasonal, fromSiblings);
            if (provinceCount != null && provinceShare < 1) {
                // While the rest of the province rises, a county is also what it predicts: a province-wide rise
                // reaches a small city's few counties late and thinly, and would otherwise make one of them a lucky
                // county alert.
                double rest = Math.max(0, provinceCount[w] - x);
                double fromProvince = provinceShare / (1 - provinceShare) * rest;
                if (fromProvince > expected && TailProbabilities.negativeBinomialTailAtMost(Math.round(rest),
                        Math.max(1e-9, provinceExpected[w] - seasonal), provinceDispersion[w].dispersion(),
                        LOG_CONTEXT_RISING)) {
                    expected = fromProvince;
                }
            }
            tests[w] = test(w, x, expected, fromSiblings, seasonal, n, child, warm);
        }
        WindowTest t = strongest(tests);
        Verdict v = t.verdict;
        double logShareP = TailProbabilities.logBinomialTail(t.x, t.n, share);
        if (v == Verdict.HOT && ancestorHasIncident(child)
                && !concentratedIn(child, t.x - t.seasonal, logShareP, provinceLongRun, provinceExpected[t.window], t.window)) {
            // The parent already reports the rise this child is merely part of.
            v = child.incident != null ? Verdict.ELEVATED : Verdict.NORMAL;
        }
        java.util.function.Supplier<Map<String, String>> params = () -> {
            Map<String, String> p = ruleParameters(child.level, t.window);
            p.put("test", "negative binomial against the larger of the usual share of the seasonal province"
                    + " baseline and what the siblings predict");
            p.put("parent_region_code", child.parent);
            p.put("parent_count", Long.toString(t.n));
            p.put("usual_share_of_parent", String.format(java.util.Locale.ROOT, "%.4f", share));
            p.put("usual_share_of_province", String.format(java.util.Locale.ROOT, "%.4f", provinceShare));
            p.put("province_expected", String.format(java.util.Locale.ROOT, "%.3f", provinceExpected[t.window]));
            p.put("share_p_value", String.format(java.util.Locale.ROOT, "%.3g", Math.exp(logShareP)));
            p.put("seasonal_expected", String.format(java.util.Locale.ROOT, "%.3f", t.seasonal));
            p.put("expected_from_siblings", String.format(java.util.Locale.ROOT, "%.3f", t.fromSiblings));
            return p;
        };
        if (v == Verdict.HOT && child.incident == null && !reopens(child, boundary)) {
            Drill d = explainingDescendant(child, t.window, t.x - t.expected, provinceLongRun, provinceExpected);
            if (d != null) {
                return openDrilled(d, child, boundary, provinceLongRun, provinceExpected, alerts);
            }
        }
        lifecycle(child, v, t, boundary, RULE_SHARE, params, alerts);
        if (child.incident == null) {
            return null;
        }
        double[] excess = new double[windows.length];
        for (int w = 0; w < windows.length; w++) {
            excess[w] = Math.max(0, tests[w].x - tests[w].fromSiblings);
        }
        return excess;
    }

    private WindowTest test(int w, long x, double expected, double fromSiblings, double seasonal, long n,
            RegionState r, boolean warm) {
        SurgeTest.Outcome o = warm ? SurgeTest.judge(config, config.surgeWindowTests, x, expected, dispersion(r.level, w),
                r.incident != null)
                : SurgeTest.Outcome.NORMAL;
        return new WindowTest(w, x, expected, fromSiblings, seasonal, n, o.logP(), o.verdict());
    }

    /** The hot window with the smallest p, else the elevated one, else the main window. */
    private WindowTest strongest(WindowTest[] tests) {
        WindowTest best = null;
        for (WindowTest t : tests) {
            if (t.verdict == Verdict.NORMAL) {
                continue;
            }
            if (best == null || t.verdict.ordinal() < best.verdict.ordinal()
                    || t.verdict == best.verdict && t.logP < best.logP) {
                best = t;
            }
        }
        return best != null ? best : tests[main];
    }

    /**
     * True when most of the parent's excess sits in this child and its share jump passes the strict
     * test: then the child is the precise place of the incident and is reported itself.
     */
    private boolean concentratedIn(RegionState child, double childExcess, double logShareP, double provinceLongRun,
            double provinceExpected, int window) {
        RegionState parent = regions.get(child.parent);
        double parentExpected = provinceLongRun > 0 ? parent.longRun / provinceLongRun * provinceExpected : 0;
        double parentExcess = parent.sum(window) - parentExpected;
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

    private void evaluateProvince(RegionState province, double[] explainedByChildren, double[] expected,
            double[] volumeFactor, boolean warm, long boundary, List<HotspotAlert> alerts) {
        WindowTest[] tests = new WindowTest[windows.length];
        for (int w = 0; w < windows.length; w++) {
            long x = Math.max(0, Math.round(province.sum(w) - explainedByChildren[w]));
            tests[w] = test(w, x, expected[w], 0, expected[w], x, province, warm);
        }
        WindowTest t = strongest(tests);
        java.util.function.Supplier<Map<String, String>> params = () -> {
            Map<String, String> p = ruleParameters(RegionLevel.PROVINCE, t.window);
            p.put("test", volumeFactor == null ? "negative binomial against seasonal baseline"
                    : "negative binomial against seasonal baseline, scaled by the other topics' volume against theirs");
            if (volumeFactor != null) {
                p.put("volume_factor", String.format(java.util.Locale.ROOT, "%.3f", volumeFactor[t.window]));
            }
            if (provinceDay[t.window] != DayFactor.LEARNED) {
                p.put("day_factor", String.format(java.util.Locale.ROOT, "%.3f", provinceDay[t.window].factor()));
            }
            return p;
        };
        if (t.verdict == Verdict.HOT && province.incident == null && !reopens(province, boundary)) {
            Drill d = explainingDescendant(province, t.window, t.x - t.expected, province.longRun, expected);
            if (d != null) {
                openDrilled(d, province, boundary, province.longRun, expected, alerts);
                return;
            }
        }
        lifecycle(province, t.verdict, t, boundary, RULE_BASELINE, params, alerts);
    }

    /** True when a hot verdict of {@code r} now continues its recently resolved incident (surge.reopenWithin). */
    private boolean reopens(RegionState r, long boundary) {
        return r.resolved != null && boundary - r.resolved.last.windowEnd() <= config.surgeReopenWithin;
    }

    /** A region below a hot parent that explains the parent's rise, with its own test of the parent's window. */
    private record Drill(RegionState region, WindowTest test, double share) {}

    /**
     * The lowest region under {@code parent} that explains the parent's rise in window {@code w}: it holds at least
     * half of the parent's excess, passes a test of its own (surge.minCount, tail at most surge.resolvePValue
     * against its usual share of the province's expectation), and the rest of the parent shows no rise (its tail
     * above surge.resolvePValue); null when none does. A county's rise lifts its city and the province too, and
     * their pooled counts can pass the test a slide before the county's own: the alert still belongs to the
     * county (one incident, at the lowest level that explains it). A rise spread over the parent lifts the rest
     * too and stays with the parent, however large one child's part of it.
     */
    private Drill explainingDescendant(RegionState parent, int w, double parentExcess, double provinceLongRun,
            double[] provinceExpected) {
        if (parentExcess <= 0 || provinceLongRun <= 0) {
            return null;
        }
        RegionState bestRegion = null;
        double bestExcess = 0;
        for (RegionState c : regions.values()) {
            if (!parent.code.equals(c.parent) || c.incident != null || hasActiveChild(c)) {
                continue;
            }
            double excess = c.sum(w) - Math.min(1.0, c.longRun / provinceLongRun) * provinceExpected[w];
            if (excess > bestExcess) {
                bestExcess = excess;
                bestRegion = c;
            }
        }
        if (bestRegion == null || bestExcess < 0.5 * parentExcess || bestRegion.sum(w) < config.surgeMinCount) {
            return null;
        }
        double share = Math.min(1.0, bestRegion.longRun / provinceLongRun);
        double expected = share * provinceExpected[w];
        long x = bestRegion.sum(w);
        double logP = TailProbabilities.logNegativeBinomialTail(x, expected, dispersion(bestRegion.level, w));
        double logElevated = Math.log(config.surgeResolvePValue);
        if (logP > logElevated) {
            return null;
        }
        Drill best = new Drill(bestRegion, new WindowTest(w, x, expected, 0, expected, x, logP, Verdict.HOT), share);
        double parentShare = parent.parent == null ? 1.0 : Math.min(1.0, parent.longRun / provinceLongRun);
        long restX = Math.max(0, parent.sum(w) - best.test.x);
        double restExpected = Math.max(1e-9, parentShare * provinceExpected[w] - best.test.expected);
        if (TailProbabilities.logNegativeBinomialTail(restX, restExpected, dispersion(parent.level, w)) <= logElevated) {
            return null;
        }
        Drill deeper = explainingDescendant(best.region, w, bestExcess, provinceLongRun, provinceExpected);
        return deeper != null ? deeper : best;
    }

    private boolean hasActiveChild(RegionState r) {
        for (RegionState c : regions.values()) {
            if (r.code.equals(c.parent) && c.incident != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Opens the incident of a region found to explain a hot ancestor's rise; returns its excess per window, which
     * its parents are then tested net of, as for any child with an open incident.
     */
    private double[] openDrilled(Drill d, RegionState ancestor, long boundary, double provinceLongRun,
            double[] provinceExpected, List<HotspotAlert> alerts) {
        WindowTest t = d.test;
        java.util.function.Supplier<Map<String, String>> params = () -> {
            Map<String, String> p = ruleParameters(d.region.level, t.window);
            p.put("test", "negative binomial against the usual share of the seasonal province baseline: the region"
                    + " that holds most of the rise of " + ancestor.code + ", which passed the surge test");
            p.put("parent_region_code", d.region.parent);
            p.put("usual_share_of_province", String.format(java.util.Locale.ROOT, "%.4f", d.share));
            p.put("province_expected", String.format(java.util.Locale.ROOT, "%.3f", provinceExpected[t.window]));
            p.put("seasonal_expected", String.format(java.util.Locale.ROOT, "%.3f", t.seasonal));
            return p;
        };
        lifecycle(d.region, Verdict.HOT, t, boundary, RULE_SHARE, params, alerts);
        double[] excess = new double[windows.length];
        for (int w = 0; w < windows.length; w++) {
            excess[w] = Math.max(0, d.region.sum(w) - d.share * provinceExpected[w]);
        }
        return excess;
    }

    private void lifecycle(RegionState r, Verdict v, WindowTest t, long boundary,
            String ruleName, java.util.function.Supplier<Map<String, String>> params, List<HotspotAlert> alerts) {
        long x = t.x;
        double expected = t.expected;
        double score = TailProbabilities.score(t.logP);
        Incident inc = r.incident;
        if (inc == null && v == Verdict.HOT && reopens(r, boundary)) {
            // The same rise after a lull (a two-day rise is quiet at night): the same alert again, not a new one.
            inc = r.resolved;
            r.resolved = null;
            r.incident = inc;
            inc.normalSlides = 0;
            inc.peakObserved = Math.max(inc.peakObserved, x);
            inc.severity = Severity.max(inc.severity, config.severityOfPScore(score));
            inc.last = alert(r, inc, AlertStatus.UPDATED, x, expected, score, boundary, ruleName, params);
            alerts.add(inc.last);
            return;
        }
        if (inc == null) {
            if (v != Verdict.HOT) {
                return;
            }
            long start = boundary - windows[t.window];
            inc = new Incident();
            inc.alertId = AlertIds.of(AlertType.COMPLAINT_SURGE, r.level, r.code, topic, start);
            inc.start = start;
            inc.detectedAt = boundary;
            inc.evidence = new EvidenceCollector();
            for (Recent c : r.recent) {
                if (c.time >= start) {
                    inc.evidence.addComplaint(config, c.id, c.keywords, c.text);
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
                inc.last = inc.last.withStatus(AlertStatus.RESOLVED, boundary);
                alerts.add(inc.last);
                r.incident = null;
                r.resolved = inc;
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
                inc.severity, (int) x, topic.disciplines(), inc.evidence.toEvidence(config, keywordShare),
                new HotspotAlert.Rule(ruleName, params.get()));
    }

    private Map<String, String> ruleParameters(RegionLevel level, int window) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("window", config.get("surge.window"));
        p.put("tested_window", (windows[window] / 60_000) + "m");
        p.put("windows", java.util.Arrays.stream(windows).mapToObj(w -> (w / 60_000) + "m")
                .collect(java.util.stream.Collectors.joining(",")));
        p.put("slide", config.get("surge.slide"));
        p.put("min_count", Integer.toString(config.surgeMinCount));
        p.put("min_ratio", Double.toString(config.surgeMinRatio));
        p.put("large_min_ratio", Double.toString(config.surgeLargeMinRatio));
        p.put("p_value", Double.toString(config.surgePValue));
        p.put("p_value_per_window", String.format(java.util.Locale.ROOT, "%.3g", config.surgePValue / config.surgeWindowTests));
        p.put("dispersion", String.format(java.util.Locale.ROOT, "%.2f", dispersion(level, window)));
        return p;
    }

    /** Feeds closed buckets to the province baseline and decays the long-run counts behind the shares. */
    private void learnBaseline(long boundary) {
        RegionState province = regions.get(provinceCode);
        if (province != null) {
            province.advanceTo(boundary);
        }
        provinceForecast.learn(boundary, config.surgeSlide,
                b -> province == null ? 0 : province.longest().bucket(b),
                province != null && province.incident != null);
        for (RegionState r : regions.values()) {
            r.longRun *= shareDecayPerSlide;
        }
    }

    private void forget(long boundary) {
        long windowStart = boundary - windows[windows.length - 1];
        Iterator<RegionState> it = regions.values().iterator();
        while (it.hasNext()) {
            RegionState r = it.next();
            r.forgetCustomersBefore(windowStart);
            if (r.resolved != null && !reopens(r, boundary)) {
                r.resolved = null;
            }
            if (r.incident == null && r.resolved == null && r.longest().isEmpty() && r.longRun < FORGOTTEN) {
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
        return regions.isEmpty() && provinceForecast.level() * windowBuckets < FORGOTTEN;
    }

    /** The province-level part of this topic's state (its forecast and learned dispersion). */
    SurgeTopicState topicState() {
        List<DispersionState> dispersion = new ArrayList<>(provinceDispersion.length);
        List<DispersionState> dayDispersion = new ArrayList<>(provinceDayDispersion.length);
        for (int w = 0; w < windows.length; w++) {
            dispersion.add(provinceDispersion[w].toState(windows[w]));
            dayDispersion.add(provinceDayDispersion[w].toState(windows[w]));
        }
        return new SurgeTopicState(topic.name(), provinceForecast.toState(), dispersion, dayDispersion);
    }

    /** Each region's state under its entry key ("TOPIC/region code"). */
    void regionStates(Map<String, SurgeRegionState> into) {
        for (RegionState r : regions.values()) {
            into.put(entryKey(topic, r.code), r.toState(topic));
        }
    }

    static String entryKey(Topic topic, String regionCode) {
        return topic.name() + "/" + regionCode;
    }

    /** This topic's core, bound to {@code config}, from its province-level state and its regions' entries. */
    static SurgeDetector fromState(DetectionConfig config, String provinceCode, SurgeTopicState head,
            List<SurgeRegionState> regionStates) {
        SurgeDetector d = new SurgeDetector(config, provinceCode, Topic.valueOf(head.getTopic()));
        for (int w = 0; w < d.windows.length; w++) {
            for (DispersionState s : head.getDispersion()) {
                if (s.getWindowMillis() == d.windows[w]) {
                    d.provinceDispersion[w].restore(s); // a window new to the settings starts from the prior
                }
            }
            for (DispersionState s : head.getDayDispersion()) { // empty in a state before release 0.9
                if (s.getWindowMillis() == d.windows[w]) {
                    d.provinceDayDispersion[w].restore(s);
                }
            }
        }
        d.provinceForecast.restore(head.getForecast());
        for (SurgeRegionState r : regionStates) {
            d.regions.put(r.getCode(), RegionState.fromState(r, config, d.windowBucketCounts));
        }
        return d;
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

        static SurgeIncidentState toState(Incident i) {
            return i == null ? null : new SurgeIncidentState(i.alertId, i.start, i.detectedAt, i.peakObserved,
                    i.severity.name(), i.normalSlides, i.evidence.toState(), AlertStates.toState(i.last));
        }

        static Incident fromState(SurgeIncidentState s) {
            if (s == null) {
                return null;
            }
            Incident i = new Incident();
            i.alertId = s.getAlertId();
            i.start = s.getStart();
            i.detectedAt = s.getDetectedAt();
            i.peakObserved = s.getPeakObserved();
            i.severity = Severity.valueOf(s.getSeverity());
            i.normalSlides = s.getNormalSlides();
            i.evidence = EvidenceCollector.fromState(s.getEvidence());
            i.last = AlertStates.fromState(s.getLast());
            return i;
        }
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
        /** The counts of the longest window; every shorter tested window is its newest buckets. */
        final SlidingCounter counter;
        /** Lengths in buckets of the tested windows, ascending (the last is the counter's). */
        private final int[] windowBuckets;
        /** The tested windows' totals, computed once per change (null when stale). */
        private long[] windowSums;
        /** Exponentially decayed count of all time: the region's weight behind its usual share. */
        double longRun;
        /** County level only: customer id to the event time they were last counted. */
        final LinkedHashMap<String, Long> customers = new LinkedHashMap<>();
        final ArrayList<Recent> recent = new ArrayList<>();
        Incident incident;
        /** The last resolved incident, kept for surge.reopenWithin in case the same rise comes back. */
        Incident resolved;

        RegionState(String code, RegionLevel level, String parent, DetectionConfig config, int[] windowBuckets) {
            this(code, level, parent, new SlidingCounter(config.surgeBucket, windowBuckets[windowBuckets.length - 1]),
                    windowBuckets);
        }

        private RegionState(String code, RegionLevel level, String parent, SlidingCounter counter, int[] windowBuckets) {
            this.code = code;
            this.level = level;
            this.parent = parent;
            this.counter = counter;
            this.windowBuckets = windowBuckets;
        }

        SurgeRegionState toState(Topic topic) {
            List<CustomerSeenState> seen = new ArrayList<>(customers.size());
            customers.forEach((id, time) -> seen.add(new CustomerSeenState(id, time)));
            List<RecentComplaintState> rs = new ArrayList<>(recent.size());
            for (Recent r : recent) {
                rs.add(new RecentComplaintState(r.id(), r.time(), new ArrayList<>(r.keywords()), r.text()));
            }
            return new SurgeRegionState(topic.name(), code, level.name(), parent, longest().toState(), longRun, seen, rs,
                    Incident.toState(incident), Incident.toState(resolved));
        }

        static RegionState fromState(SurgeRegionState s, DetectionConfig config, int[] windowBuckets) {
            // Every window is the newest buckets of the longest: a window changed by the settings re-lays.
            RegionState r = new RegionState(s.getCode(), RegionLevel.valueOf(s.getLevel()), s.getParent(),
                    SlidingCounter.fromState(s.getCounter(), config.surgeBucket, windowBuckets[windowBuckets.length - 1]),
                    windowBuckets);
            r.longRun = s.getLongRun();
            s.getCustomers().forEach(c -> r.customers.put(c.getCustomerId(), c.getTime()));
            s.getRecent().forEach(c -> r.recent.add(
                    new Recent(c.getComplaintId(), c.getTime(), new ArrayList<>(c.getKeywords()), c.getText())));
            r.incident = Incident.fromState(s.getIncident());
            r.resolved = Incident.fromState(s.getResolved());
            return r;
        }

        /** True if this complaint counts: unknown customer, or not counted here within the window. */
        boolean countCustomer(String customerId, long time, DetectionConfig config) {
            if (customerId == null) {
                return true;
            }
            // Distinct over the longest window, so one caller cannot build a long-window surge either.
            Long last = customers.get(customerId);
            if (last != null && last > time - longest().windowMillis()) {
                return false;
            }
            if (last != null || customers.size() < config.surgeMaxCustomersPerRegion) {
                customers.remove(customerId); // re-insert so the map stays in time order
                customers.put(customerId, time);
            }
            return true;
        }

        SlidingCounter longest() {
            return counter;
        }

        long sum(int window) {
            return sums()[window];
        }

        private long[] sums() {
            if (windowSums == null) {
                windowSums = counter.suffixSums(windowBuckets);
            }
            return windowSums;
        }

        double[] windowTotals() {
            long[] sums = sums();
            double[] out = new double[sums.length];
            for (int i = 0; i < sums.length; i++) {
                out[i] = sums[i];
            }
            return out;
        }

        void advanceTo(long boundary) {
            counter.advanceTo(boundary);
            windowSums = null;
        }

        void add(ComplaintSignal s, DetectionConfig config) {
            counter.add(s.receivedAt(), 1);
            windowSums = null;
            if (incident == null) {
                longRun += 1; // a surge must not become the region's usual share, or its next one hides behind it
            }
            List<String> kw = s.keywords().size() > MAX_KEYWORDS_PER_RECENT
                    ? new ArrayList<>(s.keywords().subList(0, MAX_KEYWORDS_PER_RECENT))
                    : s.keywords();
            if (recent.size() >= config.evidenceMaxIds) {
                recent.remove(0);
            }
            recent.add(new Recent(s.complaintId(), s.receivedAt(), kw, s.text()));
            if (incident != null) {
                incident.evidence.addComplaint(config, s.complaintId(), s.keywords(), s.text());
            }
        }

        void forgetCustomersBefore(long windowStart) {
            // Insertion order is time order (re-inserted on each count), so stop at the first recent one.
            Iterator<Map.Entry<String, Long>> it = customers.entrySet().iterator();
            while (it.hasNext() && it.next().getValue() <= windowStart) {
                it.remove();
            }
            if (longest().isEmpty()) {
                recent.clear();
            }
        }
    }
}
