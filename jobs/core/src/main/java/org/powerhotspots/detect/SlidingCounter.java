package org.powerhotspots.detect;

import java.io.Serializable;

/**
 * Event-time counts in a ring of fixed-width buckets covering one sliding window, with a running
 * sum: O(1) per added event and per bucket the window slides, bounded memory, no per-window copy
 * of events (unlike {@code SlidingEventTimeWindows}, which copies each event size/slide times).
 */
public final class SlidingCounter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long bucketMillis;
    private final long[] counts;
    /** Index (time / bucketMillis) of the newest bucket in the ring; Long.MIN_VALUE when empty. */
    private long head = Long.MIN_VALUE;
    private long sum;

    public SlidingCounter(long bucketMillis, int buckets) {
        if (bucketMillis <= 0 || buckets <= 0) {
            throw new IllegalArgumentException("bucket width and count must be positive");
        }
        this.bucketMillis = bucketMillis;
        this.counts = new long[buckets];
    }

    /** Adds {@code n} at event time {@code time}; false if it falls before the window. */
    public boolean add(long time, long n) {
        long k = Math.floorDiv(time, bucketMillis);
        if (head == Long.MIN_VALUE) {
            head = k;
        } else if (k > head) {
            slideTo(k);
        } else if (k <= head - counts.length) {
            return false;
        }
        counts[slot(k)] += n;
        sum += n;
        return true;
    }

    /** Slides the window so that it ends just before {@code endExclusive}. */
    public void advanceTo(long endExclusive) {
        long k = Math.floorDiv(endExclusive - 1, bucketMillis);
        if (head == Long.MIN_VALUE) {
            head = k;
        } else if (k > head) {
            slideTo(k);
        }
    }

    /** The total of the window (after {@link #advanceTo}). */
    public long sum() {
        return sum;
    }

    /** The count of the bucket starting at {@code bucketStart}, 0 if outside the ring. */
    public long bucket(long bucketStart) {
        long k = Math.floorDiv(bucketStart, bucketMillis);
        if (head == Long.MIN_VALUE || k > head || k <= head - counts.length) {
            return 0;
        }
        return counts[slot(k)];
    }

    public boolean isEmpty() {
        return sum == 0;
    }

    public long bucketMillis() {
        return bucketMillis;
    }

    /** Window length in milliseconds. */
    public long windowMillis() {
        return bucketMillis * counts.length;
    }

    private void slideTo(long k) {
        long steps = Math.min(k - head, counts.length);
        for (long i = 1; i <= steps; i++) {
            int s = slot(head + i);
            sum -= counts[s];
            counts[s] = 0;
        }
        head = k;
    }

    private int slot(long k) {
        return (int) Math.floorMod(k, (long) counts.length);
    }
}
