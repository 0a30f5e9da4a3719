package org.powerhotspots.detect;

/**
 * The COMPLAINT_SURGE baseline and test on one count series (for public benchmark series):
 * a seasonal baseline (level x hour x weekday), the window total against its expectation with
 * a negative-binomial tail, minimum count and ratio. Scores at or above 0.5 are exactly the
 * windows the surge rule would call hot; below, the score grows with the evidence.
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
        boolean warm = bucketStartMillis - firstBucket >= config.surgeWarmup;
        if (full && warm) {
            long x = Math.round(Math.max(0, countSum));
            double expected = Math.max(expectedSum, 1e-9);
            double logP = TailProbabilities.logNegativeBinomialTail(x, expected, config.surgeDispersion);
            double pScore = TailProbabilities.score(logP);
            double ratio = x / expected;
            boolean hot = x >= config.surgeMinCount && ratio >= config.surgeMinRatio && pScore >= pScoreThreshold;
            if (hot) {
                score = 0.5 + 0.5 * Math.min(1, (pScore - pScoreThreshold) / pScoreThreshold);
            } else {
                score = 0.49 * Math.min(1, pScore / pScoreThreshold) * Math.min(1, ratio / config.surgeMinRatio)
                        * Math.min(1, (double) x / config.surgeMinCount);
            }
            // Neither a surge nor a rise not yet called one may quietly become the normal.
            count = Math.min(count, hot ? forecast : SeasonalBaseline.robustCap(forecast));
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
