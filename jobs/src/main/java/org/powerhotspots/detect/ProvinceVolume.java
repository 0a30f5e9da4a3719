package org.powerhotspots.detect;

import java.io.Serializable;

/**
 * Every complaint of one province, whatever its topic, counted in the surge windows and forecast
 * like a topic. A day can be busy or quiet for everything at once (weather, news, a holiday); how
 * the other topics run against their forecast is that common factor, and a topic's own forecast is
 * scaled by it. What remains is the topic's own rise (its share of the province's complaints jumps:
 * the space-time permutation idea applied to topics).
 */
final class ProvinceVolume implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double FORGOTTEN = 0.01;
    /** A factor is never taken further from 1 than this: one odd day must not silence or flood a topic. */
    private static final double MAX_FACTOR = 2.0;

    private final int[] windowBucketCounts;
    private final SlidingCounter[] counters;
    private final ForecastRing forecast;
    private final double prior;
    private final long slide;

    ProvinceVolume(DetectionConfig config) {
        this.windowBucketCounts = SurgeDetector.windowBucketCounts(config);
        this.counters = new SlidingCounter[windowBucketCounts.length];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new SlidingCounter(config.surgeBucket, windowBucketCounts[i]);
        }
        this.forecast = new ForecastRing(config, windowBucketCounts[windowBucketCounts.length - 1]);
        this.prior = config.surgeVolumePrior;
        this.slide = config.surgeSlide;
    }

    void add(long time) {
        for (SlidingCounter c : counters) {
            c.add(time, 1);
        }
    }

    /** Closes the buckets before {@code boundary} and learns them. */
    void learn(long boundary) {
        for (SlidingCounter c : counters) {
            c.advanceTo(boundary);
        }
        SlidingCounter longest = counters[counters.length - 1];
        forecast.learn(boundary, slide, longest::bucket, false);
    }

    boolean isEmpty() {
        return counters[counters.length - 1].isEmpty()
                && forecast.level() * windowBucketCounts[windowBucketCounts.length - 1] < FORGOTTEN;
    }

    /**
     * Per window, how the province's other topics run against their forecast: (observed + prior) /
     * (forecast + prior), where "other" is everything minus this topic's observed count and forecast, so
     * the topic's own rise cannot lift its expectation. Null until the volume's baseline is warm.
     */
    double[] factorExcluding(long boundary, double[] topicObserved, double[] topicExpected) {
        if (!forecast.warm()) {
            return null;
        }
        double[] expected = forecast.expectedPerWindow(boundary, windowBucketCounts);
        double[] factor = new double[counters.length];
        for (int w = 0; w < counters.length; w++) {
            double others = Math.max(0, counters[w].sum() - topicObserved[w]);
            double othersExpected = Math.max(0, expected[w] - topicExpected[w]);
            double f = (others + prior) / (othersExpected + prior);
            factor[w] = Math.max(1 / MAX_FACTOR, Math.min(MAX_FACTOR, f));
        }
        return factor;
    }
}
