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

    /** Window lengths in buckets and their counters: the layout of the state. */
    private final int[] windowBucketCounts;
    private final SlidingCounter[] counters;
    private final ForecastRing forecast;
    // From the settings.
    private double prior;
    private long slide;
    /** Observed and forecast totals per window at the last learned boundary: the same for every topic. */
    private final double[] observed;
    private double[] expected;

    ProvinceVolume(DetectionConfig config) {
        this.windowBucketCounts = SurgeDetector.windowBucketCounts(config);
        this.counters = new SlidingCounter[windowBucketCounts.length];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new SlidingCounter(config.surgeBucket, windowBucketCounts[i]);
        }
        this.forecast = new ForecastRing(config, windowBucketCounts[windowBucketCounts.length - 1]);
        this.observed = new double[windowBucketCounts.length];
        bind(config);
    }

    private void bind(DetectionConfig config) {
        this.prior = config.surgeVolumePrior;
        this.slide = config.surgeSlide;
    }

    org.powerhotspots.schema.state.VolumeState toState() {
        return new org.powerhotspots.schema.state.VolumeState(counters[counters.length - 1].toState(), forecast.toState(), StateLists.ofDoubles(observed),
                expected == null ? null : StateLists.ofDoubles(expected));
    }

    /** A volume bound to {@code config}, filled from state laid out the same way. */
    static ProvinceVolume fromState(DetectionConfig config, org.powerhotspots.schema.state.VolumeState state) {
        ProvinceVolume v = new ProvinceVolume(config);
        for (int i = 0; i < v.counters.length; i++) {
            v.counters[i] = SlidingCounter.fromState(state.getCounter(), config.surgeBucket, v.windowBucketCounts[i]);
        }
        v.forecast.restore(state.getForecast());
        if (state.getObserved().size() == v.observed.length) { // else: recomputed at the next boundary
            StateLists.fill(v.observed, state.getObserved());
            v.expected = state.getExpected() == null ? null : StateLists.toDoubles(state.getExpected());
        }
        return v;
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
        for (int w = 0; w < counters.length; w++) {
            observed[w] = counters[w].sum();
        }
        expected = forecast.warm() ? forecast.expectedPerWindow(boundary, windowBucketCounts) : null;
    }

    boolean isEmpty() {
        return counters[counters.length - 1].isEmpty()
                && forecast.level() * windowBucketCounts[windowBucketCounts.length - 1] < FORGOTTEN;
    }

    /**
     * Per window, how the province's other topics run against their forecast: (observed + prior) /
     * (forecast + prior), where "other" is everything minus this topic's observed count and forecast, so
     * the topic's own rise cannot lift its expectation; as of the boundary last {@link #learn learned}. Null
     * until the volume's baseline is warm.
     */
    double[] factorExcluding(double[] topicObserved, double[] topicExpected) {
        if (expected == null) {
            return null;
        }
        double[] factor = new double[counters.length];
        for (int w = 0; w < counters.length; w++) {
            double others = Math.max(0, observed[w] - topicObserved[w]);
            double othersExpected = Math.max(0, expected[w] - topicExpected[w]);
            double f = (others + prior) / (othersExpected + prior);
            factor[w] = Math.max(1 / MAX_FACTOR, Math.min(MAX_FACTOR, f));
        }
        return factor;
    }
}
