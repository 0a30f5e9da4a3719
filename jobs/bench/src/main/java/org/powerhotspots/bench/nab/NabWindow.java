package org.powerhotspots.bench.nab;

/** One labelled anomaly window of a NAB file, both ends inclusive, as row timestamps (epoch millis, UTC). */
public record NabWindow(long startMillis, long endMillis) {
    public NabWindow {
        if (endMillis < startMillis) {
            throw new IllegalArgumentException("window ends before it starts: " + startMillis + ".." + endMillis);
        }
    }
}
