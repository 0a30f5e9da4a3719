package org.powerhotspots.functions;

import org.powerhotspots.io.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line of progress per input and subtask, at most every {@link #intervalMillis}. */
final class ProgressLog {
    private static final Logger LOG = LoggerFactory.getLogger("org.powerhotspots.progress");
    static long intervalMillis = Long.getLong("hotspot.progress.interval.ms", 10_000L);
    private final String what;
    private final int subtask;
    private long lastLog = System.currentTimeMillis();

    private ProgressLog(String what, int subtask) {
        this.what = what;
        this.subtask = subtask;
    }

    static ProgressLog forSubtask(String what, int subtask) {
        return new ProgressLog(what, subtask);
    }

    void maybeLog(long in, long dead, long watermark) {
        long now = System.currentTimeMillis();
        if (now - lastLog >= intervalMillis) {
            lastLog = now;
            LOG.info("progress {}#{}: {} read, {} dead-lettered, event time {}", what, subtask, in, dead,
                    watermark == Long.MIN_VALUE ? "-" : Times.iso(watermark));
        }
    }
}
