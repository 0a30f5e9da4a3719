package org.powerhotspots.detect;

/**
 * The COMPLAINT_SURGE baseline and test on one count series (for public benchmark series):
 * a seasonal baseline (level x hour x weekday), the window total against its expectation with
 * a negative-binomial tail, minimum count and ratio. Like the product, it raises one alert per
 * episode: the score reaches 0.5 only on the bucket where an episode opens (the window turns hot);
 * while the episode lasts (hot or still elevated) and until it has been normal for
 * {@code surge.resolveSlides} slides, scores stay below 0.5. Below 0.5 the score grows with the
 * evidence. Decisions start once the baseline has {@code surge.minHistory}; until it has
 * {@code surge.warmup} (a full weekly profile) the test assumes four times the over-dispersion.
 */
public final class SurgeSeriesDetector implements SeriesDetector {
    private final DetectionConfig config;
    private final long bucketMillis;
    private final SeasonalBaseline baseline;
    private final double[] counts;
    private final double[] expectations;
    private final double pScoreThreshold;
    private long seen;
    private int head = -1;
    private double countSum;
    private double expectedSum;
    private long firstBucket = Long.MIN_VALUE;
    private final int resolveBuckets;
    private boolean episodeOpen;
    private int normalRun;
    /** Learned from the series' own forecast errors, as for a province (surge.estimateDispersion). */
    private final DispersionEstimate dispersion;

    /** Buckets of {@code bucketMillis}; a window of {@code windowBuckets} buckets is tested. */
    public SurgeSeriesDetector(DetectionConfig config, long bucketMillis, int windowBuckets) {
        if (windowBuckets <= 0 || bucketMillis <= 0) {
            throw new IllegalArgumentException("bucket width and window must be positive");
        }
        this.config = config;
        this.bucketMillis = bucketMillis;
        this.baseline = new SeasonalBaseline(bucketMillis, config.utcOffsetMillis, config.surgeBaselineHalfLife,
                config.surgeProfileHalfLife);
        this.counts = new double[windowBuckets];
        this.expectations = new double[windowBuckets];
        this.pScoreThreshold = -Math.log10(config.surgePValue);
        this.resolveBuckets = (int) Math.max(1, Math.ceil((double) config.surgeResolveSlides * config.surgeSlide / bucketMillis));
        this.dispersion = new DispersionEstimate(config, Math.pow(2, -(double) bucketMillis / config.surgeProfileHalfLife));
    }

    /** With the configured surge bucket and window. */
    public SurgeSeriesDetector(DetectionConfig config) {
        this(config, config.surgeBucket, (int) (config.surgeWindow / config.surgeBucket));
    }

    @Override
    public double update(long bucketStartMillis, double count) {
        double forecast = baseline.expected(bucketStartMillis);
        head = (head + 1) % counts.length;
        countSum += count - counts[head];
        expectedSum += forecast - expectations[head];
        counts[head] = count;
        expectations[head] = forecast;
        seen++;
        if (firstBucket == Long.MIN_VALUE) {
            firstBucket = bucketStartMillis;
        }
        double score = 0;
        boolean full = seen >= counts.length;
        long history = bucketStartMillis - firstBucket;
        boolean warm = history >= config.surgeMinHistory;
        if (full && warm) {
            long x = Math.round(Math.max(0, countSum));
            double expected = Math.max(expectedSum, 1e-9);
            // Until the weekly profile is complete the expectation is rougher: assume more over-dispersion.
            double r = config.surgeEstimateDispersion ? dispersion.dispersion() : config.surgeDispersion;
            double logP = TailProbabilities.logNegativeBinomialTail(x, expected, history >= config.surgeWarmup ? r : r / 4);
            double pScore = TailProbabilities.score(logP);
            double ratio = x / expected;
            double required = config.surgeRequiredRatio(expected);
            boolean hot = x >= config.surgeMinCount && ratio >= required && pScore >= pScoreThreshold;
            boolean elevated = x > 0 && ratio >= config.surgeResolveRatio && logP <= Math.log(config.surgeResolvePValue);
            double evidence = 0.49 * Math.min(1, pScore / pScoreThreshold) * Math.min(1, ratio / required)
                    * Math.min(1, (double) x / config.surgeMinCount);
            if (hot && !episodeOpen) {
                score = 0.5 + 0.5 * Math.min(1, (pScore - pScoreThreshold) / pScoreThreshold);
                episodeOpen = true;
                normalRun = 0;
            } else {
                score = evidence; // an open episode's alert is only updated: no new detection
                if (episodeOpen) {
                    normalRun = hot || elevated ? 0 : normalRun + 1;
                    episodeOpen = normalRun < resolveBuckets;
                }
            }
            if (episodeOpen) {
                dispersion.skip();
            } else {
                dispersion.learn(x, expected);
            }
            // Neither a surge nor a rise not yet called one may quietly become the normal.
            count = Math.min(count, episodeOpen ? forecast : SeasonalBaseline.robustCap(forecast));
        }
        baseline.update(bucketStartMillis, count);
        return score;
    }

    @Override
    public double alarmThreshold() {
        return 0.5;
    }

    public long bucketMillis() {
        return bucketMillis;
    }
}
