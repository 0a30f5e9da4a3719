package org.powerhotspots.backfill;

import java.util.concurrent.atomic.LongAdder;

/**
 * Records and bytes read by the file readers of this JVM. The backfill runs Flink embedded, so its
 * client thread can print progress from these; on a remote cluster they stay at zero.
 */
public final class BackfillProgress {
    private static final LongAdder RECORDS = new LongAdder();
    private static final LongAdder BYTES = new LongAdder();

    private BackfillProgress() {}

    static void recordRead() {
        RECORDS.increment();
    }

    static void bytesRead(long n) {
        BYTES.add(n);
    }

    public static long records() {
        return RECORDS.sum();
    }

    public static long bytes() {
        return BYTES.sum();
    }

    static void reset() {
        RECORDS.reset();
        BYTES.reset();
    }
}
