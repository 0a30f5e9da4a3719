package org.powerhotspots.bench.nab;

import org.powerhotspots.detect.SeriesDetector;

/**
 * Scores only the rows where an alert would open: the first row at or above the alarm threshold
 * after a row below it. The other rows of a hot episode are updates of the same alert in the
 * product, so they are held just below the threshold instead of counting as new NAB detections.
 */
public final class AlertOnsetDetector implements SeriesDetector {

    private final SeriesDetector inner;
    private boolean open;

    public AlertOnsetDetector(SeriesDetector inner) {
        this.inner = inner;
    }

    @Override
    public double update(long bucketStartMillis, double count) {
        double score = inner.update(bucketStartMillis, count);
        boolean hot = score >= inner.alarmThreshold();
        double out = hot && !open ? score : Math.min(score, Math.nextDown(inner.alarmThreshold()));
        open = hot;
        return Math.max(0.0, out);
    }

    @Override
    public double alarmThreshold() {
        return inner.alarmThreshold();
    }
}
