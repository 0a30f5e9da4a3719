package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.LongToDoubleFunction;

/**
 * A seasonal baseline plus the forecast of each bucket of the longest window, as made before that
 * bucket was learned from: a window's expectation must not be raised by the rise it is tested for.
 */
final class ForecastRing implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Bucket width and ring length: the layout of the state. */
    private final long bucket;
    private final int buckets;
    /** surge.warmup. */
    private final long warmup;
    private final SeasonalBaseline baseline;
    private final double[] forecasts;
    private final long[] forecastBuckets;
    private long learnedUpTo = Long.MIN_VALUE;

    ForecastRing(DetectionConfig config, int buckets) {
        this.bucket = config.surgeBucket;
        this.buckets = buckets;
        this.baseline = new SeasonalBaseline(config.surgeBucket, config.utcOffsetMillis,
                config.surgeBaselineHalfLife, config.surgeProfileHalfLife);
        this.forecasts = new double[buckets];
        this.forecastBuckets = new long[buckets];
        Arrays.fill(forecastBuckets, Long.MIN_VALUE);
        this.warmup = config.surgeWarmup;
    }

    org.powerhotspots.schema.state.ForecastState toState() {
        return new org.powerhotspots.schema.state.ForecastState(baseline.toState(), StateLists.ofDoubles(forecasts),
                StateLists.ofLongs(forecastBuckets), learnedUpTo);
    }

    /** Fills this (freshly made, bound) ring from state; a ring of another length (a changed window) re-lays. */
    void restore(org.powerhotspots.schema.state.ForecastState state) {
        baseline.restore(state.getBaseline());
        java.util.List<Long> ks = state.getForecastBuckets();
        for (int i = 0; i < ks.size(); i++) {
            long k = ks.get(i);
            int slot = (int) Math.floorMod(k, (long) buckets);
            if (k != Long.MIN_VALUE && (forecastBuckets[slot] == Long.MIN_VALUE || forecastBuckets[slot] < k)) {
                forecastBuckets[slot] = k;
                forecasts[slot] = state.getForecasts().get(i);
            }
        }
        learnedUpTo = state.getLearnedUpTo();
    }

    /** How long the baseline has learned. */
    long history() {
        return baseline.history();
    }

    /** True once the baseline has learned for surge.warmup. */
    boolean warm() {
        return baseline.history() >= warmup;
    }

    /** True when every day of the month the window of {@code buckets} ending at {@code boundary} touches is learned. */
    boolean monthDaysLearned(long boundary, int buckets) {
        return baseline.monthDaysLearned(boundary - buckets * bucket, boundary);
    }

    /** The baseline's deseasonalised level per bucket (0 when it has learned nothing). */
    double level() {
        return baseline.level();
    }

    /**
     * Learns the closed buckets before {@code boundary} from {@code count}. While {@code holdBack} (an
     * incident is open) a bucket teaches no more than its forecast, so a surge does not become the new
     * normal; once warm, no more than a robust cap, so neither does a rise before it is called. The day of
     * the month learns the uncapped count (see {@link SeasonalBaseline#update(long, double, double)}).
     */
    void learn(long boundary, long slide, LongToDoubleFunction count, boolean holdBack) {
        long from = learnedUpTo == Long.MIN_VALUE ? boundary - slide : learnedUpTo;
        from = Math.max(from, boundary - buckets * bucket); // the ring holds no more than one window
        for (long b = from; b < boundary; b += bucket) {
            double raw = count.applyAsDouble(b);
            double observed = raw;
            double expected = baseline.expected(b);
            long k = Math.floorDiv(b, bucket);
            int slot = (int) Math.floorMod(k, (long) buckets);
            forecasts[slot] = expected;
            forecastBuckets[slot] = k;
            if (holdBack && baseline.level() > 0) {
                observed = Math.min(observed, expected);
            } else if (warm()) {
                observed = Math.min(observed, SeasonalBaseline.robustCap(expected));
            }
            baseline.update(b, observed, raw);
        }
        learnedUpTo = boundary;
    }

    /** The expected total of each window (lengths in buckets, ascending) ending at {@code boundary}. */
    double[] expectedPerWindow(long boundary, int[] windowBucketCounts) {
        double[] out = new double[windowBucketCounts.length];
        double total = 0;
        int w = 0;
        for (int i = 1; i <= buckets && w < out.length; i++) {
            long start = boundary - i * bucket;
            long k = Math.floorDiv(start, bucket);
            int slot = (int) Math.floorMod(k, (long) buckets);
            total += forecastBuckets[slot] == k ? forecasts[slot] : baseline.expected(start);
            while (w < out.length && windowBucketCounts[w] == i) {
                out[w++] = total;
            }
        }
        return out;
    }
}
