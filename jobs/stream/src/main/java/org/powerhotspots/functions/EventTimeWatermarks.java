package org.powerhotspots.functions;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.powerhotspots.records.Decoded;

/** Bounded out-of-orderness over valid records only: a dead letter's bogus time never moves event time. */
public final class EventTimeWatermarks implements WatermarkGenerator<Decoded> {
    private final long outOfOrderness;
    private long maxSeen;

    private EventTimeWatermarks(long outOfOrderness) {
        this.outOfOrderness = outOfOrderness;
        this.maxSeen = Long.MIN_VALUE + outOfOrderness + 1;
    }

    /** The strategy of every input: timestamps from the record, idleness so a quiet partition does not stall. */
    public static WatermarkStrategy<Decoded> strategy(Duration outOfOrderness, Duration idleness) {
        WatermarkStrategy<Decoded> s = WatermarkStrategy
                .<Decoded>forGenerator(ctx -> new EventTimeWatermarks(outOfOrderness.toMillis()))
                .withTimestampAssigner((d, previous) -> d.isDead() ? previous : d.eventTime());
        return idleness.isZero() ? s : s.withIdleness(idleness);
    }

    @Override
    public void onEvent(Decoded event, long eventTimestamp, WatermarkOutput output) {
        if (!event.isDead()) {
            maxSeen = Math.max(maxSeen, event.eventTime());
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(maxSeen - outOfOrderness - 1));
    }
}
