package org.powerhotspots.detect;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * The COMPLAINT_SURGE baseline and test on one count series (for public benchmark series): a seasonal
 * baseline (level x hour x weekday), and every window ending at the current bucket judged by the product's own
 * {@link SurgeTest} against its expectation, each window length with its dispersion learned from its own forecast
 * errors (as the province's are). Like the product, it raises one alert per episode: the score reaches 0.5 only
 * on the bucket where an episode opens (a window turns hot); while the episode lasts (hot or still elevated) and
 * until it has been normal for {@code surge.resolveSlides} slides, scores stay below 0.5. Below 0.5 the score
 * grows with the evidence. Decisions start once the baseline has {@code surge.minHistory}; until it has
 * {@code surge.warmup} (a full weekly profile) the test assumes four times the over-dispersion.
 */
public final class SurgeSeriesDetector implements SeriesDetector {

    /**
     * What the series detector does beyond the product's surge rule (for public benchmark series; the product has
     * no such settings). {@code acceptShiftAfter}: once an episode has lasted this long, the baseline learns the
     * episode's counts in full, so a lasting level shift becomes the new normal instead of an episode that never
     * ends or alarms again as soon as it ends; 0 never. {@code quietAfter}: a window that turns hot within this time
     * after an episode ended continues that episode (no new alarm); 0 never. {@code everySlide}: judge the windows
     * only when a bucket closes on a multiple of surge.slide, as the product does, instead of at every bucket.
     * {@code budgetAlarms} per {@code budgetHorizon}: an episode alarms only once, at some window length, its
     * evidence is stronger than that of all but {@code budgetAlarms - 1} of the episodes that began within the
     * horizon before it, at the same length; so a series whose ordinary bursts keep passing the test raises about
     * that many alarms per horizon and window length, its strongest; 0 off. {@code budgetOverUnion}: one budget
     * for the union of the window lengths instead of one per length: each episode is placed by its ranks among the
     * pool's episodes at every length (sorted, compared lexicographically, so its best length counts first), and an
     * episode alarms once fewer than {@code budgetAlarms} recent episodes are placed above it; exchangeable bursts
     * then raise about that many alarms per horizon in all. {@code budgetRanks}: what the budget ranks episodes by
     * at each length (see {@link BudgetRanks}).
     */
    public record Options(long acceptShiftAfter, long quietAfter, boolean everySlide, int budgetAlarms,
                          long budgetHorizon, boolean budgetOverUnion, BudgetRanks budgetRanks) {
        /** Neither, judging every bucket. */
        public static final Options NONE = new Options(0, 0, false);

        public Options {
            if (acceptShiftAfter < 0 || quietAfter < 0 || budgetAlarms < 0 || budgetHorizon < 0) {
                throw new IllegalArgumentException("durations and budgets must not be negative");
            }
            if (budgetAlarms > 0 && budgetHorizon == 0) {
                throw new IllegalArgumentException("an alarm budget needs a horizon");
            }
            Objects.requireNonNull(budgetRanks, "budgetRanks");
        }

        /** Without an alarm budget. */
        public Options(long acceptShiftAfter, long quietAfter, boolean everySlide) {
            this(acceptShiftAfter, quietAfter, everySlide, 0, 0, false, BudgetRanks.EVIDENCE);
        }

        public Options withAcceptShiftAfter(long duration) {
            return new Options(duration, quietAfter, everySlide,
                    budgetAlarms, budgetHorizon, budgetOverUnion, budgetRanks);
        }

        public Options withQuietAfter(long duration) {
            return new Options(acceptShiftAfter, duration, everySlide,
                    budgetAlarms, budgetHorizon, budgetOverUnion, budgetRanks);
        }

        public Options withEverySlide(boolean slide) {
            return new Options(acceptShiftAfter, quietAfter, slide,
                    budgetAlarms, budgetHorizon, budgetOverUnion, budgetRanks);
        }

        public Options withBudget(int alarms, long horizon) {
            return new Options(acceptShiftAfter, quietAfter, everySlide, alarms, horizon, budgetOverUnion, budgetRanks);
        }

        public Options withBudgetOverUnion(boolean union) {
            return new Options(acceptShiftAfter, quietAfter, everySlide,
                    budgetAlarms, budgetHorizon, union, budgetRanks);
        }

        public Options withBudgetRanks(BudgetRanks ranks) {
            return new Options(acceptShiftAfter, quietAfter, everySlide,
                    budgetAlarms, budgetHorizon, budgetOverUnion, ranks);
        }
    }

    /**
     * What an alarm budget ranks an episode by at each window length: {@code EVIDENCE}, its least ln p (the default);
     * {@code RATIO}, its largest count over expectation while that length was hot (an effect size, the same for
     * bursts of the same relative size at any level); {@code EXCESS}, its largest count above expectation (the number
     * of extra events: how much the burst adds, as a plot of the series shows it, rather than how sure the test is).
     */
    public enum BudgetRanks { EVIDENCE, RATIO, EXCESS }

    private final DetectionConfig config;
    private final Options options;
    private final long bucketMillis;
    private final SeasonalBaseline baseline;
    /** Lengths in buckets of the tested windows, ascending; the ring holds the longest. */
    private final int[] windows;
    private final double[] counts;
    private final double[] expectations;
    /** What the tested windows are worth in independent tests ({@link DetectionConfig#effectiveTests}). */
    private final double tests;
    private final double pScoreThreshold;
    private long seen;
    private int head = -1;
    private long firstBucket = Long.MIN_VALUE;
    /** Consecutive normal judgements that end an episode. */
    private final int resolveJudgements;
    private double lastEvidence;
    private boolean episodeOpen;
    private int normalRun;
    private long episodeStart;
    private long episodeEnd = Long.MIN_VALUE;
    /** This judgement's strength for the budget (Options.budgetRanks; lower is stronger) and verdict per length. */
    private final double[] windowStrength;
    private final boolean[] windowHot;
    /** Per window length: the open episode's greatest strength (least value) and the value it has to beat to alarm. */
    private final double[] episodePeak;
    private final double[] episodeBar;
    private boolean episodeAlarmed;
    /** Start, then the strongest ln p per window length, of recent episodes (Options.budgetAlarms). */
    private final ArrayDeque<double[]> pastEpisodes = new ArrayDeque<>();
    private long now;
    /** One per window length, learned from the series' own forecast errors (surge.estimateDispersion). */
    private final DispersionEstimate[] dispersion;
    /** The same, learned from the windows on a day of the month not learned yet once the baseline has settled. */
    private final DispersionEstimate[] dayDispersion;
    /** Sums of the newest i buckets' counts and forecasts, i = 0..longest window (rebuilt at each judgement). */
    private final double[] newestCount;
    private final double[] newestForecast;
    private static final long DAY = 24 * 3_600_000L;

    /** Buckets of {@code bucketMillis}; the one window of {@code windowBuckets} buckets is tested. */
    public SurgeSeriesDetector(DetectionConfig config, long bucketMillis, int windowBuckets) {
        this(config, bucketMillis, new int[] {windowBuckets}, Options.NONE);
    }

    /** Buckets of {@code bucketMillis}; every window of surge.scanWindows (rounded to whole buckets) is tested. */
    public SurgeSeriesDetector(DetectionConfig config, long bucketMillis) {
        this(config, bucketMillis, Options.NONE);
    }

    /** As {@link #SurgeSeriesDetector(DetectionConfig, long)}, with the series-only {@link Options}. */
    public SurgeSeriesDetector(DetectionConfig config, long bucketMillis, Options options) {
        this(config, bucketMillis, Arrays.stream(config.surgeWindows)
                .mapToInt(w -> (int) Math.max(1, w / bucketMillis)).distinct().sorted().toArray(), options);
    }

    /** One window of {@code windowBuckets} buckets, with the series-only {@link Options}. */
    public SurgeSeriesDetector(DetectionConfig config, long bucketMillis, int windowBuckets, Options options) {
        this(config, bucketMillis, new int[] {windowBuckets}, options);
    }

    /** With the configured surge bucket and windows. */
    public SurgeSeriesDetector(DetectionConfig config) {
        this(config, config.surgeBucket);
    }

    private SurgeSeriesDetector(DetectionConfig config, long bucketMillis, int[] windows, Options options) {
        if (bucketMillis <= 0 || windows.length == 0 || windows[0] <= 0) {
            throw new IllegalArgumentException("bucket width and windows must be positive");
        }
        this.config = config;
        this.options = options;
        this.bucketMillis = bucketMillis;
        this.windows = windows;
        this.baseline = new SeasonalBaseline(bucketMillis, config.utcOffsetMillis, config.surgeBaselineHalfLife,
                config.surgeProfileHalfLife);
        int longest = windows[windows.length - 1];
        this.counts = new double[longest];
        this.expectations = new double[longest];
        this.newestCount = new double[longest + 1];
        this.newestForecast = new double[longest + 1];
        long[] lengths = Arrays.stream(windows).mapToLong(w -> w * bucketMillis).toArray();
        this.tests = DetectionConfig.effectiveTests(lengths);
        this.pScoreThreshold = -SurgeTest.logHotThreshold(config, tests) / Math.log(10);
        // Judged every slide: surge.resolveSlides judgements, as the product; every bucket: as many as make that time.
        long step = options.everySlide() ? Math.max(bucketMillis, config.surgeSlide) : bucketMillis;
        this.resolveJudgements = (int) Math.max(1, Math.ceil((double) config.surgeResolveSlides * config.surgeSlide / step));
        double decay = Math.pow(2, -(double) step / config.surgeProfileHalfLife);
        this.windowStrength = new double[windows.length];
        this.windowHot = new boolean[windows.length];
        this.episodePeak = new double[windows.length];
        this.episodeBar = new double[windows.length];
        this.dispersion = new DispersionEstimate[windows.length];
        this.dayDispersion = new DispersionEstimate[windows.length];
        for (int w = 0; w < windows.length; w++) {
            dispersion[w] = new DispersionEstimate(config, decay);
            dayDispersion[w] = new DispersionEstimate(config, decay);
        }
    }

    @Override
    public double update(long bucketStartMillis, double count) {
        double forecast = baseline.expected(bucketStartMillis);
        head = (head + 1) % counts.length;
        counts[head] = count;
        expectations[head] = forecast;
        seen++;
        now = bucketStartMillis;
        if (firstBucket == Long.MIN_VALUE) {
            firstBucket = bucketStartMillis;
        }
        double score = 0;
        long history = bucketStartMillis - firstBucket;
        if (history >= config.surgeMinHistory && seen >= windows[0]) {
            long end = bucketStartMillis + bucketMillis;
            boolean judged = !options.everySlide()
                    || Math.floorDiv(end, config.surgeSlide) != Math.floorDiv(end - bucketMillis, config.surgeSlide);
            score = judged ? judge(history) : lastEvidence;
            lastEvidence = Math.min(score, 0.49);
            // Neither a surge nor a rise not yet called one may quietly become the normal, unless the surge has
            // lasted long enough to be taken as a shift of the level (Options.acceptShiftAfter).
            boolean shifted = episodeOpen && options.acceptShiftAfter() > 0
                    && bucketStartMillis - episodeStart >= options.acceptShiftAfter();
            if (!shifted) {
                count = Math.min(count, episodeOpen ? forecast : SeasonalBaseline.robustCap(forecast));
            }
        }
        baseline.update(bucketStartMillis, count);
        return score;
    }

    /**
     * Tests every full window ending at the newest bucket; the strongest decides. As the product's province: once
     * the baseline has settled, a window on a day of the month not learned yet is tested against its expectation
     * scaled by the day so far before it ({@link DayFactor}), at the dispersion learned from such windows.
     */
    private double judge(long history) {
        long end = now + bucketMillis;
        boolean settled = history >= config.surgeWarmup + config.surgeBaselineHalfLife;
        int reach = (int) Math.min(counts.length, seen);
        int sinceMidnight = (int) Math.min(reach, Math.floorMod(end + config.utcOffsetMillis, DAY) / bucketMillis);
        // The newest i buckets' count and forecast, for the day so far before each window (only read once settled).
        for (int i = 0; settled && i < reach; i++) {
            int slot = Math.floorMod(head - i, counts.length);
            newestCount[i + 1] = newestCount[i] + counts[slot];
            newestForecast[i + 1] = newestForecast[i] + expectations[slot];
        }
        SurgeTest.Outcome best = SurgeTest.Outcome.NORMAL;
        long bestX = 0;
        double bestExpected = 1e-9;
        double x = 0;
        double expected = 0;
        int w = 0;
        Arrays.fill(windowStrength, 0);
        Arrays.fill(windowHot, false);
        for (int i = 0; i < counts.length && w < windows.length && i < seen; i++) {
            int slot = Math.floorMod(head - i, counts.length);
            x += counts[slot];
            expected += expectations[slot];
            if (windows[w] != i + 1) {
                continue;
            }
            long n = Math.round(Math.max(0, x));
            int b = windows[w];
            boolean unlearned = settled && !baseline.monthDaysLearned(end - b * bucketMillis, end);
            DayFactor day = !unlearned ? DayFactor.LEARNED : sinceMidnight > b
                    ? DayFactor.of(newestCount[sinceMidnight] - newestCount[b],
                            newestForecast[sinceMidnight] - newestForecast[b])
                    : DayFactor.of(0, 0);
            double mu = Math.max(expected * day.factor(), 1e-9);
            DispersionEstimate estimate = unlearned ? dayDispersion[w] : dispersion[w];
            double r = config.surgeEstimateDispersion ? day.widen(estimate.dispersion()) : config.surgeDispersion;
            // Until the weekly profile is complete the expectation is rougher: assume more over-dispersion.
            SurgeTest.Outcome o = SurgeTest.judge(config, tests, n, mu, history >= config.surgeWarmup ? r : r / 4, episodeOpen);
            windowHot[w] = o.verdict() == SurgeTest.Verdict.HOT;
            windowStrength[w] = switch (options.budgetRanks()) {
                case EVIDENCE -> o.logP();
                case RATIO -> windowHot[w] ? -n / mu : 0;
                case EXCESS -> mu - n; // defined hot or not, so every length has a bar once there are N episodes
            };
            if (SurgeTest.stronger(o, best) || best == SurgeTest.Outcome.NORMAL && o.verdict() == SurgeTest.Verdict.NORMAL
                    && evidence(n, mu, o) > evidence(bestX, bestExpected, best)) {
                best = o;
                bestX = n;
                bestExpected = mu;
            }
            (unlearned ? dispersion[w] : dayDispersion[w]).skip(); // the other estimate fades as usual
            if (episodeOpen) {
                estimate.skip();
            } else {
                estimate.learn(n, mu);
            }
            w++;
        }
        boolean hot = best.verdict() == SurgeTest.Verdict.HOT;
        double pScore = TailProbabilities.score(best.logP());
        if (hot && !episodeOpen) {
            episodeOpen = true;
            normalRun = 0;
            System.arraycopy(windowStrength, 0, episodePeak, 0, windows.length);
            if (episodeEnd != Long.MIN_VALUE && now - episodeEnd < options.quietAfter()) {
                // Soon after an episode: the same one again, whose alert is only updated.
                episodeAlarmed = true;
                return evidence(bestX, bestExpected, best);
            }
            episodeStart = now;
            budgetBars();
            episodeAlarmed = outranksBars();
            return episodeAlarmed ? alarmScore(pScore) : evidence(bestX, bestExpected, best);
        }
        if (episodeOpen) { // an open episode's alert is only updated: no new detection
            for (int k = 0; k < windows.length; k++) {
                episodePeak[k] = Math.min(episodePeak[k], windowStrength[k]);
            }
            normalRun = best.verdict() == SurgeTest.Verdict.NORMAL ? normalRun + 1 : 0;
            if (!episodeAlarmed && hot && outranksBars()) { // it has outgrown the budget's bar
                episodeAlarmed = true;
                return alarmScore(pScore);
            }
            episodeOpen = normalRun < resolveJudgements;
            if (!episodeOpen) {
                episodeEnd = now;
                if (options.budgetAlarms() > 0) {
                    double[] past = new double[1 + windows.length];
                    past[0] = episodeStart;
                    System.arraycopy(episodePeak, 0, past, 1, windows.length);
                    pastEpisodes.addLast(past);
                }
            }
        }
        return evidence(bestX, bestExpected, best);
    }

    /**
     * Per window length, the strength (Options.budgetRanks; ln p by default) a new episode must go below to alarm
     * (Options.budgetAlarms): the budget-th least of that window's peaks over the episodes that began within the
     * horizon, so a sharp spike is ranked against recent spikes and a long rise against recent long rises; 0 (no bar
     * beyond the test's own) while there are fewer of them, or without a budget.
     */
    private void budgetBars() {
        int budget = options.budgetAlarms();
        while (!pastEpisodes.isEmpty() && pastEpisodes.peekFirst()[0] < now - options.budgetHorizon()) {
            pastEpisodes.removeFirst();
        }
        if (options.budgetOverUnion()) {
            return; // the union budget places the pool itself (fewerPlacedAbove); no per-length bars
        }
        for (int w = 0; w < windows.length; w++) {
            episodeBar[w] = 0;
            if (budget == 0 || pastEpisodes.size() < budget) {
                continue;
            }
            PriorityQueue<Double> strongest = new PriorityQueue<>(); // the budget greatest -strength, least at the head
            for (double[] e : pastEpisodes) {
                strongest.add(-e[1 + w]);
                if (strongest.size() > budget) {
                    strongest.poll();
                }
            }
            episodeBar[w] = -strongest.peek();
        }
    }

    /**
     * True when some window length is hot now and beyond its bar (per length, or the union's). Called only on a hot
     * judgement, so the union's placing needs no check of its own that some length is hot.
     */
    private boolean outranksBars() {
        if (options.budgetOverUnion()) {
            return fewerPlacedAbove();
        }
        for (int w = 0; w < windows.length; w++) {
            if (windowHot[w] && windowStrength[w] < episodeBar[w]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The union budget (Options.budgetOverUnion): true when fewer than budgetAlarms of the recent episodes are placed
     * above the open one. Each episode of the pool (the recent ones and the open one) gets its rank among the pool at
     * every window length (1 = strongest), sorted ascending; placings compare lexicographically, so a record at any
     * one length places above every episode without one. Under exchangeable bursts the open episode's placing is
     * uniform over the pool whatever the lengths' correlations.
     */
    private boolean fewerPlacedAbove() {
        int budget = options.budgetAlarms();
        int n = pastEpisodes.size();
        if (budget == 0 || n < budget) {
            return true;
        }
        double[][] peaks = new double[n + 1][];
        int i = 0;
        for (double[] e : pastEpisodes) {
            peaks[i++] = Arrays.copyOfRange(e, 1, e.length);
        }
        peaks[n] = episodePeak.clone();
        int[][] placing = new int[n + 1][windows.length];
        for (int w = 0; w < windows.length; w++) {
            for (int a = 0; a <= n; a++) {
                int rank = 1;
                for (int b = 0; b <= n; b++) {
                    if (peaks[b][w] < peaks[a][w]) {
                        rank++;
                    }
                }
                placing[a][w] = rank;
            }
        }
        for (int[] p : placing) {
            Arrays.sort(p);
        }
        int above = 0;
        for (int a = 0; a < n; a++) {
            if (Arrays.compare(placing[a], placing[n]) < 0 && ++above >= budget) {
                return false;
            }
        }
        return true;
    }

    /** An alarm's score, from 0.5 at the hot threshold up to 1 at twice its strength. */
    private double alarmScore(double pScore) {
        return 0.5 + 0.5 * Math.min(1, (pScore - pScoreThreshold) / pScoreThreshold);
    }

    /** Below the alarm: how far a window is towards hot, in [0, 0.49]. */
    private double evidence(long x, double expected, SurgeTest.Outcome o) {
        double ratio = x / expected;
        double required = config.surgeRequiredRatio(expected);
        return 0.49 * Math.min(1, TailProbabilities.score(o.logP()) / pScoreThreshold) * Math.min(1, ratio / required)
                * Math.min(1, (double) x / config.surgeMinCount);
    }

    @Override
    public double alarmThreshold() {
        return 0.5;
    }

    public long bucketMillis() {
        return bucketMillis;
    }
}
