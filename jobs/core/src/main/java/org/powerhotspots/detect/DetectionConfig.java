package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.powerhotspots.settings.Durations;
import org.powerhotspots.settings.Settings;

/**
 * Every threshold and window of the detectors, with documented defaults (docs/detection.md).
 * Built from defaults overridden by a {@code Map<String,String>} of keys like
 * {@code surge.window=6h}; unknown keys and bad values fail fast.
 */
public final class DetectionConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The detection keys and their defaults, declared in {@link Settings} (documented in docs/detection.md). */
    private static final Map<String, String> DEFAULTS = Settings.detectionDefaults();

    private final Map<String, String> values;

    public final long utcOffsetMillis;
    public final long lateness;

    public final long surgeBucket;
    public final long surgeSlide;
    public final long surgeWindow;
    public final int surgeMinCount;
    public final double surgeMinRatio;
    public final double surgePValue;
    public final double surgeSharePValue;
    public final double surgeShareMinRatio;
    public final double surgeResolveRatio;
    public final double surgeResolvePValue;
    public final int surgeResolveSlides;
    /** A resolved surge that turns hot again within this time is the same alert again (UPDATED), not a new one. */
    public final long surgeReopenWithin;
    public final long surgeBaselineHalfLife;
    public final long surgeProfileHalfLife;
    public final long surgeShareHalfLife;
    public final double surgeDispersion;
    public final long surgeWarmup;
    public final long surgeMinHistory;
    public final int surgeMaxCustomersPerRegion;
    public final long surgeShortWindow;
    public final long surgeLongWindow;
    /** Every window length the surge test scans at each slide, ascending; surge.window among them. */
    public final long[] surgeWindows;
    /** The number of independent tests the scanned windows are worth ({@link #effectiveTests}). */
    public final double surgeWindowTests;
    public final double surgeLargeMinRatio;
    public final double surgeLargeExpected;
    public final boolean surgeEstimateDispersion;
    public final double surgeDispersionPrior;
    /** The learned dispersion leaves out windows in the elevated tail. */
    public final boolean surgeDispersionSkipsElevated;
    /** Weight (in complaints) that shrinks the province volume factor towards 1; 0 turns the correction off. */
    public final double surgeVolumePrior;

    public final long outageSlide;
    public final long outageWindow;
    public final int outageMinOutages;
    public final long outageCountyWindow;
    public final int outageCountyMinCount;
    public final double outageCountyMinRatio;
    public final double outageCountyPValue;
    public final long outageCountyBaselineHalfLife;
    public final double outageCountyDispersion;
    public final long outageCountyWarmup;

    public final long repeatWindow;
    public final int repeatMinComplaints;
    public final long repeatSlide;

    public final long crossSlide;

    public final long emergingWindow;
    public final long emergingSlide;
    public final int emergingMinCustomers;
    public final double emergingMinRatio;
    public final double emergingPValue;
    public final int emergingMinTerms;
    public final long emergingBaselineHalfLife;
    public final long emergingWarmup;
    public final int emergingMaxTerms;
    public final int emergingMaxRecent;

    public final double severityMedium;
    public final double severityHigh;
    public final double severityCritical;
    public final double severityCountMedium;
    public final double severityCountHigh;
    public final double severityCountCritical;

    public final int evidenceMaxIds;
    public final int evidenceMaxKeywords;
    public final int evidenceMaxSamples;

    private DetectionConfig(Map<String, String> values) {
        this.values = values;
        utcOffsetMillis = parseOffset(get("detect.utcOffset"));
        lateness = duration("detect.lateness");
        surgeBucket = positiveDuration("surge.bucket");
        surgeSlide = positiveDuration("surge.slide");
        surgeWindow = positiveDuration("surge.window");
        surgeMinCount = positiveInt("surge.minCount");
        surgeMinRatio = positiveDouble("surge.minRatio");
        surgePValue = probability("surge.pValue");
        surgeSharePValue = probability("surge.sharePValue");
        surgeShareMinRatio = positiveDouble("surge.shareMinRatio");
        surgeResolveRatio = positiveDouble("surge.resolveRatio");
        surgeResolvePValue = probability("surge.resolvePValue");
        surgeResolveSlides = positiveInt("surge.resolveSlides");
        surgeReopenWithin = duration("surge.reopenWithin");
        surgeBaselineHalfLife = positiveDuration("surge.baselineHalfLife");
        surgeProfileHalfLife = positiveDuration("surge.profileHalfLife");
        surgeShareHalfLife = positiveDuration("surge.shareHalfLife");
        surgeDispersion = positiveDouble("surge.dispersion");
        surgeWarmup = duration("surge.warmup");
        surgeMinHistory = duration("surge.minHistory");
        surgeMaxCustomersPerRegion = positiveInt("surge.maxCustomersPerRegion");
        surgeShortWindow = duration("surge.shortWindow");
        surgeLongWindow = duration("surge.longWindow");
        surgeWindows = surgeWindows(get("surge.scanWindows"));
        surgeWindowTests = effectiveTests(surgeWindows);
        surgeLargeMinRatio = positiveDouble("surge.largeMinRatio");
        surgeLargeExpected = positiveDouble("surge.largeExpected");
        surgeEstimateDispersion = bool("surge.estimateDispersion");
        surgeDispersionPrior = positiveDouble("surge.dispersionPrior");
        surgeDispersionSkipsElevated = bool("surge.dispersionSkipsElevated");
        surgeVolumePrior = nonNegativeDouble("surge.volumePrior");
        outageSlide = positiveDuration("outage.slide");
        outageWindow = positiveDuration("outage.window");
        outageMinOutages = positiveInt("outage.minOutages");
        outageCountyWindow = positiveDuration("outage.countyWindow");
        outageCountyMinCount = positiveInt("outage.countyMinCount");
        outageCountyMinRatio = positiveDouble("outage.countyMinRatio");
        outageCountyPValue = probability("outage.countyPValue");
        outageCountyBaselineHalfLife = positiveDuration("outage.countyBaselineHalfLife");
        outageCountyDispersion = positiveDouble("outage.countyDispersion");
        outageCountyWarmup = duration("outage.countyWarmup");
        repeatWindow = positiveDuration("repeat.window");
        repeatMinComplaints = positiveInt("repeat.minComplaints");
        repeatSlide = positiveDuration("repeat.slide");
        crossSlide = positiveDuration("cross.slide");
        emergingWindow = positiveDuration("emerging.window");
        emergingSlide = positiveDuration("emerging.slide");
        emergingMinCustomers = positiveInt("emerging.minCustomers");
        emergingMinRatio = positiveDouble("emerging.minRatio");
        emergingPValue = probability("emerging.pValue");
        emergingMinTerms = positiveInt("emerging.minTerms");
        emergingBaselineHalfLife = positiveDuration("emerging.baselineHalfLife");
        emergingWarmup = duration("emerging.warmup");
        emergingMaxTerms = positiveInt("emerging.maxTerms");
        emergingMaxRecent = positiveInt("emerging.maxRecent");
        severityMedium = positiveDouble("severity.medium");
        severityHigh = positiveDouble("severity.high");
        severityCritical = positiveDouble("severity.critical");
        severityCountMedium = positiveDouble("severity.countMedium");
        severityCountHigh = positiveDouble("severity.countHigh");
        severityCountCritical = positiveDouble("severity.countCritical");
        evidenceMaxIds = positiveInt("evidence.maxIds");
        evidenceMaxKeywords = positiveInt("evidence.maxKeywords");
        evidenceMaxSamples = positiveInt("evidence.maxSamples");

        require(surgeSlide % surgeBucket == 0, "surge.slide must be a multiple of surge.bucket");
        require(surgeWindow % surgeBucket == 0, "surge.window must be a multiple of surge.bucket");
        require(surgeWindow >= surgeSlide, "surge.window must be at least surge.slide");
        require(surgeShortWindow % surgeBucket == 0, "surge.shortWindow must be a multiple of surge.bucket");
        require(surgeLongWindow % surgeBucket == 0, "surge.longWindow must be a multiple of surge.bucket");
        for (long w : surgeWindows) {
            require(w % surgeBucket == 0, "surge.scanWindows: every window must be a multiple of surge.bucket");
        }
        require(surgeLargeMinRatio <= surgeMinRatio, "surge.largeMinRatio must not exceed surge.minRatio");
        require(outageCountyWindow % outageSlide == 0, "outage.countyWindow must be a multiple of outage.slide");
        require(surgeResolveRatio <= surgeMinRatio, "surge.resolveRatio must not exceed surge.minRatio");
        require(surgeResolvePValue >= surgePValue, "surge.resolvePValue must not be below surge.pValue");
    }

    /** All defaults. */
    public static DetectionConfig defaults() {
        return new DetectionConfig(new LinkedHashMap<>(DEFAULTS));
    }

    /** Defaults overridden by {@code overrides}; throws IllegalArgumentException on unknown keys or bad values. */
    public static DetectionConfig fromMap(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String key = e.getKey().trim();
            if (!DEFAULTS.containsKey(key)) {
                throw new IllegalArgumentException("unknown detection setting: " + key);
            }
            merged.put(key, e.getValue().trim());
        }
        return new DetectionConfig(merged);
    }

    /**
     * Defaults overridden by entries of {@code properties} whose keys start with one of the
     * known groups (detect., surge., outage., repeat., cross., emerging., severity., evidence.); other keys
     * are ignored so a job can pass its whole configuration.
     */
    public static DetectionConfig fromProperties(Map<String, String> properties) {
        Map<String, String> ours = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (DEFAULTS.containsKey(k.trim())) {
                ours.put(k, v);
            }
        });
        return fromMap(ours);
    }

    /** This configuration with one more override. */
    public DetectionConfig with(String key, String value) {
        Map<String, String> overrides = new LinkedHashMap<>(values);
        overrides.put(key, value);
        return fromMap(overrides);
    }

    /** Every setting with its effective value, in documentation order. */
    public Map<String, String> toMap() {
        return Collections.unmodifiableMap(values);
    }

    /** The default value of every setting. */
    public static Map<String, String> defaultValues() {
        return Collections.unmodifiableMap(DEFAULTS);
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown detection setting: " + key);
        }
        return v;
    }

    /** The longest window of any detector (the end-of-input horizon is measured in it). */
    public long longestWindow() {
        return Math.max(Math.max(Math.max(outageWindow, outageCountyWindow), emergingWindow),
                Math.max(repeatWindow, surgeWindows[surgeWindows.length - 1]));
    }

    /** Severity of a statistical alert from its score, -log10 of the tail probability. */
    public Severity severityOfPScore(double score) {
        if (score >= severityCritical) {
            return Severity.CRITICAL;
        }
        if (score >= severityHigh) {
            return Severity.HIGH;
        }
        return score >= severityMedium ? Severity.MEDIUM : Severity.LOW;
    }

    /** Severity of a count alert from observed / threshold. */
    public Severity severityOfCountRatio(double ratio) {
        if (ratio >= severityCountCritical) {
            return Severity.CRITICAL;
        }
        if (ratio >= severityCountHigh) {
            return Severity.HIGH;
        }
        return ratio >= severityCountMedium ? Severity.MEDIUM : Severity.LOW;
    }

    @Override
    public String toString() {
        return "DetectionConfig" + values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetectionConfig other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /**
     * The windows of surge.scanWindows with surge.window, or, when it is empty, surge.shortWindow, surge.window and
     * surge.longWindow (each only when it is shorter, resp. longer, than surge.window).
     */
    private long[] surgeWindows(String scan) {
        java.util.TreeSet<Long> w = new java.util.TreeSet<>();
        w.add(surgeWindow);
        if (scan.isBlank()) {
            if (surgeShortWindow > 0 && surgeShortWindow < surgeWindow) {
                w.add(surgeShortWindow);
            }
            if (surgeLongWindow > surgeWindow) {
                w.add(surgeLongWindow);
            }
        } else {
            for (String part : scan.split(",")) {
                String[] range = part.split("\\.\\.", -1);
                require(range.length <= 2, "surge.scanWindows: a range is FROM..TO, e.g. 30m..12h");
                long from = scanDuration(range[0]);
                long to = range.length == 2 ? scanDuration(range[1]) : from;
                require(to >= from, "surge.scanWindows: a range must not end before it starts");
                // A range is every multiple of surge.slide from FROM to TO: all the windows a slide can tell apart.
                require(range.length == 1 || from % surgeSlide == 0 && to % surgeSlide == 0,
                        "surge.scanWindows: a range's ends must be multiples of surge.slide");
                for (long d = from; d <= to; d += range.length == 2 ? surgeSlide : 1) {
                    w.add(d);
                }
            }
        }
        return w.stream().mapToLong(Long::longValue).toArray();
    }

    private long scanDuration(String text) {
        long d;
        try {
            d = parseDuration(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("surge.scanWindows: " + e.getMessage());
        }
        require(d > 0, "surge.scanWindows: every window must be positive");
        return d;
    }

    /**
     * How many independent tests the scanned windows are worth: 1 plus, for each window, log2 of its length over
     * the next shorter one's, at most 1. Nested windows that differ by less than a factor 2 share most of their
     * counts, so the maximum over a whole range of lengths grows with the log of the range, not with the number
     * of lengths (the tail of a scan statistic over window lengths); two windows a factor 2 or more apart count
     * as two tests, which is plain Bonferroni.
     */
    static double effectiveTests(long[] windows) {
        double n = 1;
        for (int i = 1; i < windows.length; i++) {
            n += Math.min(1.0, Math.log((double) windows[i] / windows[i - 1]) / Math.log(2));
        }
        return n;
    }

    /** Parses a duration in the one grammar of the configuration ({@link Durations}). */
    public static long parseDuration(String text) {
        return Durations.parse(text);
    }

    private static long parseOffset(String text) {
        String s = text.trim();
        if (s.equalsIgnoreCase("Z") || s.equalsIgnoreCase("UTC")) {
            return 0;
        }
        try {
            return java.time.ZoneOffset.of(s).getTotalSeconds() * 1000L;
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("detect.utcOffset: not an offset like +08:00: '" + text + "'");
        }
    }

    private long duration(String key) {
        long d;
        try {
            d = parseDuration(get(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
        require(d >= 0, key + " must not be negative");
        return d;
    }

    private long positiveDuration(String key) {
        long d = duration(key);
        require(d > 0, key + " must be positive");
        return d;
    }

    private int positiveInt(String key) {
        int v;
        try {
            v = Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not an integer: '" + get(key) + "'");
        }
        require(v > 0, key + " must be positive");
        return v;
    }

    private double positiveDouble(String key) {
        double v = number(key);
        require(v > 0, key + " must be a positive number");
        return v;
    }

    private double number(String key) {
        double v;
        try {
            v = Double.parseDouble(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: '" + get(key) + "'");
        }
        require(Double.isFinite(v), key + ": not a finite number: '" + get(key) + "'");
        return v;
    }

    /**
     * The minimum observed/expected for a surge: surge.minRatio for small expectations, log-interpolated down
     * to surge.largeMinRatio at surge.largeExpected (doubling 100 expected is far stronger evidence than
     * doubling 2).
     */
    public double surgeRequiredRatio(double expected) {
        double small = Math.max(1.0, surgeMinCount / surgeMinRatio);
        if (expected <= small) {
            return surgeMinRatio;
        }
        if (expected >= surgeLargeExpected || surgeLargeExpected <= small) {
            return surgeLargeMinRatio;
        }
        double f = Math.log(expected / small) / Math.log(surgeLargeExpected / small);
        return surgeMinRatio + f * (surgeLargeMinRatio - surgeMinRatio);
    }

    private double nonNegativeDouble(String key) {
        double v = number(key);
        require(v >= 0, key + " must be 0 or a positive number");
        return v;
    }

    private boolean bool(String key) {
        String v = get(key);
        require(v.equals("true") || v.equals("false"), key + ": not true or false: '" + v + "'");
        return v.equals("true");
    }

    private double probability(String key) {
        double v = positiveDouble(key);
        require(v < 1, key + " must be a probability below 1");
        return v;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
