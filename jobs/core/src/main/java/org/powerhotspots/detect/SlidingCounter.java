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

    /**
     * The totals of the newest {@code lengths[i]} buckets (ascending lengths, each at most the ring's): every
     * window a scan tests, in one pass over the ring (after {@link #advanceTo}).
     */
    public long[] suffixSums(int[] lengths) {
        long[] out = new long[lengths.length];
        if (sum == 0 || head == Long.MIN_VALUE) {
            return out;
        }
        long total = 0;
        int w = 0;
        for (int i = 0; i < counts.length && w < lengths.length; i++) {
            total += counts[slot(head - i)];
            while (w < lengths.length && lengths[w] == i + 1) {
                out[w++] = total;
            }
        }
        return out;
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

    /** The counter as state data; an empty window is written the same whatever its position (nothing changed). */
    public org.powerhotspots.schema.state.CounterState toState() {
        java.util.List<Long> ring = new java.util.ArrayList<>(sum == 0 ? 0 : counts.length);
        if (sum != 0) {
            for (long c : counts) {
                ring.add(c);
            }
        }
        return new org.powerhotspots.schema.state.CounterState(bucketMillis, sum == 0 ? Long.MIN_VALUE : head, ring);
    }

    /**
     * A counter of {@code buckets} buckets of {@code bucketMillis} filled from state: the newest buckets of the
     * state's ring, so a window made shorter or longer by the settings re-lays (a longer one starts with the buckets
     * the state had). An empty window restores as a counter that never counted: records before the detector's clock
     * are refused before they reach it, so its position does not matter. The bucket width must be the state's.
     */
    public static SlidingCounter fromState(org.powerhotspots.schema.state.CounterState state, long bucketMillis,
            int buckets) {
        BufferedDetector.requireSameLayout(state.getBucketMillis() == bucketMillis, "a bucket width");
        SlidingCounter c = new SlidingCounter(bucketMillis, buckets);
        java.util.List<Long> ring = state.getCounts();
        if (!ring.isEmpty()) {
            long len = ring.size();
            c.head = state.getHead();
            for (long k = c.head - Math.min(len, buckets) + 1; k <= c.head; k++) {
                long n = ring.get((int) Math.floorMod(k, len));
                c.counts[c.slot(k)] = n;
                c.sum += n;
            }
        }
        return c;
    }

    private int slot(long k) {
        return (int) Math.floorMod(k, (long) counts.length);
    }
}
