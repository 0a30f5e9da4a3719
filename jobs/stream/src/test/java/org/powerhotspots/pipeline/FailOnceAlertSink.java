package org.powerhotspots.pipeline;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.powerhotspots.detect.HotspotAlert;

/**
 * Collects alerts in this JVM and fails the job once, on the first alert after a checkpoint has
 * completed, so the job must restore from that checkpoint mid-stream. The writer's second flush
 * means the first checkpoint completed: at most one checkpoint is in flight at a time, so the
 * second is only triggered once the first is done (failing on the first flush would often fail
 * that checkpoint and restart from nothing, which proves much less).
 */
final class FailOnceAlertSink implements Sink<HotspotAlert> {
    private static final long serialVersionUID = 1L;
    static final List<HotspotAlert> RECEIVED = new CopyOnWriteArrayList<>();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger CHECKPOINTS_BEFORE_FAILURE = new AtomicInteger();

    static void reset() {
        RECEIVED.clear();
        FAILED.set(false);
        CHECKPOINTS_BEFORE_FAILURE.set(0);
    }

    @Override
    public SinkWriter<HotspotAlert> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            int flushes;

            @Override
            public void write(HotspotAlert alert, Context ctx) {
                if (flushes >= 2 && FAILED.compareAndSet(false, true)) {
                    CHECKPOINTS_BEFORE_FAILURE.set(flushes);
                    throw new IllegalStateException("injected failure after a checkpoint, mid-stream");
                }
                RECEIVED.add(alert);
            }

            @Override
            public void flush(boolean endOfInput) {
                // Called on every checkpoint.
                flushes++;
            }

            @Override
            public void close() {}
        };
    }
}
