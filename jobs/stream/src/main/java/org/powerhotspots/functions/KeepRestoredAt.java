package org.powerhotspots.functions;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.powerhotspots.records.OutageEvent;

/**
 * Keyed by outage id, in front of the outage documents: an outage arrives at its start and again with
 * {@code restored_at}, and the two may arrive in either order. Without this, a start message that arrives after
 * the restore would overwrite the document and erase {@code restored_at}. Keeps one long per outage, for 60 days.
 */
public final class KeepRestoredAt extends KeyedProcessFunction<String, OutageEvent, OutageEvent> {
    private static final long serialVersionUID = 1L;
    /** Longer than any outage lasts and than the detectors' windows. */
    static final Duration STATE_TTL = Duration.ofDays(60);

    private transient ValueState<Long> restoredAt;

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("restored-at", Types.LONG);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(STATE_TTL)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        restoredAt = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(OutageEvent outage, Context ctx, Collector<OutageEvent> out) throws Exception {
        Long known = restoredAt.value();
        if (outage.restoredAt != null) {
            if (known == null || !known.equals(outage.restoredAt)) {
                restoredAt.update(outage.restoredAt);
            }
        } else if (known != null) {
            OutageEvent merged = copy(outage);
            merged.restoredAt = known;
            outage = merged;
        }
        out.collect(outage);
    }

    private static OutageEvent copy(OutageEvent o) {
        OutageEvent c = new OutageEvent();
        c.outageId = o.outageId;
        c.kind = o.kind;
        c.startedAt = o.startedAt;
        c.restoredAt = o.restoredAt;
        c.regionCode = o.regionCode;
        c.feederId = o.feederId;
        c.stationAreaId = o.stationAreaId;
        c.customersAffected = o.customersAffected;
        c.notifiedInAdvance = o.notifiedInAdvance;
        c.cause = o.cause;
        return c;
    }
}
