package org.powerhotspots.detect;

import java.io.Serializable;

/**
 * Expected count per bucket = level x hour-of-day factor x day-of-week factor x day-of-month
 * factor, each an exponentially weighted moving average learned online from the series itself.
 * The day-of-month factor carries the billing cycle (bills, payment deadlines, disconnections for
 * arrears cluster on the same days every month); it stays 1 until a day has been seen in two
 * months (one day's own luck is not a rhythm) and is shrunk towards 1 by a prior worth a fixed
 * number of expected events, so a sparse series keeps a flat month. Factoring the
 * hour-of-week into hour x weekday learns the daily rhythm seven times faster than 168 separate
 * slots would, which matters for sparse series. Early estimates shrink towards a flat profile.
 */
public final class SeasonalBaseline implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;
    private static final long MONTH = 30 * DAY;
    /** The day-of-month prior is worth this many expected events (a sparse series stays flat). */
    private static final double MONTH_DAY_PRIOR_EVENTS = 30;
    /** Months a day-of-month slot must have been seen in before it departs from 1. */
    private static final int MONTH_DAY_MIN_VISITS = 2;

    /**
     * How far a day of the month may run from its forecast before that day has been learned (coefficient of
     * variation): billing days commonly bring ×1.2–2 of the billing topics, and nothing tells one from a rise the
     * first time it is seen.
     */
    public static final double UNLEARNED_MONTH_DAY_CV = 0.3;

    /** The bucket width: the layout of the state. */
    private final long bucketMillis;
    // From the settings (never part of the state).
    private long utcOffsetMillis;
    private double levelRate;
    private long levelHalfLife;
    private double hourRate;
    private double weekdayRate;
    private double monthDayRate;

    // Each factor is a ratio of two moving sums (counts over what the other factors predict), not a
    // moving mean of ratios: a single night-time complaint divided by a tiny hour factor would
    // otherwise swing the weekday factor wildly.
    private double levelCounts;
    private double levelWeights;
    private final double[] hourCounts = new double[24];
    private final double[] hourWeights = new double[24];
    private final double[] weekdayCounts = new double[7];
    private final double[] weekdayWeights = new double[7];
    /** Day of month 1..31 at index 0..30; moving sums as above, but not decayed between visits. */
    private final double[] monthDayCounts = new double[31];
    private final double[] monthDayWeights = new double[31];
    /** Distinct months each day-of-month slot has been seen in (capped), and the last day seen. */
    private final int[] monthDayVisits = new int[31];
    private final long[] monthDayLastDay = new long[31];
    private long firstBucket = Long.MIN_VALUE;
    private long lastBucket = Long.MIN_VALUE;

    public SeasonalBaseline(long bucketMillis, long utcOffsetMillis, long levelHalfLife, long profileHalfLife) {
        this.bucketMillis = bucketMillis;
        bind(utcOffsetMillis, levelHalfLife, profileHalfLife);
    }

    /** Binds the settings: time zone of the rhythm and the half-lives of level and profile. */
    public void bind(long utcOffsetMillis, long levelHalfLife, long profileHalfLife) {
        this.utcOffsetMillis = utcOffsetMillis;
        this.levelRate = rate(bucketMillis, levelHalfLife);
        this.levelHalfLife = levelHalfLife;
        // A hour-of-day slot is visited every day, hour/bucket times; a weekday slot every week.
        double hourTouchesPerDay = Math.max(1.0, (double) HOUR / bucketMillis);
        double weekdayTouchesPerWeek = Math.max(1.0, (double) DAY / bucketMillis);
        this.hourRate = rate(DAY / hourTouchesPerDay, profileHalfLife);
        this.weekdayRate = rate(WEEK / weekdayTouchesPerWeek, profileHalfLife);
        // A day-of-month slot is visited once a month; remember about three months of billing cycles.
        this.monthDayRate = rate(MONTH / weekdayTouchesPerWeek, 3 * MONTH);
    }

    /** The moving sums as state data (the settings are not part of it). */
    public org.powerhotspots.schema.state.BaselineState toState() {
        return new org.powerhotspots.schema.state.BaselineState(bucketMillis, levelCounts, levelWeights,
                StateLists.ofDoubles(hourCounts), StateLists.ofDoubles(hourWeights), StateLists.ofDoubles(weekdayCounts),
                StateLists.ofDoubles(weekdayWeights), StateLists.ofDoubles(monthDayCounts),
                StateLists.ofDoubles(monthDayWeights), StateLists.ofInts(monthDayVisits),
                StateLists.ofLongs(monthDayLastDay), firstBucket, lastBucket);
    }

    /** Fills this (freshly made, bound) baseline from state written with the same bucket width. */
    public void restore(org.powerhotspots.schema.state.BaselineState state) {
        BufferedDetector.requireSameLayout(state.getBucketMillis() == bucketMillis, "a baseline's bucket width");
        levelCounts = state.getLevelCounts();
        levelWeights = state.getLevelWeights();
        StateLists.fill(hourCounts, state.getHourCounts());
        StateLists.fill(hourWeights, state.getHourWeights());
        StateLists.fill(weekdayCounts, state.getWeekdayCounts());
        StateLists.fill(weekdayWeights, state.getWeekdayWeights());
        StateLists.fill(monthDayCounts, state.getMonthDayCounts());
        StateLists.fill(monthDayWeights, state.getMonthDayWeights());
        StateLists.fillInts(monthDayVisits, state.getMonthDayVisits());
        StateLists.fillLongs(monthDayLastDay, state.getMonthDayLastDay());
        firstBucket = state.getFirstBucket();
        lastBucket = state.getLastBucket();
    }

    /** Expected count of the bucket starting at {@code bucketStart}. */
    public double expected(long bucketStart) {
        return level() * hourFactor(hourOf(bucketStart)) * weekdayFactor(weekdayOf(bucketStart))
                * monthDayFactor(monthDayOf(bucketStart));
    }

    /** Expected total of the {@code buckets} buckets that end at {@code endExclusive}. */
    public double expectedWindow(long endExclusive, int buckets) {
        double total = 0;
        for (int i = 1; i <= buckets; i++) {
            total += expected(endExclusive - i * bucketMillis);
        }
        return total;
    }

    /** Learns from the closed bucket starting at {@code bucketStart} with {@code count} events. */
    public void update(long bucketStart, double count) {
        update(bucketStart, count, count);
    }

    /**
     * Learns from a closed bucket: {@code count} (capped by the caller, so that a rise not yet called a
     * surge does not become the normal) for the level and the daily and weekly rhythm, and the uncapped
     * {@code rawCount} for the day of the month. A billing day recurs every month and must be learned in
     * full, or the first one reported would be reported again every month; a one-off rise on some day of
     * the month is only worth {@link #MONTH_DAY_PRIOR_EVENTS}-shrunk weight a month later.
     */
    public void update(long bucketStart, double count, double rawCount) {
        int h = hourOf(bucketStart);
        int d = weekdayOf(bucketStart);
        int m = monthDayOf(bucketStart);
        double hf = hourFactor(h);
        double wf = weekdayFactor(d);
        double mf = monthDayFactor(m);
        double level = level();
        if (levelWeights == 0) {
            level = count;
        }
        levelCounts = (1 - levelRate) * levelCounts + levelRate * count;
        levelWeights = (1 - levelRate) * levelWeights + levelRate * hf * wf * mf;
        if (level > 0) {
            hourCounts[h] = (1 - hourRate) * hourCounts[h] + hourRate * count;
            hourWeights[h] = (1 - hourRate) * hourWeights[h] + hourRate * level * wf * mf;
            weekdayCounts[d] = (1 - weekdayRate) * weekdayCounts[d] + weekdayRate * count;
            weekdayWeights[d] = (1 - weekdayRate) * weekdayWeights[d] + weekdayRate * level * hf * mf;
        }
        // A day of the month is learned only once the level has had a half-life to settle: before, the level itself
        // takes in the day's excess (the first days of a baseline would teach that billing days are ordinary).
        if (level > 0 && history() >= levelHalfLife) {
            long day = Math.floorDiv(bucketStart + utcOffsetMillis, DAY);
            if (monthDayVisits[m] == 0 || day != monthDayLastDay[m]) {
                monthDayVisits[m] = Math.min(monthDayVisits[m] + 1, 1000);
                monthDayLastDay[m] = day;
            }
            monthDayCounts[m] = (1 - monthDayRate) * monthDayCounts[m] + monthDayRate * rawCount;
            monthDayWeights[m] = (1 - monthDayRate) * monthDayWeights[m] + monthDayRate * level * hf * wf;
        }
        long k = Math.floorDiv(bucketStart, bucketMillis);
        if (firstBucket == Long.MIN_VALUE) {
            firstBucket = k;
        }
        lastBucket = Math.max(lastBucket, k);
    }

    /** True when every day of the month in [{@code from}, {@code to}) has been learned (seen in enough months). */
    public boolean monthDaysLearned(long from, long to) {
        for (long day = Math.floorDiv(from + utcOffsetMillis, DAY); day * DAY - utcOffsetMillis < to; day++) {
            int m = java.time.LocalDate.ofEpochDay(day).getDayOfMonth() - 1;
            if (monthDayVisits[m] < MONTH_DAY_MIN_VISITS) {
                return false;
            }
        }
        return true;
    }

    /** How long this baseline has been learning, in milliseconds. */
    public long history() {
        return firstBucket == Long.MIN_VALUE ? 0 : (lastBucket - firstBucket + 1) * bucketMillis;
    }

    /** The deseasonalised mean count per bucket. */
    public double level() {
        return levelWeights == 0 ? 0 : levelCounts / levelWeights;
    }

    private double hourFactor(int h) {
        // Shrink towards 1 with a prior worth two visits, so one quiet first day is not a zero.
        double prior = 2 * hourRate * level();
        return prior == 0 && hourWeights[h] == 0 ? 1 : clampFactor((hourCounts[h] + prior) / (hourWeights[h] + prior));
    }

    private double weekdayFactor(int d) {
        double prior = 2 * weekdayRate * level();
        return prior == 0 && weekdayWeights[d] == 0 ? 1
                : clampFactor((weekdayCounts[d] + prior) / (weekdayWeights[d] + prior));
    }

    private double monthDayFactor(int m) {
        // The moving sums of one visit are about rate x the day's events; the prior is in the same unit.
        double prior = monthDayRate * MONTH_DAY_PRIOR_EVENTS;
        if (monthDayVisits[m] < MONTH_DAY_MIN_VISITS || monthDayWeights[m] == 0) {
            // One visit cannot tell the billing cycle from that day's own luck (day-level over-dispersion).
            return 1;
        }
        return clampFactor((monthDayCounts[m] + prior) / (monthDayWeights[m] + prior));
    }

    private static double clampFactor(double f) {
        return Math.max(0.05, Math.min(20, f));
    }

    private int hourOf(long t) {
        return (int) Math.floorMod(Math.floorDiv(t + utcOffsetMillis, HOUR), 24L);
    }

    private int monthDayOf(long t) {
        long day = Math.floorDiv(t + utcOffsetMillis, DAY);
        return java.time.LocalDate.ofEpochDay(day).getDayOfMonth() - 1;
    }

    private int weekdayOf(long t) {
        return (int) Math.floorMod(Math.floorDiv(t + utcOffsetMillis, DAY), 7L);
    }

    /**
     * The most a bucket may teach the baseline: its expectation plus about three Poisson standard
     * deviations, so a rise that is not yet called a surge does not quietly become the normal.
     */
    public static double robustCap(double expected) {
        return expected + 3 * Math.sqrt(expected) + 1;
    }

    static double rate(double stepMillis, double halfLifeMillis) {
        return 1 - Math.pow(2, -stepMillis / halfLifeMillis);
    }
}
