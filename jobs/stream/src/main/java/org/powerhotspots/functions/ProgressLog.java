package org.powerhotspots.functions;

import org.powerhotspots.domain.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line of progress per input and subtask, at most every {@code job.progress-interval}. */
final class ProgressLog {
    private static final Logger LOG = LoggerFactory.getLogger("org.powerhotspots.progress");
    private final long intervalMillis;
    private final String what;
    private final int subtask;
    private long lastLog = System.currentTimeMillis();

    private ProgressLog(String what, int subtask, long intervalMillis) {
        this.what = what;
        this.subtask = subtask;
        this.intervalMillis = intervalMillis;
    }

    /** {@code jobParameters}: the job's global parameters, where the job puts {@code job.progress-interval}. */
    static ProgressLog forSubtask(String what, int subtask, java.util.Map<String, String> jobParameters) {
        String interval = jobParameters == null ? null : jobParameters.get("job.progress-interval");
        return new ProgressLog(what, subtask, interval == null ? 10_000L
                : org.powerhotspots.settings.Durations.parse("job.progress-interval", interval));
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
