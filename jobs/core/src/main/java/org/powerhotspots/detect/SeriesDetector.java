package org.powerhotspots.detect;

/**
 * One count series (e.g. complaints of one topic in one region, per bucket) scored online,
 * bucket by bucket in time order. Used to run the surge core on public benchmark series.
 */
public interface SeriesDetector {
    /**
     * Feeds the count of the bucket starting at {@code bucketStartMillis} and returns an
     * anomaly score in [0, 1]; the detector alarms when the score reaches {@link #alarmThreshold()}.
     */
    double update(long bucketStartMillis, double count);

    /** The score at or above which this detector would raise an alert. */
    double alarmThreshold();
}
